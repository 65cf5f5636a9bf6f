// The environment's actions: deploy, roll back (confirmed, naming both
// revisions), freeze / thaw, promote (when the server has canary steps),
// delete (with or without terminating tasks). Every outcome is shown; a
// server error is shown exactly as the server wrote it.

import { useEffect, useRef, useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import { EnvironmentStatusViewSchema, type EnvironmentStatusView } from "../../../../gen/blox/v1/environment_pb.js";
import { callOptionalRpc, Code, ConnectError, errorText, hasRpc, type Api, type ErrorText } from "../api.js";
import type { Action } from "../model/permissions.js";

export interface ActionsProps {
  api: Api;
  view: EnvironmentStatusView;
  /** Every revision number of the environment, ascending. */
  revisions: readonly bigint[];
  allowed: ReadonlySet<Action>;
  /** The server refused `action` with PERMISSION_DENIED. */
  onDenied: (action: Action) => void;
  /** Something changed (refresh what is not streamed). */
  onDone: () => void;
  /** The environment is Deleting or Deleted: nothing can be done. */
  disabled: boolean;
}

type Outcome = { ok: string } | { error: ErrorText; action: string } | undefined;

/** True when the status reports canary steps waiting for a promote (fields a newer API adds). */
export function canaryAwaitingPromote(view: EnvironmentStatusView): boolean {
  if (!hasRpc("promoteEnvironment")) return false;
  const record = view as unknown as Record<string, unknown>;
  return EnvironmentStatusViewSchema.fields.some((f) => {
    if (!/canary|step/i.test(f.name)) return false;
    const v = record[f.localName];
    if (Array.isArray(v)) return v.length > 0;
    return v !== undefined && v !== null && v !== false && v !== 0 && v !== 0n && v !== "";
  });
}

function ConfirmDialog(props: { title: string; children: ComponentChildren; confirm: string; onConfirm: () => void; onClose: () => void; danger?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="confirm-title" onClose={props.onClose}>
      <h2 id="confirm-title">{props.title}</h2>
      {props.children}
      <div class="dialog-buttons">
        <button type="button" onClick={() => ref.current?.close()}>
          Cancel
        </button>
        <button
          type="button"
          class={props.danger ? "danger" : "primary"}
          onClick={() => {
            props.onConfirm();
            ref.current?.close();
          }}
        >
          {props.confirm}
        </button>
      </div>
    </dialog>
  );
}

export function Actions(props: ActionsProps) {
  const { api, view, revisions, allowed } = props;
  const name = view.environmentName;
  const target = view.targetRevision;
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const [deployRev, setDeployRev] = useState<string>("");
  const [rollbackRev, setRollbackRev] = useState<string>("");
  const [confirm, setConfirm] = useState<"rollback" | "delete" | undefined>();
  const [terminateTasks, setTerminateTasks] = useState(false);

  const older = revisions.filter((r) => target > 0n && r < target);
  const latest = revisions[revisions.length - 1];
  const deployChoice = deployRev !== "" ? BigInt(deployRev) : latest;
  const rollbackChoice = rollbackRev !== "" ? BigInt(rollbackRev) : older[older.length - 1];

  async function run(action: Action, label: string, call: () => Promise<string>) {
    setBusy(true);
    setOutcome(undefined);
    try {
      setOutcome({ ok: await call() });
      props.onDone();
    } catch (err) {
      if (ConnectError.from(err).code === Code.PermissionDenied) props.onDenied(action);
      setOutcome({ error: errorText(err), action: label });
    } finally {
      setBusy(false);
    }
  }

  const off = busy || props.disabled;
  return (
    <section class="actions" aria-label="Actions">
      {allowed.has("deploy") && (
        <div class="action">
          <label>
            Revision{" "}
            <select value={deployChoice === undefined ? "" : String(deployChoice)} onChange={(e) => setDeployRev(e.currentTarget.value)} disabled={off}>
              {[...revisions].reverse().map((r) => (
                <option key={String(r)} value={String(r)}>
                  {String(r)}
                  {r === target ? " (target)" : ""}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            class="primary"
            disabled={off || deployChoice === undefined}
            onClick={() =>
              run("deploy", `Deploy revision ${deployChoice}`, async () => {
                const r = await api.deployEnvironment({ environmentName: name, revision: deployChoice! });
                return `Deploying revision ${deployChoice} (deployment ${r.deploymentId}).`;
              })
            }
          >
            Deploy
          </button>
        </div>
      )}
      {allowed.has("rollback") && older.length > 0 && (
        <div class="action">
          <label>
            to{" "}
            <select value={rollbackChoice === undefined ? "" : String(rollbackChoice)} onChange={(e) => setRollbackRev(e.currentTarget.value)} disabled={off}>
              {[...older].reverse().map((r) => (
                <option key={String(r)} value={String(r)}>
                  {String(r)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={off || rollbackChoice === undefined} onClick={() => setConfirm("rollback")}>
            Roll back…
          </button>
        </div>
      )}
      {!view.frozen && allowed.has("freeze") && (
        <button
          type="button"
          disabled={off}
          onClick={() =>
            run("freeze", "Freeze", async () => {
              await api.freezeEnvironment({ environmentName: name });
              return "Frozen: no task is started or stopped until you thaw it.";
            })
          }
        >
          ❄ Freeze
        </button>
      )}
      {view.frozen && allowed.has("thaw") && (
        <button
          type="button"
          disabled={off}
          onClick={() =>
            run("thaw", "Thaw", async () => {
              await api.thawEnvironment({ environmentName: name });
              return "Thawed.";
            })
          }
        >
          Thaw
        </button>
      )}
      {allowed.has("promote") && canaryAwaitingPromote(view) && (
        <button
          type="button"
          class="primary"
          disabled={off}
          onClick={() =>
            run("promote", "Promote", async () => {
              await callOptionalRpc(api, "promoteEnvironment", { environmentName: name });
              return "Promoted to the next step.";
            })
          }
        >
          Promote
        </button>
      )}
      {allowed.has("delete") && (
        <button type="button" class="danger" disabled={off} onClick={() => setConfirm("delete")}>
          Delete…
        </button>
      )}
      <div class="outcome" aria-live="polite">
        {outcome && "ok" in outcome && <p class="ok">{outcome.ok}</p>}
        {outcome && "error" in outcome && (
          <p class="error" role="alert" data-testid="action-error">
            {outcome.action} failed: {outcome.error.code && <code>{outcome.error.code}</code>} <span class="server-text">{outcome.error.message}</span>
          </p>
        )}
      </div>
      {confirm === "rollback" && rollbackChoice !== undefined && (
        <ConfirmDialog
          title="Roll back?"
          confirm={`Roll back to revision ${rollbackChoice}`}
          onClose={() => setConfirm(undefined)}
          onConfirm={() =>
            run("rollback", `Roll back to revision ${rollbackChoice}`, async () => {
              const r = await api.deployEnvironment({ environmentName: name, revision: rollbackChoice, rollback: true });
              return `Rolling back from revision ${target} to revision ${rollbackChoice} (deployment ${r.deploymentId}).`;
            })
          }
        >
          <p>
            Roll <strong>{name}</strong> back from revision <strong>{String(target)}</strong> to revision <strong>{String(rollbackChoice)}</strong>, with the rollback configuration of
            revision {String(target)}?
          </p>
        </ConfirmDialog>
      )}
      {confirm === "delete" && (
        <ConfirmDialog
          title={`Delete ${name}?`}
          confirm="Delete"
          danger
          onClose={() => setConfirm(undefined)}
          onConfirm={() =>
            run("delete", "Delete", async () => {
              await api.deleteEnvironment({ environmentName: name, terminateTasks });
              return terminateTasks ? "Deleting: its tasks are being terminated." : "Deleting: its tasks keep running.";
            })
          }
        >
          <p>The environment stops being managed. This cannot be undone.</p>
          <label>
            <input type="checkbox" checked={terminateTasks} onChange={(e) => setTerminateTasks(e.currentTarget.checked)} /> Also terminate its tasks
          </label>
        </ConfirmDialog>
      )}
    </section>
  );
}

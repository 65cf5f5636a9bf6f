// The decision logic of `blox wait-environment`, as a pure reducer over the
// watch stream: given what has been seen so far and the next message, keep
// waiting or stop with an exit code and a message. No I/O, no clock: the
// command feeds messages in and handles timeout and connection loss itself.
//
// Rules (until Active, the default):
//   - The awaited revision is --revision if given, else the target revision of
//     the first status that has one. A later deploy that moves the target away
//     from it (or a target newer than it) ends the wait with SUPERSEDED (7): a
//     pipeline must not report success for someone else's deploy. A target
//     older than --revision that never was it means "not deployed yet": wait.
//   - Deleting / Deleted ends with SUPERSEDED (7).
//   - Frozen: keep waiting (a thaw may come); --timeout bounds it. A frozen
//     environment whose awaited revision's row is Active counts as success.
//   - Failing (environment status or a Failing condition) ends with FAILING (3).
//   - Stuck (environment status or a Stuck condition on any revision) ends with STUCK (4).
//   - Success (0) when the awaited revision is the target, the environment is
//     Active and that revision's row is Active (when the row is present).
// until Deleted: success once the environment is Deleted; Failing/Stuck end it as above.

import {
  ConditionType,
  EnvironmentStatus,
  RevisionStatus,
  type Condition,
  type EnvironmentStatusView,
  type WatchEnvironmentStatusResponse,
} from "../../gen/blox/v1/environment_pb.js";
import { EXIT } from "./exit-codes.js";
import { environmentStatusName, revisionStatusName } from "./format/names.js";

export type WaitUntil = "Active" | "Deleted";
export const WAIT_UNTIL: readonly WaitUntil[] = ["Active", "Deleted"];

export interface WaitOptions {
  until: WaitUntil;
  /** The revision to wait for; default: the target when the wait starts. */
  revision?: bigint;
}

export interface WaitState {
  /** The revision being waited for, once known. */
  revision?: bigint;
  /** The awaited revision has been the target at some point. */
  seenTarget?: boolean;
  /** Last progress line reported, to report only changes. */
  lastProgress?: string;
}

export type WaitStep =
  | { done: false; state: WaitState; progress?: string }
  | { done: true; state: WaitState; exitCode: number; message: string };

export function initialWaitState(opts: WaitOptions): WaitState {
  return { revision: opts.revision };
}

/** Advances the wait by one stream message. */
export function stepWait(opts: WaitOptions, state: WaitState, msg: WatchEnvironmentStatusResponse): WaitStep {
  const view = msg.status;
  if (!view) return { done: false, state }; // heartbeat
  const name = view.environmentName;
  const st = { ...state };

  if (view.status === EnvironmentStatus.DELETED || view.status === EnvironmentStatus.DELETING) {
    if (opts.until === "Deleted" && view.status === EnvironmentStatus.DELETED) {
      return { done: true, state: st, exitCode: EXIT.OK, message: `${name} is Deleted` };
    }
    if (opts.until === "Active") {
      return {
        done: true,
        state: st,
        exitCode: EXIT.SUPERSEDED,
        message: `${name} is ${environmentStatusName(view.status)}; it will not become Active`,
      };
    }
  }

  if (opts.until === "Active") {
    if (st.revision === undefined && view.targetRevision > 0n) st.revision = view.targetRevision;
    if (view.targetRevision === st.revision) st.seenTarget = true;
    // Moved away after reaching it (a newer deploy or a rollback), or a newer
    // revision than the awaited one is the target. An older target that was
    // never the awaited one just means the deploy has not happened yet.
    const movedAway = st.seenTarget === true && view.targetRevision !== st.revision;
    if (st.revision !== undefined && (movedAway || view.targetRevision > st.revision)) {
      return {
        done: true,
        state: st,
        exitCode: EXIT.SUPERSEDED,
        message: `${name}: the target revision is now ${view.targetRevision} (was waiting for ${st.revision}); another deploy superseded it`,
      };
    }
  }

  if (view.status !== EnvironmentStatus.FROZEN) {
    const failing = findCondition(view, ConditionType.FAILING);
    if (view.status === EnvironmentStatus.FAILING || failing) {
      return { done: true, state: st, exitCode: EXIT.FAILING, message: `${name} is Failing${reasonOf(failing)}` };
    }
    const stuck = findCondition(view, ConditionType.STUCK);
    if (view.status === EnvironmentStatus.STUCK || stuck) {
      return { done: true, state: st, exitCode: EXIT.STUCK, message: `${name} is Stuck${reasonOf(stuck)}` };
    }
  }

  if (opts.until === "Active" && st.revision !== undefined && view.targetRevision === st.revision) {
    const row = view.revisions.find((r) => r.revision === st.revision);
    // Frozen hides Active in the environment status; the revision row still tells.
    const activeEnv = view.status === EnvironmentStatus.ACTIVE && (!row || row.status === RevisionStatus.ACTIVE);
    const activeWhileFrozen = view.status === EnvironmentStatus.FROZEN && row?.status === RevisionStatus.ACTIVE;
    if (activeEnv || activeWhileFrozen) {
      return {
        done: true,
        state: st,
        exitCode: EXIT.OK,
        message: `${name}:${st.revision} is Active (${view.healthy}/${view.total} healthy)`,
      };
    }
  }

  const progress = progressLine(view, st.revision);
  if (progress === st.lastProgress) return { done: false, state: st };
  st.lastProgress = progress;
  return { done: false, state: st, progress };
}

/** Folds a whole sequence of messages: the first terminal step, or the last pending one. */
export function decideWait(opts: WaitOptions, messages: Iterable<WatchEnvironmentStatusResponse>): WaitStep {
  let step: WaitStep = { done: false, state: initialWaitState(opts) };
  for (const m of messages) {
    step = stepWait(opts, step.state, m);
    if (step.done) return step;
  }
  return step;
}

function findCondition(view: EnvironmentStatusView, type: ConditionType): Condition | undefined {
  return view.conditions.find((c) => c.type === type) ?? view.revisions.flatMap((r) => r.conditions).find((c) => c.type === type);
}

function reasonOf(c: Condition | undefined): string {
  return c?.reason ? `: ${c.reason}` : "";
}

function progressLine(view: EnvironmentStatusView, revision: bigint | undefined): string {
  const row = revision !== undefined ? view.revisions.find((r) => r.revision === revision) : undefined;
  const rev = row ? ` revision ${row.revision} ${revisionStatusName(row.status)} ${row.healthy}/${row.total} healthy;` : "";
  const frozen = view.status === EnvironmentStatus.FROZEN ? " (frozen: nothing moves until thaw-environment)" : "";
  const clusterError = findCondition(view, ConditionType.CLUSTER_ERROR);
  const error = clusterError ? `; cluster error: ${clusterError.reason}` : "";
  return `${view.environmentName}: ${environmentStatusName(view.status)};${rev} outdated ${view.outdated}${frozen}${error}`;
}

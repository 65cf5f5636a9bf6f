// The tables of `describe-environment-status --all`: the environment line and one row per revision.

import type { EnvironmentStatusView } from "../../../../gen/blox/v1/environment_pb.js";
import { environmentDisplayStatus, revisionDisplayStatus } from "../../../cli/format/names.js";
import { revisionName, visibleRevisions } from "../../../cli/format/status.js";
import { StatusBadge } from "./status-badge.js";

export function EnvironmentLine(props: { view: EnvironmentStatusView }) {
  const v = props.view;
  return (
    <table class="table" aria-label="Environment status">
      <thead>
        <tr>
          <th scope="col">ENVIRONMENT</th>
          <th scope="col">{v.targetRevision === 0n ? "ACTIVE REVISION" : "TARGET REVISION"}</th>
          <th scope="col">STATUS</th>
          <th scope="col" class="num">OUTDATED</th>
          <th scope="col" class="num">DESIRED</th>
          <th scope="col" class="num">HEALTHY</th>
          <th scope="col" class="num">TOTAL</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">{v.environmentName}</th>
          <td>{v.targetRevision === 0n ? "N/A" : String(v.targetRevision)}</td>
          <td data-testid="environment-status">
            <StatusBadge status={environmentDisplayStatus(v.status, v.conditions)} />
          </td>
          <td class="num">{v.outdated}</td>
          <td class="num">{v.desired}</td>
          <td class="num">{v.healthy}</td>
          <td class="num">{v.total}</td>
        </tr>
      </tbody>
    </table>
  );
}

export function RevisionTable(props: { view: EnvironmentStatusView }) {
  const v = props.view;
  const rows = visibleRevisions(v, true);
  return (
    <table class="table" aria-label="Revisions" data-testid="revision-table">
      <thead>
        <tr>
          <th scope="col">REVISION</th>
          <th scope="col">STATUS</th>
          <th scope="col" class="num">DESIRED</th>
          <th scope="col" class="num">HEALTHY</th>
          <th scope="col" class="num">TOTAL</th>
          <th scope="col">TASK DEFINITION</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={6}>No revisions.</td>
          </tr>
        )}
        {rows.map((r) => (
          <tr key={String(r.revision)} class={r.revision === v.targetRevision ? "target" : ""}>
            <th scope="row">{revisionName(v.environmentName, r.revision)}</th>
            <td>
              <StatusBadge status={revisionDisplayStatus(r)} />
            </td>
            <td class="num">{r.desired}</td>
            <td class="num">{r.healthy}</td>
            <td class="num">{r.total}</td>
            <td>
              <code>{r.taskDefinition}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

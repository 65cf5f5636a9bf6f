import type { Condition, EnvironmentStatusView } from "../../../../gen/blox/v1/environment_pb.js";
import { conditionName } from "../../../cli/format/names.js";
import { formatTime } from "../../../cli/format/time.js";

function rows(view: EnvironmentStatusView): { where: string; c: Condition }[] {
  const out = view.conditions.map((c) => ({ where: "environment", c }));
  for (const r of view.revisions) for (const c of r.conditions) out.push({ where: `revision ${r.revision}`, c });
  return out;
}

/** Stuck / Failing / ClusterError conditions with the server's reasons. */
export function Conditions(props: { view: EnvironmentStatusView }) {
  const list = rows(props.view);
  if (list.length === 0) return <p class="muted">No conditions.</p>;
  return (
    <ul class="conditions" aria-label="Conditions">
      {list.map(({ where, c }, i) => (
        <li key={i}>
          <strong>{conditionName(c.type)}</strong> ({where}, since {formatTime(c.since)}): <span class="server-text">{c.reason}</span>
        </li>
      ))}
    </ul>
  );
}

// The per-instance view (Appendix A of the doc): one row per container
// instance, with the task of each revision on it and its state.
//
//   INSTANCE              STATUS    IN GROUP  TASKS
//   i-0a1b2c3d            ACTIVE    yes       v1 ● terminating  v2 ✔ running
//   i-0a1b2c3e            ACTIVE    yes       v1 ✔ running      v2 ● pending
//
// Each revision has its own aligned slot in TASKS, so a revision's tasks line
// up under each other.
//
// With color (a TTY without NO_COLOR) states get the doc's legend glyphs:
// ● pending (blue), ✔ running (green), ● terminating (red), ⊘ stopped (gray),
// and ▲ for a running task that is not healthy (yellow). Without color the same
// cells read `v1:terminating  v2:running`, plain ASCII.

import {
  RevisionStatus,
  TaskState,
  type EnvironmentStatusView,
  type InstanceStatusView,
  type InstanceTaskView,
} from "../../../gen/blox/v1/environment_pb.js";
import { taskStateName } from "./names.js";
import { PLAIN, paint, visibleWidth, type Paint, type Style } from "./style.js";
import { renderTable } from "./table.js";

export const INSTANCE_COLUMNS = [
  { header: "INSTANCE", width: 22 },
  { header: "STATUS", width: 10 },
  { header: "IN GROUP", width: 10 },
  { header: "TASKS", width: 5 },
];

/** The short name of an instance: its EC2 id, else the id at the end of its ARN. */
export function instanceLabel(i: InstanceStatusView): string {
  if (i.ec2InstanceId) return i.ec2InstanceId;
  const arn = i.containerInstanceArn;
  return arn.slice(arn.lastIndexOf("/") + 1) || arn || "?";
}

/** What a task cell says: its state, or `unhealthy` for a running task failing its health check. */
export function taskLabel(t: InstanceTaskView): string {
  return t.state === TaskState.RUNNING && !t.healthy ? "unhealthy" : taskStateName(t.state);
}

const GLYPH: Record<string, [string, Paint]> = {
  pending: ["●", "blue"],
  running: ["✔", "green"],
  unhealthy: ["▲", "yellow"],
  terminating: ["●", "red"],
  stopped: ["⊘", "gray"],
  unknown: ["?", "gray"],
};

export function taskCell(t: InstanceTaskView, style: Style): string {
  const label = taskLabel(t);
  const rev = t.revision === 0n ? "v?" : `v${t.revision}`;
  if (!style.color) return `${rev}:${label}`;
  const [glyph, color] = GLYPH[label] ?? GLYPH.unknown;
  const text = `${rev} ${paint(style, color, glyph)} ${label}`;
  return label === "stopped" ? paint(style, "dim", text) : text;
}

/** Tasks in a stable order: by revision, then live before stopped. */
function orderedTasks(tasks: InstanceTaskView[]): InstanceTaskView[] {
  const rank = (t: InstanceTaskView) => (t.state === TaskState.STOPPED ? 1 : 0);
  return [...tasks].sort((a, b) => Number(a.revision - b.revision) || rank(a) - rank(b));
}

/** One line: `8 instances (5 in group) · tasks: 5 running, 2 pending, 1 terminating`. */
export function instanceSummary(instances: InstanceStatusView[]): string {
  const counts = new Map<string, number>();
  for (const i of instances) for (const t of i.tasks) counts.set(taskLabel(t), (counts.get(taskLabel(t)) ?? 0) + 1);
  const order = ["running", "unhealthy", "pending", "terminating", "stopped", "unknown"];
  const parts = order.filter((k) => counts.has(k)).map((k) => `${counts.get(k)} ${k}`);
  const inGroup = instances.filter((i) => i.inGroup).length;
  const n = instances.length;
  return `${n} instance${n === 1 ? "" : "s"} (${inGroup} in group); tasks: ${parts.length ? parts.join(", ") : "none"}`;
}

/**
 * The TASKS cells of all rows, one aligned slot per revision, so that the v2
 * tasks line up under each other whatever state the v1 task is in.
 */
export function taskCells(instances: InstanceStatusView[], style: Style): string[] {
  const revisions = [...new Set(instances.flatMap((i) => i.tasks.map((t) => t.revision)))].sort((a, b) => Number(a - b));
  const slots = instances.map((i) =>
    revisions.map((rev) =>
      orderedTasks(i.tasks.filter((t) => t.revision === rev))
        .map((t) => taskCell(t, style))
        .join(" "),
    ),
  );
  const widths = revisions.map((_, k) => Math.max(0, ...slots.map((row) => visibleWidth(row[k]))));
  return slots.map((row) => {
    if (row.every((c) => c === "")) return paint(style, "dim", "-");
    return row
      .map((cell, k) => cell + " ".repeat(widths[k] - visibleWidth(cell)))
      .join("  ")
      .trimEnd();
  });
}

/**
 * Instances with the tasks worth showing: stopped tasks only of revisions the
 * revision table shows (without --all, Inactive revisions' leftovers would bury
 * the rollout in progress). Without `all` the server sends no row for an
 * Inactive revision, so "shown" means "has a row that is not Inactive".
 */
export function shownInstances(view: EnvironmentStatusView, all: boolean): InstanceStatusView[] {
  if (all) return view.instances;
  const shown = new Set(view.revisions.filter((r) => r.status !== RevisionStatus.INACTIVE).map((r) => r.revision));
  return view.instances.map((i) => ({
    ...i,
    tasks: i.tasks.filter((t) => t.state !== TaskState.STOPPED || shown.has(t.revision)),
  }));
}

export function formatInstanceTable(view: EnvironmentStatusView, style: Style = PLAIN, opts: { all?: boolean } = {}): string[] {
  if (view.instances.length === 0) return ["No container instances in the cluster view."];
  const instances = shownInstances(view, opts.all ?? false);
  const tasks = taskCells(instances, style);
  const rows = instances.map((i, n) => [
    instanceLabel(i),
    i.instanceStatus === "ACTIVE" ? i.instanceStatus : paint(style, "yellow", i.instanceStatus || "-"),
    i.inGroup ? "yes" : paint(style, "dim", "no"),
    tasks[n],
  ]);
  return [...renderTable(INSTANCE_COLUMNS, rows), "", instanceSummary(instances)];
}

// The per-instance grid's model: one cell per container instance with its
// tasks (revision and state), whether it is joining, leaving or draining, the
// canvas layout and its hit test, and the doc-style description of what
// changed between two moments ("Running 1; Terminate 3").

import { TaskState, type InstanceStatusView, type InstanceTaskView } from "../../../../gen/blox/v1/environment_pb.js";
import { instanceLabel, taskLabel } from "../../../cli/format/instances.js";
import { TASK_LEGEND, type CellState } from "./legend.js";

/** How an instance relates to the environment's instance group. */
export type Membership = "member" | "joining" | "leaving" | "draining" | "outside";

export interface CellTask {
  revision: number;
  state: CellState;
}

export interface GridCell {
  /** Stable identity: the container instance ARN. */
  key: string;
  /** EC2 id (or the ARN's tail). */
  label: string;
  membership: Membership;
  /** By revision, oldest first (as the server sends them). */
  tasks: CellTask[];
}

const LIVE = new Set<TaskState>([TaskState.PENDING, TaskState.RUNNING, TaskState.TERMINATING]);

function cellState(t: InstanceTaskView, failed: ReadonlySet<string>): CellState {
  if (t.state === TaskState.STOPPED && failed.has(t.taskArn)) return "failed";
  const label = taskLabel(t);
  return label in TASK_LEGEND ? (label as CellState) : "unknown";
}

export function membershipOf(i: InstanceStatusView): Membership {
  const live = i.tasks.some((t) => LIVE.has(t.state));
  if (i.instanceStatus === "DRAINING") return "draining";
  if (!i.inGroup) return live ? "leaving" : "outside";
  return live ? "member" : "joining";
}

/** `failed`: ARNs of tasks that stopped on their own (see failed-tasks.ts). */
export function gridCells(instances: readonly InstanceStatusView[], failed: ReadonlySet<string> = new Set()): GridCell[] {
  return instances.map((i) => ({
    key: i.containerInstanceArn,
    label: instanceLabel(i),
    membership: membershipOf(i),
    tasks: i.tasks.map((t) => ({ revision: Number(t.revision), state: cellState(t, failed) })),
  }));
}

/** "i-0abc: v1 terminated, v2 pending; joining" — the cell for screen readers and tooltips. */
export function describeCell(cell: GridCell): string {
  const tasks = cell.tasks.length === 0 ? "no task" : cell.tasks.map((t) => `v${t.revision} ${TASK_LEGEND[t.state].label}`).join(", ");
  return `${cell.label}: ${tasks}${cell.membership === "member" ? "" : `; ${cell.membership}`}`;
}

/** "5 instances: 3 running, 2 pending" (task states of every cell, newest task per cell). */
export function summarizeCells(cells: readonly GridCell[]): string {
  const counts = new Map<string, number>();
  for (const c of cells) {
    const last = c.tasks[c.tasks.length - 1];
    const key = last ? `v${last.revision} ${TASK_LEGEND[last.state].label}` : "no task";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} ${k}`);
  return `${cells.length} instance${cells.length === 1 ? "" : "s"}${parts.length ? `: ${parts.join(", ")}` : ""}`;
}

export interface GridLayout {
  columns: number;
  rows: number;
  cellWidth: number;
  cellHeight: number;
  gap: number;
  width: number;
  height: number;
}

export function gridLayout(count: number, availableWidth: number, cellWidth = 76, cellHeight = 40, gap = 4): GridLayout {
  const columns = Math.max(1, Math.floor((availableWidth + gap) / (cellWidth + gap)));
  const rows = Math.ceil(count / columns);
  return {
    columns,
    rows,
    cellWidth,
    cellHeight,
    gap,
    width: columns * (cellWidth + gap) - gap,
    height: Math.max(0, rows * (cellHeight + gap) - gap),
  };
}

/** Top-left corner of cell `index`. */
export function cellOrigin(layout: GridLayout, index: number): { x: number; y: number } {
  return {
    x: (index % layout.columns) * (layout.cellWidth + layout.gap),
    y: Math.floor(index / layout.columns) * (layout.cellHeight + layout.gap),
  };
}

/** Index of the cell under (x, y), undefined in a gap or past the last cell. */
export function cellAt(layout: GridLayout, count: number, x: number, y: number): number | undefined {
  if (x < 0 || y < 0) return undefined;
  const col = Math.floor(x / (layout.cellWidth + layout.gap));
  const row = Math.floor(y / (layout.cellHeight + layout.gap));
  if (col >= layout.columns || x - col * (layout.cellWidth + layout.gap) >= layout.cellWidth) return undefined;
  if (y - row * (layout.cellHeight + layout.gap) >= layout.cellHeight) return undefined;
  const index = row * layout.columns + col;
  return index < count ? index : undefined;
}

/** Keyboard movement in the grid: arrows, Home/End (row), PageUp/PageDown (`page` rows). */
export function moveFocus(index: number, key: string, layout: GridLayout, count: number, page = 5): number {
  if (count === 0) return 0;
  const col = index % layout.columns;
  let next = index;
  switch (key) {
    case "ArrowRight":
      next = index + 1;
      break;
    case "ArrowLeft":
      next = index - 1;
      break;
    case "ArrowDown":
      next = index + layout.columns;
      break;
    case "ArrowUp":
      next = index - layout.columns;
      break;
    case "Home":
      next = index - col;
      break;
    case "End":
      next = index - col + layout.columns - 1;
      break;
    case "PageDown":
      next = index + page * layout.columns;
      break;
    case "PageUp":
      next = index - page * layout.columns;
      break;
  }
  return Math.min(count - 1, Math.max(0, next));
}

const VERB: Partial<Record<CellState, string>> = {
  pending: "Start",
  running: "Running",
  terminating: "Terminate",
  stopped: "Terminated",
  failed: "Failed",
  unhealthy: "Unhealthy",
};

/**
 * What changed from `before` to `after`, in the words of the doc's T tables:
 * "Terminated 1; Start 1, 6". Instances are numbered by their position in
 * `numbering` (1-based), tasks matched by instance and revision.
 */
export function describeTransitions(before: readonly GridCell[], after: readonly GridCell[], numbering: readonly string[]): string {
  const index = new Map(numbering.map((key, i) => [key, i + 1]));
  const prev = new Map(before.map((c) => [c.key, new Map(c.tasks.map((t) => [t.revision, t.state]))]));
  const byVerb = new Map<string, number[]>();
  for (const cell of after) {
    const n = index.get(cell.key);
    if (n === undefined) continue;
    const old = prev.get(cell.key);
    for (const t of cell.tasks) {
      if (old?.get(t.revision) === t.state) continue;
      const verb = VERB[t.state];
      if (!verb) continue;
      const list = byVerb.get(verb) ?? [];
      if (!list.includes(n)) list.push(n);
      byVerb.set(verb, list);
    }
  }
  const order = ["Failed", "Terminated", "Running", "Unhealthy", "Terminate", "Start"];
  return order
    .filter((v) => byVerb.has(v))
    .map((v) => `${v} ${byVerb.get(v)!.sort((a, b) => a - b).join(", ")}`)
    .join("; ");
}

// The rollout as the page saw it, one frame per status change, for the
// scrubber: like the doc's T=0…11 tables, each frame holds the grid, the
// revision table, the events of that moment and what changed ("Running 1;
// Terminate 3"). The server keeps no per-instance history, so the replay
// starts when the page opened.

import type { EnvironmentEvent, EnvironmentStatusView } from "../../../../gen/blox/v1/environment_pb.js";
import { describeTransitions, gridCells, type GridCell } from "./grid-model.js";

export interface ReplayFrame {
  /** T in the doc's tables: 0 for the first frame the page saw. */
  t: number;
  sequence: bigint;
  /** Milliseconds since the epoch. */
  time: number;
  status: EnvironmentStatusView;
  cells: GridCell[];
  events: EnvironmentEvent[];
  /** The cell changes since the frame before, in the doc's words; "" for none. */
  change: string;
}

export interface FrameInput {
  sequence: bigint;
  time: number;
  status: EnvironmentStatusView;
  events: readonly EnvironmentEvent[];
  /** ARNs of the tasks known to have failed so far. */
  failed?: ReadonlySet<string>;
}

/** Cells kept across all frames before the oldest frames are dropped (bounds memory at 1,000+ instances). */
export const REPLAY_CELL_BUDGET = 200_000;

function signature(status: EnvironmentStatusView, cells: readonly GridCell[]): string {
  const revs = status.revisions.map((r) => `${r.revision}:${r.status}:${r.desired}:${r.healthy}:${r.total}`).join(",");
  const grid = cells.map((c) => `${c.key}|${c.membership}|${c.tasks.map((t) => `${t.revision}${t.state}`).join("")}`).join(";");
  return `${status.status}/${status.frozen}/${status.targetRevision}/${revs}/${grid}`;
}

const signatures = new WeakMap<ReplayFrame, string>();

/**
 * `frames` with `input` appended, when it changes anything (status, counts,
 * grid) or carries events; the same array otherwise. Oldest frames go first
 * once the cell budget is spent (at least 2 frames stay).
 */
export function appendFrame(frames: readonly ReplayFrame[], input: FrameInput, budget = REPLAY_CELL_BUDGET): readonly ReplayFrame[] {
  const cells = gridCells(input.status.instances, input.failed);
  const sig = signature(input.status, cells);
  const last = frames[frames.length - 1];
  if (last && signatures.get(last) === sig && input.events.length === 0) return frames;
  const frame: ReplayFrame = {
    t: last ? last.t + 1 : 0,
    sequence: input.sequence,
    time: input.time,
    status: input.status,
    cells,
    events: [...input.events],
    change: last ? describeTransitions(last.cells, cells, cells.map((c) => c.key)) : "",
  };
  signatures.set(frame, sig);
  const keep = Math.max(2, Math.floor(budget / Math.max(1, cells.length)));
  const next = [...frames, frame];
  return next.length > keep ? next.slice(next.length - keep) : next;
}

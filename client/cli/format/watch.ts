// The live view of watch-environment-status: the doc's tables with a progress
// bar per revision (HEALTHY/TOTAL), conditions, optionally the instances, and
// the latest events underneath. Pure: a frame is a function of what the stream
// delivered so far; the command only decides when to redraw.

import type { EnvironmentEvent, EnvironmentStatusView, RevisionStatusView } from "../../../gen/blox/v1/environment_pb.js";
import { formatInstanceTable } from "./instances.js";
import { eventTypeName } from "./names.js";
import { conditionLines, environmentTableLines, revisionName, revisionTableLines } from "./status.js";
import { PLAIN, paint, type Style } from "./style.js";
import { formatClock, formatTime } from "./time.js";

export interface WatchFrameInput {
  view: EnvironmentStatusView | undefined;
  /** Last sequence received. */
  sequence: bigint;
  /** Time of the last status change. */
  time?: EnvironmentStatusView["observedAt"];
  /** Latest events, oldest first (the frame shows the last `maxEvents`). */
  events: EnvironmentEvent[];
  /** Connection state line: live, or reconnecting after a drop. */
  connection: "live" | "reconnecting" | "connecting";
  /** The last message was a coalesced snapshot (the watcher fell behind). */
  coalesced?: boolean;
  all?: boolean;
  instances?: boolean;
  maxEvents?: number;
  barWidth?: number;
  /** Terminal size: when given, the frame is cut to fit (fewer events, then fewer instance rows; no wrapped lines). */
  columns?: number;
  rows?: number;
}

/** `[██████░░░░]  3/5` (Unicode) or `[######----]  3/5` (ASCII). */
export function progressBar(healthy: number, total: number, width: number, style: Style): string {
  const frac = total > 0 ? Math.min(1, healthy / total) : 0;
  const filled = Math.round(frac * width);
  const [on, off] = style.color ? ["█", "░"] : ["#", "-"];
  const bar = paint(style, healthy >= total ? "green" : "cyan", on.repeat(filled)) + paint(style, "gray", off.repeat(width - filled));
  return `[${bar}]  ${healthy}/${total}`;
}

/**
 * PROGRESS cell of a revision row: a bar towards TOTAL, or what is left to
 * drain. "Left" is DESIRED (tasks not told to stop yet), as in the DESIRED
 * column beside it; tasks told to stop and still running are "stopping".
 */
export function progressCell(r: RevisionStatusView, width: number, style: Style): string {
  if (r.total > 0) return progressBar(r.healthy, r.total, width, style);
  if (r.tasks === 0) return "";
  const left = Math.min(r.desired, r.tasks);
  const stopping = r.tasks - left;
  const parts = [left > 0 ? `${left} task${left === 1 ? "" : "s"} left` : "", stopping > 0 ? `${stopping} stopping` : ""].filter(Boolean);
  return `draining, ${parts.join(", ")}`;
}

/** Event lines with the sequence, type and revision columns aligned. */
export function eventLines(events: EnvironmentEvent[], environmentName: string): string[] {
  const rows = events.map((e) => [
    formatClock(e.time),
    `#${e.sequence}`,
    eventTypeName(e.type),
    e.revision > 0n ? revisionName(environmentName, e.revision) : "",
    e.message,
  ]);
  const widths = [0, 1, 2, 3].map((k) => Math.max(0, ...rows.map((r) => r[k].length)));
  return rows.map((r) => r.map((c, k) => (k < 4 ? c.padEnd(widths[k]) : c)).join("  ").trimEnd());
}

export function formatWatchFrame(input: WatchFrameInput, style: Style = PLAIN): string {
  const { view } = input;
  const conn =
    input.connection === "live"
      ? paint(style, "green", "live")
      : paint(style, "yellow", input.connection === "reconnecting" ? "reconnecting…" : "connecting…");
  if (!view) return `Waiting for the first status… (${conn})`;
  const head = [
    paint(style, "bold", view.environmentName),
    `seq ${input.sequence}`,
    `updated ${formatTime(input.time ?? view.observedAt)}`,
    conn,
  ];
  if (input.coalesced) head.push(paint(style, "yellow", "caught up (skipped intermediate updates)"));
  const width = input.barWidth ?? 20;
  const blocks: string[][] = [
    [head.join("  ")],
    environmentTableLines(view, style),
    revisionTableLines(view, {
      all: input.all,
      style,
      extra: { header: "PROGRESS", width: 8, cell: (r) => progressCell(r, width, style) },
    }),
  ];
  const conditions = conditionLines(view, style);
  if (conditions.length) blocks.push(conditions);
  let instanceBlock = input.instances ? formatInstanceTable(view, style, { all: input.all }) : undefined;
  let maxEvents = input.maxEvents ?? 8;
  if (input.rows !== undefined) {
    // Rows left after the tables above, the EVENTS header, blank separators and the cursor line.
    let room = input.rows - blocks.reduce((n, b) => n + b.length + 1, 0) - 2;
    const wantedEvents = Math.min(maxEvents, Math.max(1, input.events.length));
    if (instanceBlock) {
      // Instance rows give way first (keeping a few), so the latest events stay visible.
      const budget = Math.max(3, room - 1 - wantedEvents);
      if (instanceBlock.length > budget) {
        const hidden = instanceBlock.length - budget + 1;
        instanceBlock = [...instanceBlock.slice(0, budget - 1), paint(style, "dim", `… ${hidden} more rows (describe-environment-status --instances shows all)`)];
      }
      room -= instanceBlock.length + 1;
    }
    maxEvents = Math.max(1, Math.min(maxEvents, room));
  }
  if (instanceBlock) blocks.push(instanceBlock);
  let events = eventLines(input.events.slice(-maxEvents), view.environmentName);
  if (input.columns !== undefined) {
    const width = input.columns;
    events = events.map((l) => (l.length > width ? `${l.slice(0, Math.max(1, width - 1))}…` : l));
  }
  blocks.push([paint(style, "bold", "EVENTS"), ...(events.length ? events : [paint(style, "dim", "(none yet)")])]);
  return blocks.map((b) => b.join("\n")).join("\n\n");
}

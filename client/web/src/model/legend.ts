// Colours and symbols. The palette is Okabe–Ito (distinct under the common
// colour-vision deficiencies) and every state also has its own symbol and
// text, so colour never carries a state alone. Task symbols follow the design
// doc's Appendix A legend: pending (blue circle), running (check mark),
// terminating (red circle), terminated (no entry).

export type CellState = "pending" | "running" | "unhealthy" | "terminating" | "stopped" | "failed" | "unknown";

export interface LegendEntry {
  label: string;
  symbol: string;
  colour: string;
  /** Text drawn on `colour`. */
  ink: string;
}

export const TASK_LEGEND: Readonly<Record<CellState, LegendEntry>> = {
  pending: { label: "pending", symbol: "○", colour: "#56B4E9", ink: "#000000" },
  running: { label: "running", symbol: "✓", colour: "#009E73", ink: "#ffffff" },
  unhealthy: { label: "running, not healthy", symbol: "!", colour: "#F0E442", ink: "#000000" },
  terminating: { label: "terminating", symbol: "●", colour: "#D55E00", ink: "#ffffff" },
  stopped: { label: "terminated", symbol: "⊘", colour: "#BBBBBB", ink: "#000000" },
  /** Stopped on its own (non-zero exit, failed start or health check), as the server's TaskFailed event says. */
  failed: { label: "failed", symbol: "✕", colour: "#CC79A7", ink: "#000000" },
  unknown: { label: "unknown", symbol: "?", colour: "#FFFFFF", ink: "#000000" },
};

/** Environment statuses, as the CLI colours them (green, yellow, red, blue), in colour-blind-safe tones. */
export const STATUS_LEGEND: Readonly<Record<string, LegendEntry>> = {
  Active: { label: "Active", symbol: "✓", colour: "#009E73", ink: "#ffffff" },
  Deploying: { label: "Deploying", symbol: "↻", colour: "#E69F00", ink: "#000000" },
  Stuck: { label: "Stuck", symbol: "■", colour: "#D55E00", ink: "#ffffff" },
  Failing: { label: "Failing", symbol: "✕", colour: "#CC3311", ink: "#ffffff" },
  Frozen: { label: "Frozen", symbol: "❄", colour: "#0072B2", ink: "#ffffff" },
  Deleting: { label: "Deleting", symbol: "⌫", colour: "#5D7B9D", ink: "#ffffff" },
  Deleted: { label: "Deleted", symbol: "∅", colour: "#44546A", ink: "#ffffff" },
  Created: { label: "Created", symbol: "·", colour: "#DDDDDD", ink: "#000000" },
  Undeploying: { label: "Undeploying", symbol: "↓", colour: "#F5C26B", ink: "#000000" },
  Reverting: { label: "Reverting", symbol: "↶", colour: "#E69F00", ink: "#000000" },
  Reverted: { label: "Reverted", symbol: "↶", colour: "#DDDDDD", ink: "#000000" },
  Inactive: { label: "Inactive", symbol: "–", colour: "#EEEEEE", ink: "#000000" },
};

export function statusLegend(status: string): LegendEntry {
  return STATUS_LEGEND[status] ?? { label: status, symbol: "?", colour: "#FFFFFF", ink: "#000000" };
}

// Redraws a multi-line frame in place on a terminal: move the cursor back to
// the frame's first line, overwrite each line (clearing its tail), clear what
// is left below. Keeps scrollback intact, unlike clearing the screen; falls
// back to a full clear when the frame is taller than the terminal.

import type { CliOutput } from "./context.js";
import { visibleWidth } from "./format/style.js";

export interface LiveRenderer {
  render(frame: string): void;
  /** Shows the cursor again; the last frame stays on screen. */
  close(): void;
}

/** Terminal rows a frame occupies at `columns` (long lines wrap). */
export function frameRows(frame: string, columns: number): number {
  return frame.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(visibleWidth(line) / Math.max(1, columns))), 0);
}

/** The bytes that replace a frame of `previousRows` rows with `frame`. Pure. */
export function redrawSequence(previousRows: number, frame: string, terminalRows: number): string {
  const body = frame
    .split("\n")
    .map((l) => `${l}\x1b[K`)
    .join("\n");
  if (previousRows === 0) return `${body}\n\x1b[J`;
  if (previousRows >= terminalRows) return `\x1b[H\x1b[2J${body}\n`;
  return `\x1b[${previousRows}A\r${body}\n\x1b[J`;
}

export function createLiveRenderer(out: CliOutput): LiveRenderer {
  let rows = 0;
  let started = false;
  return {
    render(frame) {
      if (!started) {
        out.write("\x1b[?25l");
        started = true;
      }
      out.write(redrawSequence(rows, frame, out.rows ?? 24));
      rows = frameRows(frame, out.columns ?? 80);
    },
    close() {
      if (started) out.write("\x1b[?25h");
    },
  };
}

// How output is decorated: ANSI color and Unicode glyphs on a color terminal,
// plain ASCII otherwise (NO_COLOR, pipes, files). Pure: the caller decides.

export interface Style {
  /** ANSI colors and Unicode glyphs. */
  color: boolean;
}

export const PLAIN: Style = { color: false };
export const COLOR: Style = { color: true };

/** Color when stdout is a TTY and NO_COLOR is unset or empty (https://no-color.org). */
export function styleFor(isTty: boolean, env: Record<string, string | undefined>): Style {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  return { color: isTty && !noColor && env.TERM !== "dumb" };
}

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  cyan: [36, 39],
  gray: [90, 39],
} as const;
export type Paint = keyof typeof CODES;

export function paint(style: Style, how: Paint, text: string): string {
  if (!style.color || text === "") return text;
  const [open, close] = CODES[how];
  return `\x1b[${open}m${text}\x1b[${close}m`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, "");
}

/** Columns a string takes on a terminal (ANSI codes take none; our glyphs take one). */
export function visibleWidth(s: string): number {
  return [...stripAnsi(s)].length;
}

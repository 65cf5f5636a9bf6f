// Column layout of the doc's tables: each column starts where the doc starts
// it, and is widened when a value (plus a two-space gap) does not fit. The last
// column is never padded, so lines carry no trailing blanks.

import { visibleWidth } from "./style.js";

export interface Column {
  header: string;
  /** Width including the gap to the next column, as measured in the doc. */
  width: number;
}

export function renderTable(columns: Column[], rows: string[][]): string[] {
  const widths = columns.map((c, i) => {
    let w = Math.max(c.width, visibleWidth(c.header) + 2);
    for (const row of rows) w = Math.max(w, visibleWidth(row[i] ?? "") + 2);
    return w;
  });
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + " ".repeat(Math.max(0, widths[i] - visibleWidth(cell)))))
      .join("")
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)];
}

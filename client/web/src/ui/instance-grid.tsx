// The per-instance grid on a canvas: one cell per container instance with
// its tasks (symbol, colour and revision), joining / leaving / draining marks,
// keyboard navigation (arrows, Home/End, PageUp/PageDown) announced through a
// live region, and a plain list of the cells for screen readers when there
// are few enough to read.

import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { cellAt, cellOrigin, describeCell, gridLayout, moveFocus, summarizeCells, type GridCell, type GridLayout, type Membership } from "../model/grid-model.js";
import { TASK_LEGEND } from "../model/legend.js";

/** Up to this many cells are also listed as text for assistive technology. */
const LISTED_CELLS = 200;
const TASKS_SHOWN = 2;

export const MEMBERSHIP_MARK: Readonly<Record<Membership, { mark: string; colour: string; label: string }>> = {
  member: { mark: "", colour: "#888888", label: "in the group" },
  joining: { mark: "+", colour: "#0072B2", label: "joining (no task yet)" },
  leaving: { mark: "←", colour: "#D55E00", label: "leaving the group" },
  draining: { mark: "~", colour: "#CC79A7", label: "draining" },
  outside: { mark: "·", colour: "#BBBBBB", label: "outside the group" },
};

/** What a cell looks like: a cell is redrawn only when this changes. */
function cellLook(cell: GridCell, focused: boolean): string {
  return `${cell.label}|${cell.membership}|${cell.tasks.map((t) => `${t.revision}${t.state}`).join(",")}${focused ? "|F" : ""}`;
}

/** What the canvas shows now, so the next draw repaints only the cells that changed. */
export interface DrawnGrid {
  layoutKey: string;
  looks: string[];
}

function drawCell(ctx: CanvasRenderingContext2D, layout: GridLayout, cell: GridCell, i: number, focused: boolean): void {
  const { cellWidth: cw, cellHeight: ch } = layout;
  const { x, y } = cellOrigin(layout, i);
  ctx.clearRect(x, y, cw, ch);
  const m = MEMBERSHIP_MARK[cell.membership];
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(x, y, cw, ch);
  ctx.lineWidth = 1;
  ctx.strokeStyle = m.colour;
  ctx.setLineDash(cell.membership === "member" ? [] : [3, 2]);
  ctx.strokeRect(x + 0.5, y + 0.5, cw - 1, ch - 1);
  ctx.setLineDash([]);
  ctx.fillStyle = "#333333";
  ctx.font = "10px system-ui, sans-serif";
  ctx.textAlign = "left";
  ctx.fillText(cell.label.slice(-9), x + 3, y + 9);
  if (m.mark) {
    ctx.fillStyle = m.colour;
    ctx.font = "bold 11px system-ui, sans-serif";
    ctx.textAlign = "right";
    ctx.fillText(m.mark, x + cw - 3, y + 9);
  }
  const tasks = cell.tasks.slice(-TASKS_SHOWN);
  let tx = x + 3;
  const ty = y + ch - 12;
  if (cell.tasks.length > TASKS_SHOWN) {
    ctx.fillStyle = "#333333";
    ctx.font = "10px system-ui, sans-serif";
    ctx.textAlign = "left";
    ctx.fillText("…", tx, ty);
    tx += 8;
  }
  for (const t of tasks) {
    const l = TASK_LEGEND[t.state];
    ctx.beginPath();
    ctx.arc(tx + 7, ty, 7, 0, Math.PI * 2);
    ctx.fillStyle = l.colour;
    ctx.fill();
    ctx.strokeStyle = "#333333";
    ctx.stroke();
    ctx.fillStyle = l.ink;
    ctx.font = "bold 10px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.fillText(l.symbol, tx + 7, ty + 0.5);
    ctx.fillStyle = "#000000";
    ctx.font = "10px system-ui, sans-serif";
    ctx.textAlign = "left";
    const rev = `v${t.revision}`;
    ctx.fillText(rev, tx + 16, ty);
    tx += 18 + ctx.measureText(rev).width + 3;
  }
  if (focused) {
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#000000";
    ctx.strokeRect(x + 1.5, y + 1.5, cw - 3, ch - 3);
  }
}

function draw(canvas: HTMLCanvasElement, layout: GridLayout, cells: readonly GridCell[], focus: number | undefined, drawn: DrawnGrid | undefined): DrawnGrid | undefined {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, layout.width);
  const h = Math.max(1, layout.height);
  let full = false;
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    canvas.style.width = `${w}px`;
    canvas.style.height = `${h}px`;
    full = true;
  }
  const ctx = canvas.getContext("2d");
  if (!ctx) return undefined;
  const layoutKey = `${layout.columns}x${layout.rows}@${dpr}`;
  if (!drawn || drawn.layoutKey !== layoutKey) full = true;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  if (full) ctx.clearRect(0, 0, w, h);
  ctx.textBaseline = "middle";
  const looks: string[] = new Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const look = cellLook(cells[i]!, i === focus);
    looks[i] = look;
    if (!full && drawn!.looks[i] === look) continue;
    drawCell(ctx, layout, cells[i]!, i, i === focus);
  }
  // Cells that are gone (fewer instances than last time).
  if (!full) {
    for (let i = cells.length; i < drawn!.looks.length; i++) {
      const { x, y } = cellOrigin(layout, i);
      ctx.clearRect(x, y, layout.cellWidth, layout.cellHeight);
    }
  }
  return { layoutKey, looks };
}

export function InstanceGrid(props: { cells: readonly GridCell[]; label: string }) {
  const { cells } = props;
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawn = useRef<DrawnGrid | undefined>(undefined);
  const [width, setWidth] = useState(800);
  const [focus, setFocus] = useState(0);
  const [focused, setFocused] = useState(false);
  const [hover, setHover] = useState<string>("");
  const layout = gridLayout(cells.length, width);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(80, el.clientWidth)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useLayoutEffect(() => {
    if (!canvas.current) return;
    performance.mark("blox:grid-draw:start");
    drawn.current = draw(canvas.current, layout, cells, focused ? Math.min(focus, cells.length - 1) : undefined, drawn.current);
    performance.measure("blox:grid-draw", "blox:grid-draw:start");
  });

  const current = cells[Math.min(focus, cells.length - 1)];
  return (
    <div class="grid-box" ref={box}>
      <canvas
        ref={canvas}
        class="grid-canvas"
        tabIndex={0}
        role="img"
        aria-label={`${props.label}. ${summarizeCells(cells)}. Focus the grid and use the arrow keys to read each instance.`}
        aria-describedby="grid-focus"
        data-testid="instance-grid"
        title={hover}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onKeyDown={(e) => {
          const next = moveFocus(focus, e.key, layout, cells.length);
          if (next !== focus || ["ArrowDown", "ArrowUp", "ArrowLeft", "ArrowRight", "PageUp", "PageDown", "Home", "End"].includes(e.key)) {
            e.preventDefault();
            setFocus(next);
            const { y } = cellOrigin(layout, next);
            const scroller = box.current;
            if (scroller && (y < scroller.scrollTop || y + layout.cellHeight > scroller.scrollTop + scroller.clientHeight)) scroller.scrollTop = y - 8;
          }
        }}
        onMouseMove={(e) => {
          const i = cellAt(layout, cells.length, e.offsetX, e.offsetY);
          setHover(i === undefined ? "" : describeCell(cells[i]!));
        }}
        onClick={(e) => {
          const i = cellAt(layout, cells.length, e.offsetX, e.offsetY);
          if (i !== undefined) setFocus(i);
        }}
      />
      <p id="grid-focus" class="sr-only" aria-live="polite">
        {focused && current ? describeCell(current) : ""}
      </p>
      {cells.length <= LISTED_CELLS && (
        <ul class="sr-only" aria-label="Instances" data-testid="instance-list">
          {cells.map((c) => (
            <li key={c.key} data-instance={c.key} data-membership={c.membership} data-tasks={c.tasks.map((t) => `v${t.revision}:${t.state}`).join(" ")}>
              {describeCell(c)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function GridLegend() {
  return (
    <ul class="legend" aria-label="Legend">
      {Object.entries(TASK_LEGEND)
        .filter(([k]) => k !== "unknown")
        .map(([k, l]) => (
          <li key={k}>
            <span class="chip" style={{ background: l.colour, color: l.ink }} aria-hidden="true">
              {l.symbol}
            </span>{" "}
            {l.label}
          </li>
        ))}
      {(["joining", "leaving", "draining"] as const).map((k) => (
        <li key={k}>
          <span class="mark" style={{ color: MEMBERSHIP_MARK[k].colour, borderColor: MEMBERSHIP_MARK[k].colour }} aria-hidden="true">
            {MEMBERSHIP_MARK[k].mark}
          </span>{" "}
          {MEMBERSHIP_MARK[k].label}
        </li>
      ))}
    </ul>
  );
}

/** The instances joining, leaving or draining, by name. */
export function MembershipChanges(props: { cells: readonly GridCell[] }) {
  const groups = (["joining", "leaving", "draining"] as const).map((k) => ({ k, cells: props.cells.filter((c) => c.membership === k) }));
  if (groups.every((g) => g.cells.length === 0)) return <p class="muted">No instance is joining, leaving or draining.</p>;
  return (
    <dl class="membership" aria-label="Instances joining, leaving or draining">
      {groups
        .filter((g) => g.cells.length > 0)
        .map((g) => (
          <>
            <dt key={`${g.k}-t`}>
              {MEMBERSHIP_MARK[g.k].label} ({g.cells.length})
            </dt>
            <dd key={`${g.k}-d`}>{g.cells.slice(0, 50).map((c) => c.label).join(", ")}{g.cells.length > 50 ? ", …" : ""}</dd>
          </>
        ))}
    </dl>
  );
}

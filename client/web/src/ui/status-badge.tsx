import { statusLegend } from "../model/legend.js";

/** A status with its colour and symbol (the symbol and the word carry it without colour). */
export function StatusBadge(props: { status: string }) {
  const l = statusLegend(props.status);
  return (
    <span class="badge" style={{ background: l.colour, color: l.ink }} data-status={props.status}>
      <span aria-hidden="true">{l.symbol}</span> {props.status}
    </span>
  );
}

/** Share of the fleet healthy on the target revision. */
export function ProgressBar(props: { value: number; total: number; label: string }) {
  const pct = props.total > 0 ? Math.min(100, Math.round((props.value / props.total) * 100)) : 0;
  return (
    <div class="progress" role="progressbar" aria-label={props.label} aria-valuemin={0} aria-valuemax={props.total} aria-valuenow={props.value} aria-valuetext={`${props.value} of ${props.total}`}>
      <div class="progress-fill" style={{ width: `${pct}%` }} />
      <span class="progress-text">
        {props.value}/{props.total}
      </span>
    </div>
  );
}

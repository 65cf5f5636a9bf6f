// Replays the rollout the page has seen, frame by frame, as the doc's T
// tables do: a slider (and the arrow keys on it) picks the moment; the grid
// and the revision table above show that moment; the table lists every
// moment with what changed.

import type { ReplayFrame } from "../model/replay.js";
import { TASK_LEGEND } from "../model/legend.js";
import { eventTypeName } from "../../../cli/format/names.js";

/** Per-instance columns are drawn up to this many instances (as in the doc's tables). */
const TABLE_INSTANCES = 12;

export function Scrubber(props: { frames: readonly ReplayFrame[]; selected: number | undefined; onSelect: (index: number | undefined) => void }) {
  const { frames, selected } = props;
  if (frames.length === 0) return <p class="muted">Waiting for the first status…</p>;
  const index = selected ?? frames.length - 1;
  const frame = frames[index]!;
  const wide = frame.cells.length > TABLE_INSTANCES;
  return (
    <div class="scrubber">
      <div class="scrubber-controls">
        <label for="scrubber-range">
          T={frame.t} <span class="muted">{new Date(frame.time).toISOString().slice(11, 19)}</span>
        </label>
        <input
          id="scrubber-range"
          type="range"
          min={0}
          max={frames.length - 1}
          value={index}
          aria-valuetext={`T=${frame.t}${frame.change ? `: ${frame.change}` : ""}`}
          onInput={(e) => {
            const v = Number(e.currentTarget.value);
            props.onSelect(v === frames.length - 1 ? undefined : v);
          }}
        />
        <button type="button" onClick={() => props.onSelect(undefined)} disabled={selected === undefined} aria-pressed={selected === undefined}>
          Live
        </button>
        {selected !== undefined && <span class="replaying" role="status">Replaying T={frame.t}: the views above show that moment.</span>}
      </div>
      <div class="scrubber-table">
        <table class="table compact" aria-label="Rollout, one row per moment">
          <thead>
            <tr>
              <th scope="col">T</th>
              <th scope="col">Event</th>
              {!wide && frame.cells.map((c, i) => <th scope="col" key={c.key} title={c.label}>i{i + 1}</th>)}
            </tr>
          </thead>
          <tbody>
            {frames.map((f, i) => (
              <tr key={f.t} class={i === index ? "selected" : ""} onClick={() => props.onSelect(i === frames.length - 1 ? undefined : i)}>
                <th scope="row">{f.t}</th>
                <td>
                  {[f.change, ...f.events.map((e) => eventTypeName(e.type))].filter((s) => s !== "").join("; ") || (f.t === 0 ? "(page opened)" : "")}
                </td>
                {!wide &&
                  frame.cells.map((c) => {
                    const cell = f.cells.find((x) => x.key === c.key);
                    return (
                      <td key={c.key} class="cell">
                        {cell?.tasks.map((t, k) => (
                          <span key={k} class="chip" style={{ background: TASK_LEGEND[t.state].colour, color: TASK_LEGEND[t.state].ink }} title={TASK_LEGEND[t.state].label}>
                            {TASK_LEGEND[t.state].symbol}
                            <sub>v{t.revision}</sub>
                          </span>
                        ))}
                      </td>
                    );
                  })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

import type { EnvironmentEvent } from "../../../../gen/blox/v1/environment_pb.js";
import { eventTypeName } from "../../../cli/format/names.js";
import { formatTime } from "../../../cli/format/time.js";

export const eventKey = (e: EnvironmentEvent): string => `${e.sequence}:${e.index}`;

/** Merges `more` into `events` (oldest first), dropping ones already there. */
export function mergeEvents(events: readonly EnvironmentEvent[], more: readonly EnvironmentEvent[]): EnvironmentEvent[] {
  if (more.length === 0) return events as EnvironmentEvent[];
  const seen = new Set(events.map(eventKey));
  const merged = [...events, ...more.filter((e) => !seen.has(eventKey(e)))];
  merged.sort((a, b) => (a.sequence === b.sequence ? a.index - b.index : a.sequence < b.sequence ? -1 : 1));
  return merged;
}

/** The event timeline, newest first. */
export function EventTimeline(props: { events: readonly EnvironmentEvent[]; limit?: number }) {
  const shown = props.events.slice(-(props.limit ?? 200)).reverse();
  if (shown.length === 0) return <p class="muted">No events yet.</p>;
  return (
    <ol class="timeline" aria-label="Event timeline, newest first" data-testid="events">
      {shown.map((e) => (
        <li key={eventKey(e)}>
          <time>{formatTime(e.time)}</time> <strong>{eventTypeName(e.type)}</strong>
          {e.revision > 0n && <span class="muted"> r{String(e.revision)}</span>} <span class="server-text">{e.message}</span>
        </li>
      ))}
    </ol>
  );
}

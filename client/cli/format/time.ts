import type { Timestamp } from "@bufbuild/protobuf/wkt";

/** Epoch ms of a Timestamp; 0 when unset. */
export function timestampMs(t: Timestamp | undefined): number {
  return t ? Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6) : 0;
}

/** RFC 3339 in UTC to the second (`2017-09-06T11:47:23Z`), or `-` when unset. */
export function formatTime(t: Timestamp | undefined): string {
  const ms = timestampMs(t);
  return ms === 0 ? "-" : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Time of day in UTC (`11:47:23`), for the watch view's event list. */
export function formatClock(t: Timestamp | undefined): string {
  const ms = timestampMs(t);
  return ms === 0 ? "--:--:--" : new Date(ms).toISOString().slice(11, 19);
}

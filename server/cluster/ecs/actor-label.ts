// The actor label (`<replica>#<epoch>`, from the scheduler's withActor) as it
// crosses the ECS API: a tag on StartTask and a suffix of the StopTask reason.
// Real ECS just stores both, so what each replica did stays auditable there;
// the local endpoint decodes them into the simulator's action log.

import { STOP_REASON_MAX } from "../../domain/task-naming.js";

/** Tag carrying the actor label on tasks Blox starts. */
export const TAG_ACTOR = "blox:actor";

// ECS tag values allow letters, digits, spaces and _ . : / + - @ (and =,
// which we use as the escape): everything else is written as =XX per UTF-8 byte.
const PLAIN = /[\p{L}\p{N} _.:/+\-@]/u;

/** A label as an ECS tag value: "r1#2" → "r1=232". Reversible with decodeActorTag. */
export function encodeActorTag(label: string): string {
  let out = "";
  for (const ch of label) {
    if (PLAIN.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, "utf8")) out += `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The label encoded by encodeActorTag; a value without escapes is returned as is. */
export function decodeActorTag(value: string): string {
  return value.replace(/(?:=[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/=/g, ""), "hex").toString("utf8"));
}

const SUFFIX = /\s*\[actor ([^\]\s]+)\]$/;

/** `reason` with " [actor LABEL]" appended, the reason cut so that the whole fits ECS's 255 characters. */
export function stopReasonWithActor(reason: string, label: string): string {
  const suffix = ` [actor ${label}]`;
  const room = STOP_REASON_MAX - Array.from(suffix).length;
  if (room < 1) return Array.from(reason).slice(0, STOP_REASON_MAX).join("");
  const chars = Array.from(reason);
  const head = chars.length <= room ? reason : chars.slice(0, room - 1).join("") + "…";
  return head + suffix;
}

/** The label a stop reason carries (see stopReasonWithActor), if any. */
export function actorFromStopReason(reason: string): string | undefined {
  return SUFFIX.exec(reason)?.[1];
}

// ECS naming rules for what Blox writes onto tasks: the startedBy token and
// stop reasons. The scheduler and every backend agree on these without
// storing anything.

import { createHash } from "node:crypto";
import { invalidArgument } from "../errors.js";

/** ECS limit on StartTask.startedBy. */
export const STARTED_BY_MAX = 36;
const STARTED_BY_CHARS = /^[A-Za-z0-9_/-]+$/;
const STARTED_BY_PREFIX = "blox-";

/**
 * The startedBy token Blox puts on every task of an environment, and filters
 * ListTasks by. Readable ("blox-<id>") when the id fits ECS's 36 characters
 * and charset, otherwise "blox-" plus a SHA-256 prefix of the id. Both the
 * scheduler (StartTasksRequest.startedBy) and the ECS backend's listTasks use
 * this, so they agree without storing anything.
 */
export function startedByFor(environmentId: string): string {
  if (!environmentId) throw invalidArgument("environmentId", "must not be empty");
  const readable = STARTED_BY_PREFIX + environmentId;
  if (readable.length <= STARTED_BY_MAX && STARTED_BY_CHARS.test(environmentId)) return readable;
  const digest = createHash("sha256").update(environmentId).digest("hex");
  return STARTED_BY_PREFIX + digest.slice(0, STARTED_BY_MAX - STARTED_BY_PREFIX.length);
}

/** Throws INVALID_ARGUMENT unless `startedBy` is acceptable to ECS. */
export function validateStartedBy(startedBy: string): void {
  if (startedBy.length === 0 || startedBy.length > STARTED_BY_MAX) {
    throw invalidArgument("startedBy", `must be 1-${STARTED_BY_MAX} characters, got ${startedBy.length}`);
  }
  if (!STARTED_BY_CHARS.test(startedBy)) {
    throw invalidArgument("startedBy", `may only hold letters, digits, '-', '_' and '/': ${JSON.stringify(startedBy)}`);
  }
}

/** ECS limit on StopTask.reason. */
export const STOP_REASON_MAX = 255;

/**
 * Truncates a stop reason to what ECS keeps. Counted in UTF-16 units, the
 * stricter reading of "255 characters" (the same as code points for ASCII),
 * and never splitting a surrogate pair.
 */
export function clampStopReason(reason: string): string {
  if (reason.length <= STOP_REASON_MAX) return reason;
  let out = "";
  for (const ch of reason) {
    if (out.length + ch.length > STOP_REASON_MAX - 1) break;
    out += ch;
  }
  return out + "…";
}

/** The reason Blox gives ECS when it stops a task, e.g. "Blox: SomeEnvironment/Prod revision 2 replaced by 3". */
export function stopReasonFor(environmentName: string, revision: number, why: string): string {
  return clampStopReason(`Blox: ${environmentName} revision ${revision} ${why}`);
}

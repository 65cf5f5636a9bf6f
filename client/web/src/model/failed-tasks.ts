// Which stopped tasks failed. The status API says only STOPPED; the server's
// TaskFailed events name the task that stopped on its own (crash, failed
// start, failed health check), so the page marks those cells "failed".

import { EventType, type EnvironmentEvent } from "../../../../gen/blox/v1/environment_pb.js";

const TASK_IN_MESSAGE = /^task (\S+) on /;

/** `known` plus the task ARNs that `events` report as failed (the same set when there are none). */
export function addFailedTasks(known: ReadonlySet<string>, events: readonly EnvironmentEvent[]): ReadonlySet<string> {
  let out: Set<string> | undefined;
  for (const e of events) {
    if (e.type !== EventType.TASK_FAILED) continue;
    const arn = TASK_IN_MESSAGE.exec(e.message)?.[1];
    if (!arn || known.has(arn)) continue;
    out ??= new Set(known);
    out.add(arn);
  }
  return out ?? known;
}

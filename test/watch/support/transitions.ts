// Pure checks over a recorded watch stream: sequence continuity and the
// status trail of each revision and of the environment.

import type { EnvironmentStatus, RevisionStatus, WatchEnvironmentStatusResponse } from "../../../gen/blox/v1/environment_pb.js";
import { WatchMessageKind } from "../../../gen/blox/v1/environment_pb.js";

/** Collapses runs of equal values: [a, a, b, a] → [a, b, a]. */
export function collapse<T>(values: readonly T[]): T[] {
  const out: T[] = [];
  for (const v of values) if (out.length === 0 || out[out.length - 1] !== v) out.push(v);
  return out;
}

/** The statuses a revision went through, in order, over the messages that list it. */
export function revisionTrail(messages: readonly WatchEnvironmentStatusResponse[], revision: number): RevisionStatus[] {
  const seen: RevisionStatus[] = [];
  for (const m of messages) {
    const r = m.status?.revisions.find((x) => Number(x.revision) === revision);
    if (r) seen.push(r.status);
  }
  return collapse(seen);
}

/** The environment's status trail. */
export function environmentTrail(messages: readonly WatchEnvironmentStatusResponse[]): EnvironmentStatus[] {
  return collapse(messages.filter((m) => m.status).map((m) => m.status!.status));
}

/**
 * Problems with the sequence numbers of a stream's non-heartbeat messages:
 * each must be exactly one more than the one before (no duplicate, no gap).
 */
export function sequenceProblems(messages: readonly WatchEnvironmentStatusResponse[]): string[] {
  const problems: string[] = [];
  let prev: bigint | undefined;
  messages.forEach((m, i) => {
    if (m.kind === WatchMessageKind.HEARTBEAT) return;
    if (prev !== undefined && m.sequence !== prev + 1n) {
      problems.push(`message ${i}: sequence ${m.sequence} follows ${prev} (${m.sequence <= prev ? "duplicate or backwards" : "gap"})`);
    }
    prev = m.sequence;
  });
  return problems;
}

/** Revision status changes between consecutive messages: [message index, revision, from, to]. */
export function revisionChanges(
  messages: readonly WatchEnvironmentStatusResponse[],
): { index: number; revision: number; from: RevisionStatus; to: RevisionStatus }[] {
  const out: { index: number; revision: number; from: RevisionStatus; to: RevisionStatus }[] = [];
  for (let i = 1; i < messages.length; i++) {
    const before = messages[i - 1]!.status;
    const after = messages[i]!.status;
    if (!before || !after) continue;
    for (const r of after.revisions) {
      const b = before.revisions.find((x) => x.revision === r.revision);
      if (b && b.status !== r.status) out.push({ index: i, revision: Number(r.revision), from: b.status, to: r.status });
    }
  }
  return out;
}

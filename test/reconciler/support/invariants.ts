import { expect } from "chai";
import { TAG_ENVIRONMENT_ID, TAG_REVISION, type ClusterTask } from "../../../server/domain/cluster.js";
import type { ActionLogEntry } from "../../../server/cluster/simulator/index.js";
import type { Harness } from "./harness.js";

/**
 * Invariant over the action log: never two starts of one revision on one
 * instance while a task of that revision started there is still alive.
 */
export function assertNoDoubleStarts(h: Harness): void {
  const starts = h.sim.actionLog().filter((e: ActionLogEntry) => e.action === "startTasks");
  const all = h.sim.listAllTasks("default");
  const byArn = new Map(all.map((t) => [t.arn, t]));
  const seen = new Map<string, ClusterTask[]>();
  for (const e of starts) {
    for (const arn of e.result?.started ?? []) {
      const t = byArn.get(arn)!;
      const key = `${t.containerInstanceArn}|${t.tags[TAG_ENVIRONMENT_ID]}|${t.tags[TAG_REVISION]}`;
      const earlier = seen.get(key) ?? [];
      for (const prev of earlier) {
        // The earlier one must have stopped before this one was started.
        expect(prev.stoppedAt ?? Infinity, `double start on ${key} at ${e.at}`).to.be.at.most(e.at);
      }
      earlier.push(t);
      seen.set(key, earlier);
    }
  }
}


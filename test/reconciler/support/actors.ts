import { expect } from "chai";
import { TAG_ENVIRONMENT_ID } from "../../../server/domain/cluster.js";
import type { ActionLogEntry } from "../../../server/cluster/simulator/index.js";
import type { Harness } from "./harness.js";

/** The environment id an action concerns (start: its tag; stop: the stopped task's tag). */
export function environmentOf(h: Harness, e: ActionLogEntry): string | undefined {
  if (e.environmentId) return e.environmentId;
  if (e.request) return e.request.tags[TAG_ENVIRONMENT_ID];
  return e.taskArn ? h.sim.getTask("default", e.taskArn)?.tags[TAG_ENVIRONMENT_ID] : undefined;
}

export interface ActorBlock {
  actor: string;
  owner: string;
  epoch: number;
  first: number;
  last: number;
  count: number;
}

/**
 * Per environment id, the actors of the simulator's action log in order.
 * Asserts that they form contiguous blocks (an actor never acts again once
 * another acted on the environment) whose fencing epochs strictly increase:
 * no environment was ever acted on by two replicas at once.
 */
export function actorBlocks(h: Harness): Map<string, ActorBlock[]> {
  const out = new Map<string, ActorBlock[]>();
  for (const e of h.sim.actionLog()) {
    const env = environmentOf(h, e) ?? "?";
    const m = /^(.+)#(\d+)$/.exec(e.actor ?? "");
    expect(m, `action without a <replica>#<epoch> label: ${JSON.stringify(e.actor)}`).to.not.equal(null);
    const [owner, epoch] = [m![1]!, Number(m![2])];
    const blocks = out.get(env) ?? [];
    out.set(env, blocks);
    const top = blocks.at(-1);
    if (top && top.actor === e.actor) {
      top.last = e.at;
      top.count++;
      continue;
    }
    expect(blocks.map((b) => b.actor), `${e.actor} acted on ${env} again (at ${e.at}) after another took over`).not.to.include(e.actor);
    if (top) expect(epoch, `${e.actor} acted on ${env} after ${top.actor}: epochs must increase`).to.be.greaterThan(top.epoch);
    blocks.push({ actor: e.actor!, owner, epoch, first: e.at, last: e.at, count: 1 });
  }
  return out;
}

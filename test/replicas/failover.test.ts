// Two and three server replicas (separate processes) on one store and ONE
// cluster: the ECS-compatible endpoint over the simulator (`npm run ecs-sim`)
// runs as its own process, so the cluster outlives the replicas, and the
// replicas drive it with BLOX_CLUSTER_BACKEND=ecs. In the middle of a rollout
// the replica holding the environment's lease is SIGKILLed; another takes the
// lease within one lease period and completes the rollout.
//
// "At no time do two replicas act on the same environment" is checked on the
// cluster's side: the ECS backend labels every StartTask (tag blox:actor) and
// StopTask (reason suffix) with `<replica>#<epoch>`, the endpoint records the
// label in the simulator's action log, and the test reads that log.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Task } from "@aws-sdk/client-ecs";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { expect } from "chai";
import { EnvironmentService, EnvironmentStatus } from "../../gen/blox/v1/environment_pb.js";
import { TAG_ENVIRONMENT_ID, TAG_REVISION } from "../../server/domain/cluster.js";
import type { ActionLogEntry } from "../../server/cluster/simulator/index.js";
import type { BloxStore, Lease } from "../../server/store/store.js";
import { listAllTasks } from "../support/ecs-tasks.js";
import { startEcsSimProcess, startServerProcess, stopAllProcesses, type EcsSimProcess } from "../support/server-process.js";
import { realEcsClient } from "./support/ecs-client.js";
import { storeParams, type SharedStore } from "./support/stores.js";
import { eventually } from "./support/wait.js";

const ENV = "Replicas/Failover";
const INSTANCES = 20;
const TTL_MS = 2000;
type Blox = Client<typeof EnvironmentService>;

const SIM_CONFIG = `
clusters:
  - name: default
    instances:
      - count: ${INSTANCES}
        attributes: { stack: prod }
latencies: { start: 800ms, stop: 400ms }
`;

/** `<replica>#<epoch>` → its parts. */
function parseActor(label: string | undefined): { owner: string; epoch: number } {
  const m = /^(.+)#(\d+)$/.exec(label ?? "");
  if (!m) throw new Error(`action without a <replica>#<epoch> actor label: ${JSON.stringify(label)}`);
  return { owner: m[1]!, epoch: Number(m[2]) };
}

/**
 * Per environment, the actors in action order form contiguous blocks whose
 * epochs strictly increase: nobody acts again once a newer epoch has acted.
 * Returns the blocks.
 */
function actorBlocks(entries: readonly ActionLogEntry[], environmentId: string): { actor: string; epoch: number; first: number; last: number; count: number }[] {
  const blocks: { actor: string; epoch: number; first: number; last: number; count: number }[] = [];
  for (const e of entries) {
    if (e.environmentId !== environmentId) continue;
    const { epoch } = parseActor(e.actor);
    const top = blocks.at(-1);
    if (top && top.actor === e.actor) {
      top.last = e.at;
      top.count++;
      continue;
    }
    if (top) {
      expect(epoch, `${e.actor} acted (${e.action} at ${e.at}) after ${top.actor}: epochs must strictly increase`).to.be.greaterThan(top.epoch);
    }
    expect(blocks.map((b) => b.actor), `${e.actor} acts again after another actor took over`).not.to.include(e.actor);
    blocks.push({ actor: e.actor!, epoch, first: e.at, last: e.at, count: 1 });
  }
  return blocks;
}

async function fetchActionLog(sim: EcsSimProcess): Promise<ActionLogEntry[]> {
  const res = await fetch(`${sim.endpoint}/_blox/action-log`);
  expect(res.status, "GET /_blox/action-log").to.equal(200);
  const body = (await res.json()) as { entries: ActionLogEntry[] };
  return body.entries;
}

const starts = (log: ActionLogEntry[], environmentId: string, revision: string) =>
  log.filter((e) => e.action === "startTasks" && e.environmentId === environmentId && e.request?.tags[TAG_REVISION] === revision).length;
const stops = (log: ActionLogEntry[], environmentId: string) =>
  log.filter((e) => e.action === "stopTask" && e.environmentId === environmentId).length;

const tagOf = (t: Task, key: string) => t.tags?.find((x) => x.key === key)?.value;

async function leaseOf(store: BloxStore): Promise<Lease | undefined> {
  return (await store.listLeases()).find((l) => l.environmentName === ENV);
}

for (const param of storeParams()) {
  describe(`replicas: failover of the replica driving a rollout, one shared ECS endpoint (${param.name})`, function () {
    this.timeout(60_000);
    let shared: SharedStore | undefined;

    afterEach(async () => {
      await stopAllProcesses();
      await shared?.dispose();
      shared = undefined;
    });

    // Where in the rollout the driver dies: right after it started tasks (still PENDING), or in the middle of a wave.
    const cases = [
      { count: 2, killAfter: "its first StartTask of revision 2", ready: (log: ActionLogEntry[], id: string) => starts(log, id, "2") >= 1 },
      { count: 3, killAfter: "its first StopTask of a revision-1 task", ready: (log: ActionLogEntry[], id: string) => stops(log, id) >= 1 },
    ];
    for (const { count, killAfter, ready } of cases) {
      it(`${count} replicas: SIGKILL the driver after ${killAfter}; another takes over within the lease period and completes it; no two act at once`, async () => {
        shared = await param.create();
        const store = await shared.open();
        const simConfig = join(shared.dir, "sim.yaml");
        writeFileSync(simConfig, SIM_CONFIG);
        const sim = await startEcsSimProcess({ simConfig });
        const env = { ...sim.serverEnv(), BLOX_LEASE_TTL: `${TTL_MS}ms`, BLOX_RESYNC_INTERVAL: "300ms" };
        const ids = Array.from({ length: count }, (_, i) => `r${i + 1}`);
        const replicas = await Promise.all(ids.map((replicaId) => startServerProcess({ replicaId, storeEnv: shared!.env, env })));
        const clients = new Map<string, Blox>(
          ids.map((id, i) => [id, createClient(EnvironmentService, createGrpcTransport({ baseUrl: replicas[i]!.endpoint }))]),
        );
        const ecs = realEcsClient(sim.endpoint);
        try {
          const first = clients.get("r1")!;
          await first.createEnvironment({
            spec: { name: ENV, taskDefinition: "log-daemon:1", cluster: "default", instanceGroup: { query: "attribute:stack == prod" } },
          });
          const environmentId = (await first.listEnvironments({})).environments.find((e) => e.name === ENV)!.environmentId;
          await first.deployEnvironment({ environmentName: ENV, revision: 1n });
          const activeOn = (client: Blox, revision: bigint) =>
            eventually(
              () => client.describeEnvironmentStatus({ environmentName: ENV }),
              (d) => d.status?.status === EnvironmentStatus.ACTIVE && d.status.targetRevision === revision && d.status.healthy === INSTANCES,
              40_000,
              `revision ${revision} Active with ${INSTANCES} healthy`,
              100,
            );
          await activeOn(first, 1n);

          // Roll out revision 2 and kill whoever drives it once it has started some tasks.
          await first.updateEnvironment({ environmentName: ENV, baseRevision: 1n, taskDefinition: "log-daemon:2" });
          await first.deployEnvironment({ environmentName: ENV, revision: 2n });
          await eventually(() => fetchActionLog(sim), (log) => ready(log, environmentId), 20_000, `the driver's ${killAfter}`, 20);
          const driverLease = (await leaseOf(store))!;
          const driver = replicas.find((r) => r.replicaId === driverLease.owner)!;
          expect(driver, `lease owner ${driverLease.owner} is one of the replicas`).to.not.equal(undefined);
          await driver.kill();
          const killedAt = Date.now();
          const actionsBeforeKill = (await fetchActionLog(sim)).filter((e) => e.environmentId === environmentId).length;

          // Another replica takes the lease: not before the old one expired, and within one lease period.
          const taken = await eventually(
            () => leaseOf(store),
            (l) => l !== undefined && l.owner !== driver.replicaId,
            3 * TTL_MS + 5000,
            "another replica takes the lease",
            20,
          );
          const takenAt = taken!.expiresAt - TTL_MS; // expiresAt = acquisition time + TTL (first sight, before any renewal)
          expect(taken!.epoch, "the fencing epoch grows on takeover").to.equal(driverLease.epoch + 1);
          expect(takenAt, "taken only after the dead replica's lease expired").to.be.at.least(driverLease.expiresAt);
          // Lease period, plus one lease round of the survivor (ttl/3), plus slack for a loaded machine.
          expect(takenAt - killedAt, "takeover delay after the kill (ms)").to.be.at.most(TTL_MS + TTL_MS / 3 + 1500);

          const survivor = clients.get(taken!.owner)!;
          const final = await activeOn(survivor, 2n);
          expect(final.status!.revisions.find((r) => r.revision === 2n)?.healthy).to.equal(INSTANCES);

          // --- the cluster's record ------------------------------------------------
          const log = await fetchActionLog(sim);
          const mine = log.filter((e) => e.environmentId === environmentId);
          expect(mine.length, "actions after the kill").to.be.greaterThan(actionsBeforeKill);
          const blocks = actorBlocks(log, environmentId);
          expect(blocks[0]!.actor, "the first driver").to.equal(`${driver.replicaId}#${driverLease.epoch}`);
          expect(blocks[1]?.actor, "the replica that took over").to.equal(`${taken!.owner}#${taken!.epoch}`);
          // Normally exactly these two; a further (legitimate) handover on a very loaded machine must still be fenced.
          const holder = (await leaseOf(store))!;
          expect(blocks.at(-1)!.epoch, "the last actor's epoch is at most the current lease's").to.be.at.most(holder.epoch);
          // The dead replica's last action precedes the survivor's first, which waited for the lease.
          expect(blocks[1]!.first).to.be.at.least(driverLease.expiresAt);
          console.log(
            `      ${count} replicas: killed ${driver.replicaId} (epoch ${driverLease.epoch}); ${taken!.owner} took over after ${takenAt - killedAt} ms ` +
              `(epoch ${taken!.epoch}); actions: ${blocks.map((b) => `${b.actor}×${b.count}`).join(", ")}`,
          );

          // Engine invariants at the end: one revision-2 task per instance, nothing else alive, no double start.
          // Every task the cluster retains (running and recently stopped).
          const tasks = await listAllTasks(ecs, ["RUNNING", "STOPPED"]);
          const byArn = new Map(tasks.map((t) => [t.taskArn!, t]));
          const ours = tasks.filter((t) => tagOf(t, TAG_ENVIRONMENT_ID) === environmentId);
          const alive = ours.filter((t) => t.lastStatus !== "STOPPED");
          expect(alive.every((t) => t.lastStatus === "RUNNING" && tagOf(t, TAG_REVISION) === "2" && t.taskDefinitionArn?.endsWith("log-daemon:2"))).to.equal(
            true,
            `alive tasks: ${alive.map((t) => `${t.taskDefinitionArn} ${t.lastStatus}`).join(", ")}`,
          );
          const instancesOf = alive.map((t) => t.containerInstanceArn!);
          expect(new Set(instancesOf).size, "one task per instance").to.equal(alive.length);
          expect(alive.length, "every instance of the group runs revision 2").to.equal(INSTANCES);
          expect(tasks.length - ours.length, "tasks not carrying the environment's tag").to.equal(0);
          // Every started task is alive as revision 2 or has stopped: nothing orphaned.
          const started = mine.filter((e) => e.action === "startTasks").flatMap((e) => (e.result?.started ?? []).map((arn) => ({ arn, at: e.at })));
          for (const s of started) {
            const t = byArn.get(s.arn);
            expect(t, `started task ${s.arn} is known to the cluster`).to.not.equal(undefined);
          }
          // No double start: a task of a revision is only started on an instance once the previous one there has stopped.
          const seen = new Map<string, Task[]>();
          for (const s of started) {
            const t = byArn.get(s.arn)!;
            const key = `${t.containerInstanceArn}|revision ${tagOf(t, TAG_REVISION)}`;
            for (const prev of seen.get(key) ?? []) {
              const stoppedAt = prev.stoppedAt ? prev.stoppedAt.getTime() : Infinity;
              expect(stoppedAt, `double start on ${key}`).to.be.at.most(s.at);
            }
            seen.set(key, [...(seen.get(key) ?? []), t]);
          }
          expect(started.filter((s) => tagOf(byArn.get(s.arn)!, TAG_REVISION) === "2").length, "revision-2 starts").to.be.at.least(INSTANCES);
        } finally {
          ecs.destroy();
        }
      });
    }
  });
}

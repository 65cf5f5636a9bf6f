import { expect } from "chai";
import { TAG_ENVIRONMENT_ID, type ClusterTask, type TaskLastStatus } from "../../server/domain/cluster.js";
import { createSimulatedCluster, type SimulatedCluster } from "../../server/cluster/simulator/simulated-cluster.js";
import { createFakeClock } from "../support/fake-clock.js";

// Random operations against the simulator; after every step the cluster must
// stay physically consistent. A failing seed is printed for replay.
const ORDER: Record<TaskLastStatus, number> = {
  PROVISIONING: 0,
  PENDING: 1,
  ACTIVATING: 2,
  RUNNING: 3,
  DEACTIVATING: 4,
  STOPPING: 5,
  DEPROVISIONING: 6,
  STOPPED: 7,
};

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 16), 0x85ebca6b);
    t = Math.imul(t ^ (t >>> 13), 0xc2b2ae35);
    return ((t ^ (t >>> 16)) >>> 0) / 4294967296;
  };
}

/** Plain check: chai is too slow for ~100k assertions per run. */
function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(`invariant violated: ${message()}`);
}

async function checkInvariants(sim: SimulatedCluster, seen: Map<string, ClusterTask>, now: number) {
  const all = sim.allInstances("default");
  const tasks = sim.listAllTasks("default");
  const listed = await sim.listInstances("default");
  const expectedListed = all.filter((i) => i.status !== "INACTIVE").map((i) => i.arn);
  check(listed.map((i) => i.arn).join() === expectedListed.join(), () => "listInstances shows exactly the ACTIVE and DRAINING instances");
  const byInstance = new Map<string, ClusterTask[]>();
  for (const t of tasks) byInstance.set(t.containerInstanceArn, [...(byInstance.get(t.containerInstanceArn) ?? []), t]);
  for (const inst of all) {
    const mine = byInstance.get(inst.arn) ?? [];
    const live = mine.filter((t) => t.lastStatus !== "STOPPED");
    // Reservations never exceed capacity (256 MiB per task on 1024).
    check(live.length * 256 <= 1024, () => `${live.length} live tasks on ${inst.arn} exceed its memory`);
    check(inst.runningTasksCount === mine.filter((t) => t.lastStatus === "RUNNING").length, () => `runningTasksCount of ${inst.arn}`);
    check(inst.pendingTasksCount === mine.filter((t) => t.lastStatus === "PENDING").length, () => `pendingTasksCount of ${inst.arn}`);
    if (inst.status === "INACTIVE") check(live.length === 0, () => `live tasks on deregistered ${inst.arn}`);
  }
  for (const t of tasks) {
    check(t.createdAt <= now, () => `${t.arn} created in the future`);
    if (t.startedAt !== undefined) check(t.startedAt >= t.createdAt, () => `${t.arn} started before created`);
    if (t.lastStatus === "RUNNING") check(t.startedAt !== undefined, () => `${t.arn} RUNNING without startedAt`);
    if (t.lastStatus === "STOPPED") {
      check(t.desiredStatus === "STOPPED", () => `${t.arn} STOPPED but desired RUNNING`);
      check(t.stoppedAt !== undefined && t.stoppedAt >= (t.startedAt ?? t.createdAt), () => `${t.arn} stoppedAt`);
      check(typeof t.stoppedReason === "string", () => `${t.arn} has no stoppedReason`);
    }
    if (t.healthySince !== undefined) check(t.lastStatus === "RUNNING" || t.desiredStatus === "STOPPED", () => `${t.arn} healthy while ${t.lastStatus}`);
    const before = seen.get(t.arn);
    if (before) {
      // Status only moves forward; a task told to stop never wants to run again.
      check(ORDER[t.lastStatus] >= ORDER[before.lastStatus], () => `${t.arn}: ${before.lastStatus} → ${t.lastStatus}`);
      if (before.desiredStatus === "STOPPED") check(t.desiredStatus === "STOPPED", () => `${t.arn} wants to run again`);
    }
    seen.set(t.arn, t);
  }
}

describe("simulator invariants (100 seeded random runs)", function () {
  this.timeout(60_000);
  it("keeps resources, counts and task lifecycles consistent after every step", async () => {
    for (let seed = 1; seed <= Number(process.env.SIM_SEEDS ?? 100); seed++) {
      const r = rng(seed);
      const clock = createFakeClock();
      const sim = createSimulatedCluster({
        clock,
        seed,
        config: {
          clusters: [{ name: "default", instances: [{ count: 1 + Math.floor(r() * 6), attributes: { stack: "prod" }, cpu: 1024, memory: 1024 }] }],
          latencies: { startMs: Math.floor(r() * 3000), stopMs: Math.floor(r() * 2000) },
          faults: [],
        },
      });
      const seen = new Map<string, ClusterTask>();
      try {
        for (let step = 0; step < 60; step++) {
          const instances = sim.allInstances("default");
          const active = instances.filter((i) => i.status !== "INACTIVE");
          const live = sim.listAllTasks("default").filter((t) => t.lastStatus !== "STOPPED");
          const x = r();
          if (x < 0.35 && active.length > 0) {
            const targets = active.filter(() => r() < 0.5).map((i) => i.arn);
            const res = await sim.startTasks({
              cluster: "default",
              taskDefinition: `d:${1 + Math.floor(r() * 2)}`,
              containerInstanceArns: targets,
              group: "g",
              startedBy: "t",
              tags: { [TAG_ENVIRONMENT_ID]: "e" },
            });
            expect(res.started.length + res.failures.length).to.equal(targets.length);
          } else if (x < 0.5 && live.length > 0) {
            await sim.stopTask("default", live[Math.floor(r() * live.length)].arn, "test");
          } else if (x < 0.55 && live.length > 0) {
            sim.killTask(live[Math.floor(r() * live.length)].arn);
          } else if (x < 0.6) {
            sim.addInstance("default", { attributes: { stack: "prod" }, cpu: 1024, memory: 1024 });
          } else if (x < 0.65 && active.length > 0) {
            sim.removeInstance("default", active[Math.floor(r() * active.length)].arn);
          } else if (x < 0.7 && active.length > 0) {
            sim.drainInstance("default", active[Math.floor(r() * active.length)].arn);
          } else if (x < 0.75 && active.length > 0) {
            const kinds = ["never-start", "start-failure", "out-of-resources", "unhealthy"] as const;
            const arn = active[Math.floor(r() * active.length)].arn;
            const kind = kinds[Math.floor(r() * kinds.length)];
            if (kind === "never-start") sim.injectFault({ kind, instanceArn: arn });
            else if (kind === "start-failure") sim.injectFault({ kind, instanceArn: arn, count: 1, reason: "AGENT" });
            else if (kind === "out-of-resources") sim.injectFault({ kind, instanceArn: arn });
            else sim.injectFault({ kind, taskDefinition: "d:1" });
          } else if (x < 0.8) {
            sim.clearFaults();
          } else {
            clock.advance(Math.floor(r() * 2500));
          }
          await checkInvariants(sim, seen, clock.now());
        }
        // Once faults stop, every task still wanted reaches RUNNING and every stop completes.
        sim.clearFaults();
        clock.advance(10_000);
        for (const t of sim.listAllTasks("default")) {
          if (t.desiredStatus === "RUNNING") expect(t.lastStatus, t.arn).to.equal("RUNNING");
          else expect(t.lastStatus, t.arn).to.equal("STOPPED");
        }
        await checkInvariants(sim, seen, clock.now());
      } catch (e) {
        (e as Error).message = `seed ${seed}: ${(e as Error).message}`;
        throw e;
      } finally {
        await sim.close();
      }
    }
  });
});

import { expect } from "chai";
import { TAG_ENVIRONMENT_ID, type ClusterTask, type TaskLastStatus } from "../../server/cluster/backend.js";
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

async function checkInvariants(sim: SimulatedCluster, seen: Map<string, ClusterTask>, now: number) {
  const all = sim.allInstances("default");
  const tasks = sim.listAllTasks("default");
  const listed = await sim.listInstances("default");
  expect(listed.map((i) => i.arn)).to.deep.equal(all.filter((i) => i.status !== "INACTIVE").map((i) => i.arn));
  for (const inst of all) {
    const mine = tasks.filter((t) => t.containerInstanceArn === inst.arn);
    const live = mine.filter((t) => t.lastStatus !== "STOPPED");
    // Reservations never exceed capacity (128 CPU / 256 MiB per task on 1024 / 1024).
    expect(live.length * 256, `memory of ${inst.arn}`).to.be.at.most(1024);
    expect(inst.runningTasksCount).to.equal(mine.filter((t) => t.lastStatus === "RUNNING").length);
    expect(inst.pendingTasksCount).to.equal(mine.filter((t) => t.lastStatus === "PENDING").length);
    if (inst.status === "INACTIVE") expect(live, "tasks on a deregistered instance").to.deep.equal([]);
  }
  for (const t of tasks) {
    expect(t.createdAt).to.be.at.most(now);
    if (t.startedAt !== undefined) expect(t.startedAt).to.be.at.least(t.createdAt);
    if (t.lastStatus === "RUNNING") expect(t.startedAt).to.not.equal(undefined);
    if (t.lastStatus === "STOPPED") {
      expect(t.desiredStatus).to.equal("STOPPED");
      expect(t.stoppedAt).to.be.at.least(t.startedAt ?? t.createdAt);
      expect(t.stoppedReason).to.be.a("string");
    }
    if (t.healthySince !== undefined) expect(t.lastStatus === "RUNNING" || t.desiredStatus === "STOPPED").to.equal(true);
    const before = seen.get(t.arn);
    if (before) {
      // Status only moves forward; a task told to stop never wants to run again.
      expect(ORDER[t.lastStatus], `${before.lastStatus} → ${t.lastStatus}`).to.be.at.least(ORDER[before.lastStatus]);
      if (before.desiredStatus === "STOPPED") expect(t.desiredStatus).to.equal("STOPPED");
    }
    seen.set(t.arn, t);
  }
}

describe("simulator invariants (200 seeded random runs)", () => {
  it("keeps resources, counts and task lifecycles consistent after every step", async () => {
    for (let seed = 1; seed <= 200; seed++) {
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

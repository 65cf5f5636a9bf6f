// Saving and resuming the simulator (sim-state.ts, the simulator's `state`
// option) and keeping it in a file (sim-persistence.ts), on the fake clock.

import { expect } from "chai";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TAG_ENVIRONMENT_ID } from "../../server/domain/cluster.js";
import { createSimulatorPersistence } from "../../server/cluster/simulator/sim-persistence.js";
import { parseSimState } from "../../server/cluster/simulator/sim-state.js";
import { createSimulatedCluster, type SimConfig, type SimulatedCluster } from "../../server/cluster/simulator/simulated-cluster.js";
import { createFakeClock, type FakeClock } from "../support/fake-clock.js";

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

const CONFIG: SimConfig = {
  clusters: [{ name: "default", instances: [{ count: 3, attributes: { stack: "prod" } }] }],
  latencies: { startMs: 2000, stopMs: 1000 },
  faults: [],
  taskDefinitions: [{ family: "web", healthCheck: { healthyAfterMs: 5000 } }],
  events: [
    { afterMs: 1000, kind: "add-instances", count: 1, attributes: { stack: "gamma" } },
    { afterMs: 60_000, kind: "add-instances", count: 2, attributes: { stack: "late" } },
  ],
};

const start = (sim: SimulatedCluster, arns: string[], taskDefinition = "log-daemon:1") =>
  sim.startTasks({
    cluster: "default",
    taskDefinition,
    containerInstanceArns: arns,
    group: "blox:env-1",
    startedBy: "blox",
    tags: { [TAG_ENVIRONMENT_ID]: "env-1" },
  });

/** The simulation through JSON, as the file keeps it, resumed on `clock`. */
const resume = (sim: SimulatedCluster, clock: FakeClock, config = CONFIG) =>
  createSimulatedCluster({ clock, config, state: parseSimState(JSON.stringify(sim.saveState())) });

describe("simulator state: save and resume", () => {
  it("tasks go on from where they stood; what fell due meanwhile happens at once", async () => {
    const clock = createFakeClock();
    const sim = createSimulatedCluster({ clock, config: CONFIG });
    clock.advance(1000); // the first configured event: a gamma instance joins
    const [a, b, c] = (await sim.listInstances("default")).filter((i) => i.attributes.stack === "prod").map((i) => i.arn);
    const running = (await start(sim, [a!])).started[0]!;
    clock.advance(2000);
    const pending = (await start(sim, [b!])).started[0]!;
    const checking = (await start(sim, [c!], "web:1")).started[0]!;
    clock.advance(500);
    await sim.stopTask("default", running.arn, "Blox: replaced");
    await sim.close();

    const resumed = resume(sim, clock);
    // 1.5 s later: the pending task's start (due 2 s after it was asked) has not come yet …
    clock.advance(1000);
    expect(resumed.getTask("default", pending.arn)!.lastStatus).to.equal("PENDING");
    expect(resumed.getTask("default", running.arn)!.lastStatus, "the stop (due after 1 s) is done").to.equal("STOPPED");
    clock.advance(500);
    expect(resumed.getTask("default", pending.arn)!.lastStatus, "… and then it does, not 2 s after the restart").to.equal("RUNNING");
    // A health check's delay counts from the task's start, across the restart.
    expect(resumed.getTask("default", checking.arn)!.healthStatus).to.equal("UNKNOWN");
    clock.advance(5000);
    expect(resumed.getTask("default", checking.arn)!.healthStatus).to.equal("HEALTHY");
    expect(resumed.listTaskDefinitions()).to.deep.equal(["web:1"]);

    // Ids go on where they stood: nothing started after the restart reuses one.
    const before = new Set(sim.listAllTasks("default").map((t) => t.arn));
    const freed = (await start(resumed, [a!])).started[0]!;
    expect(before.has(freed.arn)).to.equal(false);

    // The configured events: the one that happened does not happen again; the later one still comes.
    const byStack = async () => (await resumed.listInstances("default")).map((i) => i.attributes.stack).sort();
    expect(await byStack()).to.deep.equal(["gamma", "prod", "prod", "prod"]);
    clock.advance(60_000);
    expect(await byStack()).to.deep.equal(["gamma", "late", "late", "prod", "prod", "prod"]);
    await resumed.close();
  });

  it("faults carry over: a start-failure's remaining count, a task held by never-start", async () => {
    const clock = createFakeClock();
    const sim = createSimulatedCluster({ clock, config: { ...CONFIG, events: [] } });
    const [a, b] = (await sim.listInstances("default")).map((i) => i.arn);
    sim.injectFault({ kind: "start-failure", reason: "AGENT", count: 2 });
    expect((await start(sim, [a!])).failures).to.have.length(1);
    sim.injectFault({ kind: "never-start", instanceArn: b });
    const held = (await start(sim, [b!])).started;
    expect(held).to.have.length(0); // the start failure (1 left) took b first
    const stuck = (await start(sim, [b!])).started[0]!;
    clock.advance(5000);
    await sim.close();

    const resumed = resume(sim, clock, { ...CONFIG, events: [] });
    expect(resumed.faults().map((f) => f.kind)).to.deep.equal(["never-start"]);
    clock.advance(5000);
    expect(resumed.getTask("default", stuck.arn)!.lastStatus, "still held").to.equal("PENDING");
    resumed.clearFaults();
    clock.advance(2000);
    expect(resumed.getTask("default", stuck.arn)!.lastStatus).to.equal("RUNNING");
    await resumed.close();
  });
});

describe("simulator state file", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "blox-sim-state-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is written after changes (throttled), on close, and resumed by the next process", async () => {
    const clock = createFakeClock();
    const path = join(dir, "data", "simulator.json");
    const first = createSimulatorPersistence({ path, config: CONFIG, clock, minIntervalMs: 100 });
    expect(first.load()).to.equal(undefined);
    const sim = createSimulatedCluster({ clock, config: CONFIG });
    first.attach(sim);
    clock.advance(0);
    expect(existsSync(path), "the starting state is saved").to.equal(true);
    const [a] = (await sim.listInstances("default")).map((i) => i.arn);
    const task = (await start(sim, [a!])).started[0]!;
    await flush();
    expect(readFileSync(path, "utf8")).to.not.contain(task.arn);
    clock.advance(100);
    expect(readFileSync(path, "utf8"), "written once the interval passed").to.contain(task.arn);
    await sim.stopTask("default", task.arn, "Blox: done");
    await flush();
    first.close(); // the last change is written at once
    expect(parseSimState(readFileSync(path, "utf8")).clusters[0]!.tasks[0]!.task.desiredStatus).to.equal("STOPPED");

    const second = createSimulatorPersistence({ path, config: CONFIG, clock });
    const state = second.load();
    expect(state?.clusters[0]!.tasks.map((t) => t.task.arn)).to.deep.equal([task.arn]);
    await sim.close();
  });

  it("a changed configuration, or a file it cannot read, starts over and sets the old file aside", () => {
    const clock = createFakeClock();
    const path = join(dir, "simulator.json");
    const sim = createSimulatedCluster({ clock, config: CONFIG });
    writeFileSync(path, JSON.stringify(sim.saveState()));
    const other: SimConfig = { ...CONFIG, latencies: { startMs: 1, stopMs: 1 } };
    expect(createSimulatorPersistence({ path, config: other, clock }).load()).to.equal(undefined);
    expect(existsSync(`${path}.discarded`)).to.equal(true);
    expect(existsSync(path)).to.equal(false);

    writeFileSync(path, "{ not json");
    expect(createSimulatorPersistence({ path, config: CONFIG, clock }).load()).to.equal(undefined);
    writeFileSync(path, JSON.stringify({ version: 99 }));
    expect(createSimulatorPersistence({ path, config: CONFIG, clock }).load()).to.equal(undefined);
    expect(readFileSync(`${path}.discarded`, "utf8")).to.contain("99");
  });
});

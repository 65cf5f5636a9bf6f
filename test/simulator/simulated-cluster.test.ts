import { expect } from "chai";
import { systemClock } from "../../server/clock.js";
import { ClusterError, type StartTasksRequest } from "../../server/cluster/backend.js";
import { TAG_ENVIRONMENT_ID } from "../../server/domain/cluster.js";
import {
  createSimulatedCluster,
  INSTANCE_DEREGISTERED_REASON,
  STOPPED_TASK_RETENTION_MS,
  TASK_EXITED_REASON,
  type SimConfig,
  type SimulatedCluster,
} from "../../server/cluster/simulator/simulated-cluster.js";
import { createFakeClock, type FakeClock } from "../support/fake-clock.js";

const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function emptyConfig(overrides: Partial<SimConfig> = {}): SimConfig {
  return { clusters: [{ name: "default", instances: [] }], latencies: { startMs: 2000, stopMs: 1000 }, faults: [], ...overrides };
}

function request(instances: string[], over: Partial<StartTasksRequest> = {}): StartTasksRequest {
  return {
    cluster: "default",
    taskDefinition: "log-daemon:1",
    containerInstanceArns: instances,
    group: "blox:env-1",
    startedBy: "blox",
    tags: { [TAG_ENVIRONMENT_ID]: "env-1" },
    ...over,
  };
}

async function expectClusterError(p: Promise<unknown> | (() => unknown), kind: ClusterError["kind"], message?: RegExp) {
  let error: unknown;
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    error = e;
  }
  expect(error).to.be.instanceOf(ClusterError);
  expect((error as ClusterError).kind).to.equal(kind);
  if (message) expect((error as Error).message).to.match(message);
}

describe("simulated cluster", () => {
  let clock: FakeClock;
  let sim: SimulatedCluster;

  beforeEach(() => {
    clock = createFakeClock();
  });
  afterEach(async () => {
    await sim?.close();
  });

  describe("default configuration", () => {
    it("has cluster default with 5 stack=prod and 3 stack=gamma instances, ECS-like and from the clock", async () => {
      sim = createSimulatedCluster({ clock });
      expect(sim.listClusters()).to.deep.equal(["default"]);
      const instances = await sim.listInstances("default");
      expect(instances).to.have.length(8);
      expect(instances.filter((i) => i.attributes.stack === "prod")).to.have.length(5);
      expect(instances.filter((i) => i.attributes.stack === "gamma")).to.have.length(3);
      for (const i of instances) {
        expect(i.arn).to.match(/^arn:aws:ecs:us-east-1:000000000000:container-instance\/default\/[0-9a-f]{32}$/);
        expect(i.ec2InstanceId).to.match(/^i-[0-9a-f]{17}$/);
        expect(i.status).to.equal("ACTIVE");
        expect(i.agentConnected).to.equal(true);
        expect(i.agentVersion).to.equal("1.80.0");
        expect(i.registeredAt).to.equal(clock.now());
        expect(i.runningTasksCount).to.equal(0);
        expect(i.pendingTasksCount).to.equal(0);
        expect(i.attributes["ecs.availability-zone"]).to.match(/^us-east-1[abc]$/);
      }
      expect(new Set(instances.map((i) => i.arn)).size).to.equal(8);
      expect(sim.startLatencyMs).to.equal(2000);
      expect(sim.stopLatencyMs).to.equal(1000);
    });

    it("derives ids deterministically from the seed", async () => {
      const a = createSimulatedCluster({ clock, seed: 7 });
      const b = createSimulatedCluster({ clock, seed: 7 });
      const c = createSimulatedCluster({ clock, seed: 8 });
      const arns = async (s: SimulatedCluster) => (await s.listInstances("default")).map((i) => `${i.arn} ${i.ec2InstanceId}`);
      expect(await arns(a)).to.deep.equal(await arns(b));
      expect(await arns(a)).to.not.deep.equal(await arns(c));
      const ia = (await a.listInstances("default")).map((i) => i.arn);
      const ib = (await b.listInstances("default")).map((i) => i.arn);
      const ta = await a.startTasks(request(ia.slice(0, 2)));
      const tb = await b.startTasks(request(ib.slice(0, 2)));
      expect(ta.started.map((t) => t.arn)).to.deep.equal(tb.started.map((t) => t.arn));
      for (const t of ta.started) expect(t.arn).to.match(/^arn:aws:ecs:us-east-1:000000000000:task\/default\/[0-9a-f]{32}$/);
      sim = a;
      await b.close();
      await c.close();
    });
  });

  describe("task lifecycle", () => {
    it("goes PENDING → RUNNING after the start latency → STOPPING → STOPPED after the stop latency", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const inst = sim.addInstance("default", { attributes: { stack: "prod" } });
      const t0 = clock.now();
      const { started, failures } = await sim.startTasks(request([inst.arn]));
      expect(failures).to.deep.equal([]);
      expect(started).to.have.length(1);
      const task = started[0];
      expect(task).to.include({
        containerInstanceArn: inst.arn,
        taskDefinition: "log-daemon:1",
        group: "blox:env-1",
        startedBy: "blox",
        lastStatus: "PENDING",
        desiredStatus: "RUNNING",
        createdAt: t0,
      });
      expect(task.tags).to.deep.equal({ [TAG_ENVIRONMENT_ID]: "env-1" });
      expect((await sim.listInstances("default"))[0].pendingTasksCount).to.equal(1);

      clock.advance(1999);
      expect(sim.getTask("default", task.arn)!.lastStatus).to.equal("PENDING");
      clock.advance(1);
      let now = sim.getTask("default", task.arn)!;
      expect(now).to.include({ lastStatus: "RUNNING", desiredStatus: "RUNNING", startedAt: t0 + 2000, healthySince: t0 + 2000 });
      expect(now.healthStatus).to.equal(undefined);
      const listed = (await sim.listInstances("default"))[0];
      expect(listed.runningTasksCount).to.equal(1);
      expect(listed.pendingTasksCount).to.equal(0);

      clock.advance(5000);
      await sim.stopTask("default", task.arn, "Replaced by revision 2");
      now = sim.getTask("default", task.arn)!;
      expect(now).to.include({ lastStatus: "STOPPING", desiredStatus: "STOPPED" });
      clock.advance(999);
      expect(sim.getTask("default", task.arn)!.lastStatus).to.equal("STOPPING");
      clock.advance(1);
      now = sim.getTask("default", task.arn)!;
      expect(now).to.include({ lastStatus: "STOPPED", desiredStatus: "STOPPED", stoppedAt: t0 + 8000, stoppedReason: "Replaced by revision 2" });
      expect((await sim.listInstances("default"))[0].runningTasksCount).to.equal(0);
    });

    it("stops a task that is still pending without it ever running", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const inst = sim.addInstance("default");
      const { started } = await sim.startTasks(request([inst.arn]));
      clock.advance(500);
      await sim.stopTask("default", started[0].arn, "superseded");
      clock.advance(10_000);
      const t = sim.getTask("default", started[0].arn)!;
      expect(t.lastStatus).to.equal("STOPPED");
      expect(t.startedAt).to.equal(undefined);
      expect(t.stoppedAt).to.equal(clock.now() - 10_000 + 1000);
    });

    it("treats stopping an unknown or stopped task as a no-op (a restarted scheduler may repeat itself)", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const inst = sim.addInstance("default");
      const { started } = await sim.startTasks(request([inst.arn]));
      await sim.stopTask("default", started[0].arn, "first");
      clock.advance(500);
      await sim.stopTask("default", started[0].arn, "second");
      clock.advance(500);
      const t = sim.getTask("default", started[0].arn)!;
      expect(t).to.include({ lastStatus: "STOPPED", stoppedReason: "first", stoppedAt: clock.now() });
      await sim.stopTask("default", "arn:aws:ecs:us-east-1:000000000000:task/default/nope", "x");
    });

    it("reports container health when the task definition has a health check", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const inst = sim.addInstance("default");
      const checked = sim.registerTaskDefinition({ family: "web", healthCheck: true });
      const slow = sim.registerTaskDefinition({ family: "web", healthCheck: { healthyAfterMs: 5000 } });
      expect([checked, slow]).to.deep.equal(["web:1", "web:2"]);
      const a = (await sim.startTasks(request([inst.arn], { taskDefinition: checked }))).started[0];
      const b = (await sim.startTasks(request([inst.arn], { taskDefinition: slow }))).started[0];
      expect(a.healthStatus).to.equal("UNKNOWN");
      const plain = (await sim.startTasks(request([inst.arn]))).started[0];
      expect(plain.healthStatus).to.equal(undefined);
      clock.advance(2000);
      expect(sim.getTask("default", plain.arn)!.healthStatus).to.equal(undefined);
      expect(sim.getTask("default", a.arn)).to.include({ healthStatus: "HEALTHY", healthySince: clock.now() });
      expect(sim.getTask("default", b.arn)).to.include({ lastStatus: "RUNNING", healthStatus: "UNKNOWN", healthySince: undefined });
      clock.advance(4999);
      expect(sim.getTask("default", b.arn)!.healthStatus).to.equal("UNKNOWN");
      clock.advance(1);
      expect(sim.getTask("default", b.arn)).to.include({ healthStatus: "HEALTHY", healthySince: clock.now() });
    });

    it("keeps stopped tasks visible to listTasks for the retention window, then drops them", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const [i1, i2] = [sim.addInstance("default"), sim.addInstance("default")];
      await sim.startTasks(request([i1.arn]));
      await sim.startTasks(request([i2.arn], { tags: { [TAG_ENVIRONMENT_ID]: "env-2" }, group: "blox:env-2" }));
      clock.advance(2000);
      const [mine] = await sim.listTasks("default", "env-1");
      expect((await sim.listTasks("default", "env-1")).map((t) => t.arn)).to.deep.equal([mine.arn]);
      expect(await sim.listTasks("default", "env-3")).to.deep.equal([]);
      sim.killTask(mine.arn);
      clock.advance(STOPPED_TASK_RETENTION_MS);
      expect((await sim.listTasks("default", "env-1")).map((t) => t.lastStatus)).to.deep.equal(["STOPPED"]);
      clock.advance(1);
      expect(await sim.listTasks("default", "env-1")).to.deep.equal([]);
      expect(await sim.listTasks("default", "env-2")).to.have.length(1);
    });

    it("returns copies: callers cannot mutate the simulation", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const inst = sim.addInstance("default", { attributes: { stack: "prod" } });
      const { started } = await sim.startTasks(request([inst.arn]));
      started[0].tags[TAG_ENVIRONMENT_ID] = "hijacked";
      started[0].lastStatus = "STOPPED";
      (await sim.listInstances("default"))[0].attributes.stack = "gamma";
      expect(await sim.listTasks("default", "env-1")).to.have.length(1);
      expect((await sim.listInstances("default"))[0].attributes.stack).to.equal("prod");
    });
  });

  describe("resources and placement failures", () => {
    it("reserves each task's memory and CPU and fails like ECS when there is not enough", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const small = sim.addInstance("default", { memory: 600, cpu: 1024 });
      const narrow = sim.addInstance("default", { memory: 4096, cpu: 300 });
      const r1 = await sim.startTasks(request([small.arn, small.arn, small.arn]));
      expect(r1.started).to.have.length(2); // 2 × 256 MiB of 600
      expect(r1.failures).to.deep.equal([{ containerInstanceArn: small.arn, reason: "RESOURCE:MEMORY" }]);
      const r2 = await sim.startTasks(request([narrow.arn, narrow.arn, narrow.arn]));
      expect(r2.started).to.have.length(2); // 2 × 128 CPU of 300
      expect(r2.failures).to.deep.equal([{ containerInstanceArn: narrow.arn, reason: "RESOURCE:CPU" }]);
      const big = sim.registerTaskDefinition({ family: "big", memory: 5000 });
      const r3 = await sim.startTasks(request([narrow.arn], { taskDefinition: big }));
      expect(r3.failures[0].reason).to.equal("RESOURCE:MEMORY");

      // Resources are released only once a task has STOPPED.
      await sim.stopTask("default", r1.started[0].arn, "make room");
      expect((await sim.startTasks(request([small.arn]))).failures[0].reason).to.equal("RESOURCE:MEMORY");
      clock.advance(1000);
      expect((await sim.startTasks(request([small.arn]))).started).to.have.length(1);
    });

    it("defaults instances to 2048 CPU / 4096 MiB and tasks to 128 / 256", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const inst = sim.addInstance("default");
      const r = await sim.startTasks(request(Array(17).fill(inst.arn)));
      expect(r.started).to.have.length(16); // 16 × 128 = 2048 CPU, 16 × 256 = 4096 MiB
      expect(r.failures).to.have.length(1);
    });

    it("refuses DRAINING, deregistered and unknown instances", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const [a, b] = [sim.addInstance("default"), sim.addInstance("default")];
      sim.drainInstance("default", a.arn);
      sim.removeInstance("default", b.arn);
      const missing = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/ffffffffffffffffffffffffffffffff";
      const r = await sim.startTasks(request([a.arn, b.arn, missing]));
      expect(r.started).to.deep.equal([]);
      expect(r.failures).to.deep.equal([
        { containerInstanceArn: a.arn, reason: "DRAINING" },
        { containerInstanceArn: b.arn, reason: "INACTIVE" },
        { containerInstanceArn: missing, reason: "MISSING" },
      ]);
      expect((await sim.listInstances("default")).map((i) => [i.arn, i.status])).to.deep.equal([[a.arn, "DRAINING"]]);
      expect(sim.allInstances("default").map((i) => i.status)).to.deep.equal(["DRAINING", "INACTIVE"]);
      sim.activateInstance("default", a.arn);
      expect((await sim.startTasks(request([a.arn]))).started).to.have.length(1);
    });

    it("stops the tasks of an instance that leaves, at once", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const [a, b] = [sim.addInstance("default"), sim.addInstance("default")];
      await sim.startTasks(request([a.arn, b.arn]));
      clock.advance(2000);
      sim.removeInstance("default", a.arn);
      const tasks = await sim.listTasks("default", "env-1");
      const onA = tasks.find((t) => t.containerInstanceArn === a.arn)!;
      const onB = tasks.find((t) => t.containerInstanceArn === b.arn)!;
      expect(onA).to.include({ lastStatus: "STOPPED", desiredStatus: "STOPPED", stoppedAt: clock.now(), stoppedReason: INSTANCE_DEREGISTERED_REASON });
      expect(onB.lastStatus).to.equal("RUNNING");
    });

    it("rejects a startedBy longer than ECS allows", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const a = sim.addInstance("default");
      await expectClusterError(sim.startTasks(request([a.arn], { startedBy: "x".repeat(37) })), "Other", /limit is 36/);
    });
  });

  describe("clusters and task definitions", () => {
    it("throws ClusterNotFound for an unknown cluster on every operation", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      await expectClusterError(sim.listInstances("nope"), "ClusterNotFound", /'nope'/);
      await expectClusterError(sim.listTasks("nope", "env-1"), "ClusterNotFound");
      await expectClusterError(sim.startTasks(request([], { cluster: "nope" })), "ClusterNotFound");
      await expectClusterError(sim.stopTask("nope", "arn", "x"), "ClusterNotFound");
      await expectClusterError(() => sim.addInstance("nope"), "ClusterNotFound");
      sim.createCluster("nope");
      expect(await sim.listInstances("nope")).to.deep.equal([]);
      expect(sim.listClusters()).to.deep.equal(["default", "nope"]);
      expect(sim.addInstance("nope").arn).to.match(/container-instance\/nope\//);
    });

    it("takes a cluster ARN wherever it takes a cluster name, as ECS does", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const ci = sim.addInstance("default");
      const arn = "arn:aws:ecs:us-east-1:000000000000:cluster/default";
      let notified = 0;
      const off = sim.subscribe(arn, () => notified++);
      expect((await sim.listInstances(arn)).map((i) => i.arn)).to.deep.equal([ci.arn]);
      sim.injectFault({ kind: "start-failure", cluster: arn, reason: "RESOURCE:PORTS", count: 1 });
      const failed = await sim.startTasks(request([ci.arn], { cluster: arn }));
      expect(failed.failures).to.deep.equal([{ containerInstanceArn: ci.arn, reason: "RESOURCE:PORTS" }]);
      const { started } = await sim.startTasks(request([ci.arn], { cluster: arn }));
      expect(started).to.have.length(1);
      expect((await sim.listTasks(arn, "env-1")).map((t) => t.arn)).to.deep.equal([started[0]!.arn]);
      expect((await sim.listTasks("default", "env-1")).map((t) => t.arn)).to.deep.equal([started[0]!.arn]);
      await sim.stopTask(arn, started[0]!.arn, "bye");
      expect(sim.getTask(arn, started[0]!.arn)!.desiredStatus).to.equal("STOPPED");
      await flush();
      expect(notified).to.be.greaterThan(0);
      off();
      await expectClusterError(sim.listInstances("arn:aws:ecs:us-east-1:000000000000:cluster/nope"), "ClusterNotFound");
    });

    it("accepts any family:revision or task-definition ARN and canonicalizes it; a bare family must be registered", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const inst = sim.addInstance("default");
      const start = async (td: string) => (await sim.startTasks(request([inst.arn], { taskDefinition: td }))).started[0].taskDefinition;
      expect(await start("never-registered:7")).to.equal("never-registered:7");
      expect(await start("arn:aws:ecs:us-east-1:123456789012:task-definition/log-daemon:2")).to.equal("log-daemon:2");
      await expectClusterError(start("log-daemon"), "InvalidTaskDefinition", /no registered revision/);
      await expectClusterError(start("bad name:1"), "InvalidTaskDefinition");
      await expectClusterError(start(""), "InvalidTaskDefinition");
      sim.registerTaskDefinition({ family: "log-daemon" });
      sim.registerTaskDefinition({ family: "log-daemon" });
      expect(await start("log-daemon")).to.equal("log-daemon:2");
      expect(sim.listTaskDefinitions()).to.deep.equal(["log-daemon:1", "log-daemon:2"]);
    });

    it("sets and merges instance attributes", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const inst = sim.addInstance("default", { attributes: { stack: "prod", team: "a" } });
      sim.setAttributes("default", inst.arn, { stack: "gamma", team: undefined });
      expect(sim.getInstance("default", inst.arn)!.attributes).to.include({ stack: "gamma" }).and.not.have.property("team");
      sim.setAttributes("default", inst.arn, { only: "this" }, false);
      expect(sim.getInstance("default", inst.arn)!.attributes).to.deep.equal({ only: "this" });
    });
  });

  describe("faults", () => {
    let arns: string[];
    beforeEach(() => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      arns = [0, 1, 2].map(() => sim.addInstance("default").arn);
    });

    it("start-failure fails matching starts with the reason, count times", async () => {
      sim.injectFault({ kind: "start-failure", instanceArn: arns[1], count: 2, reason: "AGENT" });
      const r1 = await sim.startTasks(request(arns));
      expect(r1.started.map((t) => t.containerInstanceArn)).to.deep.equal([arns[0], arns[2]]);
      expect(r1.failures).to.deep.equal([{ containerInstanceArn: arns[1], reason: "AGENT" }]);
      expect((await sim.startTasks(request([arns[1]]))).failures).to.have.length(1);
      expect(sim.faults()).to.deep.equal([]);
      expect((await sim.startTasks(request([arns[1]]))).started).to.have.length(1);
    });

    it("start-failure can target a task definition, and lasts until cleared without a count", async () => {
      sim.injectFault({ kind: "start-failure", taskDefinition: "log-daemon:2", reason: "CannotPullContainerError" });
      expect((await sim.startTasks(request(arns, { taskDefinition: "log-daemon:2" }))).failures).to.have.length(3);
      expect((await sim.startTasks(request(arns, { taskDefinition: "log-daemon:1" }))).started).to.have.length(3);
      expect((await sim.startTasks(request(arns, { taskDefinition: "log-daemon:2" }))).failures).to.have.length(3);
      sim.clearFaults();
      expect((await sim.startTasks(request(arns, { taskDefinition: "log-daemon:2" }))).started).to.have.length(3);
    });

    it("never-start keeps tasks PENDING until cleared", async () => {
      sim.injectFault({ kind: "never-start", instanceArn: arns[0] });
      const { started } = await sim.startTasks(request(arns));
      clock.advance(60_000);
      const status = () => started.map((t) => sim.getTask("default", t.arn)!.lastStatus);
      expect(status()).to.deep.equal(["PENDING", "RUNNING", "RUNNING"]);
      sim.clearFaults();
      clock.advance(2000);
      expect(status()).to.deep.equal(["RUNNING", "RUNNING", "RUNNING"]);
    });

    it("task-death and killTask stop a running task at once with the ECS reason", async () => {
      const { started } = await sim.startTasks(request(arns));
      clock.advance(2000);
      sim.injectFault({ kind: "task-death", taskArn: started[0].arn });
      sim.killTask(started[1].arn, "OutOfMemoryError: Container killed due to memory usage");
      expect(sim.getTask("default", started[0].arn)).to.include({
        lastStatus: "STOPPED",
        desiredStatus: "STOPPED",
        stoppedReason: TASK_EXITED_REASON,
        stoppedAt: clock.now(),
      });
      expect(TASK_EXITED_REASON).to.equal("Essential container in task exited");
      expect(sim.getTask("default", started[1].arn)!.stoppedReason).to.match(/OutOfMemory/);
      expect(sim.getTask("default", started[2].arn)!.lastStatus).to.equal("RUNNING");
      expect(() => sim.killTask("arn:nope")).to.throw(ClusterError);
    });

    it("a task that dies while stopping keeps the StopTask reason, as in ECS", async () => {
      const { started } = await sim.startTasks(request(arns));
      clock.advance(2000);
      await sim.stopTask("default", started[0].arn, "Blox: env revision 1 replaced by 2");
      sim.killTask(started[0].arn);
      expect(sim.getTask("default", started[0].arn)).to.include({
        lastStatus: "STOPPED",
        desiredStatus: "STOPPED",
        stoppedReason: "Blox: env revision 1 replaced by 2",
      });
    });

    it("unhealthy makes tasks of the task definition report UNHEALTHY until cleared", async () => {
      const td = sim.registerTaskDefinition({ family: "web", healthCheck: true });
      const { started } = await sim.startTasks(request(arns.slice(0, 2), { taskDefinition: td }));
      clock.advance(2000);
      sim.injectFault({ kind: "unhealthy", taskDefinition: td });
      expect(sim.getTask("default", started[0].arn)).to.include({ lastStatus: "RUNNING", healthStatus: "UNHEALTHY", healthySince: undefined });
      const later = (await sim.startTasks(request([arns[2]], { taskDefinition: td }))).started[0];
      clock.advance(2000);
      expect(sim.getTask("default", later.arn)).to.include({ lastStatus: "RUNNING", healthStatus: "UNHEALTHY" });
      sim.clearFaults();
      for (const t of [...started, later]) expect(sim.getTask("default", t.arn)).to.include({ healthStatus: "HEALTHY", healthySince: clock.now() });
    });

    it("out-of-resources fails starts on the instance with RESOURCE:MEMORY", async () => {
      sim.injectFault({ kind: "out-of-resources", instanceArn: arns[2] });
      const r = await sim.startTasks(request(arns));
      expect(r.failures).to.deep.equal([{ containerInstanceArn: arns[2], reason: "RESOURCE:MEMORY" }]);
    });

    it("rejects a fault for an unknown cluster", async () => {
      await expectClusterError(() => sim.injectFault({ kind: "never-start", cluster: "nope" }), "ClusterNotFound");
    });
  });

  describe("listAllTasks", () => {
    it("filters by container instance, startedBy, family and desired status", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const [a, b] = [sim.addInstance("default"), sim.addInstance("default")];
      const t1 = (await sim.startTasks(request([a.arn], { taskDefinition: "log:1", startedBy: "blox" }))).started[0];
      const t2 = (await sim.startTasks(request([b.arn], { taskDefinition: "web:3", startedBy: "me" }))).started[0];
      await sim.stopTask("default", t2.arn, "x");
      const arnsOf = (f: Parameters<SimulatedCluster["listAllTasks"]>[1]) => sim.listAllTasks("default", f).map((t) => t.arn);
      expect(arnsOf(undefined)).to.deep.equal([t1.arn, t2.arn]);
      expect(arnsOf({ containerInstance: b.arn })).to.deep.equal([t2.arn]);
      expect(arnsOf({ startedBy: "blox" })).to.deep.equal([t1.arn]);
      expect(arnsOf({ family: "web" })).to.deep.equal([t2.arn]);
      expect(arnsOf({ desiredStatus: "RUNNING" })).to.deep.equal([t1.arn]);
      expect(arnsOf({ desiredStatus: "STOPPED", family: "log" })).to.deep.equal([]);
    });
  });

  describe("action log", () => {
    it("records every start and stop with time, arguments, environment and actor", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      const [a, b] = [sim.addInstance("default"), sim.addInstance("default")];
      const replica1 = sim.withActor("replica-1");
      const replica2 = sim.withActor("replica-2");
      const t0 = clock.now();
      const { started } = await replica1.startTasks(request([a.arn]));
      clock.advance(10);
      await replica2.startTasks(request([b.arn], { tags: { [TAG_ENVIRONMENT_ID]: "env-2" } }));
      clock.advance(10);
      await replica1.stopTask("default", started[0].arn, "bye");
      await sim.startTasks(request([a.arn]));
      const log = sim.actionLog();
      expect(log.map((e) => [e.at - t0, e.actor, e.action, e.environmentId])).to.deep.equal([
        [0, "replica-1", "startTasks", "env-1"],
        [10, "replica-2", "startTasks", "env-2"],
        [20, "replica-1", "stopTask", "env-1"],
        [20, undefined, "startTasks", "env-1"],
      ]);
      expect(log[0].request!.containerInstanceArns).to.deep.equal([a.arn]);
      expect(log[0].result).to.deep.equal({ started: [started[0].arn], failures: [] });
      expect(log[2]).to.include({ taskArn: started[0].arn, reason: "bye", cluster: "default" });
      // The actor view is a full ClusterBackend onto the same cluster.
      expect((await replica2.listTasks("default", "env-1")).map((t) => t.arn)).to.include(started[0].arn);
      expect(await replica2.listInstances("default")).to.have.length(2);
    });
  });

  describe("subscribe", () => {
    it("notifies asynchronously after state changes, coalescing a burst, until unsubscribed", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      sim.createCluster("other");
      let calls = 0;
      let otherCalls = 0;
      const off = sim.subscribe("default", () => calls++);
      sim.subscribe("other", () => otherCalls++);
      const inst = sim.addInstance("default");
      expect(calls).to.equal(0); // not synchronously
      await flush();
      expect(calls).to.equal(1);
      await sim.startTasks(request([inst.arn, inst.arn]));
      await flush();
      expect(calls).to.equal(2);
      clock.advance(2000); // both tasks become RUNNING in one step
      await flush();
      expect(calls).to.equal(3);
      sim.drainInstance("default", inst.arn);
      await flush();
      expect(calls).to.equal(4);
      expect(otherCalls).to.equal(0);
      off();
      sim.removeInstance("default", inst.arn);
      await flush();
      expect(calls).to.equal(4);
    });

    it("keeps notifying other listeners when one throws", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig() });
      let calls = 0;
      sim.subscribe("default", () => {
        throw new Error("boom");
      });
      sim.subscribe("default", () => calls++);
      sim.addInstance("default");
      await flush();
      expect(calls).to.equal(1);
    });
  });

  describe("configuration", () => {
    it("applies configured task definitions, faults by instance index, and timed joins and leaves", async () => {
      sim = createSimulatedCluster({
        clock,
        config: {
          clusters: [{ name: "c1", instances: [{ count: 3, attributes: { stack: "prod" }, memory: 1024 }] }],
          latencies: { startMs: 100, stopMs: 50 },
          taskDefinitions: [{ family: "web", memory: 1024 }],
          faults: [{ kind: "start-failure", instanceIndex: 1, reason: "AGENT", count: 1 }],
          events: [
            { afterMs: 60_000, kind: "add-instances", count: 2, attributes: { stack: "prod" } },
            { afterMs: 90_000, kind: "remove-instance", instanceIndex: 0 },
            { afterMs: 90_000, kind: "drain-instance", instanceIndex: 2 },
          ],
        },
      });
      const instances = await sim.listInstances("c1");
      const r = await sim.startTasks(request(instances.map((i) => i.arn), { cluster: "c1", taskDefinition: "web" }));
      expect(r.failures).to.deep.equal([{ containerInstanceArn: instances[1].arn, reason: "AGENT" }]);
      expect(r.started.map((t) => t.taskDefinition)).to.deep.equal(["web:1", "web:1"]);
      expect((await sim.startTasks(request([instances[0].arn], { cluster: "c1", taskDefinition: "web" }))).failures[0].reason).to.equal("RESOURCE:MEMORY");
      clock.advance(100);
      expect(sim.getTask("c1", r.started[0].arn)!.lastStatus).to.equal("RUNNING");
      clock.advance(60_000);
      expect(await sim.listInstances("c1")).to.have.length(5);
      clock.advance(30_000);
      const after = await sim.listInstances("c1");
      expect(after.map((i) => i.status)).to.deep.equal(["ACTIVE", "DRAINING", "ACTIVE", "ACTIVE"]);
      expect(sim.getTask("c1", r.started[0].arn)!.stoppedReason).to.equal(INSTANCE_DEREGISTERED_REASON);
    });

    it("skips a timed event that no longer applies (draining an instance that already left) instead of throwing from a timer", async () => {
      sim = createSimulatedCluster({
        clock,
        config: {
          clusters: [{ name: "default", instances: [{ count: 2, attributes: {} }] }],
          latencies: { startMs: 100, stopMs: 50 },
          faults: [],
          events: [
            { afterMs: 1_000, kind: "remove-instance", instanceIndex: 0 },
            { afterMs: 2_000, kind: "drain-instance", instanceIndex: 0 },
            { afterMs: 2_000, kind: "drain-instance", instanceIndex: 1 },
          ],
        },
      });
      const [first] = await sim.listInstances("default");
      // A timer that throws would crash the server on the system clock.
      expect(() => clock.advance(3_000)).not.to.throw();
      expect(sim.getInstance("default", first!.arn)!.status).to.equal("INACTIVE");
      expect((await sim.listInstances("default")).map((i) => i.status)).to.deep.equal(["DRAINING"]);
    });

    it("runs in real time on the system clock", async () => {
      sim = createSimulatedCluster({ clock: systemClock, config: emptyConfig({ latencies: { startMs: 5, stopMs: 5 } }) });
      const inst = sim.addInstance("default");
      const { started } = await sim.startTasks(request([inst.arn]));
      let notified = 0;
      sim.subscribe("default", () => notified++);
      const deadline = Date.now() + 2000;
      while (sim.getTask("default", started[0].arn)!.lastStatus !== "RUNNING" && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(sim.getTask("default", started[0].arn)!.lastStatus).to.equal("RUNNING");
      expect(notified).to.be.greaterThan(0);
    });

    it("close() cancels pending timers", async () => {
      sim = createSimulatedCluster({ clock, config: emptyConfig({ events: [{ afterMs: 10, kind: "add-instances", count: 1, attributes: {} }] }) });
      const inst = sim.addInstance("default");
      await sim.startTasks(request([inst.arn]));
      expect(clock.pending()).to.equal(2);
      await sim.close();
      expect(clock.pending()).to.equal(0);
    });
  });
});

// The real SDK over real HTTP: ECS backend → ECSClient → local endpoint →
// simulated cluster on a fake clock.

import {
  DescribeClustersCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListClustersCommand,
  RegisterTaskDefinitionCommand,
} from "@aws-sdk/client-ecs";
import { expect } from "chai";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ClusterError, type StartTasksRequest } from "../../server/cluster/backend.js";
import { TAG_ENVIRONMENT, TAG_ENVIRONMENT_ID, TAG_REVISION } from "../../server/domain/cluster.js";
import { createEcsBackend, type EcsBackend } from "../../server/cluster/ecs/ecs-backend.js";
import { startedByFor } from "../../server/domain/task-naming.js";
import { createEcsEndpoint, type EcsEndpoint } from "../../tools/ecs-endpoint/ecs-endpoint.js";
import { createSimulatedCluster, type SimulatedCluster } from "../../server/cluster/simulator/simulated-cluster.js";
import type { SimConfig } from "../../server/cluster/simulator/types.js";
import { createFakeClock, type FakeClock } from "../support/fake-clock.js";

const ENV_ID = "env-integration-1";
const CONFIG: SimConfig = {
  clusters: [
    {
      name: "default",
      instances: [
        { count: 100, attributes: { stack: "prod" } },
        { count: 5, attributes: { stack: "gamma" } },
      ],
    },
  ],
  latencies: { startMs: 2000, stopMs: 1000 },
  faults: [],
  taskDefinitions: [],
  events: [],
};

describe("ecs backend ↔ local ECS endpoint (real SDK, real HTTP)", function () {
  let clock: FakeClock;
  let sim: SimulatedCluster;
  let endpoint: EcsEndpoint;
  let url: string;
  let sleeps: number[];
  const clients: ECSClient[] = [];

  function sdkClient(): ECSClient {
    const c = new ECSClient({
      region: "us-east-1",
      endpoint: url,
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "dummy" },
      maxAttempts: 1,
    });
    clients.push(c);
    return c;
  }

  function newBackend(): EcsBackend {
    return createEcsBackend({
      client: sdkClient(),
      random: () => 0.5,
      // Backoff and rate-limit waits are recorded and pass on the fake clock
      // (the simulated cluster moves on meanwhile, as a real one would).
      clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
    });
  }

  function request(instances: string[], over: Partial<StartTasksRequest> = {}): StartTasksRequest {
    return {
      cluster: "default",
      taskDefinition: "log-daemon:1",
      containerInstanceArns: instances,
      group: "blox:SomeEnvironment/Prod",
      startedBy: startedByFor(ENV_ID),
      tags: { [TAG_ENVIRONMENT_ID]: ENV_ID, [TAG_ENVIRONMENT]: "SomeEnvironment/Prod", [TAG_REVISION]: "1" },
      ...over,
    };
  }

  beforeEach(async () => {
    clock = createFakeClock();
    sim = createSimulatedCluster({ clock, config: CONFIG });
    endpoint = createEcsEndpoint({ cluster: sim, clock });
    url = await endpoint.listen(0);
    sleeps = [];
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await endpoint.close();
    await sim.close();
  });

  it("lists instances, all pages, with the cluster-query filter applied by the endpoint", async () => {
    const b = newBackend();
    const all = await b.listInstances("default");
    expect(all).to.have.length(105);
    expect(b.callCounts()).to.deep.equal({ ListContainerInstances: 2, DescribeContainerInstances: 2 });
    const expected = await sim.listInstances("default");
    const one = expected[0]!;
    expect(all.find((i) => i.arn === one.arn)).to.deep.equal(one);

    const gamma = await b.listInstances("default", "attribute:stack == gamma");
    expect(gamma).to.have.length(5);
    expect(gamma.every((i) => i.attributes.stack === "gamma")).to.equal(true);
    // The doc's list form is accepted too.
    expect(await b.listInstances("default", "attribute:stack in (gamma, nope)")).to.have.length(5);
  });

  it("rolls out over 100 instances with ceil(100/10) StartTask calls, observes by tags, survives a restart, stops", async () => {
    const b = newBackend();
    const prod = await b.listInstances("default", "attribute:stack == prod");
    expect(prod).to.have.length(100);
    b.resetCallCounts();
    endpoint.resetCounts();

    const res = await b.startTasks(request(prod.map((i) => i.arn)));
    expect(res.failures).to.deep.equal([]);
    expect(res.started).to.have.length(100);
    expect(b.callCounts()).to.deep.equal({ StartTask: 10 });
    expect(endpoint.requestCounts()).to.deep.equal({ StartTask: 10 });
    expect(res.started[0]!.tags).to.deep.equal(request([]).tags);
    expect(res.started[0]!.createdAt).to.equal(clock.now()); // epoch seconds on the wire, ms back

    // A foreign task with the same startedBy but another environment's tag is not ours.
    await sim.startTasks(request([prod[0]!.arn], { tags: { [TAG_ENVIRONMENT_ID]: "someone-else" } }));

    clock.advance(2000);
    const tasks = await b.listTasks("default", ENV_ID);
    expect(tasks).to.have.length(100);
    expect(new Set(tasks.map((t) => t.containerInstanceArn)).size).to.equal(100);
    for (const t of tasks) {
      expect(t).to.include({ lastStatus: "RUNNING", desiredStatus: "RUNNING", taskDefinition: "log-daemon:1", group: "blox:SomeEnvironment/Prod" });
      expect(t.healthStatus).to.equal(undefined); // no health check: ECS's UNKNOWN is resolved via the task definition
      expect(t.healthySince).to.equal(t.startedAt);
    }

    // A restarted server (fresh backend, no memory) finds the same tasks from tags alone.
    const restarted = newBackend();
    const again = await restarted.listTasks("default", ENV_ID);
    expect(again.map((t) => t.arn).sort()).to.deep.equal(tasks.map((t) => t.arn).sort());

    const victim = tasks[0]!;
    await b.stopTask("default", victim.arn, "Blox: SomeEnvironment/Prod revision 1 replaced by 2");
    clock.advance(1000);
    const after = await b.listTasks("default", ENV_ID);
    const stopped = after.find((t) => t.arn === victim.arn)!;
    expect(stopped).to.include({ lastStatus: "STOPPED", desiredStatus: "STOPPED", stoppedReason: "Blox: SomeEnvironment/Prod revision 1 replaced by 2" });
    expect(stopped.stoppedAt).to.equal(clock.now());
    expect(after.filter((t) => t.lastStatus === "RUNNING")).to.have.length(99);
    // Stopping again is harmless.
    await b.stopTask("default", victim.arn, "again");
  });

  it("reports per-instance start failures from the cluster", async () => {
    const b = newBackend();
    const prod = (await b.listInstances("default", "attribute:stack == prod")).slice(0, 3);
    sim.injectFault({ kind: "out-of-resources", instanceArn: prod[1]!.arn });
    const res = await b.startTasks(request([...prod.map((i) => i.arn), "arn:aws:ecs:us-east-1:000000000000:container-instance/default/ffff"]));
    expect(res.started.map((t) => t.containerInstanceArn)).to.deep.equal([prod[0]!.arn, prod[2]!.arn]);
    expect(res.failures).to.deep.equal([
      { containerInstanceArn: "arn:aws:ecs:us-east-1:000000000000:container-instance/default/ffff", reason: "MISSING" },
      { containerInstanceArn: prod[1]!.arn, reason: "RESOURCE:MEMORY" },
    ]);
  });

  it("tells a warming-up health check (UNKNOWN) from none", async () => {
    sim.registerTaskDefinition({ family: "checked", healthCheck: { healthyAfterMs: 5000 } });
    const b = newBackend();
    const [ci] = await b.listInstances("default", "attribute:stack == gamma");
    await b.startTasks(request([ci!.arn], { taskDefinition: "checked:1" }));
    clock.advance(2000);
    const [warming] = await b.listTasks("default", ENV_ID);
    expect(warming).to.include({ lastStatus: "RUNNING", healthStatus: "UNKNOWN" });
    expect(warming!.healthySince).to.equal(undefined);
    clock.advance(5000);
    const observedAt = clock.now();
    const [healthy] = await b.listTasks("default", ENV_ID);
    expect(healthy).to.include({ healthStatus: "HEALTHY", healthySince: observedAt });
    expect(b.callCounts().DescribeTaskDefinition).to.equal(1);
  });

  describe("errors round-trip as ClusterError", () => {
    const cases: [string, (b: EcsBackend) => Promise<unknown>, ClusterError["kind"]][] = [
      ["unknown cluster (listInstances)", (b) => b.listInstances("nope"), "ClusterNotFound"],
      ["unknown cluster (listTasks)", (b) => b.listTasks("nope", ENV_ID), "ClusterNotFound"],
      ["unknown cluster (stopTask)", (b) => b.stopTask("nope", "arn:x/y", "r"), "ClusterNotFound"],
      [
        "a bare family that was never registered",
        async (b) => b.startTasks(request([(await b.listInstances("default"))[0]!.arn], { taskDefinition: "never-registered" })),
        "InvalidTaskDefinition",
      ],
      [
        "a malformed task definition",
        async (b) => b.startTasks(request([(await b.listInstances("default"))[0]!.arn], { taskDefinition: "bad def:x" })),
        "InvalidTaskDefinition",
      ],
      ["a filter that does not parse", (b) => b.listInstances("default", "attribute:stack =="), "Other"],
    ];
    for (const [name, run, kind] of cases) {
      it(name, async () => {
        const b = newBackend();
        const err = await run(b).catch((e: unknown) => e);
        expect(err).to.be.instanceOf(ClusterError);
        expect((err as ClusterError).kind, (err as Error).message).to.equal(kind);
        expect(sleeps).to.deep.equal([]); // persistent: never retried
      });
    }
  });

  it("backs off on the endpoint's injected ThrottlingException and completes without a storm", async () => {
    endpoint.setThrottle({ everyNth: 2 });
    const b = newBackend();
    const all = await b.listInstances("default");
    expect(all).to.have.length(105);
    const throttled = Object.values(endpoint.throttledCounts()).reduce((a, n) => a + n, 0);
    expect(throttled).to.be.greaterThan(0);
    expect(Object.values(b.retryCounts()).reduce((a, n) => a + n, 0)).to.equal(throttled);
    // Each throttle costs exactly one extra call: 4 needed + 1 per throttle.
    const calls = Object.values(b.callCounts()).reduce((a, n) => a + n, 0);
    expect(calls).to.equal(4 + throttled);
    expect(sleeps.filter((ms) => ms >= 50)).to.have.length.at.least(throttled);
  });

  it("gives up with Unavailable when throttling never ends, after a bounded number of calls", async () => {
    endpoint.setThrottle({ everyNth: 1 });
    const b = newBackend();
    const err = await b.listInstances("default").catch((e: unknown) => e);
    expect((err as ClusterError).kind).to.equal("Unavailable");
    expect(endpoint.requestCounts()).to.deep.equal({ ListContainerInstances: 6 });
  });

  it("serves ListClusters, DescribeClusters, RegisterTaskDefinition and DescribeTaskDefinition", async () => {
    const c = sdkClient();
    expect((await c.send(new ListClustersCommand({}))).clusterArns).to.deep.equal(["arn:aws:ecs:us-east-1:000000000000:cluster/default"]);
    const described = await c.send(new DescribeClustersCommand({ clusters: ["default", "missing"] }));
    expect(described.clusters![0]).to.include({ clusterName: "default", status: "ACTIVE", registeredContainerInstancesCount: 105 });
    expect(described.failures).to.deep.equal([{ arn: "arn:aws:ecs:us-east-1:000000000000:cluster/missing", reason: "MISSING" }]);

    const reg = await c.send(
      new RegisterTaskDefinitionCommand({ family: "web", containerDefinitions: [{ name: "web", image: "nginx", memory: 128 }] }),
    );
    expect(reg.taskDefinition).to.include({ family: "web", revision: 1, status: "ACTIVE" });
    const reg2 = await c.send(
      new RegisterTaskDefinitionCommand({ family: "web", containerDefinitions: [{ name: "web", image: "nginx:2", memory: 128 }] }),
    );
    expect(reg2.taskDefinition!.revision).to.equal(2);
    const latest = await c.send(new DescribeTaskDefinitionCommand({ taskDefinition: "web" }));
    expect(latest.taskDefinition).to.include({ taskDefinitionArn: "arn:aws:ecs:us-east-1:000000000000:task-definition/web:2" });
    expect(latest.taskDefinition!.containerDefinitions![0]!.image).to.equal("nginx:2");
    // Any family:revision is accepted, registered or not.
    const any = await c.send(new DescribeTaskDefinitionCommand({ taskDefinition: "log-daemon:7" }));
    expect(any.taskDefinition).to.include({ family: "log-daemon", revision: 7 });
  });
});

describe("ecs backend: an ECS endpoint that never answers", () => {
  const saved: Record<string, string | undefined> = {};
  let server: Server;
  let url: string;
  before(async () => {
    for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) saved[k] = process.env[k];
    process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
    process.env.AWS_SECRET_ACCESS_KEY = "dummy";
    delete process.env.AWS_SESSION_TOKEN;
    // Accepts the request and never responds (a stuck proxy, a black-holed connection).
    server = createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("times a call out and retries it a bounded number of times instead of hanging the observation", async () => {
    const b = createEcsBackend({ region: "us-east-1", endpoint: url, requestTimeoutMs: 150, maxAttempts: 2, sleep: async () => {} });
    try {
      const started = Date.now();
      const err = await b.listInstances("default").catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ClusterError);
      expect((err as ClusterError).kind, (err as Error).message).to.equal("Unavailable");
      expect(b.callCounts()).to.deep.equal({ ListContainerInstances: 2 });
      expect(Date.now() - started).to.be.below(5_000);
    } finally {
      await b.close();
    }
  });
});

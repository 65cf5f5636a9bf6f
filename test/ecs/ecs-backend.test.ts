import {
  AccessDeniedException,
  ClientException,
  ClusterNotFoundException,
  DescribeContainerInstancesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListContainerInstancesCommand,
  ListTasksCommand,
  ServerException,
  StartTaskCommand,
  StopTaskCommand,
  type Task,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { ClusterError } from "../../server/cluster/backend.js";
import { TAG_ENVIRONMENT_ID, TAG_REVISION } from "../../server/domain/cluster.js";
import { createEcsBackend, type EcsBackendOptions } from "../../server/cluster/ecs/ecs-backend.js";
import { startedByFor } from "../../server/domain/task-naming.js";

const CLUSTER = "default";
const ENV_ID = "env-0001";
const ciArn = (i: number) => `arn:aws:ecs:us-east-1:123456789012:container-instance/default/ci${String(i).padStart(4, "0")}`;
const taskArn = (i: number) => `arn:aws:ecs:us-east-1:123456789012:task/default/t${String(i).padStart(5, "0")}`;

function awsError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status } });
}

/** Virtual time: sleeps are recorded and move `now`, nothing really waits. */
function virtualTime() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  const opts: Pick<EcsBackendOptions, "clock" | "sleep"> = {
    clock: { now: () => t, setTimer: () => () => {} },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
  return { sleeps, opts, now: () => t };
}

function ecsTask(i: number, over: Partial<Task> = {}): Task {
  return {
    taskArn: taskArn(i),
    containerInstanceArn: ciArn(i),
    taskDefinitionArn: "arn:aws:ecs:us-east-1:123456789012:task-definition/log-daemon:2",
    group: "blox:env",
    startedBy: startedByFor(ENV_ID),
    lastStatus: "RUNNING",
    desiredStatus: "RUNNING",
    createdAt: new Date(1_000),
    startedAt: new Date(2_000),
    tags: [
      { key: TAG_ENVIRONMENT_ID, value: ENV_ID },
      { key: TAG_REVISION, value: "2" },
    ],
    ...over,
  };
}

// The mock patches ECSClient.prototype: install it only while these tests run,
// so real clients in other files (tests over HTTP) are not intercepted.
const mockEcs = () => mockClient(ECSClient);

describe("ecs backend (aws-sdk-client-mock)", () => {
  let ecs: ReturnType<typeof mockEcs>;
  before(() => {
    ecs = mockEcs();
  });
  beforeEach(() => ecs.reset());
  after(() => ecs.restore());

  function backend(extra: EcsBackendOptions = {}) {
    const vt = virtualTime();
    const b = createEcsBackend({ client: new ECSClient({ region: "us-east-1" }), random: () => 0.5, ...vt.opts, ...extra });
    return { b, vt };
  }

  describe("startTasks", () => {
    it("batches 10 instances per StartTask call (25 → 3 calls) with group, startedBy, tags", async () => {
      ecs.on(StartTaskCommand).callsFake((input) => ({
        tasks: input.containerInstances.map((ci: string) => ecsTask(Number(ci.slice(-4)), { lastStatus: "PENDING" })),
        failures: [],
      }));
      const { b } = backend();
      const instances = Array.from({ length: 25 }, (_, i) => ciArn(i));
      const res = await b.startTasks({
        cluster: CLUSTER,
        taskDefinition: "log-daemon:2",
        containerInstanceArns: instances,
        group: "blox:env",
        startedBy: startedByFor(ENV_ID),
        tags: { [TAG_ENVIRONMENT_ID]: ENV_ID, [TAG_REVISION]: "2", "blox:environment": "Some<Env>" },
      });
      const calls = ecs.commandCalls(StartTaskCommand);
      expect(calls.map((c) => c.args[0].input.containerInstances!.length)).to.deep.equal([10, 10, 5]);
      expect(calls.flatMap((c) => c.args[0].input.containerInstances)).to.deep.equal(instances);
      for (const c of calls) {
        const input = c.args[0].input;
        expect(input.group).to.equal("blox:env");
        expect(input.startedBy).to.equal(startedByFor(ENV_ID));
        expect(input.propagateTags).to.equal("NONE");
        // '<' and '>' are not allowed in ECS tag values: sanitized, not rejected.
        expect(input.tags).to.deep.include({ key: "blox:environment", value: "Some_Env_" });
      }
      expect(res.started).to.have.length(25);
      expect(res.failures).to.deep.equal([]);
      expect(b.callCounts()).to.deep.equal({ StartTask: 3 });
    });

    for (const [n, sizes] of [[1, [1]], [10, [10]], [11, [10, 1]], [20, [10, 10]], [21, [10, 10, 1]]] as const) {
      it(`splits ${n} instances into StartTask calls of ${JSON.stringify(sizes)}`, async () => {
        ecs.on(StartTaskCommand).callsFake((input) => ({ tasks: input.containerInstances.map((ci: string) => ecsTask(Number(ci.slice(-4)))) }));
        const { b } = backend();
        const res = await b.startTasks({
          cluster: CLUSTER, taskDefinition: "t:1", containerInstanceArns: Array.from({ length: n }, (_, i) => ciArn(i)), group: "g", startedBy: "blox-x", tags: {},
        });
        expect(ecs.commandCalls(StartTaskCommand).map((c) => c.args[0].input.containerInstances!.length)).to.deep.equal(sizes);
        expect(res.started).to.have.length(n);
      });
    }

    it("returns per-instance failures without throwing", async () => {
      ecs.on(StartTaskCommand).callsFake((input) => {
        const [first, ...rest] = input.containerInstances as string[];
        return {
          tasks: [ecsTask(Number(first!.slice(-4)))],
          failures: rest.map((arn) => ({ arn, reason: "RESOURCE:MEMORY" })),
        };
      });
      const { b } = backend();
      const res = await b.startTasks({
        cluster: CLUSTER,
        taskDefinition: "log-daemon:2",
        containerInstanceArns: [ciArn(1), ciArn(2), ciArn(3)],
        group: "g",
        startedBy: startedByFor(ENV_ID),
        tags: { [TAG_ENVIRONMENT_ID]: ENV_ID },
      });
      expect(res.started.map((t) => t.containerInstanceArn)).to.deep.equal([ciArn(1)]);
      expect(res.failures).to.deep.equal([
        { containerInstanceArn: ciArn(2), reason: "RESOURCE:MEMORY" },
        { containerInstanceArn: ciArn(3), reason: "RESOURCE:MEMORY" },
      ]);
    });

    it("reports the rest as failures when a later batch hits a persistent error", async () => {
      ecs
        .on(StartTaskCommand)
        .callsFakeOnce((input) => ({ tasks: input.containerInstances.map((_: string, i: number) => ecsTask(i)) }))
        .rejects(new ClusterNotFoundException({ message: "Cluster not found.", $metadata: {} }));
      const { b } = backend();
      const res = await b.startTasks({
        cluster: CLUSTER,
        taskDefinition: "log-daemon:2",
        containerInstanceArns: Array.from({ length: 15 }, (_, i) => ciArn(i)),
        group: "g",
        startedBy: "blox-x",
        tags: {},
      });
      expect(res.started).to.have.length(10);
      expect(res.failures).to.have.length(5);
      expect(res.failures[0]!.reason).to.match(/^ClusterNotFound/);
    });

    it("maps an unknown task definition to ClusterError InvalidTaskDefinition", async () => {
      ecs.on(StartTaskCommand).rejects(new ClientException({ message: "TaskDefinition not found.", $metadata: {} }));
      const { b } = backend();
      const err = await b
        .startTasks({ cluster: CLUSTER, taskDefinition: "nope:1", containerInstanceArns: [ciArn(1)], group: "g", startedBy: "blox-x", tags: {} })
        .catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ClusterError);
      expect((err as ClusterError).kind).to.equal("InvalidTaskDefinition");
      expect(ecs.commandCalls(StartTaskCommand)).to.have.length(1); // persistent: not retried
    });

    const badRequests: [string, Record<string, unknown>, RegExp][] = [
      ["startedBy longer than 36", { startedBy: "x".repeat(37) }, /startedBy/],
      ["startedBy with a space", { startedBy: "a b" }, /startedBy/],
      ["tag key with aws: prefix", { tags: { "aws:x": "1" } }, /aws:/],
      ["tag key with a bad char", { tags: { "a*b": "1" } }, /a\*b/],
      ["tag key of 129 chars", { tags: { ["k".repeat(129)]: "1" } }, /key must be/],
      ["empty task definition", { taskDefinition: "" }, /taskDefinition/],
    ];
    for (const [name, over, msg] of badRequests) {
      it(`rejects ${name} before calling ECS`, async () => {
        const { b } = backend();
        const req = { cluster: CLUSTER, taskDefinition: "t:1", containerInstanceArns: [ciArn(1)], group: "g", startedBy: "blox-x", tags: {}, ...over };
        const err = await b.startTasks(req as never).catch((e: unknown) => e);
        expect(err).to.be.instanceOf(Error);
        expect((err as Error).message).to.match(msg);
        expect(ecs.calls()).to.have.length(0);
      });
    }

    it("never sends a tag value with the reserved aws: prefix (an environment may be named aws:prod)", async () => {
      ecs.on(StartTaskCommand).resolves({ tasks: [] });
      const { b } = backend();
      const tags = { "blox:environment": "aws:prod", other: "AWS:x" + "y".repeat(300), plain: "prod:aws:x" };
      await b.startTasks({ cluster: CLUSTER, taskDefinition: "t:1", containerInstanceArns: [ciArn(1)], group: "g", startedBy: "blox-x", tags });
      const sent = ecs.commandCalls(StartTaskCommand)[0]!.args[0].input.tags!;
      for (const t of sent) {
        expect(t.value!.toLowerCase().startsWith("aws:"), t.key).to.equal(false);
        expect(Array.from(t.value!).length).to.be.at.most(256);
      }
      expect(sent.find((t) => t.key === "blox:environment")!.value).to.contain("aws:prod");
      expect(sent.find((t) => t.key === "plain")!.value).to.equal("prod:aws:x");
    });

    it("truncates tag values to 256 characters", async () => {
      ecs.on(StartTaskCommand).resolves({ tasks: [] });
      const { b } = backend();
      await b.startTasks({ cluster: CLUSTER, taskDefinition: "t:1", containerInstanceArns: [ciArn(1)], group: "g", startedBy: "blox-x", tags: { k: "v".repeat(300) } });
      expect(ecs.commandCalls(StartTaskCommand)[0]!.args[0].input.tags![0]!.value).to.have.length(256);
    });
  });

  describe("throttling", () => {
    it("backs off with growing jittered delays and then succeeds", async () => {
      ecs
        .on(StopTaskCommand)
        .rejectsOnce(awsError("ThrottlingException", 400, "Rate exceeded"))
        .rejectsOnce(awsError("ThrottlingException", 400, "Rate exceeded"))
        .rejectsOnce(new ServerException({ message: "boom", $metadata: { httpStatusCode: 500 } }))
        .resolves({});
      const { b, vt } = backend({ baseDelayMs: 100, maxDelayMs: 10_000 });
      await b.stopTask(CLUSTER, taskArn(1), "Blox: env revision 1 replaced");
      expect(ecs.commandCalls(StopTaskCommand)).to.have.length(4);
      // random() = 0.5 → half of 100·2^n; bucket waits may add small refill sleeps.
      const backoffs = vt.sleeps.filter((ms) => ms >= 50);
      expect(backoffs).to.deep.equal([50, 100, 200]);
      expect(b.callCounts()).to.deep.equal({ StopTask: 4 });
      expect(b.retryCounts()).to.deep.equal({ StopTask: 3 });
    });

    it("is bounded: persistent throttling → ClusterError Unavailable after maxAttempts calls, never a storm", async () => {
      ecs.on(ListContainerInstancesCommand).rejects(awsError("ThrottlingException", 400));
      const { b, vt } = backend({ maxAttempts: 5, baseDelayMs: 100, random: () => 1 - Number.EPSILON });
      const err = await b.listInstances(CLUSTER).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ClusterError);
      expect((err as ClusterError).kind).to.equal("Unavailable");
      expect(ecs.commandCalls(ListContainerInstancesCommand)).to.have.length(5);
      const total = vt.sleeps.reduce((a, s) => a + s, 0);
      expect(total).to.be.at.least(100 + 200 + 400 + 800 - 4);
    });

    for (const [name, status] of [
      ["TooManyRequestsException", 429],
      ["RequestLimitExceeded", 400],
      ["ServiceUnavailable", 503],
      // A bare HTTP 408 (the SDK names it Unknown) and its modeled form: transient, like a 5xx.
      ["Unknown", 408],
      ["RequestTimeoutException", 408],
      ["Unknown", 502],
    ] as const) {
      it(`retries ${name} (HTTP ${status})`, async () => {
        ecs.on(StopTaskCommand).rejectsOnce(awsError(name, status)).resolves({});
        const { b } = backend();
        await b.stopTask(CLUSTER, taskArn(1), "r");
        expect(ecs.commandCalls(StopTaskCommand)).to.have.length(2);
      });
    }

    it("rate-limits each cluster to its token bucket", async () => {
      ecs.on(StopTaskCommand).resolves({});
      const { b, vt } = backend({ rateLimitPerSecond: 10, burst: 5 });
      const start = vt.now();
      for (let i = 0; i < 25; i++) await b.stopTask(CLUSTER, taskArn(i), "r");
      // 5 from the burst, 20 more at 10/s → about 2 s of virtual time.
      expect(vt.now() - start).to.be.within(1_900, 2_100);
      // Another cluster has its own bucket and its own burst.
      const t2 = vt.now();
      for (let i = 0; i < 5; i++) await b.stopTask("other", taskArn(i), "r");
      expect(vt.now() - t2).to.equal(0);
    });
  });

  describe("errors", () => {
    const table: [string, Error, ClusterError["kind"]][] = [
      ["ExpiredTokenException", awsError("ExpiredTokenException", 400), "AccessDenied"],
      ["UnrecognizedClientException", awsError("UnrecognizedClientException", 400), "AccessDenied"],
      ["InvalidSignatureException", awsError("InvalidSignatureException", 400), "AccessDenied"],
      ["AccessDeniedException", new AccessDeniedException({ message: "no", $metadata: {} }), "AccessDenied"],
      ["CredentialsProviderError", Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }), "AccessDenied"],
      ["ClusterNotFoundException", new ClusterNotFoundException({ message: "Cluster not found.", $metadata: {} }), "ClusterNotFound"],
    ];
    for (const [name, error, kind] of table) {
      it(`${name} → ClusterError ${kind}, not retried`, async () => {
        ecs.on(ListContainerInstancesCommand).rejects(error);
        const { b, vt } = backend();
        const err = await b.listInstances(CLUSTER).catch((e: unknown) => e);
        expect(err).to.be.instanceOf(ClusterError);
        expect((err as ClusterError).kind).to.equal(kind);
        expect((err as ClusterError).message).to.contain("ListContainerInstances");
        expect(ecs.commandCalls(ListContainerInstancesCommand)).to.have.length(1);
        expect(vt.sleeps).to.deep.equal([]);
      });
    }

    it("stopTask of a task ECS no longer knows is a no-op", async () => {
      ecs.on(StopTaskCommand).rejects(Object.assign(awsError("InvalidParameterException", 400, "The referenced task was not found.")));
      const { b } = backend();
      await b.stopTask(CLUSTER, taskArn(1), "r");
    });

    it("stop reasons are clamped to 255 characters", async () => {
      ecs.on(StopTaskCommand).resolves({});
      const { b } = backend();
      await b.stopTask(CLUSTER, taskArn(1), "r".repeat(400));
      expect(Array.from(ecs.commandCalls(StopTaskCommand)[0]!.args[0].input.reason!)).to.have.length(255);
    });
    it("stop reasons fit 255 UTF-16 units too, without splitting a surrogate pair", async () => {
      ecs.on(StopTaskCommand).resolves({});
      const { b } = backend();
      // 200 characters, 400 UTF-16 units (mathematical bold letters are outside the BMP).
      await b.stopTask(CLUSTER, taskArn(1), "Blox: " + "\u{1D400}".repeat(200));
      await b.withActor("r1#2").stopTask(CLUSTER, taskArn(2), "Blox: " + "\u{1D400}".repeat(200));
      for (const call of ecs.commandCalls(StopTaskCommand)) {
        const sent = call.args[0].input.reason!;
        expect(sent.length).to.be.at.most(255);
        expect(sent).to.match(/^Blox: \u{1D400}/u);
        expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(sent)).to.equal(false);
      }
    });
  });

  describe("listInstances", () => {
    it("follows every ListContainerInstances page and describes in batches of 100", async () => {
      const all = Array.from({ length: 250 }, (_, i) => ciArn(i));
      ecs.on(ListContainerInstancesCommand).callsFake((input) => {
        const start = input.nextToken ? Number(input.nextToken) : 0;
        const size = Math.min(input.maxResults ?? 100, 100);
        const page = all.slice(start, start + size);
        return { containerInstanceArns: page, nextToken: start + size < all.length ? String(start + size) : undefined };
      });
      ecs.on(DescribeContainerInstancesCommand).callsFake((input) => ({
        containerInstances: (input.containerInstances as string[]).map((arn) => {
          const i = Number(arn.slice(-4));
          return {
            containerInstanceArn: arn,
            ec2InstanceId: `i-${i}`,
            status: i === 7 ? "DRAINING" : i === 8 ? "REGISTERING" : "ACTIVE",
            agentConnected: true,
            versionInfo: { agentVersion: "1.75.0" },
            registeredAt: new Date(5_000),
            runningTasksCount: 1,
            pendingTasksCount: 0,
            attributes: [{ name: "stack", value: i % 2 ? "prod" : "gamma" }, { name: "ecs.capability.x" }],
          };
        }),
      }));
      const { b } = backend();
      const got = await b.listInstances(CLUSTER, "attribute:stack in [prod, gamma]");
      const listCalls = ecs.commandCalls(ListContainerInstancesCommand);
      expect(listCalls.map((c) => c.args[0].input.nextToken)).to.deep.equal([undefined, "100", "200"]);
      for (const c of listCalls) {
        expect(c.args[0].input.filter).to.equal("attribute:stack in [prod, gamma]");
        expect(c.args[0].input.status).to.equal(undefined); // ACTIVE and DRAINING in one listing
      }
      expect(ecs.commandCalls(DescribeContainerInstancesCommand).map((c) => c.args[0].input.containerInstances!.length)).to.deep.equal([100, 100, 50]);
      expect(got).to.have.length(249); // REGISTERING dropped
      expect(got.find((c) => c.arn === ciArn(7))!.status).to.equal("DRAINING");
      expect(got[1]).to.deep.equal({
        arn: ciArn(1),
        ec2InstanceId: "i-1",
        status: "ACTIVE",
        attributes: { stack: "prod", "ecs.capability.x": "" },
        agentConnected: true,
        agentVersion: "1.75.0",
        registeredAt: 5_000,
        runningTasksCount: 1,
        pendingTasksCount: 0,
      });
      expect(b.callCounts()).to.deep.equal({ ListContainerInstances: 3, DescribeContainerInstances: 3 });
    });

    it("sends the filter in ECS's own syntax ([a, b] lists, symbolic operators) and rejects one that does not parse before calling ECS", async () => {
      ecs.on(ListContainerInstancesCommand).resolves({ containerInstanceArns: [] });
      const { b } = backend();
      await b.listInstances(CLUSTER, "attribute:stack in (prod, gamma) and attribute:gpu not_exists");
      await b.listInstances(CLUSTER, "   ");
      const filters = ecs.commandCalls(ListContainerInstancesCommand).map((c) => c.args[0].input.filter);
      expect(filters).to.deep.equal(["attribute:stack in [prod, gamma] and attribute:gpu !exists", undefined]);
      ecs.resetHistory();
      const err = await b.listInstances(CLUSTER, "attribute:stack ==").catch((e: unknown) => e);
      expect((err as Error).message).to.match(/filter.*position 18/);
      expect(ecs.calls()).to.have.length(0);
    });

    it("follows a page that is empty but carries a nextToken, and describes 100 / 101 instances in 1 / 2 batches", async () => {
      for (const n of [100, 101]) {
        ecs.reset();
        const all = Array.from({ length: n }, (_, i) => ciArn(i));
        ecs.on(ListContainerInstancesCommand).callsFake((input) =>
          input.nextToken === undefined ? { containerInstanceArns: [], nextToken: "t1" } : input.nextToken === "t1" ? { containerInstanceArns: all, nextToken: "" } : {},
        );
        ecs.on(DescribeContainerInstancesCommand).callsFake((input) => ({
          containerInstances: (input.containerInstances as string[]).map((arn) => ({ containerInstanceArn: arn, status: "ACTIVE" })),
        }));
        const { b } = backend();
        expect(await b.listInstances(CLUSTER)).to.have.length(n);
        expect(ecs.commandCalls(ListContainerInstancesCommand)).to.have.length(2);
        expect(ecs.commandCalls(DescribeContainerInstancesCommand).map((c) => c.args[0].input.containerInstances!.length)).to.deep.equal(n === 100 ? [100] : [100, 1]);
      }
    });

    it("fails clearly instead of looping when ECS hands back a nextToken it already gave", async () => {
      ecs.on(ListTasksCommand).resolves({ taskArns: [taskArn(1)], nextToken: "same" });
      const { b } = backend();
      const err = await b.listTasks(CLUSTER, ENV_ID).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ClusterError);
      expect((err as Error).message).to.match(/nextToken repeated/);
      expect(ecs.commandCalls(ListTasksCommand)).to.have.length(2);
    });

    it("lists an instance once even when ECS repeats it across pages", async () => {
      ecs.on(ListContainerInstancesCommand).callsFake((input) =>
        input.nextToken ? { containerInstanceArns: [ciArn(2), ciArn(3)] } : { containerInstanceArns: [ciArn(1), ciArn(2)], nextToken: "p2" },
      );
      ecs.on(DescribeContainerInstancesCommand).callsFake((input) => ({
        containerInstances: (input.containerInstances as string[]).map((arn) => ({ containerInstanceArn: arn, status: "ACTIVE" })),
      }));
      const { b } = backend();
      const got = await b.listInstances(CLUSTER);
      expect(got.map((i) => i.arn)).to.deep.equal([ciArn(1), ciArn(2), ciArn(3)]);
      expect(ecs.commandCalls(DescribeContainerInstancesCommand)[0]!.args[0].input.containerInstances).to.deep.equal([ciArn(1), ciArn(2), ciArn(3)]);
    });
  });

  describe("listTasks", () => {
    function serveTasks(tasks: Task[]) {
      ecs.on(ListTasksCommand).callsFake((input) => {
        const matching = tasks.filter((t) => t.startedBy === input.startedBy && t.desiredStatus === (input.desiredStatus ?? "RUNNING"));
        const start = input.nextToken ? Number(input.nextToken) : 0;
        const size = input.maxResults ?? 100;
        return {
          taskArns: matching.slice(start, start + size).map((t) => t.taskArn),
          nextToken: start + size < matching.length ? String(start + size) : undefined,
        };
      });
      ecs.on(DescribeTasksCommand).callsFake((input) => ({
        tasks: tasks.filter((t) => (input.tasks as string[]).includes(t.taskArn!)),
      }));
    }

    it("pages RUNNING and STOPPED, describes in batches of 100 with TAGS, keeps only tasks tagged with the environment", async () => {
      const tasks: Task[] = [
        ...Array.from({ length: 230 }, (_, i) => ecsTask(i)),
        ...Array.from({ length: 20 }, (_, i) =>
          ecsTask(1000 + i, { desiredStatus: "STOPPED", lastStatus: "STOPPED", stoppedAt: new Date(9_000), stoppedReason: "Essential container exited" }),
        ),
        // Same startedBy, but tagged for another environment (e.g. a token collision): not ours.
        ecsTask(5000, { tags: [{ key: TAG_ENVIRONMENT_ID, value: "someone-else" }] }),
      ];
      serveTasks(tasks);
      const { b } = backend();
      const got = await b.listTasks(CLUSTER, ENV_ID);
      expect(got).to.have.length(250);
      const lt = ecs.commandCalls(ListTasksCommand).map((c) => [c.args[0].input.desiredStatus, c.args[0].input.nextToken ?? null]);
      expect(lt).to.deep.equal([
        ["RUNNING", null],
        ["RUNNING", "100"],
        ["RUNNING", "200"],
        ["STOPPED", null],
      ]);
      const dt = ecs.commandCalls(DescribeTasksCommand);
      expect(dt.map((c) => c.args[0].input.tasks!.length)).to.deep.equal([100, 100, 51]);
      for (const c of dt) expect(c.args[0].input.include).to.deep.equal(["TAGS"]);
      const stopped = got.find((t) => t.arn === taskArn(1000))!;
      expect(stopped).to.include({ lastStatus: "STOPPED", desiredStatus: "STOPPED", stoppedAt: 9_000, stoppedReason: "Essential container exited" });
      const running = got.find((t) => t.arn === taskArn(3))!;
      expect(running).to.include({ taskDefinition: "log-daemon:2", group: "blox:env", createdAt: 1_000, startedAt: 2_000 });
      expect(running.tags).to.deep.equal({ [TAG_ENVIRONMENT_ID]: ENV_ID, [TAG_REVISION]: "2" });
    });

    it("ignores tasks without tags or of another environment without looking at their task definitions", async () => {
      const foreignTd = "arn:aws:ecs:us-east-1:123456789012:task-definition/not-ours:7";
      serveTasks([
        ecsTask(1, { healthStatus: "HEALTHY" }),
        ecsTask(2, { tags: [], taskDefinitionArn: foreignTd, healthStatus: "UNKNOWN" }),
        ecsTask(3, { tags: [{ key: TAG_ENVIRONMENT_ID, value: "env-other" }], taskDefinitionArn: foreignTd, healthStatus: "UNKNOWN" }),
      ]);
      // A definition Blox may not read (deleted, or not covered by its IAM policy).
      ecs.on(DescribeTaskDefinitionCommand).rejects(new ClientException({ message: "Unable to describe task definition.", $metadata: {} }));
      const { b } = backend();
      const got = await b.listTasks(CLUSTER, ENV_ID);
      expect(got.map((t) => t.arn)).to.deep.equal([taskArn(1)]);
      expect(ecs.commandCalls(DescribeTaskDefinitionCommand)).to.have.length(0);
    });

    it("does not re-describe tasks already seen STOPPED", async () => {
      serveTasks([ecsTask(1), ecsTask(2, { desiredStatus: "STOPPED", lastStatus: "STOPPED" })]);
      const { b } = backend();
      await b.listTasks(CLUSTER, ENV_ID);
      ecs.resetHistory();
      const again = await b.listTasks(CLUSTER, ENV_ID);
      expect(again.map((t) => t.arn).sort()).to.deep.equal([taskArn(1), taskArn(2)]);
      expect(ecs.commandCalls(DescribeTasksCommand).map((c) => c.args[0].input.tasks)).to.deep.equal([[taskArn(1)]]);
    });

    it("dates healthySince: startedAt on first sight (restart keeps soak), then the observation time after a transition", async () => {
      const tasks = [ecsTask(1), ecsTask(2, { lastStatus: "PENDING", startedAt: undefined })];
      serveTasks(tasks);
      const { b, vt } = backend();
      const first = await b.listTasks(CLUSTER, ENV_ID);
      expect(first.find((t) => t.arn === taskArn(1))!.healthySince).to.equal(2_000);
      expect(first.find((t) => t.arn === taskArn(2))!.healthySince).to.equal(undefined);
      tasks[1] = ecsTask(2, { startedAt: new Date(3_000) });
      await vt.opts.sleep!(5_000);
      const second = await b.listTasks(CLUSTER, ENV_ID);
      expect(second.find((t) => t.arn === taskArn(2))!.healthySince).to.equal(vt.now());
      expect(second.find((t) => t.arn === taskArn(1))!.healthySince).to.equal(2_000);
      tasks[0] = ecsTask(1, { healthStatus: "UNHEALTHY" });
      const third = await b.listTasks(CLUSTER, ENV_ID);
      expect(third.find((t) => t.arn === taskArn(1))!.healthySince).to.equal(undefined);
    });
  });

  describe("container health", () => {
    function serve(tasks: Task[], withCheck: Record<string, boolean>) {
      ecs.on(ListTasksCommand).callsFake((input) => ({
        taskArns: tasks.filter((t) => t.desiredStatus === (input.desiredStatus ?? "RUNNING")).map((t) => t.taskArn),
      }));
      ecs.on(DescribeTasksCommand).callsFake((input) => ({ tasks: tasks.filter((t) => (input.tasks as string[]).includes(t.taskArn!)) }));
      ecs.on(DescribeTaskDefinitionCommand).callsFake((input) => ({
        taskDefinition: {
          taskDefinitionArn: input.taskDefinition,
          containerDefinitions: [
            { name: "sidecar", essential: false, healthCheck: { command: ["CMD", "true"] } },
            { name: "main", essential: true, ...(withCheck[input.taskDefinition] ? { healthCheck: { command: ["CMD", "true"] } } : {}) },
          ],
        },
      }));
    }
    const tdA = "arn:aws:ecs:us-east-1:123456789012:task-definition/a:1";
    const tdB = "arn:aws:ecs:us-east-1:123456789012:task-definition/b:1";

    it("UNKNOWN without a health check → undefined (healthy); with one → UNKNOWN (warming up); one DescribeTaskDefinition per definition", async () => {
      serve(
        [
          ecsTask(1, { taskDefinitionArn: tdA, healthStatus: "UNKNOWN" }),
          ecsTask(2, { taskDefinitionArn: tdA, healthStatus: "UNKNOWN" }),
          ecsTask(3, { taskDefinitionArn: tdB, healthStatus: "UNKNOWN" }),
          ecsTask(4, { taskDefinitionArn: tdB, healthStatus: "HEALTHY" }),
        ],
        { [tdA]: false, [tdB]: true },
      );
      const { b } = backend();
      const got = await b.listTasks(CLUSTER, ENV_ID);
      const by = (i: number) => got.find((t) => t.arn === taskArn(i))!;
      expect(by(1).healthStatus).to.equal(undefined);
      expect(by(1).healthySince).to.equal(2_000);
      expect(by(3).healthStatus).to.equal("UNKNOWN");
      expect(by(3).healthySince).to.equal(undefined);
      expect(by(4).healthStatus).to.equal("HEALTHY");
      await b.listTasks(CLUSTER, ENV_ID);
      expect(ecs.commandCalls(DescribeTaskDefinitionCommand).map((c) => c.args[0].input.taskDefinition).sort()).to.deep.equal([tdA, tdB]);
    });
  });

  describe("startedByFor", () => {
    const ids = ["env-0001", "0f8fad5b-d9cb-469f-a165-70867728950e", "Some Env/with spaces", "x".repeat(100), "a"];
    for (const id of ids) {
      it(`fits ECS's startedBy rules for ${JSON.stringify(id.slice(0, 40))}`, () => {
        const s = startedByFor(id);
        expect(s.length).to.be.within(1, 36);
        expect(s).to.match(/^[A-Za-z0-9_/-]+$/);
        expect(startedByFor(id)).to.equal(s); // deterministic: survives a restart
      });
    }
    it("differs between environments", () => {
      expect(new Set(ids.map(startedByFor)).size).to.equal(ids.length);
    });
  });
});

describe("ecsBackendOptionsFromEnv", () => {
  it("reads the knobs and rejects bad values naming the variable", async () => {
    const { ecsBackendOptionsFromEnv } = await import("../../server/cluster/ecs/from-env.js");
    expect(ecsBackendOptionsFromEnv({})).to.deep.equal({});
    expect(ecsBackendOptionsFromEnv({ BLOX_ECS_RATE_LIMIT: "5", BLOX_ECS_BURST: "10", BLOX_ECS_MAX_ATTEMPTS: "3", BLOX_ECS_ENDPOINT: "http://x" })).to.deep.equal({
      rateLimitPerSecond: 5,
      burst: 10,
      maxAttempts: 3,
      endpoint: "http://x",
    });
    expect(() => ecsBackendOptionsFromEnv({ BLOX_ECS_RATE_LIMIT: "fast" })).to.throw(/BLOX_ECS_RATE_LIMIT/);
    expect(() => ecsBackendOptionsFromEnv({ BLOX_ECS_MAX_ATTEMPTS: "1.5" })).to.throw(/BLOX_ECS_MAX_ATTEMPTS/);
  });
});

describe("ecs backend: concurrent observations", () => {
  let ecs: ReturnType<typeof mockEcs>;
  before(() => {
    ecs = mockEcs();
  });
  after(() => ecs.restore());

  it("shares one set of ECS calls between concurrent identical listInstances, and hands out independent copies", async () => {
    ecs.reset();
    ecs.on(ListContainerInstancesCommand).resolves({ containerInstanceArns: [ciArn(1)] });
    ecs.on(DescribeContainerInstancesCommand).resolves({
      containerInstances: [{ containerInstanceArn: ciArn(1), status: "ACTIVE", attributes: [{ name: "stack", value: "prod" }] }],
    });
    const b = createEcsBackend({ client: new ECSClient({ region: "us-east-1" }), sleep: async () => {} });
    const [x, y] = await Promise.all([b.listInstances(CLUSTER), b.listInstances(CLUSTER)]);
    expect(b.callCounts()).to.deep.equal({ ListContainerInstances: 1, DescribeContainerInstances: 1 });
    x![0]!.attributes.stack = "changed";
    expect(y![0]!.attributes.stack).to.equal("prod");
    // Sequential calls observe afresh.
    await b.listInstances(CLUSTER);
    expect(b.callCounts().ListContainerInstances).to.equal(2);
  });
});

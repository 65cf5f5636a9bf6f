// Persistent ECS problems (expired credentials, a task definition ECS does not
// know) reach the environment's status and events as conditions, through the
// real ECS backend and reconciler: one event and one log line per problem, not
// one per pass, and cleared when the problem goes away.

import {
  DescribeContainerInstancesCommand,
  ECSClient,
  ListContainerInstancesCommand,
  ListTasksCommand,
  StartTaskCommand,
} from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { createEcsBackend } from "../../server/cluster/ecs/ecs-backend.js";
import { plan } from "../../server/planner/plan.js";
import { createEnvironmentReconciler } from "../../server/reconciler/environment-reconciler.js";
import { createSqliteStore } from "../../server/store/sqlite-store.js";
import type { BloxStore } from "../../server/store/store.js";
import { createFakeClock } from "../support/fake-clock.js";
import { daemonSpec, deploy, ENV } from "../reconciler/support/harness.js";
import { silentLogger } from "../../server/observability/logger.js";

function awsError(name: string, status: number, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: status } });
}

const ARN = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/0001";

describe("ECS problems become conditions, not log spam", () => {
  // Mock one client instance only: other tests use real clients over HTTP.
  const client = new ECSClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });
  const ecs = mockClient(client);
  let store: BloxStore;
  const clock = createFakeClock();
  const warnings: string[] = [];
  const backend = createEcsBackend({ client, clock, sleep: async () => {}, rateLimitPerSecond: 1000 });
  const reconciler = () =>
    createEnvironmentReconciler({
      environmentName: ENV,
      store,
      clock,
      plan,
      deletedRetentionMs: 60_000,
      logger: { ...silentLogger, warn: (m) => void warnings.push(m) },
    });

  beforeEach(async () => {
    ecs.reset();
    warnings.length = 0;
    store = createSqliteStore({ path: ":memory:" });
    await store.init();
    await store.createEnvironment(daemonSpec(), clock.now());
    await deploy(store, clock, ENV, 1);
  });
  afterEach(async () => store.close());
  after(() => ecs.restore());

  async function passes(n: number) {
    const r = reconciler();
    for (let i = 0; i < n; i++) {
      await r.pass({ backend, canAct: () => true });
      clock.advance(5000);
    }
  }
  const events = async () => (await store.listEvents(ENV, { pageSize: 1000 })).items;
  const clusterCondition = async () => (await store.latestJournal(ENV))!.status.conditions.find((c) => c.type === "ClusterError");

  it("expired credentials: a ClusterError condition naming them, one event, one warning; cleared once fixed", async () => {
    ecs.on(ListContainerInstancesCommand).rejects(awsError("ExpiredTokenException", 400, "The security token included in the request is expired"));
    ecs.on(ListTasksCommand).rejects(awsError("ExpiredTokenException", 400, "The security token included in the request is expired"));
    await passes(6);
    expect((await clusterCondition())?.reason).to.match(/credentials rejected \(ExpiredTokenException\)/);
    expect((await events()).filter((e) => e.type === "cluster_error")).to.have.length(1);
    expect(warnings).to.have.length(1);
    expect(ecs.commandCalls(StartTaskCommand)).to.have.length(0);

    ecs.reset();
    ecs.on(ListContainerInstancesCommand).resolves({ containerInstanceArns: [] });
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    await passes(2);
    expect(await clusterCondition()).to.equal(undefined);
    expect((await events()).filter((e) => e.type === "cluster_error_cleared")).to.have.length(1);
  });

  it("a task definition ECS does not know: a condition naming it, retried on the resync, one event", async () => {
    ecs.on(ListContainerInstancesCommand).resolves({ containerInstanceArns: [ARN] });
    ecs.on(DescribeContainerInstancesCommand).resolves({
      containerInstances: [
        {
          containerInstanceArn: ARN,
          ec2InstanceId: "i-0000000000000001",
          status: "ACTIVE",
          agentConnected: true,
          attributes: [{ name: "stack", value: "prod" }],
          registeredAt: new Date(clock.now()),
          runningTasksCount: 0,
          pendingTasksCount: 0,
        },
      ],
    });
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    ecs.on(StartTaskCommand).rejects(awsError("ClientException", 400, "TaskDefinition not found."));
    await passes(6);
    expect((await clusterCondition())?.reason).to.match(/task definition rejected: TaskDefinition not found/);
    expect((await events()).filter((e) => e.type === "cluster_error")).to.have.length(1);
    expect(warnings).to.have.length(1);
    // Still trying (the scheduler keeps trying), but no tight loop: one StartTask per pass at most.
    const starts = ecs.commandCalls(StartTaskCommand).length;
    expect(starts).to.be.within(1, 6);
  });
});

// An environment whose cluster does not exist: the scheduler can never observe
// it. Describe and the watch must still show the same status, a deploy must
// still be an event, and the ClusterError keeps the time it started.

import { expect } from "chai";
import { createScheduler, type SchedulerService } from "../../server/reconciler/scheduler-service.js";
import { createObservationBoard } from "../../server/status/observation.js";
import { createStatusReader, type StatusReader } from "../../server/status/status-reader.js";
import { createWatchHub, type WatchHubService } from "../../server/watch/hub.js";
import type { WatchMessage } from "../../server/watch/hub-types.js";
import { createHarness, daemonSpec, deploy, ENV, run, until, type Harness } from "../reconciler/support/harness.js";

describe("environment on a cluster that does not exist", () => {
  let h: Harness;
  let scheduler: SchedulerService;
  let reader: StatusReader;
  let hub: WatchHubService;

  beforeEach(async () => {
    h = await createHarness();
    const spec = daemonSpec({ cluster: "no-such-cluster" });
    await h.store.createEnvironment({ ...spec, deployment: { ...spec.deployment, stuckTimeoutMs: 60_000 } }, h.clock.now());
    const observations = createObservationBoard();
    scheduler = createScheduler({ store: h.store, backend: h.sim, clock: h.clock, owner: "r1", observations });
    reader = createStatusReader({ store: h.store, backend: h.sim, clock: h.clock, observations });
    hub = createWatchHub({ store: h.store, clock: h.clock, describe: (n) => reader.describe(n, { instances: false }) });
    await scheduler.start();
    await until(h.clock, async () => (await h.store.latestJournal(ENV)) !== undefined, 10_000, 100, "the first pass");
  });
  afterEach(async () => {
    await hub.close();
    await scheduler.stop();
    await h.store.close();
  });

  const firstWatchMessage = async (): Promise<WatchMessage> => {
    const controller = new AbortController();
    const it = hub.subscribe(ENV, { signal: controller.signal })[Symbol.asyncIterator]();
    try {
      return (await it.next()).value as WatchMessage;
    } finally {
      controller.abort();
    }
  };

  const allEvents = async () => (await h.store.listEvents(ENV, { pageSize: 1000 })).items;

  it("a deploy is journaled (Deploying, deployment_started), describe and the watch agree, and `since` stays put", async () => {
    const created = (await h.store.latestJournal(ENV))!.status;
    expect(created.status).to.equal("Created");
    const errorSince = created.conditions.find((c) => c.type === "ClusterError")?.since;
    expect(errorSince, "the first pass shows the ClusterError").to.be.a("number");

    const id = await deploy(h.store, h.clock, ENV, 1);
    scheduler.poke(ENV);
    await run(h.clock, 2_000);

    const journaled = (await h.store.latestJournal(ENV))!.status;
    expect(journaled.status, "the journal (what the watch streams) follows the deploy").to.equal("Deploying");
    expect(journaled.targetRevision).to.equal(1);
    expect(journaled.currentDeploymentId).to.equal(id);
    const started = (await allEvents()).filter((e) => e.type === "deployment_started");
    expect(started.map((e) => e.deploymentId)).to.deep.equal([id]);

    const described = await reader.describe(ENV, { instances: false });
    const watched = (await firstWatchMessage()).status!;
    for (const s of [described.status, watched]) {
      expect(s.status).to.equal("Deploying");
      expect(s.targetRevision).to.equal(1);
      expect(s.revisions.map((r) => `${r.revision}:${r.status}`)).to.deep.equal(["1:Deploying"]);
    }

    // The ClusterError started before the deploy and keeps that time, in describe and in the journal.
    for (let k = 0; k < 3; k++) {
      await run(h.clock, 1_500);
      const d = await reader.describe(ENV, { instances: false });
      expect(d.status.conditions.find((c) => c.type === "ClusterError")?.since).to.equal(errorSince);
    }
    expect((await h.store.latestJournal(ENV))!.status.conditions.find((c) => c.type === "ClusterError")?.since).to.equal(errorSince);
    expect((await h.store.getDeployment(id))!.state).to.equal("in_progress");
  });

  it("describe between the deploy and the next pass shows the same ClusterError time", async () => {
    const errorSince = (await h.store.latestJournal(ENV))!.status.conditions.find((c) => c.type === "ClusterError")!.since;
    await scheduler.stop(); // nobody journals the deploy: describe plans it itself
    h.clock.advance(5_000);
    await deploy(h.store, h.clock, ENV, 1);
    const first = await reader.describe(ENV, { instances: false });
    h.clock.advance(5_000);
    const second = await reader.describe(ENV, { instances: false });
    for (const d of [first, second]) {
      expect(d.status.status).to.equal("Deploying");
      expect(d.status.conditions.find((c) => c.type === "ClusterError")?.since).to.equal(errorSince);
    }
    scheduler = createScheduler({ store: h.store, backend: h.sim, clock: h.clock, owner: "r1" });
  });

  it("becomes Stuck after the stuck timeout, naming the cluster error, so wait-environment ends", async () => {
    await deploy(h.store, h.clock, ENV, 1);
    scheduler.poke(ENV);
    await until(h.clock, async () => (await h.store.latestJournal(ENV))!.status.status === "Stuck", 120_000, 1_000, "Stuck");
    const s = (await h.store.latestJournal(ENV))!.status;
    const stuck = s.revisions[0]!.conditions.find((c) => c.type === "Stuck");
    expect(stuck?.reason).to.match(/cluster 'no-such-cluster' not found/);
    expect((await allEvents()).map((e) => e.type)).to.include("stuck");
  });
});

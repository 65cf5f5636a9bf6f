// The per-instance view and the revision table describe the same moment: a
// task the plan told to stop shows as terminating in the instance rows as soon
// as the status that no longer counts it is journaled, and a started task
// shows once it is started, without waiting for the next observation.

import { expect } from "chai";
import { plan } from "../../server/planner/plan.js";
import { createEnvironmentReconciler } from "../../server/reconciler/environment-reconciler.js";
import { createObservationBoard } from "../../server/status/observation.js";
import { createStatusReader } from "../../server/status/status-reader.js";
import type { EnvironmentStatusSnapshot } from "../../server/domain/status.js";
import { createHarness, daemonSpec, deploy, ENV, type Harness } from "../reconciler/support/harness.js";

/** Per revision: tasks in the instance rows by state. */
function rowsByRevision(status: EnvironmentStatusSnapshot) {
  const out = new Map<number, { live: number; terminating: number }>();
  for (const i of status.instances ?? []) {
    for (const t of i.tasks) {
      if (t.state === "stopped") continue;
      const c = out.get(t.revision) ?? { live: 0, terminating: 0 };
      if (t.state === "terminating") c.terminating++;
      else c.live++;
      out.set(t.revision, c);
    }
  }
  return out;
}

describe("instance view in step with the revision table", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => h.store.close());

  it("after every pass of a TerminateThenReplace rollout, DESIRED of the old revision = its live rows, TASKS = live + terminating", async () => {
    await h.store.createEnvironment(daemonSpec(), h.clock.now()); // TerminateThenReplace, MinHealthyPercent 60 on 5
    const observations = createObservationBoard();
    const reconciler = createEnvironmentReconciler({ environmentName: ENV, store: h.store, clock: h.clock, plan, deletedRetentionMs: 60_000, observations });
    const reader = createStatusReader({ store: h.store, backend: h.sim, clock: h.clock, observations });
    const pass = () => reconciler.pass({ backend: h.sim, canAct: () => true });

    await deploy(h.store, h.clock, ENV, 1);
    for (let k = 0; k < 10; k++) {
      await pass();
      h.clock.advance(1000);
    }
    expect((await h.store.latestJournal(ENV))!.status.status).to.equal("Active");
    await h.store.updateEnvironment(ENV, 1, (s) => ({ ...s, taskDefinition: "log-daemon:2" }), h.clock.now());
    await deploy(h.store, h.clock, ENV, 2);

    let sawStopping = false;
    let sawStarted = false;
    for (let k = 0; k < 12; k++) {
      const result = await pass();
      const journaled = (await h.store.latestJournal(ENV))!.status;
      const { status } = await reader.describe(ENV, { instances: true });
      const rows = rowsByRevision(status);
      const old = journaled.revisions.find((r) => r.revision === 1)!;
      const oldRows = rows.get(1) ?? { live: 0, terminating: 0 };
      const at = `pass ${k} (${result.acted} actions): ${JSON.stringify([...rows])}`;
      expect(oldRows.live, `revision 1 DESIRED ${old.desired} vs its running rows, ${at}`).to.equal(old.desired);
      expect(oldRows.live + oldRows.terminating, `revision 1 TASKS ${old.tasks}, ${at}`).to.equal(old.tasks);
      const target = journaled.revisions.find((r) => r.revision === 2)!;
      // The journal counts what the pass observed; the rows add what it started.
      expect(rows.get(2)?.live ?? 0, `revision 2 TASKS ${target.tasks}, ${at}`).to.equal(target.tasks + startedAt(h, h.clock.now()));
      if (oldRows.terminating > 0) sawStopping = true;
      if ((rows.get(2)?.live ?? 0) > target.tasks) sawStarted = true;
      h.clock.advance(1000);
    }
    expect(sawStopping, "the rollout stopped tasks").to.equal(true);
    expect(sawStarted, "started tasks show before the next observation").to.equal(true);
    expect((await h.store.latestJournal(ENV))!.status.status).to.equal("Active");
  });
});

/** Tasks the simulator started at clock time `at` (the clock stands still during a pass). */
const startedAt = (h: Harness, at: number) =>
  h.sim
    .actionLog()
    .filter((e) => e.at === at && e.action === "startTasks")
    .reduce((n, e) => n + (e.result?.started.length ?? 0), 0);

import { Code } from "@connectrpc/connect";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import { expect } from "chai";
import {
  DeploymentState,
  EnvironmentLifecycle,
  RevisionStatus,
  WatchMessageKind,
  EventType,
} from "../../gen/blox/v1/environment_pb.js";
import { parseDeploymentId } from "../../server/api/deployment-id.js";
import { FAKE_CLOCK_START } from "../support/fake-clock.js";
import { createHarness, expectCode, snapshot, SPEC } from "./fakes.js";
import type { Harness } from "./fakes.js";

const NAME = SPEC.name;

/** Creates the doc's environment with `revisions` revisions (log-daemon:1 … :N). */
async function withRevisions(h: Harness, revisions: number): Promise<void> {
  await h.client.createEnvironment({ spec: SPEC });
  for (let r = 2; r <= revisions; r++) {
    await h.client.updateEnvironment({ environmentName: NAME, baseRevision: BigInt(r - 1), taskDefinition: `log-daemon:${r}` });
  }
}

const deploy = (h: Harness, revision: number, rollback = false) =>
  h.client.deployEnvironment({ environmentName: NAME, revision: BigInt(revision), rollback });

describe("EnvironmentService", () => {
  describe("unknown environment → NOT_FOUND naming it, on every RPC", () => {
    const ghost = "Ghost/Env";
    const calls: [string, (h: Harness) => Promise<unknown>][] = [
      ["UpdateEnvironment", (h) => h.client.updateEnvironment({ environmentName: ghost, baseRevision: 1n, taskDefinition: "x:2" })],
      ["DeployEnvironment", (h) => h.client.deployEnvironment({ environmentName: ghost, revision: 1n })],
      ["PromoteEnvironment", (h) => h.client.promoteEnvironment({ environmentName: ghost })],
      ["DescribeEnvironmentStatus", (h) => h.client.describeEnvironmentStatus({ environmentName: ghost })],
      [
        "WatchEnvironmentStatus",
        async (h) => {
          for await (const _ of h.client.watchEnvironmentStatus({ environmentName: ghost })) break;
        },
      ],
      ["FreezeEnvironment", (h) => h.client.freezeEnvironment({ environmentName: ghost })],
      ["ThawEnvironment", (h) => h.client.thawEnvironment({ environmentName: ghost })],
      ["DeleteEnvironment", (h) => h.client.deleteEnvironment({ environmentName: ghost })],
      ["GetEnvironmentRevision", (h) => h.client.getEnvironmentRevision({ environmentName: ghost })],
      ["ListEnvironmentRevisions", (h) => h.client.listEnvironmentRevisions({ environmentName: ghost })],
      ["ListDeployments", (h) => h.client.listDeployments({ environmentName: ghost })],
      ["ListEnvironmentEvents", (h) => h.client.listEnvironmentEvents({ environmentName: ghost })],
    ];
    for (const [rpc, call] of calls) {
      it(rpc, async () => {
        const h = await createHarness();
        await expectCode(call(h), Code.NotFound, /Ghost\/Env/);
        expect(h.scheduler.pokes).to.be.empty;
      });
    }
  });

  describe("create and update", () => {
    it("create returns revision 1 and pokes; a duplicate is ALREADY_EXISTS", async () => {
      const h = await createHarness();
      const res = await h.client.createEnvironment({ spec: SPEC });
      expect(res.environmentRevision).to.equal(1n);
      expect(h.scheduler.pokes).to.deep.equal([NAME]);
      await expectCode(h.client.createEnvironment({ spec: SPEC }), Code.AlreadyExists, /SomeEnvironment\/Prod/);
    });

    it("update writes the next revision with only the given fields changed", async () => {
      const h = await createHarness();
      await h.client.createEnvironment({ spec: SPEC });
      const res = await h.client.updateEnvironment({ environmentName: NAME, baseRevision: 1n, instanceGroupQuery: "attribute:stack in (prod, gamma)" });
      expect(res.environmentRevision).to.equal(2n);
      const got = await h.client.getEnvironmentRevision({ environmentName: NAME });
      expect(got.revision!.revision).to.equal(2n);
      expect(got.revision!.spec!.taskDefinition).to.equal("log-daemon:1");
      expect(got.revision!.spec!.instanceGroup!.query).to.equal("attribute:stack in (prod, gamma)");
      expect(got.environment!.latestRevision).to.equal(2n);
      const first = await h.client.getEnvironmentRevision({ environmentName: NAME, revision: 1n });
      expect(first.revision!.spec!.instanceGroup!.query).to.equal("attribute:stack == prod");
      await expectCode(
        h.client.getEnvironmentRevision({ environmentName: NAME, revision: 7n }),
        Code.NotFound,
        /revision 7 of "SomeEnvironment\/Prod" does not exist; latest is 2/,
      );
    });

    it("a stale base is ABORTED naming the latest revision, and writes nothing", async () => {
      const h = await createHarness();
      await withRevisions(h, 3);
      await expectCode(
        h.client.updateEnvironment({ environmentName: NAME, baseRevision: 2n, taskDefinition: "log-daemon:9" }),
        Code.Aborted,
        /latest revision .* is 3/,
      );
      expect((await h.store.getEnvironment(NAME))!.latestRevision).to.equal(3);
    });

    it("a base past the latest is NOT_FOUND (it does not exist), not a stale ABORTED", async () => {
      const h = await createHarness();
      await withRevisions(h, 3);
      await expectCode(
        h.client.updateEnvironment({ environmentName: NAME, baseRevision: 99n, taskDefinition: "log-daemon:9" }),
        Code.NotFound,
        /^base revision 99 of SomeEnvironment\/Prod does not exist; the latest revision is 3$/,
      );
      expect((await h.store.getEnvironment(NAME))!.latestRevision).to.equal(3);
    });

    it("an update that changes nothing writes no revision and says so (unchanged)", async () => {
      const h = await createHarness();
      await withRevisions(h, 2);
      h.scheduler.pokes.length = 0;
      const same = await h.client.updateEnvironment({ environmentName: NAME, baseRevision: 2n, taskDefinition: "log-daemon:2" });
      expect(same.environmentRevision).to.equal(2n);
      expect(same.unchanged).to.equal(true);
      expect(h.scheduler.pokes).to.deep.equal([]);
      const revs = await h.client.listEnvironmentRevisions({ environmentName: NAME });
      expect(revs.revisions.map((r) => r.revision)).to.deep.equal([1n, 2n]);
      const changed = await h.client.updateEnvironment({ environmentName: NAME, baseRevision: 2n, taskDefinition: "log-daemon:3" });
      expect(changed.environmentRevision).to.equal(3n);
      expect(changed.unchanged).to.equal(false);
    });

    it("concurrent updates on one base: exactly one wins", async () => {
      const h = await createHarness();
      await h.client.createEnvironment({ spec: SPEC });
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          h.client.updateEnvironment({ environmentName: NAME, baseRevision: 1n, taskDefinition: `log-daemon:${i + 2}` }),
        ),
      );
      expect(results.filter((r) => r.status === "fulfilled")).to.have.length(1);
      expect(results.filter((r) => r.status === "rejected")).to.have.length(19);
      const revs = await h.client.listEnvironmentRevisions({ environmentName: NAME });
      expect(revs.revisions.map((r) => r.revision)).to.deep.equal([1n, 2n]);
    });
  });

  describe("deploy", () => {
    it("returns the doc's id form, records the deployment and sets the target", async () => {
      const h = await createHarness();
      await withRevisions(h, 1);
      const { deploymentId } = await deploy(h, 1);
      expect(deploymentId).to.equal("SomeEnvironment/Prod:1@2017090611472300");
      const env = await h.store.getEnvironment(NAME);
      expect(env).to.include({ targetRevision: 1, targetIsRollback: false, currentDeploymentId: deploymentId });
      const deps = await h.client.listDeployments({ environmentName: NAME });
      expect(deps.deployments).to.have.length(1);
      expect(deps.deployments[0]).to.include({ deploymentId, revision: 1n, fromRevision: 0n, rollback: false, state: DeploymentState.IN_PROGRESS });
      expect(timestampMs(deps.deployments[0]!.startedAt!)).to.equal(FAKE_CLOCK_START);
      expect(h.scheduler.pokes.at(-1)).to.equal(NAME);
    });

    it("a newer deploy supersedes the one in progress", async () => {
      const h = await createHarness();
      await withRevisions(h, 2);
      const first = (await deploy(h, 1)).deploymentId;
      h.clock.advance(1000);
      const second = (await deploy(h, 2)).deploymentId;
      expect((await h.store.getDeployment(first))!).to.include({ state: "superseded", finishedAt: FAKE_CLOCK_START + 1000 });
      expect((await h.store.getDeployment(second))!).to.include({ state: "in_progress", fromRevision: 1 });
      const deps = await h.client.listDeployments({ environmentName: NAME });
      expect(deps.deployments.map((d) => d.deploymentId)).to.deep.equal([second, first]); // newest first
    });

    it("a completed deployment is not marked superseded", async () => {
      const h = await createHarness();
      await withRevisions(h, 2);
      const first = (await deploy(h, 1)).deploymentId;
      await h.store.transitionDeployment(first, "in_progress", "completed", FAKE_CLOCK_START);
      await deploy(h, 2);
      expect((await h.store.getDeployment(first))!.state).to.equal("completed");
    });

    it("deploying the current target again returns the current deployment id", async () => {
      const h = await createHarness();
      await withRevisions(h, 1);
      const first = (await deploy(h, 1)).deploymentId;
      h.clock.advance(5000);
      expect((await deploy(h, 1)).deploymentId).to.equal(first);
      expect((await h.client.listDeployments({ environmentName: NAME })).deployments).to.have.length(1);
    });

    it("an older revision without rollback is FAILED_PRECONDITION pointing to --rollback", async () => {
      const h = await createHarness();
      await withRevisions(h, 3);
      await deploy(h, 3);
      await expectCode(deploy(h, 1), Code.FailedPrecondition, /--rollback/, /older than the target revision 3/);
      expect((await h.store.getEnvironment(NAME))!.targetRevision).to.equal(3);
    });

    it("rollback to an older revision; repeating it is idempotent; rollback forward is refused", async () => {
      const h = await createHarness();
      await withRevisions(h, 3);
      await deploy(h, 3);
      h.clock.advance(10);
      const { deploymentId } = await deploy(h, 1, true);
      expect(parseDeploymentId(deploymentId)).to.include({ environmentName: NAME, revision: 1 });
      const env = (await h.store.getEnvironment(NAME))!;
      expect(env).to.include({ targetRevision: 1, targetIsRollback: true, currentDeploymentId: deploymentId });
      expect((await h.store.getDeployment(deploymentId))!).to.include({ rollback: true, fromRevision: 3 });
      expect((await deploy(h, 1, true)).deploymentId).to.equal(deploymentId);
      await expectCode(deploy(h, 2, true), Code.FailedPrecondition, /older than the target revision 1/);
      // Forward again without rollback is a normal deploy.
      h.clock.advance(10);
      await deploy(h, 3);
      expect((await h.store.getEnvironment(NAME))!).to.include({ targetRevision: 3, targetIsRollback: false });
    });

    it("rollback of the current (non-rollback) target and rollback with nothing deployed are refused", async () => {
      const h = await createHarness();
      await withRevisions(h, 2);
      await expectCode(deploy(h, 1, true), Code.FailedPrecondition, /no deployed revision/);
      await deploy(h, 2);
      await expectCode(deploy(h, 2, true), Code.FailedPrecondition, /older than the target revision 2/);
    });

    it("an unknown revision is NOT_FOUND naming the latest; revision 0 is INVALID_ARGUMENT", async () => {
      const h = await createHarness();
      await withRevisions(h, 3);
      await expectCode(deploy(h, 7), Code.NotFound, /^revision 7 of "SomeEnvironment\/Prod" does not exist; latest is 3$/);
      await expectCode(deploy(h, 0), Code.InvalidArgument, /^revision: /);
    });

    it("deploys within one centisecond get unique ids with -2, -3 suffixes", async () => {
      const h = await createHarness();
      await withRevisions(h, 2);
      const ids = [
        (await deploy(h, 1)).deploymentId,
        (await deploy(h, 2)).deploymentId,
        (await deploy(h, 1, true)).deploymentId,
        (await deploy(h, 2)).deploymentId,
        (await deploy(h, 1, true)).deploymentId,
      ];
      expect(new Set(ids).size).to.equal(ids.length);
      expect(ids).to.deep.equal([
        "SomeEnvironment/Prod:1@2017090611472300",
        "SomeEnvironment/Prod:2@2017090611472300",
        "SomeEnvironment/Prod:1@2017090611472300-2",
        "SomeEnvironment/Prod:2@2017090611472300-2",
        "SomeEnvironment/Prod:1@2017090611472300-3",
      ]);
      // Only the last is in progress; every earlier one was superseded.
      const states = (await h.client.listDeployments({ environmentName: NAME })).deployments.map((d) => [d.deploymentId, d.state]);
      expect(states.filter(([, s]) => s === DeploymentState.IN_PROGRESS)).to.deep.equal([[ids[4], DeploymentState.IN_PROGRESS]]);
    });

    it("deploy while frozen is accepted (it waits for thaw)", async () => {
      const h = await createHarness();
      await withRevisions(h, 1);
      await h.client.freezeEnvironment({ environmentName: NAME });
      await deploy(h, 1);
      expect((await h.store.getEnvironment(NAME))!).to.include({ targetRevision: 1, frozen: true });
    });

    it("a concurrent record write that does not move the target is retried", async () => {
      const h = await createHarness();
      await withRevisions(h, 1);
      let injected = false;
      h.hooks.beforeRecordUpdate = async (name) => {
        if (injected) return;
        injected = true;
        const env = (await h.store.getEnvironment(name))!;
        h.hooks.beforeRecordUpdate = undefined;
        await h.store.updateEnvironmentRecord(name, env.version, { frozen: true }, h.clock.now());
      };
      const { deploymentId } = await deploy(h, 1);
      expect(injected).to.equal(true);
      expect((await h.store.getEnvironment(NAME))!).to.include({ targetRevision: 1, frozen: true, currentDeploymentId: deploymentId });
      expect((await h.client.listDeployments({ environmentName: NAME })).deployments).to.have.length(1);
    });

    it("endless concurrent writes end in ABORTED, with the attempted deployment cancelled", async () => {
      const h = await createHarness();
      await withRevisions(h, 1);
      let writes = 0;
      h.hooks.beforeRecordUpdate = async (name) => {
        const env = (await h.store.getEnvironment(name))!;
        const hook = h.hooks.beforeRecordUpdate;
        h.hooks.beforeRecordUpdate = undefined; // our own write must not recurse
        await h.store.updateEnvironmentRecord(name, env.version, { frozen: !env.frozen }, h.clock.now());
        h.hooks.beforeRecordUpdate = hook;
        writes++;
      };
      await expectCode(deploy(h, 1), Code.Aborted, /changed concurrently/, /retry/);
      expect(writes).to.equal(5);
      h.hooks.beforeRecordUpdate = undefined;
      expect((await h.store.getEnvironment(NAME))!.targetRevision).to.equal(0);
      const deps = (await h.client.listDeployments({ environmentName: NAME })).deployments;
      expect(deps.map((d) => d.state)).to.deep.equal([DeploymentState.CANCELLED]);
    });

    it("a concurrent deploy that moves the target first wins; the loser re-evaluates", async () => {
      const h = await createHarness();
      await withRevisions(h, 2);
      let otherId = "";
      h.hooks.beforeRecordUpdate = async () => {
        h.hooks.beforeRecordUpdate = undefined;
        h.clock.advance(10);
        otherId = (await deploy(h, 2)).deploymentId;
      };
      // Asking for 1 while another caller sets 2: 1 is now older than the target.
      await expectCode(deploy(h, 1), Code.FailedPrecondition, /--rollback/);
      const env = (await h.store.getEnvironment(NAME))!;
      expect(env).to.include({ targetRevision: 2, currentDeploymentId: otherId });
      const deps = (await h.client.listDeployments({ environmentName: NAME })).deployments;
      expect(deps.filter((d) => d.state === DeploymentState.IN_PROGRESS).map((d) => d.deploymentId)).to.deep.equal([otherId]);
    });
  });

  describe("promote", () => {
    const CANARY = { steps: [{ percent: 25, pause: true }, { percent: 50, pause: true }] };
    /** Revision 1 deployed, revision 2 (with canary steps) deployed over it. */
    async function canaryDeployed(h: Harness): Promise<string> {
      await h.client.createEnvironment({ spec: SPEC });
      await deploy(h, 1);
      await h.client.updateEnvironment({ environmentName: NAME, baseRevision: 1n, taskDefinition: "log-daemon:2", deployment: { canary: CANARY } });
      return (await deploy(h, 2)).deploymentId;
    }
    /** A journaled status of deployment `id` at canary step `step` (0-based timer, as the planner writes it). */
    async function journalAt(h: Harness, id: string, step: number | undefined, sequence = 1): Promise<void> {
      const rows = snapshot(NAME).revisions;
      await h.store.appendJournal({
        environmentName: NAME,
        sequence,
        time: 1,
        status: snapshot(NAME, {
          targetRevision: 2,
          latestRevision: 2,
          currentDeploymentId: id,
          revisions: [
            ...rows,
            {
              revision: 2, status: "Deploying", desired: 2, healthy: 2, total: 8, tasks: 2, conditions: [], taskDefinition: "log-daemon:2",
              ...(step === undefined ? {} : { canary: { step: step + 1, steps: 2, percent: 25, allowed: 2, state: "paused" as const } }),
            },
          ],
          timers: step === undefined ? {} : { "canary:step": step },
        }),
        events: [],
      });
    }

    it("stores the promote with the deployment, one step past the status's step, and pokes the scheduler", async () => {
      const h = await createHarness();
      const id = await canaryDeployed(h);
      await journalAt(h, id, 0);
      const res = await h.client.promoteEnvironment({ environmentName: NAME });
      expect(res).to.deep.include({ deploymentId: id, promotedSteps: 1, steps: 2 });
      expect((await h.store.getDeployment(id))!.promotedSteps).to.equal(1);
      expect(h.scheduler.pokes).to.include(NAME);
      // A retry before the rollout moved promotes nothing more.
      expect((await h.client.promoteEnvironment({ environmentName: NAME })).promotedSteps).to.equal(1);
      const listed = await h.client.listDeployments({ environmentName: NAME });
      expect(listed.deployments[0]!.promotedSteps).to.equal(1);
      // The rollout moved to step 2: the next promote passes it.
      await journalAt(h, id, 1, 2);
      expect((await h.client.promoteEnvironment({ environmentName: NAME })).promotedSteps).to.equal(2);
      await expectCode(h.client.promoteEnvironment({ environmentName: NAME }), Code.FailedPrecondition, /every canary step .* has passed/);
    });

    it("full passes every step; before the journal shows the deployment it still applies", async () => {
      const h = await createHarness();
      const id = await canaryDeployed(h);
      const res = await h.client.promoteEnvironment({ environmentName: NAME, full: true });
      expect(res).to.deep.include({ deploymentId: id, promotedSteps: 2, steps: 2 });
      await expectCode(h.client.promoteEnvironment({ environmentName: NAME, full: true }), Code.FailedPrecondition, /has passed/);
    });

    const refused: [string, (h: Harness) => Promise<void>, RegExp][] = [
      ["no deployment yet", async (h) => void (await h.client.createEnvironment({ spec: SPEC })), /no deployment to promote/],
      [
        "a target without canary steps",
        async (h) => {
          await withRevisions(h, 2);
          await deploy(h, 1);
          await deploy(h, 2);
        },
        /revision 2 of .* has no canary steps \(Deployment\.Canary\)/,
      ],
      [
        "a rollback",
        async (h) => {
          await canaryDeployed(h);
          await deploy(h, 1, true);
        },
        /is a rollback/,
      ],
      [
        "a status of this deployment with no step holding it (a first deploy, or past the last step)",
        async (h) => {
          const id = await canaryDeployed(h);
          await journalAt(h, id, undefined);
        },
        /no canary step holds deployment/,
      ],
      [
        "a completed deployment",
        async (h) => {
          const id = await canaryDeployed(h);
          await h.store.transitionDeployment(id, "in_progress", "completed", 2);
        },
        /is completed; nothing to promote/,
      ],
      [
        "a deleted environment",
        async (h) => {
          await canaryDeployed(h);
          await h.client.deleteEnvironment({ environmentName: NAME });
        },
        /cannot promote .* it is deleted/,
      ],
    ];
    for (const [what, setup, message] of refused) {
      it(`FAILED_PRECONDITION: ${what}`, async () => {
        const h = await createHarness();
        await setup(h);
        await expectCode(h.client.promoteEnvironment({ environmentName: NAME }), Code.FailedPrecondition, message);
      });
    }

    it("INVALID_ARGUMENT for a bad name", async () => {
      const h = await createHarness();
      await expectCode(h.client.promoteEnvironment({ environmentName: "" }), Code.InvalidArgument, /^environment_name: /);
    });
  });

  describe("freeze, thaw, delete", () => {
    it("freeze and thaw toggle frozen, idempotently", async () => {
      const h = await createHarness();
      await withRevisions(h, 1);
      h.scheduler.pokes.length = 0;
      await h.client.freezeEnvironment({ environmentName: NAME });
      await h.client.freezeEnvironment({ environmentName: NAME });
      expect((await h.store.getEnvironment(NAME))!.frozen).to.equal(true);
      await h.client.thawEnvironment({ environmentName: NAME });
      await h.client.thawEnvironment({ environmentName: NAME });
      expect((await h.store.getEnvironment(NAME))!.frozen).to.equal(false);
      expect(h.scheduler.pokes).to.deep.equal([NAME, NAME]); // only real changes poke
    });

    it("delete without terminate_tasks: Deleted at once, purge after the retention, deployment cancelled", async () => {
      const h = await createHarness({ deletedRetentionMs: 3_600_000 });
      await withRevisions(h, 1);
      const { deploymentId } = await deploy(h, 1);
      await h.client.deleteEnvironment({ environmentName: NAME });
      const env = (await h.store.getEnvironment(NAME))!;
      expect(env).to.include({ lifecycle: "deleted", terminateTasks: false, deletedAt: FAKE_CLOCK_START, purgeAfter: FAKE_CLOCK_START + 3_600_000 });
      expect((await h.store.getDeployment(deploymentId))!.state).to.equal("cancelled");
      await expectCode(h.client.deleteEnvironment({ environmentName: NAME }), Code.FailedPrecondition, /already deleted/);
      await expectCode(deploy(h, 1), Code.FailedPrecondition, /deleted/);
      await expectCode(h.client.freezeEnvironment({ environmentName: NAME }), Code.FailedPrecondition, /deleted/);
      await expectCode(
        h.client.updateEnvironment({ environmentName: NAME, baseRevision: 1n, taskDefinition: "log-daemon:2" }),
        Code.FailedPrecondition,
      );
      // Still visible while retained.
      const got = await h.client.getEnvironmentRevision({ environmentName: NAME });
      expect(got.environment!.lifecycle).to.equal(EnvironmentLifecycle.DELETED);
      expect(timestampMs(got.environment!.purgeAfter!)).to.equal(FAKE_CLOCK_START + 3_600_000);
    });

    it("delete with terminate_tasks: Deleting, handed to the scheduler; repeat is fine", async () => {
      const h = await createHarness();
      await withRevisions(h, 1);
      await deploy(h, 1);
      h.scheduler.pokes.length = 0;
      await h.client.deleteEnvironment({ environmentName: NAME, terminateTasks: true });
      const env = (await h.store.getEnvironment(NAME))!;
      expect(env).to.include({ lifecycle: "deleting", terminateTasks: true });
      expect(env.deletedAt).to.equal(undefined);
      expect(h.scheduler.pokes).to.deep.equal([NAME]);
      await h.client.deleteEnvironment({ environmentName: NAME, terminateTasks: true });
      await h.client.deleteEnvironment({ environmentName: NAME });
      expect((await h.store.getEnvironment(NAME))!.lifecycle).to.equal("deleting");
      await expectCode(deploy(h, 1), Code.FailedPrecondition, /deleting/);
    });
  });

  describe("lists", () => {
    it("ListEnvironments pages by name; deleted only when asked", async () => {
      const h = await createHarness();
      const names = ["e-05", "e-01", "e-03", "e-02", "e-04"];
      for (const name of names) await h.client.createEnvironment({ spec: { ...SPEC, name } });
      await h.client.deleteEnvironment({ environmentName: "e-03" });
      const seen: string[] = [];
      let token = "";
      let pages = 0;
      do {
        const res = await h.client.listEnvironments({ pageSize: 2, pageToken: token });
        expect(res.environments.length).to.be.at.most(2);
        seen.push(...res.environments.map((e) => e.name));
        token = res.nextPageToken;
        pages++;
      } while (token && pages < 10);
      expect(seen).to.deep.equal(["e-01", "e-02", "e-04", "e-05"]);
      const all = await h.client.listEnvironments({ includeDeleted: true });
      expect(all.environments.map((e) => e.name)).to.deep.equal(["e-01", "e-02", "e-03", "e-04", "e-05"]);
      expect(all.nextPageToken).to.equal("");
    });

    it("page_size over 1000 is INVALID_ARGUMENT naming page_size, on every list", async () => {
      const h = await createHarness();
      await withRevisions(h, 1);
      const base = { environmentName: NAME, pageSize: 1001 };
      for (const p of [
        h.client.listEnvironments({ pageSize: 1001 }),
        h.client.listEnvironmentRevisions(base),
        h.client.listDeployments(base),
        h.client.listEnvironmentEvents(base),
      ]) {
        await expectCode(p, Code.InvalidArgument, /^page_size: must be at most 1000, got 1001$/);
      }
      // 1000 itself and 0 (default) are fine.
      await h.client.listEnvironmentRevisions({ environmentName: NAME, pageSize: 1000 });
      await h.client.listEnvironmentRevisions({ environmentName: NAME, pageSize: 0 });
    });

    it("a garbage page token is INVALID_ARGUMENT, not INTERNAL", async () => {
      const h = await createHarness();
      await withRevisions(h, 1);
      await expectCode(h.client.listEnvironmentRevisions({ environmentName: NAME, pageToken: "%%%" }), Code.InvalidArgument, /page_token/);
    });

    it("ListEnvironmentRevisions pages in order without gaps", async () => {
      const h = await createHarness();
      await withRevisions(h, 5);
      const seen: bigint[] = [];
      let token = "";
      do {
        const res = await h.client.listEnvironmentRevisions({ environmentName: NAME, pageSize: 2, pageToken: token });
        seen.push(...res.revisions.map((r) => r.revision));
        token = res.nextPageToken;
      } while (token && seen.length < 20);
      expect(seen).to.deep.equal([1n, 2n, 3n, 4n, 5n]);
    });

    it("ListEnvironmentEvents maps events and honours after_sequence", async () => {
      const h = await createHarness();
      await withRevisions(h, 1);
      for (let seq = 1; seq <= 3; seq++) {
        await h.store.appendJournal({
          environmentName: NAME,
          sequence: seq,
          time: FAKE_CLOCK_START + seq,
          status: snapshot(NAME),
          events: [{ type: "deployment_started", time: FAKE_CLOCK_START + seq, revision: seq, deploymentId: `d${seq}`, message: `m${seq}` }],
        });
      }
      const all = await h.client.listEnvironmentEvents({ environmentName: NAME });
      expect(all.events.map((e) => [e.sequence, e.index, e.type, e.revision, e.deploymentId, e.message])).to.deep.equal([
        [1n, 0, EventType.DEPLOYMENT_STARTED, 1n, "d1", "m1"],
        [2n, 0, EventType.DEPLOYMENT_STARTED, 2n, "d2", "m2"],
        [3n, 0, EventType.DEPLOYMENT_STARTED, 3n, "d3", "m3"],
      ]);
      const after = await h.client.listEnvironmentEvents({ environmentName: NAME, afterSequence: 2n });
      expect(after.events.map((e) => e.sequence)).to.deep.equal([3n]);
    });
  });

  describe("describe", () => {
    const status = snapshot(NAME, {
      targetRevision: 2,
      latestRevision: 2,
      status: "Deploying",
      revisions: [
        { revision: 2, status: "Deploying", desired: 5, healthy: 2, total: 5, tasks: 3, conditions: [], taskDefinition: "log-daemon:2" },
        { revision: 1, status: "Inactive", desired: 0, healthy: 0, total: 0, tasks: 0, conditions: [], taskDefinition: "log-daemon:1" },
      ],
      conditions: [{ type: "Stuck", reason: "MinHealthyPercent 60 leaves no termination budget with 1 task", since: 42 }],
      instances: [
        {
          containerInstanceArn: "arn:i-1",
          ec2InstanceId: "i-1",
          instanceStatus: "ACTIVE",
          inGroup: true,
          tasks: [{ taskArn: "arn:t-1", revision: 2, state: "running", healthy: true, taskDefinition: "log-daemon:2" }],
        },
      ],
      timers: { belowFloorSince: 7 },
    });

    it("drops Inactive revisions unless all; instances only when asked; sequence passes through", async () => {
      const h = await createHarness();
      await withRevisions(h, 2);
      h.scheduler.statuses.set(NAME, { status, sequence: 17 });
      const short = await h.client.describeEnvironmentStatus({ environmentName: NAME });
      expect(short.sequence).to.equal(17n);
      expect(short.status!.revisions.map((r) => [r.revision, r.status])).to.deep.equal([[2n, RevisionStatus.DEPLOYING]]);
      expect(short.status!.instances).to.be.empty;
      expect(short.status!.conditions[0]!.reason).to.match(/MinHealthyPercent 60/);
      expect(h.scheduler.describeCalls.at(-1)).to.deep.equal({ name: NAME, instances: false });

      const full = await h.client.describeEnvironmentStatus({ environmentName: NAME, all: true, instances: true });
      expect(full.status!.revisions.map((r) => r.revision)).to.deep.equal([1n, 2n]); // ordered by revision
      expect(full.status!.instances.map((i) => i.ec2InstanceId)).to.deep.equal(["i-1"]);
      expect(h.scheduler.describeCalls.at(-1)).to.deep.equal({ name: NAME, instances: true });
    });

    it("rejects a missing name", async () => {
      const h = await createHarness();
      await expectCode(h.client.describeEnvironmentStatus({}), Code.InvalidArgument, /^environment_name: is required/);
    });
  });

  describe("watch", () => {
    const update = (sequence: number, statusName: "Deploying" | "Active") => ({
      kind: "update" as const,
      sequence,
      time: FAKE_CLOCK_START + sequence,
      status: snapshot(NAME, {
        status: statusName,
        revisions: [
          { revision: 1, status: "Inactive" as const, desired: 0, healthy: 0, total: 0, tasks: 0, conditions: [], taskDefinition: "log-daemon:1" },
          { revision: 2, status: statusName, desired: 5, healthy: 5, total: 5, tasks: 5, conditions: [], taskDefinition: "log-daemon:2" },
        ],
      }),
      events: [
        { environmentName: NAME, sequence, index: 0, type: "revision_status_changed" as const, time: FAKE_CLOCK_START, revision: 2, message: "x" },
      ],
      coalesced: false,
    });

    it("maps snapshot, updates and heartbeats, honouring all; passes after_sequence; cancel ends cleanly", async () => {
      const h = await createHarness();
      await withRevisions(h, 2);
      h.hub.messages = [
        { kind: "snapshot", sequence: 3, time: FAKE_CLOCK_START, status: snapshot(NAME), events: [], coalesced: true },
        update(4, "Deploying"),
        { kind: "heartbeat", sequence: 4, time: FAKE_CLOCK_START + 15000, events: [], coalesced: false },
        update(5, "Active"),
      ];
      const controller = new AbortController();
      const got = [];
      for await (const m of h.client.watchEnvironmentStatus({ environmentName: NAME, afterSequence: 2n }, { signal: controller.signal })) {
        got.push(m);
        if (got.length === 4) break;
      }
      expect(h.hub.subscriptions[0]).to.include({ name: NAME, afterSequence: 2 });
      expect(got.map((m) => [m.kind, m.sequence, m.coalesced])).to.deep.equal([
        [WatchMessageKind.SNAPSHOT, 3n, true],
        [WatchMessageKind.UPDATE, 4n, false],
        [WatchMessageKind.HEARTBEAT, 4n, false],
        [WatchMessageKind.UPDATE, 5n, false],
      ]);
      expect(got[2]!.status).to.equal(undefined);
      expect(got[1]!.status!.revisions.map((r) => r.revision)).to.deep.equal([2n]); // Inactive dropped
      expect(got[1]!.events.map((e) => [e.sequence, e.type])).to.deep.equal([[4n, EventType.REVISION_STATUS_CHANGED]]);
      expect(h.scheduler.describeCalls).to.be.empty; // instances not asked
    });

    it("with all keeps Inactive revisions; with instances fills them from describe when missing", async () => {
      const h = await createHarness();
      await withRevisions(h, 2);
      h.hub.messages = [update(4, "Deploying")];
      h.scheduler.statuses.set(NAME, {
        status: snapshot(NAME, { instances: [{ containerInstanceArn: "a", ec2InstanceId: "i-9", instanceStatus: "ACTIVE", inGroup: true, tasks: [] }] }),
        sequence: 4,
      });
      for await (const m of h.client.watchEnvironmentStatus({ environmentName: NAME, all: true, instances: true })) {
        expect(m.status!.revisions.map((r) => r.revision)).to.deep.equal([1n, 2n]);
        expect(m.status!.instances.map((i) => i.ec2InstanceId)).to.deep.equal(["i-9"]);
        break;
      }
      expect(h.scheduler.describeCalls).to.deep.equal([{ name: NAME, instances: true }]);
    });

    it("a hub that ends the stream (shutdown) gives UNAVAILABLE, not INTERNAL", async () => {
      const h = await createHarness();
      await withRevisions(h, 1);
      h.hub.messages = [update(1, "Active")];
      h.hub.endAfterMessages = true;
      const seen: bigint[] = [];
      await expectCode(
        (async () => {
          for await (const m of h.client.watchEnvironmentStatus({ environmentName: NAME })) seen.push(m.sequence);
        })(),
        Code.Unavailable,
      );
      expect(seen).to.deep.equal([1n]);
    });

    it("a deadline while waiting ends with DEADLINE_EXCEEDED, not INTERNAL", async () => {
      const h = await createHarness();
      await withRevisions(h, 1);
      await expectCode(
        (async () => {
          for await (const _ of h.client.watchEnvironmentStatus({ environmentName: NAME }, { timeoutMs: 50 })) {
            // no messages: the fake hub waits for the abort
          }
        })(),
        Code.DeadlineExceeded,
      );
    });
  });
});

import { expect } from "chai";
import type { EnvironmentSpec, EventDraft } from "../../server/domain/environment.js";
import { Code, ConnectError } from "../../server/errors.js";
import type { BloxStore } from "../../server/store/store.js";
import { deploymentOf, specOf, statusOf } from "./store-contract-data.js";

// The store contract: the same cases, unchanged, for every BloxStore
// implementation. No case may branch on the implementation.

export type MakeStore = () => Promise<{ store: BloxStore; cleanup(): Promise<void> }>;

const T0 = 1_700_000_000_000;

export { specOf, statusOf };

/** Awaits a rejection and checks it is a ConnectError with `code` (and a message matching `message`). */
export async function expectCode(p: Promise<unknown>, code: Code, message?: RegExp): Promise<ConnectError> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err, `expected ${Code[code]}, got success`).to.not.equal(undefined);
  expect(err).to.be.instanceOf(ConnectError);
  const ce = err as ConnectError;
  expect(Code[ce.code], ce.message).to.equal(Code[code]);
  if (message) expect(ce.rawMessage).to.match(message);
  return ce;
}

/** Resolves when `predicate` holds, polling; fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * 100 concurrent updates on one base, spread round-robin over `stores` (one
 * or several handles on the same database): exactly one wins per round, the
 * 99 others are ABORTED, and the revision list has no gap and no duplicate.
 */
export async function concurrentUpdateRounds(stores: BloxStore[], name: string, rounds = 20, callers = 100): Promise<void> {
  await stores[0]!.createEnvironment(specOf(name), T0);
  for (let round = 0; round < rounds; round++) {
    const base = round + 1;
    const results = await Promise.allSettled(
      Array.from({ length: callers }, (_, i) =>
        stores[i % stores.length]!.updateEnvironment(
          name,
          base,
          (s) => ({ ...s, taskDefinition: `web:${round}-${i}` }),
          T0 + round,
        ),
      ),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok, `round ${round}: successes`).to.have.length(1);
    for (const f of failed) {
      expect(f.reason).to.be.instanceOf(ConnectError);
      expect(Code[(f.reason as ConnectError).code], (f.reason as ConnectError).message).to.equal("Aborted");
      expect((f.reason as ConnectError).rawMessage).to.match(new RegExp(`latest revision of ${name} is ${base + 1}$`));
    }
    const winner = (ok[0] as PromiseFulfilledResult<{ revision: number; spec: EnvironmentSpec }>).value;
    expect(winner.revision).to.equal(base + 1);
    for (const s of stores) {
      const all = await s.allRevisions(name);
      expect(all.map((r) => r.revision)).to.deep.equal(Array.from({ length: base + 1 }, (_, i) => i + 1));
      expect(all[all.length - 1]!.spec.taskDefinition).to.equal(winner.spec.taskDefinition);
      expect((await s.getEnvironment(name))!.latestRevision).to.equal(base + 1);
    }
  }
}

export function runStoreContract(label: string, makeStore: MakeStore): void {
  describe(`BloxStore contract: ${label}`, function () {
    let store: BloxStore;
    let cleanup: () => Promise<void>;

    beforeEach(async function () {
      ({ store, cleanup } = await makeStore());
      await store.init();
      await store.init(); // idempotent
    });

    afterEach(async function () {
      await cleanup?.();
    });

    describe("environments and revisions", function () {
      it("creates an environment with revision 1 and reads it back", async function () {
        const spec = specOf("Team/Web", { instanceGroupQuery: "attribute:stack == prod" });
        const { environment, revision } = await store.createEnvironment(spec, T0);
        expect(environment).to.include({
          name: "Team/Web",
          cluster: "default",
          latestRevision: 1,
          targetRevision: 0,
          targetIsRollback: false,
          currentDeploymentId: "",
          frozen: false,
          lifecycle: "live",
          terminateTasks: false,
          createdAt: T0,
          updatedAt: T0,
          version: 1,
        });
        expect(environment.environmentId).to.be.a("string").and.not.equal("");
        expect(revision).to.deep.equal({ environmentName: "Team/Web", revision: 1, spec, createdAt: T0 });
        expect(await store.getEnvironment("Team/Web")).to.deep.equal(environment);
        expect(await store.getRevision("Team/Web", 1)).to.deep.equal(revision);
        expect(await store.getRevision("Team/Web", 2)).to.equal(undefined);
        expect(await store.getEnvironment("Nope")).to.equal(undefined);
        expect(await store.allRevisions("Nope")).to.deep.equal([]);
      });

      it("refuses a duplicate create with ALREADY_EXISTS and keeps the original", async function () {
        const first = await store.createEnvironment(specOf("Dup"), T0);
        await expectCode(store.createEnvironment(specOf("Dup", { taskDefinition: "other:9" }), T0 + 1), Code.AlreadyExists, /Dup/);
        expect(await store.getEnvironment("Dup")).to.deep.equal(first.environment);
        expect((await store.allRevisions("Dup")).map((r) => r.spec.taskDefinition)).to.deep.equal(["web:1"]);
      });

      it("gives each incarnation its own environmentId", async function () {
        const a = await store.createEnvironment(specOf("A"), T0);
        const b = await store.createEnvironment(specOf("B"), T0);
        expect(a.environment.environmentId).to.not.equal(b.environment.environmentId);
      });

      it("writes revision 2 on the latest base with the change applied", async function () {
        const { environment } = await store.createEnvironment(specOf("Upd"), T0);
        const rev = await store.updateEnvironment("Upd", 1, (s) => ({ ...s, taskDefinition: "web:2" }), T0 + 5);
        expect(rev).to.deep.equal({
          environmentName: "Upd",
          revision: 2,
          spec: specOf("Upd", { taskDefinition: "web:2" }),
          createdAt: T0 + 5,
        });
        const env = (await store.getEnvironment("Upd"))!;
        expect(env.latestRevision).to.equal(2);
        expect(env.version).to.be.greaterThan(environment.version);
        expect(env.updatedAt).to.equal(T0 + 5);
        expect(await store.getRevision("Upd", 2)).to.deep.equal(rev);
        expect((await store.getRevision("Upd", 1))!.spec.taskDefinition).to.equal("web:1");
        expect((await store.allRevisions("Upd")).map((r) => r.revision)).to.deep.equal([1, 2]);
      });

      it("passes the latest spec to change()", async function () {
        await store.createEnvironment(specOf("Chain"), T0);
        await store.updateEnvironment("Chain", 1, (s) => ({ ...s, instanceGroupQuery: "q1" }), T0);
        let seen: EnvironmentSpec | undefined;
        await store.updateEnvironment("Chain", 2, (s) => ((seen = s), { ...s, taskDefinition: "web:3" }), T0);
        expect(seen).to.deep.equal(specOf("Chain", { instanceGroupQuery: "q1" }));
        expect((await store.getRevision("Chain", 3))!.spec).to.deep.equal(
          specOf("Chain", { instanceGroupQuery: "q1", taskDefinition: "web:3" }),
        );
      });

      it("fails a stale base with ABORTED naming the latest revision, and writes nothing", async function () {
        const name = "SomeEnvironment/Prod";
        await store.createEnvironment(specOf(name), T0);
        await store.updateEnvironment(name, 1, (s) => ({ ...s, taskDefinition: "web:2" }), T0);
        await store.updateEnvironment(name, 2, (s) => ({ ...s, taskDefinition: "web:3" }), T0);
        const before = await store.getEnvironment(name);
        for (const stale of [1, 2, 0]) {
          await expectCode(
            store.updateEnvironment(name, stale, (s) => ({ ...s, taskDefinition: "bad:1" }), T0 + 9),
            Code.Aborted,
            new RegExp(`^base revision ${stale} is stale: the latest revision of SomeEnvironment/Prod is 3$`),
          );
        }
        expect(await store.getEnvironment(name)).to.deep.equal(before);
        expect((await store.allRevisions(name)).map((r) => r.spec.taskDefinition)).to.deep.equal(["web:1", "web:2", "web:3"]);
      });

      it("fails a base revision that does not exist with NOT_FOUND (not stale), and writes nothing", async function () {
        const name = "SomeEnvironment/Prod";
        await store.createEnvironment(specOf(name), T0);
        await store.updateEnvironment(name, 1, (s) => ({ ...s, taskDefinition: "web:2" }), T0);
        const before = await store.getEnvironment(name);
        for (const missing of [3, 99]) {
          await expectCode(
            store.updateEnvironment(name, missing, (s) => ({ ...s, taskDefinition: "bad:1" }), T0 + 9),
            Code.NotFound,
            new RegExp(`^base revision ${missing} of SomeEnvironment/Prod does not exist; the latest revision is 2$`),
          );
        }
        expect(await store.getEnvironment(name)).to.deep.equal(before);
        expect(await store.allRevisions(name)).to.have.length(2);
      });

      it("writes no revision when change() leaves the latest spec as it is, and returns the latest", async function () {
        const { environment } = await store.createEnvironment(specOf("Same"), T0);
        await store.updateEnvironment("Same", 1, (s) => ({ ...s, taskDefinition: "web:2" }), T0 + 1);
        const before = await store.getEnvironment("Same");
        expect(before!.version).to.be.greaterThan(environment.version);
        // Same values, rebuilt in another key order and with an undefined optional field.
        const rebuilt = (s: EnvironmentSpec): EnvironmentSpec => ({
          deployment: { ...s.deployment, rollback: undefined },
          instanceGroupQuery: s.instanceGroupQuery,
          cluster: s.cluster,
          taskDefinition: "web:2",
          name: s.name,
        });
        const rev = await store.updateEnvironment("Same", 2, rebuilt, T0 + 9);
        expect(rev).to.deep.equal({
          environmentName: "Same",
          revision: 2,
          spec: specOf("Same", { taskDefinition: "web:2" }),
          createdAt: T0 + 1,
        });
        expect(await store.getEnvironment("Same")).to.deep.equal(before);
        expect(await store.allRevisions("Same")).to.have.length(2);
      });

      it("writes nothing when change() throws, and propagates its error", async function () {
        await store.createEnvironment(specOf("Throw"), T0);
        const before = await store.getEnvironment("Throw");
        const boom = new ConnectError("task_definition: bad form", Code.InvalidArgument);
        let caught: unknown;
        try {
          await store.updateEnvironment("Throw", 1, () => {
            throw boom;
          }, T0 + 1);
        } catch (err) {
          caught = err;
        }
        expect(caught).to.equal(boom);
        expect(await store.getEnvironment("Throw")).to.deep.equal(before);
        expect(await store.allRevisions("Throw")).to.have.length(1);
        // And the environment still takes the next revision normally.
        expect((await store.updateEnvironment("Throw", 1, (s) => ({ ...s, taskDefinition: "web:2" }), T0 + 2)).revision).to.equal(2);
      });

      it("fails an update of an unknown environment with NOT_FOUND", async function () {
        await expectCode(store.updateEnvironment("Ghost", 1, (s) => s, T0), Code.NotFound, /Ghost/);
        expect(await store.allRevisions("Ghost")).to.deep.equal([]);
      });

      it("fails an update of a deleting environment with FAILED_PRECONDITION", async function () {
        const { environment } = await store.createEnvironment(specOf("Going"), T0);
        await store.updateEnvironmentRecord("Going", environment.version, { lifecycle: "deleting" }, T0);
        await expectCode(store.updateEnvironment("Going", 1, (s) => s, T0), Code.FailedPrecondition, /Going/);
        expect(await store.allRevisions("Going")).to.have.length(1);
      });

      it("lets exactly one of 100 concurrent updates on one base win, 20 rounds, no gap or duplicate", async function () {
        this.timeout(60_000);
        await concurrentUpdateRounds([store], "Race");
      });
    });

    describe("environment compare-and-set", function () {
      it("applies a patch on the expected version and bumps version and updatedAt", async function () {
        const { environment } = await store.createEnvironment(specOf("Cas"), T0);
        const next = await store.updateEnvironmentRecord(
          "Cas",
          environment.version,
          { targetRevision: 1, currentDeploymentId: "Cas:1@x", frozen: true },
          T0 + 10,
        );
        expect(next).to.deep.equal({
          ...environment,
          targetRevision: 1,
          currentDeploymentId: "Cas:1@x",
          frozen: true,
          version: environment.version + 1,
          updatedAt: T0 + 10,
        });
        expect(await store.getEnvironment("Cas")).to.deep.equal(next);
      });

      it("fails a stale version with ABORTED and changes nothing", async function () {
        const { environment } = await store.createEnvironment(specOf("Cas2"), T0);
        const v2 = await store.updateEnvironmentRecord("Cas2", environment.version, { frozen: true }, T0 + 1);
        await expectCode(
          store.updateEnvironmentRecord("Cas2", environment.version, { frozen: false }, T0 + 2),
          Code.Aborted,
          /Cas2/,
        );
        expect(await store.getEnvironment("Cas2")).to.deep.equal(v2);
        await expectCode(store.updateEnvironmentRecord("Nobody", 1, { frozen: true }, T0), Code.NotFound, /Nobody/);
      });

      it("lets exactly one of many concurrent CAS writes on one version win", async function () {
        const { environment } = await store.createEnvironment(specOf("Cas3"), T0);
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            store.updateEnvironmentRecord("Cas3", environment.version, { targetRevision: i + 1 }, T0 + 1),
          ),
        );
        expect(results.filter((r) => r.status === "fulfilled")).to.have.length(1);
        for (const r of results) if (r.status === "rejected") expect((r.reason as ConnectError).code).to.equal(Code.Aborted);
        expect((await store.getEnvironment("Cas3"))!.version).to.equal(environment.version + 1);
      });

      it("sets and clears deletedAt / purgeAfter", async function () {
        const { environment } = await store.createEnvironment(specOf("Del"), T0);
        const deleted = await store.updateEnvironmentRecord(
          "Del",
          environment.version,
          { lifecycle: "deleted", deletedAt: T0 + 1, purgeAfter: T0 + 100, terminateTasks: true },
          T0 + 1,
        );
        expect(deleted).to.include({ lifecycle: "deleted", deletedAt: T0 + 1, purgeAfter: T0 + 100, terminateTasks: true });
        const cleared = await store.updateEnvironmentRecord(
          "Del",
          deleted.version,
          { lifecycle: "live", deletedAt: undefined, purgeAfter: undefined },
          T0 + 2,
        );
        expect(cleared).to.not.have.property("deletedAt");
        expect(cleared).to.not.have.property("purgeAfter");
        expect(await store.getEnvironment("Del")).to.deep.equal(cleared);
      });
    });

    describe("listing environments and revisions", function () {
      it("pages environments by name with opaque tokens", async function () {
        const names = ["e05", "e03", "e01", "e07", "e02", "e06", "e04"];
        for (const n of names) await store.createEnvironment(specOf(n), T0);
        const seen: string[] = [];
        let token = "";
        let pages = 0;
        do {
          const page = await store.listEnvironments({ pageSize: 3, pageToken: token });
          expect(page.items.length).to.be.at.most(3);
          seen.push(...page.items.map((e) => e.name));
          token = page.nextPageToken;
          pages++;
        } while (token !== "" && pages < 10);
        expect(seen).to.deep.equal([...names].sort());
        expect(pages).to.equal(3);
        const all = await store.listEnvironments({ pageSize: 1000 });
        expect(all.items.map((e) => e.name)).to.deep.equal([...names].sort());
        expect(all.nextPageToken).to.equal("");
      });

      it("clamps page sizes", async function () {
        for (const n of ["a", "b", "c"]) await store.createEnvironment(specOf(n), T0);
        expect((await store.listEnvironments({ pageSize: 0 })).items).to.have.length(3);
        expect((await store.listEnvironments({ pageSize: 5000 })).items).to.have.length(3);
        const one = await store.listEnvironments({ pageSize: 1 });
        expect(one.items).to.have.length(1);
        expect(one.nextPageToken).to.not.equal("");
      });

      it("refuses malformed page tokens with INVALID_ARGUMENT naming page_token", async function () {
        await store.createEnvironment(specOf("x"), T0);
        await store.updateEnvironment("x", 1, (s) => ({ ...s, taskDefinition: "web:2" }), T0);
        const revToken = (await store.listRevisions("x", { pageSize: 1 })).nextPageToken;
        expect(revToken).to.not.equal("");
        for (const bad of ["%%%", "not-a-token", Buffer.from("{}").toString("base64url"), revToken]) {
          await expectCode(store.listEnvironments({ pageSize: 10, pageToken: bad }), Code.InvalidArgument, /page_token/);
        }
        await expectCode(store.listRevisions("x", { pageSize: 10, pageToken: "!!" }), Code.InvalidArgument, /page_token/);
        await expectCode(store.listDeployments("x", { pageSize: 10, pageToken: revToken }), Code.InvalidArgument, /page_token/);
        await expectCode(store.listEvents("x", { pageSize: 10, pageToken: revToken }), Code.InvalidArgument, /page_token/);
      });

      it("hides Deleted environments unless includeDeleted", async function () {
        for (const n of ["live", "deleting", "gone"]) await store.createEnvironment(specOf(n), T0);
        await store.updateEnvironmentRecord("deleting", 1, { lifecycle: "deleting" }, T0);
        await store.updateEnvironmentRecord("gone", 1, { lifecycle: "deleted", deletedAt: T0 }, T0);
        const visible = await store.listEnvironments({ pageSize: 100 });
        expect(visible.items.map((e) => e.name)).to.deep.equal(["deleting", "live"]);
        const all = await store.listEnvironments({ pageSize: 100, includeDeleted: true });
        expect(all.items.map((e) => e.name)).to.deep.equal(["deleting", "gone", "live"]);
        // Paging with the filter never yields a page of only filtered-out items.
        const p1 = await store.listEnvironments({ pageSize: 1 });
        const p2 = await store.listEnvironments({ pageSize: 1, pageToken: p1.nextPageToken });
        expect([...p1.items, ...p2.items].map((e) => e.name)).to.deep.equal(["deleting", "live"]);
        expect(p2.nextPageToken).to.equal("");
        // A Deleted environment still holds its name.
        await expectCode(store.createEnvironment(specOf("gone"), T0), Code.AlreadyExists, /gone/);
      });

      it("pages revisions ascending", async function () {
        await store.createEnvironment(specOf("R"), T0);
        for (let base = 1; base < 7; base++) await store.updateEnvironment("R", base, (s) => ({ ...s, taskDefinition: `web:${base + 1}` }), T0 + base);
        const seen: number[] = [];
        let token: string | undefined;
        do {
          const page = await store.listRevisions("R", { pageSize: 2, pageToken: token });
          seen.push(...page.items.map((r) => r.revision));
          token = page.nextPageToken;
        } while (token);
        expect(seen).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
        const all = await store.allRevisions("R");
        expect(all.map((r) => r.spec.taskDefinition)).to.deep.equal(seen.map((n) => `web:${n}`));
        expect(all.map((r) => r.createdAt)).to.deep.equal(seen.map((n) => T0 + n - 1));
        expect((await store.listRevisions("Unknown", { pageSize: 10 })).items).to.deep.equal([]);
      });
    });

    describe("deployments", function () {
      it("inserts, refuses duplicates, updates and reads deployments", async function () {
        await store.createEnvironment(specOf("D"), T0);
        const d = deploymentOf("D", 1, T0 + 1);
        await store.insertDeployment(d);
        expect(await store.getDeployment(d.deploymentId)).to.deep.equal(d);
        await expectCode(store.insertDeployment({ ...d, revision: 9 }), Code.AlreadyExists, /D:1@/);
        expect(await store.getDeployment(d.deploymentId)).to.deep.equal(d);
        expect(await store.transitionDeployment(d.deploymentId, "in_progress", "completed", T0 + 50)).to.deep.equal({ moved: true, state: "completed" });
        expect(await store.getDeployment(d.deploymentId)).to.deep.equal({ ...d, state: "completed", finishedAt: T0 + 50 });
        await expectCode(store.transitionDeployment("nope", "in_progress", "cancelled", T0), Code.NotFound, /nope/);
        expect(await store.getDeployment("nope")).to.equal(undefined);
      });

      it("ends a deployment only while it is in progress: a completion cannot overwrite a supersede, nor the reverse", async function () {
        await store.createEnvironment(specOf("R"), T0);
        const superseded = deploymentOf("R", 1, T0 + 1);
        await store.insertDeployment(superseded);
        expect(await store.transitionDeployment(superseded.deploymentId, "in_progress", "superseded", T0 + 10)).to.deep.equal({ moved: true, state: "superseded" });
        // The scheduler's completion arrives late: it loses and changes nothing.
        expect(await store.transitionDeployment(superseded.deploymentId, "in_progress", "completed", T0 + 20)).to.deep.equal({ moved: false, state: "superseded" });
        expect(await store.getDeployment(superseded.deploymentId)).to.deep.equal({ ...superseded, state: "superseded", finishedAt: T0 + 10 });

        const completed = deploymentOf("R", 2, T0 + 2);
        await store.insertDeployment(completed);
        expect((await store.transitionDeployment(completed.deploymentId, "in_progress", "completed", T0 + 30)).moved).to.equal(true);
        expect(await store.transitionDeployment(completed.deploymentId, "in_progress", "superseded", T0 + 40)).to.deep.equal({ moved: false, state: "completed" });
        expect(await store.getDeployment(completed.deploymentId)).to.deep.equal({ ...completed, state: "completed", finishedAt: T0 + 30 });
        // Ended deployments never move again, and the store says so before writing.
        await expectCode(store.transitionDeployment(completed.deploymentId, "completed", "cancelled", T0 + 50), Code.FailedPrecondition, /cannot move from completed to cancelled/);
        expect((await store.getDeployment(completed.deploymentId))!.state).to.equal("completed");
      });

      it("lets exactly one of a completion and a supersede racing on one deployment win, 20 rounds", async function () {
        await store.createEnvironment(specOf("Race"), T0);
        for (let round = 1; round <= 20; round++) {
          const d = deploymentOf("Race", round, T0 + round);
          await store.insertDeployment(d);
          const ends = round % 2 === 0 ? (["completed", "superseded"] as const) : (["superseded", "completed"] as const);
          const results = await Promise.all(ends.map((to, i) => store.transitionDeployment(d.deploymentId, "in_progress", to, T0 + 100 + i)));
          const winners = results.filter((r) => r.moved);
          expect(winners, `round ${round}`).to.have.length(1);
          const final = (await store.getDeployment(d.deploymentId))!;
          expect(results.every((r) => r.state === final.state), `round ${round}: both report the winner's state`).to.equal(true);
          expect(final.state).to.equal(winners[0]!.state);
          expect(final.finishedAt).to.equal(T0 + 100 + ends.indexOf(final.state as (typeof ends)[number]));
        }
      });

      it("raises promotedSteps atomically, never lowers it, and keeps it with the deployment", async function () {
        await store.createEnvironment(specOf("P"), T0);
        const d = deploymentOf("P", 1, T0 + 1);
        await store.insertDeployment(d);
        expect((await store.getDeployment(d.deploymentId))!.promotedSteps).to.equal(undefined);
        expect(await store.promoteDeployment(d.deploymentId, 1)).to.deep.equal({ ...d, promotedSteps: 1 });
        // Concurrent promotes: the highest wins whatever the order.
        await Promise.all([store.promoteDeployment(d.deploymentId, 3), store.promoteDeployment(d.deploymentId, 2)]);
        expect((await store.promoteDeployment(d.deploymentId, 1)).promotedSteps).to.equal(3);
        await store.transitionDeployment(d.deploymentId, "in_progress", "completed", T0 + 9);
        expect(await store.getDeployment(d.deploymentId)).to.deep.equal({ ...d, state: "completed", finishedAt: T0 + 9, promotedSteps: 3 });
        expect((await store.listDeployments("P", { pageSize: 10 })).items[0]!.promotedSteps).to.equal(3);
        await expectCode(store.promoteDeployment("nope", 1), Code.NotFound, /nope/);
        // Other schedulers (this process or another) hear of a promote.
        const seen: string[] = [];
        const unsubscribe = store.subscribe((name) => seen.push(name));
        await store.promoteDeployment(d.deploymentId, 4);
        await waitFor(() => seen.includes("P"), 5000, "a notification of the promote");
        unsubscribe();
      });

      it("lists deployments newest first with paging, per environment", async function () {
        await store.createEnvironment(specOf("L"), T0);
        await store.createEnvironment(specOf("Other"), T0);
        const ds = [1, 2, 3, 4, 5].map((n) => deploymentOf("L", n, T0 + n * 10));
        // Two deployments started in the same millisecond still page stably.
        ds.push({ ...deploymentOf("L", 6, T0 + 50), deploymentId: "L:6@same" });
        for (const d of [ds[2]!, ds[0]!, ds[5]!, ds[4]!, ds[1]!, ds[3]!]) await store.insertDeployment(d);
        await store.insertDeployment(deploymentOf("Other", 1, T0 + 1000));
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const page = await store.listDeployments("L", { pageSize: 4, pageToken: token });
          seen.push(...page.items.map((d) => d.deploymentId));
          token = page.nextPageToken;
          pages++;
        } while (token && pages < 10);
        expect(pages).to.equal(2);
        const newestFirst = [...ds].sort((a, b) => b.startedAt - a.startedAt || (a.deploymentId < b.deploymentId ? 1 : -1));
        expect(seen).to.deep.equal(newestFirst.map((d) => d.deploymentId));
        expect(seen[seen.length - 1]).to.equal(ds[0]!.deploymentId);
      });
    });

    describe("journal and events", function () {
      const drafts = (n: number, seq: number): EventDraft[] =>
        Array.from({ length: n }, (_, i) => ({
          type: i % 2 === 0 ? ("revision_status_changed" as const) : ("deployment_started" as const),
          time: T0 + seq,
          message: `event ${seq}.${i}`,
          ...(i % 2 === 0 ? { revision: seq } : { deploymentId: `J:${seq}@x` }),
        }));

      it("appends, reads, and refuses a taken or skipped sequence with ABORTED", async function () {
        await store.createEnvironment(specOf("J"), T0);
        expect(await store.latestJournal("J")).to.equal(undefined);
        const e1 = await store.appendJournal({ environmentName: "J", sequence: 1, time: T0 + 1, status: statusOf("J"), events: drafts(2, 1) });
        expect(e1.events).to.deep.equal([
          { environmentName: "J", sequence: 1, index: 0, type: "revision_status_changed", time: T0 + 1, message: "event 1.0", revision: 1 },
          { environmentName: "J", sequence: 1, index: 1, type: "deployment_started", time: T0 + 1, message: "event 1.1", deploymentId: "J:1@x" },
        ]);
        const s2 = statusOf("J", { status: "Active", healthy: 3 });
        const e2 = await store.appendJournal({ environmentName: "J", sequence: 2, time: T0 + 2, status: s2, events: [] });
        expect(await store.latestJournal("J")).to.deep.equal(e2);
        expect(e2.status).to.deep.equal(s2);
        await expectCode(
          store.appendJournal({ environmentName: "J", sequence: 2, time: T0 + 3, status: statusOf("J"), events: drafts(1, 2) }),
          Code.Aborted,
          /latest sequence is 2/,
        );
        await expectCode(
          store.appendJournal({ environmentName: "J", sequence: 4, time: T0 + 3, status: statusOf("J"), events: [] }),
          Code.Aborted,
          /latest sequence is 2/,
        );
        expect(await store.readJournal("J", 0, 100)).to.deep.equal([e1, e2]);
        expect(await store.readJournal("J", 1, 100)).to.deep.equal([e2]);
        expect(await store.readJournal("J", 0, 1)).to.deep.equal([e1]);
        expect(await store.readJournal("J", 2, 100)).to.deep.equal([]);
        // The losing append left no events behind.
        expect((await store.listEvents("J", { pageSize: 100 })).items).to.deep.equal(e1.events);
      });

      it("lets exactly one of concurrent appends of one sequence win", async function () {
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            store.appendJournal({ environmentName: "JC", sequence: 1, time: T0, status: statusOf("JC", { healthy: i }), events: drafts(1, 1) }),
          ),
        );
        expect(results.filter((r) => r.status === "fulfilled")).to.have.length(1);
        for (const r of results) if (r.status === "rejected") expect((r.reason as ConnectError).code).to.equal(Code.Aborted);
        expect(await store.readJournal("JC", 0, 100)).to.have.length(1);
        expect((await store.listEvents("JC", { pageSize: 100 })).items).to.have.length(1);
      });

      it("trims old entries, keeps the events and continues the sequence", async function () {
        for (let seq = 1; seq <= 5; seq++) {
          await store.appendJournal({ environmentName: "T", sequence: seq, time: T0 + seq, status: statusOf("T", { healthy: seq }), events: drafts(1, seq) });
        }
        await store.trimJournal("T", 2);
        expect((await store.readJournal("T", 0, 100)).map((e) => e.sequence)).to.deep.equal([4, 5]);
        await store.trimJournal("T", 0); // never drops the newest
        expect((await store.readJournal("T", 0, 100)).map((e) => e.sequence)).to.deep.equal([5]);
        expect((await store.latestJournal("T"))!.status.healthy).to.equal(5);
        expect((await store.listEvents("T", { pageSize: 100 })).items.map((e) => e.sequence)).to.deep.equal([1, 2, 3, 4, 5]);
        await expectCode(
          store.appendJournal({ environmentName: "T", sequence: 5, time: T0, status: statusOf("T"), events: [] }),
          Code.Aborted,
        );
        expect((await store.appendJournal({ environmentName: "T", sequence: 6, time: T0, status: statusOf("T"), events: [] })).sequence).to.equal(6);
      });

      it("lists events oldest first with paging and afterSequence", async function () {
        for (let seq = 1; seq <= 4; seq++) {
          await store.appendJournal({ environmentName: "EV", sequence: seq, time: T0 + seq, status: statusOf("EV"), events: drafts(3, seq) });
        }
        await store.appendJournal({ environmentName: "Else", sequence: 1, time: T0, status: statusOf("Else"), events: drafts(2, 1) });
        const keys = (items: { sequence: number; index: number }[]) => items.map((e) => `${e.sequence}.${e.index}`);
        const expected = [1, 2, 3, 4].flatMap((s) => [0, 1, 2].map((i) => `${s}.${i}`));
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const page = await store.listEvents("EV", { pageSize: 5, pageToken: token });
          seen.push(...keys(page.items));
          token = page.nextPageToken;
          pages++;
        } while (token && pages < 10);
        expect(seen).to.deep.equal(expected);
        expect(pages).to.equal(3);
        const after2 = await store.listEvents("EV", { pageSize: 100, afterSequence: 2 });
        expect(keys(after2.items)).to.deep.equal(expected.filter((k) => Number(k.split(".")[0]) > 2));
        // afterSequence combines with paging.
        const a = await store.listEvents("EV", { pageSize: 4, afterSequence: 1 });
        const b = await store.listEvents("EV", { pageSize: 4, afterSequence: 1, pageToken: a.nextPageToken });
        expect(keys([...a.items, ...b.items])).to.deep.equal(expected.filter((k) => !k.startsWith("1.")).slice(0, 8));
        const first = (await store.listEvents("EV", { pageSize: 1 })).items[0]!;
        expect(first).to.deep.equal({ environmentName: "EV", sequence: 1, index: 0, type: "revision_status_changed", time: T0 + 1, message: "event 1.0", revision: 1 });
      });
    });

    describe("leases", function () {
      it("acquires, renews, refuses another owner, hands over after expiry, releases", async function () {
        const a = await store.acquireLease("L", "replica-a", 1000, T0);
        expect(a).to.deep.equal({ environmentName: "L", owner: "replica-a", expiresAt: T0 + 1000, epoch: 1 });
        const renewed = await store.acquireLease("L", "replica-a", 1000, T0 + 500);
        expect(renewed).to.deep.equal({ environmentName: "L", owner: "replica-a", expiresAt: T0 + 1500, epoch: 1 });
        expect(await store.acquireLease("L", "replica-b", 1000, T0 + 1500)).to.equal(undefined); // not yet expired
        expect(await store.listLeases()).to.deep.equal([renewed]);
        const b = await store.acquireLease("L", "replica-b", 1000, T0 + 1501);
        expect(b).to.deep.equal({ environmentName: "L", owner: "replica-b", expiresAt: T0 + 2501, epoch: 2 });
        // The old owner lost it: it cannot renew.
        expect(await store.acquireLease("L", "replica-a", 1000, T0 + 1600)).to.equal(undefined);
        await store.releaseLease("L", "replica-a"); // not the owner: no effect
        expect(await store.listLeases()).to.deep.equal([b]);
        await store.releaseLease("L", "replica-b");
        expect(await store.listLeases()).to.deep.equal([]);
        // Free again at once, and the epoch still moves on.
        const c = await store.acquireLease("L", "replica-c", 1000, T0 + 1700);
        expect(c).to.deep.equal({ environmentName: "L", owner: "replica-c", expiresAt: T0 + 2700, epoch: 3 });
      });

      it("gives a free lease to exactly one of several concurrent replicas", async function () {
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => store.acquireLease("Race", `r${i}`, 1000, T0)),
        );
        const won = results.filter((l) => l !== undefined);
        expect(won).to.have.length(1);
        expect(won[0]!.epoch).to.equal(1);
        expect(await store.listLeases()).to.deep.equal(won);
      });

      it("keeps leases of different environments apart", async function () {
        await store.acquireLease("X", "a", 1000, T0);
        await store.acquireLease("Y", "b", 1000, T0);
        expect((await store.listLeases()).map((l) => `${l.environmentName}=${l.owner}`)).to.deep.equal(["X=a", "Y=b"]);
      });
    });

    describe("subscribe", function () {
      it("reports writes to subscribers, asynchronously, until they unsubscribe", async function () {
        const seen: string[] = [];
        const other: string[] = [];
        const unsubscribe = store.subscribe((name) => seen.push(name));
        store.subscribe((name) => other.push(name));
        const created = store.createEnvironment(specOf("Sub"), T0);
        expect(seen, "never inside the write").to.deep.equal([]);
        await created;
        await waitFor(() => seen.includes("Sub"), 5000, "a notification of the create");
        const n = seen.length;
        await store.updateEnvironment("Sub", 1, (s) => ({ ...s, taskDefinition: "web:2" }), T0);
        await waitFor(() => seen.length > n, 5000, "a notification of the update");
        const m = seen.length;
        await store.appendJournal({ environmentName: "Sub", sequence: 1, time: T0, status: statusOf("Sub"), events: [] });
        await waitFor(() => seen.length > m, 5000, "a notification of the journal append");
        expect(new Set(seen)).to.deep.equal(new Set(["Sub"]));

        unsubscribe();
        const k = other.length;
        const before = seen.length;
        await store.updateEnvironmentRecord("Sub", (await store.getEnvironment("Sub"))!.version, { frozen: true }, T0);
        await waitFor(() => other.length > k, 5000, "the remaining subscriber");
        expect(seen.length).to.equal(before);
      });

      it("survives a throwing subscriber", async function () {
        const seen: string[] = [];
        store.subscribe(() => {
          throw new Error("listener bug");
        });
        store.subscribe((name) => seen.push(name));
        await store.createEnvironment(specOf("Sub2"), T0);
        await waitFor(() => seen.includes("Sub2"), 5000, "the healthy subscriber");
        expect(await store.getEnvironment("Sub2")).to.not.equal(undefined);
      });
    });

    describe("purge", function () {
      it("removes everything stored under the environment, and the name can be created again", async function () {
        const { environment } = await store.createEnvironment(specOf("P"), T0);
        await store.createEnvironment(specOf("Keep"), T0);
        await store.updateEnvironment("P", 1, (s) => ({ ...s, taskDefinition: "web:2" }), T0);
        await store.insertDeployment(deploymentOf("P", 2, T0));
        await store.appendJournal({ environmentName: "P", sequence: 1, time: T0, status: statusOf("P"), events: [{ type: "deleting", time: T0, message: "bye" }] });
        await store.appendJournal({ environmentName: "Keep", sequence: 1, time: T0, status: statusOf("Keep"), events: [{ type: "environment_created", time: T0, message: "hi" }] });
        await store.acquireLease("P", "me", 1000, T0);
        await store.acquireLease("Keep", "me", 1000, T0);
        await store.updateEnvironmentRecord("P", (await store.getEnvironment("P"))!.version, { lifecycle: "deleted", deletedAt: T0 }, T0);

        await store.purgeEnvironment("P");
        expect(await store.getEnvironment("P")).to.equal(undefined);
        expect(await store.allRevisions("P")).to.deep.equal([]);
        expect(await store.getRevision("P", 1)).to.equal(undefined);
        expect(await store.getDeployment(deploymentOf("P", 2, T0).deploymentId)).to.equal(undefined);
        expect((await store.listDeployments("P", { pageSize: 10 })).items).to.deep.equal([]);
        expect(await store.latestJournal("P")).to.equal(undefined);
        expect((await store.listEvents("P", { pageSize: 10 })).items).to.deep.equal([]);
        expect((await store.listLeases()).map((l) => l.environmentName)).to.deep.equal(["Keep"]);
        expect((await store.listEnvironments({ pageSize: 10, includeDeleted: true })).items.map((e) => e.name)).to.deep.equal(["Keep"]);
        // Others are untouched.
        expect(await store.latestJournal("Keep")).to.not.equal(undefined);
        await store.purgeEnvironment("P"); // idempotent

        const again = await store.createEnvironment(specOf("P", { taskDefinition: "new:1" }), T0 + 99);
        expect(again.environment.latestRevision).to.equal(1);
        expect(again.environment.environmentId).to.not.equal(environment.environmentId);
        expect((await store.allRevisions("P")).map((r) => r.spec.taskDefinition)).to.deep.equal(["new:1"]);
        expect((await store.appendJournal({ environmentName: "P", sequence: 1, time: T0, status: statusOf("P"), events: [] })).sequence).to.equal(1);
        expect((await store.acquireLease("P", "other", 1000, T0))!.owner).to.equal("other");
      });
    });
  });
}

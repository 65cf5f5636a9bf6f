// The design doc's whole walkthrough, through the real `blox` CLI (child
// processes) against one real server process (`node --import tsx
// server/main.ts`, embedded SQLite store in a temp dir, the doc's simulated
// cluster with 100 ms starts and 50 ms stops, 200 ms resync).
//
// Assertions use `--json` output; a few tables are compared byte for byte with
// the doc where the doc's own layout is self-consistent.

import { expect } from "chai";
import { DOC_YAML } from "../support/doc-spec.js";
import { runCli, startServerProcess, stopAllProcesses, type CliResult, type ServerProcess } from "../support/server-process.js";

const ENV = "SomeEnvironment/Prod";

interface RevisionJson {
  Revision: number;
  Status: string;
  Desired: number;
  Healthy: number;
  Total: number;
  Tasks: number;
  TaskDefinition: string;
}
interface InstanceJson {
  ContainerInstanceArn: string;
  InGroup: boolean;
  Tasks: { TaskArn: string; Revision: number; State: string; Healthy: boolean; TaskDefinition: string }[];
}
interface StatusJson {
  EnvironmentName: string;
  TargetRevision: number;
  Status: string;
  Outdated: number;
  Desired: number;
  Healthy: number;
  Total: number;
  Frozen: boolean;
  CurrentDeploymentId: string;
  Revisions?: RevisionJson[];
  Instances?: InstanceJson[];
}
interface EventJson {
  Sequence: number;
  Type: string;
  Revision: number;
  DeploymentId: string;
  Message: string;
}

/** [status, desired, healthy, total] per revision, ordered by revision. */
function revisionRows(s: StatusJson): Record<number, [string, number, number, number]> {
  const out: Record<number, [string, number, number, number]> = {};
  for (const r of s.Revisions ?? []) out[r.Revision] = [r.Status, r.Desired, r.Healthy, r.Total];
  return out;
}

/** [target, status, outdated, desired, healthy, total] of the environment line. */
function envRow(s: StatusJson): [number, string, number, number, number, number] {
  return [s.TargetRevision, s.Status, s.Outdated, s.Desired, s.Healthy, s.Total];
}

/** Tasks that are not stopped, by container instance ARN. */
function liveTasks(s: StatusJson): Map<string, InstanceJson["Tasks"]> {
  const out = new Map<string, InstanceJson["Tasks"]>();
  for (const i of s.Instances ?? []) {
    const tasks = i.Tasks.filter((t) => t.State !== "Stopped");
    if (tasks.length > 0) out.set(i.ContainerInstanceArn, tasks);
  }
  return out;
}

/** Every task ARN the instance view shows (any state). */
function allTaskArns(s: StatusJson): Set<string> {
  return new Set((s.Instances ?? []).flatMap((i) => i.Tasks.map((t) => t.TaskArn)));
}

describe("e2e: the design doc's walkthrough through the blox CLI against a real server process", function () {
  this.timeout(120_000);
  this.bail(true);

  let server: ServerProcess;
  let prodTasks: Map<string, string>; // instance ARN → task ARN of the revision-2 task on each prod instance
  const deploymentIds: string[] = [];

  const blox = (args: string[], input?: string): Promise<CliResult> => runCli(server.endpoint, args, input);

  async function ok(args: string[], input?: string): Promise<string> {
    const r = await blox(args, input);
    expect(r.code, `blox ${args.join(" ")}\nstderr: ${r.stderr}\nstdout: ${r.stdout}\nserver logs:\n${server.logs().slice(-3000)}`).to.equal(0);
    return r.stdout;
  }
  const json = async <T>(args: string[], input?: string): Promise<T> => JSON.parse(await ok(args, input)) as T;
  const status = (...extra: string[]) => json<StatusJson>(["describe-environment-status", "--all", "--environment-name", ENV, "--json", ...extra]);
  const table = (...extra: string[]) => ok(["describe-environment-status", "--environment-name", ENV, "--table", ...extra]);
  const events = async () => (await json<{ Events: EventJson[] }>(["list-environment-events", "--environment", ENV])).Events;
  const waitActive = async () => {
    const out = await ok(["wait-environment", "--environment-name", ENV, "--timeout", "30s", "--quiet"]);
    expect(out).to.match(/ is Active \(\d+\/\d+ healthy\)\n$/);
  };
  async function deploy(revision: number, ...extra: string[]): Promise<string> {
    const out = await ok(["deploy-environment", "--environment", ENV, "--revision", String(revision), ...extra]);
    const m = /^\{ "DeploymentId": "([^"]+)" \}\n$/.exec(out);
    expect(m, out).to.not.equal(null);
    const id = m![1]!;
    // The doc's form: <environment>:<revision>@<UTC yyyyMMddHHmmss + centiseconds> (a suffix only on collisions).
    expect(id).to.match(new RegExp(`^SomeEnvironment/Prod:${revision}@\\d{16}$`));
    const stamp = id.slice(id.indexOf("@") + 1);
    const when = Date.UTC(+stamp.slice(0, 4), +stamp.slice(4, 6) - 1, +stamp.slice(6, 8), +stamp.slice(8, 10), +stamp.slice(10, 12), +stamp.slice(12, 14));
    expect(Math.abs(when - Date.now())).to.be.lessThan(5 * 60_000);
    deploymentIds.push(id);
    return id;
  }

  before(async () => {
    server = await startServerProcess();
  });
  after(async () => {
    await stopAllProcesses();
  });

  it("`npx blox create-environment --yaml-file` with the doc's heredoc on stdin → { \"EnvironmentRevision\": 1 }", async () => {
    const r = await runCli(server.endpoint, ["create-environment", "--yaml-file"], DOC_YAML, { npx: true });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('{ "EnvironmentRevision": 1 }\n');
  });

  it("describe: Created, TOTAL 5, revision 1 Created 0/0/5 (the doc's first table, byte for byte)", async () => {
    const [s, t] = await Promise.all([status(), table("--all")]);
    expect(envRow(s)).to.deep.equal([0, "Created", 0, 0, 0, 5]);
    expect(revisionRows(s)).to.deep.equal({ 1: ["Created", 0, 0, 5] });
    expect(t).to.equal(`ENVIRONMENT               ACTIVE REVISION  STATUS     OUTDATED  DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod      N/A              Created    0         0         0        5

REVISION                  STATUS     DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod:1    Created    0         0        5
`);
  });

  it("deploy 1 → the doc's DeploymentId form; wait-environment exits 0; Active 5/5/5", async () => {
    await deploy(1);
    await waitActive();
    const [s, t] = await Promise.all([status("--instances"), table("--all")]);
    expect(envRow(s)).to.deep.equal([1, "Active", 0, 5, 5, 5]);
    expect(revisionRows(s)).to.deep.equal({ 1: ["Active", 5, 5, 5] });
    expect(t).to.equal(`ENVIRONMENT               TARGET REVISION  STATUS     OUTDATED  DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod      1                Active     0         5         5        5

REVISION                  STATUS     DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod:1    Active     5         5        5
`);
    // One running task per prod instance, none elsewhere.
    const live = liveTasks(s);
    expect(live.size).to.equal(5);
    for (const i of s.Instances!) {
      expect(live.get(i.ContainerInstanceArn)?.map((t) => [t.Revision, t.State]) ?? [], i.ContainerInstanceArn).to.deep.equal(i.InGroup ? [[1, "Running"]] : []);
    }
  });

  it("update to log-daemon:2 (base 1) → revision 2 Created; nothing moves", async () => {
    expect(
      await ok(["update-environment", "--environment", ENV, "--base-revision", "1", "--task-definition", "log-daemon:2"]),
    ).to.equal('{ "EnvironmentRevision": 2 }\n');
    const [s, t] = await Promise.all([status(), table("--all")]);
    expect(envRow(s)).to.deep.equal([1, "Active", 0, 5, 5, 5]);
    expect(revisionRows(s)).to.deep.equal({ 1: ["Active", 5, 5, 5], 2: ["Created", 0, 0, 0] });
    expect(t).to.equal(`ENVIRONMENT               TARGET REVISION  STATUS     OUTDATED  DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod      1                Active     0         5         5        5

REVISION                  STATUS     DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod:1    Active     5         5        5
SomeEnvironment/Prod:2    Created    0         0        0
`);
  });

  it("deploy 2 → converges: revision 1 Inactive, revision 2 Active 5/5/5, every task replaced", async () => {
    const before = await status("--instances");
    const oldArns = [...liveTasks(before).values()].flat().map((t) => t.TaskArn);
    await deploy(2);
    await waitActive();
    const s = await status("--instances");
    expect(envRow(s)).to.deep.equal([2, "Active", 0, 5, 5, 5]);
    expect(revisionRows(s)).to.deep.equal({ 1: ["Inactive", 0, 0, 0], 2: ["Active", 5, 5, 5] });
    prodTasks = new Map();
    for (const [instance, tasks] of liveTasks(s)) {
      expect(tasks.map((t) => [t.Revision, t.State, t.TaskDefinition])).to.deep.equal([[2, "Running", "log-daemon:2"]]);
      expect(oldArns).to.not.include(tasks[0]!.TaskArn);
      prodTasks.set(instance, tasks[0]!.TaskArn);
    }
    expect(prodTasks.size).to.equal(5);
  });

  it("update the group to `attribute:stack in (prod, gamma)` (base 2), deploy 3 → TOTAL 8; the 5 prod tasks adopted without restart, exactly 3 started; Active 8/8/8", async () => {
    expect(
      await ok(["update-environment", "--environment", ENV, "--base-revision", "2", "--instance-group-query", "attribute:stack in (prod, gamma)"]),
    ).to.equal('{ "EnvironmentRevision": 3 }\n');
    const before = await status("--instances");
    expect(revisionRows(before)).to.deep.equal({ 1: ["Inactive", 0, 0, 0], 2: ["Active", 5, 5, 5], 3: ["Created", 0, 0, 0] });
    const known = allTaskArns(before);

    await deploy(3);
    await waitActive();
    const [s, t] = await Promise.all([status("--instances"), table("--all")]);
    expect(envRow(s)).to.deep.equal([3, "Active", 0, 8, 8, 8]);
    expect(revisionRows(s)).to.deep.equal({ 1: ["Inactive", 0, 0, 0], 2: ["Inactive", 0, 0, 0], 3: ["Active", 8, 8, 8] });
    // The doc's table after this deploy (its revision section is wider there; this is the same content).
    expect(t).to.match(/^SomeEnvironment\/Prod {6}3 {16}Active {5}0 {9}8 {9}8 {8}8$/m);

    const live = liveTasks(s);
    expect(live.size).to.equal(8);
    for (const [instance, arn] of prodTasks) {
      expect(live.get(instance)?.map((x) => x.TaskArn), `prod instance ${instance}`).to.deep.equal([arn]);
    }
    const started = [...allTaskArns(s)].filter((arn) => !known.has(arn));
    expect(started, "tasks started by deploy 3").to.have.length(3);
    for (const tasks of live.values()) expect(tasks.map((x) => [x.Revision, x.State])).to.deep.equal([[3, "Running"]]);
  });

  it("deploy 2 without --rollback → non-zero exit, a message pointing to --rollback, nothing written", async () => {
    const r = await blox(["deploy-environment", "--environment", ENV, "--revision", "2"]);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.equal("");
    expect(r.stderr).to.match(/^blox: FAILED_PRECONDITION: .*--rollback/);
    expect(envRow(await status())).to.deep.equal([3, "Active", 0, 8, 8, 8]);
  });

  it("deploy 2 --rollback → revision 3 Reverting then Reverted, revision 2 Active 5/5/5; the prod tasks stay", async () => {
    await deploy(2, "--rollback");
    await waitActive();
    const s = await status("--instances");
    expect(envRow(s)).to.deep.equal([2, "Active", 0, 5, 5, 5]);
    expect(revisionRows(s)).to.deep.equal({ 1: ["Inactive", 0, 0, 0], 2: ["Active", 5, 5, 5], 3: ["Reverted", 0, 0, 0] });
    const live = liveTasks(s);
    expect([...live.keys()].sort()).to.deep.equal([...prodTasks.keys()].sort());
    // Same task definition: revision 2 takes the prod tasks back without restarting them.
    for (const [instance, arn] of prodTasks) expect(live.get(instance)!.map((x) => x.TaskArn)).to.deep.equal([arn]);

    const revision3 = (await events()).filter((e) => e.Type === "RevisionStatusChanged" && e.Revision === 3).map((e) => e.Message);
    const reverting = revision3.indexOf("revision 3: Active -> Reverting");
    expect(reverting, revision3.join("\n")).to.be.greaterThan(-1);
    expect(revision3.indexOf("revision 3: Reverting -> Reverted")).to.be.greaterThan(reverting);
  });

  it("freeze → --short shows Frozen; deploy 3 while frozen is accepted and nothing moves over several resyncs; thaw → 3 Active 8/8/8", async () => {
    expect(await ok(["freeze-environment", "--environment-name", ENV])).to.equal("");
    const [short, shortTable] = await Promise.all([
      json<StatusJson>(["describe-environment-status", "--short", "--environment-name", ENV, "--json"]),
      table("--short"),
    ]);
    expect(short.Status).to.equal("Frozen");
    expect(short.Frozen).to.equal(true);
    expect(short.Revisions ?? []).to.deep.equal([]);
    expect(shortTable).to.equal(`ENVIRONMENT               TARGET REVISION  STATUS     OUTDATED  DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod      2                Frozen     0         5         5        5
`);

    const before = await status("--instances");
    await deploy(3);
    // ~6 resync intervals (200 ms each), plus the CLI's own start-up time between looks.
    await new Promise((r) => setTimeout(r, 1200));
    const during = await status("--instances");
    expect(during.TargetRevision).to.equal(3);
    expect(during.Status).to.equal("Frozen");
    expect(during.Healthy).to.equal(5);
    expect(allTaskArns(during), "no task started or stopped while frozen").to.deep.equal(allTaskArns(before));
    expect([...liveTasks(during).values()].flat().every((x) => x.State === "Running")).to.equal(true);

    expect(await ok(["thaw-environment", "--environment-name", ENV])).to.equal("");
    await waitActive();
    const after = await status("--instances");
    expect(envRow(after)).to.deep.equal([3, "Active", 0, 8, 8, 8]);
    expect(revisionRows(after)[3]).to.deep.equal(["Active", 8, 8, 8]);
    expect(liveTasks(after).size).to.equal(8);
  });

  it("delete --terminate-tasks → Deleting → Deleted with 0 tasks", async () => {
    expect(await ok(["delete-environment", "--name", ENV, "--terminate-tasks"])).to.equal("");
    const seen: string[] = [];
    const deadline = Date.now() + 30_000;
    let s: StatusJson;
    for (;;) {
      s = await json<StatusJson>(["describe-environment-status", "--short", "--environment-name", ENV, "--json"]);
      if (seen.at(-1) !== s.Status) seen.push(s.Status);
      if (s.Status === "Deleted" || Date.now() > deadline) break;
    }
    expect(seen.at(-1), `statuses seen: ${seen.join(" → ")}`).to.equal("Deleted");
    expect(seen.every((x) => x === "Deleting" || x === "Deleted"), seen.join(" → ")).to.equal(true);
    expect(envRow(s)).to.deep.equal([3, "Deleted", 0, 0, 0, 0]);

    const full = await status("--instances");
    expect(full.Status).to.equal("Deleted");
    for (const r of full.Revisions ?? []) expect([r.Revision, r.Desired, r.Healthy, r.Total, r.Tasks]).to.deep.equal([r.Revision, 0, 0, 0, 0]);
    const running = (full.Instances ?? []).flatMap((i) => i.Tasks.filter((t) => t.State !== "Stopped"));
    expect(running, "tasks still running after delete --terminate-tasks").to.deep.equal([]);
    expect(await ok(["describe-environment-status", "--short", "--environment-name", ENV, "--table"])).to.equal(
      `ENVIRONMENT               TARGET REVISION  STATUS     OUTDATED  DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod      3                Deleted    0         0         0        0
`,
    );
  });

  it("ListEnvironmentEvents has deployment started/completed, rollback, frozen/thawed, deleting/deleted, in order", async () => {
    const evs = await events();
    const types = evs.map((e) => e.Type);
    const seqs = evs.map((e) => e.Sequence);
    expect(seqs, "events are oldest first").to.deep.equal([...seqs].sort((a, b) => a - b));

    // Every deploy of the walkthrough started and completed, each with its own DeploymentId.
    const started = evs.filter((e) => e.Type === "DeploymentStarted" || e.Type === "RollbackStarted").map((e) => e.DeploymentId);
    expect(started).to.deep.equal(deploymentIds);
    const completed = evs.filter((e) => e.Type === "DeploymentCompleted").map((e) => e.DeploymentId);
    expect(completed).to.deep.equal(deploymentIds);
    expect(evs.find((e) => e.Type === "RollbackStarted")?.Revision).to.equal(2);

    const order = ["Frozen", "Thawed", "Deleting", "Deleted"].map((t) => types.indexOf(t));
    expect(order.every((i) => i >= 0), types.join(", ")).to.equal(true);
    expect(order).to.deep.equal([...order].sort((a, b) => a - b));
  });
});

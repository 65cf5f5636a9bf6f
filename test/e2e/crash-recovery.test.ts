// Crash safety with real processes and SIGKILL.
//
// 1. Mid-deployment kills. The cluster must outlive the server, so it runs as
//    a process of its own: the ECS-compatible endpoint over the simulator
//    (`npm run ecs-sim`), and the server uses it through the real ECS backend
//    (BLOX_CLUSTER_BACKEND=ecs, AWS_ENDPOINT_URL_ECS). The test watches the
//    cluster with its own ECSClient (ListTasks / DescribeTasks with tags), the
//    way an operator would, and checks the invariants throughout, not only at
//    the end.
//
//    Restarts alternate between the two ways a replica comes back: with the
//    same BLOX_REPLICA_ID (a stable identity: it renews its own lease at once;
//    honest here because the old process is dead — we wait for its exit) and
//    with a fresh one (the default `<hostname>-<pid>`: it must wait until the
//    dead replica's lease expires, BLOX_LEASE_TTL=2s).
//
// 2. kill -9 during a write load of UpdateEnvironment: every acknowledged
//    revision is still there after the restart, with no gap.
//
// The seed of the random kill points is printed; replay with E2E_SEED=<seed>.

import { ECSClient, type Task } from "@aws-sdk/client-ecs";
import { expect } from "chai";
import { createBloxClient, type BloxClient } from "../../client/client.js";
import { DeploymentMethod, DeploymentType, EnvironmentStatus, RevisionStatus } from "../../gen/blox/v1/environment_pb.js";
import { listAllTasks } from "../support/ecs-tasks.js";
import { seededRandom } from "../support/random.js";
import {
  pollUntil,
  startEcsSimProcess,
  startServerProcess,
  stopAllProcesses,
  type EcsSimProcess,
  type ServerProcess,
} from "../support/server-process.js";

const SEED = Number(process.env.E2E_SEED ?? Date.now() % 1_000_000);

const ENV = "Crash/Fleet";
const INSTANCES = 20;
const MIN_HEALTHY_PERCENT = 60;
const FLOOR = Math.ceil((INSTANCES * MIN_HEALTHY_PERCENT) / 100); // 12
const KILLS = 10;

const TAG_ENVIRONMENT = "blox:environment";
const TAG_REVISION = "blox:revision";

interface ObservedTask {
  arn: string;
  instance: string;
  environment?: string;
  revision?: number;
  taskDefinition: string;
  lastStatus: string;
  desiredStatus: string;
  createdAt: number;
  stoppedAt?: number;
}

/** Reads the cluster through the ECS API, as an operator would, independent of the Blox server. */
function createClusterObserver(endpoint: string) {
  // The SDK's notice that future versions need Node 22 says nothing about this test.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const ecs = new ECSClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
    maxAttempts: 3,
  });
  const toTask = (t: Task): ObservedTask => {
    const tags = Object.fromEntries((t.tags ?? []).map((x) => [x.key ?? "", x.value ?? ""]));
    const revision = tags[TAG_REVISION];
    return {
      arn: t.taskArn!,
      instance: t.containerInstanceArn ?? "",
      environment: tags[TAG_ENVIRONMENT],
      revision: revision === undefined ? undefined : Number(revision),
      taskDefinition: (t.taskDefinitionArn ?? "").replace(/^.*task-definition\//, ""),
      lastStatus: t.lastStatus ?? "",
      desiredStatus: t.desiredStatus ?? "",
      createdAt: t.createdAt?.getTime() ?? 0,
      stoppedAt: t.stoppedAt?.getTime(),
    };
  };
  /** Every task of the cluster with the given desired statuses (all pages). */
  async function tasks(desired: ("RUNNING" | "STOPPED")[] = ["RUNNING"]): Promise<ObservedTask[]> {
    return (await listAllTasks(ecs, desired)).map(toTask);
  }
  return { tasks, close: () => ecs.destroy() };
}

/** Problems in one snapshot of the not-yet-stopped tasks (TerminateThenReplace). */
function snapshotViolations(tasks: ObservedTask[], floorArmed: boolean): string[] {
  const problems: string[] = [];
  const byInstance = new Map<string, ObservedTask[]>();
  for (const t of tasks) {
    if (t.lastStatus === "STOPPED") continue;
    byInstance.set(t.instance, [...(byInstance.get(t.instance) ?? []), t]);
  }
  for (const [instance, ts] of byInstance) {
    const revisions = ts.map((t) => t.revision);
    if (new Set(revisions).size !== revisions.length) {
      problems.push(`double start: two tasks of one revision on ${instance}: ${ts.map((t) => `${t.arn} r${t.revision} ${t.lastStatus}`).join(", ")}`);
    } else if (ts.length > 1) {
      problems.push(`TerminateThenReplace: ${ts.length} tasks on ${instance} at once: ${ts.map((t) => `r${t.revision} ${t.lastStatus}/${t.desiredStatus}`).join(", ")}`);
    }
  }
  const healthy = tasks.filter((t) => t.lastStatus === "RUNNING" && t.desiredStatus === "RUNNING").length;
  if (floorArmed && healthy < FLOOR) problems.push(`healthy ${healthy} below the floor ${FLOOR}`);
  return problems;
}

/** Problems in the whole task history (stopped tasks included): lifetimes that overlap on one instance. */
function historyViolations(all: ObservedTask[]): string[] {
  const problems: string[] = [];
  const byInstance = new Map<string, ObservedTask[]>();
  for (const t of all) byInstance.set(t.instance, [...(byInstance.get(t.instance) ?? []), t]);
  for (const [instance, ts] of byInstance) {
    ts.sort((a, b) => a.createdAt - b.createdAt);
    for (let i = 1; i < ts.length; i++) {
      const prev = ts[i - 1]!;
      const cur = ts[i]!;
      if (prev.stoppedAt === undefined || cur.createdAt < prev.stoppedAt) {
        const kind = prev.revision === cur.revision ? "double start" : "overlap under TerminateThenReplace";
        problems.push(`${kind} on ${instance}: ${prev.arn} (r${prev.revision}, stopped ${prev.stoppedAt ?? "never"}) and ${cur.arn} (r${cur.revision}, created ${cur.createdAt})`);
      }
    }
  }
  return problems;
}

/** Where a rollout to `target` stands in the cluster. */
function progress(tasks: ObservedTask[], target: number) {
  const live = tasks.filter((t) => t.desiredStatus === "RUNNING" && t.lastStatus !== "STOPPED");
  const targetRunning = live.filter((t) => t.revision === target && t.lastStatus === "RUNNING");
  const others = live.filter((t) => t.revision !== target);
  return {
    targetRunning: targetRunning.length,
    targetPending: live.filter((t) => t.revision === target && t.lastStatus !== "RUNNING").length,
    others: others.length,
    converged: targetRunning.length === INSTANCES && live.length === INSTANCES && new Set(targetRunning.map((t) => t.instance)).size === INSTANCES,
  };
}

describe("e2e: crash recovery with real processes and SIGKILL", function () {
  this.timeout(120_000);

  after(async () => {
    await stopAllProcesses();
  });

  it("the invariant checkers flag what they are meant to (synthetic tasks)", () => {
    const t = (arn: string, instance: string, revision: number, lastStatus: string, desiredStatus: string, createdAt: number, stoppedAt?: number): ObservedTask => ({
      arn, instance, environment: ENV, revision, taskDefinition: `log-daemon:${revision}`, lastStatus, desiredStatus, createdAt, stoppedAt,
    });
    const full = Array.from({ length: INSTANCES }, (_, i) => t(`a${i}`, `i${i}`, 1, "RUNNING", "RUNNING", 0));
    expect(snapshotViolations(full, true)).to.deep.equal([]);
    expect(snapshotViolations([...full, t("x", "i0", 1, "PENDING", "RUNNING", 5)], true)[0]).to.match(/^double start/);
    expect(snapshotViolations([...full, t("x", "i0", 2, "PENDING", "RUNNING", 5)], true)[0]).to.match(/^TerminateThenReplace: 2 tasks/);
    const stopped = full.map((x, i) => (i < INSTANCES - FLOOR ? { ...x, desiredStatus: "STOPPED" } : x));
    expect(snapshotViolations(stopped, true)).to.deep.equal([]);
    stopped[INSTANCES - FLOOR] = { ...stopped[INSTANCES - FLOOR]!, desiredStatus: "STOPPED" };
    expect(snapshotViolations(stopped, true)).to.deep.equal([`healthy ${FLOOR - 1} below the floor ${FLOOR}`]);
    expect(snapshotViolations(stopped, false)).to.deep.equal([]);

    expect(historyViolations([t("a", "i0", 1, "STOPPED", "STOPPED", 0, 10), t("b", "i0", 2, "RUNNING", "RUNNING", 10)])).to.deep.equal([]);
    expect(historyViolations([t("a", "i0", 1, "STOPPED", "STOPPED", 0, 10), t("b", "i0", 2, "RUNNING", "RUNNING", 9)])[0]).to.match(/^overlap/);
    expect(historyViolations([t("a", "i0", 2, "RUNNING", "RUNNING", 0), t("b", "i0", 2, "RUNNING", "RUNNING", 9)])[0]).to.match(/^double start/);
    expect(progress(full, 1).converged).to.equal(true);
    expect(progress(full.slice(1), 1).converged).to.equal(false);
    expect(progress(full, 2)).to.deep.include({ converged: false, others: INSTANCES });
  });

  describe(`mid-deployment SIGKILL at ${KILLS} random points, cluster in its own process (ECS endpoint); seed ${SEED}`, () => {
    let cluster: EcsSimProcess;
    let server: ServerProcess;
    let observer: ReturnType<typeof createClusterObserver>;

    before(async function () {
      console.log(`      crash-recovery seed: ${SEED} (replay with E2E_SEED=${SEED})`);
      cluster = await startEcsSimProcess({
        simConfig: {
          clusters: [{ name: "default", instances: [{ count: INSTANCES, attributes: { stack: "prod" } }] }],
          latencies: { start: "1s", stop: "200ms" },
        },
      });
      observer = createClusterObserver(cluster.endpoint);
    });
    after(() => observer?.close());

    it("every deployment completes; no double start, never below the floor, one target task per instance, no orphan", async () => {
      const random = seededRandom(SEED);
      let replica = 0;
      const replicaId = () => `e2e-crash-${SEED}-${replica}`;
      server = await startServerProcess({ env: { ...cluster.serverEnv(), BLOX_REPLICA_ID: replicaId() } });
      const client = (): BloxClient => createBloxClient({ endpoint: server.endpoint, protocol: "grpc", timeoutMs: 10_000 });

      // --- background sampler: invariants on every snapshot --------------------
      const violations: string[] = [];
      let floorArmed = false;
      let samples = 0;
      let minHealthyArmed = Infinity;
      let latest: ObservedTask[] = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          try {
            latest = await observer.tasks();
            samples++;
            const healthy = latest.filter((t) => t.lastStatus === "RUNNING" && t.desiredStatus === "RUNNING").length;
            // The floor applies once the first revision is fully up; before that the scheduler only adds tasks.
            if (!floorArmed && healthy === INSTANCES) floorArmed = true;
            if (floorArmed) minHealthyArmed = Math.min(minHealthyArmed, healthy);
            for (const v of snapshotViolations(latest, floorArmed)) if (violations.length < 50) violations.push(v);
          } catch (err) {
            if (violations.length < 50) violations.push(`observer failed: ${String(err)}`);
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      })();

      try {
        const created = await client().createEnvironment({
          spec: {
            name: ENV,
            taskDefinition: "log-daemon:1",
            cluster: "default",
            instanceGroup: { query: "attribute:stack == prod" },
            deployment: {
              type: DeploymentType.DAEMON,
              method: DeploymentMethod.TERMINATE_THEN_REPLACE,
              configuration: { minHealthyPercent: MIN_HEALTHY_PERCENT },
            },
          },
        });
        expect(created.environmentRevision).to.equal(1n);
        let target = 1;
        await client().deployEnvironment({ environmentName: ENV, revision: 1n });

        const kills: string[] = [];
        const t0 = Date.now();
        while (kills.length < KILLS) {
          // Wait until this process holds the environment, so the kill lands while it acts.
          await server.waitForLog(/acquired environment lease/, 20_000);
          let snapshot = await observer.tasks();
          if (progress(snapshot, target).converged) {
            // That rollout is done: start the next one, so the next kill is mid-deployment again.
            const next = target + 1;
            const c = client();
            const updated = await c.updateEnvironment({ environmentName: ENV, baseRevision: BigInt(target), taskDefinition: `log-daemon:${next}` });
            expect(updated.environmentRevision).to.equal(BigInt(next));
            await c.deployEnvironment({ environmentName: ENV, revision: BigInt(next) });
            target = next;
          }
          const delay = Math.floor(random() * 1000);
          await new Promise((r) => setTimeout(r, delay));
          snapshot = await observer.tasks();
          const p = progress(snapshot, target);
          if (p.converged) continue; // finished during the delay: not a mid-deployment point
          await server.kill();
          const sameId = kills.length % 2 === 0;
          kills.push(
            `#${kills.length + 1} +${Date.now() - t0}ms, ${delay}ms after lease: rollout to r${target} at ${p.targetRunning} running + ${p.targetPending} starting, ${p.others} old; restart with ${sameId ? "the same" : "a fresh"} replica id`,
          );
          if (!sameId) replica++;
          await server.restart({ env: { BLOX_REPLICA_ID: replicaId() } });
        }
        console.log(`      kill points:\n${kills.map((k) => `        ${k}`).join("\n")}`);

        // --- after the last restart: the deployment completes ------------------
        await pollUntil(`the cluster to converge on revision ${target}`, async () => progress(await observer.tasks(), target).converged, 40_000, 100);
        const status = await pollUntil(
          `the server to report revision ${target} Active`,
          async () => {
            const s = (await client().describeEnvironmentStatus({ environmentName: ENV, all: true })).status!;
            return s.status === EnvironmentStatus.ACTIVE && Number(s.targetRevision) === target ? s : undefined;
          },
          20_000,
          200,
        );
        expect([status.desired, status.healthy, status.total, status.outdated]).to.deep.equal([INSTANCES, INSTANCES, INSTANCES, 0]);
        for (const r of status.revisions) {
          if (Number(r.revision) === target) expect(r.status).to.equal(RevisionStatus.ACTIVE);
          else expect([Number(r.revision), r.status, r.healthy]).to.deep.equal([Number(r.revision), RevisionStatus.INACTIVE, 0]);
        }
        expect(target, "kills spread over several rollouts").to.be.greaterThan(1);
      } finally {
        sampling = false;
        await sampler;
      }

      // --- final state, from the cluster itself --------------------------------
      const live = await observer.tasks(["RUNNING"]);
      const notStopped = live.filter((t) => t.lastStatus !== "STOPPED");
      expect(notStopped.length, "tasks left running").to.equal(INSTANCES);
      expect(new Set(notStopped.map((t) => t.instance)).size, "one task per instance").to.equal(INSTANCES);
      const target = Math.max(...notStopped.map((t) => t.revision ?? 0));
      for (const t of notStopped) {
        expect([t.environment, t.revision, t.taskDefinition, t.lastStatus], `task ${t.arn}`).to.deep.equal([ENV, target, `log-daemon:${target}`, "RUNNING"]);
      }

      const history = await observer.tasks(["RUNNING", "STOPPED"]);
      const untagged = history.filter((t) => t.environment !== ENV || t.revision === undefined);
      expect(untagged.map((t) => t.arn), "tasks without the environment's tags (unattributable orphans)").to.deep.equal([]);
      const all = [...violations, ...historyViolations(history)];
      expect(all, `${all.length} invariant violations (seed ${SEED}):\n${all.join("\n")}\n\nserver logs:\n${server.logs().slice(-4000)}`).to.deep.equal([]);
      expect(samples, "the sampler ran").to.be.greaterThan(20);
      // Never below the floor, and below full strength at some point: the samples did see rollouts under way.
      expect(minHealthyArmed, "lowest healthy count sampled during rollouts").to.be.within(FLOOR, INSTANCES - 1);
      console.log(`      ${samples} cluster samples; lowest healthy count during rollouts: ${minHealthyArmed} (floor ${FLOOR}); ${history.length} tasks in all`);
    });
  });

  describe(`kill -9 during a write load of UpdateEnvironment (seed ${SEED})`, () => {
    it("every acknowledged revision survives, with no gap and no duplicate, over 3 kill/restart rounds", async () => {
      const random = seededRandom(SEED + 1);
      const server = await startServerProcess();
      const names = ["Load/A", "Load/B", "Load/C", "Load/D"];
      const acked = new Map<string, number[]>(names.map((n) => [n, []]));
      const client = () => createBloxClient({ endpoint: server.endpoint, protocol: "grpc", timeoutMs: 10_000 });
      {
        const c = client();
        for (const name of names) {
          const r = await c.createEnvironment({
            spec: { name, taskDefinition: "log-daemon:1", cluster: "default", instanceGroup: { query: "attribute:stack == prod" } },
          });
          acked.get(name)!.push(Number(r.environmentRevision));
        }
      }

      for (let round = 1; round <= 3; round++) {
        const c = client();
        let running = true;
        // One writer per environment: update on the latest acknowledged revision until the server dies.
        const writers = names.map(async (name) => {
          const mine = acked.get(name)!;
          while (running) {
            const base = mine.at(-1)!;
            try {
              const r = await c.updateEnvironment({ environmentName: name, baseRevision: BigInt(base), taskDefinition: `log-daemon:${base + 1}` });
              mine.push(Number(r.environmentRevision));
            } catch {
              return; // the server is gone (or going): stop writing
            }
          }
        });
        const before = names.reduce((n, name) => n + acked.get(name)!.length, 0);
        await new Promise((r) => setTimeout(r, 300 + Math.floor(random() * 700)));
        await server.kill();
        running = false;
        await Promise.all(writers);
        const writes = names.reduce((n, name) => n + acked.get(name)!.length, 0) - before;
        expect(writes, `round ${round}: the load acknowledged writes before the kill`).to.be.greaterThan(0);

        // Round 2 comes back on the same port, as a supervisor restarting `npm start` would.
        const port = server.port;
        await server.restart({ samePort: round === 2 });
        if (round === 2) expect(server.port).to.equal(port);
        const after = client();
        for (const name of names) {
          const mine = acked.get(name)!;
          const revisions: { revision: number; taskDefinition: string }[] = [];
          let pageToken = "";
          do {
            const page = await after.listEnvironmentRevisions({ environmentName: name, pageSize: 100, pageToken });
            revisions.push(...page.revisions.map((r) => ({ revision: Number(r.revision), taskDefinition: r.spec?.taskDefinition ?? "" })));
            pageToken = page.nextPageToken;
          } while (pageToken);
          const numbers = revisions.map((r) => r.revision).sort((a, b) => a - b);
          const n = numbers.length;
          expect(numbers, `${name}: revisions 1..${n} without gap or duplicate`).to.deep.equal(Array.from({ length: n }, (_, i) => i + 1));
          const lastAcked = mine.at(-1)!;
          // At most one write was in flight when the process died; it may or may not have landed.
          expect(n, `${name}: acknowledged up to ${lastAcked}`).to.be.oneOf([lastAcked, lastAcked + 1]);
          for (const r of revisions) expect(r.taskDefinition, `${name} revision ${r.revision}`).to.equal(`log-daemon:${r.revision}`);
          expect(mine, `${name}: acknowledged revisions were consecutive`).to.deep.equal(Array.from({ length: mine.length }, (_, i) => i + 1));
          // The write in flight counts as acknowledged from here on, if it landed; the next round writes on top.
          if (n === lastAcked + 1) mine.push(n);
          const latest = await after.getEnvironmentRevision({ environmentName: name });
          expect(Number(latest.revision?.revision), `${name}: GetEnvironmentRevision (latest)`).to.equal(n);
          // The status is derived by the scheduler: after a crash it catches up once a replica holds the lease.
          await pollUntil(
            `${name}: DescribeEnvironmentStatus to report latest revision ${n}`,
            async () => Number((await after.describeEnvironmentStatus({ environmentName: name })).status!.latestRevision) === n,
            10_000,
            100,
          );
        }
      }
      console.log(`      acknowledged revisions per environment: ${names.map((n) => `${n}=${acked.get(n)!.length}`).join(", ")}`);
    });
  });
});

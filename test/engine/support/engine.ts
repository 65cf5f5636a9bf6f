// The engine under test, assembled from its real parts: the sqlite store
// (:memory:), the real planner, the real environment reconciler, and one of
// two cluster backends over a simulated cluster on a fake clock:
//
//   "simulator": the SimulatedCluster used directly as the ClusterBackend;
//   "ecs":       a real ECSClient (@aws-sdk/client-ecs) → createEcsBackend →
//                real HTTP → createEcsEndpoint → the same kind of simulated cluster.
//
// The test drives it step by step: the clock advances by a fixed step (the
// cluster moves), one reconcile pass runs (again while it asks to), and the
// invariants are checked against the simulator after every step. Every plan
// is also checked with the planner harness's invariants (checkPlanInvariants)
// on exactly the input the reconciler gave it, i.e. on what the backend saw.

import { ECSClient } from "@aws-sdk/client-ecs";
import { createClient, createRouterTransport, type Client } from "@connectrpc/connect";
import { EnvironmentService } from "../../../gen/blox/v1/environment_pb.js";
import { createEnvironmentService } from "../../../server/api/environment-service.js";
import { TAG_ENVIRONMENT_ID, type ClusterTask } from "../../../server/domain/cluster.js";
import type { ClusterBackend } from "../../../server/cluster/backend.js";
import { createEcsBackend, type EcsBackend } from "../../../server/cluster/ecs/ecs-backend.js";
import { createEcsEndpoint, type EcsEndpoint } from "../../../tools/ecs-endpoint/ecs-endpoint.js";
import { createSimulatedCluster, type SimulatedCluster } from "../../../server/cluster/simulator/index.js";
import type { SimConfig } from "../../../server/cluster/simulator/types.js";
import type { EnvironmentRecord, RevisionRecord } from "../../../server/domain/environment.js";
import type { EnvironmentStatusSnapshot } from "../../../server/domain/status.js";
import { plan as realPlan } from "../../../server/planner/plan.js";
import type { PlanInput, PlanOutput } from "../../../server/planner/types.js";
import { createEnvironmentReconciler, type EnvironmentReconciler, type PassResult } from "../../../server/reconciler/environment-reconciler.js";
import { createStatusReader } from "../../../server/status/status-reader.js";
import type { Scheduler } from "../../../server/reconciler/scheduler.js";
import { createSqliteStore } from "../../../server/store/sqlite-store.js";
import type { BloxStore } from "../../../server/store/store.js";
import type { WatchHub } from "../../../server/watch/hub-types.js";
import { createFakeClock, type FakeClock } from "../../support/fake-clock.js";
import { checkPlanInvariants, describeStatus, InvariantError } from "../../support/planner-harness.js";
import { createClusterInvariants, type ClusterInvariants } from "./cluster-invariants.js";

export type BackendKind = "simulator" | "ecs";
export const BACKENDS: readonly BackendKind[] = ["simulator", "ecs"];

export const ENV = "SomeEnvironment/Prod";
export const CLUSTER = "default";

export interface EngineOptions {
  backend: BackendKind;
  /** Instances with stack=prod (default 5) and stack=gamma (default 0). */
  prod?: number;
  gamma?: number;
  /** Simulated latencies (default start 2000 ms, stop 1000 ms). */
  startMs?: number;
  stopMs?: number;
  /** Clock time per step (default 1000 ms). */
  stepMs?: number;
  /** Seed of the simulator's ids (default 7): the same for both backends, so runs can be compared. */
  seed?: number;
  /** The planner (default: the real one). Tests of the invariant checks pass a broken one. */
  plan?: (input: PlanInput) => PlanOutput;
  /** Check every plan with checkPlanInvariants (default true). */
  checkPlans?: boolean;
}

/** One reconcile pass as seen by the test. */
export interface PassRecord {
  step: number;
  now: number;
  input: PlanInput;
  output: PlanOutput;
}

export interface Engine {
  readonly kind: BackendKind;
  readonly clock: FakeClock;
  readonly sim: SimulatedCluster;
  readonly store: BloxStore;
  /** Registers a container instance (ids ascending, see createEngine). Returns its ARN. */
  addInstance(attributes: Record<string, string>): string;
  /** The backend the reconciler acts through. */
  readonly backend: ClusterBackend;
  /** The ECS backend (ecs only): callCounts(). */
  readonly ecs?: EcsBackend;
  readonly endpoint?: EcsEndpoint;
  /** The real EnvironmentService (in process, no sockets) for intent: create, update, deploy, freeze, delete. */
  readonly api: Client<typeof EnvironmentService>;
  readonly invariants: ClusterInvariants;
  readonly stepMs: number;
  /** Steps taken so far. */
  step: number;
  /** Every plan the reconciler made. */
  readonly passes: PassRecord[];
  /** Journaled statuses, one line per journal entry: "T=<step> <status line> [<condition>: <reason>]". */
  readonly trace: string[];
  /** Runs passes now (without moving time), then checks the invariants. */
  reconcile(): Promise<void>;
  /** Advances the clock one step (the cluster moves), reconciles, checks the invariants. */
  advance(): Promise<void>;
  /** Steps until `done` holds after a step; fails after `maxSteps`. Returns the steps taken. */
  runUntil(done: () => boolean | Promise<boolean>, maxSteps: number, what: string): Promise<number>;
  /** Steps until converged() holds. */
  runToConvergence(maxSteps?: number): Promise<number>;
  /**
   * Converged: the environment and its target revision are Active with
   * DESIRED == HEALTHY == TOTAL == the group's size, and the environment's
   * live tasks are exactly one target task per group instance (nothing orphaned,
   * nothing terminating).
   */
  converged(): Promise<boolean>;
  environment(): Promise<EnvironmentRecord>;
  status(): Promise<EnvironmentStatusSnapshot | undefined>;
  revisions(): Promise<RevisionRecord[]>;
  /** The environment's tasks in the simulator that are not STOPPED. */
  liveTasks(): Promise<ClusterTask[]>;
  /** Action-log entries from index `from` on (startTasks / stopTask calls the simulator received). */
  actionsSince(from: number): ReturnType<SimulatedCluster["actionLog"]>;
  close(): Promise<void>;
}

/** "Active 0 5 5 5 | 1:Inactive 0/0/0 2:Active 5/5/5": the doc's columns, environment and revisions. */
export function statusLine(s: EnvironmentStatusSnapshot): string {
  const revs = s.revisions.map((r) => `${r.revision}:${r.status} ${r.desired}/${r.healthy}/${r.total}`).join(" ");
  return `${s.status} ${s.outdated} ${s.desired} ${s.healthy} ${s.total} | ${revs}`;
}

/** A pass that never finishes fails the test with a clear message instead of the mocha timeout. */
const PASS_TIMEOUT_MS = 15_000;
/** Passes per step while the reconciler asks to run again at once. */
const MAX_PASSES_PER_STEP = 5;

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const kind = options.backend;
  const stepMs = options.stepMs ?? 1000;
  const clock = createFakeClock();
  const config: SimConfig = {
    clusters: [{ name: CLUSTER, instances: [] }],
    latencies: { startMs: options.startMs ?? 2000, stopMs: options.stopMs ?? 1000 },
    faults: [],
  };
  const sim = createSimulatedCluster({ clock, config, seed: options.seed ?? 7 });
  // Instance ids ascend with registration, so the simulator (registration
  // order) and ECS (ListContainerInstances sorted by ARN) list instances in
  // the same order, and the planner, which breaks ties by that order, makes
  // the same choices through either backend.
  let instanceCount = 0;
  const addInstance = (attributes: Record<string, string>) =>
    sim.addInstance(CLUSTER, { attributes, id: (++instanceCount).toString(16).padStart(32, "0") }).arn;
  for (let k = 0; k < (options.prod ?? 5); k++) addInstance({ stack: "prod" });
  for (let k = 0; k < (options.gamma ?? 0); k++) addInstance({ stack: "gamma" });
  const store = createSqliteStore({ path: ":memory:" });
  await store.init();

  let backend: ClusterBackend;
  let ecs: EcsBackend | undefined;
  let endpoint: EcsEndpoint | undefined;
  let client: ECSClient | undefined;
  if (kind === "ecs") {
    endpoint = createEcsEndpoint({ cluster: sim, clock });
    const url = await endpoint.listen(0, "127.0.0.1");
    client = new ECSClient({
      region: "us-east-1",
      endpoint: url,
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "dummy-secret" },
      maxAttempts: 1,
    });
    // The backend's rate limit and backoff wait on the fake clock, which only
    // moves between passes: a wait inside a pass would never end. So no rate
    // limit to speak of, and one attempt per call (an endpoint error then
    // shows up as a ClusterError, which the plan check below reports).
    ecs = createEcsBackend({ client, clock, rateLimitPerSecond: 1_000_000, burst: 1_000_000, maxAttempts: 1 });
    backend = ecs;
  } else {
    // A labelled view, so the action log tells the engine's calls apart from the test's.
    backend = sim.withActor("engine");
  }

  let step = 0;
  const passes: PassRecord[] = [];
  const trace: string[] = [];
  let lastSequence = 0;

  const planner = options.plan ?? realPlan;
  const checkPlans = options.checkPlans ?? true;
  const checkedPlan = (input: PlanInput): PlanOutput => {
    const output = planner(input);
    if (input.clusterError) {
      // Not expected in any scenario here: the backend or endpoint failed.
      throw new InvariantError(`[${kind}] cluster error at step ${step}: ${input.clusterError.message}`);
    }
    try {
      if (checkPlans) checkPlanInvariants(input, output);
    } catch (err) {
      if (err instanceof InvariantError) err.message = `[${kind}] step ${step}: ${err.message}`;
      throw err;
    }
    passes.push({ step, now: input.now, input, output });
    return output;
  };

  const reconciler: EnvironmentReconciler = createEnvironmentReconciler({
    environmentName: ENV,
    store,
    clock,
    plan: checkedPlan,
    deletedRetentionMs: 24 * 3_600_000,
  });

  // The API's scheduler hooks: pokes are not needed (the test runs the passes);
  // describe is the real status reader.
  const scheduler: Scheduler = {
    poke() {},
    async start() {},
    async stop() {},
  };
  const statusReader = createStatusReader({ store, backend, clock });
  const watchHub: WatchHub = {
    subscribe() {
      throw new Error("watch is not used by the engine tests");
    },
    async close() {},
  } as unknown as WatchHub;
  const service = createEnvironmentService({ store, scheduler, status: statusReader, watchHub, clock });
  const api = createClient(EnvironmentService, createRouterTransport((router) => router.service(EnvironmentService, service)));

  const invariants = createClusterInvariants({ sim, cluster: CLUSTER, kind });

  const environment = async () => {
    const env = await store.getEnvironment(ENV);
    if (!env) throw new Error(`no environment ${ENV}`);
    return env;
  };
  const status = async () => (await store.latestJournal(ENV))?.status;
  const revisions = () => store.allRevisions(ENV);
  const liveTasks = async () => {
    const id = (await environment()).environmentId;
    return sim.listAllTasks(CLUSTER).filter((t) => t.tags[TAG_ENVIRONMENT_ID] === id && t.lastStatus !== "STOPPED");
  };

  const onePass = async (): Promise<PassResult> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`[${kind}] reconcile pass at step ${step} did not finish within ${PASS_TIMEOUT_MS} ms`)), PASS_TIMEOUT_MS);
    });
    try {
      return await Promise.race([reconciler.pass({ backend, canAct: () => true }), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  const reconcile = async () => {
    const env = await store.getEnvironment(ENV);
    if (!env) return;
    invariants.beforePass(env, await revisions());
    for (let k = 0; k < MAX_PASSES_PER_STEP; k++) {
      const result = await onePass();
      if (!result.again) break;
    }
    const latest = await store.latestJournal(ENV);
    if (latest && latest.sequence !== lastSequence) {
      lastSequence = latest.sequence;
      const conditions = latest.status.conditions.map((c) => ` [${c.type}: ${c.reason}]`).join("");
      trace.push(`T=${step} ${statusLine(latest.status)}${conditions}`);
    }
    const after = await store.getEnvironment(ENV);
    if (after) invariants.afterPass(after, await revisions(), step);
  };

  const converged = async () => {
    const env = await environment();
    const s = await status();
    if (!s || env.frozen || env.lifecycle !== "live") return false;
    const target = (await revisions()).find((r) => r.revision === env.targetRevision);
    if (!target) return false;
    const r = s.revisions.find((x) => x.revision === target.revision);
    if (s.status !== "Active" || r?.status !== "Active" || s.targetRevision !== target.revision) return false;
    const group = invariants.group(target.spec.instanceGroupQuery);
    if (!(r.desired === group.size && r.healthy === group.size && r.total === group.size)) return false;
    const live = await liveTasks();
    if (live.length !== group.size) return false;
    const seen = new Set<string>();
    for (const t of live) {
      if (!group.has(t.containerInstanceArn) || seen.has(t.containerInstanceArn)) return false;
      if (t.taskDefinition !== target.spec.taskDefinition && !t.taskDefinition.endsWith(`/${target.spec.taskDefinition}`)) return false;
      if (t.desiredStatus !== "RUNNING" || t.lastStatus !== "RUNNING") return false;
      seen.add(t.containerInstanceArn);
    }
    return true;
  };

  const engine: Engine = {
    kind,
    clock,
    sim,
    store,
    addInstance,
    backend,
    ecs,
    endpoint,
    api,
    invariants,
    stepMs,
    get step() {
      return step;
    },
    set step(v: number) {
      step = v;
    },
    passes,
    trace,
    reconcile,
    async advance() {
      step++;
      clock.advance(stepMs);
      await reconcile();
    },
    async runUntil(done, maxSteps, what) {
      for (let k = 1; k <= maxSteps; k++) {
        await engine.advance();
        if (await done()) return k;
      }
      const s = await status();
      throw new InvariantError(`[${kind}] ${what}: not reached within ${maxSteps} steps; status ${describeStatus(s)}`);
    },
    runToConvergence(maxSteps = 120) {
      return engine.runUntil(converged, maxSteps, "convergence");
    },
    converged,
    environment,
    status,
    revisions,
    liveTasks,
    actionsSince: (from) => sim.actionLog().slice(from),
    async close() {
      client?.destroy();
      await ecs?.close();
      await endpoint?.close();
      await sim.close();
      await store.close();
    },
  };
  return engine;
}

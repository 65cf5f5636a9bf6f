// A tiny deterministic cluster model to drive the planner step by step.
//
// Each step: time advances by `stepMs`, the cluster moves (pending tasks come
// up after `startSteps`, told-to-stop tasks go after `stopSteps`, faults
// fire), the planner plans from the observation, the invariants are checked
// against the plan, and the plan's actions are applied. Everything is
// deterministic: same calls, same run. The invariants are computed here
// independently of the planner's own code (only the query language is shared).

import { TAG_ENVIRONMENT, TAG_ENVIRONMENT_ID, TAG_REVISION, type ClusterTask, type ContainerInstance } from "../../server/domain/cluster.js";
import {
  effectiveDeployment,
  type CanarySettings,
  type DeploymentMethod,
  type DeploymentSettings,
  type EnvironmentRecord,
  type EnvironmentSpec,
  type EventDraft,
  type RevisionRecord,
} from "../../server/domain/environment.js";
import type { EnvironmentStatusSnapshot, RevisionStatusSnapshot } from "../../server/domain/status.js";
import { matchesQuery } from "../../server/query/evaluate.js";
import { parseQuery } from "../../server/query/parse.js";
import { plan as realPlan } from "../../server/planner/plan.js";
import type { PlanInput, PlanOutput, PlannedAction } from "../../server/planner/types.js";

/** 2017-09-06T11:47:23Z, the doc's example time. */
export const HARNESS_EPOCH = Date.UTC(2017, 8, 6, 11, 47, 23);

export interface DeploymentOptions {
  method?: DeploymentMethod;
  minHealthyPercent?: number;
  maxOverPercent?: number;
  rollback?: DeploymentSettings["rollback"];
  stuckTimeoutMs?: number;
  failingTimeoutMs?: number;
  maxInstancesWithoutTask?: number;
  missingTaskTimeoutMs?: number;
  soakTimeMs?: number;
  canary?: CanarySettings;
}

export function deploymentSettings(o: DeploymentOptions = {}): DeploymentSettings {
  const method = o.method ?? "TerminateThenReplace";
  const settings: DeploymentSettings = {
    type: "Daemon",
    method,
    limits: {
      minHealthyPercent: o.minHealthyPercent ?? (method === "ReplaceThenTerminate" ? 100 : 50),
      maxOverPercent: o.maxOverPercent ?? 25,
    },
    stuckTimeoutMs: o.stuckTimeoutMs ?? 10 * 60_000,
    failingTimeoutMs: o.failingTimeoutMs ?? 5 * 60_000,
    missingTaskTimeoutMs: o.missingTaskTimeoutMs ?? 5 * 60_000,
    soakTimeMs: o.soakTimeMs ?? 0,
  };
  if (o.rollback) settings.rollback = o.rollback;
  if (o.maxInstancesWithoutTask !== undefined) settings.maxInstancesWithoutTask = o.maxInstancesWithoutTask;
  if (o.canary) settings.canary = o.canary;
  return settings;
}

export interface InstanceOptions {
  attributes?: Record<string, string>;
  status?: "ACTIVE" | "DRAINING";
}

export interface HarnessOptions {
  /** Instances at the start: a count (attribute stack=prod) or their options. */
  instances?: number | InstanceOptions[];
  /** Steps from start to RUNNING (>= 1). */
  startSteps?: number;
  /** Steps from "told to stop" to STOPPED (>= 1). */
  stopSteps?: number;
  /** Per-task start latency in steps by instance number (1-based) and revision; undefined: `startSteps`. */
  startStepsFor?: (instance: number, revision: number) => number | undefined;
  /** Per-task stop latency in steps by instance number and revision; undefined: `stopSteps`. */
  stopStepsFor?: (instance: number, revision: number) => number | undefined;
  /** Steps a RUNNING task reports healthStatus UNKNOWN before HEALTHY; undefined: no health checks reported. */
  healthSteps?: number;
  stepMs?: number;
  taskDefinition?: string;
  instanceGroupQuery?: string;
  deployment?: DeploymentOptions;
  /** How many steps STOPPED tasks stay listed (default 30). */
  stoppedRetentionSteps?: number;
  /** Check invariants after every plan (default true). */
  invariants?: boolean;
  /** The planner under test (default: the real one). */
  plan?: (input: PlanInput) => PlanOutput;
  name?: string;
}

interface SimTask {
  task: ClusterTask;
  /** Step at which a pending task becomes RUNNING (or fails, see failAtStart). */
  upAt: number;
  /** Step at which a RUNNING task turns HEALTHY when health is reported. */
  healthyAt?: number;
  /** Step at which a terminating task is STOPPED. */
  goneAt?: number;
  /** The task will fail instead of reaching RUNNING. */
  failAtStart?: string;
}

/** A fault that makes starts on matching instances fail. */
export interface StartFault {
  /** "resource": StartTask refuses (no task); "crash": the task is created and stops before RUNNING. */
  kind: "resource" | "crash";
  reason: string;
  /** Which instances (default all). */
  instances?: (arn: string) => boolean;
}

export class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvariantError";
  }
}

export interface StepRecord {
  step: number;
  now: number;
  actions: PlannedAction[];
  status: EnvironmentStatusSnapshot;
  events: EventDraft[];
}

export class PlannerHarness {
  readonly stepMs: number;
  readonly startSteps: number;
  readonly stopSteps: number;
  readonly healthSteps?: number;
  readonly checkInvariants: boolean;
  readonly stoppedRetentionSteps: number;
  private readonly startStepsFor?: HarnessOptions["startStepsFor"];
  private readonly stopStepsFor?: HarnessOptions["stopStepsFor"];
  readonly planner: (input: PlanInput) => PlanOutput;
  step = 0;
  now = HARNESS_EPOCH;
  instances: ContainerInstance[] = [];
  environment: EnvironmentRecord;
  revisions: RevisionRecord[] = [];
  previous?: EnvironmentStatusSnapshot;
  last?: PlanOutput;
  events: EventDraft[] = [];
  history: StepRecord[] = [];
  startFaults: StartFault[] = [];
  /** Remembered StartTask failures, as the reconciler keeps them. */
  startFailures: NonNullable<PlanInput["startFailures"]> = [];
  private tasks = new Map<string, SimTask>();
  private nextInstance = 1;
  private nextTask = 1;
  private deploySeq = 0;
  /** promote-environment's stored state for the current deployment. */
  promotedSteps = 0;

  constructor(options: HarnessOptions = {}) {
    this.stepMs = options.stepMs ?? 10_000;
    this.startSteps = Math.max(1, options.startSteps ?? 1);
    this.stopSteps = Math.max(1, options.stopSteps ?? 1);
    this.healthSteps = options.healthSteps;
    this.stoppedRetentionSteps = options.stoppedRetentionSteps ?? 30;
    this.startStepsFor = options.startStepsFor;
    this.stopStepsFor = options.stopStepsFor;
    this.checkInvariants = options.invariants ?? true;
    this.planner = options.plan ?? realPlan;
    const name = options.name ?? "SomeEnvironment/Prod";
    this.environment = {
      name,
      environmentId: "env-0001",
      cluster: "default",
      latestRevision: 0,
      targetRevision: 0,
      targetIsRollback: false,
      currentDeploymentId: "",
      frozen: false,
      lifecycle: "live",
      terminateTasks: false,
      createdAt: this.now,
      updatedAt: this.now,
      version: 1,
    };
    const inst = options.instances ?? 5;
    if (typeof inst === "number") this.addInstances(inst);
    else for (const o of inst) this.addInstance(o);
    this.createRevision({
      name,
      taskDefinition: options.taskDefinition ?? "log-daemon:1",
      cluster: "default",
      instanceGroupQuery: options.instanceGroupQuery ?? "attribute:stack == prod",
      deployment: deploymentSettings(options.deployment),
    });
  }

  // ---- the environment (what the API would write) ----

  get target(): RevisionRecord | undefined {
    return this.revisions.find((r) => r.revision === this.environment.targetRevision);
  }

  revision(n: number): RevisionRecord {
    const r = this.revisions.find((x) => x.revision === n);
    if (!r) throw new Error(`no revision ${n}`);
    return r;
  }

  private createRevision(spec: EnvironmentSpec): number {
    const revision = this.environment.latestRevision + 1;
    this.revisions.push({ environmentName: this.environment.name, revision, spec, createdAt: this.now });
    this.environment = { ...this.environment, latestRevision: revision, version: this.environment.version + 1 };
    return revision;
  }

  /** update-environment: a new revision based on the latest. */
  update(change: { taskDefinition?: string; instanceGroupQuery?: string; deployment?: DeploymentOptions }): number {
    const base = this.revision(this.environment.latestRevision).spec;
    return this.createRevision({
      ...base,
      taskDefinition: change.taskDefinition ?? base.taskDefinition,
      instanceGroupQuery: change.instanceGroupQuery ?? base.instanceGroupQuery,
      deployment: change.deployment ? deploymentSettings(change.deployment) : base.deployment,
    });
  }

  deploy(revision: number, options: { rollback?: boolean } = {}): string {
    const id = `${this.environment.name}:${revision}@${String(++this.deploySeq).padStart(4, "0")}`;
    this.environment = {
      ...this.environment,
      targetRevision: revision,
      targetIsRollback: options.rollback ?? false,
      currentDeploymentId: id,
      version: this.environment.version + 1,
    };
    this.promotedSteps = 0;
    return id;
  }

  /** promote-environment (as the RPC does it): one past the step the last status shows, or every step. */
  promote(options: { full?: boolean } = {}): void {
    const steps = this.target?.spec.deployment.canary?.steps.length ?? 0;
    const same = this.previous?.currentDeploymentId === this.environment.currentDeploymentId;
    const atStep = same ? (this.previous?.timers?.["canary:step"] ?? 0) : 0;
    this.promotedSteps = Math.max(this.promotedSteps, options.full ? steps : atStep + 1);
  }

  /** The target's canary progress in the last status (undefined once no step holds it). */
  canary() {
    return this.previous?.revisions.find((r) => r.revision === this.environment.targetRevision)?.canary;
  }

  /** Instances of the group holding a live task of `revision`'s task definition. */
  holding(revision: number): number {
    const td = this.revision(revision).spec.taskDefinition;
    return new Set(this.liveTasks().filter((t) => t.taskDefinition === td && t.desiredStatus === "RUNNING").map((t) => t.containerInstanceArn)).size;
  }

  freeze(): void {
    this.environment = { ...this.environment, frozen: true };
  }

  thaw(): void {
    this.environment = { ...this.environment, frozen: false };
  }

  delete(terminateTasks: boolean): void {
    this.environment = { ...this.environment, lifecycle: "deleting", terminateTasks };
  }

  // ---- the cluster ----

  addInstance(o: InstanceOptions = {}): ContainerInstance {
    const n = this.nextInstance++;
    const inst: ContainerInstance = {
      arn: `arn:aws:ecs:us-east-1:123456789012:container-instance/default/i${n}`,
      ec2InstanceId: `i-${n.toString(16).padStart(8, "0")}`,
      status: o.status ?? "ACTIVE",
      attributes: o.attributes ?? { stack: "prod" },
      agentConnected: true,
      agentVersion: "1.75.0",
      registeredAt: this.now,
      runningTasksCount: 0,
      pendingTasksCount: 0,
    };
    this.instances.push(inst);
    return inst;
  }

  addInstances(n: number, attributes: Record<string, string> = { stack: "prod" }): ContainerInstance[] {
    const out: ContainerInstance[] = [];
    for (let k = 0; k < n; k++) out.push(this.addInstance({ attributes: { ...attributes } }));
    return out;
  }

  /** The instance named i<n> (1-based, in order of creation). */
  instance(n: number): ContainerInstance {
    const i = this.instances.find((x) => x.arn.endsWith(`/i${n}`));
    if (!i) throw new Error(`no instance i${n}`);
    return i;
  }

  drainInstance(arn: string): void {
    const i = this.instances.find((x) => x.arn === arn);
    if (i) i.status = "DRAINING";
  }

  /** The instance leaves the cluster: its tasks are gone with it. */
  removeInstance(arn: string): void {
    this.instances = this.instances.filter((x) => x.arn !== arn);
    for (const s of this.tasks.values()) {
      if (s.task.containerInstanceArn === arn && s.task.lastStatus !== "STOPPED") {
        this.markStopped(s, "Host EC2 instance terminated", this.now + 1);
      }
    }
  }

  /** A running task dies on its own. */
  killTask(arn: string, reason = "Essential container in task exited"): void {
    const s = this.tasks.get(arn);
    if (s && s.task.lastStatus !== "STOPPED") this.markStopped(s, reason, this.now + 1);
  }

  /** Non-stopped tasks as the cluster shows them. */
  liveTasks(): ClusterTask[] {
    return [...this.tasks.values()].filter((s) => s.task.lastStatus !== "STOPPED").map((s) => s.task);
  }

  allTasks(): ClusterTask[] {
    return [...this.tasks.values()].map((s) => s.task);
  }

  tasksOn(arn: string): ClusterTask[] {
    return this.liveTasks().filter((t) => t.containerInstanceArn === arn);
  }

  /** Places a task directly (as if an earlier scheduler had started it), already RUNNING. */
  seedTask(instanceArn: string, revision: number, options: { taskDefinition?: string; healthy?: boolean } = {}): ClusterTask {
    const s = this.createTask(instanceArn, revision, options.taskDefinition ?? this.revision(revision).spec.taskDefinition);
    s.task.lastStatus = "RUNNING";
    s.task.startedAt = this.now;
    s.task.healthySince = this.now;
    if (options.healthy === false) s.task.healthStatus = "UNHEALTHY";
    else if (this.healthSteps !== undefined) s.task.healthStatus = "HEALTHY";
    return s.task;
  }

  private createTask(instanceArn: string, revision: number, taskDefinition: string): SimTask {
    const n = this.nextTask++;
    const task: ClusterTask = {
      arn: `arn:aws:ecs:us-east-1:123456789012:task/default/t${n}`,
      containerInstanceArn: instanceArn,
      taskDefinition,
      group: `blox:${this.environment.environmentId}`,
      startedBy: "blox",
      tags: {
        [TAG_ENVIRONMENT_ID]: this.environment.environmentId,
        [TAG_ENVIRONMENT]: this.environment.name,
        [TAG_REVISION]: String(revision),
      },
      lastStatus: "PENDING",
      desiredStatus: "RUNNING",
      createdAt: this.now,
    };
    const latency = this.startStepsFor?.(instanceNumber(instanceArn), revision) ?? this.startSteps;
    const sim: SimTask = { task, upAt: this.step + Math.max(1, latency) };
    this.tasks.set(task.arn, sim);
    return sim;
  }

  /** `at`: faults injected between steps happen just after the last observation. */
  private markStopped(s: SimTask, reason: string, at = this.now): void {
    s.task.lastStatus = "STOPPED";
    s.task.desiredStatus = "STOPPED";
    s.task.stoppedAt = at;
    s.task.stoppedReason ??= reason;
    delete s.task.healthStatus;
  }

  /** Moves the cluster one step: pending tasks come up, terminating ones go, old STOPPED ones are forgotten. */
  private advanceCluster(): void {
    for (const [arn, s] of this.tasks) {
      const t = s.task;
      if (t.lastStatus === "STOPPED") {
        // ECS lists stopped tasks for about an hour; a few steps are enough here.
        if (this.now - (t.stoppedAt ?? 0) > this.stoppedRetentionSteps * this.stepMs) this.tasks.delete(arn);
        continue;
      }
      if (t.desiredStatus === "STOPPED") {
        if (s.goneAt !== undefined && this.step >= s.goneAt) this.markStopped(s, "stopped");
        continue;
      }
      if (t.lastStatus === "PENDING" && this.step >= s.upAt) {
        if (s.failAtStart !== undefined) {
          this.markStopped(s, s.failAtStart);
          continue;
        }
        t.lastStatus = "RUNNING";
        t.startedAt = this.now;
        if (this.healthSteps === undefined) {
          t.healthySince = this.now;
        } else if (this.healthSteps === 0) {
          t.healthStatus = "HEALTHY";
          t.healthySince = this.now;
        } else {
          t.healthStatus = "UNKNOWN";
          s.healthyAt = this.step + this.healthSteps;
        }
      } else if (t.lastStatus === "RUNNING" && t.healthStatus === "UNKNOWN" && s.healthyAt !== undefined && this.step >= s.healthyAt) {
        t.healthStatus = "HEALTHY";
        t.healthySince = this.now;
      }
    }
    // The reconciler forgets a start failure once a task was created on the instance, or after 10 minutes.
    if (this.startFailures.length > 0) {
      const live = this.liveTasks();
      this.startFailures = this.startFailures.filter(
        (f) =>
          this.now - f.time <= 10 * 60_000 &&
          !live.some((t) => t.containerInstanceArn === f.containerInstanceArn && t.createdAt >= f.time),
      );
    }
  }

  private apply(actions: PlannedAction[]): void {
    for (const a of actions) {
      if (a.kind === "stop") {
        const s = this.tasks.get(a.taskArn);
        if (!s || s.task.lastStatus === "STOPPED") continue;
        s.task.desiredStatus = "STOPPED";
        s.task.stoppedReason = a.reason;
        delete s.task.healthStatus;
        const latency = this.stopStepsFor?.(instanceNumber(s.task.containerInstanceArn), Number(s.task.tags[TAG_REVISION])) ?? this.stopSteps;
        s.goneAt = this.step + Math.max(1, latency);
      }
    }
    for (const a of actions) {
      if (a.kind !== "start") continue;
      const inst = this.instances.find((i) => i.arn === a.containerInstanceArn);
      if (!inst) continue;
      const fault = this.startFaults.find((f) => !f.instances || f.instances(a.containerInstanceArn));
      if (fault?.kind === "resource") {
        this.startFailures.push({ containerInstanceArn: a.containerInstanceArn, reason: fault.reason, time: this.now, revision: a.revision });
        continue;
      }
      const s = this.createTask(a.containerInstanceArn, a.revision, a.taskDefinition);
      if (fault?.kind === "crash") s.failAtStart = fault.reason;
    }
  }

  // ---- stepping ----

  /** The planner's input for the current observation. */
  planInput(): PlanInput {
    // Copies, so the planner cannot see later changes (records are replaced, never mutated, except these).
    const input: PlanInput = {
      environment: this.environment,
      revisions: this.revisions,
      instances: this.instances.map((i) => ({ ...i })),
      tasks: this.allTasks().map((t) => ({ ...t })),
      now: this.now,
    };
    if (this.previous) input.previous = this.previous;
    if (this.startFailures.length > 0) input.startFailures = this.startFailures.map((f) => ({ ...f }));
    if (this.promotedSteps > 0) input.promotion = { deploymentId: this.environment.currentDeploymentId, promotedSteps: this.promotedSteps };
    return input;
  }

  /** Plans and acts without moving time (as the reconciler does on a change). */
  planAndApply(): PlanOutput {
    const input = this.planInput();
    const out = this.planner(input);
    if (this.checkInvariants) {
      checkPlanInvariants(input, out);
      checkCanaryProgress(input, out);
    }
    this.apply(out.actions);
    this.previous = out.status;
    this.last = out;
    this.events.push(...out.events);
    if (out.deletionFinished && this.environment.lifecycle === "deleting") {
      this.environment = { ...this.environment, lifecycle: "deleted", deletedAt: this.now };
    }
    this.history.push({ step: this.step, now: this.now, actions: out.actions, status: out.status, events: out.events });
    return out;
  }

  /** One step: time passes, the cluster moves, then plan and act. */
  advance(): PlanOutput {
    this.step++;
    this.now += this.stepMs;
    this.advanceCluster();
    return this.planAndApply();
  }

  /** Steps until `done` holds after a step, at most `max` steps. Returns the steps taken. */
  runUntil(done: (h: this) => boolean, max = 200): number {
    for (let k = 1; k <= max; k++) {
      this.advance();
      if (done(this)) return k;
    }
    throw new InvariantError(`did not converge within ${max} steps: ${describeStatus(this.previous)}`);
  }

  /** Steps until the target is Active and nothing else runs (the convergence check). */
  runToConvergence(max = 200): number {
    return this.runUntil((h) => h.converged(), max);
  }

  revisionStatus(n: number): RevisionStatusSnapshot {
    const r = this.previous?.revisions.find((x) => x.revision === n);
    if (!r) throw new Error(`no status for revision ${n}`);
    return r;
  }

  /**
   * Converged: the target is Active with DESIRED == HEALTHY == TOTAL, and the
   * only tasks left are one target task per instance of its group.
   */
  converged(): boolean {
    const s = this.previous;
    const target = this.target;
    if (!s || !target || this.environment.frozen) return false;
    const r = s.revisions.find((x) => x.revision === target.revision);
    if (!r || r.status !== "Active" || s.status !== "Active") return false;
    if (!(r.desired === r.healthy && r.healthy === r.total)) return false;
    const group = groupOf(target.spec.instanceGroupQuery, this.instances);
    if (r.total !== group.size) return false;
    const live = this.liveTasks();
    if (live.length !== group.size) return false;
    const seen = new Set<string>();
    for (const t of live) {
      if (!group.has(t.containerInstanceArn) || seen.has(t.containerInstanceArn)) return false;
      if (t.taskDefinition !== target.spec.taskDefinition) return false;
      seen.add(t.containerInstanceArn);
    }
    return true;
  }

  /** A compact view of the cluster: per instance, its tasks as `v<rev><state>`. */
  picture(): string {
    return this.instances
      .map((i) => {
        const ts = this.tasksOn(i.arn).map((t) => `v${t.tags[TAG_REVISION]}${stateLetter(t)}`);
        return `${i.arn.slice(i.arn.lastIndexOf("/") + 1)}:${ts.join("+") || "-"}`;
      })
      .join(" ");
  }
}

function instanceNumber(arn: string): number {
  const m = /\/i(\d+)$/.exec(arn);
  return m ? Number(m[1]) : 0;
}

function stateLetter(t: ClusterTask): string {
  if (t.desiredStatus === "STOPPED") return "x"; // terminating
  if (t.lastStatus !== "RUNNING") return "p";
  return "r";
}

export function describeStatus(s: EnvironmentStatusSnapshot | undefined): string {
  if (!s) return "(no status)";
  const revs = s.revisions.map((r) => `${r.revision}:${r.status} ${r.desired}/${r.healthy}/${r.total}${r.conditions.map((c) => ` [${c.type}: ${c.reason}]`).join("")}`);
  return `${s.status} outdated=${s.outdated} desired=${s.desired} healthy=${s.healthy} total=${s.total} | ${revs.join(" | ")}${s.conditions.map((c) => ` [${c.type}: ${c.reason}]`).join("")}`;
}

// ---- invariants, computed independently of the planner ----

const queryCache = new Map<string, ReturnType<typeof parseQuery>>();

/** ACTIVE instances matching a query. */
export function groupOf(query: string, instances: readonly ContainerInstance[]): Set<string> {
  let ast = queryCache.get(query);
  if (!ast) queryCache.set(query, (ast = parseQuery(query)));
  const out = new Set<string>();
  for (const i of instances) if (i.status === "ACTIVE" && matchesQuery(ast, i)) out.add(i.arn);
  return out;
}

/** semantics.md: RUNNING, desired RUNNING, HEALTHY where reported, soaked. */
export function isHealthy(t: ClusterTask, now: number, soakMs: number): boolean {
  if (t.lastStatus !== "RUNNING" || t.desiredStatus !== "RUNNING") return false;
  if (t.healthStatus !== undefined && t.healthStatus !== "HEALTHY") return false;
  return soakMs <= 0 || now - (t.healthySince ?? t.startedAt ?? t.createdAt) >= soakMs;
}

/**
 * The invariants every plan must keep. Throws InvariantError naming the broken one.
 * - frozen / deleted: no actions;
 * - actions are well-formed: starts of the target on ACTIVE instances of its group, one per instance;
 *   stops of live tasks not already told to stop, once each;
 * - the scheduler's own stops never take environment HEALTHY below the floor (tasks outside the
 *   group count; only tasks on DRAINING or deregistered instances are exempt), nor the group's
 *   own healthy tasks;
 * - TerminateThenReplace never starts next to another non-stopped task of the environment;
 * - ReplaceThenTerminate never has more instances with two copies than the surge budget;
 * - the status adds up.
 */
export function checkPlanInvariants(input: PlanInput, out: PlanOutput): void {
  const fail = (what: string) => {
    throw new InvariantError(`${what} (at ${new Date(input.now).toISOString()}; status ${describeStatus(out.status)})`);
  };
  const env = input.environment;
  if ((env.frozen || env.lifecycle === "deleted") && out.actions.length > 0) fail(`${out.actions.length} actions while frozen/deleted`);
  const live = input.tasks.filter((t) => t.lastStatus !== "STOPPED");
  const liveByArn = new Map(live.map((t) => [t.arn, t]));
  const byInstance = new Map<string, ClusterTask[]>();
  for (const t of live) {
    const l = byInstance.get(t.containerInstanceArn);
    if (l) l.push(t);
    else byInstance.set(t.containerInstanceArn, [t]);
  }
  const stops = out.actions.filter((a): a is Extract<PlannedAction, { kind: "stop" }> => a.kind === "stop");
  const starts = out.actions.filter((a): a is Extract<PlannedAction, { kind: "start" }> => a.kind === "start");
  const stopped = new Set<string>();
  for (const s of stops) {
    const t = liveByArn.get(s.taskArn);
    if (!t) fail(`stop of a task that is not live: ${s.taskArn}`);
    if (t!.desiredStatus === "STOPPED") fail(`stop of a task already told to stop: ${s.taskArn}`);
    if (stopped.has(s.taskArn)) fail(`two stops of ${s.taskArn}`);
    stopped.add(s.taskArn);
  }
  if (env.lifecycle !== "live") {
    if (starts.length > 0) fail(`start while ${env.lifecycle}`);
    return;
  }
  const target = input.revisions.find((r) => r.revision === env.targetRevision);
  if (!target) {
    if (out.actions.length > 0) fail("actions before the first deploy");
    return;
  }
  const group = groupOf(target.spec.instanceGroupQuery, input.instances);
  const startedOn = new Set<string>();
  const canaryHolds = target.spec.deployment.canary !== undefined && !env.targetIsRollback &&
    out.status.revisions.find((r) => r.revision === target.revision)?.canary !== undefined;
  for (const s of starts) {
    const older = input.revisions.find((r) => r.revision === s.revision && r.revision !== target.revision);
    if (older && canaryHolds && s.taskDefinition === older.spec.taskDefinition) {
      // A canary step keeps the target off this instance: the old revision's spec, only on an empty instance.
      if ((byInstance.get(s.containerInstanceArn) ?? []).length > 0) fail(`start of revision ${s.revision} next to other tasks on ${s.containerInstanceArn}`);
    } else if (s.revision !== target.revision || s.taskDefinition !== target.spec.taskDefinition) {
      fail(`start of a non-target task ${JSON.stringify(s)}`);
    }
    if (!group.has(s.containerInstanceArn)) fail(`start outside the group: ${s.containerInstanceArn}`);
    if (startedOn.has(s.containerInstanceArn)) fail(`two starts on ${s.containerInstanceArn}`);
    startedOn.add(s.containerInstanceArn);
  }

  const { method, limits } = effectiveDeployment(target.spec.deployment, env.targetIsRollback);
  const soakOf = (t: ClusterTask) =>
    input.revisions.find((r) => String(r.revision) === t.tags[TAG_REVISION])?.spec.deployment.soakTimeMs ?? 0;
  const total = group.size;
  const floor = Math.ceil((total * limits.minHealthyPercent) / 100 - 1e-9);
  // The floor holds on environment HEALTHY (healthy tasks of every revision),
  // tasks on ACTIVE instances outside the group included. Only tasks on
  // DRAINING or deregistered instances are exempt: ECS drains them anyway.
  const activeInstances = new Set(input.instances.filter((i) => i.status === "ACTIVE").map((i) => i.arn));
  let healthy = 0;
  let healthyStopped = 0;
  // The planner's own, stricter rule: replacements in the group never count on tasks outside it.
  let groupHealthy = 0;
  let groupHealthyStopped = 0;
  for (const t of live) {
    if (!activeInstances.has(t.containerInstanceArn) || !isHealthy(t, input.now, soakOf(t))) continue;
    const inGroup = group.has(t.containerInstanceArn);
    healthy++;
    if (inGroup) groupHealthy++;
    if (stopped.has(t.arn)) {
      healthyStopped++;
      if (inGroup) groupHealthyStopped++;
    }
  }
  if (healthyStopped > 0 && healthy - healthyStopped < floor) {
    fail(`stops take HEALTHY from ${healthy} to ${healthy - healthyStopped}, below the floor ${floor} (MinHealthyPercent ${limits.minHealthyPercent} of ${total})`);
  }
  if (groupHealthyStopped > 0 && groupHealthy - groupHealthyStopped < floor) {
    fail(`stops take HEALTHY in the group from ${groupHealthy} to ${groupHealthy - groupHealthyStopped}, below the floor ${floor} (MinHealthyPercent ${limits.minHealthyPercent} of ${total})`);
  }

  if (method === "TerminateThenReplace") {
    for (const s of starts) {
      const there = byInstance.get(s.containerInstanceArn) ?? [];
      if (there.length > 0) fail(`TerminateThenReplace starts on ${s.containerInstanceArn} next to ${there.map((t) => t.arn).join(", ")}`);
    }
  } else if (starts.some((s) => (byInstance.get(s.containerInstanceArn)?.length ?? 0) > 0)) {
    const budget = limits.maxOverPercent > 0 ? Math.max(1, Math.ceil((total * limits.maxOverPercent) / 100 - 1e-9)) : 0;
    let doubled = 0;
    for (const arn of group) {
      const n = (byInstance.get(arn)?.length ?? 0) + (startedOn.has(arn) ? 1 : 0);
      if (n >= 2) doubled++;
    }
    if (doubled > budget) fail(`${doubled} instances hold two copies, surge budget ${budget}`);
    for (const s of starts) {
      if ((byInstance.get(s.containerInstanceArn)?.length ?? 0) >= 2) fail(`a third copy on ${s.containerInstanceArn}`);
    }
  }

  // The status adds up.
  const st = out.status;
  const sum = (f: (r: RevisionStatusSnapshot) => number) => st.revisions.reduce((a, r) => a + f(r), 0);
  if (st.desired !== sum((r) => r.desired)) fail(`environment DESIRED ${st.desired} != sum over revisions`);
  if (st.total !== total) fail(`TOTAL ${st.total} != ${total} instances in the group`);
  for (const r of st.revisions) if (r.revision !== target.revision && r.total !== 0) fail(`revision ${r.revision} TOTAL ${r.total} != 0`);
  let healthyAfter = 0;
  for (const t of live) if (!stopped.has(t.arn) && isHealthy(t, input.now, soakOf(t))) healthyAfter++;
  if (st.healthy !== healthyAfter) fail(`HEALTHY ${st.healthy} != ${healthyAfter} healthy tasks not told to stop`);
  const owned = (t: ClusterTask) =>
    t.tags[TAG_REVISION] === String(target.revision) ||
    (t.desiredStatus === "RUNNING" && t.taskDefinition === target.spec.taskDefinition && group.has(t.containerInstanceArn));
  const outdated = live.filter((t) => !owned(t)).length;
  if (st.outdated !== outdated) fail(`OUTDATED ${st.outdated} != ${outdated}`);
  const tr = st.revisions.find((r) => r.revision === target.revision)!;
  if (tr.status === "Active" && !(tr.desired === tr.healthy && tr.healthy === tr.total && st.outdated === 0)) {
    fail(`target Active with ${tr.desired}/${tr.healthy}/${tr.total}, OUTDATED ${st.outdated}`);
  }
  if (tr.desired > total) fail(`target DESIRED ${tr.desired} > TOTAL ${total}`);
}

/**
 * Canary invariants, from the observation and the plan:
 * - while a step holds the target, the plan starts the target only where that
 *   keeps the instances holding it at or below the step's share of TOTAL,
 *   ceil(TOTAL * percent / 100) at least 1, computed here from the spec;
 * - within one deployment the step never goes back, and a paused step is
 *   only left after a promote past it.
 */
export function checkCanaryProgress(input: PlanInput, out: PlanOutput): void {
  const env = input.environment;
  const fail = (what: string) => {
    throw new InvariantError(`${what} (at ${new Date(input.now).toISOString()}; status ${describeStatus(out.status)})`);
  };
  const target = input.revisions.find((r) => r.revision === env.targetRevision);
  const settings = target?.spec.deployment.canary;
  if (!target || !settings || env.targetIsRollback || env.lifecycle !== "live") return;
  const now = out.status.revisions.find((r) => r.revision === target.revision)?.canary;
  const prev = input.previous?.currentDeploymentId === env.currentDeploymentId
    ? input.previous.revisions.find((r) => r.revision === target.revision)?.canary
    : undefined;
  const promoted = input.promotion?.deploymentId === env.currentDeploymentId ? input.promotion.promotedSteps : 0;
  const group = groupOf(target.spec.instanceGroupQuery, input.instances);
  if (now) {
    const step = settings.steps[now.step - 1];
    if (!step || step.percent !== now.percent) fail(`canary step ${now.step} shows ${now.percent}%, the spec has ${step?.percent}`);
    const share = Math.min(group.size, Math.max(1, Math.ceil((group.size * step.percent) / 100 - 1e-9)));
    if (now.allowed !== share) fail(`canary step ${now.step} allows ${now.allowed}, expected ${share} of ${group.size}`);
    const starts = out.actions.filter((a) => a.kind === "start" && a.revision === target.revision);
    if (starts.length > 0) {
      const stopped = new Set(out.actions.flatMap((a) => (a.kind === "stop" ? [a.taskArn] : [])));
      const holding = new Set<string>();
      for (const t of input.tasks) {
        if (t.lastStatus === "STOPPED" || t.desiredStatus === "STOPPED" || stopped.has(t.arn) || !group.has(t.containerInstanceArn)) continue;
        if (t.tags[TAG_REVISION] === String(target.revision) || t.taskDefinition === target.spec.taskDefinition) holding.add(t.containerInstanceArn);
      }
      for (const s of starts) if (s.kind === "start") holding.add(s.containerInstanceArn);
      if (holding.size > share) fail(`canary step ${now.step} (${step.percent}%): the target would hold ${holding.size} instances, share ${share}`);
    }
  }
  if (prev) {
    const stepNow = now ? now.step : settings.steps.length + 1;
    if (stepNow < prev.step) fail(`canary step went back from ${prev.step} to ${stepNow}`);
    if (stepNow > prev.step && prev.state === "paused" && promoted < prev.step) {
      fail(`paused canary step ${prev.step} passed without a promote (promoted ${promoted})`);
    }
  }
}

/** Small deterministic PRNG (mulberry32) for randomized runs. */
export { seededRandom as rng } from "./random.js";

// An in-process ECS cluster: container instances with attributes and
// resources, tasks that go PENDING → RUNNING → STOPPED on the injected clock,
// and injectable faults. The scheduler drives it through ClusterBackend and
// must not be able to tell it from real ECS; tests and the ECS endpoint use
// the extra control hooks.

import type { Clock } from "../../clock.js";
import { ClusterError, type ClusterBackend, type StartTasksRequest, type StartTasksResult } from "../backend.js";
import { TAG_ENVIRONMENT_ID, type ClusterTask, type ContainerInstance, type InstanceStatus } from "../../domain/cluster.js";
import { DEFAULT_SIM_CONFIG } from "./sim-config.js";
import type { SimConfig, SimFault, SimTaskDefinition } from "./types.js";
import { emptyCluster, restoreClusters, saveClusters, SIM_STATE_VERSION, type SimClusterState, type SimInstance, type SimState, type SimTask } from "./sim-state.js";

export type { SimConfig, SimFault, SimState, SimTaskDefinition };

export const SIM_REGION = "us-east-1";
export const SIM_ACCOUNT = "000000000000";
export const SIM_AGENT_VERSION = "1.80.0";
export const DEFAULT_INSTANCE_CPU = 2048;
export const DEFAULT_INSTANCE_MEMORY = 4096;
export const DEFAULT_TASK_CPU = 128;
export const DEFAULT_TASK_MEMORY = 256;
/** How long a stopped task stays visible to listTasks (clock time). */
export const STOPPED_TASK_RETENTION_MS = 60 * 60 * 1000;
export const TASK_EXITED_REASON = "Essential container in task exited";
export const INSTANCE_DEREGISTERED_REASON = "Container instance deregistered";

const STARTED_BY_MAX = 36;
const AVAILABILITY_ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"];

export interface AddInstanceOptions {
  attributes?: Record<string, string>;
  /** CPU units (default 2048). */
  cpu?: number;
  /** MiB (default 4096). */
  memory?: number;
  /** The 32-hex id part of the ARN; generated from the seed when omitted. */
  id?: string;
}

export interface ActionLogEntry {
  /** Clock time of the call. */
  at: number;
  /** Label of the withActor() view the call came through, if any. */
  actor?: string;
  action: "startTasks" | "stopTask";
  cluster: string;
  /** The blox:environment-id tag of the started tasks / the stopped task. */
  environmentId?: string;
  /** startTasks: the request. */
  request?: StartTasksRequest;
  /** startTasks: what happened. */
  result?: { started: string[]; failures: { containerInstanceArn: string; reason: string }[] };
  /** stopTask: the task and reason. */
  taskArn?: string;
  reason?: string;
}

export interface ListAllTasksFilter {
  containerInstance?: string;
  startedBy?: string;
  /** Task definition family (without revision). */
  family?: string;
  desiredStatus?: "RUNNING" | "STOPPED";
}

export interface SimulatedClusterOptions {
  clock: Clock;
  /** Clusters, instances, latencies and faults to start with (default: DEFAULT_SIM_CONFIG). */
  config?: SimConfig;
  /** Seed of the deterministic id generator (default 1). */
  seed?: number;
  /**
   * Resume this saved simulation (SimulatedCluster.saveState) instead of
   * starting from `config`: tasks carry on from where they stood, transitions
   * that fell due meanwhile happen at once, and configured events that have
   * not happened yet still do.
   */
  state?: SimState;
}

/** ClusterBackend plus the hooks tests and the ECS endpoint use to control and inspect the simulation. */
export interface SimulatedCluster extends ClusterBackend {
  subscribe(cluster: string, listener: () => void): () => void;
  close(): Promise<void>;

  createCluster(name: string): void;
  listClusters(): string[];
  addInstance(cluster: string, options?: AddInstanceOptions): ContainerInstance;
  /** Deregisters the instance: it leaves listInstances and its tasks stop at once. */
  removeInstance(cluster: string, instanceArn: string): void;
  /** Sets the instance DRAINING: no new tasks are placed, running ones continue. */
  drainInstance(cluster: string, instanceArn: string): void;
  /** Sets the instance back to ACTIVE. */
  activateInstance(cluster: string, instanceArn: string): void;
  /** Replaces (or with merge, merges) the instance's attributes; `undefined` values delete. */
  setAttributes(cluster: string, instanceArn: string, attributes: Record<string, string | undefined>, merge?: boolean): void;
  /** Instances including INACTIVE (deregistered) ones. */
  allInstances(cluster: string): ContainerInstance[];
  getInstance(cluster: string, instanceArn: string): ContainerInstance | undefined;

  /** Registers the next revision of the family; returns `family:N`. */
  registerTaskDefinition(def: SimTaskDefinition): string;
  listTaskDefinitions(): string[];

  /** Every retained task of the cluster (all environments), optionally filtered. */
  listAllTasks(cluster: string, filter?: ListAllTasksFilter): ClusterTask[];
  getTask(cluster: string, taskArn: string): ClusterTask | undefined;
  /** A running (or pending) task dies now. */
  killTask(taskArn: string, reason?: string): void;

  injectFault(fault: SimFault): void;
  clearFaults(): void;
  faults(): ReadonlyArray<SimFault>;

  startLatencyMs: number;
  stopLatencyMs: number;

  /** The whole simulation as JSON-able data (restore it with the `state` option). */
  saveState(): SimState;
  /** `listener` runs (batched, after the change) whenever the simulation's state changes. */
  onStateChange(listener: () => void): () => void;

  /** A ClusterBackend view whose startTasks/stopTask calls are logged with `label`. */
  withActor(label: string): ClusterBackend;
  actionLog(): ReadonlyArray<ActionLogEntry>;
}

/** mulberry32: a small, fast, seedable PRNG; `state()` resumes it where it stands. */
function createRandom(seed: number): { next: () => number; state: () => number } {
  let a = seed >>> 0;
  return {
    next: () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
    state: () => a,
  };
}

/** `family:3` or a task-definition ARN → { family, revision }; bare family → revision undefined. */
export function parseTaskDefinitionRef(ref: string): { family: string; revision?: number } | undefined {
  const arn = /^arn:[^:]+:ecs:[^:]*:[^:]*:task-definition\/(.+)$/.exec(ref);
  const short = arn ? arn[1] : ref;
  const m = /^([A-Za-z0-9_-]{1,255})(?::([1-9][0-9]*))?$/.exec(short);
  if (!m) return undefined;
  return { family: m[1], revision: m[2] === undefined ? undefined : Number(m[2]) };
}

/** The cluster name of a cluster ARN (`arn:aws:ecs:REGION:ACCOUNT:cluster/NAME`); a name is returned as is. ECS takes either. */
export function clusterName(nameOrArn: string): string {
  const m = /^arn:[^:]+:ecs:[^:]*:[^:]*:cluster\/(.+)$/.exec(nameOrArn);
  return m ? m[1]! : nameOrArn;
}

export function containerInstanceArn(cluster: string, id: string): string {
  return `arn:aws:ecs:${SIM_REGION}:${SIM_ACCOUNT}:container-instance/${cluster}/${id}`;
}

export function taskArn(cluster: string, id: string): string {
  return `arn:aws:ecs:${SIM_REGION}:${SIM_ACCOUNT}:task/${cluster}/${id}`;
}

export function clusterArn(cluster: string): string {
  return `arn:aws:ecs:${SIM_REGION}:${SIM_ACCOUNT}:cluster/${cluster}`;
}

/** Creates a simulated cluster running on `options.clock`. */
export function createSimulatedCluster(options: SimulatedClusterOptions): SimulatedCluster {
  const { clock } = options;
  const config = options.config ?? DEFAULT_SIM_CONFIG;
  const saved = options.state;
  const random = createRandom(saved?.random ?? options.seed ?? 1);
  const clusters = saved ? restoreClusters(saved.clusters) : new Map<string, SimClusterState>();
  const startedAt = saved?.startedAt ?? clock.now();
  const firedEvents = new Set<number>(saved?.firedEvents ?? []);
  const stateListeners = new Set<() => void>();
  let stateChangePending = false;
  const taskDefs = new Map<string, { revisions: SimTaskDefinition[] }>();
  const listeners = new Map<string, Set<() => void>>();
  const notifyPending = new Set<string>();
  const activeFaults: SimFault[] = [];
  const log: ActionLogEntry[] = [];
  const globalCancels = new Set<() => void>();
  let closed = false;

  const hex = (n: number) => {
    let s = "";
    while (s.length < n) s += Math.floor(random.next() * 0x100000000).toString(16).padStart(8, "0");
    return s.slice(0, n);
  };

  const requireCluster = (name: string): SimClusterState => {
    const c = clusters.get(clusterName(name));
    if (!c) throw new ClusterError(`cluster '${name}' not found`, "ClusterNotFound");
    return c;
  };

  const requireInstance = (c: SimClusterState, arn: string): SimInstance => {
    const i = c.instances.get(arn);
    if (!i) throw new ClusterError(`container instance '${arn}' not found in cluster '${c.name}'`, "Other");
    return i;
  };

  /** Drains or reactivates a registered instance; a deregistered one stays so. */
  const setRegisteredStatus = (cluster: string, arn: string, status: "ACTIVE" | "DRAINING") => {
    const c = requireCluster(cluster);
    const instance = requireInstance(c, arn);
    if (instance.status === "INACTIVE") throw new ClusterError(`container instance '${arn}' is deregistered`, "Other");
    instance.status = status;
    changed(c.name);
  };

  const stateChanged = () => {
    if (stateChangePending) return;
    stateChangePending = true;
    queueMicrotask(() => {
      stateChangePending = false;
      for (const l of [...stateListeners]) {
        try {
          l();
        } catch {
          // The listener's failure is its own.
        }
      }
    });
  };

  const changed = (cluster: string) => {
    stateChanged();
    if (notifyPending.has(cluster)) return;
    notifyPending.add(cluster);
    queueMicrotask(() => {
      notifyPending.delete(cluster);
      for (const l of [...(listeners.get(cluster) ?? [])]) {
        try {
          l();
        } catch {
          // A listener's failure is its own; others still hear about the change.
        }
      }
    });
  };

  const timer = (owner: Set<() => void>, ms: number, fn: () => void) => {
    let cancel: () => void = () => {};
    cancel = clock.setTimer(ms, () => {
      owner.delete(cancel);
      fn();
    });
    owner.add(cancel);
  };

  const sameTaskDef = (ref: string | undefined, canonical: string) => {
    if (ref === undefined) return true;
    const a = parseTaskDefinitionRef(ref);
    const b = parseTaskDefinitionRef(canonical);
    if (!a || !b) return ref === canonical;
    return a.family === b.family && (a.revision === undefined || a.revision === b.revision);
  };

  const faultCluster = (f: SimFault, cluster: string) => f.cluster === undefined || f.cluster === cluster;

  const isUnhealthy = (cluster: string, taskDefinition: string) =>
    activeFaults.some((f) => f.kind === "unhealthy" && faultCluster(f, cluster) && sameTaskDef(f.taskDefinition, taskDefinition));

  const resolveTaskDefinition = (ref: string): { canonical: string; def: SimTaskDefinition } => {
    const parsed = typeof ref === "string" ? parseTaskDefinitionRef(ref) : undefined;
    if (!parsed) throw new ClusterError(`invalid task definition '${ref}'`, "InvalidTaskDefinition");
    const family = taskDefs.get(parsed.family);
    if (parsed.revision === undefined) {
      if (!family || family.revisions.length === 0) {
        throw new ClusterError(`task definition family '${parsed.family}' has no registered revision`, "InvalidTaskDefinition");
      }
      const revision = family.revisions.length;
      return { canonical: `${parsed.family}:${revision}`, def: family.revisions[revision - 1] };
    }
    const def = family?.revisions[parsed.revision - 1] ?? { family: parsed.family };
    return { canonical: `${parsed.family}:${parsed.revision}`, def };
  };

  // --- task lifecycle -------------------------------------------------------

  const becomeHealthy = (c: SimClusterState, t: SimTask) => {
    const task = t.task;
    if (task.lastStatus !== "RUNNING" || task.desiredStatus !== "RUNNING") return;
    if (isUnhealthy(c.name, task.taskDefinition)) {
      task.healthStatus = "UNHEALTHY";
      task.healthySince = undefined;
    } else if (t.healthCheck) {
      const delay = typeof t.healthCheck === "object" ? t.healthCheck.healthyAfterMs : 0;
      if (delay > 0 && clock.now() - (task.startedAt ?? 0) < delay) {
        task.healthStatus = "UNKNOWN";
        task.healthySince = undefined;
        timer(t.cancels, delay - (clock.now() - (task.startedAt ?? 0)), () => {
          becomeHealthy(c, t);
          changed(c.name);
        });
      } else {
        task.healthStatus = "HEALTHY";
        task.healthySince = clock.now();
      }
    } else {
      task.healthStatus = undefined;
      task.healthySince = clock.now();
    }
  };

  const scheduleRunning = (c: SimClusterState, t: SimTask, delayMs = api.startLatencyMs) => {
    t.dueAt = clock.now() + delayMs;
    timer(t.cancels, delayMs, () => {
      delete t.dueAt;
      if (t.task.desiredStatus !== "RUNNING" || t.task.lastStatus !== "PENDING") return;
      const held = activeFaults.some(
        (f) =>
          f.kind === "never-start" &&
          faultCluster(f, c.name) &&
          (f.instanceArn === undefined || f.instanceArn === t.task.containerInstanceArn) &&
          sameTaskDef(f.taskDefinition, t.task.taskDefinition),
      );
      if (held) {
        t.held = true;
        stateChanged();
        return;
      }
      t.task.lastStatus = "RUNNING";
      t.task.startedAt = clock.now();
      becomeHealthy(c, t);
      changed(c.name);
    });
  };

  /** Marks the task STOPPED now and releases its resources. */
  const finishStop = (c: SimClusterState, t: SimTask, reason: string) => {
    for (const cancel of t.cancels) cancel();
    t.cancels.clear();
    delete t.dueAt;
    const task = t.task;
    task.desiredStatus = "STOPPED";
    task.lastStatus = "STOPPED";
    task.stoppedAt = clock.now();
    task.stoppedReason ??= reason;
    if (task.healthStatus === "HEALTHY") task.healthStatus = "UNKNOWN";
    changed(c.name);
  };

  const scheduleStop = (c: SimClusterState, t: SimTask, delayMs: number) => {
    t.dueAt = clock.now() + delayMs;
    timer(t.cancels, delayMs, () => finishStop(c, t, t.task.stoppedReason ?? ""));
  };

  const isLive = (t: SimTask) => t.task.lastStatus !== "STOPPED";

  const pruneStopped = (c: SimClusterState) => {
    const cutoff = clock.now() - STOPPED_TASK_RETENTION_MS;
    for (const [arn, t] of c.tasks) {
      if (t.task.lastStatus === "STOPPED" && (t.task.stoppedAt ?? 0) < cutoff) {
        c.tasks.delete(arn);
        c.byInstance.get(t.task.containerInstanceArn)?.delete(t);
      }
    }
  };

  const reserved = (c: SimClusterState, instanceArn: string) => {
    let cpu = 0;
    let memory = 0;
    for (const t of c.byInstance.get(instanceArn) ?? []) {
      if (isLive(t)) {
        cpu += t.cpu;
        memory += t.memory;
      }
    }
    return { cpu, memory };
  };

  const toInstance = (c: SimClusterState, i: SimInstance): ContainerInstance => {
    let running = 0;
    let pending = 0;
    for (const t of c.byInstance.get(i.arn) ?? []) {
      if (t.task.lastStatus === "RUNNING") running++;
      else if (t.task.lastStatus === "PENDING" || t.task.lastStatus === "PROVISIONING") pending++;
    }
    return {
      arn: i.arn,
      ec2InstanceId: i.ec2InstanceId,
      status: i.status,
      attributes: { ...i.attributes },
      agentConnected: i.status !== "INACTIVE",
      agentVersion: SIM_AGENT_VERSION,
      registeredAt: i.registeredAt,
      runningTasksCount: running,
      pendingTasksCount: pending,
    };
  };

  const copyTask = (t: SimTask): ClusterTask => ({ ...t.task, tags: { ...t.task.tags } });

  // --- backend operations (shared by the actor views) -----------------------

  const startTasks = async (request: StartTasksRequest, actor?: string): Promise<StartTasksResult> => {
    const c = requireCluster(request.cluster);
    const { canonical, def } = resolveTaskDefinition(request.taskDefinition);
    if (typeof request.startedBy === "string" && request.startedBy.length > STARTED_BY_MAX) {
      throw new ClusterError(`startedBy is ${request.startedBy.length} characters, the limit is ${STARTED_BY_MAX}`, "Other");
    }
    const cpu = def.cpu ?? DEFAULT_TASK_CPU;
    const memory = def.memory ?? DEFAULT_TASK_MEMORY;
    const result: StartTasksResult = { started: [], failures: [] };
    for (const instanceArn of request.containerInstanceArns) {
      const fail = (reason: string) => result.failures.push({ containerInstanceArn: instanceArn, reason });
      const instance = c.instances.get(instanceArn);
      if (!instance) {
        fail("MISSING");
        continue;
      }
      if (instance.status !== "ACTIVE") {
        fail(instance.status);
        continue;
      }
      const injected = activeFaults.find(
        (f) =>
          f.kind === "start-failure" &&
          faultCluster(f, c.name) &&
          (f.instanceArn === undefined || f.instanceArn === instanceArn) &&
          sameTaskDef(f.taskDefinition, canonical),
      );
      if (injected && injected.kind === "start-failure") {
        if (injected.count !== undefined) {
          injected.count--;
          if (injected.count <= 0) activeFaults.splice(activeFaults.indexOf(injected), 1);
        }
        fail(injected.reason);
        continue;
      }
      if (activeFaults.some((f) => f.kind === "out-of-resources" && faultCluster(f, c.name) && f.instanceArn === instanceArn)) {
        fail("RESOURCE:MEMORY");
        continue;
      }
      const used = reserved(c, instanceArn);
      if (used.memory + memory > instance.memory) {
        fail("RESOURCE:MEMORY");
        continue;
      }
      if (used.cpu + cpu > instance.cpu) {
        fail("RESOURCE:CPU");
        continue;
      }
      const now = clock.now();
      const t: SimTask = {
        task: {
          arn: taskArn(c.name, hex(32)),
          containerInstanceArn: instanceArn,
          taskDefinition: canonical,
          group: request.group,
          startedBy: request.startedBy,
          tags: { ...request.tags },
          lastStatus: "PENDING",
          desiredStatus: "RUNNING",
          // Like ECS: a task with a container health check reports UNKNOWN until it is checked.
          ...(def.healthCheck ? { healthStatus: "UNKNOWN" as const } : {}),
          createdAt: now,
        },
        cpu,
        memory,
        healthCheck: def.healthCheck,
        cancels: new Set(),
        held: false,
      };
      c.tasks.set(t.task.arn, t);
      let onInstance = c.byInstance.get(instanceArn);
      if (!onInstance) c.byInstance.set(instanceArn, (onInstance = new Set()));
      onInstance.add(t);
      scheduleRunning(c, t);
      result.started.push(copyTask(t));
    }
    log.push({
      at: clock.now(),
      actor,
      action: "startTasks",
      cluster: request.cluster,
      environmentId: request.tags?.[TAG_ENVIRONMENT_ID],
      request: { ...request, containerInstanceArns: [...request.containerInstanceArns], tags: { ...request.tags } },
      result: { started: result.started.map((s) => s.arn), failures: result.failures.map((f) => ({ ...f })) },
    });
    changed(c.name);
    return result;
  };

  const stopTask = async (cluster: string, arn: string, reason: string, actor?: string): Promise<void> => {
    const c = requireCluster(cluster);
    const t = c.tasks.get(arn);
    log.push({
      at: clock.now(),
      actor,
      action: "stopTask",
      cluster,
      environmentId: t?.task.tags[TAG_ENVIRONMENT_ID],
      taskArn: arn,
      reason,
    });
    // Unknown or already stopping: a no-op, so a restarted scheduler may repeat itself.
    if (!t || t.task.desiredStatus === "STOPPED") return;
    const task = t.task;
    task.desiredStatus = "STOPPED";
    task.stoppedReason = reason;
    for (const cancel of t.cancels) cancel();
    t.cancels.clear();
    if (task.lastStatus === "RUNNING") task.lastStatus = "STOPPING";
    scheduleStop(c, t, api.stopLatencyMs);
    changed(c.name);
  };

  const listInstances = async (cluster: string): Promise<ContainerInstance[]> => {
    const c = requireCluster(cluster);
    return [...c.instances.values()].filter((i) => i.status !== "INACTIVE").map((i) => toInstance(c, i));
  };

  const listTasks = async (cluster: string, environmentId: string): Promise<ClusterTask[]> => {
    const c = requireCluster(cluster);
    pruneStopped(c);
    return [...c.tasks.values()].filter((t) => t.task.tags[TAG_ENVIRONMENT_ID] === environmentId).map(copyTask);
  };

  const subscribe = (cluster: string, listener: () => void): (() => void) => {
    const name = clusterName(cluster);
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };

  const addInstanceTo = (c: SimClusterState, options: AddInstanceOptions = {}): ContainerInstance => {
    const id = options.id ?? hex(32);
    if (!/^[0-9a-f]{32}$/.test(id)) throw new ClusterError(`instance id '${id}' must be 32 lowercase hex digits`, "Other");
    const arn = containerInstanceArn(c.name, id);
    if (c.instances.has(arn)) throw new ClusterError(`container instance '${arn}' already exists`, "Other");
    const az = AVAILABILITY_ZONES[c.azIndex++ % AVAILABILITY_ZONES.length];
    const instance: SimInstance = {
      arn,
      ec2InstanceId: `i-${hex(17)}`,
      status: "ACTIVE",
      attributes: {
        "ecs.os-type": "linux",
        "ecs.instance-type": "m5.large",
        "ecs.availability-zone": az,
        ...(options.attributes ?? {}),
      },
      registeredAt: clock.now(),
      cpu: options.cpu ?? DEFAULT_INSTANCE_CPU,
      memory: options.memory ?? DEFAULT_INSTANCE_MEMORY,
    };
    c.instances.set(arn, instance);
    changed(c.name);
    return toInstance(c, instance);
  };

  const api: SimulatedCluster = {
    startLatencyMs: config.latencies.startMs,
    stopLatencyMs: config.latencies.stopMs,

    listInstances,
    listTasks,
    startTasks: (request) => startTasks(request),
    stopTask: (cluster, arn, reason) => stopTask(cluster, arn, reason),
    subscribe,
    async close() {
      closed = true;
      for (const c of clusters.values()) {
        for (const t of c.tasks.values()) {
          for (const cancel of t.cancels) cancel();
          t.cancels.clear();
        }
      }
      for (const cancel of globalCancels) cancel();
      globalCancels.clear();
    },

    createCluster(name) {
      if (!/^[A-Za-z0-9_-]{1,255}$/.test(name)) throw new ClusterError(`invalid cluster name '${name}'`, "Other");
      if (!clusters.has(name)) {
        clusters.set(name, emptyCluster(name));
        stateChanged();
      }
    },
    listClusters: () => [...clusters.keys()],
    addInstance(cluster, options) {
      return addInstanceTo(requireCluster(cluster), options);
    },
    removeInstance(cluster, arn) {
      const c = requireCluster(cluster);
      const instance = requireInstance(c, arn);
      instance.status = "INACTIVE";
      for (const t of c.byInstance.get(arn) ?? []) {
        if (isLive(t)) finishStop(c, t, INSTANCE_DEREGISTERED_REASON);
      }
      changed(c.name);
    },
    drainInstance(cluster, arn) {
      setRegisteredStatus(cluster, arn, "DRAINING");
    },
    activateInstance(cluster, arn) {
      setRegisteredStatus(cluster, arn, "ACTIVE");
    },
    setAttributes(cluster, arn, attributes, merge = true) {
      const c = requireCluster(cluster);
      const instance = requireInstance(c, arn);
      const next: Record<string, string> = merge ? { ...instance.attributes } : {};
      for (const [k, v] of Object.entries(attributes)) {
        if (v === undefined) delete next[k];
        else next[k] = v;
      }
      instance.attributes = next;
      changed(c.name);
    },
    allInstances(cluster) {
      const c = requireCluster(cluster);
      return [...c.instances.values()].map((i) => toInstance(c, i));
    },
    getInstance(cluster, arn) {
      const c = requireCluster(cluster);
      const i = c.instances.get(arn);
      return i && toInstance(c, i);
    },

    registerTaskDefinition(def) {
      if (!parseTaskDefinitionRef(def.family) || def.family.includes(":")) {
        throw new ClusterError(`invalid task definition family '${def.family}'`, "InvalidTaskDefinition");
      }
      let family = taskDefs.get(def.family);
      if (!family) taskDefs.set(def.family, (family = { revisions: [] }));
      family.revisions.push({ ...def });
      stateChanged();
      return `${def.family}:${family.revisions.length}`;
    },
    listTaskDefinitions() {
      return [...taskDefs.entries()].flatMap(([family, f]) => f.revisions.map((_, i) => `${family}:${i + 1}`));
    },

    listAllTasks(cluster, filter = {}) {
      const c = requireCluster(cluster);
      pruneStopped(c);
      return [...c.tasks.values()]
        .filter(
          (t) =>
            (filter.containerInstance === undefined || t.task.containerInstanceArn === filter.containerInstance) &&
            (filter.startedBy === undefined || t.task.startedBy === filter.startedBy) &&
            (filter.family === undefined || parseTaskDefinitionRef(t.task.taskDefinition)?.family === filter.family) &&
            (filter.desiredStatus === undefined || t.task.desiredStatus === filter.desiredStatus),
        )
        .map(copyTask);
    },
    getTask(cluster, arn) {
      const c = requireCluster(cluster);
      const t = c.tasks.get(arn);
      return t && copyTask(t);
    },
    killTask(arn, reason = TASK_EXITED_REASON) {
      for (const c of clusters.values()) {
        const t = c.tasks.get(arn);
        if (!t) continue;
        if (isLive(t)) {
          // A task already told to stop keeps its StopTask reason, as in ECS.
          if (t.task.desiredStatus === "RUNNING") t.task.stoppedReason = reason;
          finishStop(c, t, reason);
        }
        return;
      }
      throw new ClusterError(`task '${arn}' not found`, "Other");
    },

    injectFault(fault) {
      if (fault.cluster !== undefined) fault = { ...fault, cluster: requireCluster(fault.cluster).name };
      switch (fault.kind) {
        case "task-death":
          api.killTask(fault.taskArn, fault.reason ?? TASK_EXITED_REASON);
          return;
        case "unhealthy":
          activeFaults.push({ ...fault });
          for (const c of clusters.values()) {
            if (!faultCluster(fault, c.name)) continue;
            for (const t of c.tasks.values()) {
              if (t.task.lastStatus === "RUNNING" && t.task.desiredStatus === "RUNNING" && sameTaskDef(fault.taskDefinition, t.task.taskDefinition)) {
                t.task.healthStatus = "UNHEALTHY";
                t.task.healthySince = undefined;
              }
            }
            changed(c.name);
          }
          return;
        default:
          activeFaults.push({ ...fault });
          for (const c of clusters.values()) changed(c.name);
      }
    },
    clearFaults() {
      const cleared = activeFaults.splice(0, activeFaults.length);
      for (const c of clusters.values()) {
        for (const t of c.tasks.values()) {
          if (t.held && t.task.lastStatus === "PENDING" && t.task.desiredStatus === "RUNNING") {
            t.held = false;
            scheduleRunning(c, t);
          }
          if (
            t.task.healthStatus === "UNHEALTHY" &&
            cleared.some((f) => f.kind === "unhealthy" && faultCluster(f, c.name) && sameTaskDef(f.taskDefinition, t.task.taskDefinition))
          ) {
            becomeHealthy(c, t);
          }
        }
        changed(c.name);
      }
    },
    faults: () => activeFaults.map((f) => ({ ...f })),

    withActor(label) {
      return {
        listInstances,
        listTasks,
        startTasks: (request) => startTasks(request, label),
        stopTask: (cluster, arn, reason) => stopTask(cluster, arn, reason, label),
        subscribe,
      };
    },
    actionLog: () => log,

    saveState: () => ({
      version: SIM_STATE_VERSION,
      config,
      startedAt,
      firedEvents: [...firedEvents].sort((a, b) => a - b),
      random: random.state(),
      clusters: saveClusters(clusters.values()),
      taskDefinitions: Object.fromEntries([...taskDefs].map(([family, f]) => [family, f.revisions.map((d) => ({ ...d }))])),
      faults: activeFaults.map((f) => ({ ...f })),
    }),
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => void stateListeners.delete(listener);
    },
  };

  // --- initial state: the configuration, or a saved simulation -------------

  const instanceAt = (cluster: string | undefined, index: number | undefined): string | undefined => {
    if (index === undefined) return undefined;
    const c = requireCluster(cluster ?? config.clusters[0]?.name ?? "default");
    const arn = [...c.instances.keys()][index];
    if (arn === undefined) throw new ClusterError(`cluster '${c.name}' has no instance with index ${index}`, "Other");
    return arn;
  };
  if (saved) resumeSaved(saved);
  else startFromConfig();

  function startFromConfig(): void {
    for (const def of config.taskDefinitions ?? []) api.registerTaskDefinition(def);
    for (const cc of config.clusters) {
      api.createCluster(cc.name);
      const c = clusters.get(cc.name)!;
      for (const group of cc.instances) {
        for (let n = 0; n < group.count; n++) addInstanceTo(c, { attributes: group.attributes, cpu: group.cpu, memory: group.memory });
      }
    }
    for (const f of config.faults) {
      switch (f.kind) {
        case "start-failure":
          api.injectFault({ ...withoutIndex(f), instanceArn: instanceAt(f.cluster, f.instanceIndex) });
          break;
        case "never-start":
          api.injectFault({ ...withoutIndex(f), instanceArn: instanceAt(f.cluster, f.instanceIndex) });
          break;
        case "out-of-resources":
          api.injectFault({ ...withoutIndex(f), instanceArn: instanceAt(f.cluster, f.instanceIndex)! });
          break;
        case "unhealthy":
          api.injectFault(f);
          break;
      }
    }
  }

  /** Re-arms every task's timer: what fell due while the server was down happens now. */
  function resumeSaved(state: SimState): void {
    for (const [family, revisions] of Object.entries(state.taskDefinitions)) taskDefs.set(family, { revisions: revisions.map((d) => ({ ...d })) });
    activeFaults.push(...state.faults.map((f) => ({ ...f })));
    const now = clock.now();
    for (const c of clusters.values()) {
      for (const t of c.tasks.values()) {
        const due = Math.max(0, (t.dueAt ?? now) - now);
        const task = t.task;
        if (task.lastStatus === "STOPPED") continue;
        if (task.desiredStatus === "STOPPED") scheduleStop(c, t, due);
        else if (task.lastStatus === "PENDING" && !t.held) scheduleRunning(c, t, due);
        else if (task.lastStatus === "RUNNING" && task.healthStatus === "UNKNOWN") becomeHealthy(c, t); // re-arms a health-check delay
      }
    }
  }

  (config.events ?? []).forEach((e, index) => {
    if (firedEvents.has(index)) return;
    const cluster = e.cluster ?? config.clusters[0]?.name ?? "default";
    let cancel: () => void = () => {};
    cancel = clock.setTimer(Math.max(0, startedAt + e.afterMs - clock.now()), () => {
      globalCancels.delete(cancel);
      if (closed) return;
      firedEvents.add(index);
      stateChanged();
      switch (e.kind) {
        case "add-instances":
          for (let n = 0; n < e.count; n++) api.addInstance(cluster, { attributes: e.attributes, cpu: e.cpu, memory: e.memory });
          break;
        case "remove-instance":
          api.removeInstance(cluster, instanceAt(cluster, e.instanceIndex)!);
          break;
        case "drain-instance": {
          // The instance may have left meanwhile (an earlier event, a test): nothing to drain.
          // Throwing here would escape a timer and, on the system clock, crash the server.
          const arn = instanceAt(cluster, e.instanceIndex)!;
          if (api.getInstance(cluster, arn)?.status !== "INACTIVE") api.drainInstance(cluster, arn);
          break;
        }
      }
    });
    globalCancels.add(cancel);
  });

  return api;
}

function withoutIndex<T extends { instanceIndex?: number }>(f: T): Omit<T, "instanceIndex"> {
  const { instanceIndex: _ignored, ...rest } = f;
  return rest;
}

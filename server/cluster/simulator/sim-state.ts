// The simulator's state: the in-memory shape the simulated cluster works on,
// and the JSON form it is saved as (sim-persistence.ts keeps it in the data
// directory, so a restarted server finds its simulated tasks again). Pure.

import type { ClusterTask, InstanceStatus } from "../../domain/cluster.js";
import type { SimConfig, SimFault, SimTaskDefinition } from "./types.js";

export interface SimInstance {
  arn: string;
  ec2InstanceId: string;
  status: InstanceStatus;
  attributes: Record<string, string>;
  registeredAt: number;
  cpu: number;
  memory: number;
}

export interface SimTask {
  task: ClusterTask;
  cpu: number;
  memory: number;
  healthCheck: SimTaskDefinition["healthCheck"];
  /** Pending timers of this task (start, health, stop). */
  cancels: Set<() => void>;
  /** Held PENDING by a never-start fault. */
  held: boolean;
  /** Clock time of the task's next transition (PENDING → RUNNING, or STOPPING → STOPPED), while one is due. */
  dueAt?: number;
}

export interface SimClusterState {
  name: string;
  instances: Map<string, SimInstance>;
  tasks: Map<string, SimTask>;
  /** Retained tasks by container instance ARN (placement and counts stay cheap on big clusters). */
  byInstance: Map<string, Set<SimTask>>;
  azIndex: number;
}

export function emptyCluster(name: string): SimClusterState {
  return { name, instances: new Map(), tasks: new Map(), byInstance: new Map(), azIndex: 0 };
}

/** A task as saved: everything but its timers (they are re-armed from `dueAt`). */
export type SavedTask = Omit<SimTask, "cancels">;

/** The whole simulation as saved (JSON). */
export interface SimState {
  version: 1;
  /** The configuration the simulation started from; a different one starts it over. */
  config: SimConfig;
  /** Clock time the simulation started: the configuration's events are relative to it. */
  startedAt: number;
  /** Indexes of the configuration's events that have happened. */
  firedEvents: number[];
  /** State of the id generator, so ids never repeat across restarts. */
  random: number;
  clusters: { name: string; azIndex: number; instances: SimInstance[]; tasks: SavedTask[] }[];
  /** Registered revisions per family, in order (revision N is at index N-1). */
  taskDefinitions: Record<string, SimTaskDefinition[]>;
  faults: SimFault[];
}

export const SIM_STATE_VERSION = 1;

export function saveClusters(clusters: Iterable<SimClusterState>): SimState["clusters"] {
  return [...clusters].map((c) => ({
    name: c.name,
    azIndex: c.azIndex,
    instances: [...c.instances.values()].map((i) => ({ ...i, attributes: { ...i.attributes } })),
    tasks: [...c.tasks.values()].map(({ cancels: _timers, ...t }) => ({ ...t, task: { ...t.task, tags: { ...t.task.tags } } })),
  }));
}

/** Clusters rebuilt from saved state; no task has a timer yet. */
export function restoreClusters(saved: SimState["clusters"]): Map<string, SimClusterState> {
  const clusters = new Map<string, SimClusterState>();
  for (const sc of saved) {
    const c = emptyCluster(sc.name);
    c.azIndex = sc.azIndex;
    for (const i of sc.instances) c.instances.set(i.arn, { ...i, attributes: { ...i.attributes } });
    for (const s of sc.tasks) {
      const t: SimTask = { ...s, task: { ...s.task, tags: { ...s.task.tags } }, cancels: new Set() };
      c.tasks.set(t.task.arn, t);
      let onInstance = c.byInstance.get(t.task.containerInstanceArn);
      if (!onInstance) c.byInstance.set(t.task.containerInstanceArn, (onInstance = new Set()));
      onInstance.add(t);
    }
    clusters.set(c.name, c);
  }
  return clusters;
}

/**
 * Reads saved state. Throws an Error naming what is wrong when the text is not
 * a state this version wrote (the caller starts the simulation over then).
 */
export function parseSimState(text: string): SimState {
  const value: unknown = JSON.parse(text);
  const fail = (what: string): never => {
    throw new Error(`not a simulator state: ${what}`);
  };
  if (typeof value !== "object" || value === null) return fail("not a JSON object");
  const s = value as Partial<SimState>;
  if (s.version !== SIM_STATE_VERSION) return fail(`version ${JSON.stringify(s.version)}, expected ${SIM_STATE_VERSION}`);
  if (typeof s.config !== "object" || s.config === null) return fail("no config");
  if (typeof s.startedAt !== "number" || typeof s.random !== "number") return fail("no startedAt or random");
  if (!Array.isArray(s.firedEvents) || !Array.isArray(s.clusters) || !Array.isArray(s.faults)) return fail("no firedEvents, clusters or faults");
  if (typeof s.taskDefinitions !== "object" || s.taskDefinitions === null) return fail("no taskDefinitions");
  for (const c of s.clusters) {
    if (typeof c?.name !== "string" || !Array.isArray(c.instances) || !Array.isArray(c.tasks)) return fail("a cluster without name, instances or tasks");
  }
  return s as SimState;
}

/** True when two configurations describe the same simulation. */
export function sameSimConfig(a: SimConfig, b: SimConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

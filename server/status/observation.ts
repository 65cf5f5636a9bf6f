// What a replica last saw of an environment's slice of the cluster. The
// reconcile loops record their observations on a board; the status reader
// builds instance views and unjournaled statuses from it, and observes the
// cluster itself only for environments no loop here drives.

import type { ClusterBackend } from "../cluster/backend.js";
import type { ClusterTask, ContainerInstance } from "../domain/cluster.js";
import type { EnvironmentRecord } from "../domain/environment.js";

export interface Observation {
  instances: ContainerInstance[];
  tasks: ClusterTask[];
  /** Clock time of the observation. */
  at: number;
}

/** Observes the environment's slice of the cluster. ClusterErrors propagate. */
export async function observe(backend: ClusterBackend, environment: EnvironmentRecord, now: number): Promise<Observation> {
  const [instances, tasks] = await Promise.all([
    backend.listInstances(environment.cluster),
    backend.listTasks(environment.cluster, environment.environmentId),
  ]);
  return { instances, tasks, at: now };
}

/** The latest observation per environment driven by this replica. */
export interface ObservationBoard {
  record(environmentName: string, observation: Observation): void;
  latest(environmentName: string): Observation | undefined;
  /** The loop stopped: its observation would only grow stale. */
  forget(environmentName: string): void;
}

export function createObservationBoard(): ObservationBoard {
  const latest = new Map<string, Observation>();
  return {
    record: (name, observation) => void latest.set(name, observation),
    latest: (name) => latest.get(name),
    forget: (name) => void latest.delete(name),
  };
}

/**
 * The observation with the pass's own actions applied: tasks told to stop are
 * terminating (desiredStatus STOPPED), started tasks are there. Recorded for
 * the status reader, so the instance view shows the same step as the status
 * the pass journaled (which counts a task told to stop as gone already).
 */
export function afterActions(observation: Observation, stopped: Iterable<string>, started: readonly ClusterTask[] = []): Observation {
  const stopping = new Set(stopped);
  const known = new Set<string>();
  const tasks = observation.tasks.map((t) => {
    known.add(t.arn);
    return stopping.has(t.arn) && t.desiredStatus !== "STOPPED" ? { ...t, desiredStatus: "STOPPED" as const } : t;
  });
  for (const t of started) if (!known.has(t.arn)) tasks.push(t);
  return { ...observation, tasks };
}

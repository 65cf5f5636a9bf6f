// The interface the scheduler drives a cluster through. Implemented by the
// in-process simulator (server/cluster/simulator/) and by real ECS
// (server/cluster/ecs/). The engine must not be able to tell them apart.

import type { ClusterTask, ContainerInstance } from "../domain/cluster.js";

export interface StartTasksRequest {
  cluster: string;
  taskDefinition: string;
  /** One task is started on each; backends batch (ECS: 10 per StartTask call). */
  containerInstanceArns: string[];
  group: string;
  /** At most 36 characters (ECS limit). */
  startedBy: string;
  tags: Record<string, string>;
}

export interface StartTasksResult {
  started: ClusterTask[];
  /** Instances on which no task was started, with ECS's reason (e.g. RESOURCE:MEMORY). */
  failures: { containerInstanceArn: string; reason: string }[];
}

/**
 * A persistent problem with the cluster that the environment status should
 * show (missing cluster, expired credentials, unknown task definition).
 * Transient ones (throttling, 5xx) are retried inside the backend instead.
 */
export class ClusterError extends Error {
  constructor(
    message: string,
    readonly kind: "ClusterNotFound" | "AccessDenied" | "InvalidTaskDefinition" | "Unavailable" | "Other",
  ) {
    super(message);
    this.name = "ClusterError";
  }
}

export interface ClusterBackend {
  /** Instances of the cluster (ACTIVE and DRAINING), all pages. */
  listInstances(cluster: string): Promise<ContainerInstance[]>;
  /**
   * Tasks of one environment (tagged with its id), not yet stopped, plus those
   * stopped recently enough to explain a failure.
   */
  listTasks(cluster: string, environmentId: string): Promise<ClusterTask[]>;
  startTasks(request: StartTasksRequest): Promise<StartTasksResult>;
  stopTask(cluster: string, taskArn: string, reason: string): Promise<void>;
  /**
   * Optional push of cluster changes (task state, instance joins/leaves) so
   * the reconciler reacts promptly; it also resyncs on a timer regardless.
   */
  subscribe?(cluster: string, listener: () => void): () => void;
  close?(): Promise<void>;
}

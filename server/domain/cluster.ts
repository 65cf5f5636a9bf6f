// What Blox observes of a cluster: container instances, tasks, and the tags
// Blox puts on the tasks it starts. Shared by the planner, the query
// evaluator, the reconciler and every cluster backend.

export type InstanceStatus = "ACTIVE" | "DRAINING" | "INACTIVE";

export interface ContainerInstance {
  /** ECS containerInstanceArn. */
  arn: string;
  ec2InstanceId: string;
  status: InstanceStatus;
  /** Custom and ECS attributes, e.g. { stack: "prod", "ecs.os-type": "linux" }. */
  attributes: Record<string, string>;
  agentConnected: boolean;
  agentVersion: string;
  /** Epoch ms. */
  registeredAt: number;
  runningTasksCount: number;
  pendingTasksCount: number;
}

export type TaskLastStatus =
  | "PROVISIONING"
  | "PENDING"
  | "ACTIVATING"
  | "RUNNING"
  | "DEACTIVATING"
  | "STOPPING"
  | "DEPROVISIONING"
  | "STOPPED";

/** Tags Blox puts on every task it starts. Ownership is rebuilt from these alone. */
export const TAG_ENVIRONMENT_ID = "blox:environment-id";
export const TAG_ENVIRONMENT = "blox:environment";
export const TAG_REVISION = "blox:revision";

export interface ClusterTask {
  arn: string;
  containerInstanceArn: string;
  taskDefinition: string;
  group: string;
  startedBy: string;
  tags: Record<string, string>;
  lastStatus: TaskLastStatus;
  desiredStatus: "RUNNING" | "STOPPED";
  /** Container health where the task reports it. */
  healthStatus?: "HEALTHY" | "UNHEALTHY" | "UNKNOWN";
  createdAt: number;
  /** When it reached RUNNING. */
  startedAt?: number;
  /** When it was last observed to become healthy (RUNNING and, if reported, HEALTHY). */
  healthySince?: number;
  stoppedAt?: number;
  stoppedReason?: string;
}

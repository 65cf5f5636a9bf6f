// ECS API shapes → the backend-neutral shapes of server/cluster/backend.ts.

import type { ContainerInstance as EcsContainerInstance, Task as EcsTask } from "@aws-sdk/client-ecs";
import type { ClusterTask, ContainerInstance, InstanceStatus, TaskLastStatus } from "../../domain/cluster.js";

const INSTANCE_STATUSES: ReadonlySet<string> = new Set<InstanceStatus>(["ACTIVE", "DRAINING", "INACTIVE"]);
const TASK_STATUSES: ReadonlySet<string> = new Set<TaskLastStatus>([
  "PROVISIONING",
  "PENDING",
  "ACTIVATING",
  "RUNNING",
  "DEACTIVATING",
  "STOPPING",
  "DEPROVISIONING",
  "STOPPED",
]);

function ms(d: Date | number | undefined): number | undefined {
  if (d === undefined || d === null) return undefined;
  const t = d instanceof Date ? d.getTime() : d;
  return Number.isFinite(t) ? t : undefined;
}

/**
 * One described container instance, or undefined for states Blox does not
 * schedule on or count (REGISTERING, DEREGISTERING, REGISTRATION_FAILED).
 */
export function toContainerInstance(ci: EcsContainerInstance): ContainerInstance | undefined {
  const status = ci.status ?? "";
  if (!ci.containerInstanceArn || !INSTANCE_STATUSES.has(status)) return undefined;
  const attributes: Record<string, string> = {};
  for (const a of ci.attributes ?? []) {
    // Capability attributes have no value; "" keeps `exists` queries working.
    if (a.name) attributes[a.name] = a.value ?? "";
  }
  return {
    arn: ci.containerInstanceArn,
    ec2InstanceId: ci.ec2InstanceId ?? "",
    status: status as InstanceStatus,
    attributes,
    agentConnected: ci.agentConnected ?? false,
    agentVersion: ci.versionInfo?.agentVersion ?? "",
    registeredAt: ms(ci.registeredAt) ?? 0,
    runningTasksCount: ci.runningTasksCount ?? 0,
    pendingTasksCount: ci.pendingTasksCount ?? 0,
  };
}

/**
 * "family:revision" from a task definition ARN
 * (arn:aws:ecs:us-east-1:123:task-definition/log-daemon:2 → log-daemon:2),
 * the form environment specs use. Anything else is returned unchanged.
 */
export function shortTaskDefinition(arnOrName: string): string {
  const m = /^arn:[^:]+:ecs:[^:]*:[^:]*:task-definition\/(.+)$/.exec(arnOrName);
  return m ? m[1]! : arnOrName;
}

export function tagsToRecord(tags: { key?: string; value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.key) out[t.key] = t.value ?? "";
  return out;
}

/** One described task. `healthySince` is filled in by the backend, which keeps the observation history. */
export function toClusterTask(t: EcsTask, fallbackTags?: Record<string, string>): ClusterTask | undefined {
  if (!t.taskArn) return undefined;
  const lastStatus = (TASK_STATUSES.has(t.lastStatus ?? "") ? t.lastStatus : "PENDING") as TaskLastStatus;
  const desiredStatus = t.desiredStatus === "STOPPED" ? "STOPPED" : "RUNNING";
  const tags = t.tags && t.tags.length > 0 ? tagsToRecord(t.tags) : { ...(fallbackTags ?? {}) };
  const task: ClusterTask = {
    arn: t.taskArn,
    containerInstanceArn: t.containerInstanceArn ?? "",
    taskDefinition: shortTaskDefinition(t.taskDefinitionArn ?? ""),
    group: t.group ?? "",
    startedBy: t.startedBy ?? "",
    tags,
    lastStatus,
    desiredStatus,
    createdAt: ms(t.createdAt) ?? 0,
  };
  if (t.healthStatus === "HEALTHY" || t.healthStatus === "UNHEALTHY" || t.healthStatus === "UNKNOWN") {
    task.healthStatus = t.healthStatus;
  }
  const startedAt = ms(t.startedAt);
  if (startedAt !== undefined) task.startedAt = startedAt;
  const stoppedAt = ms(t.stoppedAt);
  if (stoppedAt !== undefined) task.stoppedAt = stoppedAt;
  if (t.stoppedReason) task.stoppedReason = t.stoppedReason;
  return task;
}

// Display names of the API's enums, as the design doc writes them.

import {
  ConditionType,
  EnvironmentStatus,
  EventType,
  RevisionStatus,
  TaskState,
  type Condition,
  type RevisionStatusView,
} from "../../../gen/blox/v1/environment_pb.js";

const REVISION_STATUS: Record<RevisionStatus, string> = {
  [RevisionStatus.UNSPECIFIED]: "Unknown",
  [RevisionStatus.CREATED]: "Created",
  [RevisionStatus.DEPLOYING]: "Deploying",
  [RevisionStatus.ACTIVE]: "Active",
  [RevisionStatus.UNDEPLOYING]: "Undeploying",
  [RevisionStatus.INACTIVE]: "Inactive",
  [RevisionStatus.REVERTING]: "Reverting",
  [RevisionStatus.REVERTED]: "Reverted",
};

const ENVIRONMENT_STATUS: Record<EnvironmentStatus, string> = {
  [EnvironmentStatus.UNSPECIFIED]: "Unknown",
  [EnvironmentStatus.CREATED]: "Created",
  [EnvironmentStatus.DEPLOYING]: "Deploying",
  [EnvironmentStatus.ACTIVE]: "Active",
  [EnvironmentStatus.STUCK]: "Stuck",
  [EnvironmentStatus.FAILING]: "Failing",
  [EnvironmentStatus.FROZEN]: "Frozen",
  [EnvironmentStatus.PAUSED]: "Paused",
  [EnvironmentStatus.DELETING]: "Deleting",
  [EnvironmentStatus.DELETED]: "Deleted",
};

const TASK_STATE: Record<TaskState, string> = {
  [TaskState.UNSPECIFIED]: "unknown",
  [TaskState.PENDING]: "pending",
  [TaskState.RUNNING]: "running",
  [TaskState.TERMINATING]: "terminating",
  [TaskState.STOPPED]: "stopped",
};

const CONDITION: Record<ConditionType, string> = {
  [ConditionType.UNSPECIFIED]: "Unknown",
  [ConditionType.STUCK]: "Stuck",
  [ConditionType.FAILING]: "Failing",
  [ConditionType.CLUSTER_ERROR]: "ClusterError",
};

export const revisionStatusName = (s: RevisionStatus): string => REVISION_STATUS[s] ?? `Unknown(${s})`;
export const environmentStatusName = (s: EnvironmentStatus): string => ENVIRONMENT_STATUS[s] ?? `Unknown(${s})`;
export const taskStateName = (s: TaskState): string => TASK_STATE[s] ?? `unknown(${s})`;
export const conditionName = (c: ConditionType): string => CONDITION[c] ?? `Unknown(${c})`;

/** "DEPLOYMENT_STARTED" → "DeploymentStarted", from the generated enum. */
export function eventTypeName(t: EventType): string {
  const key = EventType[t];
  return key === undefined ? `Unknown(${t})` : pascal(key);
}

/** "REPLACE_THEN_TERMINATE" → "ReplaceThenTerminate". */
export function pascal(upperSnake: string): string {
  return upperSnake
    .toLowerCase()
    .split("_")
    .map((w) => (w === "" ? "" : w[0].toUpperCase() + w.slice(1)))
    .join("");
}

/**
 * The STATUS column of a revision row: Failing or Stuck while such a condition
 * holds (Failing is the stronger), else the revision's status.
 */
export function revisionDisplayStatus(r: RevisionStatusView): string {
  return conditionOverride(r.conditions) ?? revisionStatusName(r.status);
}

/**
 * The STATUS column of the environment line. The server already folds Stuck and
 * Failing into the environment status; conditions still win over Deploying /
 * Active if a server reports them only as conditions.
 */
export function environmentDisplayStatus(status: EnvironmentStatus, conditions: Condition[]): string {
  if (status === EnvironmentStatus.DEPLOYING || status === EnvironmentStatus.ACTIVE) {
    return conditionOverride(conditions) ?? environmentStatusName(status);
  }
  return environmentStatusName(status);
}

function conditionOverride(conditions: Condition[]): string | undefined {
  if (conditions.some((c) => c.type === ConditionType.FAILING)) return "Failing";
  if (conditions.some((c) => c.type === ConditionType.STUCK)) return "Stuck";
  return undefined;
}

// The status the planner computes and describe/watch report. Plain data, so it
// can be persisted as JSON, compared, and mapped to the proto view.

export type RevisionStatusName =
  | "Created"
  | "Deploying"
  | "Active"
  | "Undeploying"
  | "Inactive"
  | "Reverting"
  | "Reverted";

export type EnvironmentStatusName =
  | "Created"
  | "Deploying"
  | "Active"
  | "Paused"
  | "Stuck"
  | "Failing"
  | "Frozen"
  | "Deleting"
  | "Deleted";

export type ConditionType = "Stuck" | "Failing" | "ClusterError";

export interface Condition {
  type: ConditionType;
  reason: string;
  /** Epoch ms when the condition began to hold. */
  since: number;
}

/** Where a canary rollout of the target stands (only while a step holds it back). */
export interface CanaryProgress {
  /** The step the rollout is at, 1-based. */
  step: number;
  steps: number;
  percent: number;
  /** Instances the target may hold at this step: ceil(TOTAL * percent / 100), at least 1. */
  allowed: number;
  /** progressing: the step's tasks are not all healthy yet; baking: healthy, waiting for the bake time; paused: waiting for a promote. */
  state: "progressing" | "baking" | "paused";
  /** While baking: when the step passes if every step task stays healthy. */
  bakeUntil?: number;
}

export interface RevisionStatusSnapshot {
  revision: number;
  status: RevisionStatusName;
  desired: number;
  healthy: number;
  total: number;
  /** Tasks of the revision that are not stopped. */
  tasks: number;
  conditions: Condition[];
  taskDefinition: string;
  /** The target's canary step, while one holds the rollout. */
  canary?: CanaryProgress;
}

export type TaskStateName = "pending" | "running" | "terminating" | "stopped";

export interface InstanceTaskSnapshot {
  taskArn: string;
  revision: number;
  state: TaskStateName;
  healthy: boolean;
  taskDefinition: string;
}

export interface InstanceSnapshot {
  containerInstanceArn: string;
  ec2InstanceId: string;
  instanceStatus: string;
  inGroup: boolean;
  /** The instance is in the canary of the current step (the target may run there now). */
  inCanary?: boolean;
  tasks: InstanceTaskSnapshot[];
}

/** Full status of one environment. `revisions` holds every revision (callers filter Inactive). */
export interface EnvironmentStatusSnapshot {
  environmentName: string;
  targetRevision: number;
  latestRevision: number;
  status: EnvironmentStatusName;
  outdated: number;
  desired: number;
  healthy: number;
  total: number;
  revisions: RevisionStatusSnapshot[];
  conditions: Condition[];
  frozen: boolean;
  currentDeploymentId: string;
  observedAt: number;
  /** Per-instance view; filled by the reconciler from its last observation. */
  instances?: InstanceSnapshot[];
  /**
   * Planner memory carried from one plan to the next (e.g. when HEALTHY first
   * fell below the floor). Internal: persisted with the status, never shown.
   */
  timers?: Record<string, number>;
}

/** Precedence of environment statuses, strongest first (semantics.md, Lifecycle). */
export const ENVIRONMENT_STATUS_PRECEDENCE: readonly EnvironmentStatusName[] = [
  "Deleted",
  "Deleting",
  "Frozen",
  "Failing",
  "Stuck",
  "Paused",
  "Deploying",
  "Active",
  "Created",
];

import type { Actor, EnvironmentAudit } from "./audit.js";

// Domain records of Blox, independent of the wire format (proto) and of the
// store that keeps them. Times are epoch milliseconds. Revision numbers start at 1.

export type DeploymentType = "Daemon" | "Service";
export type DeploymentMethod = "ReplaceThenTerminate" | "TerminateThenReplace";

/** Availability limits; both resolved to numbers by `resolveDeployment`. */
export interface DeploymentLimits {
  minHealthyPercent: number;
  maxOverPercent: number;
}

/** One canary step: the target may hold at most `percent` of TOTAL (rounded up, at least 1) until it passes. */
export interface CanaryStep {
  /** 1..100, increasing from step to step. */
  percent: number;
  /** Once the step's tasks are healthy, hold this long with all of them healthy, then go on (0: go on at once). */
  bakeMs: number;
  /** Once the step's tasks are healthy, hold until promote-environment. */
  pause: boolean;
}

/** Canary steps of a rollout (not of a rollback). */
export interface CanarySettings {
  /** Cluster query: which instances of the group go first; "" means a stable order alone. */
  instancesQuery: string;
  steps: CanaryStep[];
}

/** The deployment section of a spec, with every default filled in. */
export interface DeploymentSettings {
  type: DeploymentType;
  method: DeploymentMethod;
  limits: DeploymentLimits;
  /** Used instead of method/limits when the deployment is a rollback. */
  rollback?: { method?: DeploymentMethod; minHealthyPercent?: number; maxOverPercent?: number };
  stuckTimeoutMs: number;
  failingTimeoutMs: number;
  /** Daemon: Failing when more instances than this lack a current task for missingTaskTimeoutMs. */
  maxInstancesWithoutTask?: number;
  missingTaskTimeoutMs: number;
  soakTimeMs: number;
  /** Canary steps; absent means one step to 100 %. */
  canary?: CanarySettings;
}

export interface EnvironmentSpec {
  name: string;
  taskDefinition: string;
  cluster: string;
  /** ECS cluster query language; "" means every instance. */
  instanceGroupQuery: string;
  deployment: DeploymentSettings;
}

export type EnvironmentLifecycle = "live" | "deleting" | "deleted";

/** The mutable head of an environment. `version` increases on every write (compare-and-set). */
export interface EnvironmentRecord {
  name: string;
  /** Unique per incarnation of the name; tags the environment's tasks in the cluster. */
  environmentId: string;
  cluster: string;
  latestRevision: number;
  /** 0 before the first deploy. */
  targetRevision: number;
  /** True while the current target was set by a rollback. */
  targetIsRollback: boolean;
  currentDeploymentId: string;
  frozen: boolean;
  lifecycle: EnvironmentLifecycle;
  terminateTasks: boolean;
  createdAt: number;
  updatedAt: number;
  deletedAt?: number;
  purgeAfter?: number;
  /** Who created it and who last deployed, froze, thawed or deleted it. */
  audit?: EnvironmentAudit;
  version: number;
}

export interface RevisionRecord {
  environmentName: string;
  revision: number;
  spec: EnvironmentSpec;
  createdAt: number;
  createdBy?: Actor;
}

export type DeploymentState = "in_progress" | "completed" | "superseded" | "cancelled";

export interface DeploymentRecord {
  deploymentId: string;
  environmentName: string;
  revision: number;
  fromRevision: number;
  rollback: boolean;
  state: DeploymentState;
  startedAt: number;
  finishedAt?: number;
  /** Who deployed (or rolled back, when `rollback`). */
  startedBy?: Actor;
  /** Canary steps promoted past by promote-environment (0 or absent: none); only ever raised. */
  promotedSteps?: number;
}

export type EventType =
  | "environment_created"
  | "revision_created"
  | "deployment_started"
  | "deployment_completed"
  | "deployment_superseded"
  | "rollback_started"
  | "revision_status_changed"
  | "stuck"
  | "unstuck"
  | "failing"
  | "recovered"
  | "frozen"
  | "thawed"
  | "deleting"
  | "deleted"
  | "cluster_error"
  | "cluster_error_cleared"
  | "task_failed"
  | "canary_step_started"
  | "canary_waiting"
  | "canary_promoted";

/** An event before the store gives it a sequence number. */
export interface EventDraft {
  type: EventType;
  time: number;
  revision?: number;
  deploymentId?: string;
  message: string;
  /** Who caused it: a principal, or `blox` with the cause. */
  actor?: Actor;
}

export interface EventRecord extends EventDraft {
  environmentName: string;
  /** Sequence of the journal entry (status transition) the event came with. */
  sequence: number;
  /** Position within that entry, from 0. */
  index: number;
}

export const DEFAULT_CLUSTER = "default";
export const DEFAULT_STUCK_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_FAILING_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_MISSING_TASK_TIMEOUT_MS = 5 * 60_000;
export const DEFAULT_MAX_OVER_PERCENT = 25;
/** Deleted environments stay visible this long, then are purged. */
export const DEFAULT_DELETED_RETENTION_MS = 24 * 60 * 60_000;

/** MinHealthyPercent when the spec leaves it unset: no downtime for ReplaceThenTerminate. */
export function defaultMinHealthyPercent(method: DeploymentMethod): number {
  return method === "ReplaceThenTerminate" ? 100 : 50;
}

/** The method and limits in force for a deployment (rollbacks use RollbackConfiguration). */
export function effectiveDeployment(
  settings: DeploymentSettings,
  rollback: boolean,
): { method: DeploymentMethod; limits: DeploymentLimits } {
  if (!rollback || !settings.rollback) return { method: settings.method, limits: settings.limits };
  const method = settings.rollback.method ?? settings.method;
  return {
    method,
    limits: {
      minHealthyPercent: settings.rollback.minHealthyPercent ?? settings.limits.minHealthyPercent,
      maxOverPercent: settings.rollback.maxOverPercent ?? settings.limits.maxOverPercent,
    },
  };
}

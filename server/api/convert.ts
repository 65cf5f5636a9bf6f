// Domain records → proto messages (the read direction). The write direction,
// proto → domain with validation and defaults, lives in validation.ts.

import { create } from "@bufbuild/protobuf";
import { durationFromMs, timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { Actor } from "../domain/audit.js";
import {
  ActorSchema,
  CanaryProgressSchema,
  CanaryState as PbCanaryState,
  ConditionSchema,
  ConditionType as PbConditionType,
  DeploymentMethod as PbDeploymentMethod,
  DeploymentSchema,
  DeploymentState as PbDeploymentState,
  DeploymentType as PbDeploymentType,
  EnvironmentEventSchema,
  EnvironmentLifecycle as PbEnvironmentLifecycle,
  EnvironmentRevisionSchema,
  EnvironmentSchema,
  EnvironmentSpecSchema,
  EnvironmentStatus as PbEnvironmentStatus,
  EnvironmentStatusViewSchema,
  EventType as PbEventType,
  InstanceStatusViewSchema,
  InstanceTaskViewSchema,
  RevisionStatus as PbRevisionStatus,
  RevisionStatusViewSchema,
  TaskState as PbTaskState,
  WatchEnvironmentStatusResponseSchema,
  WatchMessageKind as PbWatchMessageKind,
} from "../../gen/blox/v1/environment_pb.js";
import type {
  Condition as PbCondition,
  Deployment as PbDeployment,
  Environment as PbEnvironment,
  EnvironmentEvent as PbEnvironmentEvent,
  EnvironmentRevision as PbEnvironmentRevision,
  EnvironmentSpec as PbEnvironmentSpec,
  EnvironmentStatusView,
  InstanceStatusView,
  RevisionStatusView,
  WatchEnvironmentStatusResponse,
} from "../../gen/blox/v1/environment_pb.js";
import type {
  DeploymentMethod,
  DeploymentRecord,
  DeploymentState,
  DeploymentType,
  EnvironmentLifecycle,
  EnvironmentRecord,
  EnvironmentSpec,
  EventRecord,
  EventType,
  RevisionRecord,
} from "../domain/environment.js";
import type {
  CanaryProgress,
  Condition,
  ConditionType,
  EnvironmentStatusName,
  EnvironmentStatusSnapshot,
  InstanceSnapshot,
  RevisionStatusName,
  RevisionStatusSnapshot,
  TaskStateName,
} from "../domain/status.js";
import type { WatchMessage } from "../watch/hub-types.js";

// Records keep Record<Name, Enum> tables so that adding a domain value without
// a proto counterpart fails to typecheck here.

export const DEPLOYMENT_TYPE_TO_PROTO: Record<DeploymentType, PbDeploymentType> = {
  Daemon: PbDeploymentType.DAEMON,
  Service: PbDeploymentType.SERVICE,
};

export const DEPLOYMENT_METHOD_TO_PROTO: Record<DeploymentMethod, PbDeploymentMethod> = {
  ReplaceThenTerminate: PbDeploymentMethod.REPLACE_THEN_TERMINATE,
  TerminateThenReplace: PbDeploymentMethod.TERMINATE_THEN_REPLACE,
};

const LIFECYCLE_TO_PROTO: Record<EnvironmentLifecycle, PbEnvironmentLifecycle> = {
  live: PbEnvironmentLifecycle.LIVE,
  deleting: PbEnvironmentLifecycle.DELETING,
  deleted: PbEnvironmentLifecycle.DELETED,
};

const REVISION_STATUS_TO_PROTO: Record<RevisionStatusName, PbRevisionStatus> = {
  Created: PbRevisionStatus.CREATED,
  Deploying: PbRevisionStatus.DEPLOYING,
  Active: PbRevisionStatus.ACTIVE,
  Undeploying: PbRevisionStatus.UNDEPLOYING,
  Inactive: PbRevisionStatus.INACTIVE,
  Reverting: PbRevisionStatus.REVERTING,
  Reverted: PbRevisionStatus.REVERTED,
};

const ENVIRONMENT_STATUS_TO_PROTO: Record<EnvironmentStatusName, PbEnvironmentStatus> = {
  Created: PbEnvironmentStatus.CREATED,
  Deploying: PbEnvironmentStatus.DEPLOYING,
  Active: PbEnvironmentStatus.ACTIVE,
  Stuck: PbEnvironmentStatus.STUCK,
  Failing: PbEnvironmentStatus.FAILING,
  Frozen: PbEnvironmentStatus.FROZEN,
  Paused: PbEnvironmentStatus.PAUSED,
  Deleting: PbEnvironmentStatus.DELETING,
  Deleted: PbEnvironmentStatus.DELETED,
};

const CONDITION_TYPE_TO_PROTO: Record<ConditionType, PbConditionType> = {
  Stuck: PbConditionType.STUCK,
  Failing: PbConditionType.FAILING,
  ClusterError: PbConditionType.CLUSTER_ERROR,
};

const TASK_STATE_TO_PROTO: Record<TaskStateName, PbTaskState> = {
  pending: PbTaskState.PENDING,
  running: PbTaskState.RUNNING,
  terminating: PbTaskState.TERMINATING,
  stopped: PbTaskState.STOPPED,
};

const DEPLOYMENT_STATE_TO_PROTO: Record<DeploymentState, PbDeploymentState> = {
  in_progress: PbDeploymentState.IN_PROGRESS,
  completed: PbDeploymentState.COMPLETED,
  superseded: PbDeploymentState.SUPERSEDED,
  cancelled: PbDeploymentState.CANCELLED,
};

const EVENT_TYPE_TO_PROTO: Record<EventType, PbEventType> = {
  environment_created: PbEventType.ENVIRONMENT_CREATED,
  revision_created: PbEventType.REVISION_CREATED,
  deployment_started: PbEventType.DEPLOYMENT_STARTED,
  deployment_completed: PbEventType.DEPLOYMENT_COMPLETED,
  deployment_superseded: PbEventType.DEPLOYMENT_SUPERSEDED,
  rollback_started: PbEventType.ROLLBACK_STARTED,
  revision_status_changed: PbEventType.REVISION_STATUS_CHANGED,
  stuck: PbEventType.STUCK,
  unstuck: PbEventType.UNSTUCK,
  failing: PbEventType.FAILING,
  recovered: PbEventType.RECOVERED,
  frozen: PbEventType.FROZEN,
  thawed: PbEventType.THAWED,
  deleting: PbEventType.DELETING,
  deleted: PbEventType.DELETED,
  cluster_error: PbEventType.CLUSTER_ERROR,
  cluster_error_cleared: PbEventType.CLUSTER_ERROR_CLEARED,
  task_failed: PbEventType.TASK_FAILED,
  canary_step_started: PbEventType.CANARY_STEP_STARTED,
  canary_waiting: PbEventType.CANARY_WAITING,
  canary_promoted: PbEventType.CANARY_PROMOTED,
};

const CANARY_STATE_TO_PROTO: Record<CanaryProgress["state"], PbCanaryState> = {
  progressing: PbCanaryState.PROGRESSING,
  baking: PbCanaryState.BAKING,
  paused: PbCanaryState.PAUSED,
};

const WATCH_KIND_TO_PROTO: Record<WatchMessage["kind"], PbWatchMessageKind> = {
  snapshot: PbWatchMessageKind.SNAPSHOT,
  update: PbWatchMessageKind.UPDATE,
  heartbeat: PbWatchMessageKind.HEARTBEAT,
};

/** A resolved domain spec as the API shows it: every default spelled out. */
export function specToProto(spec: EnvironmentSpec): PbEnvironmentSpec {
  const d = spec.deployment;
  return create(EnvironmentSpecSchema, {
    name: spec.name,
    taskDefinition: spec.taskDefinition,
    cluster: spec.cluster,
    instanceGroup: { query: spec.instanceGroupQuery },
    deployment: {
      type: DEPLOYMENT_TYPE_TO_PROTO[d.type],
      method: DEPLOYMENT_METHOD_TO_PROTO[d.method],
      configuration: {
        minHealthyPercent: d.limits.minHealthyPercent,
        maxOverPercent: d.limits.maxOverPercent,
      },
      rollbackConfiguration: d.rollback
        ? {
            method: d.rollback.method ? DEPLOYMENT_METHOD_TO_PROTO[d.rollback.method] : PbDeploymentMethod.UNSPECIFIED,
            configuration: {
              minHealthyPercent: d.rollback.minHealthyPercent,
              maxOverPercent: d.rollback.maxOverPercent,
            },
          }
        : undefined,
      stuckTimeout: durationFromMs(d.stuckTimeoutMs),
      failingTimeout: durationFromMs(d.failingTimeoutMs),
      maxInstancesWithoutTask: d.maxInstancesWithoutTask,
      missingTaskTimeout: durationFromMs(d.missingTaskTimeoutMs),
      soakTime: durationFromMs(d.soakTimeMs),
      canary: d.canary
        ? {
            instances: d.canary.instancesQuery,
            steps: d.canary.steps.map((step) => ({ percent: step.percent, bake: durationFromMs(step.bakeMs), pause: step.pause })),
          }
        : undefined,
    },
  });
}

export function environmentToProto(env: EnvironmentRecord): PbEnvironment {
  return create(EnvironmentSchema, {
    name: env.name,
    environmentId: env.environmentId,
    latestRevision: BigInt(env.latestRevision),
    targetRevision: BigInt(env.targetRevision),
    frozen: env.frozen,
    lifecycle: LIFECYCLE_TO_PROTO[env.lifecycle],
    currentDeploymentId: env.currentDeploymentId,
    createdAt: timestampFromMs(env.createdAt),
    updatedAt: timestampFromMs(env.updatedAt),
    deletedAt: env.deletedAt !== undefined ? timestampFromMs(env.deletedAt) : undefined,
    purgeAfter: env.purgeAfter !== undefined ? timestampFromMs(env.purgeAfter) : undefined,
    createdBy: actorToProto(env.audit?.created),
    deployedBy: actorToProto(env.audit?.deployed),
    frozenBy: actorToProto(env.audit?.frozen),
    thawedBy: actorToProto(env.audit?.thawed),
    deletedBy: actorToProto(env.audit?.deleted),
  });
}

export function actorToProto(actor: Actor | undefined) {
  if (!actor) return undefined;
  return create(ActorSchema, {
    principal: actor.principal,
    clientAddress: actor.address ?? "",
    userAgent: actor.userAgent ?? "",
    cause: actor.cause ?? "",
    request: actor.request ?? {},
  });
}

export function revisionToProto(rev: RevisionRecord): PbEnvironmentRevision {
  return create(EnvironmentRevisionSchema, {
    environmentName: rev.environmentName,
    revision: BigInt(rev.revision),
    spec: specToProto(rev.spec),
    createdAt: timestampFromMs(rev.createdAt),
    createdBy: actorToProto(rev.createdBy),
  });
}

export function deploymentToProto(dep: DeploymentRecord): PbDeployment {
  return create(DeploymentSchema, {
    deploymentId: dep.deploymentId,
    environmentName: dep.environmentName,
    revision: BigInt(dep.revision),
    fromRevision: BigInt(dep.fromRevision),
    rollback: dep.rollback,
    state: DEPLOYMENT_STATE_TO_PROTO[dep.state],
    startedAt: timestampFromMs(dep.startedAt),
    finishedAt: dep.finishedAt !== undefined ? timestampFromMs(dep.finishedAt) : undefined,
    deployedBy: dep.rollback ? undefined : actorToProto(dep.startedBy),
    rolledBackBy: dep.rollback ? actorToProto(dep.startedBy) : undefined,
    promotedSteps: dep.promotedSteps ?? 0,
  });
}

export function eventToProto(event: EventRecord): PbEnvironmentEvent {
  return create(EnvironmentEventSchema, {
    sequence: BigInt(event.sequence),
    time: timestampFromMs(event.time),
    type: EVENT_TYPE_TO_PROTO[event.type],
    revision: BigInt(event.revision ?? 0),
    deploymentId: event.deploymentId ?? "",
    message: event.message,
    index: event.index,
    actor: actorToProto(event.actor),
  });
}

export function conditionToProto(c: Condition): PbCondition {
  return create(ConditionSchema, {
    type: CONDITION_TYPE_TO_PROTO[c.type],
    reason: c.reason,
    since: timestampFromMs(c.since),
  });
}

function revisionStatusToProto(r: RevisionStatusSnapshot): RevisionStatusView {
  return create(RevisionStatusViewSchema, {
    revision: BigInt(r.revision),
    status: REVISION_STATUS_TO_PROTO[r.status],
    desired: r.desired,
    healthy: r.healthy,
    total: r.total,
    tasks: r.tasks,
    conditions: r.conditions.map(conditionToProto),
    taskDefinition: r.taskDefinition,
    canary: r.canary
      ? create(CanaryProgressSchema, {
          step: r.canary.step,
          steps: r.canary.steps,
          percent: r.canary.percent,
          allowed: r.canary.allowed,
          state: CANARY_STATE_TO_PROTO[r.canary.state],
          bakeUntil: r.canary.bakeUntil !== undefined ? timestampFromMs(r.canary.bakeUntil) : undefined,
        })
      : undefined,
  });
}

function instanceToProto(i: InstanceSnapshot): InstanceStatusView {
  return create(InstanceStatusViewSchema, {
    containerInstanceArn: i.containerInstanceArn,
    ec2InstanceId: i.ec2InstanceId,
    instanceStatus: i.instanceStatus,
    inGroup: i.inGroup,
    inCanary: i.inCanary ?? false,
    tasks: i.tasks.map((t) =>
      create(InstanceTaskViewSchema, {
        taskArn: t.taskArn,
        revision: BigInt(t.revision),
        state: TASK_STATE_TO_PROTO[t.state],
        healthy: t.healthy,
        taskDefinition: t.taskDefinition,
      }),
    ),
  });
}

/** What the caller asked to see of a status (describe/watch request flags). */
export interface StatusViewOptions {
  /** Include Inactive revisions (the doc's `--all`). */
  all: boolean;
  /** Include the per-instance view. */
  instances: boolean;
}

/**
 * The status as describe/watch show it. Without `all`, Inactive revisions are
 * left out (the doc's UI conventions: "only revisions that are not Inactive").
 * Revisions are ordered by number whatever order the snapshot holds them in.
 * Planner timers are internal and never leave the server.
 */
export function statusToProto(s: EnvironmentStatusSnapshot, options: StatusViewOptions): EnvironmentStatusView {
  const revisions = s.revisions
    .filter((r) => options.all || r.status !== "Inactive")
    .slice()
    .sort((a, b) => a.revision - b.revision);
  return create(EnvironmentStatusViewSchema, {
    environmentName: s.environmentName,
    targetRevision: BigInt(s.targetRevision),
    latestRevision: BigInt(s.latestRevision),
    status: ENVIRONMENT_STATUS_TO_PROTO[s.status],
    outdated: s.outdated,
    desired: s.desired,
    healthy: s.healthy,
    total: s.total,
    revisions: revisions.map(revisionStatusToProto),
    conditions: s.conditions.map(conditionToProto),
    frozen: s.frozen,
    currentDeploymentId: s.currentDeploymentId,
    observedAt: timestampFromMs(s.observedAt),
    instances: options.instances ? (s.instances ?? []).map(instanceToProto) : [],
  });
}

/** One watch-stream message on the wire. */
export function watchMessageToProto(m: WatchMessage, options: StatusViewOptions): WatchEnvironmentStatusResponse {
  return create(WatchEnvironmentStatusResponseSchema, {
    sequence: BigInt(m.sequence),
    time: timestampFromMs(m.time),
    kind: WATCH_KIND_TO_PROTO[m.kind],
    status: m.status ? statusToProto(m.status, options) : undefined,
    events: m.events.map(eventToProto),
    coalesced: m.coalesced,
  });
}

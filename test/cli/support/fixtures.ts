// EnvironmentStatusView fixtures for the doc's walkthrough states, numbers
// exactly as the doc's tables show them.

import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  ConditionType,
  EnvironmentEventSchema,
  EnvironmentStatus,
  EnvironmentStatusViewSchema,
  EventType,
  RevisionStatus,
  TaskState,
  WatchEnvironmentStatusResponseSchema,
  WatchMessageKind,
  type EnvironmentEvent,
  type EnvironmentStatusView,
  type InstanceTaskView,
  type WatchEnvironmentStatusResponse,
} from "../../../gen/blox/v1/environment_pb.js";

export const ENV = "SomeEnvironment/Prod";
export const T0 = Date.UTC(2017, 8, 6, 11, 47, 23);

type Rev = [revision: number, status: RevisionStatus, desired: number, healthy: number, total: number, tasks?: number];
type Env = [target: number, status: EnvironmentStatus, outdated: number, desired: number, healthy: number, total: number];

export function view(env: Env, revs: Rev[], extra: Omit<MessageInitShape<typeof EnvironmentStatusViewSchema>, "$typeName"> = {}): EnvironmentStatusView {
  const [target, status, outdated, desired, healthy, total] = env;
  return create(EnvironmentStatusViewSchema, {
    environmentName: ENV,
    targetRevision: BigInt(target),
    status,
    outdated,
    desired,
    healthy,
    total,
    latestRevision: BigInt(Math.max(0, ...revs.map((r) => r[0]))),
    observedAt: timestampFromMs(T0),
    frozen: status === EnvironmentStatus.FROZEN,
    currentDeploymentId: target > 0 ? `${ENV}:${target}@2017090611472301` : "",
    revisions: revs.map(([revision, st, d, h, t, tasks]) => ({
      revision: BigInt(revision),
      status: st,
      desired: d,
      healthy: h,
      total: t,
      tasks: tasks ?? h,
      taskDefinition: `log-daemon:${revision}`,
    })),
    ...extra,
  });
}

const R = RevisionStatus;
const E = EnvironmentStatus;

/** Right after create-environment: Created, TOTAL 5. */
export const created = view([0, E.CREATED, 0, 0, 0, 5], [[1, R.CREATED, 0, 0, 5, 0]]);

/** Deploying revision 2, part-way (doc: "Part-way through the Deployment"). */
export const deploying = view(
  [2, E.DEPLOYING, 2, 7, 5, 5],
  [
    [1, R.UNDEPLOYING, 2, 2, 0],
    [2, R.DEPLOYING, 5, 3, 5, 5],
  ],
);

/** Revision 2 Active, revision 1 Inactive. */
export const active = view(
  [2, E.ACTIVE, 0, 5, 5, 5],
  [
    [1, R.INACTIVE, 0, 0, 0],
    [2, R.ACTIVE, 5, 5, 5],
  ],
);

/** Revision 3 created on top of an Active 2 (the doc's Prod:3 Created table). */
export const revision3Created = view(
  [2, E.ACTIVE, 0, 5, 5, 5],
  [
    [1, R.INACTIVE, 0, 0, 0],
    [2, R.ACTIVE, 5, 5, 5],
    [3, R.CREATED, 0, 0, 0],
  ],
);

export const frozen = view([3, E.FROZEN, 2, 8, 3, 8], [[3, R.DEPLOYING, 8, 3, 8, 8]]);
export const deleting = view([3, E.DELETING, 5, 0, 5, 0], [[3, R.UNDEPLOYING, 0, 5, 0]]);

/** Revision 3 Stuck: tasks that never start. */
export const stuck = view([3, E.STUCK, 2, 8, 3, 8], [
  [2, R.UNDEPLOYING, 2, 2, 0],
  [3, R.DEPLOYING, 8, 3, 8, 6],
]);
stuck.revisions[1].conditions.push({
  $typeName: "blox.v1.Condition",
  type: ConditionType.STUCK,
  reason: "3 tasks have been PENDING for 10m: instance i-0c3 has no free memory",
  since: timestampFromMs(T0 - 600_000),
});

export const failing = view([3, E.FAILING, 2, 8, 3, 8], [[3, R.DEPLOYING, 8, 3, 8, 8]], {
  conditions: [
    {
      $typeName: "blox.v1.Condition",
      type: ConditionType.FAILING,
      reason: "HEALTHY 3 of TOTAL 8 is below MinHealthyPercent 80",
      since: timestampFromMs(T0 - 300_000),
    },
  ],
});

function task(revision: number, state: TaskState, healthy = state === TaskState.RUNNING): Omit<InstanceTaskView, "$typeName"> {
  return { taskArn: `arn:aws:ecs:us-east-1:123456789012:task/default/t${revision}${state}`, revision: BigInt(revision), state, healthy, taskDefinition: `log-daemon:${revision}` };
}
const S = TaskState;

/** Appendix A, ReplaceThenTerminate with MaxOver 2, at T=3, plus a draining instance and an unhealthy task. */
export const instances = view(
  [2, E.DEPLOYING, 3, 7, 5, 5],
  [
    [1, R.UNDEPLOYING, 3, 3, 0, 4],
    [2, R.DEPLOYING, 4, 2, 5, 4],
  ],
  {
    instances: [
      { containerInstanceArn: "arn:aws:ecs:us-east-1:123456789012:container-instance/default/0a1", ec2InstanceId: "i-0a1", instanceStatus: "ACTIVE", inGroup: true, tasks: [task(2, S.RUNNING), task(1, S.STOPPED, false)] },
      { containerInstanceArn: "arn:aws:ecs:us-east-1:123456789012:container-instance/default/0a2", ec2InstanceId: "i-0a2", instanceStatus: "ACTIVE", inGroup: true, tasks: [task(1, S.TERMINATING, false), task(2, S.RUNNING)] },
      { containerInstanceArn: "arn:aws:ecs:us-east-1:123456789012:container-instance/default/0a3", ec2InstanceId: "i-0a3", instanceStatus: "ACTIVE", inGroup: true, tasks: [task(1, S.RUNNING), task(2, S.PENDING, false)] },
      { containerInstanceArn: "arn:aws:ecs:us-east-1:123456789012:container-instance/default/0a4", ec2InstanceId: "i-0a4", instanceStatus: "ACTIVE", inGroup: true, tasks: [task(1, S.RUNNING), task(2, S.RUNNING, false)] },
      { containerInstanceArn: "arn:aws:ecs:us-east-1:123456789012:container-instance/default/0a5", ec2InstanceId: "i-0a5", instanceStatus: "ACTIVE", inGroup: true, tasks: [task(1, S.RUNNING)] },
      { containerInstanceArn: "arn:aws:ecs:us-east-1:123456789012:container-instance/default/0b9", ec2InstanceId: "", instanceStatus: "DRAINING", inGroup: false, tasks: [] },
    ].map((i) => ({ $typeName: "blox.v1.InstanceStatusView" as const, inCanary: false, ...i, tasks: i.tasks.map((t) => ({ $typeName: "blox.v1.InstanceTaskView" as const, ...t })) })),
  },
);

export function event(sequence: number, type: EventType, revision: number, message: string, atMs = T0): EnvironmentEvent {
  return create(EnvironmentEventSchema, { sequence: BigInt(sequence), time: timestampFromMs(atMs), type, revision: BigInt(revision), message });
}

export function message(sequence: number, status: EnvironmentStatusView | undefined, opts: { kind?: WatchMessageKind; events?: EnvironmentEvent[]; coalesced?: boolean; atMs?: number } = {}): WatchEnvironmentStatusResponse {
  return create(WatchEnvironmentStatusResponseSchema, {
    sequence: BigInt(sequence),
    time: timestampFromMs(opts.atMs ?? T0),
    kind: opts.kind ?? (status ? WatchMessageKind.UPDATE : WatchMessageKind.HEARTBEAT),
    status,
    events: opts.events ?? [],
    coalesced: opts.coalesced ?? false,
  });
}

/** A clone of `v` with a different environment name. */
export function renamed(v: EnvironmentStatusView, name: string): EnvironmentStatusView {
  return create(EnvironmentStatusViewSchema, { ...v, environmentName: name });
}

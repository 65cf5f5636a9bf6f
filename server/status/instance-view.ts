// The per-instance view of Appendix A (describe-environment-status --instances):
// one row per container instance with the environment's tasks on it. Pure, so
// it can be built from any observation (the reconciler's last one, or a fresh
// one taken by describe on a replica that does not drive the environment).

import { TAG_ENVIRONMENT_ID, type ClusterTask, type ContainerInstance } from "../domain/cluster.js";
import type { EnvironmentRecord, RevisionRecord } from "../domain/environment.js";
import type { InstanceSnapshot, InstanceTaskSnapshot } from "../domain/status.js";
import { taskHealth, taskState } from "../planner/health.js";
import { adoptersFrom } from "../planner/ownership.js";
import { canaryOrder } from "../planner/canary.js";
import { matchesQuery, parseQuery, type QueryAst } from "../query/index.js";
import { taggedRevision } from "../domain/task-identity.js";

export interface InstanceViewInput {
  environment: Pick<EnvironmentRecord, "targetRevision" | "latestRevision" | "environmentId">;
  /** Every revision of the environment (any order). */
  revisions: RevisionRecord[];
  instances: ContainerInstance[];
  /** The environment's tasks, including recently stopped ones. */
  tasks: ClusterTask[];
  /** For soak times: a task is healthy once it has been so for its revision's soak time. */
  now: number;
  /** The status's timers: which revision adopted tasks of an older one (as the planner counts them). */
  timers?: Readonly<Record<string, number>>;
  /** While a canary step holds the target: its share and Instances query, to mark the instances in it. */
  canary?: { allowed: number; instancesQuery: string };
}

/** Shown for an instance that holds a task but is no longer listed by the cluster. */
export const DEREGISTERED = "DEREGISTERED";

export { taskState };

function parseOrUndefined(query: string): QueryAst | undefined {
  try {
    return parseQuery(query);
  } catch {
    return undefined; // an unparsable query matches nothing; the planner reports it
  }
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Builds the per-instance view. `inGroup` is evaluated against the instance
 * group of the target revision (the latest before the first deploy). A task
 * whose task definition equals the target's, on an instance in the target's
 * group, is shown under the target revision: that revision adopts it
 * (semantics.md, adoption). Rows are sorted by EC2 instance id, then ARN;
 * tasks by revision, then creation time.
 */
export function buildInstanceView(input: InstanceViewInput): InstanceSnapshot[] {
  const { environment, revisions, instances, now } = input;
  // Tasks explicitly tagged with another environment are not ours (as in the planner).
  const tasks = input.tasks.filter((t) => {
    const id = t.tags?.[TAG_ENVIRONMENT_ID];
    return id === undefined || id === environment.environmentId;
  });
  const soakOf = new Map(revisions.map((r) => [r.revision, r.spec.deployment.soakTimeMs]));
  const focusNumber = environment.targetRevision > 0 ? environment.targetRevision : environment.latestRevision;
  const focus = revisions.find((r) => r.revision === focusNumber);
  const ast = focus ? parseOrUndefined(focus.spec.instanceGroupQuery) : undefined;
  const adopters = adoptersFrom(input.timers ?? {});
  const taskDefinitionOf = new Map(revisions.map((r) => [r.revision, r.spec.taskDefinition]));

  const tasksByInstance = new Map<string, ClusterTask[]>();
  for (const task of tasks) {
    const list = tasksByInstance.get(task.containerInstanceArn);
    if (list) list.push(task);
    else tasksByInstance.set(task.containerInstanceArn, [task]);
  }

  const rows: InstanceSnapshot[] = [];
  const seen = new Set<string>();
  const row = (arn: string, instance: ContainerInstance | undefined): InstanceSnapshot => {
    const own = tasksByInstance.get(arn) ?? [];
    const inGroup =
      instance !== undefined &&
      instance.status === "ACTIVE" &&
      ast !== undefined &&
      matchesQuery(ast, instance, { taskGroups: new Set(own.map((t) => t.group)) });
    const taskRows: InstanceTaskSnapshot[] = own.map((task) => {
      const state = taskState(task);
      let revision = taggedRevision(task) ?? 0;
      if (
        focus &&
        revision !== focus.revision &&
        inGroup &&
        state !== "stopped" &&
        state !== "terminating" &&
        task.taskDefinition === focus.spec.taskDefinition
      ) {
        revision = focus.revision;
      } else if (revision > 0 && revision !== focusNumber && state !== "stopped") {
        // Adopted by an earlier target: counted for that revision (planner/ownership.ts).
        const by = adopters.get(revision);
        if (by !== undefined && by !== focusNumber && taskDefinitionOf.get(by) === task.taskDefinition) revision = by;
      }
      const healthy = taskHealth(task, now, soakOf.get(taggedRevision(task) ?? 0) ?? 0).healthy;
      return { taskArn: task.arn, revision, state, healthy, taskDefinition: task.taskDefinition };
    });
    const created = new Map(own.map((t) => [t.arn, t.createdAt]));
    taskRows.sort((a, b) => a.revision - b.revision || (created.get(a.taskArn) ?? 0) - (created.get(b.taskArn) ?? 0) || byText(a.taskArn, b.taskArn));
    return {
      containerInstanceArn: arn,
      ec2InstanceId: instance?.ec2InstanceId ?? "",
      instanceStatus: instance?.status ?? DEREGISTERED,
      inGroup,
      tasks: taskRows,
    };
  };

  for (const instance of instances) {
    if (seen.has(instance.arn)) continue;
    seen.add(instance.arn);
    rows.push(row(instance.arn, instance));
  }
  for (const arn of tasksByInstance.keys()) {
    if (!seen.has(arn)) {
      seen.add(arn);
      rows.push(row(arn, undefined));
    }
  }
  if (input.canary && focus) markCanary(rows, instances, focus.revision, input.canary);
  rows.sort((a, b) => byText(a.ec2InstanceId, b.ec2InstanceId) || byText(a.containerInstanceArn, b.containerInstanceArn));
  return rows;
}

/** Marks the rows of the current canary step, in the planner's canary order (planner/canary.ts). */
function markCanary(
  rows: InstanceSnapshot[],
  instances: readonly ContainerInstance[],
  target: number,
  canary: NonNullable<InstanceViewInput["canary"]>,
): void {
  const byArn = new Map(rows.map((r) => [r.containerInstanceArn, r]));
  const group = instances.filter((i) => byArn.get(i.arn)?.inGroup === true);
  const holds = (arn: string) =>
    byArn.get(arn)!.tasks.some((t) => t.revision === target && t.state !== "stopped" && t.state !== "terminating");
  for (const i of canaryOrder(group, holds, canary.instancesQuery).slice(0, canary.allowed)) byArn.get(i.arn)!.inCanary = true;
}

// How the scheduler marks the tasks it starts, so ownership can be rebuilt
// from the cluster alone after a restart (semantics.md, Ownership).

import { TAG_ENVIRONMENT, TAG_ENVIRONMENT_ID, TAG_REVISION, type ClusterTask } from "./cluster.js";

/** ECS limit on the task group. */
export const TASK_GROUP_MAX = 255;

/** The ECS task group of an environment's tasks: `blox:<environmentId>`, at most 255 characters. */
export function taskGroupFor(environmentId: string): string {
  return `blox:${environmentId}`.slice(0, TASK_GROUP_MAX);
}

/** Tags put on every task of one revision of an environment. */
export function taskTagsFor(environment: { environmentId: string; name: string }, revision: number): Record<string, string> {
  return {
    [TAG_ENVIRONMENT_ID]: environment.environmentId,
    [TAG_ENVIRONMENT]: environment.name,
    [TAG_REVISION]: String(revision),
  };
}

/** The revision a task was started for (its tag), or undefined when the tag is missing or malformed. */
export function taggedRevision(task: ClusterTask): number | undefined {
  const raw = task.tags[TAG_REVISION];
  if (raw === undefined || !/^[1-9][0-9]*$/.test(raw)) return undefined;
  return Number(raw);
}

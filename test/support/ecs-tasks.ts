// Reading a whole cluster through the ECS API, as an operator would: every
// page of ListTasks, then DescribeTasks (with tags) in batches of 100.

import { DescribeTasksCommand, ListTasksCommand, type ECSClient, type Task } from "@aws-sdk/client-ecs";

/** Every task of `cluster` whose desired status is one of `desiredStatuses` (RUNNING, and STOPPED for the retained history). */
export async function listAllTasks(ecs: ECSClient, desiredStatuses: readonly ("RUNNING" | "STOPPED")[], cluster = "default"): Promise<Task[]> {
  const arns: string[] = [];
  for (const desiredStatus of desiredStatuses) {
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(new ListTasksCommand({ cluster, desiredStatus, maxResults: 100, nextToken }));
      arns.push(...(page.taskArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
  }
  const tasks: Task[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const res = await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100), include: ["TAGS"] }));
    tasks.push(...(res.tasks ?? []));
  }
  return tasks;
}

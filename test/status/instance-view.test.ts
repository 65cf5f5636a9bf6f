import { expect } from "chai";
import { TAG_ENVIRONMENT_ID, TAG_REVISION, type ClusterTask, type ContainerInstance } from "../../server/domain/cluster.js";
import type { RevisionRecord } from "../../server/domain/environment.js";
import { buildInstanceView, DEREGISTERED } from "../../server/status/instance-view.js";
import { daemonSpec, ENV } from "../reconciler/support/harness.js";

const instance = (n: number, stack: string, status: ContainerInstance["status"] = "ACTIVE"): ContainerInstance => ({
  arn: `arn:ci/${n}`,
  ec2InstanceId: `i-${n}`,
  status,
  attributes: { stack },
  agentConnected: true,
  agentVersion: "1.80.0",
  registeredAt: 0,
  runningTasksCount: 0,
  pendingTasksCount: 0,
});

const task = (id: string, on: number, revision: number, td: string, partial: Partial<ClusterTask> = {}): ClusterTask => ({
  arn: `arn:task/${id}`,
  containerInstanceArn: `arn:ci/${on}`,
  taskDefinition: td,
  group: "blox:env-1",
  startedBy: "blox-env-1",
  tags: { [TAG_ENVIRONMENT_ID]: "env-1", [TAG_REVISION]: String(revision) },
  lastStatus: "RUNNING",
  desiredStatus: "RUNNING",
  createdAt: 1,
  ...partial,
});

const revisions: RevisionRecord[] = [
  { environmentName: ENV, revision: 1, spec: daemonSpec(), createdAt: 0 },
  { environmentName: ENV, revision: 2, spec: daemonSpec({ taskDefinition: "log-daemon:2" }), createdAt: 0 },
  {
    environmentName: ENV,
    revision: 3,
    spec: daemonSpec({ taskDefinition: "log-daemon:2", instanceGroupQuery: "attribute:stack in (prod, gamma)" }),
    createdAt: 0,
  },
];

describe("instance view", () => {
  const cases: {
    name: string;
    target: number;
    instances: ContainerInstance[];
    tasks: ClusterTask[];
    /** The status's timers (the planner's adopter memory). */
    timers?: Record<string, number>;
    expect: { id: string; status: string; inGroup: boolean; tasks: [number, string, boolean][] }[];
  }[] = [
    {
      name: "mid-rollout: pending, running, terminating, stopped; rows sorted by instance id",
      target: 2,
      instances: [instance(2, "prod"), instance(1, "prod"), instance(3, "gamma")],
      tasks: [
        task("a", 1, 1, "log-daemon:1", { lastStatus: "STOPPED", desiredStatus: "STOPPED" }),
        task("b", 1, 2, "log-daemon:2", { lastStatus: "PENDING", createdAt: 2 }),
        task("c", 2, 1, "log-daemon:1", { desiredStatus: "STOPPED" }),
      ],
      expect: [
        { id: "i-1", status: "ACTIVE", inGroup: true, tasks: [[1, "stopped", false], [2, "pending", false]] },
        { id: "i-2", status: "ACTIVE", inGroup: true, tasks: [[1, "terminating", false]] },
        { id: "i-3", status: "ACTIVE", inGroup: false, tasks: [] },
      ],
    },
    {
      name: "adoption: same task definition on an instance of the new group counts for the target",
      target: 3,
      instances: [instance(1, "prod"), instance(2, "gamma"), instance(3, "gamma", "DRAINING")],
      tasks: [task("a", 1, 2, "log-daemon:2"), task("b", 2, 3, "log-daemon:2", { healthStatus: "UNKNOWN" })],
      expect: [
        { id: "i-1", status: "ACTIVE", inGroup: true, tasks: [[3, "running", true]] },
        { id: "i-2", status: "ACTIVE", inGroup: true, tasks: [[3, "running", false]] },
        { id: "i-3", status: "DRAINING", inGroup: false, tasks: [] },
      ],
    },
    {
      name: "a task on a deregistered instance still shows; other environments' tasks do not",
      target: 1,
      instances: [instance(1, "prod")],
      tasks: [
        task("a", 9, 1, "log-daemon:1"),
        task("x", 1, 1, "log-daemon:1", { tags: { [TAG_ENVIRONMENT_ID]: "other", [TAG_REVISION]: "1" } }),
      ],
      expect: [
        { id: "", status: DEREGISTERED, inGroup: false, tasks: [[1, "running", true]] },
        { id: "i-1", status: "ACTIVE", inGroup: true, tasks: [] },
      ],
    },
    {
      // 3 adopted 2's tasks, then a rollback to 1: the planner counts them for
      // 3 (Reverting), and the view says the same.
      name: "tasks adopted by an earlier target show under the revision that adopted them",
      target: 1,
      instances: [instance(1, "prod"), instance(2, "prod")],
      tasks: [task("a", 1, 2, "log-daemon:2"), task("b", 2, 1, "log-daemon:1")],
      timers: { "adopted:2": 3 },
      expect: [
        { id: "i-1", status: "ACTIVE", inGroup: true, tasks: [[3, "running", true]] },
        { id: "i-2", status: "ACTIVE", inGroup: true, tasks: [[1, "running", true]] },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const rows = buildInstanceView({
        environment: { targetRevision: c.target, latestRevision: 3, environmentId: "env-1" },
        revisions,
        instances: c.instances,
        tasks: c.tasks,
        now: 10,
        timers: c.timers,
      });
      expect(
        rows.map((r) => ({
          id: r.ec2InstanceId,
          status: r.instanceStatus,
          inGroup: r.inGroup,
          tasks: r.tasks.map((t) => [t.revision, t.state, t.healthy]),
        })),
      ).to.deep.equal(c.expect);
    });
  }
});

import type { ClusterTask, ContainerInstance } from "../domain/cluster.js";
import type { EnvironmentRecord, EventDraft, RevisionRecord } from "../domain/environment.js";
import type { EnvironmentStatusSnapshot } from "../domain/status.js";

/** Everything the planner looks at. The planner is a pure function of this. */
export interface PlanInput {
  environment: EnvironmentRecord;
  /** Every revision of the environment, ascending. */
  revisions: RevisionRecord[];
  /** Every instance of the cluster as last observed (ACTIVE and DRAINING). */
  instances: ContainerInstance[];
  /** The environment's tasks as last observed (by tag), including recently stopped ones. */
  tasks: ClusterTask[];
  now: number;
  /** The status the previous plan produced (its `timers` are the planner's memory). */
  previous?: EnvironmentStatusSnapshot;
  /** A persistent cluster-backend problem, shown as a ClusterError condition. */
  clusterError?: { message: string; since: number };
  /**
   * True when `instances` and `tasks` are not an observation at all (the
   * cluster has never answered): the planner then never reports the target
   * Active nor a terminate-tasks deletion finished from the empty view.
   */
  unobserved?: boolean;
  /**
   * Recent StartTask failures (ECS failures[], e.g. RESOURCE:MEMORY). They never
   * create a task, so listTasks cannot show them; the reconciler remembers them
   * for a while and passes them here. `revision` is the revision it tried to start.
   */
  startFailures?: { containerInstanceArn: string; reason: string; time: number; revision?: number }[];
  /**
   * Canary steps promoted past by promote-environment, as stored with the
   * deployment `deploymentId`; ignored unless that is the current deployment.
   */
  promotion?: { deploymentId: string; promotedSteps: number };
}

export type PlannedAction =
  | { kind: "start"; containerInstanceArn: string; revision: number; taskDefinition: string }
  | { kind: "stop"; taskArn: string; revision: number; reason: string };

export interface PlanOutput {
  /** Empty while frozen or deleted. */
  actions: PlannedAction[];
  status: EnvironmentStatusSnapshot;
  /** Transitions since `previous` (deployment started/completed, stuck, ...). */
  events: EventDraft[];
  /** The latest time at which the planner must run again even if nothing changes (a timeout expiring). */
  wakeAt?: number;
  /** Set when the current deployment reached Active in this plan. */
  completedDeploymentId?: string;
  /** True once a Deleting environment has no tasks left: the reconciler marks it Deleted. */
  deletionFinished?: boolean;
}

/**
 * Every stop reason the planner gives starts with this. ECS keeps a StopTask
 * reason as the task's stoppedReason, so a STOPPED task whose reason lacks it
 * stopped on its own (crash, failed start): the planner reports it as task_failed.
 */
/** The planner's signature (server/planner/plan.ts); tests substitute their own. */
export type PlanFunction = (input: PlanInput) => PlanOutput;

export const STOP_REASON_PREFIX = "Blox: ";

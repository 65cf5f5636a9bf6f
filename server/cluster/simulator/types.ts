// Shapes shared by the simulator and its YAML configuration.

/** A task definition the simulator knows about (anything else is accepted with defaults). */
export interface SimTaskDefinition {
  family: string;
  /** CPU units reserved per task (default 128). */
  cpu?: number;
  /** MiB reserved per task (default 256). */
  memory?: number;
  /**
   * The task reports container health. `true` = HEALTHY as soon as RUNNING;
   * `{ healthyAfterMs }` = UNKNOWN for that long after RUNNING, then HEALTHY.
   */
  healthCheck?: boolean | { healthyAfterMs: number };
}

/** A fault injected into the simulated cluster (see SimulatedCluster.injectFault). */
export type SimFault =
  /** Matching starts fail with `reason` (in StartTasksResult.failures); `count` limits how many. */
  | { kind: "start-failure"; cluster?: string; instanceArn?: string; taskDefinition?: string; count?: number; reason: string }
  /** Matching tasks stay PENDING until the fault is cleared (or they are stopped). */
  | { kind: "never-start"; cluster?: string; instanceArn?: string; taskDefinition?: string }
  /** A running task dies now: STOPPED with "Essential container in task exited". */
  | { kind: "task-death"; cluster?: string; taskArn: string; reason?: string }
  /** Tasks of the task definition run but report UNHEALTHY until cleared. */
  | { kind: "unhealthy"; cluster?: string; taskDefinition: string }
  /** Starts on the instance fail with RESOURCE:MEMORY until cleared. */
  | { kind: "out-of-resources"; cluster?: string; instanceArn: string };

export interface SimInstanceGroupConfig {
  count: number;
  attributes: Record<string, string>;
  cpu?: number;
  memory?: number;
}

export interface SimClusterConfig {
  name: string;
  instances: SimInstanceGroupConfig[];
}

/** A fault as written in YAML: instances are named by their 0-based index in the cluster. */
export type SimFaultConfig =
  | { kind: "start-failure"; cluster?: string; instanceIndex?: number; taskDefinition?: string; count?: number; reason: string }
  | { kind: "never-start"; cluster?: string; instanceIndex?: number; taskDefinition?: string }
  | { kind: "unhealthy"; cluster?: string; taskDefinition: string }
  | { kind: "out-of-resources"; cluster?: string; instanceIndex: number };

/** Cluster changes at a point in (clock) time after start. */
export type SimEventConfig =
  | { afterMs: number; kind: "add-instances"; cluster?: string; count: number; attributes: Record<string, string>; cpu?: number; memory?: number }
  | { afterMs: number; kind: "remove-instance"; cluster?: string; instanceIndex: number }
  | { afterMs: number; kind: "drain-instance"; cluster?: string; instanceIndex: number };

export interface SimConfig {
  clusters: SimClusterConfig[];
  latencies: { startMs: number; stopMs: number };
  faults: SimFaultConfig[];
  taskDefinitions?: SimTaskDefinition[];
  events?: SimEventConfig[];
}

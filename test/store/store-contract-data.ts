import type { DeploymentRecord, EnvironmentSpec } from "../../server/domain/environment.js";
import type { EnvironmentStatusSnapshot } from "../../server/domain/status.js";

// Records used by the store contract suite and its fixtures.

/** A fixed epoch-ms instant the fixtures are built around. */
export const T0 = 1_700_000_000_000;

export function specOf(name: string, over: Partial<EnvironmentSpec> = {}): EnvironmentSpec {
  return {
    name,
    taskDefinition: "web:1",
    cluster: "default",
    instanceGroupQuery: "",
    deployment: {
      type: "Daemon",
      method: "ReplaceThenTerminate",
      limits: { minHealthyPercent: 100, maxOverPercent: 25 },
      stuckTimeoutMs: 600_000,
      failingTimeoutMs: 300_000,
      missingTaskTimeoutMs: 300_000,
      soakTimeMs: 0,
    },
    ...over,
  };
}

export function statusOf(name: string, over: Partial<EnvironmentStatusSnapshot> = {}): EnvironmentStatusSnapshot {
  return {
    environmentName: name,
    targetRevision: 1,
    latestRevision: 1,
    status: "Deploying",
    outdated: 0,
    desired: 3,
    healthy: 1,
    total: 3,
    revisions: [
      {
        revision: 1,
        status: "Deploying",
        desired: 3,
        healthy: 1,
        total: 3,
        tasks: 1,
        conditions: [],
        taskDefinition: "web:1",
      },
    ],
    conditions: [{ type: "Stuck", reason: "no room", since: T0 }],
    frozen: false,
    currentDeploymentId: "",
    observedAt: T0,
    // Keys with dots and dollars must survive every store.
    timers: { "floor.rev1": T0, $odd: 1 },
    ...over,
  };
}

export function deploymentOf(name: string, n: number, startedAt: number): DeploymentRecord {
  return {
    deploymentId: `${name}:${n}@${startedAt}`,
    environmentName: name,
    revision: n,
    fromRevision: n - 1,
    rollback: false,
    state: "in_progress",
    startedAt,
  };
}

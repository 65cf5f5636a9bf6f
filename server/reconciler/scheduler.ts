import type { EnvironmentStatusSnapshot } from "../domain/status.js";

/**
 * What the API needs from the scheduler (implemented in
 * server/reconciler/scheduler-service.ts). The API writes intent to the store
 * and pokes; the scheduler turns intent into cluster actions and status.
 */
export interface Scheduler {
  /** Nudges the environment's reconcile loop after an RPC changed it. */
  poke(environmentName: string): void;
  /** Latest status and its journal sequence; computes one (observe + plan, no actions) if none is journaled yet. NOT_FOUND for unknown. */
  describe(
    environmentName: string,
    options: { instances: boolean },
  ): Promise<{ status: EnvironmentStatusSnapshot; sequence: number }>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

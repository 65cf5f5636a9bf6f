/**
 * What the API needs from the scheduler (implemented in
 * server/reconciler/scheduler-service.ts). The API writes intent to the store
 * and pokes; the scheduler turns intent into cluster actions and status.
 */
export interface Scheduler {
  /** Nudges the environment's reconcile loop after an RPC changed it. */
  poke(environmentName: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

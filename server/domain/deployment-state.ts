// The deployment state machine. A deployment starts in progress and ends
// exactly once: completed (the scheduler saw its revision reach the target),
// superseded (another deploy moved the target) or cancelled (the environment
// is being deleted, or the deploy that created it failed). Every end is one
// conditional write "in progress → end", so a completion racing a supersede
// leaves exactly one of them standing.

import { Code, ConnectError } from "../errors.js";
import type { DeploymentState } from "./environment.js";

export type DeploymentEnd = Exclude<DeploymentState, "in_progress">;

/** Which state may follow which. Ended deployments never move again. */
export const DEPLOYMENT_TRANSITIONS: Readonly<Record<DeploymentState, readonly DeploymentState[]>> = {
  in_progress: ["completed", "superseded", "cancelled"],
  completed: [],
  superseded: [],
  cancelled: [],
};

export function canTransition(from: DeploymentState, to: DeploymentState): boolean {
  return DEPLOYMENT_TRANSITIONS[from].includes(to);
}

export function isFinished(state: DeploymentState): boolean {
  return DEPLOYMENT_TRANSITIONS[state].length === 0;
}

/**
 * The store's part: the conditional write. Moves the deployment to `to` and
 * sets `finishedAt` only if its state is still `from`; says whether it moved
 * and the state it has afterwards. NOT_FOUND if unknown.
 */
export interface DeploymentTransitionWriter {
  transitionDeployment(deploymentId: string, from: DeploymentState, to: DeploymentState, finishedAt: number): Promise<DeploymentTransition>;
}

export interface DeploymentTransition {
  /** True when this write ended the deployment. */
  moved: boolean;
  /** Its state afterwards. */
  state: DeploymentState;
}

export interface TransitionResult {
  /** True when this call ended the deployment. */
  moved: boolean;
  /** Its state afterwards; undefined when there is no such deployment. */
  state: DeploymentState | undefined;
}

/** Why a deployment ends, and so the state it ends in. */
export type DeploymentEndCause =
  /** Its revision reached the target (the reconciler). */
  | "rollout-finished"
  /** Another deploy moved the target (the API). */
  | "target-moved"
  /** The environment is being deleted (the API). */
  | "environment-deleted"
  /** The deploy that created it failed before it became the target (the API). */
  | "deploy-failed";

const END_OF: Record<DeploymentEndCause, DeploymentEnd> = {
  "rollout-finished": "completed",
  "target-moved": "superseded",
  "environment-deleted": "cancelled",
  "deploy-failed": "cancelled",
};

export function endStateFor(cause: DeploymentEndCause): DeploymentEnd {
  return END_OF[cause];
}

/**
 * Ends an in-progress deployment for `cause`. A deployment that already ended
 * (another writer won) is left as it is; an empty id or an unknown deployment
 * is no deployment to end.
 */
export async function endDeployment(
  store: DeploymentTransitionWriter,
  deploymentId: string | undefined,
  cause: DeploymentEndCause,
  at: number,
): Promise<TransitionResult> {
  if (!deploymentId) return { moved: false, state: undefined };
  const to = endStateFor(cause);
  try {
    return await store.transitionDeployment(deploymentId, "in_progress", to, at);
  } catch (err) {
    if (err instanceof ConnectError && err.code === Code.NotFound) return { moved: false, state: undefined };
    throw err;
  }
}

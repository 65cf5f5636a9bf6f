// The promote state of the current deployment, for the planner: read from the
// deployment record only when the target has canary steps (most plans need no
// extra read).

import type { EnvironmentRecord, RevisionRecord } from "../domain/environment.js";
import type { PlanInput } from "../planner/types.js";
import type { BloxStore } from "../store/store.js";

export async function loadPromotion(
  store: Pick<BloxStore, "getDeployment">,
  environment: EnvironmentRecord,
  revisions: readonly RevisionRecord[],
): Promise<PlanInput["promotion"]> {
  const id = environment.currentDeploymentId;
  if (!id || environment.targetIsRollback || environment.lifecycle !== "live") return undefined;
  const target = revisions.find((r) => r.revision === environment.targetRevision);
  if (!target?.spec.deployment.canary) return undefined;
  const deployment = await store.getDeployment(id);
  if (!deployment?.promotedSteps) return undefined;
  return { deploymentId: id, promotedSteps: deployment.promotedSteps };
}

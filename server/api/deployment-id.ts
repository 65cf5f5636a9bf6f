// Deployment ids in the doc's form, `SomeEnvironment/Prod:1@2017090611472301`:
// `<environment>:<revision>@<UTC yyyyMMddHHmmss><centiseconds>`. Readable, sortable
// per environment, and unique thanks to a `-2`, `-3` … suffix when two deploys
// land in the same centisecond.

import type { DeploymentRecord } from "../domain/environment.js";
import { Code, ConnectError } from "../errors.js";
import type { BloxStore } from "../store/store.js";

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** `yyyyMMddHHmmss` + 2-digit centiseconds, UTC. */
export function formatDeploymentTime(ms: number): string {
  const d = new Date(ms);
  return (
    pad(d.getUTCFullYear(), 4) +
    pad(d.getUTCMonth() + 1, 2) +
    pad(d.getUTCDate(), 2) +
    pad(d.getUTCHours(), 2) +
    pad(d.getUTCMinutes(), 2) +
    pad(d.getUTCSeconds(), 2) +
    pad(Math.floor(d.getUTCMilliseconds() / 10), 2)
  );
}

/** The id without a uniqueness suffix (attempt 1), or with `-attempt`. */
export function formatDeploymentId(environmentName: string, revision: number, ms: number, attempt = 1): string {
  const base = `${environmentName}:${revision}@${formatDeploymentTime(ms)}`;
  return attempt <= 1 ? base : `${base}-${attempt}`;
}

/** Parses an id back into its parts; undefined if it is not of this form. */
export function parseDeploymentId(
  id: string,
): { environmentName: string; revision: number; time: string; suffix: number } | undefined {
  const m = /^(.+):([0-9]+)@([0-9]{16})(?:-([0-9]+))?$/.exec(id);
  if (!m) return undefined;
  return { environmentName: m[1]!, revision: Number(m[2]), time: m[3]!, suffix: m[4] ? Number(m[4]) : 1 };
}

/** Enough for any realistic burst within one centisecond; past it, something is wrong. */
const MAX_ATTEMPTS = 1000;

/**
 * Inserts the deployment under the first free id for its time, trying the
 * plain id, then `-2`, `-3` …. The store's ALREADY_EXISTS is the uniqueness
 * arbiter, so concurrent deploys (even across replicas) never share an id.
 */
export async function insertDeploymentWithUniqueId(
  store: Pick<BloxStore, "insertDeployment">,
  deployment: Omit<DeploymentRecord, "deploymentId">,
): Promise<DeploymentRecord> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const record: DeploymentRecord = {
      ...deployment,
      deploymentId: formatDeploymentId(deployment.environmentName, deployment.revision, deployment.startedAt, attempt),
    };
    try {
      await store.insertDeployment(record);
      return record;
    } catch (err) {
      if (err instanceof ConnectError && err.code === Code.AlreadyExists) continue;
      throw err;
    }
  }
  throw new ConnectError(
    `could not find a free deployment id for ${deployment.environmentName}:${deployment.revision} after ${MAX_ATTEMPTS} attempts`,
    Code.Aborted,
  );
}

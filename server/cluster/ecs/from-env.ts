// ECS backend settings from the environment of the `blox` server, for
// BLOX_CLUSTER_BACKEND=ecs. Region, credentials and AWS_ENDPOINT_URL_ECS are
// read by the SDK's own chains; these are Blox's knobs on top.

import type { EcsBackendOptions } from "./ecs-backend.js";

/** An invalid BLOX_ECS_* value; `key` names the variable. */
export class EcsSettingError extends Error {
  constructor(
    readonly key: string,
    readonly detail: string,
  ) {
    super(`${key}: ${detail}`);
    this.name = "EcsSettingError";
  }
}

function positive(env: NodeJS.ProcessEnv, name: string, integer: boolean): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!(n > 0) || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new EcsSettingError(name, `must be a positive ${integer ? "integer" : "number"}, got '${raw}'`);
  }
  return n;
}

/**
 * BLOX_ECS_RATE_LIMIT (calls/s per cluster, default 20), BLOX_ECS_BURST
 * (default 2 × rate), BLOX_ECS_MAX_ATTEMPTS (default 6), BLOX_ECS_ENDPOINT
 * (explicit endpoint; AWS_ENDPOINT_URL_ECS works without it).
 * Throws an EcsSettingError naming the variable when a value is invalid.
 */
export function ecsBackendOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): EcsBackendOptions {
  const options: EcsBackendOptions = {};
  const rate = positive(env, "BLOX_ECS_RATE_LIMIT", false);
  if (rate !== undefined) options.rateLimitPerSecond = rate;
  const burst = positive(env, "BLOX_ECS_BURST", true);
  if (burst !== undefined) options.burst = burst;
  const attempts = positive(env, "BLOX_ECS_MAX_ATTEMPTS", true);
  if (attempts !== undefined) options.maxAttempts = attempts;
  if (env.BLOX_ECS_ENDPOINT) options.endpoint = env.BLOX_ECS_ENDPOINT;
  return options;
}

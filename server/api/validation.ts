// Proto requests → domain values, with defaults and INVALID_ARGUMENT errors
// that name the request field at fault (e.g. `spec.deployment.configuration.
// min_healthy_percent: must be between 0 and 100, got 120`). Pure: no store.

import type { Duration } from "@bufbuild/protobuf/wkt";
import {
  DeploymentMethod as PbDeploymentMethod,
  DeploymentType as PbDeploymentType,
} from "../../gen/blox/v1/environment_pb.js";
import type {
  CanaryPolicy as PbCanaryPolicy,
  DeploymentConfiguration as PbDeploymentConfiguration,
  DeploymentPolicy as PbDeploymentPolicy,
  EnvironmentSpec as PbEnvironmentSpec,
  UpdateEnvironmentRequest,
} from "../../gen/blox/v1/environment_pb.js";
import {
  DEFAULT_CLUSTER,
  DEFAULT_FAILING_TIMEOUT_MS,
  DEFAULT_MAX_OVER_PERCENT,
  DEFAULT_MISSING_TASK_TIMEOUT_MS,
  DEFAULT_STUCK_TIMEOUT_MS,
  defaultMinHealthyPercent,
} from "../domain/environment.js";
import type { CanarySettings, DeploymentMethod, DeploymentSettings, EnvironmentSpec } from "../domain/environment.js";
import { invalidArgument, unimplemented } from "../errors.js";
import { parseQuery } from "../query/parse.js";
import { MAX_NAME_LENGTH, show, validateEnvironmentName, validateRevisionNumber } from "../domain/identifiers.js";

// The field checks the transport's watch fast path shares live in domain/.
export { MAX_NAME_LENGTH, validateEnvironmentName, validateRevisionNumber };

export const MAX_QUERY_LENGTH = 4096;
/** Longest accepted timeout: beyond a week a timeout is a typo, not a policy. */
export const MAX_DURATION_MS = 7 * 24 * 60 * 60_000;
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_CANARY_STEPS = 20;

const FAMILY = "[A-Za-z0-9_-]{1,255}";
const TASK_DEFINITION_PATTERN = new RegExp(`^${FAMILY}:[1-9][0-9]{0,9}$`);
// arn:aws:ecs:us-east-1:123456789012:task-definition/family:3 (any partition).
const TASK_DEFINITION_ARN_PATTERN = new RegExp(
  `^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/${FAMILY}:[1-9][0-9]{0,9}$`,
);
const CLUSTER_NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
const CLUSTER_ARN_PATTERN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster\/[A-Za-z0-9_-]{1,255}$/;

/** `family:revision` or an ECS task definition ARN. */
export function validateTaskDefinition(value: string, field: string): string {
  if (value.length === 0) throw invalidArgument(field, "is required (family:revision, e.g. log-daemon:1)");
  if (value.length > 1600) throw invalidArgument(field, `must be at most 1600 characters, got ${value.length}`);
  if (TASK_DEFINITION_PATTERN.test(value) || TASK_DEFINITION_ARN_PATTERN.test(value)) return value;
  throw invalidArgument(
    field,
    `${show(value)} is not family:revision (e.g. log-daemon:1, revision a positive integer) or a task definition ARN`,
  );
}

/** ECS cluster name or ARN; "" means `default`. */
export function validateCluster(value: string, field: string): string {
  if (value.length === 0) return DEFAULT_CLUSTER;
  if (CLUSTER_NAME_PATTERN.test(value) || CLUSTER_ARN_PATTERN.test(value)) return value;
  throw invalidArgument(field, `${show(value)} is not a cluster name (letters, digits, - and _, up to 255) or ARN`);
}

/**
 * An instance-group query. Empty (or blank) means every instance and is
 * stored as "". Anything else must parse; the error carries the position.
 */
export function validateQuery(value: string, field: string): string {
  if (value.length > MAX_QUERY_LENGTH) {
    throw invalidArgument(field, `must be at most ${MAX_QUERY_LENGTH} characters, got ${value.length}`);
  }
  if (value.trim() === "") return "";
  try {
    parseQuery(value);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = (err as { position?: unknown }).position;
    if (typeof position === "number" && !/position/.test(message)) {
      throw invalidArgument(field, `${message} (at position ${position})`);
    }
    throw invalidArgument(field, message);
  }
  return value;
}

function validatePercent(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0 || value > 100) {
    throw invalidArgument(field, `must be between 0 and 100, got ${value}`);
  }
  return value;
}

/** A Duration in ms, 0..7 days; `fallback` when unset. */
export function validateDuration(d: Duration | undefined, field: string, fallback: number): number {
  if (d === undefined) return fallback;
  const nanos = d.nanos;
  if (nanos <= -1_000_000_000 || nanos >= 1_000_000_000) {
    throw invalidArgument(field, `nanos must be within ±999999999, got ${nanos}`);
  }
  if ((d.seconds > 0n && nanos < 0) || (d.seconds < 0n && nanos > 0)) {
    throw invalidArgument(field, "seconds and nanos must have the same sign");
  }
  if (d.seconds < 0n || nanos < 0) throw invalidArgument(field, "must not be negative");
  const maxSeconds = BigInt(MAX_DURATION_MS / 1000);
  if (d.seconds > maxSeconds || (d.seconds === maxSeconds && nanos > 0)) {
    throw invalidArgument(field, `must be at most 7 days (604800s), got ${d.seconds}s`);
  }
  return Number(d.seconds) * 1000 + Math.floor(nanos / 1_000_000);
}

function methodFromProto(m: PbDeploymentMethod, field: string): DeploymentMethod | undefined {
  switch (m) {
    case PbDeploymentMethod.UNSPECIFIED:
      return undefined;
    case PbDeploymentMethod.REPLACE_THEN_TERMINATE:
      return "ReplaceThenTerminate";
    case PbDeploymentMethod.TERMINATE_THEN_REPLACE:
      return "TerminateThenReplace";
    default:
      throw invalidArgument(field, `unknown deployment method ${m}; use REPLACE_THEN_TERMINATE or TERMINATE_THEN_REPLACE`);
  }
}

function limitsFromProto(c: PbDeploymentConfiguration | undefined, field: string) {
  return {
    minHealthyPercent: validatePercent(c?.minHealthyPercent, `${field}.min_healthy_percent`),
    maxOverPercent: validatePercent(c?.maxOverPercent, `${field}.max_over_percent`),
  };
}

/** Canary steps: 1..20 of them, percents 1..100 increasing, a bake or a pause (not both). */
export function canaryFromProto(c: PbCanaryPolicy, field: string): CanarySettings {
  const instancesQuery = validateQuery(c.instances, `${field}.instances`);
  if (c.steps.length === 0) throw invalidArgument(`${field}.steps`, "needs at least one step (e.g. { percent: 25, pause: true })");
  if (c.steps.length > MAX_CANARY_STEPS) {
    throw invalidArgument(`${field}.steps`, `must have at most ${MAX_CANARY_STEPS} steps, got ${c.steps.length}`);
  }
  let previous = 0;
  const steps = c.steps.map((step, k) => {
    const at = `${field}.steps[${k}]`;
    if (!Number.isInteger(step.percent) || step.percent < 1 || step.percent > 100) {
      throw invalidArgument(`${at}.percent`, `must be between 1 and 100, got ${step.percent}`);
    }
    if (step.percent <= previous) {
      throw invalidArgument(`${at}.percent`, `must be greater than the previous step's ${previous}, got ${step.percent}`);
    }
    previous = step.percent;
    const bakeMs = validateDuration(step.bake, `${at}.bake`, 0);
    if (step.pause && bakeMs > 0) {
      throw invalidArgument(`${at}.bake`, "a step either bakes or pauses for a promote, not both; drop bake or pause");
    }
    return { percent: step.percent, bakeMs, pause: step.pause };
  });
  return { instancesQuery, steps };
}

/** The deployment section, every default filled in. `field` is its request path. */
export function deploymentFromProto(p: PbDeploymentPolicy | undefined, field: string): DeploymentSettings {
  const type = p?.type ?? PbDeploymentType.UNSPECIFIED;
  if (type === PbDeploymentType.SERVICE) {
    throw unimplemented(`${field}.type: Service deployments are not in V1; use DAEMON`);
  }
  if (type !== PbDeploymentType.UNSPECIFIED && type !== PbDeploymentType.DAEMON) {
    throw invalidArgument(`${field}.type`, `unknown deployment type ${type}; use DAEMON`);
  }
  const method = methodFromProto(p?.method ?? PbDeploymentMethod.UNSPECIFIED, `${field}.method`) ?? "ReplaceThenTerminate";
  const limits = limitsFromProto(p?.configuration, `${field}.configuration`);
  const settings: DeploymentSettings = {
    type: "Daemon",
    method,
    limits: {
      minHealthyPercent: limits.minHealthyPercent ?? defaultMinHealthyPercent(method),
      maxOverPercent: limits.maxOverPercent ?? DEFAULT_MAX_OVER_PERCENT,
    },
    stuckTimeoutMs: validateDuration(p?.stuckTimeout, `${field}.stuck_timeout`, DEFAULT_STUCK_TIMEOUT_MS),
    failingTimeoutMs: validateDuration(p?.failingTimeout, `${field}.failing_timeout`, DEFAULT_FAILING_TIMEOUT_MS),
    missingTaskTimeoutMs: validateDuration(
      p?.missingTaskTimeout,
      `${field}.missing_task_timeout`,
      DEFAULT_MISSING_TASK_TIMEOUT_MS,
    ),
    soakTimeMs: validateDuration(p?.soakTime, `${field}.soak_time`, 0),
  };
  if (p?.maxInstancesWithoutTask !== undefined) settings.maxInstancesWithoutTask = p.maxInstancesWithoutTask;
  if (p?.canary) settings.canary = canaryFromProto(p.canary, `${field}.canary`);
  const rb = p?.rollbackConfiguration;
  if (rb) {
    const rbField = `${field}.rollback_configuration`;
    const rbMethod = methodFromProto(rb.method, `${rbField}.method`);
    const rbLimits = limitsFromProto(rb.configuration, `${rbField}.configuration`);
    const rollback: NonNullable<DeploymentSettings["rollback"]> = {};
    if (rbMethod !== undefined) rollback.method = rbMethod;
    if (rbLimits.minHealthyPercent !== undefined) rollback.minHealthyPercent = rbLimits.minHealthyPercent;
    if (rbLimits.maxOverPercent !== undefined) rollback.maxOverPercent = rbLimits.maxOverPercent;
    settings.rollback = rollback;
  }
  return settings;
}

/** CreateEnvironment's spec → a domain spec with defaults. `field` is "spec". */
export function specFromProto(spec: PbEnvironmentSpec | undefined, field = "spec"): EnvironmentSpec {
  if (!spec) throw invalidArgument(field, "is required");
  return {
    name: validateEnvironmentName(spec.name, `${field}.name`),
    taskDefinition: validateTaskDefinition(spec.taskDefinition, `${field}.task_definition`),
    cluster: validateCluster(spec.cluster, `${field}.cluster`),
    instanceGroupQuery: validateQuery(spec.instanceGroup?.query ?? "", `${field}.instance_group.query`),
    deployment: deploymentFromProto(spec.deployment, `${field}.deployment`),
  };
}

/**
 * Validates an UpdateEnvironment request (except base_revision against the
 * store) and returns the change to apply to the latest spec. Fields follow
 * the request's own names.
 */
export function updateFromProto(req: UpdateEnvironmentRequest): {
  name: string;
  baseRevision: number;
  change: (latest: EnvironmentSpec) => EnvironmentSpec;
} {
  const name = validateEnvironmentName(req.environmentName, "environment_name");
  if (req.baseRevision === 0n) {
    throw invalidArgument("base_revision", "base_revision is required (the latest revision you read)");
  }
  if (req.baseRevision > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw invalidArgument("base_revision", `${req.baseRevision} is out of range`);
  }
  if (req.taskDefinition === undefined && req.instanceGroupQuery === undefined && req.deployment === undefined) {
    throw invalidArgument(
      "task_definition",
      "nothing to change: set task_definition, instance_group_query or deployment",
    );
  }
  const taskDefinition =
    req.taskDefinition !== undefined ? validateTaskDefinition(req.taskDefinition, "task_definition") : undefined;
  const query =
    req.instanceGroupQuery !== undefined ? validateQuery(req.instanceGroupQuery, "instance_group_query") : undefined;
  const deployment = req.deployment !== undefined ? deploymentFromProto(req.deployment, "deployment") : undefined;
  return {
    name,
    baseRevision: Number(req.baseRevision),
    change: (latest) => ({
      ...latest,
      taskDefinition: taskDefinition ?? latest.taskDefinition,
      instanceGroupQuery: query ?? latest.instanceGroupQuery,
      deployment: deployment ?? latest.deployment,
    }),
  };
}

/** page_size: 0 → 100; more than 1000 is an error rather than a silent clamp. */
export function validatePageSize(pageSize: number, field = "page_size"): number {
  if (pageSize === 0) return DEFAULT_PAGE_SIZE;
  if (pageSize > MAX_PAGE_SIZE) throw invalidArgument(field, `must be at most ${MAX_PAGE_SIZE}, got ${pageSize}`);
  return pageSize;
}

/** page_token: opaque, but bounded so garbage cannot reach the store unchecked. */
export function validatePageToken(token: string, field = "page_token"): string {
  if (token.length > 1024) throw invalidArgument(field, `must be at most 1024 characters, got ${token.length}`);
  return token;
}

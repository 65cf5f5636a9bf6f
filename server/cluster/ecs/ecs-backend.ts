// The ClusterBackend that drives real Amazon ECS through @aws-sdk/client-ecs v3.
// Every call goes through one path: per-cluster token bucket → ECS → on a
// throttle or 5xx, full-jitter backoff (bounded) → otherwise a ClusterError.

import {
  DescribeContainerInstancesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListContainerInstancesCommand,
  ListTasksCommand,
  StartTaskCommand,
  StopTaskCommand,
  type DesiredStatus,
  type Task as EcsTask,
} from "@aws-sdk/client-ecs";
import { ClusterError, type ClusterBackend, type StartTasksRequest, type StartTasksResult } from "../backend.js";
import { TAG_ENVIRONMENT_ID, type ClusterTask, type ContainerInstance } from "../../domain/cluster.js";
import type { Clock } from "../../clock.js";
import { invalidArgument } from "../../errors.js";
import { backoffDelay, classifyEcsError } from "./errors.js";
import { tagsToRecord, toClusterTask, toContainerInstance } from "./mapping.js";
import { clampStopReason, startedByFor, validateStartedBy } from "../../domain/task-naming.js";
import { toEcsTags } from "./tags.js";
import { TAG_ACTOR, encodeActorTag, stopReasonWithActor } from "./actor-label.js";
import { createTokenBucket, type TokenBucket } from "./token-bucket.js";
import type { Logger } from "../../observability/logger.js";
import type { BloxMetrics } from "../../observability/metrics.js";
import { inSpan } from "../../observability/tracing.js";
import { SpanKind } from "@opentelemetry/api";
import { isMatchAll } from "../../query/ast.js";
import { toEcsExpression } from "../../query/format.js";
import { parseQuery, QuerySyntaxError } from "../../query/parse.js";

/** ECS API limits the backend batches by. */
export const START_TASK_BATCH = 10;
export const DESCRIBE_BATCH = 100;
export const LIST_PAGE_SIZE = 100;

export interface EcsBackendOptions {
  /**
   * A ready client. Build it with `maxAttempts: 1`: the backend does its own
   * retries, and the SDK's would multiply them (SDK attempts × ours).
   * Default: a client from the standard credential and region chain, with
   * `maxAttempts: 1` (AWS_ENDPOINT_URL_ECS is honoured by the SDK).
   */
  client?: ECSClient;
  /** Region for the default client; else the SDK chain (AWS_REGION, profile, IMDS). */
  region?: string;
  /** Endpoint override for the default client, e.g. http://127.0.0.1:4566 (the local ECS endpoint). */
  endpoint?: string;
  /** Sustained ECS calls per second, per cluster. Default 20. */
  rateLimitPerSecond?: number;
  /** Calls allowed at once before the rate applies, per cluster. Default = 2 × rate. */
  burst?: number;
  /**
   * Per-attempt HTTP timeout of the default client, ms (the SDK's own default
   * would let a black-holed connection hang a reconcile pass for 15 minutes).
   * A timed-out attempt is retried like a 5xx. Default 30 000.
   */
  requestTimeoutMs?: number;
  /** Attempts per call including the first (throttles, 5xx, network errors). Default 6. */
  maxAttempts?: number;
  /** Backoff cap for the first retry, ms. Default 200. */
  baseDelayMs?: number;
  /** Largest backoff cap, ms. Default 10 000. */
  maxDelayMs?: number;
  /**
   * Time source for the rate limit, backoff and healthySince. Default: the
   * system clock. With a fake clock, rate-limit and backoff waits only end
   * when the test advances it (raise rateLimitPerSecond to avoid waits).
   */
  clock?: Clock;
  /** Waits `ms`. Default: a timer on `clock`. Tests inject a recorder. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform [0,1) source for jitter. Default Math.random. */
  random?: () => number;
  logger?: Logger;
  /** ECS calls by action and outcome, throttles and retries (when metrics are on). */
  metrics?: BloxMetrics;
}

export interface EcsBackend extends ClusterBackend {
  /**
   * Instances (ACTIVE and DRAINING); `filterExpression`, a cluster query, is
   * passed to ECS as ListContainerInstances's `filter`, in ECS's own syntax.
   */
  listInstances(cluster: string, filterExpression?: string): Promise<ContainerInstance[]>;
  /** ECS HTTP calls made per action (every attempt counts), since creation or the last reset. */
  callCounts(): Record<string, number>;
  /** Attempts that were throttled or failed transiently and were retried, per action. */
  retryCounts(): Record<string, number>;
  resetCallCounts(): void;
  /**
   * A view whose StartTask calls carry the tag blox:actor (the label, encoded
   * by encodeActorTag) and whose StopTask reasons end with " [actor LABEL]",
   * so actions are attributable to a replica and lease epoch (the scheduler
   * passes `<replica>#<epoch>`).
   */
  withActor(label: string): ClusterBackend;
  close(): Promise<void>;
}

/**
 * A cluster query in ECS's own syntax for ListContainerInstances's `filter`
 * (the doc's `in (a, b)` lists become `in [a, b]`); undefined for the
 * match-everything query. A query that does not parse is a ClusterError
 * ("Other") naming the position, as ECS's rejection of it would be.
 */
function ecsFilter(expression: string | undefined): string | undefined {
  if (expression === undefined) return undefined;
  let ast;
  try {
    ast = parseQuery(expression);
  } catch (err) {
    // Like ECS's own InvalidParameterException for it, only without the round trip.
    if (err instanceof QuerySyntaxError) throw new ClusterError(`ECS ListContainerInstances: invalid filter: ${err.message}`, "Other");
    throw err;
  }
  return isMatchAll(ast) ? undefined : toEcsExpression(ast);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Healthy as the scheduler counts it (healthStatus undefined: the task reports no health). */
function healthyNow(t: ClusterTask): boolean {
  return t.lastStatus === "RUNNING" && t.desiredStatus === "RUNNING" && (t.healthStatus === undefined || t.healthStatus === "HEALTHY");
}

interface Observed {
  healthySince?: number;
}

export function createEcsBackend(options: EcsBackendOptions = {}): EcsBackend {
  const ownsClient = !options.client;
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const client =
    options.client ??
    new ECSClient({
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      maxAttempts: 1,
      requestHandler: { requestTimeout, connectionTimeout: Math.min(requestTimeout, 10_000), throwOnRequestTimeout: true },
    });
  const clock = options.clock;
  const now = clock ? () => clock.now() : () => Date.now();
  const sleep =
    options.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        if (clock) clock.setTimer(ms, resolve);
        else setTimeout(resolve, ms).unref?.();
      }));
  const rate = options.rateLimitPerSecond ?? 20;
  const burst = options.burst ?? rate * 2;
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 6));
  const backoff = {
    baseDelayMs: options.baseDelayMs ?? 200,
    maxDelayMs: options.maxDelayMs ?? 10_000,
    random: options.random ?? Math.random,
  };
  const logger = options.logger;
  const metrics = options.metrics;

  const buckets = new Map<string, TokenBucket>();
  let counts: Record<string, number> = {};
  let retries: Record<string, number> = {};
  // Per environment: what was seen of each task, to date healthySince, and
  // STOPPED tasks already described (they no longer change: no re-describe).
  const observed = new Map<string, Map<string, Observed>>();
  const stoppedCache = new Map<string, Map<string, ClusterTask>>();

  // Task definition ARN → whether an essential container has a health check.
  // Definitions are immutable, so each is described at most once.
  const healthChecked = new Map<string, Promise<boolean>>();

  function reportsHealth(cluster: string, taskDefinitionArn: string): Promise<boolean> {
    let p = healthChecked.get(taskDefinitionArn);
    if (!p) {
      p = call(cluster, "DescribeTaskDefinition", () =>
        client.send(new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn })),
      ).then((res) =>
        (res?.taskDefinition?.containerDefinitions ?? []).some((c) => c.essential !== false && c.healthCheck !== undefined),
      );
      healthChecked.set(taskDefinitionArn, p);
      p.catch(() => healthChecked.delete(taskDefinitionArn));
    }
    return p;
  }

  /**
   * ECS reports UNKNOWN both for tasks without a health check and for checks
   * still warming up; the planner needs them apart (undefined = no check).
   */
  async function toTask(cluster: string, raw: EcsTask, fallbackTags?: Record<string, string>): Promise<ClusterTask | undefined> {
    const task = toClusterTask(raw, fallbackTags);
    if (!task) return undefined;
    if ((task.healthStatus === "UNKNOWN" || task.healthStatus === undefined) && raw.taskDefinitionArn) {
      if (!(await reportsHealth(cluster, raw.taskDefinitionArn))) delete task.healthStatus;
      else task.healthStatus = "UNKNOWN";
    }
    return task;
  }

  function bucketFor(cluster: string): TokenBucket {
    let b = buckets.get(cluster);
    if (!b) {
      b = createTokenBucket({ ratePerSecond: rate, burst, now, sleep });
      buckets.set(cluster, b);
    }
    return b;
  }

  /** One ECS action with rate limit, bounded retries and error classification; one client span. */
  function call<T>(cluster: string, action: string, send: () => Promise<T>): Promise<T> {
    const attributes = { "rpc.system": "aws-api", "rpc.service": "ECS", "rpc.method": action, "blox.cluster": cluster };
    return inSpan(`ECS ${action}`, { kind: SpanKind.CLIENT, attributes }, (span) => attempts(cluster, action, send, (n) => span.setAttribute("blox.ecs.attempts", n)));
  }

  async function attempts<T>(cluster: string, action: string, send: () => Promise<T>, attempted: (n: number) => void): Promise<T> {
    const bucket = bucketFor(cluster);
    for (let attempt = 0; ; attempt++) {
      await bucket.take();
      counts[action] = (counts[action] ?? 0) + 1;
      attempted(attempt + 1);
      try {
        const out = await send();
        metrics?.ecsCalls.add(1, { action, outcome: "ok" });
        return out;
      } catch (err) {
        const c = classifyEcsError(err, action, cluster);
        if (metrics) {
          metrics.ecsCalls.add(1, { action, outcome: !c.retry ? "error" : c.throttled ? "throttled" : "retryable" });
          if (c.retry && c.throttled) metrics.ecsThrottles.add(1, { action });
        }
        if (!c.retry) throw c.error;
        if (attempt + 1 >= maxAttempts) {
          logger?.warn("ECS call still failing after retries", { action, cluster, attempts: attempt + 1, reason: c.reason });
          throw new ClusterError(`ECS ${action}: unavailable after ${attempt + 1} attempts (${c.reason})`, "Unavailable");
        }
        retries[action] = (retries[action] ?? 0) + 1;
        metrics?.ecsRetries.add(1, { action });
        // Everyone calling this cluster waits a refill, not only this caller.
        bucket.drain();
        const delay = backoffDelay(attempt, backoff);
        logger?.debug("ECS call retried", { action, cluster, attempt: attempt + 1, delayMs: delay, reason: c.reason });
        await sleep(delay);
      }
    }
  }

  async function listAll(
    cluster: string,
    action: string,
    page: (nextToken: string | undefined) => Promise<{ arns: string[]; nextToken?: string }>,
  ): Promise<string[]> {
    const all: string[] = [];
    let token: string | undefined;
    const seenTokens = new Set<string>();
    do {
      const res = await call(cluster, action, () => page(token));
      all.push(...res.arns);
      token = res.nextToken || undefined;
      // A repeating token would loop forever; ECS never does this, a broken proxy might.
      if (token !== undefined) {
        if (seenTokens.has(token)) throw new ClusterError(`ECS ${action}: nextToken repeated`, "Other");
        seenTokens.add(token);
      }
    } while (token !== undefined);
    return all;
  }

  async function describeTasks(cluster: string, arns: string[]): Promise<EcsTask[]> {
    const out: EcsTask[] = [];
    for (const batch of chunk(arns, DESCRIBE_BATCH)) {
      const res = await call(cluster, "DescribeTasks", () =>
        client.send(new DescribeTasksCommand({ cluster, tasks: batch, include: ["TAGS"] })),
      );
      out.push(...(res.tasks ?? []));
    }
    return out;
  }

  // Concurrent identical observations (several environments on one cluster
  // reconciling at once) share one set of ECS calls instead of repeating them.
  const inFlight = new Map<string, Promise<unknown>>();
  function singleFlight<T>(key: string, run: () => Promise<T>): Promise<T> {
    const existing = inFlight.get(key) as Promise<T> | undefined;
    if (existing) return existing;
    const p = run().finally(() => inFlight.delete(key));
    inFlight.set(key, p);
    return p;
  }

  async function listInstancesNow(cluster: string, filterExpression: string | undefined): Promise<ContainerInstance[]> {
    // No status filter: ECS then returns every state but INACTIVE, so
    // ACTIVE and DRAINING come in one listing instead of two.
    const arns = await listAll(cluster, "ListContainerInstances", async (nextToken) => {
      const res = await client.send(
        new ListContainerInstancesCommand({
          cluster,
          maxResults: LIST_PAGE_SIZE,
          ...(nextToken ? { nextToken } : {}),
          ...(filterExpression ? { filter: filterExpression } : {}),
        }),
      );
      return { arns: res.containerInstanceArns ?? [], nextToken: res.nextToken };
    });
    const instances: ContainerInstance[] = [];
    // An instance listed twice (pages shifting under a changing cluster) would be counted twice.
    for (const batch of chunk([...new Set(arns)], DESCRIBE_BATCH)) {
      const res = await call(cluster, "DescribeContainerInstances", () =>
        client.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: batch })),
      );
      for (const ci of res.containerInstances ?? []) {
        const mapped = toContainerInstance(ci);
        if (mapped && (mapped.status === "ACTIVE" || mapped.status === "DRAINING")) instances.push(mapped);
      }
    }
    return instances;
  }

  async function listTasksNow(cluster: string, environmentId: string): Promise<ClusterTask[]> {
    const startedBy = startedByFor(environmentId);
    const arns = new Set<string>();
    // ListTasks defaults to desiredStatus RUNNING; STOPPED tasks (kept by
    // ECS for about an hour) explain failures, so list both.
    for (const desiredStatus of ["RUNNING", "STOPPED"] as DesiredStatus[]) {
      const found = await listAll(cluster, "ListTasks", async (nextToken) => {
        const res = await client.send(
          new ListTasksCommand({ cluster, startedBy, desiredStatus, maxResults: LIST_PAGE_SIZE, ...(nextToken ? { nextToken } : {}) }),
        );
        return { arns: res.taskArns ?? [], nextToken: res.nextToken };
      });
      for (const a of found) arns.add(a);
    }

    const stopped = stoppedCache.get(environmentId) ?? new Map<string, ClusterTask>();
    const toDescribe = [...arns].filter((a) => !stopped.has(a));
    const described = await describeTasks(cluster, toDescribe);

    const prev = observed.get(environmentId) ?? new Map<string, Observed>();
    const nextObserved = new Map<string, Observed>();
    const nextStopped = new Map<string, ClusterTask>();
    const t = now();
    const result: ClusterTask[] = [];
    for (const raw of described) {
      // Ownership is the tag alone: a startedBy hash collision or a foreign
      // task reusing the token is ignored, before its task definition is
      // looked at (one Blox may not be able to read must not fail the listing).
      if (tagsToRecord(raw.tags)[TAG_ENVIRONMENT_ID] !== environmentId) continue;
      const task = await toTask(cluster, raw);
      if (!task) continue;
      const before = prev.get(task.arn);
      const o: Observed = {};
      if (healthyNow(task)) {
        // Seen unhealthy before → healthy from now; first sight (including
        // after a restart) → since it started, so a restart keeps the soak.
        o.healthySince = before ? (before.healthySince ?? t) : (task.startedAt ?? t);
        task.healthySince = o.healthySince;
      }
      nextObserved.set(task.arn, o);
      if (task.lastStatus === "STOPPED") nextStopped.set(task.arn, task);
      result.push(task);
    }
    for (const arn of arns) {
      const cached = stopped.get(arn);
      if (cached) {
        nextStopped.set(arn, cached);
        result.push({ ...cached, tags: { ...cached.tags } });
      }
    }
    observed.set(environmentId, nextObserved);
    stoppedCache.set(environmentId, nextStopped);
    return result;
  }

  function requireCluster(cluster: string): void {
    if (!cluster) throw invalidArgument("cluster", "must not be empty");
  }

  const api = {
    async listInstances(cluster, filterExpression) {
      requireCluster(cluster);
      const filter = ecsFilter(filterExpression);
      const shared = await singleFlight(JSON.stringify(["instances", cluster, filter ?? ""]), () => listInstancesNow(cluster, filter));
      return shared.map((i) => ({ ...i, attributes: { ...i.attributes } }));
    },

    async listTasks(cluster, environmentId) {
      requireCluster(cluster);
      const shared = await singleFlight(JSON.stringify(["tasks", cluster, environmentId]), () => listTasksNow(cluster, environmentId));
      return shared.map((t) => ({ ...t, tags: { ...t.tags } }));
    },

    async startTasks(request: StartTasksRequest, actor?: string): Promise<StartTasksResult> {
      requireCluster(request.cluster);
      if (!request.taskDefinition) throw invalidArgument("taskDefinition", "must not be empty");
      validateStartedBy(request.startedBy);
      const tags = toEcsTags(actor === undefined ? request.tags : { ...request.tags, [TAG_ACTOR]: encodeActorTag(actor) });
      const result: StartTasksResult = { started: [], failures: [] };
      const batches = chunk(request.containerInstanceArns, START_TASK_BATCH);
      for (let i = 0; i < batches.length; i++) {
        const batch = batches[i]!;
        let res;
        try {
          res = await call(request.cluster, "StartTask", () =>
            client.send(
              new StartTaskCommand({
                cluster: request.cluster,
                taskDefinition: request.taskDefinition,
                containerInstances: batch,
                group: request.group || undefined,
                startedBy: request.startedBy,
                tags,
                propagateTags: "NONE",
              }),
            ),
          );
        } catch (err) {
          // Nothing started yet: the caller sees the condition itself.
          if (result.started.length === 0 || !(err instanceof ClusterError)) throw err;
          // Some tasks already run (and are tagged, so they will be observed):
          // report the rest as failed instead of losing what was started.
          for (const rest of batches.slice(i).flat()) {
            result.failures.push({ containerInstanceArn: rest, reason: `${err.kind}: ${err.message}` });
          }
          break;
        }
        for (const t of res.tasks ?? []) {
          // Just started, so PENDING: health does not matter yet, no lookup.
          const task = toClusterTask(t, request.tags);
          if (task) result.started.push(task);
        }
        for (const f of res.failures ?? []) {
          result.failures.push({
            containerInstanceArn: f.arn ?? "",
            reason: [f.reason, f.detail].filter(Boolean).join(": ") || "unknown failure",
          });
        }
      }
      return result;
    },

    async stopTask(cluster: string, taskArn: string, reason: string, actor?: string): Promise<void> {
      requireCluster(cluster);
      if (!taskArn) throw invalidArgument("taskArn", "must not be empty");
      try {
        await call(cluster, "StopTask", () =>
          client.send(new StopTaskCommand({ cluster, task: taskArn, reason: clampStopReason(actor === undefined ? reason : stopReasonWithActor(reason, actor)) })),
        );
      } catch (err) {
        // Stopping a task ECS no longer knows is done already (idempotent stop).
        if (err instanceof ClusterError && err.kind === "Other" && /InvalidParameterException: .*task.*not found/i.test(err.message)) return;
        throw err;
      }
    },

    callCounts() {
      return { ...counts };
    },
    retryCounts() {
      return { ...retries };
    },
    resetCallCounts() {
      counts = {};
      retries = {};
    },
    async close() {
      if (ownsClient) client.destroy();
    },
    withActor(label: string): ClusterBackend {
      return {
        listInstances: (cluster) => api.listInstances(cluster, undefined),
        listTasks: (cluster, environmentId) => api.listTasks(cluster, environmentId),
        startTasks: (request) => api.startTasks(request, label),
        stopTask: (cluster, taskArn, reason) => api.stopTask(cluster, taskArn, reason, label),
      };
    },
  } satisfies EcsBackend;
  return api;
}

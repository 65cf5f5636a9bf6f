// blox.v1.EnvironmentService: validates requests, records intent in the store,
// and pokes the scheduler. It never touches the cluster; the reconciler turns
// the intent (target revision, frozen, lifecycle) into actions and status.

import type { HandlerContext, ServiceImpl } from "@connectrpc/connect";
import { EnvironmentService } from "../../gen/blox/v1/environment_pb.js";
import type { Clock } from "../clock.js";
import { DEFAULT_DELETED_RETENTION_MS } from "../domain/environment.js";
import { endDeployment } from "../domain/deployment-state.js";
import type { DeploymentRecord, EnvironmentRecord } from "../domain/environment.js";
import { Code, ConnectError, failedPrecondition, notFound, unavailable } from "../errors.js";
import type { Scheduler } from "../reconciler/scheduler.js";
import type { StatusReader } from "../status/status-reader.js";
import type { BloxStore, EnvironmentPatch } from "../store/store.js";
import type { WatchHub } from "../watch/hub-types.js";
import { ANONYMOUS } from "../auth/access-control.js";
import { actorOf, callerOf, type CallGuard } from "../auth/call-guard.js";
import { encodePageToken } from "../store/paging.js";
import { mergeSignals } from "../abort.js";
import {
  deploymentToProto,
  environmentToProto,
  eventToProto,
  revisionToProto,
  statusToProto,
  watchMessageToProto,
} from "./convert.js";
import { insertDeploymentWithUniqueId } from "./deployment-id.js";
import { CANARY_STEP_TIMER } from "../planner/canary.js";
import {
  specFromProto,
  updateFromProto,
  validateEnvironmentName,
  validatePageSize,
  validatePageToken,
  validateRevisionNumber,
} from "./validation.js";

export interface EnvironmentServiceOptions {
  store: BloxStore;
  scheduler: Scheduler;
  /** Where describe and the watch's instance views read status from. */
  status: StatusReader;
  watchHub: WatchHub;
  clock: Clock;
  /** How long a Deleted environment stays visible before it is purged. Default 24 h. */
  deletedRetentionMs?: number;
  /** Attempts of a compare-and-set on the environment record before giving up with ABORTED. Default 5. */
  casAttempts?: number;
  /**
   * The call guard the transport admitted calls with: lists show only what the
   * caller may see, watches end when its access goes. Without it every caller sees everything.
   */
  guard?: CallGuard;
}

/** Store page size while filtering ListEnvironments by the caller's scope. */
const FILTERED_READ_SIZE = 500;

const isAborted = (err: unknown) => err instanceof ConnectError && err.code === Code.Aborted;

/** The message every RPC uses for an unknown environment. */
export function environmentNotFound(name: string): ConnectError {
  return notFound(`environment ${JSON.stringify(name)} not found`);
}

/** Creates the EnvironmentService implementation for `router.service(EnvironmentService, impl)`. */
export function createEnvironmentService(options: EnvironmentServiceOptions): ServiceImpl<typeof EnvironmentService> {
  const { store, scheduler, status: statusReader, watchHub, clock } = options;
  const retentionMs = options.deletedRetentionMs ?? DEFAULT_DELETED_RETENTION_MS;
  const casAttempts = options.casAttempts ?? 5;

  async function requireEnvironment(name: string): Promise<EnvironmentRecord> {
    const env = await store.getEnvironment(name);
    if (!env) throw environmentNotFound(name);
    return env;
  }

  function requireLive(env: EnvironmentRecord, action: string): void {
    if (env.lifecycle !== "live") {
      throw failedPrecondition(`cannot ${action} environment ${JSON.stringify(env.name)}: it is ${env.lifecycle}`);
    }
  }

  /**
   * Compare-and-set on the environment record. `decide` sees the current
   * record and returns the patch, or undefined when nothing needs to change
   * (idempotent calls). Lost races re-read and decide again.
   */
  async function casEnvironment(
    name: string,
    decide: (env: EnvironmentRecord) => EnvironmentPatch | undefined,
  ): Promise<{ before: EnvironmentRecord; after: EnvironmentRecord; changed: boolean }> {
    for (let attempt = 1; ; attempt++) {
      const before = await requireEnvironment(name);
      const patch = decide(before);
      if (!patch) return { before, after: before, changed: false };
      try {
        const after = await store.updateEnvironmentRecord(name, before.version, patch, clock.now());
        return { before, after, changed: true };
      } catch (err) {
        if (!isAborted(err) || attempt >= casAttempts) throw err;
      }
    }
  }

  /** A list request's environment (which must exist) and page, checked. */
  async function environmentPage(req: { environmentName: string; pageSize: number; pageToken: string }) {
    const name = validateEnvironmentName(req.environmentName, "environment_name");
    const pageSize = validatePageSize(req.pageSize);
    const pageToken = validatePageToken(req.pageToken);
    await requireEnvironment(name);
    return { name, pageSize, pageToken };
  }

  /** The deploy rules, checked against a fresh record. Returns the existing id when the deploy is a repeat. */
  function checkDeploy(env: EnvironmentRecord, revision: number, rollback: boolean): { repeatOf?: string } {
    requireLive(env, "deploy");
    const name = JSON.stringify(env.name);
    if (revision > env.latestRevision) {
      throw notFound(`revision ${revision} of ${name} does not exist; latest is ${env.latestRevision}`);
    }
    const target = env.targetRevision;
    // Asking again for what is already the target is a retry, not a new deployment.
    if (revision === target && env.currentDeploymentId && (!rollback || env.targetIsRollback)) {
      return { repeatOf: env.currentDeploymentId };
    }
    if (!rollback && revision < target) {
      throw failedPrecondition(
        `revision ${revision} of ${name} is older than the target revision ${target}; ` +
          `to roll back, deploy it with --rollback (rollback=true)`,
      );
    }
    if (rollback) {
      if (target === 0) throw failedPrecondition(`${name} has no deployed revision to roll back from`);
      if (revision >= target) {
        throw failedPrecondition(
          `rollback needs a revision older than the target revision ${target} of ${name}, got ${revision}; ` +
            `deploy newer revisions without --rollback`,
        );
      }
    }
    return {};
  }

  return {
    async createEnvironment(req, ctx) {
      const spec = specFromProto(req.spec, "spec");
      const actor = actorOf(ctx, { name: spec.name, task_definition: spec.taskDefinition });
      const { revision } = await store.createEnvironment(spec, clock.now(), actor);
      scheduler.poke(spec.name);
      return { environmentRevision: BigInt(revision.revision) };
    },

    async updateEnvironment(req, ctx) {
      const { name, baseRevision, change } = updateFromProto(req);
      const fields: Record<string, string> = { environment_name: name, base_revision: String(baseRevision) };
      if (req.taskDefinition !== undefined) fields.task_definition = req.taskDefinition;
      if (req.instanceGroupQuery !== undefined) fields.instance_group_query = req.instanceGroupQuery;
      if (req.deployment) fields.deployment = "replaced";
      await requireEnvironment(name);
      const revision = await store.updateEnvironment(name, baseRevision, change, clock.now(), actorOf(ctx, fields));
      // The store returns the base itself when the change changed nothing.
      const unchanged = revision.revision === baseRevision;
      if (!unchanged) scheduler.poke(name);
      return { environmentRevision: BigInt(revision.revision), unchanged };
    },

    async deployEnvironment(req, ctx) {
      const name = validateEnvironmentName(req.environmentName, "environment_name");
      const revision = validateRevisionNumber(req.revision, "revision", true);
      const rollback = req.rollback;
      const actor = actorOf(ctx, { environment_name: name, revision: String(revision), rollback: String(rollback) });
      for (let attempt = 1; ; attempt++) {
        let env = await requireEnvironment(name);
        const { repeatOf } = checkDeploy(env, revision, rollback);
        if (repeatOf) return { deploymentId: repeatOf };
        const now = clock.now();
        const deployment: DeploymentRecord = await insertDeploymentWithUniqueId(store, {
          environmentName: name,
          revision,
          fromRevision: env.targetRevision,
          rollback,
          state: "in_progress",
          startedAt: now,
          startedBy: actor,
        });
        // CAS the target. A race that did not move the target (freeze, thaw,
        // a status write) is retried with the same deployment; one that did
        // makes this deployment lose to the other and the whole deploy re-run.
        for (let cas = 1; ; cas++) {
          try {
            await store.updateEnvironmentRecord(
              name,
              env.version,
              {
                targetRevision: revision,
                targetIsRollback: rollback,
                currentDeploymentId: deployment.deploymentId,
                audit: { ...env.audit, deployed: actor },
              },
              now,
            );
            await endDeployment(store, env.currentDeploymentId, "target-moved", now);
            scheduler.poke(name);
            return { deploymentId: deployment.deploymentId };
          } catch (err) {
            if (!isAborted(err)) {
              await endDeployment(store, deployment.deploymentId, "deploy-failed", now).catch(() => {});
              throw err;
            }
          }
          const fresh = await store.getEnvironment(name);
          const targetMoved =
            !fresh ||
            fresh.lifecycle !== "live" ||
            fresh.targetRevision !== env.targetRevision ||
            fresh.currentDeploymentId !== env.currentDeploymentId;
          if (!targetMoved) {
            if (cas < casAttempts) {
              env = fresh!;
              continue;
            }
            await endDeployment(store, deployment.deploymentId, "deploy-failed", now);
            throw new ConnectError(`${JSON.stringify(name)} changed concurrently ${cas} times; retry the deploy`, Code.Aborted);
          }
          // Another writer moved the target first: this deployment never became
          // the target. Re-run the deploy against the new state.
          await endDeployment(store, deployment.deploymentId, fresh && fresh.lifecycle === "live" ? "target-moved" : "environment-deleted", now);
          break;
        }
        if (attempt >= casAttempts) {
          throw new ConnectError(`${JSON.stringify(name)} changed concurrently ${attempt} times; retry the deploy`, Code.Aborted);
        }
      }
    },

    async promoteEnvironment(req) {
      const name = validateEnvironmentName(req.environmentName, "environment_name");
      const env = await requireEnvironment(name);
      requireLive(env, "promote");
      const quoted = JSON.stringify(name);
      const id = env.currentDeploymentId;
      if (!id) throw failedPrecondition(`${quoted} has no deployment to promote; deploy a revision with canary steps first`);
      const deployment = await store.getDeployment(id);
      if (!deployment || deployment.state !== "in_progress") {
        throw failedPrecondition(`deployment ${id} of ${quoted} is ${deployment ? deployment.state : "gone"}; nothing to promote`);
      }
      if (env.targetIsRollback) throw failedPrecondition(`deployment ${id} of ${quoted} is a rollback, which has no canary steps`);
      const revision = await store.getRevision(name, env.targetRevision);
      const canary = revision?.spec.deployment.canary;
      if (!canary) {
        throw failedPrecondition(`revision ${env.targetRevision} of ${quoted} has no canary steps (Deployment.Canary); nothing to promote`);
      }
      const steps = canary.steps.length;
      // The step the rollout stands at, as last planned for this deployment.
      // A status of an older deployment (the journal lags the deploy) says
      // nothing yet: the promote then applies to step 1.
      const latest = await store.latestJournal(name);
      const planned = latest?.status.currentDeploymentId === id ? latest.status : undefined;
      if (planned && !planned.revisions.some((r) => r.revision === env.targetRevision && r.canary)) {
        throw failedPrecondition(
          `no canary step holds deployment ${id} of ${quoted} (every step passed, or nothing ran before it to compare with)`,
        );
      }
      const atStep = planned?.timers?.[CANARY_STEP_TIMER] ?? 0;
      if (Math.max(atStep, deployment.promotedSteps ?? 0) >= steps) {
        throw failedPrecondition(`every canary step of deployment ${id} of ${quoted} has passed; nothing to promote`);
      }
      // One past the step the status shows: a retry before the rollout moved raises nothing.
      const after = await store.promoteDeployment(id, req.full ? steps : atStep + 1);
      scheduler.poke(name);
      return { deploymentId: id, promotedSteps: after.promotedSteps ?? 0, steps };
    },

    async describeEnvironmentStatus(req) {
      const name = validateEnvironmentName(req.environmentName, "environment_name");
      await requireEnvironment(name);
      const { status, sequence } = await statusReader.describe(name, { instances: req.instances });
      return {
        status: statusToProto(status, { all: req.all, instances: req.instances }),
        sequence: BigInt(sequence),
      };
    },

    async *watchEnvironmentStatus(req, ctx: HandlerContext) {
      const name = validateEnvironmentName(req.environmentName, "environment_name");
      const afterSequence =
        req.afterSequence !== undefined ? validateRevisionNumber(req.afterSequence, "after_sequence", false) : undefined;
      await requireEnvironment(name);
      const view = { all: req.all, instances: req.instances };
      // A caller whose access goes (principals file changed) loses the stream.
      const revoked = new AbortController();
      const caller = callerOf(ctx);
      const stopWatching = caller && options.guard ? options.guard.watch(caller, name, (e) => revoked.abort(e)) : () => {};
      const signal = mergeSignals(ctx.signal, revoked.signal);
      try {
        for await (const message of watchHub.subscribe(name, { afterSequence, signal })) {
          // Journaled statuses leave the per-instance view out; add it.
          const m = view.instances && message.status?.instances === undefined ? await statusReader.withInstances(name, message) : message;
          yield watchMessageToProto(m, view);
        }
      } catch (err) {
        // A Node AbortError escaping would reach the client as INTERNAL; the
        // signal's reason carries the real cause (cancel, deadline, shutdown, revoked access).
        if (signal.aborted) throw ConnectError.from(signal.reason);
        throw err;
      } finally {
        stopWatching();
      }
      if (signal.aborted) throw ConnectError.from(signal.reason);
      // A watch has no natural end: the hub closing means the server is going away.
      throw unavailable("watch closed because the server is shutting down; reconnect with after_sequence");
    },

    async freezeEnvironment(req, ctx) {
      const name = validateEnvironmentName(req.environmentName, "environment_name");
      const actor = actorOf(ctx, { environment_name: name });
      const { changed } = await casEnvironment(name, (env) => {
        if (env.lifecycle === "deleted") requireLive(env, "freeze");
        return env.frozen ? undefined : { frozen: true, audit: { ...env.audit, frozen: actor } };
      });
      if (changed) scheduler.poke(name);
      return {};
    },

    async thawEnvironment(req, ctx) {
      const name = validateEnvironmentName(req.environmentName, "environment_name");
      const actor = actorOf(ctx, { environment_name: name });
      const { changed } = await casEnvironment(name, (env) => {
        if (env.lifecycle === "deleted") requireLive(env, "thaw");
        return env.frozen ? { frozen: false, audit: { ...env.audit, thawed: actor } } : undefined;
      });
      if (changed) scheduler.poke(name);
      return {};
    },

    async deleteEnvironment(req, ctx) {
      const name = validateEnvironmentName(req.environmentName, "environment_name");
      const actor = actorOf(ctx, { environment_name: name, terminate_tasks: String(req.terminateTasks) });
      const now = clock.now();
      const { before, changed } = await casEnvironment(name, (env) => {
        if (env.lifecycle === "deleted") {
          throw failedPrecondition(`environment ${JSON.stringify(name)} is already deleted`);
        }
        // Already deleting: tasks are being stopped, which covers both kinds of delete.
        if (env.lifecycle === "deleting") return undefined;
        const audit = { ...env.audit, deleted: actor };
        if (req.terminateTasks) return { lifecycle: "deleting", terminateTasks: true, audit };
        return { lifecycle: "deleted", terminateTasks: false, deletedAt: now, purgeAfter: now + retentionMs, audit };
      });
      if (changed) {
        await endDeployment(store, before.currentDeploymentId, "environment-deleted", now);
        scheduler.poke(name);
      }
      return {};
    },

    async listEnvironments(req, ctx) {
      const pageSize = validatePageSize(req.pageSize);
      const pageToken = validatePageToken(req.pageToken);
      const caller = callerOf(ctx);
      const guard = options.guard;
      if (!guard || guard.canSeeAll(caller)) {
        const page = await store.listEnvironments({ pageSize, pageToken, includeDeleted: req.includeDeleted });
        return { environments: page.items.map(environmentToProto), nextPageToken: page.nextPageToken };
      }
      // Only what the caller may see. The next token is made from the last environment
      // shown, never from one skipped, so that it names nothing the caller may not see.
      const visible: EnvironmentRecord[] = [];
      let readToken = pageToken;
      let more = true;
      while (more && visible.length <= pageSize) {
        const page = await store.listEnvironments({ pageSize: FILTERED_READ_SIZE, pageToken: readToken, includeDeleted: req.includeDeleted });
        for (const env of page.items) if (guard.canSee(caller, env.name)) visible.push(env);
        readToken = page.nextPageToken;
        more = readToken !== undefined && readToken !== "";
      }
      const shown = visible.slice(0, pageSize);
      const nextPageToken = (more || visible.length > pageSize) && shown.length > 0 ? encodePageToken("environments", { name: shown.at(-1)!.name }) : "";
      return { environments: shown.map(environmentToProto), nextPageToken };
    },

    whoAmI(_req, ctx) {
      const principal = callerOf(ctx)?.principal ?? ANONYMOUS;
      return {
        principal: principal.name,
        roles: [...principal.roles],
        environments: [...principal.environments],
        authEnabled: options.guard?.authEnabled ?? false,
      };
    },

    async getEnvironmentRevision(req) {
      const name = validateEnvironmentName(req.environmentName, "environment_name");
      const wanted = validateRevisionNumber(req.revision, "revision", false);
      const env = await requireEnvironment(name);
      const number = wanted === 0 ? env.latestRevision : wanted;
      const revision = number <= env.latestRevision ? await store.getRevision(name, number) : undefined;
      if (!revision) {
        throw notFound(`revision ${number} of ${JSON.stringify(name)} does not exist; latest is ${env.latestRevision}`);
      }
      return { revision: revisionToProto(revision), environment: environmentToProto(env) };
    },

    async listEnvironmentRevisions(req) {
      const { name, pageSize, pageToken } = await environmentPage(req);
      const page = await store.listRevisions(name, { pageSize, pageToken });
      return { revisions: page.items.map(revisionToProto), nextPageToken: page.nextPageToken };
    },

    async listDeployments(req) {
      const { name, pageSize, pageToken } = await environmentPage(req);
      const page = await store.listDeployments(name, { pageSize, pageToken });
      return { deployments: page.items.map(deploymentToProto), nextPageToken: page.nextPageToken };
    },

    async listEnvironmentEvents(req) {
      const afterSequence = validateRevisionNumber(req.afterSequence, "after_sequence", false);
      const { name, pageSize, pageToken } = await environmentPage(req);
      const page = await store.listEvents(name, {
        pageSize,
        pageToken,
        afterSequence: afterSequence > 0 ? afterSequence : undefined,
      });
      return { events: page.items.map(eventToProto), nextPageToken: page.nextPageToken };
    },
  };
}

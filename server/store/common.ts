import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { Actor } from "../domain/audit.js";
import type { EnvironmentRecord, EnvironmentSpec, EventDraft, EventRecord, RevisionRecord } from "../domain/environment.js";
import { aborted, alreadyExists, failedPrecondition, invalidArgument, notFound } from "../errors.js";
import type { ConnectError } from "../errors.js";
import { canTransition } from "../domain/deployment-state.js";
import type { DeploymentState } from "../domain/environment.js";
import type { EnvironmentPatch } from "./store.js";

// Record construction and error messages shared by every store, so that the
// implementations behave (and read) the same under the contract suite.

export function newEnvironmentRecord(spec: EnvironmentSpec, now: number, actor?: Actor): EnvironmentRecord {
  const record: EnvironmentRecord = {
    name: spec.name,
    environmentId: randomUUID(),
    cluster: spec.cluster,
    latestRevision: 1,
    targetRevision: 0,
    targetIsRollback: false,
    currentDeploymentId: "",
    frozen: false,
    lifecycle: "live",
    terminateTasks: false,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  if (actor) record.audit = { created: actor };
  return record;
}

/** Revision `revision` of a spec, created now by `actor`. */
export function newRevisionRecord(spec: EnvironmentSpec, revision: number, now: number, actor?: Actor): RevisionRecord {
  const record: RevisionRecord = { environmentName: spec.name, revision, spec, createdAt: now };
  if (actor) record.createdBy = actor;
  return record;
}

const PATCHABLE = new Set<string>([
  "targetRevision",
  "targetIsRollback",
  "currentDeploymentId",
  "frozen",
  "lifecycle",
  "terminateTasks",
  "deletedAt",
  "purgeAfter",
  "audit",
]);

/**
 * The fields of `patch` to set, and the optional ones it clears (present with
 * value undefined). Keys outside EnvironmentPatch (e.g. `version`) are ignored.
 */
export function splitPatch(patch: EnvironmentPatch): { set: EnvironmentPatch; unset: Array<"deletedAt" | "purgeAfter"> } {
  const set: Record<string, unknown> = {};
  const unset: Array<"deletedAt" | "purgeAfter"> = [];
  for (const [k, v] of Object.entries(patch)) {
    if (!PATCHABLE.has(k)) continue;
    if (v === undefined) {
      if (k === "deletedAt" || k === "purgeAfter") unset.push(k);
    } else {
      set[k] = v;
    }
  }
  return { set: set as EnvironmentPatch, unset };
}

export function eventRecords(environmentName: string, sequence: number, drafts: EventDraft[]): EventRecord[] {
  return drafts.map((d, index) => {
    const e: EventRecord = { environmentName, sequence, index, type: d.type, time: d.time, message: d.message };
    if (d.revision !== undefined) e.revision = d.revision;
    if (d.deploymentId !== undefined) e.deploymentId = d.deploymentId;
    if (d.actor !== undefined) e.actor = d.actor;
    return e;
  });
}

export function checkSpecName(name: string, spec: EnvironmentSpec): void {
  if (spec.name !== name) {
    throw invalidArgument("name", `the environment name cannot change (from ${JSON.stringify(name)} to ${JSON.stringify(spec.name)})`);
  }
}

/**
 * True when two specs hold the same values. Key order and undefined optional
 * fields do not count: the stores keep specs as JSON / BSON, which drop both.
 */
export function sameSpec(a: EnvironmentSpec, b: EnvironmentSpec): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}

export const errs = {
  environmentExists(name: string, deleted: boolean): ConnectError {
    return alreadyExists(
      deleted
        ? `environment ${name} already exists (deleted, until it is purged)`
        : `environment ${name} already exists`,
    );
  },
  environmentNotFound(name: string): ConnectError {
    return notFound(`environment ${name} not found`);
  },
  notLive(name: string, lifecycle: string): ConnectError {
    return failedPrecondition(`environment ${name} is ${lifecycle}: it cannot be updated`);
  },
  baseNotFound(name: string, base: number, latest: number): ConnectError {
    return notFound(`base revision ${base} of ${name} does not exist; the latest revision is ${latest}`);
  },
  /** The base is not the latest: a revision that does not exist is not stale (baseNotFound). */
  badBase(name: string, base: number, latest: number): ConnectError {
    return base > latest ? errs.baseNotFound(name, base, latest) : errs.staleBase(name, base, latest);
  },
  staleBase(name: string, base: number, latest: number): ConnectError {
    return aborted(`base revision ${base} is stale: the latest revision of ${name} is ${latest}`);
  },
  versionMismatch(name: string, expected: number, actual: number): ConnectError {
    return aborted(`environment ${name} was changed concurrently: expected version ${expected}, found ${actual}`);
  },
  journalTaken(name: string, sequence: number, latest: number): ConnectError {
    return aborted(`journal sequence ${sequence} of ${name} is not next: the latest sequence is ${latest}`);
  },
  deploymentExists(id: string): ConnectError {
    return alreadyExists(`deployment ${id} already exists`);
  },
  deploymentNotFound(id: string): ConnectError {
    return notFound(`deployment ${id} not found`);
  },
};

/** Refuses, before any write, a deployment transition the state machine does not have. */
export function checkTransition(id: string, from: DeploymentState, to: DeploymentState): void {
  if (!canTransition(from, to)) throw failedPrecondition(`deployment ${id} cannot move from ${from} to ${to}`);
}

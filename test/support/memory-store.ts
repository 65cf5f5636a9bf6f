// A small in-memory BloxStore for API tests, following the BloxStore contract
// (same error codes and messages as the real stores via server/store/common.ts).
// Not a production store: no durability. Writes are synchronous inside each
// async method, so every method is atomic under concurrent calls.

import type {
  DeploymentRecord,
  EnvironmentRecord,
  EventRecord,
  RevisionRecord,
} from "../../server/domain/environment.js";
import { checkSpecName, errs, eventRecords, newEnvironmentRecord, splitPatch } from "../../server/store/common.js";
import { clampPageSize, decodePageToken, encodePageToken } from "../../server/store/paging.js";
import type { BloxStore, JournalEntry, Lease, Page } from "../../server/store/store.js";

const clone = <T>(v: T): T => structuredClone(v);

function page<T, K>(items: T[], pageSize: number, toKey: (item: T) => K, encode: (key: K) => string): Page<T> {
  const size = clampPageSize(pageSize);
  const slice = items.slice(0, size);
  const more = items.length > size;
  return { items: slice.map(clone), nextPageToken: more ? encode(toKey(slice[slice.length - 1]!)) : "" };
}

export interface MemoryStore extends BloxStore {
  /** Test hook: called at the start of updateEnvironmentRecord (e.g. to inject a concurrent write). */
  beforeRecordUpdate?: (name: string) => void | Promise<void>;
}

export function createMemoryStore(): MemoryStore {
  const envs = new Map<string, EnvironmentRecord>();
  const revisions = new Map<string, RevisionRecord[]>();
  const deployments = new Map<string, DeploymentRecord>();
  const journals = new Map<string, JournalEntry[]>();
  const events = new Map<string, EventRecord[]>();
  const leases = new Map<string, Lease>();
  const listeners = new Set<(name: string) => void>();
  const notify = (name: string) => {
    for (const l of [...listeners]) setImmediate(() => l(name));
  };

  const store: MemoryStore = {
    async init() {},
    async close() {},

    async createEnvironment(spec, now) {
      const existing = envs.get(spec.name);
      if (existing) throw errs.environmentExists(spec.name, existing.lifecycle === "deleted");
      const environment = newEnvironmentRecord(spec, now);
      const revision: RevisionRecord = { environmentName: spec.name, revision: 1, spec: clone(spec), createdAt: now };
      envs.set(spec.name, environment);
      revisions.set(spec.name, [revision]);
      notify(spec.name);
      return { environment: clone(environment), revision: clone(revision) };
    },

    async updateEnvironment(name, baseRevision, change, now) {
      const env = envs.get(name);
      if (!env) throw errs.environmentNotFound(name);
      if (env.lifecycle !== "live") throw errs.notLive(name, env.lifecycle);
      if (baseRevision !== env.latestRevision) throw errs.staleBase(name, baseRevision, env.latestRevision);
      const revs = revisions.get(name)!;
      const spec = change(clone(revs[revs.length - 1]!.spec));
      checkSpecName(name, spec);
      const revision: RevisionRecord = { environmentName: name, revision: env.latestRevision + 1, spec: clone(spec), createdAt: now };
      revs.push(revision);
      env.latestRevision = revision.revision;
      env.updatedAt = now;
      env.version++;
      notify(name);
      return clone(revision);
    },

    async getEnvironment(name) {
      const env = envs.get(name);
      return env ? clone(env) : undefined;
    },

    async listEnvironments(options) {
      const after = decodePageToken("environments", options.pageToken);
      const items = [...envs.values()]
        .filter((e) => options.includeDeleted || e.lifecycle !== "deleted")
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .filter((e) => !after || e.name > after.name);
      return page(items, options.pageSize, (e) => ({ name: e.name }), (k) => encodePageToken("environments", k));
    },

    async updateEnvironmentRecord(name, expectedVersion, patch, now) {
      await store.beforeRecordUpdate?.(name);
      const env = envs.get(name);
      if (!env) throw errs.environmentNotFound(name);
      if (env.version !== expectedVersion) throw errs.versionMismatch(name, expectedVersion, env.version);
      const { set, unset } = splitPatch(patch);
      Object.assign(env, set);
      for (const k of unset) delete env[k];
      env.version++;
      env.updatedAt = now;
      notify(name);
      return clone(env);
    },

    async getRevision(name, revision) {
      const r = revisions.get(name)?.find((x) => x.revision === revision);
      return r ? clone(r) : undefined;
    },

    async listRevisions(name, options) {
      const after = decodePageToken("revisions", options.pageToken);
      const items = (revisions.get(name) ?? []).filter((r) => !after || r.revision > after.revision);
      return page(items, options.pageSize, (r) => ({ revision: r.revision }), (k) => encodePageToken("revisions", k));
    },

    async allRevisions(name) {
      return clone(revisions.get(name) ?? []);
    },

    async insertDeployment(deployment) {
      if (deployments.has(deployment.deploymentId)) throw errs.deploymentExists(deployment.deploymentId);
      deployments.set(deployment.deploymentId, clone(deployment));
      notify(deployment.environmentName);
    },

    async updateDeployment(id, patch) {
      const d = deployments.get(id);
      if (!d) throw errs.deploymentNotFound(id);
      Object.assign(d, patch);
      notify(d.environmentName);
    },

    async getDeployment(id) {
      const d = deployments.get(id);
      return d ? clone(d) : undefined;
    },

    async listDeployments(name, options) {
      const after = decodePageToken("deployments", options.pageToken);
      // Newest first: (startedAt, id) descending.
      const newer = (a: { startedAt: number; deploymentId: string }, b: { startedAt: number; deploymentId: string }) =>
        a.startedAt > b.startedAt || (a.startedAt === b.startedAt && a.deploymentId > b.deploymentId);
      const items = [...deployments.values()]
        .filter((d) => d.environmentName === name)
        .sort((a, b) => (newer(a, b) ? -1 : newer(b, a) ? 1 : 0))
        .filter((d) => !after || newer(after, d));
      return page(
        items,
        options.pageSize,
        (d) => ({ startedAt: d.startedAt, deploymentId: d.deploymentId }),
        (k) => encodePageToken("deployments", k),
      );
    },

    async appendJournal(entry) {
      const journal = journals.get(entry.environmentName) ?? [];
      const latest = journal.length ? journal[journal.length - 1]!.sequence : 0;
      if (entry.sequence !== latest + 1) throw errs.journalTaken(entry.environmentName, entry.sequence, latest);
      const recs = eventRecords(entry.environmentName, entry.sequence, entry.events);
      const stored: JournalEntry = {
        environmentName: entry.environmentName,
        sequence: entry.sequence,
        time: entry.time,
        status: clone(entry.status),
        events: recs,
      };
      journal.push(stored);
      journals.set(entry.environmentName, journal);
      events.set(entry.environmentName, [...(events.get(entry.environmentName) ?? []), ...recs]);
      notify(entry.environmentName);
      return clone(stored);
    },

    async latestJournal(name) {
      const j = journals.get(name);
      return j && j.length ? clone(j[j.length - 1]!) : undefined;
    },

    async readJournal(name, afterSequence, limit) {
      return clone((journals.get(name) ?? []).filter((e) => e.sequence > afterSequence).slice(0, limit));
    },

    async trimJournal(name, keep) {
      const j = journals.get(name);
      if (j && j.length > keep) journals.set(name, j.slice(j.length - keep));
    },

    async listEvents(name, options) {
      const after = decodePageToken("events", options.pageToken);
      const items = (events.get(name) ?? []).filter(
        (e) =>
          (options.afterSequence === undefined || e.sequence > options.afterSequence) &&
          (!after || e.sequence > after.sequence || (e.sequence === after.sequence && e.index > after.index)),
      );
      return page(items, options.pageSize, (e) => ({ sequence: e.sequence, index: e.index }), (k) => encodePageToken("events", k));
    },

    subscribe(listener) {
      const entry = (name: string) => listener(name);
      listeners.add(entry);
      return () => void listeners.delete(entry);
    },

    async acquireLease(name, owner, ttlMs, now) {
      const l = leases.get(name);
      if (l && l.owner !== owner && l.expiresAt > now) return undefined;
      const lease: Lease = {
        environmentName: name,
        owner,
        expiresAt: now + ttlMs,
        epoch: l ? (l.owner === owner ? l.epoch : l.epoch + 1) : 1,
      };
      leases.set(name, lease);
      return clone(lease);
    },

    async releaseLease(name, owner) {
      if (leases.get(name)?.owner === owner) leases.delete(name);
    },

    async listLeases() {
      return clone([...leases.values()]);
    },

    async purgeEnvironment(name) {
      envs.delete(name);
      revisions.delete(name);
      journals.delete(name);
      events.delete(name);
      leases.delete(name);
      for (const [id, d] of deployments) if (d.environmentName === name) deployments.delete(id);
      notify(name);
    },
  };
  return store;
}

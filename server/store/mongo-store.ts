import { MongoClient } from "mongodb";
import type { Collection, Db, Document, Filter } from "mongodb";
import type {
  DeploymentRecord,
  EnvironmentRecord,
  EnvironmentSpec,
  EventRecord,
  RevisionRecord,
} from "../domain/environment.js";
import type { EnvironmentStatusSnapshot } from "../domain/status.js";
import { Code, ConnectError, failedPrecondition, invalidArgument } from "../errors.js";
import { checkSpecName, checkTransition, errs, eventRecords, newEnvironmentRecord, newRevisionRecord, sameSpec, splitPatch } from "./common.js";
import { createMongoChangeFeed } from "./mongo-change-feed.js";
import { isDuplicateKey, isIndexConflict, mapMongoError } from "./mongo-errors.js";
import { createNotifier } from "./notifier.js";
import { clampPageSize, decodePageToken, encodePageToken, eventsPageStart } from "./paging.js";
import type { BloxStore, JournalEntry, Lease, Page } from "./store.js";
import { createLogger, type Logger } from "../observability/logger.js";

/** The store reports through the server's logger. */
export type MongoStoreLogger = Logger;

export interface MongoStoreOptions {
  /** mongodb:// or mongodb+srv:// URI; its path names the database. */
  uri: string;
  /** Overrides the database of the URI (default: the URI's, else "blox"). */
  dbName?: string;
  /**
   * How long an operation waits for a usable server before failing with
   * UNAVAILABLE. Short, so RPCs fail fast while the database is down. Default 5000.
   */
  serverSelectionTimeoutMs?: number;
  /** Poll period of subscribe() on servers without change streams (standalone). Default 250. */
  pollIntervalMs?: number;
  /** Where the watch mode and connection trouble are reported. Default: JSON lines on stderr. */
  logger?: MongoStoreLogger;
}

/** The database named by a MongoDB URI's path, "blox" when it names none. */
export function databaseNameFromUri(uri: string): string {
  // `new URL` rejects multi-host seed lists, so match the path directly:
  // hosts cannot contain "/" (socket paths are percent-encoded).
  const m = /^mongodb(?:\+srv)?:\/\/[^/?#]*(?:\/([^?#]*))?/i.exec(uri);
  if (!m) throw invalidArgument("MONGODB_URI", "must start with mongodb:// or mongodb+srv://");
  let name = "";
  try {
    name = decodeURIComponent(m[1] ?? "");
  } catch {
    throw invalidArgument("MONGODB_URI", "the database name in the path is not valid percent-encoding");
  }
  return name === "" ? "blox" : name;
}

/**
 * Throws INVALID_ARGUMENT naming MONGODB_URI unless `name` is a database name
 * the server accepts (none of / \ . space " $ NUL; under 64 bytes). Checked up front so
 * that a bad name is a configuration error, not an INTERNAL error at first use.
 */
export function checkDatabaseName(name: string): void {
  const bad = /[/\\. "$\0]/.exec(name);
  if (bad) {
    throw invalidArgument("MONGODB_URI", `the database name ${JSON.stringify(name)} contains ${JSON.stringify(bad[0])}, which MongoDB does not allow`);
  }
  if (name === "" || Buffer.byteLength(name, "utf8") > 63) {
    throw invalidArgument("MONGODB_URI", `the database name ${JSON.stringify(name)} must be 1 to 63 bytes long`);
  }
}

interface EnvDoc extends EnvironmentRecord {
  _id: string;
}
type RevisionDoc = RevisionRecord;
type DeploymentDoc = DeploymentRecord;
interface JournalDoc {
  environmentName: string;
  sequence: number;
  time: number;
  /** JSON text: status keys (e.g. planner timers) may contain "." or "$". */
  status: string;
  events: EventRecord[];
}
type EventDoc = EventRecord;
type LeaseDoc = Lease;

interface Collections {
  client: MongoClient;
  db: Db;
  envs: Collection<EnvDoc>;
  revisions: Collection<RevisionDoc>;
  deployments: Collection<DeploymentDoc>;
  journal: Collection<JournalDoc>;
  events: Collection<EventDoc>;
  leases: Collection<LeaseDoc>;
}

function collectionsOf(client: MongoClient, dbName: string): Collections {
  const db = client.db(dbName);
  return {
    client,
    db,
    envs: db.collection("environments"),
    revisions: db.collection("revisions"),
    deployments: db.collection("deployments"),
    journal: db.collection("journal"),
    events: db.collection("events"),
    leases: db.collection("leases"),
  };
}

/** The indexes init() creates; every query of the store is served by one of them. */
const INDEXES: Record<string, Array<{ key: Record<string, 1 | -1>; name: string; unique?: boolean }>> = {
  // _id is the name; this index only guards the "name" field for other tools.
  environments: [{ key: { name: 1 }, name: "name_unique", unique: true }],
  // Decides the revision race; serves getRevision, listRevisions, the latest revision.
  revisions: [{ key: { environmentName: 1, revision: 1 }, name: "env_revision_unique", unique: true }],
  // Decides the journal race; serves readJournal, latestJournal and polling's distinct scan.
  journal: [{ key: { environmentName: 1, sequence: 1 }, name: "env_sequence_unique", unique: true }],
  events: [{ key: { environmentName: 1, sequence: 1, index: 1 }, name: "env_sequence_index_unique", unique: true }],
  deployments: [
    { key: { deploymentId: 1 }, name: "deployment_id_unique", unique: true },
    { key: { environmentName: 1, startedAt: -1, deploymentId: -1 }, name: "env_newest_first" },
  ],
  leases: [{ key: { environmentName: 1 }, name: "env_unique", unique: true }],
};

/**
 * MongoDB store. Single-document atomic operations only (unique indexes and
 * compare-and-set), so it runs on a standalone server as on a replica set, and
 * several server replicas may share one database.
 */
export function createMongoStore(options: MongoStoreOptions): BloxStore {
  const dbName = options.dbName ?? databaseNameFromUri(options.uri);
  checkDatabaseName(dbName);
  const pollIntervalMs = Math.max(10, options.pollIntervalMs ?? 250);
  const logger = options.logger ?? createLogger();
  const clientOptions = {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5000,
    ignoreUndefined: true,
  };
  let closed = false;
  let spare: MongoClient | undefined;
  try {
    // Parses (and so validates) the URI now; connects on first use.
    spare = new MongoClient(options.uri, clientOptions);
  } catch (err) {
    throw invalidArgument("MONGODB_URI", err instanceof Error ? err.message : String(err));
  }

  // The driver reconnects by itself only once a first connect succeeded: a
  // client whose first connect failed stays closed. So connect lazily and
  // start over with a fresh client until a connect succeeds.
  let conn: Collections | undefined;
  let connecting: Promise<Collections> | undefined;
  function connection(): Promise<Collections> {
    if (conn) return Promise.resolve(conn);
    connecting ??= (async () => {
      const client = spare ?? new MongoClient(options.uri, clientOptions);
      spare = undefined;
      try {
        await client.connect();
      } catch (err) {
        await client.close().catch(() => {});
        throw err;
      }
      if (closed) {
        await client.close().catch(() => {});
        throw new ConnectError("database unavailable: the store is closed", Code.Unavailable);
      }
      conn = collectionsOf(client, dbName);
      return conn;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  const notifier = createNotifier((err) => logger.warn(`blox store: subscriber failed: ${String(err)}`));
  /** Other replicas' writes, watched while anything is subscribed. */
  const feed = createMongoChangeFeed({ connection, notify: (name) => notifier.notify(name), logger, pollIntervalMs });

  async function guard<T>(fn: (c: Collections) => Promise<T>): Promise<T> {
    if (closed) throw new ConnectError("database unavailable: the store is closed", Code.Unavailable);
    try {
      return await fn(await connection());
    } catch (err) {
      throw mapMongoError(err);
    }
  }

  /** The latest revision: the env doc may lag one revision behind if a writer died between its two writes. */
  async function latestRevisionDoc(c: Collections, name: string): Promise<RevisionDoc | null> {
    return c.revisions.findOne({ environmentName: name }, { sort: { revision: -1 }, projection: { _id: 0 } });
  }

  async function latestSequence(c: Collections, name: string): Promise<number> {
    const doc = await c.journal.findOne(
      { environmentName: name },
      { sort: { sequence: -1 }, projection: { _id: 0, sequence: 1 } },
    );
    return doc?.sequence ?? 0;
  }

  /** The newest journal entry's sequence and events (what a repair needs). */
  async function latestJournalEvents(c: Collections, name: string): Promise<Pick<JournalDoc, "sequence" | "events"> | null> {
    return c.journal.findOne(
      { environmentName: name },
      { sort: { sequence: -1 }, projection: { _id: 0, sequence: 1, events: 1 } },
    );
  }

  /**
   * An entry's events are written after the entry (the entry's insert decides
   * the race, so a loser writes no events). If the writer died in between, the
   * entry still carries them: copy the missing ones. Only the newest entry can
   * lack events, since every append repairs its predecessor first.
   */
  async function repairEvents(c: Collections, name: string, latest: Pick<JournalDoc, "sequence" | "events"> | null): Promise<void> {
    if (!latest || latest.events.length === 0) return;
    const stored = await c.events.countDocuments({ environmentName: name, sequence: latest.sequence });
    if (stored >= latest.events.length) return;
    try {
      await c.events.insertMany(latest.events.map((e) => clean(e)), { ordered: false });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /** Deletes everything stored under `name` except the environment document. */
  async function deleteChildren(c: Collections, name: string): Promise<void> {
    await c.revisions.deleteMany({ environmentName: name });
    await c.deployments.deleteMany({ environmentName: name });
    // The journal before the events: a concurrent repairEvents() finds no entry to copy from.
    await c.journal.deleteMany({ environmentName: name });
    await c.events.deleteMany({ environmentName: name });
    await c.leases.deleteMany({ environmentName: name });
  }

  const store: BloxStore = {
    init: () =>
      guard(async (c) => {
        // createIndexes is idempotent for an identical index; a different
        // index under one of these names or keys (85/86), or duplicates that a
        // unique index refuses, need an operator: FAILED_PRECONDITION.
        for (const [collection, specs] of Object.entries(INDEXES)) {
          try {
            await c.db.collection(collection).createIndexes(specs.map((s) => ({ ...s })));
          } catch (err) {
            if (isIndexConflict(err) || isDuplicateKey(err)) {
              const names = specs.map((s) => s.name).join(", ");
              throw failedPrecondition(
                `cannot create the indexes ${names} of collection ${collection} in database ${dbName}: ` +
                  `${err instanceof Error ? err.message : String(err)} (drop the conflicting index or documents and restart)`,
              );
            }
            throw err;
          }
        }
      }),

    async close() {
      if (closed) return;
      closed = true;
      notifier.clear();
      await feed.stop();
      const pending = connecting;
      await pending?.catch(() => undefined);
      const c = conn;
      conn = undefined;
      await c?.client.close();
      await spare?.close().catch(() => {});
      spare = undefined;
    },

    createEnvironment: (spec, now, actor) =>
      guard(async (c) => {
        const name = spec.name;
        const environment = newEnvironmentRecord(spec, now, actor);
        try {
          await c.envs.insertOne({ _id: name, ...environment });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          const existing = await c.envs.findOne({ _id: name }, { projection: { lifecycle: 1 } });
          throw errs.environmentExists(name, existing?.lifecycle === "deleted");
        }
        const revision = newRevisionRecord(spec, 1, now, actor);
        try {
          // The name is ours now: clear what an interrupted purge of a previous
          // incarnation may have left, then write revision 1.
          await deleteChildren(c, name);
          await c.revisions.replaceOne({ environmentName: name, revision: 1 }, { ...revision }, { upsert: true });
        } catch (err) {
          // Best effort: do not leave an environment without its revision 1.
          await c.envs.deleteOne({ _id: name, version: 1, environmentId: environment.environmentId }).catch(() => {});
          throw err;
        }
        notifier.notify(name);
        return { environment, revision };
      }),

    updateEnvironment: (name, baseRevision, change, now, actor) =>
      guard(async (c) => {
        const env = await c.envs.findOne({ _id: name }, { projection: { _id: 0 } });
        if (!env) throw errs.environmentNotFound(name);
        // Not atomic with the insert below (two documents, no transaction): a
        // delete that lands in between lets this one revision through. Harmless
        // (a deleting environment deploys nothing) and rarer than a retry.
        if (env.lifecycle !== "live") throw errs.notLive(name, env.lifecycle);
        const latestDoc = await latestRevisionDoc(c, name);
        const latest = Math.max(env.latestRevision, latestDoc?.revision ?? 0);
        if (baseRevision !== latest) throw errs.badBase(name, baseRevision, latest);
        if (!latestDoc || latestDoc.revision !== latest) {
          throw new ConnectError(`revision ${latest} of ${name} is missing`, Code.DataLoss);
        }
        // `change` may throw: nothing has been written yet.
        const spec = change(latestDoc.spec);
        checkSpecName(name, spec);
        // A change that changes nothing writes nothing: the latest revision stands.
        if (sameSpec(spec, latestDoc.spec)) return revisionFromDoc(latestDoc);
        const next = latest + 1;
        const revision = newRevisionRecord(spec, next, now, actor);
        try {
          // The unique index on (environmentName, revision) decides races.
          await c.revisions.insertOne({ ...revision });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          const winner = await latestRevisionDoc(c, name);
          throw errs.staleBase(name, baseRevision, Math.max(next, winner?.revision ?? 0));
        }
        // The revision insert was the commit point: the caller won. A failure
        // here only leaves the head lagging, which getEnvironment and the next
        // update repair, so it must not turn the success into an error (a
        // retry would be ABORTED).
        try {
          await c.envs.updateOne({ _id: name }, { $max: { latestRevision: next, updatedAt: now }, $inc: { version: 1 } });
        } catch (err) {
          logger.warn(`blox store: revision ${next} of ${name} is written; updating its head failed (repaired on the next read): ${String(err)}`);
        }
        notifier.notify(name);
        return revision;
      }),

    getEnvironment: (name) =>
      guard(async (c) => {
        const env = await c.envs.findOne({ _id: name }, { projection: { _id: 0 } });
        if (!env) return undefined;
        const latestDoc = await c.revisions.findOne(
          { environmentName: name },
          { sort: { revision: -1 }, projection: { _id: 0, revision: 1 } },
        );
        if (latestDoc && latestDoc.revision > env.latestRevision) {
          // A writer died between inserting the revision and bumping the head: finish its work.
          const repaired = await c.envs.findOneAndUpdate(
            { _id: name, latestRevision: { $lt: latestDoc.revision } },
            { $max: { latestRevision: latestDoc.revision }, $inc: { version: 1 } },
            { returnDocument: "after", projection: { _id: 0 } },
          );
          if (repaired) {
            notifier.notify(name);
            return envFromDoc(repaired);
          }
          const again = await c.envs.findOne({ _id: name }, { projection: { _id: 0 } });
          return again ? envFromDoc(again) : undefined;
        }
        return envFromDoc(env);
      }),

    listEnvironments: (opts) =>
      guard(async (c) => {
        const size = clampPageSize(opts.pageSize);
        const after = decodePageToken("environments", opts.pageToken);
        const filter: Filter<EnvDoc> = {};
        if (after) filter._id = { $gt: after.name };
        if (!opts.includeDeleted) filter.lifecycle = { $ne: "deleted" };
        const docs = await c.envs
          .find(filter, { projection: { _id: 0 } })
          .sort({ _id: 1 })
          .limit(size + 1)
          .toArray();
        return page(docs.map(envFromDoc), size, (e) => encodePageToken("environments", { name: e.name }));
      }),

    updateEnvironmentRecord: (name, expectedVersion, patch, now) =>
      guard(async (c) => {
        const { set, unset } = splitPatch(patch);
        const update: Document = { $set: { ...set, version: expectedVersion + 1 }, $max: { updatedAt: now } };
        if (unset.length > 0) update.$unset = Object.fromEntries(unset.map((k) => [k, ""]));
        const doc = await c.envs.findOneAndUpdate({ _id: name, version: expectedVersion }, update, {
          returnDocument: "after",
          projection: { _id: 0 },
        });
        if (!doc) {
          const current = await c.envs.findOne({ _id: name }, { projection: { version: 1 } });
          if (!current) throw errs.environmentNotFound(name);
          throw errs.versionMismatch(name, expectedVersion, current.version);
        }
        notifier.notify(name);
        return envFromDoc(doc);
      }),

    getRevision: (name, revision) =>
      guard(async (c) => {
        const doc = await c.revisions.findOne({ environmentName: name, revision }, { projection: { _id: 0 } });
        return doc ? revisionFromDoc(doc) : undefined;
      }),

    listRevisions: (name, opts) =>
      guard(async (c) => {
        const size = clampPageSize(opts.pageSize);
        const after = decodePageToken("revisions", opts.pageToken);
        const docs = await c.revisions
          .find({ environmentName: name, revision: { $gt: after?.revision ?? 0 } }, { projection: { _id: 0 } })
          .sort({ revision: 1 })
          .limit(size + 1)
          .toArray();
        return page(docs.map(revisionFromDoc), size, (r) => encodePageToken("revisions", { revision: r.revision }));
      }),

    allRevisions: (name) =>
      guard(async (c) => {
        const docs = await c.revisions
          .find({ environmentName: name }, { projection: { _id: 0 } })
          .sort({ revision: 1 })
          .toArray();
        return docs.map(revisionFromDoc);
      }),

    insertDeployment: (d) =>
      guard(async (c) => {
        try {
          await c.deployments.insertOne(deploymentToDoc(d));
        } catch (err) {
          if (isDuplicateKey(err)) throw errs.deploymentExists(d.deploymentId);
          throw err;
        }
        notifier.notify(d.environmentName);
      }),

    transitionDeployment: (deploymentId, from, to, finishedAt) =>
      guard(async (c) => {
        checkTransition(deploymentId, from, to);
        // One conditional update: of two writers ending one deployment, exactly one matches.
        const moved = await c.deployments.findOneAndUpdate(
          { deploymentId, state: from },
          { $set: { state: to, finishedAt } },
          { projection: { _id: 0, environmentName: 1 } },
        );
        if (moved) {
          notifier.notify(moved.environmentName);
          return { moved: true, state: to };
        }
        const current = await c.deployments.findOne({ deploymentId }, { projection: { _id: 0, state: 1 } });
        if (!current) throw errs.deploymentNotFound(deploymentId);
        return { moved: false, state: current.state };
      }),

    promoteDeployment: (deploymentId, promotedSteps) =>
      guard(async (c) => {
        const doc = await c.deployments.findOneAndUpdate(
          { deploymentId },
          { $max: { promotedSteps } },
          { projection: { _id: 0 }, returnDocument: "after" },
        );
        if (!doc) throw errs.deploymentNotFound(deploymentId);
        notifier.notify(doc.environmentName);
        return deploymentFromDoc(doc);
      }),

    getDeployment: (deploymentId) =>
      guard(async (c) => {
        const doc = await c.deployments.findOne({ deploymentId }, { projection: { _id: 0 } });
        return doc ? deploymentFromDoc(doc) : undefined;
      }),

    listDeployments: (name, opts) =>
      guard(async (c) => {
        const size = clampPageSize(opts.pageSize);
        const after = decodePageToken("deployments", opts.pageToken);
        const filter: Filter<DeploymentDoc> = { environmentName: name };
        if (after) {
          filter.$or = [
            { startedAt: { $lt: after.startedAt } },
            { startedAt: after.startedAt, deploymentId: { $lt: after.deploymentId } },
          ];
        }
        const docs = await c.deployments
          .find(filter, { projection: { _id: 0 } })
          .sort({ startedAt: -1, deploymentId: -1 })
          .limit(size + 1)
          .toArray();
        return page(docs.map(deploymentFromDoc), size, (d) =>
          encodePageToken("deployments", { startedAt: d.startedAt, deploymentId: d.deploymentId }),
        );
      }),

    appendJournal: (entry) =>
      guard(async (c) => {
        const name = entry.environmentName;
        const previous = await latestJournalEvents(c, name);
        const latest = previous?.sequence ?? 0;
        if (entry.sequence !== latest + 1) throw errs.journalTaken(name, entry.sequence, latest);
        await repairEvents(c, name, previous);
        const records = eventRecords(name, entry.sequence, entry.events);
        try {
          // The unique index on (environmentName, sequence) decides races.
          await c.journal.insertOne({
            environmentName: name,
            sequence: entry.sequence,
            time: entry.time,
            status: JSON.stringify(entry.status),
            events: records,
          });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          throw errs.journalTaken(name, entry.sequence, await latestSequence(c, name));
        }
        if (records.length > 0) {
          // The entry (which carries its events) is committed; events missing
          // after a failure here are copied by repairEvents() later.
          try {
            await c.events.insertMany(records.map((e) => ({ ...e })), { ordered: false });
          } catch (err) {
            if (!isDuplicateKey(err)) {
              logger.warn(`blox store: journal entry ${entry.sequence} of ${name} is written; writing its events failed (repaired later): ${String(err)}`);
            }
          }
        }
        notifier.notify(name);
        const result: JournalEntry = {
          environmentName: name,
          sequence: entry.sequence,
          time: entry.time,
          status: entry.status,
          events: records,
        };
        return result;
      }),

    latestJournal: (name) =>
      guard(async (c) => {
        const doc = await c.journal.findOne({ environmentName: name }, { sort: { sequence: -1 }, projection: { _id: 0 } });
        return doc ? journalFromDoc(doc) : undefined;
      }),

    readJournal: (name, afterSequence, limit) =>
      guard(async (c) => {
        const docs = await c.journal
          .find({ environmentName: name, sequence: { $gt: afterSequence } }, { projection: { _id: 0 } })
          .sort({ sequence: 1 })
          .limit(clampPageSize(limit))
          .toArray();
        return docs.map(journalFromDoc);
      }),

    trimJournal: (name, keep) =>
      guard(async (c) => {
        // Always keep the newest entry: it is where the next sequence continues.
        const k = Math.max(1, Math.floor(keep));
        const latest = await latestSequence(c, name);
        if (latest - k <= 0) return;
        await c.journal.deleteMany({ environmentName: name, sequence: { $lte: latest - k } });
      }),

    listEvents: (name, opts) =>
      guard(async (c) => {
        const size = clampPageSize(opts.pageSize);
        const { sequence: seq, index: idx } = eventsPageStart(opts);
        await repairEvents(c, name, await latestJournalEvents(c, name));
        const docs = await c.events
          .find(
            {
              environmentName: name,
              $or: [{ sequence: { $gt: seq } }, { sequence: seq, index: { $gt: idx } }],
            },
            { projection: { _id: 0 } },
          )
          .sort({ sequence: 1, index: 1 })
          .limit(size + 1)
          .toArray();
        return page(docs.map(eventFromDoc), size, (e) =>
          encodePageToken("events", { sequence: e.sequence, index: e.index }),
        );
      }),

    subscribe(listener) {
      const unsubscribe = notifier.subscribe(listener);
      if (!closed) feed.start();
      return () => {
        unsubscribe();
        if (notifier.size === 0) void feed.stop();
      };
    },

    acquireLease: (name, owner, ttlMs, now) =>
      guard(async (c) => {
        const expiresAt = now + ttlMs;
        try {
          const doc = await c.leases.findOneAndUpdate(
            { environmentName: name, $or: [{ owner }, { expiresAt: { $lt: now } }] },
            [
              {
                $set: {
                  environmentName: { $literal: name },
                  // The fencing epoch moves on every change of owner (and starts at 1).
                  epoch: {
                    $cond: [
                      { $eq: ["$owner", { $literal: owner }] },
                      "$epoch",
                      { $add: [{ $ifNull: ["$epoch", 0] }, 1] },
                    ],
                  },
                  owner: { $literal: owner },
                  expiresAt: { $literal: expiresAt },
                },
              },
            ],
            { upsert: true, returnDocument: "after", projection: { _id: 0 } },
          );
          return doc ? leaseFromDoc(doc) : undefined;
        } catch (err) {
          // No match and the upsert collided with the existing lease: held by another.
          if (isDuplicateKey(err)) return undefined;
          throw err;
        }
      }),

    releaseLease: (name, owner) =>
      guard(async (c) => {
        // Keep the document (and its epoch) so the next owner's epoch is still higher.
        await c.leases.updateOne({ environmentName: name, owner }, { $set: { owner: "", expiresAt: 0 } });
      }),

    listLeases: () =>
      guard(async (c) => {
        const docs = await c.leases
          .find({ owner: { $ne: "" } }, { projection: { _id: 0 } })
          .sort({ environmentName: 1 })
          .toArray();
        return docs.map(leaseFromDoc);
      }),

    purgeEnvironment: (name) =>
      guard(async (c) => {
        // Children first, the environment last: if this is interrupted, the
        // environment is still there and the purge is retried.
        await deleteChildren(c, name);
        await c.envs.deleteOne({ _id: name });
        notifier.notify(name);
      }),
  };

  return store;
}

function page<T>(rows: T[], size: number, token: (last: T) => string): Page<T> {
  if (rows.length <= size) return { items: rows, nextPageToken: "" };
  const items = rows.slice(0, size);
  return { items, nextPageToken: token(items[items.length - 1]!) };
}

/** Drops what the database adds (_id) and optional fields stored as null. */
function clean<T extends object>(doc: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (k !== "_id" && v !== null && v !== undefined) out[k] = v;
  return out as T;
}

function envFromDoc(doc: EnvironmentRecord | EnvDoc): EnvironmentRecord {
  return clean(doc as EnvironmentRecord);
}

function revisionFromDoc(doc: RevisionDoc): RevisionRecord {
  const revision: RevisionRecord = { environmentName: doc.environmentName, revision: doc.revision, spec: doc.spec as EnvironmentSpec, createdAt: doc.createdAt };
  if (doc.createdBy) revision.createdBy = doc.createdBy;
  return revision;
}

function deploymentToDoc(d: DeploymentRecord): DeploymentDoc {
  return clean({ ...d });
}

function deploymentFromDoc(doc: DeploymentDoc): DeploymentRecord {
  return clean(doc);
}

function journalFromDoc(doc: JournalDoc): JournalEntry {
  return {
    environmentName: doc.environmentName,
    sequence: doc.sequence,
    time: doc.time,
    status: JSON.parse(doc.status) as EnvironmentStatusSnapshot,
    events: doc.events.map((e) => clean(e)),
  };
}

function eventFromDoc(doc: EventDoc): EventRecord {
  return clean(doc);
}

function leaseFromDoc(doc: LeaseDoc): Lease {
  return { environmentName: doc.environmentName, owner: doc.owner, expiresAt: doc.expiresAt, epoch: doc.epoch };
}

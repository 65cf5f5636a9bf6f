// How a MongoDB store learns about other replicas' writes: change streams on
// servers that have them, else polling the heads of environments, journals and
// deployments. The store decides nothing here; it asks the feed to run while
// anything is subscribed and hears "environment X changed" from it.

import type { ChangeStream, ChangeStreamDocument, Db, Document, ResumeToken } from "mongodb";
import { MongoServerError } from "mongodb";
import type { Logger } from "../observability/logger.js";
import { isUnavailable } from "./mongo-errors.js";

/** The fields of the store's documents the feed reads. */
interface EnvHead {
  _id: string;
  version: number;
  latestRevision: number;
}

export interface MongoChangeFeedOptions {
  /** The store's connection (connects lazily, may fail while the database is down). */
  connection: () => Promise<{ db: Db }>;
  /** Called with the environment a write of another process concerns. */
  notify: (environmentName: string) => void;
  /** Where the watch mode (once) and trouble (once per outage) are reported. */
  logger: Logger;
  /** Poll period, and the first retry delay of a failed change stream. */
  pollIntervalMs: number;
  /**
   * How many change stream opens in a row may fail while the server answers
   * other commands (a server that drops the connection on `$changeStream`)
   * before polling takes over for good. Default 3.
   */
  maxBrokenOpens?: number;
  /** Longest retry delay. Default 5000. */
  maxRetryDelayMs?: number;
}

export type WatchMode = "change streams" | "polling";

export interface MongoChangeFeed {
  /** Starts watching (no-op while running). */
  start(): void;
  /** Stops watching; the mode that was settled is kept for the next start. */
  stop(): Promise<void>;
  /** The settled mode, undefined until the server told. */
  readonly mode: WatchMode | undefined;
}

/** Collections whose writes concern an environment. */
export const WATCHED_COLLECTIONS = ["environments", "revisions", "deployments", "journal"];

/**
 * Creates the feed. The mode is detected from the server's hello once; a
 * server that claims change streams (replica set, mongos) but refuses to open
 * one, with any server error, gets polling from then on, logged once, with no
 * further change stream attempts.
 */
export function createMongoChangeFeed(options: MongoChangeFeedOptions): MongoChangeFeed {
  const { connection, notify, logger, pollIntervalMs } = options;
  const maxBrokenOpens = Math.max(1, options.maxBrokenOpens ?? 3);
  const maxDelay = options.maxRetryDelayMs ?? 5000;
  let mode: WatchMode | undefined;
  let running: { stop(): Promise<void> } | undefined;

  function settle(next: WatchMode, why: string): void {
    if (mode === next) return;
    mode = next;
    if (next === "change streams") {
      logger.info("blox store: watching changes of other replicas with MongoDB change streams");
    } else {
      logger.info(`blox store: ${why}: polling for changes of other replicas every ${pollIntervalMs} ms`);
    }
  }

  function run(): { stop(): Promise<void> } {
    let active = true;
    let stream: ChangeStream | undefined;
    let timer: NodeJS.Timeout | undefined;
    let wake: (() => void) | undefined;
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, ms);
        timer.unref?.();
      });
    let outage = false;
    const trouble = (what: string, err: unknown) => {
      if (outage) return;
      outage = true;
      logger.warn(`blox store: ${what} failed, retrying: ${messageOf(err)}`);
    };
    const recovered = () => {
      if (!outage) return;
      outage = false;
      logger.info("blox store: watching changes again");
    };

    /** The mode to try first: from the server's hello, retried until the server answers. */
    async function detectMode(): Promise<WatchMode | undefined> {
      if (mode) return mode;
      let delay = pollIntervalMs;
      while (active) {
        try {
          const hello = await serverHello((await connection()).db);
          recovered();
          return changeStreamsAdvertised(hello) ? "change streams" : "polling";
        } catch (err) {
          if (!active) return undefined;
          trouble("detecting the server type", err);
          await sleep(delay);
          delay = Math.min(delay * 2, maxDelay);
        }
      }
      return undefined;
    }

    async function notifyAll(): Promise<void> {
      const { db } = await connection();
      const docs = await db.collection<EnvHead>("environments").find({}, { projection: { _id: 1 } }).toArray();
      for (const d of docs) notify(d._id);
    }

    /** Whether the server answers a plain command (so a failed open is the change stream's fault). */
    async function reachable(): Promise<boolean> {
      try {
        await (await connection()).db.command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    }

    /** Runs until stopped; returns the reason when the server will not give change streams. */
    async function runChangeStreams(): Promise<string | undefined> {
      let resumeToken: ResumeToken | undefined;
      let delay = pollIntervalMs;
      let missed = false;
      let brokenOpens = 0;
      while (active) {
        let opened = false;
        try {
          if (missed) {
            // Changes may have been missed while down: let every subscriber re-read.
            await notifyAll();
            missed = false;
          }
          const c = await connection();
          if (!active) return undefined;
          const s = c.db.watch<Document, ChangeStreamDocument>(
            [{ $match: { "ns.coll": { $in: WATCHED_COLLECTIONS } } }],
            { fullDocument: "updateLookup", ...(resumeToken ? { resumeAfter: resumeToken } : {}) },
          );
          stream = s;
          // tryNext() sends the aggregate now (next() would wait for a change):
          // a server without change streams refuses it here.
          let change: ChangeStreamDocument | null = await s.tryNext();
          if (!active) return undefined;
          opened = true;
          brokenOpens = 0;
          settle("change streams", "");
          recovered();
          delay = pollIntervalMs;
          while (active) {
            if (change) {
              const name = environmentOfChange(change);
              if (name) notify(name);
            }
            // The post-batch token moves on even while nothing changes, so a
            // resume after a quiet hour does not fall off the oplog.
            resumeToken = s.resumeToken ?? resumeToken;
            change = await s.next();
          }
        } catch (err) {
          if (!active) return undefined;
          if (!opened) {
            const refusal = openRefusal(err);
            if (refusal) return refusal;
            if (await reachable()) {
              brokenOpens++;
              if (brokenOpens >= maxBrokenOpens) {
                return `opening a change stream failed ${brokenOpens} times in a row while the server answered other commands (${messageOf(err)})`;
              }
            }
          }
          missed = true;
          trouble("the change stream", err);
          const code = (err as { code?: unknown }).code;
          // History lost, invalidated or closed: that resume token will never work again.
          if (code === 286 || code === 280 || code === 260 || !isUnavailable(err)) resumeToken = undefined;
          await sleep(delay);
          delay = Math.min(delay * 2, maxDelay);
        } finally {
          const s = stream;
          stream = undefined;
          await s?.close().catch(() => {});
        }
      }
      return undefined;
    }

    async function fingerprints(db: Db): Promise<Map<string, string>> {
      const current = new Map<string, string>();
      const heads = await db.collection<EnvHead>("environments").find({}, { projection: { _id: 1, version: 1, latestRevision: 1 } }).toArray();
      for (const h of heads) current.set(h._id, `${h.version}/${h.latestRevision}`);
      // Latest journal sequence per environment; the sort matches the unique
      // index (reversed) so the server can answer with a distinct scan.
      const seqs = await db
        .collection("journal")
        .aggregate<{ _id: string; sequence: number }>([
          { $sort: { environmentName: -1, sequence: -1 } },
          { $group: { _id: "$environmentName", sequence: { $first: "$sequence" } } },
        ])
        .toArray();
      for (const s of seqs) current.set(s._id, `${current.get(s._id) ?? "-"}#${s.sequence}`);
      // Deployments change without touching the environment document (a
      // deployment finishing); the SQLite store fingerprints them the same way.
      const deps = await db
        .collection("deployments")
        .aggregate<{ _id: string; n: number; open: number; finished: number | null; promoted: number }>([
          {
            $group: {
              _id: "$environmentName",
              n: { $sum: 1 },
              open: { $sum: { $cond: [{ $eq: ["$state", "in_progress"] }, 1, 0] } },
              finished: { $max: "$finishedAt" },
              promoted: { $sum: "$promotedSteps" },
            },
          },
        ])
        .toArray();
      for (const d of deps) current.set(d._id, `${current.get(d._id) ?? "-"}@${d.n}/${d.open}/${d.finished ?? 0}/${d.promoted ?? 0}`);
      return current;
    }

    async function runPolling(): Promise<void> {
      let known: Map<string, string> | undefined;
      while (active) {
        try {
          const current = await fingerprints((await connection()).db);
          recovered();
          if (known) {
            for (const [name, fp] of current) if (known.get(name) !== fp) notify(name);
            for (const name of known.keys()) if (!current.has(name)) notify(name);
          }
          known = current;
        } catch (err) {
          if (!active) return;
          trouble("polling for changes", err);
        }
        if (active) await sleep(pollIntervalMs);
      }
    }

    void (async () => {
      const first = await detectMode();
      if (!active || !first) return;
      if (first === "change streams") {
        const refused = await runChangeStreams();
        if (!refused || !active) return;
        settle("polling", `the MongoDB server refused change streams (${refused})`);
      } else {
        settle("polling", "the MongoDB server has no change streams (standalone)");
      }
      await runPolling();
    })().catch((err) => logger.warn(`blox store: change watcher stopped: ${String(err)}`));

    return {
      async stop() {
        active = false;
        if (timer) clearTimeout(timer);
        wake?.();
        const s = stream;
        stream = undefined;
        await s?.close().catch(() => {});
      },
    };
  }

  return {
    start() {
      running ??= run();
    },
    async stop() {
      const r = running;
      running = undefined;
      await r?.stop();
    },
    get mode() {
      return mode;
    },
  };
}

/**
 * Why opening a change stream failed for good, or undefined when it may work
 * on a retry. Any error the server answered with (code 1 from a
 * wire-compatible server, 40324 unknown stage, 40573 standalone, 303, 13
 * unauthorized, ...) is a refusal; only "the server is unreachable or
 * changing primaries" is worth waiting for.
 */
export function openRefusal(err: unknown): string | undefined {
  if (!(err instanceof MongoServerError) || isUnavailable(err)) return undefined;
  return `code ${String(err.code ?? "none")}: ${err.message}`;
}

/** Whether a hello reply describes a server with change streams: a replica set member or mongos. */
export function changeStreamsAdvertised(hello: Document): boolean {
  return typeof hello.setName === "string" || hello.msg === "isdbgrid";
}

/** `hello`, or the legacy `isMaster` on servers before 4.4.2 that lack it. */
async function serverHello(db: Db): Promise<Document> {
  try {
    return await db.admin().command({ hello: 1 });
  } catch (err) {
    if ((err as { code?: unknown }).code !== 59) throw err; // CommandNotFound
    return db.admin().command({ isMaster: 1 });
  }
}

function environmentOfChange(change: ChangeStreamDocument): string | undefined {
  if (!("ns" in change) || !change.ns || !("coll" in change.ns)) return undefined;
  if (change.ns.coll === "environments" && "documentKey" in change) {
    const id = (change.documentKey as { _id?: unknown })._id;
    return typeof id === "string" ? id : undefined;
  }
  const full = "fullDocument" in change ? (change.fullDocument as { environmentName?: unknown } | undefined) : undefined;
  return typeof full?.environmentName === "string" ? full.environmentName : undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

import Database from "better-sqlite3";
import { resolve } from "node:path";
import type {
  DeploymentRecord,
  DeploymentState,
  EnvironmentRecord,
  EnvironmentSpec,
  EventRecord,
  RevisionRecord,
} from "../domain/environment.js";
import type { EnvironmentStatusSnapshot } from "../domain/status.js";
import type { Actor } from "../domain/audit.js";
import { Code, ConnectError, unavailable } from "../errors.js";
import { checkSpecName, checkTransition, errs, eventRecords, newEnvironmentRecord, newRevisionRecord, sameSpec, splitPatch } from "./common.js";
import { createNotifier } from "./notifier.js";
import { clampPageSize, decodePageToken, encodePageToken, eventsPageStart } from "./paging.js";
import type { BloxStore, EnvironmentPatch, JournalEntry, Lease, Page } from "./store.js";

export interface SqliteStoreOptions {
  /** A file path, or ":memory:" for a private in-memory database. */
  path: string;
  /**
   * How long a writer waits for another process holding the write lock before
   * failing with UNAVAILABLE. Default 5000 ms.
   */
  busyTimeoutMs?: number;
  /**
   * While someone is subscribed, how often a file store checks for commits by
   * other processes on the same file (PRAGMA data_version), so that their
   * writes reach subscribe() too. Default 250 ms; 0 turns it off.
   */
  pollIntervalMs?: number;
}

/*
 * Durability: WAL with synchronous=FULL. Every commit fsyncs the WAL before
 * the write is acknowledged, so acknowledged writes survive a process kill -9
 * AND an OS crash or power loss. (NORMAL would also survive kill -9 — the WAL
 * frames are in the OS page cache at commit — but could lose the last commits
 * on an OS crash; the cost of FULL is one fsync per write, which is small next
 * to the rate of control-plane writes.)
 */

// File stores opened in one process share change notifications, so that two
// store instances on one file (e.g. two replicas in a test) see each other.
const fileNotifiers = new Map<string, Set<(environmentName: string) => void>>();

/** The embedded store: one SQLite file, several processes may share it. */
export function createSqliteStore(options: SqliteStoreOptions): BloxStore {
  const memory = options.path === ":memory:";
  const db = new Database(options.path);
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  if (!memory) db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");

  const notifier = createNotifier();
  const fileKey = memory ? undefined : resolve(options.path);
  const peerNotify = (name: string) => notifier.notify(name);
  if (fileKey) {
    let peers = fileNotifiers.get(fileKey);
    if (!peers) fileNotifiers.set(fileKey, (peers = new Set()));
    peers.add(peerNotify);
  }
  const notify = (name: string) => {
    if (!fileKey) return notifier.notify(name);
    for (const p of fileNotifiers.get(fileKey) ?? []) p(name);
  };

  let closed = false;
  let st: ReturnType<typeof prepare> | undefined;

  // Commits of other processes: poll data_version (it moves only when another
  // connection commits), then diff a cheap per-environment fingerprint.
  const pollMs = options.pollIntervalMs ?? 250;
  let poller: NodeJS.Timeout | undefined;
  let seenVersion: number | undefined;
  let fingerprints: Map<string, string> | undefined;
  function pollOthers(): void {
    if (closed || !st) return;
    try {
      const version = db.pragma("data_version", { simple: true }) as number;
      if (version === seenVersion && fingerprints) return;
      seenVersion = version;
      const current = new Map<string, string>();
      for (const r of st.fingerprintEnvs.all() as Array<{ name: string; fp: string }>) current.set(r.name, r.fp);
      for (const r of st.fingerprintJournal.all() as Array<{ name: string; fp: string }>) {
        current.set(r.name, `${current.get(r.name) ?? "-"}#${r.fp}`);
      }
      for (const r of st.fingerprintDeployments.all() as Array<{ name: string; fp: string }>) {
        current.set(r.name, `${current.get(r.name) ?? "-"}@${r.fp}`);
      }
      if (fingerprints) {
        for (const [name, fp] of current) if (fingerprints.get(name) !== fp) notifier.notify(name);
        for (const name of fingerprints.keys()) if (!current.has(name)) notifier.notify(name);
      }
      fingerprints = current;
    } catch {
      // A busy or closing database: try again on the next tick.
    }
  }
  function startPolling(): void {
    if (memory || pollMs <= 0 || poller) return;
    try {
      init();
    } catch {
      return; // the next write reports the problem
    }
    fingerprints = undefined;
    pollOthers();
    poller = setInterval(pollOthers, pollMs);
    poller.unref?.();
  }
  function stopPolling(): void {
    if (poller) clearInterval(poller);
    poller = undefined;
  }

  function init(): ReturnType<typeof prepare> {
    if (st) return st;
    db.exec(SCHEMA);
    addAuditColumns(db);
    migrate(db);
    st = prepare(db);
    return st;
  }

  /** Runs a synchronous database step, mapping SQLite failures to gRPC codes. */
  function run<T>(fn: (s: ReturnType<typeof prepare>) => T): T {
    if (closed) throw unavailable("database unavailable: the store is closed");
    try {
      return fn(init());
    } catch (err) {
      throw mapError(err);
    }
  }

  const immediate = <A extends unknown[], T>(fn: (...args: A) => T) => {
    const tx = db.transaction(fn);
    // BEGIN IMMEDIATE takes the write lock up front: a deferred transaction
    // that reads then writes can fail with SQLITE_BUSY without waiting.
    return (...args: A): T => tx.immediate(...args);
  };

  const store: BloxStore = {
    async init() {
      run(() => undefined);
    },

    async close() {
      if (closed) return;
      closed = true;
      stopPolling();
      notifier.clear();
      if (fileKey) {
        const peers = fileNotifiers.get(fileKey);
        peers?.delete(peerNotify);
        if (peers && peers.size === 0) fileNotifiers.delete(fileKey);
      }
      db.close();
    },

    async createEnvironment(spec, now, actor) {
      const result = run((s) =>
        immediate(() => {
          const existing = s.getEnv.get(spec.name) as EnvRow | undefined;
          if (existing) throw errs.environmentExists(spec.name, existing.lifecycle === "deleted");
          // Leftovers of a purge interrupted half-way belong to a previous incarnation.
          purgeRows(s, spec.name);
          const environment = newEnvironmentRecord(spec, now, actor);
          s.insertEnv.run(envToRow(environment));
          const revision = newRevisionRecord(spec, 1, now, actor);
          s.insertRevision.run(spec.name, 1, JSON.stringify(spec), now, json(actor));
          return { environment, revision };
        })(),
      );
      notify(spec.name);
      return result;
    },

    async updateEnvironment(name, baseRevision, change, now, actor) {
      const revision = run((s) =>
        immediate((): { revision: RevisionRecord; written: boolean } => {
          const row = s.getEnv.get(name) as EnvRow | undefined;
          if (!row) throw errs.environmentNotFound(name);
          if (row.lifecycle !== "live") throw errs.notLive(name, row.lifecycle);
          if (baseRevision !== row.latest_revision) throw errs.badBase(name, baseRevision, row.latest_revision);
          const latest = s.getRevision.get(name, row.latest_revision) as RevisionRow | undefined;
          if (!latest) throw new ConnectError(`revision ${row.latest_revision} of ${name} is missing`, Code.DataLoss);
          // `change` may throw: the transaction then rolls back and nothing is written.
          const latestSpec = JSON.parse(latest.spec) as EnvironmentSpec;
          const spec = change(latestSpec);
          checkSpecName(name, spec);
          // A change that changes nothing writes nothing: the latest revision stands.
          if (sameSpec(spec, latestSpec)) return { revision: rowToRevision(latest), written: false };
          const next = row.latest_revision + 1;
          s.insertRevision.run(name, next, JSON.stringify(spec), now, json(actor));
          s.bumpLatest.run(next, now, name);
          return { revision: newRevisionRecord(spec, next, now, actor), written: true };
        })(),
      );
      if (revision.written) notify(name);
      return revision.revision;
    },

    async getEnvironment(name) {
      return run((s) => {
        const row = s.getEnv.get(name) as EnvRow | undefined;
        return row && rowToEnv(row);
      });
    },

    async listEnvironments(options) {
      return run((s) => {
        const size = clampPageSize(options.pageSize);
        const after = decodePageToken("environments", options.pageToken);
        const rows = s.listEnvs.all({ after: after?.name ?? null, all: options.includeDeleted ? 1 : 0, limit: size + 1 }) as EnvRow[];
        return page(rows.map(rowToEnv), size, (e) => encodePageToken("environments", { name: e.name }));
      });
    },

    async updateEnvironmentRecord(name, expectedVersion, patch, now) {
      const record = run((s) =>
        immediate(() => {
          const row = s.getEnv.get(name) as EnvRow | undefined;
          if (!row) throw errs.environmentNotFound(name);
          if (row.version !== expectedVersion) throw errs.versionMismatch(name, expectedVersion, row.version);
          const { set, unset } = splitPatch(patch);
          const next: EnvironmentRecord = { ...rowToEnv(row), ...set };
          for (const k of unset) delete next[k];
          next.version = row.version + 1;
          next.updatedAt = Math.max(row.updated_at, now);
          s.replaceEnv.run(envToRow(next));
          return next;
        })(),
      );
      notify(name);
      return record;
    },

    async getRevision(name, revision) {
      return run((s) => {
        const row = s.getRevision.get(name, revision) as RevisionRow | undefined;
        return row && rowToRevision(row);
      });
    },

    async listRevisions(name, options) {
      return run((s) => {
        const size = clampPageSize(options.pageSize);
        const after = decodePageToken("revisions", options.pageToken);
        const rows = s.listRevisions.all(name, after?.revision ?? 0, size + 1) as RevisionRow[];
        return page(rows.map(rowToRevision), size, (r) => encodePageToken("revisions", { revision: r.revision }));
      });
    },

    async allRevisions(name) {
      return run((s) => (s.allRevisions.all(name) as RevisionRow[]).map(rowToRevision));
    },

    async insertDeployment(d) {
      run((s) => {
        try {
          s.insertDeployment.run({
            deployment_id: d.deploymentId,
            environment_name: d.environmentName,
            revision: d.revision,
            from_revision: d.fromRevision,
            rollback: d.rollback ? 1 : 0,
            state: d.state,
            started_at: d.startedAt,
            finished_at: d.finishedAt ?? null,
            started_by: json(d.startedBy),
          });
        } catch (err) {
          if (isConstraint(err)) throw errs.deploymentExists(d.deploymentId);
          throw err;
        }
      });
      notify(d.environmentName);
    },

    async transitionDeployment(deploymentId, from, to, finishedAt) {
      checkTransition(deploymentId, from, to);
      const { name, result } = run((s) =>
        immediate(() => {
          const moved = s.transitionDeployment.run(to, finishedAt, deploymentId, from).changes > 0;
          const row = s.getDeployment.get(deploymentId) as DeploymentRow | undefined;
          if (!row) throw errs.deploymentNotFound(deploymentId);
          return { name: row.environment_name, result: { moved, state: row.state as DeploymentState } };
        })(),
      );
      if (result.moved) notify(name);
      return result;
    },

    async promoteDeployment(deploymentId, promotedSteps) {
      const row = run((s) => s.promoteDeployment.get(promotedSteps, deploymentId) as DeploymentRow | undefined);
      if (!row) throw errs.deploymentNotFound(deploymentId);
      notify(row.environment_name);
      return rowToDeployment(row);
    },

    async getDeployment(deploymentId) {
      return run((s) => {
        const row = s.getDeployment.get(deploymentId) as DeploymentRow | undefined;
        return row && rowToDeployment(row);
      });
    },

    async listDeployments(name, options) {
      return run((s) => {
        const size = clampPageSize(options.pageSize);
        const after = decodePageToken("deployments", options.pageToken);
        const rows = (
          after
            ? s.listDeploymentsAfter.all(name, after.startedAt, after.startedAt, after.deploymentId, size + 1)
            : s.listDeployments.all(name, size + 1)
        ) as DeploymentRow[];
        return page(rows.map(rowToDeployment), size, (d) =>
          encodePageToken("deployments", { startedAt: d.startedAt, deploymentId: d.deploymentId }),
        );
      });
    },

    async appendJournal(entry) {
      const journal = run((s) =>
        immediate(() => {
          const latest = (s.latestSequence.get(entry.environmentName) as { seq: number | null }).seq ?? 0;
          if (entry.sequence !== latest + 1) throw errs.journalTaken(entry.environmentName, entry.sequence, latest);
          const events = eventRecords(entry.environmentName, entry.sequence, entry.events);
          s.insertJournal.run(
            entry.environmentName,
            entry.sequence,
            entry.time,
            JSON.stringify(entry.status),
            JSON.stringify(events),
          );
          for (const e of events) {
            s.insertEvent.run(
              e.environmentName,
              e.sequence,
              e.index,
              e.type,
              e.time,
              e.revision ?? null,
              e.deploymentId ?? null,
              e.message,
              json(e.actor),
            );
          }
          const result: JournalEntry = {
            environmentName: entry.environmentName,
            sequence: entry.sequence,
            time: entry.time,
            status: entry.status,
            events,
          };
          return result;
        })(),
      );
      notify(entry.environmentName);
      return journal;
    },

    async latestJournal(name) {
      return run((s) => {
        const row = s.latestJournal.get(name) as JournalRow | undefined;
        return row && rowToJournal(row);
      });
    },

    async readJournal(name, afterSequence, limit) {
      return run((s) => (s.readJournal.all(name, afterSequence, clampPageSize(limit)) as JournalRow[]).map(rowToJournal));
    },

    async trimJournal(name, keep) {
      // Always keep the newest entry: it is where the next sequence continues.
      const k = Math.max(1, Math.floor(keep));
      run((s) => s.trimJournal.run(name, name, k));
    },

    async listEvents(name, options) {
      return run((s) => {
        const size = clampPageSize(options.pageSize);
        const { sequence: seq, index: idx } = eventsPageStart(options);
        const rows = s.listEvents.all(name, seq, seq, idx, size + 1) as EventRow[];
        return page(rows.map(rowToEvent), size, (e) =>
          encodePageToken("events", { sequence: e.sequence, index: e.index }),
        );
      });
    },

    subscribe(listener) {
      const unsubscribe = notifier.subscribe(listener);
      if (!closed) startPolling();
      return () => {
        unsubscribe();
        if (notifier.size === 0) stopPolling();
      };
    },

    async acquireLease(name, owner, ttlMs, now) {
      return run((s) =>
        immediate((): Lease | undefined => {
          const row = s.getLease.get(name) as LeaseRow | undefined;
          const expiresAt = now + ttlMs;
          if (!row) {
            s.upsertLease.run(name, owner, expiresAt, 1);
            return { environmentName: name, owner, expiresAt, epoch: 1 };
          }
          if (row.owner !== owner && !(row.expires_at < now)) return undefined;
          const epoch = row.owner === owner ? row.epoch : row.epoch + 1;
          s.upsertLease.run(name, owner, expiresAt, epoch);
          return { environmentName: name, owner, expiresAt, epoch };
        })(),
      );
    },

    async releaseLease(name, owner) {
      // Keep the row (and its epoch) so the next owner's epoch is still higher.
      run((s) => s.releaseLease.run(name, owner));
    },

    async listLeases() {
      return run((s) =>
        (s.listLeases.all() as LeaseRow[]).map((r) => ({
          environmentName: r.environment_name,
          owner: r.owner,
          expiresAt: r.expires_at,
          epoch: r.epoch,
        })),
      );
    },

    async purgeEnvironment(name) {
      run((s) => immediate(() => {
        purgeRows(s, name);
        s.deleteEnv.run(name);
      })());
      notify(name);
    },
  };
  return store;
}

function purgeRows(s: ReturnType<typeof prepare>, name: string): void {
  s.deleteRevisions.run(name);
  s.deleteDeployments.run(name);
  s.deleteJournal.run(name);
  s.deleteEvents.run(name);
  s.deleteLease.run(name);
}

function page<T>(rows: T[], size: number, token: (last: T) => string): Page<T> {
  if (rows.length <= size) return { items: rows, nextPageToken: "" };
  const items = rows.slice(0, size);
  return { items, nextPageToken: token(items[items.length - 1]!) };
}

function isConstraint(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === "string" && (err as { code: string }).code.startsWith("SQLITE_CONSTRAINT");
}

function mapError(err: unknown): unknown {
  if (err instanceof ConnectError) return err;
  const code = (err as { code?: unknown })?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code === "string" && code.startsWith("SQLITE_")) {
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
      return new ConnectError(`database unavailable: ${message} (${code})`, Code.Unavailable, undefined, undefined, err);
    }
    if (code.startsWith("SQLITE_CONSTRAINT")) {
      return new ConnectError(`store constraint violated: ${message}`, Code.Aborted, undefined, undefined, err);
    }
    if (code.startsWith("SQLITE_FULL") || code.startsWith("SQLITE_IOERR") || code.startsWith("SQLITE_CANTOPEN")) {
      return new ConnectError(`database unavailable: ${message} (${code})`, Code.Unavailable, undefined, undefined, err);
    }
    return new ConnectError(`database error: ${message} (${code})`, Code.Internal, undefined, undefined, err);
  }
  if (err instanceof TypeError && /database connection is not open/.test(message)) {
    return new ConnectError("database unavailable: the store is closed", Code.Unavailable, undefined, undefined, err);
  }
  return err;
}

/** Columns added after a table was first created: existing databases get them here. */
function migrate(db: Database.Database): void {
  const columns = new Set((db.prepare(`PRAGMA table_info(deployments)`).all() as Array<{ name: string }>).map((c) => c.name));
  if (!columns.has("promoted_steps")) db.exec(`ALTER TABLE deployments ADD COLUMN promoted_steps INTEGER NOT NULL DEFAULT 0`);
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS environments (
  name TEXT PRIMARY KEY,
  environment_id TEXT NOT NULL,
  cluster TEXT NOT NULL,
  latest_revision INTEGER NOT NULL,
  target_revision INTEGER NOT NULL,
  target_is_rollback INTEGER NOT NULL,
  current_deployment_id TEXT NOT NULL,
  frozen INTEGER NOT NULL,
  lifecycle TEXT NOT NULL,
  terminate_tasks INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER,
  purge_after INTEGER,
  version INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS revisions (
  environment_name TEXT NOT NULL,
  revision INTEGER NOT NULL,
  spec TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (environment_name, revision)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS deployments (
  deployment_id TEXT PRIMARY KEY,
  environment_name TEXT NOT NULL,
  revision INTEGER NOT NULL,
  from_revision INTEGER NOT NULL,
  rollback INTEGER NOT NULL,
  state TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  promoted_steps INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS deployments_by_environment ON deployments (environment_name, started_at, deployment_id);
CREATE TABLE IF NOT EXISTS journal (
  environment_name TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  time INTEGER NOT NULL,
  status TEXT NOT NULL,
  events TEXT NOT NULL,
  PRIMARY KEY (environment_name, sequence)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  environment_name TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  type TEXT NOT NULL,
  time INTEGER NOT NULL,
  revision INTEGER,
  deployment_id TEXT,
  message TEXT NOT NULL,
  PRIMARY KEY (environment_name, sequence, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS leases (
  environment_name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  epoch INTEGER NOT NULL
) WITHOUT ROWID;
`;

const ENV_COLUMNS = `name, environment_id, cluster, latest_revision, target_revision, target_is_rollback,
  current_deployment_id, frozen, lifecycle, terminate_tasks, created_at, updated_at, deleted_at, purge_after, version, audit`;
const ENV_VALUES = `@name, @environment_id, @cluster, @latest_revision, @target_revision, @target_is_rollback,
  @current_deployment_id, @frozen, @lifecycle, @terminate_tasks, @created_at, @updated_at, @deleted_at, @purge_after, @version, @audit`;

/** Audit columns (JSON, nullable), added to databases created before they existed. */
const AUDIT_COLUMNS: Array<[table: string, column: string]> = [
  ["environments", "audit"],
  ["revisions", "created_by"],
  ["deployments", "started_by"],
  ["events", "actor"],
];

function addAuditColumns(db: Database.Database): void {
  for (const [table, column] of AUDIT_COLUMNS) {
    const columns = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
    if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} TEXT`);
  }
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
function parsed<T>(text: string | null | undefined): T | undefined {
  return text === null || text === undefined ? undefined : (JSON.parse(text) as T);
}

function prepare(db: Database.Database) {
  return {
    getEnv: db.prepare(`SELECT * FROM environments WHERE name = ?`),
    insertEnv: db.prepare(`INSERT INTO environments (${ENV_COLUMNS}) VALUES (${ENV_VALUES})`),
    replaceEnv: db.prepare(`INSERT OR REPLACE INTO environments (${ENV_COLUMNS}) VALUES (${ENV_VALUES})`),
    bumpLatest: db.prepare(
      `UPDATE environments SET latest_revision = ?, updated_at = MAX(updated_at, ?), version = version + 1 WHERE name = ?`,
    ),
    listEnvs: db.prepare(
      `SELECT * FROM environments WHERE (@after IS NULL OR name > @after) AND (@all = 1 OR lifecycle <> 'deleted')
       ORDER BY name LIMIT @limit`,
    ),
    deleteEnv: db.prepare(`DELETE FROM environments WHERE name = ?`),

    insertRevision: db.prepare(`INSERT INTO revisions (environment_name, revision, spec, created_at, created_by) VALUES (?, ?, ?, ?, ?)`),
    getRevision: db.prepare(`SELECT * FROM revisions WHERE environment_name = ? AND revision = ?`),
    listRevisions: db.prepare(
      `SELECT * FROM revisions WHERE environment_name = ? AND revision > ? ORDER BY revision LIMIT ?`,
    ),
    allRevisions: db.prepare(`SELECT * FROM revisions WHERE environment_name = ? ORDER BY revision`),
    deleteRevisions: db.prepare(`DELETE FROM revisions WHERE environment_name = ?`),

    insertDeployment: db.prepare(
      `INSERT INTO deployments (deployment_id, environment_name, revision, from_revision, rollback, state, started_at, finished_at, started_by)
       VALUES (@deployment_id, @environment_name, @revision, @from_revision, @rollback, @state, @started_at, @finished_at, @started_by)`,
    ),
    getDeployment: db.prepare(`SELECT * FROM deployments WHERE deployment_id = ?`),
    transitionDeployment: db.prepare(`UPDATE deployments SET state = ?, finished_at = ? WHERE deployment_id = ? AND state = ?`),
    promoteDeployment: db.prepare(
      `UPDATE deployments SET promoted_steps = MAX(promoted_steps, ?) WHERE deployment_id = ? RETURNING *`,
    ),
    listDeployments: db.prepare(
      `SELECT * FROM deployments WHERE environment_name = ? ORDER BY started_at DESC, deployment_id DESC LIMIT ?`,
    ),
    listDeploymentsAfter: db.prepare(
      `SELECT * FROM deployments WHERE environment_name = ? AND (started_at < ? OR (started_at = ? AND deployment_id < ?))
       ORDER BY started_at DESC, deployment_id DESC LIMIT ?`,
    ),
    deleteDeployments: db.prepare(`DELETE FROM deployments WHERE environment_name = ?`),

    latestSequence: db.prepare(`SELECT MAX(sequence) AS seq FROM journal WHERE environment_name = ?`),
    insertJournal: db.prepare(
      `INSERT INTO journal (environment_name, sequence, time, status, events) VALUES (?, ?, ?, ?, ?)`,
    ),
    latestJournal: db.prepare(`SELECT * FROM journal WHERE environment_name = ? ORDER BY sequence DESC LIMIT 1`),
    readJournal: db.prepare(
      `SELECT * FROM journal WHERE environment_name = ? AND sequence > ? ORDER BY sequence LIMIT ?`,
    ),
    trimJournal: db.prepare(
      `DELETE FROM journal WHERE environment_name = ? AND sequence <= 
         (SELECT MAX(sequence) FROM journal WHERE environment_name = ?) - ?`,
    ),
    deleteJournal: db.prepare(`DELETE FROM journal WHERE environment_name = ?`),
    insertEvent: db.prepare(
      `INSERT INTO events (environment_name, sequence, idx, type, time, revision, deployment_id, message, actor)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    listEvents: db.prepare(
      `SELECT * FROM events WHERE environment_name = ? AND (sequence > ? OR (sequence = ? AND idx > ?))
       ORDER BY sequence, idx LIMIT ?`,
    ),
    deleteEvents: db.prepare(`DELETE FROM events WHERE environment_name = ?`),

    fingerprintEnvs: db.prepare(`SELECT name, version || '/' || latest_revision AS fp FROM environments`),
    fingerprintJournal: db.prepare(
      `SELECT environment_name AS name, MAX(sequence) AS fp FROM journal GROUP BY environment_name`,
    ),
    fingerprintDeployments: db.prepare(
      `SELECT environment_name AS name,
         COUNT(*) || '/' || SUM(state = 'in_progress') || '/' || COALESCE(MAX(finished_at), 0) || '/' || SUM(promoted_steps) AS fp
       FROM deployments GROUP BY environment_name`,
    ),

    getLease: db.prepare(`SELECT * FROM leases WHERE environment_name = ?`),
    upsertLease: db.prepare(`INSERT OR REPLACE INTO leases (environment_name, owner, expires_at, epoch) VALUES (?, ?, ?, ?)`),
    releaseLease: db.prepare(`UPDATE leases SET owner = '', expires_at = 0 WHERE environment_name = ? AND owner = ?`),
    listLeases: db.prepare(`SELECT * FROM leases WHERE owner <> '' ORDER BY environment_name`),
    deleteLease: db.prepare(`DELETE FROM leases WHERE environment_name = ?`),
  };
}

interface EnvRow {
  name: string;
  environment_id: string;
  cluster: string;
  latest_revision: number;
  target_revision: number;
  target_is_rollback: number;
  current_deployment_id: string;
  frozen: number;
  lifecycle: EnvironmentRecord["lifecycle"];
  terminate_tasks: number;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  purge_after: number | null;
  version: number;
  audit?: string | null;
}

function rowToEnv(r: EnvRow): EnvironmentRecord {
  const e: EnvironmentRecord = {
    name: r.name,
    environmentId: r.environment_id,
    cluster: r.cluster,
    latestRevision: r.latest_revision,
    targetRevision: r.target_revision,
    targetIsRollback: r.target_is_rollback !== 0,
    currentDeploymentId: r.current_deployment_id,
    frozen: r.frozen !== 0,
    lifecycle: r.lifecycle,
    terminateTasks: r.terminate_tasks !== 0,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  };
  if (r.deleted_at !== null) e.deletedAt = r.deleted_at;
  if (r.purge_after !== null) e.purgeAfter = r.purge_after;
  const audit = parsed<EnvironmentRecord["audit"]>(r.audit);
  if (audit) e.audit = audit;
  return e;
}

function envToRow(e: EnvironmentRecord): EnvRow {
  return {
    name: e.name,
    environment_id: e.environmentId,
    cluster: e.cluster,
    latest_revision: e.latestRevision,
    target_revision: e.targetRevision,
    target_is_rollback: e.targetIsRollback ? 1 : 0,
    current_deployment_id: e.currentDeploymentId,
    frozen: e.frozen ? 1 : 0,
    lifecycle: e.lifecycle,
    terminate_tasks: e.terminateTasks ? 1 : 0,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
    deleted_at: e.deletedAt ?? null,
    purge_after: e.purgeAfter ?? null,
    version: e.version,
    audit: json(e.audit),
  };
}

interface RevisionRow {
  environment_name: string;
  revision: number;
  spec: string;
  created_at: number;
  created_by?: string | null;
}

function rowToRevision(r: RevisionRow): RevisionRecord {
  const revision: RevisionRecord = {
    environmentName: r.environment_name,
    revision: r.revision,
    spec: JSON.parse(r.spec) as EnvironmentSpec,
    createdAt: r.created_at,
  };
  const createdBy = parsed<Actor>(r.created_by);
  if (createdBy) revision.createdBy = createdBy;
  return revision;
}

interface DeploymentRow {
  deployment_id: string;
  environment_name: string;
  revision: number;
  from_revision: number;
  rollback: number;
  state: DeploymentRecord["state"];
  started_at: number;
  finished_at: number | null;
  started_by?: string | null;
  promoted_steps: number;
}

function rowToDeployment(r: DeploymentRow): DeploymentRecord {
  const d: DeploymentRecord = {
    deploymentId: r.deployment_id,
    environmentName: r.environment_name,
    revision: r.revision,
    fromRevision: r.from_revision,
    rollback: r.rollback !== 0,
    state: r.state,
    startedAt: r.started_at,
  };
  if (r.finished_at !== null) d.finishedAt = r.finished_at;
  const startedBy = parsed<Actor>(r.started_by);
  if (startedBy) d.startedBy = startedBy;
  if (r.promoted_steps > 0) d.promotedSteps = r.promoted_steps;
  return d;
}

interface JournalRow {
  environment_name: string;
  sequence: number;
  time: number;
  status: string;
  events: string;
}

function rowToJournal(r: JournalRow): JournalEntry {
  return {
    environmentName: r.environment_name,
    sequence: r.sequence,
    time: r.time,
    status: JSON.parse(r.status) as EnvironmentStatusSnapshot,
    events: JSON.parse(r.events) as EventRecord[],
  };
}

interface EventRow {
  environment_name: string;
  sequence: number;
  idx: number;
  type: EventRecord["type"];
  time: number;
  revision: number | null;
  deployment_id: string | null;
  message: string;
  actor?: string | null;
}

function rowToEvent(r: EventRow): EventRecord {
  const e: EventRecord = {
    environmentName: r.environment_name,
    sequence: r.sequence,
    index: r.idx,
    type: r.type,
    time: r.time,
    message: r.message,
  };
  if (r.revision !== null) e.revision = r.revision;
  if (r.deployment_id !== null) e.deploymentId = r.deployment_id;
  const actor = parsed<Actor>(r.actor);
  if (actor) e.actor = actor;
  return e;
}

interface LeaseRow {
  environment_name: string;
  owner: string;
  expires_at: number;
  epoch: number;
}

// The stores the multi-replica tests run against: the embedded store (one
// SQLite file shared by every replica process) and MongoDB (a fresh database
// per test, dropped after) on the server MONGODB_URI names, else on the
// in-process stand-in (test/support/mongodb.ts).

import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient } from "mongodb";
import { mongoTarget } from "../../support/mongodb.js";
import { createStoreFromConfig } from "../../../server/store/create-store.js";
import type { BloxStore } from "../../../server/store/store.js";
import { silentLogger } from "../../../server/observability/logger.js";

/** One store shared by the replicas of one test. */
export interface SharedStore {
  readonly kind: "sqlite" | "mongodb";
  /** Variables that point a replica at this store. */
  readonly env: Record<string, string>;
  /** A scratch directory for the test (sim configs, ...), removed by dispose(). */
  readonly dir: string;
  /** Opens the store in the test process (to read leases, journals), initialized. Closed by dispose(). */
  open(): Promise<BloxStore>;
  /** Closes what open() opened, drops the MongoDB database, removes the directory. */
  dispose(): Promise<void>;
}

export interface StoreParam {
  name: "sqlite" | "mongodb";
  create(): Promise<SharedStore>;
}

const quiet = silentLogger;

/**
 * `uri` with its path (the database) replaced by `db`; query options kept.
 * With credentials and no authSource, the path also named the auth database:
 * keep authenticating there (default admin).
 */
export function uriWithDatabase(uri: string, db: string): string {
  const m = /^(mongodb(?:\+srv)?:\/\/([^/?#]*))(?:\/([^?#]*))?(.*)$/i.exec(uri);
  if (!m) throw new Error(`MONGODB_URI: not a mongodb:// URI: ${uri}`);
  let query = m[4] ?? "";
  if (m[2]!.includes("@") && !/[?&]authSource=/i.test(query)) {
    const authDb = m[3] ? m[3] : "admin";
    query = query.startsWith("?") ? `${query}&authSource=${authDb}` : `?authSource=${authDb}${query}`;
  }
  return `${m[1]}/${db}${query}`;
}

function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "blox-replicas-"));
}

function sqliteStore(): SharedStore {
  const dir = scratchDir();
  const dataDir = join(dir, "data");
  const opened: BloxStore[] = [];
  return {
    kind: "sqlite",
    dir,
    env: { BLOX_STORE: "sqlite", BLOX_DATA_DIR: dataDir },
    async open() {
      const store = createStoreFromConfig({ kind: "sqlite", dataDir });
      await store.init();
      opened.push(store);
      return store;
    },
    async dispose() {
      for (const s of opened.splice(0)) await s.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function mongoStore(baseUri: string): SharedStore {
  const dir = scratchDir();
  const dbName = `blox_replicas_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const uri = uriWithDatabase(baseUri, dbName);
  const opened: BloxStore[] = [];
  return {
    kind: "mongodb",
    dir,
    env: { BLOX_STORE: "mongodb", MONGODB_URI: uri },
    async open() {
      const store = createStoreFromConfig({ kind: "mongodb", dataDir: dir, mongodbUri: uri, logger: quiet });
      await store.init();
      opened.push(store);
      return store;
    },
    async dispose() {
      for (const s of opened.splice(0)) await s.close().catch(() => undefined);
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** sqlite, and mongodb on the MONGODB_URI server or the stand-in. */
export function storeParams(): StoreParam[] {
  return [
    { name: "sqlite", create: async () => sqliteStore() },
    { name: "mongodb", create: async () => mongoStore((await mongoTarget()).uri) },
  ];
}

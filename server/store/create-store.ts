import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { invalidArgument } from "../errors.js";
import { createMongoStore } from "./mongo-store.js";
import type { MongoStoreLogger } from "./mongo-store.js";
import { createSqliteStore } from "./sqlite-store.js";
import type { BloxStore } from "./store.js";

export type StoreKind = "sqlite" | "mongodb";

export interface StoreConfig {
  kind: StoreKind;
  /** Directory of the embedded store's file (blox.db); created if missing. */
  dataDir: string;
  /** Required when kind is "mongodb". */
  mongodbUri?: string;
  /** Passed to the MongoDB store (watch mode, connection trouble). */
  logger?: MongoStoreLogger;
}

/** Opens the configured store (not yet initialized: call init()). */
export function createStoreFromConfig(config: StoreConfig): BloxStore {
  if (config.kind === "mongodb") {
    if (!config.mongodbUri) throw invalidArgument("MONGODB_URI", "the mongodb store needs a URI");
    return createMongoStore({ uri: config.mongodbUri, logger: config.logger });
  }
  if (config.kind !== "sqlite") {
    throw invalidArgument("BLOX_STORE", `unknown store ${JSON.stringify(config.kind)}: use "sqlite" or "mongodb"`);
  }
  mkdirSync(config.dataDir, { recursive: true });
  return createSqliteStore({ path: join(config.dataDir, "blox.db") });
}

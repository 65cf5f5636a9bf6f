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

/**
 * Reads the store selection from the environment:
 * BLOX_STORE = "sqlite" (default) | "mongodb"; BLOX_DATA_DIR (default ./.blox);
 * MONGODB_URI (required for mongodb). Throws a clear error on bad values.
 */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const raw = (env.BLOX_STORE ?? "").trim();
  const kind = raw === "" ? "sqlite" : raw.toLowerCase();
  const dataDir = env.BLOX_DATA_DIR && env.BLOX_DATA_DIR.trim() !== "" ? env.BLOX_DATA_DIR : "./.blox";
  if (kind !== "sqlite" && kind !== "mongodb") {
    throw invalidArgument("BLOX_STORE", `unknown store ${JSON.stringify(raw)}: use "sqlite" (the default) or "mongodb"`);
  }
  if (kind === "mongodb") {
    const uri = (env.MONGODB_URI ?? "").trim();
    if (uri === "") {
      throw invalidArgument("MONGODB_URI", "BLOX_STORE=mongodb needs MONGODB_URI (e.g. mongodb://127.0.0.1:27017/blox)");
    }
    if (!/^mongodb(\+srv)?:\/\//i.test(uri)) {
      throw invalidArgument("MONGODB_URI", "must start with mongodb:// or mongodb+srv://");
    }
    return { kind, dataDir, mongodbUri: uri };
  }
  return { kind, dataDir };
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

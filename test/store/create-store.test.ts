import { expect } from "chai";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError } from "../../server/errors.js";
import { createStoreFromConfig } from "../../server/store/create-store.js";
import { MongoClient } from "mongodb";
import { silentLogger } from "../../server/observability/logger.js";
import { mongoTarget } from "../support/mongodb.js";
import { specOf } from "./store-contract-data.js";

const quietMongoLogger = silentLogger;

function invalid(fn: () => unknown): ConnectError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(ConnectError);
    expect((err as ConnectError).code).to.equal(Code.InvalidArgument);
    return err as ConnectError;
  }
  throw new Error("expected INVALID_ARGUMENT");
}

describe("store selection", function () {
  // The environment variables themselves are parsed and checked by loadConfig (test/api/config.test.ts).
  it("refuses a mongodb store without a URI, or an unknown kind", function () {
    expect(invalid(() => createStoreFromConfig({ kind: "mongodb", dataDir: "." })).message).to.match(/MONGODB_URI/);
    expect(invalid(() => createStoreFromConfig({ kind: "x" as never, dataDir: "." })).message).to.match(/BLOX_STORE/);
  });

  it("opens the embedded store at DATA_DIR/blox.db, creating the directory", async function () {
    const root = mkdtempSync(join(tmpdir(), "blox-config-"));
    try {
      const dataDir = join(root, "nested", "data");
      const store = createStoreFromConfig({ kind: "sqlite", dataDir });
      await store.init();
      await store.createEnvironment(specOf("Cfg"), 1);
      await store.close();
      expect(existsSync(join(dataDir, "blox.db"))).to.equal(true);
      const again = createStoreFromConfig({ kind: "sqlite", dataDir });
      expect((await again.getEnvironment("Cfg"))!.latestRevision).to.equal(1);
      await again.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("opens the mongodb store at MONGODB_URI's database (the stand-in unless MONGODB_URI is set)", async function () {
    const url = new URL((await mongoTarget()).uri);
    const dbName = `blox_create_store_${process.pid}_${Date.now()}`;
    url.pathname = `/${dbName}`;
    const mongodbUri = url.toString();
    const store = createStoreFromConfig({ kind: "mongodb", dataDir: "/nonexistent", mongodbUri, logger: quietMongoLogger });
    const client = new MongoClient(mongodbUri, { serverSelectionTimeoutMS: 5000 });
    try {
      await store.init();
      await store.createEnvironment(specOf("CfgMongo"), 1);
      // The environment is in the URI's database, not in an embedded file.
      expect(await client.db(dbName).listCollections().toArray()).to.not.be.empty;
      const again = createStoreFromConfig({ kind: "mongodb", dataDir: "/nonexistent", mongodbUri, logger: quietMongoLogger });
      await again.init();
      expect((await again.getEnvironment("CfgMongo"))!.latestRevision).to.equal(1);
      await again.close();
      expect(existsSync("/nonexistent")).to.equal(false);
    } finally {
      await store.close();
      await client.db(dbName).dropDatabase();
      await client.close();
    }
  });
});

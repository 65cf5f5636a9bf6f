import { expect } from "chai";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, ConnectError } from "../../server/errors.js";
import { createStoreFromConfig, storeConfigFromEnv } from "../../server/store/create-store.js";
import { specOf } from "./store-contract-data.js";

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
  it("reads BLOX_STORE, BLOX_DATA_DIR and MONGODB_URI", function () {
    const table: Array<[NodeJS.ProcessEnv, object]> = [
      [{}, { kind: "sqlite", dataDir: "./.blox" }],
      [{ BLOX_STORE: "" }, { kind: "sqlite", dataDir: "./.blox" }],
      [{ BLOX_STORE: "sqlite", BLOX_DATA_DIR: "/var/lib/blox" }, { kind: "sqlite", dataDir: "/var/lib/blox" }],
      [{ BLOX_STORE: "SQLite", MONGODB_URI: "mongodb://x/y" }, { kind: "sqlite", dataDir: "./.blox" }],
      [
        { BLOX_STORE: "mongodb", MONGODB_URI: "mongodb://db1:27017,db2:27017/blox?replicaSet=rs0" },
        { kind: "mongodb", dataDir: "./.blox", mongodbUri: "mongodb://db1:27017,db2:27017/blox?replicaSet=rs0" },
      ],
    ];
    for (const [env, config] of table) expect(storeConfigFromEnv(env), JSON.stringify(env)).to.deep.equal(config);
  });

  it("refuses a mongodb store without MONGODB_URI, a bad URI, or an unknown BLOX_STORE", function () {
    expect(invalid(() => storeConfigFromEnv({ BLOX_STORE: "mongodb" })).message).to.match(/MONGODB_URI.*BLOX_STORE=mongodb needs MONGODB_URI/);
    expect(invalid(() => storeConfigFromEnv({ BLOX_STORE: "mongodb", MONGODB_URI: "  " })).message).to.match(/MONGODB_URI/);
    expect(invalid(() => storeConfigFromEnv({ BLOX_STORE: "mongodb", MONGODB_URI: "http://db" })).message).to.match(/MONGODB_URI.*mongodb:\/\//);
    expect(invalid(() => storeConfigFromEnv({ BLOX_STORE: "postgres" })).message).to.match(/BLOX_STORE.*"postgres".*sqlite.*mongodb/);
    expect(invalid(() => createStoreFromConfig({ kind: "mongodb", dataDir: "." })).message).to.match(/MONGODB_URI/);
    expect(invalid(() => createStoreFromConfig({ kind: "x" as never, dataDir: "." })).message).to.match(/BLOX_STORE/);
  });

  it("opens the embedded store at DATA_DIR/blox.db, creating the directory", async function () {
    const root = mkdtempSync(join(tmpdir(), "blox-config-"));
    try {
      const dataDir = join(root, "nested", "data");
      const store = createStoreFromConfig(storeConfigFromEnv({ BLOX_DATA_DIR: dataDir }));
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

  it("creates a mongodb store without connecting", async function () {
    const store = createStoreFromConfig({ kind: "mongodb", dataDir: ".", mongodbUri: "mongodb://127.0.0.1:1/blox" });
    await store.close();
  });
});

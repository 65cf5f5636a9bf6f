import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { MongoClient } from "mongodb";
import { Code } from "../../server/errors.js";
import { createMongoStore, databaseNameFromUri } from "../../server/store/mongo-store.js";
import type { MongoStoreLogger } from "../../server/store/mongo-store.js";
import type { BloxStore } from "../../server/store/store.js";
import { concurrentUpdateRounds, expectCode, runStoreContract, specOf, waitFor } from "./store-contract.js";

// Runs against a real server when MONGODB_URI is set (e.g.
// MONGODB_URI=mongodb://127.0.0.1:27017 npm test); each run uses fresh
// databases and drops them. Without it only the server-less cases run.

const uri = process.env.MONGODB_URI;
const runId = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
let dbCounter = 0;
const quiet: MongoStoreLogger = { info() {}, warn() {} };

function skipWithoutServer(this: Mocha.Context): void {
  if (!uri) {
    console.log("  MONGODB_URI not set: skipping MongoDB store tests");
    this.skip();
  }
}

/** A fresh database name for one test, and a function dropping it. */
function freshDatabase(): { dbName: string; drop(): Promise<void> } {
  const dbName = `blox_test_${runId}_${++dbCounter}`;
  return {
    dbName,
    async drop() {
      const client = new MongoClient(uri!, { serverSelectionTimeoutMS: 5000 });
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

describe("MongoDB store (needs MONGODB_URI)", function () {
  before(skipWithoutServer);

  runStoreContract("mongodb", async () => {
    const { dbName, drop } = freshDatabase();
    const store = createMongoStore({ uri: uri!, dbName, logger: quiet, pollIntervalMs: 50 });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await drop();
      },
    };
  });

  describe("two replicas on one database", function () {
    let a: BloxStore;
    let b: BloxStore;
    let drop: () => Promise<void>;
    let dbName: string;

    beforeEach(async function () {
      const fresh = freshDatabase();
      drop = fresh.drop;
      dbName = fresh.dbName;
      a = createMongoStore({ uri: uri!, dbName: fresh.dbName, logger: quiet, pollIntervalMs: 50 });
      b = createMongoStore({ uri: uri!, dbName: fresh.dbName, logger: quiet, pollIntervalMs: 50 });
      await Promise.all([a.init(), b.init()]);
    });

    afterEach(async function () {
      await a?.close();
      await b?.close();
      await drop?.();
    });

    it("lets exactly one of 100 concurrent updates spread over two replicas win, 20 rounds", async function () {
      this.timeout(120_000);
      await concurrentUpdateRounds([a, b], "TwoReplicas");
    });

    it("reports one replica's writes to the other's subscribers", async function () {
      const seen: string[] = [];
      b.subscribe((n) => seen.push(n));
      // Let the watcher settle (change stream opened or first poll taken).
      await new Promise((r) => setTimeout(r, 300));
      await a.createEnvironment(specOf("Remote"), 1);
      await waitFor(() => seen.includes("Remote"), 5000, "replica b to see replica a's write");
    });

    it("repairs the head after a writer died between the revision insert and the head update", async function () {
      await a.createEnvironment(specOf("Crash"), 1);
      // Simulate the crash: revision 2 exists, the environment's head was never bumped.
      const client = new MongoClient(uri!, { serverSelectionTimeoutMS: 5000 });
      try {
        await client
          .db(dbName)
          .collection("revisions")
          .insertOne({ environmentName: "Crash", revision: 2, spec: specOf("Crash", { taskDefinition: "web:2" }), createdAt: 2 });
      } finally {
        await client.close();
      }
      await expectCode(
        b.updateEnvironment("Crash", 1, (s) => s, 3),
        Code.Aborted,
        /the latest revision of Crash is 2$/,
      );
      expect((await b.getEnvironment("Crash"))!.latestRevision).to.equal(2);
      const r3 = await a.updateEnvironment("Crash", 2, (s) => ({ ...s, taskDefinition: "web:3" }), 4);
      expect(r3.revision).to.equal(3);
      expect((await a.allRevisions("Crash")).map((r) => r.revision)).to.deep.equal([1, 2, 3]);
    });
  });
});

describe("MongoDB store without a server", function () {
  it("fails fast with UNAVAILABLE and a clear message when the database cannot be reached", async function () {
    this.timeout(10_000);
    const store = createMongoStore({ uri: "mongodb://127.0.0.1:1/blox", serverSelectionTimeoutMs: 300, logger: quiet });
    try {
      const started = Date.now();
      // Every call tries to connect afresh (a client whose first connect
      // failed never reconnects), so each one reports the refused connection.
      const reachable = /^database unavailable: .*(ECONNREFUSED|timed out)/;
      await expectCode(store.init(), Code.Unavailable, reachable);
      await expectCode(store.getEnvironment("x"), Code.Unavailable, reachable);
      await expectCode(store.createEnvironment(specOf("x"), 1), Code.Unavailable, reachable);
      await expectCode(store.updateEnvironment("x", 1, (s) => s, 1), Code.Unavailable, reachable);
      await expectCode(store.acquireLease("x", "me", 1000, 1), Code.Unavailable, reachable);
      expect(Date.now() - started).to.be.lessThan(5000);
    } finally {
      await store.close();
    }
    await expectCode(store.getEnvironment("x"), Code.Unavailable, /closed/);
  });

  it("refuses a malformed URI with INVALID_ARGUMENT naming MONGODB_URI", function () {
    expect(() => createMongoStore({ uri: "mongodb://", logger: quiet })).to.throw(/MONGODB_URI/);
    expect(() => createMongoStore({ uri: "postgres://x/y", logger: quiet })).to.throw(/MONGODB_URI/);
  });

  it("takes the database from the URI path, blox when it names none", function () {
    const cases: Array<[string, string]> = [
      ["mongodb://127.0.0.1:27017", "blox"],
      ["mongodb://127.0.0.1:27017/", "blox"],
      ["mongodb://127.0.0.1:27017/?replicaSet=rs0", "blox"],
      ["mongodb://127.0.0.1:27017/prod", "prod"],
      ["mongodb://u:p%40ss@h1:27017,h2:27018/app?replicaSet=rs0&w=majority", "app"],
      ["mongodb+srv://cluster0.example.net/ops?retryWrites=true", "ops"],
      ["mongodb://%2Ftmp%2Fmongodb-27017.sock/sock", "sock"],
    ];
    for (const [u, name] of cases) expect(databaseNameFromUri(u), u).to.equal(name);
    expect(() => databaseNameFromUri("http://localhost/x")).to.throw(/MONGODB_URI/);
  });
});

import { expect } from "chai";
import { randomBytes } from "node:crypto";
import { Long, MongoClient, MongoNetworkError, MongoServerError, MongoServerSelectionError } from "mongodb";
import type { Document } from "mongodb";
import { Code } from "../../server/errors.js";
import { isDuplicateKey, isIndexConflict, isUnavailable, mapMongoError } from "../../server/store/mongo-errors.js";
import { changeStreamsAdvertised, openRefusal } from "../../server/store/mongo-change-feed.js";
import {
  checkDatabaseName,
  createMongoStore,
  databaseNameFromUri,
} from "../../server/store/mongo-store.js";
import type { MongoStoreLogger } from "../../server/store/mongo-store.js";
import type { BloxStore } from "../../server/store/store.js";
import { cursorReply, DROP_CONNECTION, forwardTo, startFakeMongo, type FakeMongo } from "../support/fake-mongo.js";
import { mongoTarget, requireRealMongo } from "../support/mongodb.js";
import { concurrentUpdateRounds, expectCode, runStoreContract, specOf, statusOf, waitFor } from "./store-contract.js";
import { silentLogger } from "../../server/observability/logger.js";

// Runs against the server MONGODB_URI names (e.g.
// MONGODB_URI=mongodb://127.0.0.1:27017 npm test), else against the in-process
// stand-in (test/support/mongodb.ts); each run uses fresh databases and drops them.

let uri = "";
const runId = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
let dbCounter = 0;
const quiet: MongoStoreLogger = silentLogger;

/** A fresh database name for one test, and a function dropping it. */
function freshDatabase(): { dbName: string; drop(): Promise<void> } {
  const dbName = `blox_test_${runId}_${++dbCounter}`;
  return {
    dbName,
    async drop() {
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

describe("MongoDB store (MONGODB_URI, else the stand-in)", function () {
  before(async function () {
    uri = (await mongoTarget()).uri;
  });

  runStoreContract("mongodb", async () => {
    const { dbName, drop } = freshDatabase();
    const store = createMongoStore({ uri: uri, dbName, logger: quiet, pollIntervalMs: 50 });
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
      a = createMongoStore({ uri: uri, dbName: fresh.dbName, logger: quiet, pollIntervalMs: 50 });
      b = createMongoStore({ uri: uri, dbName: fresh.dbName, logger: quiet, pollIntervalMs: 50 });
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
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
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

    it("repairs the events of a journal entry whose writer died before writing them", async function () {
      const e1 = await a.appendJournal({
        environmentName: "Ev",
        sequence: 1,
        time: 1,
        status: statusOf("Ev"),
        events: [{ type: "stuck", time: 1, message: "one" }, { type: "failing", time: 1, message: "two" }],
      });
      // Simulate the crash: the entry stays, its events are gone.
      const loseEvents = async () => {
        const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
        try {
          await client.db(dbName).collection("events").deleteMany({ environmentName: "Ev" });
        } finally {
          await client.close();
        }
      };
      await loseEvents();
      expect((await b.listEvents("Ev", { pageSize: 10 })).items).to.deep.equal(e1.events);
      await loseEvents();
      const e2 = await b.appendJournal({ environmentName: "Ev", sequence: 2, time: 2, status: statusOf("Ev"), events: [] });
      expect(e2.sequence).to.equal(2);
      expect((await a.listEvents("Ev", { pageSize: 10 })).items).to.deep.equal(e1.events);
    });

    it("returns plain numbers and no _id from every read", async function () {
      const { environment } = await a.createEnvironment(specOf("Types"), 1_700_000_000_000);
      await a.insertDeployment({ deploymentId: "Types:1@x", environmentName: "Types", revision: 1, fromRevision: 0, rollback: false, state: "in_progress", startedAt: 1_700_000_000_001 });
      await a.appendJournal({ environmentName: "Types", sequence: 1, time: 1, status: statusOf("Types"), events: [{ type: "stuck", time: 2, message: "m" }] });
      const lease = await a.acquireLease("Types", "me", 1000, 1_700_000_000_000);
      const reads: unknown[] = [
        await b.getEnvironment("Types"),
        (await b.listEnvironments({ pageSize: 10 })).items,
        await b.allRevisions("Types"),
        await b.getDeployment("Types:1@x"),
        (await b.listDeployments("Types", { pageSize: 10 })).items,
        await b.latestJournal("Types"),
        (await b.listEvents("Types", { pageSize: 10 })).items,
        await b.listLeases(),
        lease,
        environment,
      ];
      const walk = (v: unknown, path: string): void => {
        if (v === null || typeof v !== "object") return;
        expect(Object.getPrototypeOf(v) === Object.prototype || Array.isArray(v), `${path} is a plain object or array`).to.equal(true);
        for (const [k, x] of Object.entries(v)) {
          expect(k, `${path}.${k}`).to.not.equal("_id");
          walk(x, `${path}.${k}`);
        }
      };
      reads.forEach((r, i) => walk(r, `read ${i}`));
      expect(await b.getEnvironment("Types")).to.deep.equal(environment);
    });
  });

  // What the stand-in cannot show: these run only against a real server
  // (MONGODB_URI), and are listed in docs/replicas.md.
  describe("on a real MongoDB server only", function () {
    let stores: BloxStore[] = [];
    let drop: (() => Promise<void>) | undefined;

    afterEach(async function () {
      for (const s of stores.splice(0)) await s.close();
      await drop?.();
      drop = undefined;
    });

    it("pushes one replica's writes to the other through a change stream (replica set)", async function () {
      await requireRealMongo(this, "change streams");
      const probe = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 });
      try {
        if (!changeStreamsAdvertised(await probe.db("admin").command({ hello: 1 }))) {
          console.log("      the MONGODB_URI server is standalone (no change streams): use a replica set to run it");
          this.skip();
        }
      } finally {
        await probe.close();
      }
      const fresh = freshDatabase();
      drop = fresh.drop;
      const log = recordingLogger();
      const a = createMongoStore({ uri, dbName: fresh.dbName, logger: quiet });
      // A poll period far beyond the test's reach: only a change stream can deliver in time.
      const b = createMongoStore({ uri, dbName: fresh.dbName, logger: log, pollIntervalMs: 600_000 });
      stores = [a, b];
      await Promise.all([a.init(), b.init()]);
      const seen: string[] = [];
      b.subscribe((n) => seen.push(n));
      await waitFor(() => log.lines.some((l) => /with MongoDB change streams/.test(l)), 10_000, "the change stream to open");
      await a.createEnvironment(specOf("Pushed"), 1);
      await a.insertDeployment({ deploymentId: "Pushed:1@x", environmentName: "Pushed", revision: 1, fromRevision: 0, rollback: false, state: "in_progress", startedAt: 2 });
      await waitFor(() => seen.filter((n) => n === "Pushed").length >= 2, 10_000, "both writes through the change stream");
      expect(log.lines.filter((l) => /polling/.test(l))).to.deep.equal([]);
    });

    it("gives a free lease to exactly one of 30 replicas asking at once, 10 rounds", async function () {
      // The stand-in runs one command at a time, so its upserts never collide
      // on the unique index; a real server runs them in parallel.
      await requireRealMongo(this, "parallel commands");
      const fresh = freshDatabase();
      drop = fresh.drop;
      stores = Array.from({ length: 30 }, () => createMongoStore({ uri, dbName: fresh.dbName, logger: quiet }));
      await Promise.all(stores.map((s) => s.init()));
      for (let round = 0; round < 10; round++) {
        const name = `Lease${round}`;
        const results = await Promise.all(stores.map((s, i) => s.acquireLease(name, `r${i}`, 60_000, 1_000)));
        const owners = results.filter((l) => l !== undefined).map((l) => l!.owner);
        expect(owners, `round ${round}`).to.have.length(1);
        expect((await stores[0]!.listLeases()).filter((l) => l.environmentName === name).map((l) => l.owner)).to.deep.equal(owners);
      }
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

function recordingLogger(): MongoStoreLogger & { lines: string[] } {
  const lines: string[] = [];
  return { ...silentLogger, lines, info: (m) => void lines.push(`info: ${m}`), warn: (m) => void lines.push(`warn: ${m}`) };
}

describe("MongoDB store against a scripted wire-protocol server", function () {
  this.timeout(15_000);
  let fake: FakeMongo | undefined;
  let store: BloxStore | undefined;

  afterEach(async function () {
    await store?.close();
    await fake?.close();
    store = undefined;
    fake = undefined;
  });

  /** Polling state the scripted server reports: env heads, journal heads, deployment groups. */
  function pollingState() {
    return {
      envs: [] as Document[],
      journal: [] as Document[],
      deployments: [] as Document[],
    };
  }
  function answerPolling(state: ReturnType<typeof pollingState>, cmd: Document, name: string): Document | undefined {
    if (name === "find" && cmd.find === "environments") return cursorReply(cmd, state.envs);
    if (name === "aggregate" && cmd.aggregate === "journal") return cursorReply(cmd, state.journal);
    if (name === "aggregate" && cmd.aggregate === "deployments") return cursorReply(cmd, state.deployments);
    return undefined;
  }

  it("polls on a standalone server, says so once, and reports changes including deployments", async function () {
    const state = pollingState();
    state.envs = [{ _id: "A", version: 1, latestRevision: 1 }];
    fake = await startFakeMongo({ handle: (cmd, name) => answerPolling(state, cmd, name) });
    const log = recordingLogger();
    store = createMongoStore({ uri: fake.uri, logger: log, pollIntervalMs: 20, serverSelectionTimeoutMs: 2000 });
    const seen: string[] = [];
    store.subscribe((n) => seen.push(n));
    await waitFor(() => fake!.commands.filter((c) => c.aggregate === "deployments").length >= 2, 5000, "two polls");
    expect(seen, "the first poll is the baseline").to.deep.equal([]);
    // Another replica finishes a deployment: only the deployments collection changes.
    state.deployments = [{ _id: "A", n: 1, open: 0, finished: 5 }];
    await waitFor(() => seen.includes("A"), 5000, "the deployment change");
    state.journal = [{ _id: "B", sequence: 1 }];
    await waitFor(() => seen.includes("B"), 5000, "the journal of a new environment");
    expect(fake.commands.some((c) => c.aggregate !== undefined && JSON.stringify(c.pipeline).includes("$changeStream")), "never tried a change stream").to.equal(false);
    expect(log.lines.filter((l) => /polling for changes/.test(l))).to.deep.equal([
      "info: blox store: the MongoDB server has no change streams (standalone): polling for changes of other replicas every 20 ms",
    ]);
  });

  const refusals: Array<{ code: number; errmsg: string }> = [
    { code: 1, errmsg: "unknown aggregation stage $changeStream" }, // CongoDB and other wire-compatible servers
    { code: 40324, errmsg: "Unrecognized pipeline stage name: '$changeStream'" },
    { code: 40573, errmsg: "The $changeStream stage is only supported on replica sets" },
    { code: 303, errmsg: "$changeStream is not supported" },
    { code: 13, errmsg: "not authorized on blox to execute command { aggregate: 1 }" },
  ];
  for (const refusal of refusals) {
    it(`falls back to polling for good, logged once, when a replica set refuses the change stream with code ${refusal.code}`, async function () {
      const state = pollingState();
      fake = await startFakeMongo({
        replicaSet: true,
        handle: (cmd, name) => {
          if (name === "aggregate" && cmd.aggregate === 1 && "$changeStream" in (cmd.pipeline as Document[])[0]!) {
            return { ok: 0, code: refusal.code, codeName: `Code${refusal.code}`, errmsg: refusal.errmsg };
          }
          return answerPolling(state, cmd, name);
        },
      });
      const log = recordingLogger();
      store = createMongoStore({ uri: fake.uri, logger: log, pollIntervalMs: 20, serverSelectionTimeoutMs: 2000 });
      const seen: string[] = [];
      const unsubscribe = store.subscribe((n) => seen.push(n));
      await waitFor(() => fake!.commands.filter((c) => c.aggregate === "deployments").length >= 2, 5000, "two polls");
      state.envs = [{ _id: "C", version: 2, latestRevision: 1 }];
      await waitFor(() => seen.includes("C"), 5000, "a polled change");
      // Unsubscribing and subscribing again polls at once: no second attempt.
      unsubscribe();
      const polls = fake.commands.filter((c) => c.aggregate === "deployments").length;
      store.subscribe((n) => seen.push(n));
      await waitFor(() => fake!.commands.filter((c) => c.aggregate === "deployments").length >= polls + 2, 5000, "polling again");
      state.journal = [{ _id: "D", sequence: 3 }];
      await waitFor(() => seen.includes("D"), 5000, "a second polled change");
      expect(fake.commands.filter((c) => c.aggregate === 1), "one change stream attempt").to.have.length(1);
      expect(log.lines).to.deep.equal([
        `info: blox store: the MongoDB server refused change streams (code ${refusal.code}: ${refusal.errmsg}): polling for changes of other replicas every 20 ms`,
      ]);
    });
  }

  it("falls back to polling when a replica set drops the connection on every change stream, after three tries", async function () {
    const state = pollingState();
    fake = await startFakeMongo({
      replicaSet: true,
      handle: (cmd, name) => {
        if (name === "aggregate" && cmd.aggregate === 1) return DROP_CONNECTION;
        return answerPolling(state, cmd, name);
      },
    });
    const log = recordingLogger();
    store = createMongoStore({ uri: fake.uri, logger: log, pollIntervalMs: 20, serverSelectionTimeoutMs: 2000 });
    const seen: string[] = [];
    store.subscribe((n) => seen.push(n));
    await waitFor(() => log.lines.some((l) => /refused change streams/.test(l)), 10_000, "the fallback");
    await waitFor(() => fake!.commands.filter((c) => c.aggregate === "deployments").length >= 2, 5000, "two polls");
    state.envs = [{ _id: "E", version: 2, latestRevision: 1 }];
    await waitFor(() => seen.includes("E"), 5000, "a polled change");
    const attempts = fake.commands.filter((c) => c.aggregate === 1).length;
    expect(attempts, "a bounded number of attempts (the driver may retry each once)").to.be.within(3, 6);
    expect(log.lines.filter((l) => /refused change streams/.test(l))).to.have.length(1);
    expect(log.lines.find((l) => /refused/.test(l))).to.match(/opening a change stream failed 3 times in a row while the server answered other commands/);
    expect(fake.commands.filter((c) => c.aggregate === 1).length, "no attempt after the fallback").to.equal(attempts);
  });

  it("delivers another replica's writes by polling through a replica-set-claiming server in front of the stand-in (code 1)", async function () {
    const target = (await mongoTarget()).uri;
    const dbName = `blox_test_${runId}_${++dbCounter}`;
    const backend = new MongoClient(target, { serverSelectionTimeoutMS: 5000, promoteLongs: false });
    const forward = forwardTo(backend);
    let refused: Document | undefined;
    fake = await startFakeMongo({
      replicaSet: true,
      handle: async (cmd, name) => {
        const reply = await forward(cmd, name);
        if (name === "aggregate" && cmd.aggregate === 1) refused = reply as Document;
        return reply;
      },
    });
    const log = recordingLogger();
    const writer = createMongoStore({ uri: target, dbName, logger: quiet });
    try {
      store = createMongoStore({ uri: fake.uri, dbName, logger: log, pollIntervalMs: 20, serverSelectionTimeoutMs: 2000 });
      await store.init();
      const seen: string[] = [];
      store.subscribe((n) => seen.push(n));
      await waitFor(() => log.lines.some((l) => /polling for changes/.test(l)), 10_000, "the fallback");
      await waitFor(() => fake!.commands.filter((c) => c.aggregate === "deployments").length >= 2, 5000, "two polls");
      await writer.createEnvironment(specOf("Other/Write"), 1000);
      await waitFor(() => seen.includes("Other/Write"), 5000, "the other replica's write");
      if ((await mongoTarget()).standIn) {
        expect(refused?.ok, "the stand-in refused the change stream").to.equal(0);
        expect(log.lines.find((l) => /refused change streams/.test(l))).to.match(/\(code 1: /);
      }
    } finally {
      await writer.close();
      await backend.db(dbName).dropDatabase().catch(() => {});
      await backend.close();
    }
  });

  it("uses change streams where the server has them and reports the environment of each change", async function () {
    let events: Document[] = [];
    let opened = 0;
    fake = await startFakeMongo({
      replicaSet: true,
      handle: async (cmd, name) => {
        if (name === "aggregate" && cmd.aggregate === 1) {
          opened++;
          const stage = (cmd.pipeline as Document[])[0]!.$changeStream as Document;
          expect(stage.fullDocument).to.equal("updateLookup");
          return { cursor: { id: Long.fromNumber(42), ns: "blox.$cmd.aggregate", firstBatch: [], postBatchResumeToken: { _data: "00" } }, ok: 1 };
        }
        if (name === "getMore") {
          const batch = events;
          events = [];
          if (batch.length === 0) await new Promise((r) => setTimeout(r, 20));
          return { cursor: { id: Long.fromNumber(42), ns: "blox.$cmd.aggregate", nextBatch: batch, postBatchResumeToken: { _data: "01" } }, ok: 1 };
        }
        return undefined;
      },
    });
    const log = recordingLogger();
    store = createMongoStore({ uri: fake.uri, logger: log, pollIntervalMs: 20, serverSelectionTimeoutMs: 2000 });
    const seen: string[] = [];
    store.subscribe((n) => seen.push(n));
    await waitFor(() => log.lines.some((l) => /with MongoDB change streams/.test(l)), 5000, "the change stream");
    events = [
      { _id: { _data: "02" }, operationType: "insert", ns: { db: "blox", coll: "journal" }, documentKey: { _id: 1 }, fullDocument: { environmentName: "J" } },
      { _id: { _data: "03" }, operationType: "delete", ns: { db: "blox", coll: "environments" }, documentKey: { _id: "Gone" } },
      { _id: { _data: "04" }, operationType: "delete", ns: { db: "blox", coll: "revisions" }, documentKey: { _id: 7 } },
    ];
    await waitFor(() => seen.includes("J") && seen.includes("Gone"), 5000, "the changes");
    expect(new Set(seen)).to.deep.equal(new Set(["J", "Gone"]));
    expect(opened).to.equal(1);
    expect(fake.commands.some((c) => c.find === "environments"), "no polling").to.equal(false);
  });

  it("maps server replies: duplicate key, not primary, index conflicts, and strips _id and Long", async function () {
    const envDoc = {
      _id: "E",
      name: "E",
      environmentId: "id-1",
      cluster: "default",
      latestRevision: Long.fromNumber(2),
      targetRevision: 0,
      targetIsRollback: false,
      currentDeploymentId: "",
      frozen: false,
      lifecycle: "live",
      terminateTasks: false,
      createdAt: Long.fromNumber(1_700_000_000_000),
      updatedAt: 1_700_000_000_000,
      version: Long.fromNumber(3),
      deletedAt: null,
    };
    let notPrimary = false;
    fake = await startFakeMongo({
      handle: (cmd, name) => {
        if (notPrimary) return { ok: 0, code: 10107, codeName: "NotWritablePrimary", errmsg: "not primary" };
        if (name === "createIndexes" && cmd.createIndexes === "deployments") {
          return { ok: 0, code: 85, codeName: "IndexOptionsConflict", errmsg: "Index already exists with a different name: startedAt_1" };
        }
        if (name === "createIndexes") return { ok: 1, numIndexesBefore: 1, numIndexesAfter: 2 };
        if (name === "insert") {
          return { ok: 1, n: 0, writeErrors: [{ index: 0, code: 11000, errmsg: "E11000 duplicate key error collection: blox.environments index: _id_ dup key" }] };
        }
        if (name === "find" && cmd.find === "environments") return cursorReply(cmd, [envDoc]);
        if (name === "find" && cmd.find === "revisions") return cursorReply(cmd, [{ _id: 9, revision: Long.fromNumber(2) }]);
        return undefined;
      },
    });
    store = createMongoStore({ uri: fake.uri, logger: quiet, serverSelectionTimeoutMs: 2000 });
    await expectCode(store.init(), Code.FailedPrecondition, /deployment_id_unique, env_newest_first of collection deployments.*different name/);
    await expectCode(store.createEnvironment(specOf("E"), 1), Code.AlreadyExists, /^environment E already exists$/);
    const env = await store.getEnvironment("E");
    expect(env).to.deep.equal({
      name: "E",
      environmentId: "id-1",
      cluster: "default",
      latestRevision: 2,
      targetRevision: 0,
      targetIsRollback: false,
      currentDeploymentId: "",
      frozen: false,
      lifecycle: "live",
      terminateTasks: false,
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_000,
      version: 3,
    });
    notPrimary = true;
    await expectCode(store.getEnvironment("E"), Code.Unavailable, /^database unavailable: not primary/);
  });

  it("copies the events of an entry whose writer died before writing them, before appending the next", async function () {
    const lost = { environmentName: "R", sequence: 1, index: 0, type: "stuck", time: 5, message: "lost" };
    const inserted: Array<{ coll: string; docs: Document[] }> = [];
    fake = await startFakeMongo({
      handle: (cmd, name) => {
        if (name === "find" && cmd.find === "journal") return cursorReply(cmd, [{ sequence: 1, events: [lost] }]);
        if (name === "aggregate" && cmd.aggregate === "events") return cursorReply(cmd, [{ _id: 1, n: 0 }]); // countDocuments: none stored
        if (name === "insert") {
          inserted.push({ coll: String(cmd.insert), docs: cmd.documents as Document[] });
          return { ok: 1, n: (cmd.documents as Document[]).length };
        }
        return undefined;
      },
    });
    store = createMongoStore({ uri: fake.uri, logger: quiet, serverSelectionTimeoutMs: 2000 });
    const e2 = await store.appendJournal({
      environmentName: "R",
      sequence: 2,
      time: 6,
      status: statusOf("R"),
      events: [{ type: "unstuck", time: 6, message: "found" }],
    });
    expect(e2.events).to.deep.equal([{ environmentName: "R", sequence: 2, index: 0, type: "unstuck", time: 6, message: "found" }]);
    const strip = (docs: Document[]) => docs.map(({ _id, ...rest }) => rest);
    expect(inserted.map((i) => i.coll)).to.deep.equal(["events", "journal", "events"]);
    expect(strip(inserted[0]!.docs), "the repair comes first").to.deep.equal([lost]);
    expect(strip(inserted[2]!.docs)).to.deep.equal(e2.events);
  });

  it("reports success once the revision is written, even if updating the head fails", async function () {
    const spec = specOf("H");
    fake = await startFakeMongo({
      handle: (cmd, name) => {
        if (name === "find" && cmd.find === "environments") {
          return cursorReply(cmd, [{ _id: "H", name: "H", latestRevision: 1, lifecycle: "live", version: 1 }]);
        }
        if (name === "find" && cmd.find === "revisions") {
          return cursorReply(cmd, [{ environmentName: "H", revision: 1, spec, createdAt: 1 }]);
        }
        if (name === "insert" && cmd.insert === "revisions") return { ok: 1, n: 1 };
        if (name === "update") return { ok: 0, code: 2, codeName: "BadValue", errmsg: "simulated failure after the commit point" };
        return undefined;
      },
    });
    const log = recordingLogger();
    store = createMongoStore({ uri: fake.uri, logger: log, serverSelectionTimeoutMs: 2000 });
    const rev = await store.updateEnvironment("H", 1, (s) => ({ ...s, taskDefinition: "web:2" }), 7);
    expect(rev).to.deep.equal({ environmentName: "H", revision: 2, spec: { ...spec, taskDefinition: "web:2" }, createdAt: 7 });
    expect(fake.commands.filter((c) => c.update === "environments")).to.have.length(1);
    expect(log.lines.some((l) => /revision 2 of H is written; updating its head failed/.test(l))).to.equal(true);
  });

  it("fails with UNAVAILABLE while the server is gone and recovers by itself when it returns", async function () {
    fake = await startFakeMongo({
      handle: (cmd, name) => (name === "find" ? cursorReply(cmd, []) : undefined),
    });
    store = createMongoStore({ uri: fake.uri, logger: quiet, serverSelectionTimeoutMs: 300 });
    expect(await store.getEnvironment("x")).to.equal(undefined);
    await fake.kill();
    await expectCode(store.getEnvironment("x"), Code.Unavailable, /^database unavailable: /);
    await fake.revive();
    let back: unknown = "not yet";
    const deadline = Date.now() + 5000;
    while (back !== undefined && Date.now() < deadline) {
      back = await store.getEnvironment("x").catch((e: unknown) => e);
      if (back !== undefined) await new Promise((r) => setTimeout(r, 100));
    }
    expect(back).to.equal(undefined);
  });
});

describe("MongoDB store helpers", function () {
  it("refuses database names MongoDB does not accept, naming MONGODB_URI", function () {
    for (const ok of ["blox", "blox_test-1", "Ünïcode"]) expect(() => checkDatabaseName(ok), ok).to.not.throw();
    for (const bad of ["a.b", "a b", "a$b", 'a"b', "a/b", "a\\b", "", "x".repeat(64)]) {
      expect(() => checkDatabaseName(bad), bad).to.throw(/MONGODB_URI/);
    }
    expect(() => createMongoStore({ uri: "mongodb://127.0.0.1:1/bad.name", logger: quiet })).to.throw(/MONGODB_URI.*"\."/);
  });

  it("selects change streams from hello only for replica sets and mongos", function () {
    expect(changeStreamsAdvertised({ ismaster: true })).to.equal(false);
    expect(changeStreamsAdvertised({ isWritablePrimary: true, setName: "rs0" })).to.equal(true);
    expect(changeStreamsAdvertised({ ismaster: true, msg: "isdbgrid" })).to.equal(true);
  });

  it("classifies driver errors", function () {
    const server = (code: number, errmsg = "x") => new MongoServerError({ code, errmsg });
    // Any answer of the server refuses a change stream for good; only an unreachable or stepping-down server is waited for.
    expect(openRefusal(server(40573, "The $changeStream stage is only supported on replica sets"))).to.equal("code 40573: The $changeStream stage is only supported on replica sets");
    expect(openRefusal(server(13, "not authorized to execute command aggregate"))).to.match(/^code 13: /);
    expect(openRefusal(server(1, "Change streams are not enabled on this collection"))).to.match(/^code 1: /);
    expect(openRefusal(server(303, "x"))).to.match(/^code 303: /);
    expect(openRefusal(server(10107, "not primary"))).to.equal(undefined);
    expect(openRefusal(new MongoNetworkError("connection reset"))).to.equal(undefined);
    expect(isDuplicateKey(server(11000))).to.equal(true);
    expect(isDuplicateKey(server(11001))).to.equal(true);
    expect(isDuplicateKey(server(112))).to.equal(false);
    expect(isIndexConflict(server(85))).to.equal(true);
    expect(isIndexConflict(server(86))).to.equal(true);
    expect(isUnavailable(server(10107))).to.equal(true);
    expect(isUnavailable(server(11000))).to.equal(false);
    expect(isUnavailable(new MongoServerSelectionError("Server selection timed out", {} as never))).to.equal(true);
    const mapped = mapMongoError(server(2, "bad value")) as { code: Code; rawMessage: string };
    expect(mapped.code).to.equal(Code.Internal);
    expect(mapped.rawMessage).to.equal("database error: bad value");
    const plain = new Error("not the driver's");
    expect(mapMongoError(plain)).to.equal(plain);
  });
});

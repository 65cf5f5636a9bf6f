// The vendored CongoDB stand-in where this project patched it
// (test/support/congodb/PATCHES.md), through the real MongoDB driver: any _id
// type, unique secondary indexes, pipeline updates, a hello the driver polls,
// indexes that die with their database, and port 0.

import { expect } from "chai";
import { MongoClient, MongoServerError, ObjectId } from "mongodb";
import type { Collection, Document } from "mongodb";
import { CongoServer } from "./congodb/server/CongoServer.js";

async function rejection(p: Promise<unknown>): Promise<MongoServerError> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(MongoServerError);
    return err as MongoServerError;
  }
  throw new Error("expected the server to refuse");
}

async function waitUntil(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

describe("CongoDB stand-in (the patched behaviour)", function () {
  this.timeout(20_000);
  let server: CongoServer;
  let client: MongoClient;
  let n = 0;
  const coll = (): Collection<Document> => client.db("congo_test").collection(`c${++n}`);

  before(async function () {
    server = new CongoServer({ port: 0, host: "127.0.0.1" });
    await server.start();
    client = new MongoClient(server.getConnectionUri(), { serverSelectionTimeoutMS: 5000 });
    await client.connect();
  });

  after(async function () {
    await client?.close();
    await server?.stop();
  });

  describe("_id values", function () {
    it("keeps string, number and ObjectId _id values as given, each distinct", async function () {
      const c = coll();
      const oid = new ObjectId();
      await c.insertOne({ _id: "env/A" as never, v: 1 });
      await c.insertOne({ _id: "env/B" as never, v: 2 });
      await c.insertOne({ _id: 1 as never, v: 3 });
      await c.insertOne({ _id: "1" as never, v: 4 });
      await c.insertOne({ _id: oid, v: 5 });
      expect((await c.findOne({ _id: "env/A" as never }))?.v).to.equal(1);
      expect((await c.findOne({ _id: 1 as never }))?.v).to.equal(3);
      expect((await c.findOne({ _id: "1" as never }))?.v).to.equal(4);
      expect((await c.findOne({ _id: oid }))?._id).to.deep.equal(oid);
      const ids = (await c.find({}).toArray()).map((d) => d._id);
      expect(ids.filter((id) => typeof id === "string").sort()).to.deep.equal(["1", "env/A", "env/B"]);
      expect(ids.filter((id) => typeof id === "number")).to.deep.equal([1]);
    });

    it("refuses a repeated string _id with E11000, and replaces and deletes by it", async function () {
      const c = coll();
      await c.insertOne({ _id: "same" as never, v: 1 });
      const err = await rejection(c.insertOne({ _id: "same" as never, v: 2 }));
      expect(err.code).to.equal(11000);
      expect((await c.findOne({ _id: "same" as never }))?.v).to.equal(1);
      await c.replaceOne({ _id: "same" as never }, { v: 3 });
      expect((await c.findOne({ _id: "same" as never }))?.v).to.equal(3);
      expect((await c.deleteOne({ _id: "same" as never })).deletedCount).to.equal(1);
      expect(await c.countDocuments({})).to.equal(0);
    });
  });

  describe("unique secondary indexes", function () {
    it("refuses a duplicate on insert, update and upsert with MongoDB's E11000 details", async function () {
      const c = coll();
      await c.createIndex({ env: 1, seq: 1 }, { unique: true, name: "env_seq_unique" });
      await c.insertOne({ env: "A", seq: 1 });
      await c.insertOne({ env: "A", seq: 2 });
      await c.insertOne({ env: "B", seq: 1 });

      const insert = await rejection(c.insertOne({ env: "A", seq: 1 }));
      expect(insert.code).to.equal(11000);
      expect(insert.message).to.match(/E11000 duplicate key error.*env_seq_unique/);
      expect(insert.keyPattern).to.deep.equal({ env: 1, seq: 1 });
      expect(insert.keyValue).to.deep.equal({ env: "A", seq: 1 });

      const update = await rejection(c.updateOne({ env: "A", seq: 2 }, { $set: { seq: 1 } }));
      expect(update.code).to.equal(11000);
      expect(await c.countDocuments({ env: "A", seq: 2 }), "the refused update changed nothing").to.equal(1);

      const upsert = await rejection(c.updateOne({ env: "A", seq: 9, other: true }, { $set: { seq: 1 } }, { upsert: true }));
      expect(upsert.code).to.equal(11000);
      expect(await c.countDocuments({}), "the refused upsert inserted nothing").to.equal(3);
    });

    it("lets a non-unique index hold duplicates", async function () {
      const c = coll();
      await c.createIndex({ env: 1 }, { name: "env" });
      await c.insertMany([{ env: "A" }, { env: "A" }]);
      expect(await c.countDocuments({ env: "A" })).to.equal(2);
    });

    it("forgets a dropped database's indexes", async function () {
      const db = client.db("congo_drop");
      await db.collection("x").createIndex({ k: 1 }, { unique: true, name: "k_unique" });
      await db.collection("x").insertOne({ k: 1 });
      expect((await rejection(db.collection("x").insertOne({ k: 1 }))).code).to.equal(11000);
      await db.dropDatabase();
      await db.collection("x").insertMany([{ k: 1 }, { k: 1 }]);
      expect(await db.collection("x").countDocuments({ k: 1 })).to.equal(2);
    });
  });

  describe("aggregation-pipeline updates", function () {
    it("computes fields from the document with $set, $cond and $ifNull, and upserts", async function () {
      const c = coll();
      // The lease compare-and-set's shape: the epoch moves on a change of owner.
      const take = (owner: string) =>
        c.findOneAndUpdate(
          { name: "E", $or: [{ owner }, { expiresAt: { $lt: 100 } }] },
          [
            {
              $set: {
                name: { $literal: "E" },
                epoch: { $cond: [{ $eq: ["$owner", { $literal: owner }] }, "$epoch", { $add: [{ $ifNull: ["$epoch", 0] }, 1] }] },
                owner: { $literal: owner },
                expiresAt: { $literal: 50 },
              },
            },
          ],
          { upsert: true, returnDocument: "after", projection: { _id: 0 } },
        );
      expect(await take("a")).to.deep.equal({ name: "E", epoch: 1, owner: "a", expiresAt: 50 });
      expect(await take("a"), "renewal keeps the epoch").to.deep.equal({ name: "E", epoch: 1, owner: "a", expiresAt: 50 });
      expect(await take("b"), "a new owner moves the epoch").to.deep.equal({ name: "E", epoch: 2, owner: "b", expiresAt: 50 });
      expect(await c.countDocuments({})).to.equal(1);
    });

    it("runs $addFields, $unset, $project and $replaceWith stages in order", async function () {
      const c = coll();
      await c.insertOne({ _id: "d" as never, a: 2, b: 3, junk: true });
      await c.updateOne({ _id: "d" as never }, [{ $addFields: { sum: { $add: ["$a", "$b"] } } }, { $unset: "junk" }]);
      expect(await c.findOne({ _id: "d" as never })).to.deep.equal({ _id: "d", a: 2, b: 3, sum: 5 });
      await c.updateOne({ _id: "d" as never }, [{ $project: { a: 1, sum: 1 } }]);
      expect(await c.findOne({ _id: "d" as never })).to.deep.equal({ _id: "d", a: 2, sum: 5 });
      await c.updateOne({ _id: "d" as never }, [{ $replaceWith: { _id: "$_id", total: "$sum" } }]);
      expect(await c.findOne({ _id: "d" as never })).to.deep.equal({ _id: "d", total: 5 });
    });
  });

  describe("hello and monitoring", function () {
    it("advertises no topologyVersion, so the driver's monitor polls and never fails", async function () {
      const hello = await client.db("admin").command({ hello: 1 });
      expect(hello.isWritablePrimary).to.equal(true);
      expect(hello).not.to.have.property("topologyVersion");

      // A client in the driver's default monitoring mode (stream where the server allows it).
      const watched = new MongoClient(server.getConnectionUri(), { heartbeatFrequencyMS: 500, serverSelectionTimeoutMS: 5000 });
      const beats: boolean[] = [];
      const failures: unknown[] = [];
      const cleared: unknown[] = [];
      watched.on("serverHeartbeatSucceeded", (e) => beats.push(e.awaited));
      watched.on("serverHeartbeatFailed", (e) => failures.push(e.failure));
      watched.on("connectionPoolCleared", (e) => cleared.push(e));
      try {
        await watched.connect();
        await waitUntil(() => beats.length >= 3, "three heartbeats");
        await watched.db("congo_test").collection("hb").insertOne({ ok: 1 });
        expect(beats.every((awaited) => !awaited), "every heartbeat is a polled (not awaited) hello").to.equal(true);
        expect(failures).to.deep.equal([]);
        expect(cleared).to.deep.equal([]);
      } finally {
        await watched.close();
      }
    });
  });

  describe("port 0", function () {
    it("binds a free port and reports it in port and the connection URI", async function () {
      const other = new CongoServer({ port: 0, host: "127.0.0.1" });
      await other.start();
      try {
        expect(server.port).to.be.greaterThan(0);
        expect(other.port).to.be.greaterThan(0);
        expect(other.port).not.to.equal(server.port);
        expect(other.getConnectionUri()).to.equal(`mongodb://127.0.0.1:${other.port}`);
        const c = new MongoClient(other.getConnectionUri(), { serverSelectionTimeoutMS: 5000 });
        try {
          expect((await c.db("admin").command({ ping: 1 })).ok).to.equal(1);
        } finally {
          await c.close();
        }
      } finally {
        await other.stop();
      }
    });
  });
});

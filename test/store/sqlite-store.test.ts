import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code } from "../../server/errors.js";
import { createSqliteStore } from "../../server/store/sqlite-store.js";
import { concurrentUpdateRounds, expectCode, specOf, waitFor } from "./store-contract.js";
import { runStoreContract } from "./store-contract.js";

const T0 = 1_700_000_000_000;

function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "blox-sqlite-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

runStoreContract("sqlite :memory:", async () => {
  const store = createSqliteStore({ path: ":memory:" });
  return { store, cleanup: () => store.close() };
});

runStoreContract("sqlite file", async () => {
  const tmp = tempDir();
  const store = createSqliteStore({ path: join(tmp.dir, "blox.db") });
  return {
    store,
    cleanup: async () => {
      await store.close();
      tmp.remove();
    },
  };
});

describe("sqlite store", function () {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it("keeps its data across close and reopen", async function () {
    const path = join(tmp.dir, "blox.db");
    const a = createSqliteStore({ path });
    await a.init();
    await a.createEnvironment(specOf("Persist"), T0);
    await a.updateEnvironment("Persist", 1, (s) => ({ ...s, taskDefinition: "web:2" }), T0);
    await a.close();
    const b = createSqliteStore({ path });
    await b.init();
    expect((await b.getEnvironment("Persist"))!.latestRevision).to.equal(2);
    expect((await b.allRevisions("Persist")).map((r) => r.spec.taskDefinition)).to.deep.equal(["web:1", "web:2"]);
    await b.close();
  });

  it("uses WAL on files", async function () {
    const path = join(tmp.dir, "blox.db");
    const s = createSqliteStore({ path });
    await s.init();
    await s.close();
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(path, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).to.equal("wal");
    db.close();
  });

  it("lets exactly one of 100 concurrent updates win across two handles on one file, 20 rounds", async function () {
    this.timeout(60_000);
    const path = join(tmp.dir, "blox.db");
    const a = createSqliteStore({ path });
    const b = createSqliteStore({ path });
    await a.init();
    await b.init();
    try {
      await concurrentUpdateRounds([a, b], "Shared");
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("notifies subscribers of another handle on the same file", async function () {
    const path = join(tmp.dir, "blox.db");
    const a = createSqliteStore({ path });
    const b = createSqliteStore({ path });
    await a.init();
    await b.init();
    const seen: string[] = [];
    b.subscribe((n) => seen.push(n));
    await a.createEnvironment(specOf("Peer"), T0);
    await waitFor(() => seen.includes("Peer"), 2000, "b to hear of a's write");
    await a.close();
    await b.close();
  });

  it("notifies subscribers of commits made by other processes on the same file", async function () {
    const path = join(tmp.dir, "blox.db");
    const s = createSqliteStore({ path, pollIntervalMs: 10 });
    await s.init();
    await s.createEnvironment(specOf("Far"), T0);
    await s.createEnvironment(specOf("Near"), T0);
    const seen: string[] = [];
    const unsubscribe = s.subscribe((n) => seen.push(n));
    // Another connection, as another process would have: no in-process notification.
    const Database = (await import("better-sqlite3")).default;
    const other = new Database(path);
    try {
      await new Promise((r) => setTimeout(r, 30)); // let the poller take its first look
      other.prepare("UPDATE environments SET version = version + 1 WHERE name = 'Far'").run();
      await waitFor(() => seen.includes("Far"), 3000, "the poller to see the other connection's commit");
      other
        .prepare("INSERT INTO journal (environment_name, sequence, time, status, events) VALUES ('Near', 1, 0, '{}', '[]')")
        .run();
      await waitFor(() => seen.includes("Near"), 3000, "the poller to see the journal append");
      expect(seen.filter((n) => n === "Far")).to.have.length(1);
    } finally {
      other.close();
      unsubscribe();
      await s.close();
    }
  });

  it("fails with UNAVAILABLE after close", async function () {
    const s = createSqliteStore({ path: ":memory:" });
    await s.init();
    await s.close();
    await expectCode(s.getEnvironment("x"), Code.Unavailable, /database unavailable/);
  });

  it("maps a write lock held too long by another process to UNAVAILABLE", async function () {
    const path = join(tmp.dir, "blox.db");
    const s = createSqliteStore({ path, busyTimeoutMs: 50 });
    await s.init();
    const Database = (await import("better-sqlite3")).default;
    const other = new Database(path);
    other.exec("BEGIN IMMEDIATE");
    try {
      await expectCode(s.createEnvironment(specOf("Busy"), T0), Code.Unavailable, /database unavailable: .*SQLITE_BUSY/);
    } finally {
      other.exec("ROLLBACK");
      other.close();
    }
    // The store works again once the lock is gone.
    await s.createEnvironment(specOf("Busy"), T0);
    await s.close();
  });
});

import { expect } from "chai";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { createSqliteStore } from "../../server/store/sqlite-store.js";

// kill -9 in the middle of a write load: every write the child acknowledged
// (printed after the store returned) must be there after reopening, with no
// gap, and the store must keep working on the same file afterwards.

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..");
const fixture = join(here, "fixtures", "write-load.ts");
const NAME = "Load/Env";

interface Run {
  revisions: number[];
  sequences: number[];
  killAfterMs: number;
}

/** Runs the write load, SIGKILLs it 100–400 ms after its first acknowledged write. */
function runAndKill(dbFile: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const killAfterMs = 100 + Math.floor(Math.random() * 301);
    const child = spawn(process.execPath, ["--import", "tsx", fixture, dbFile], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let killTimer: NodeJS.Timeout | undefined;
    const startTimer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`write load never acknowledged a write; stderr: ${err}`));
    }, 30_000);
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => (err += d));
    child.stdout.on("data", (d: string) => {
      out += d;
      if (!killTimer && /^(rev|seq) \d+$/m.test(out)) {
        clearTimeout(startTimer);
        killTimer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
      }
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(startTimer);
      if (killTimer) clearTimeout(killTimer);
      if (signal !== "SIGKILL") {
        reject(new Error(`write load exited by itself (code ${code}); stderr: ${err}`));
        return;
      }
      // Only complete lines count: a cut-off last line was not fully acknowledged.
      const lines = out.split("\n").slice(0, -1);
      const pick = (kind: string) =>
        lines.filter((l) => l.startsWith(`${kind} `)).map((l) => Number(l.slice(kind.length + 1)));
      resolve({ revisions: pick("rev"), sequences: pick("seq"), killAfterMs });
    });
  });
}

describe("sqlite store durability under kill -9", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "blox-durability-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps every acknowledged revision and journal entry, gap-free, over 3 kills of one file", async function () {
    const dbFile = join(dir, "blox.db");
    let previousLatest = 0;
    for (let round = 1; round <= 3; round++) {
      const run = await runAndKill(dbFile);
      const what = `round ${round} (killed ${run.killAfterMs} ms after the first ack)`;
      expect(run.revisions.length, `${what}: acknowledged revisions`).to.be.greaterThan(0);

      const check = new Database(dbFile);
      expect(check.pragma("integrity_check", { simple: true }), what).to.equal("ok");
      check.close();

      const store = createSqliteStore({ path: dbFile });
      await store.init();
      const revisions = (await store.allRevisions(NAME)).map((r) => r.revision);
      const latest = revisions.length;
      expect(revisions, `${what}: revisions 1..latest without gap`).to.deep.equal(
        Array.from({ length: latest }, (_, i) => i + 1),
      );
      expect(latest, `${what}: later runs continue where the last stopped`).to.be.greaterThan(previousLatest);
      expect(latest, `${what}: every acknowledged revision is there`).to.be.at.least(Math.max(...run.revisions));
      for (const r of run.revisions) expect(revisions, what).to.include(r);
      expect((await store.getEnvironment(NAME))!.latestRevision, what).to.equal(latest);
      const spec = (await store.getRevision(NAME, latest))!.spec;
      expect(spec.taskDefinition, what).to.equal(latest === 1 ? "web:1" : `web:${latest}`);

      const journal: number[] = [];
      for (let batch = await store.readJournal(NAME, 0, 1000); batch.length > 0; ) {
        journal.push(...batch.map((e) => e.sequence));
        batch = await store.readJournal(NAME, journal[journal.length - 1]!, 1000);
      }
      expect(journal, `${what}: journal without gap`).to.deep.equal(Array.from({ length: journal.length }, (_, i) => i + 1));
      if (run.sequences.length > 0) expect(journal.length, what).to.be.at.least(Math.max(...run.sequences));
      const events: number[] = [];
      let token: string | undefined;
      do {
        const page = await store.listEvents(NAME, { pageSize: 1000, pageToken: token });
        events.push(...page.items.map((e) => e.sequence));
        token = page.nextPageToken;
      } while (token);
      expect(events, `${what}: one event per journal entry`).to.deep.equal(journal);
      if (process.env.BLOX_TEST_VERBOSE) console.log(`    ${what}: ${run.revisions.length} acked, ${latest} revisions, ${journal.length} journal entries`);
      previousLatest = latest;
      await store.close();
    }
  });
});

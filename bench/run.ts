// `npm run bench`: runs every benchmark of the project and prints ONE JSON
// document on stdout (progress goes to stderr).
//
//   planner   bench/planner.ts      benchPlanner()
//   watch     bench/watch/watch-bench.ts  benchWatch()   (the issue-6 scale benchmark)
//   ecs       bench/ecs*.ts         benchEcsCalls() (or the module's one bench* export)
//
// Each is imported dynamically, so a benchmark that is missing or broken
// becomes an { error } entry instead of stopping the others.
//
// Environment: BENCH_ONLY=planner,watch,ecs (a subset); BENCH_QUICK=1 (short
// watch runs: 5 s, 100 and 1,000 watchers); the BENCH_WATCH_* variables of
// bench/watch/watch-bench.ts.

import { existsSync, readdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";

type BenchFn = () => Promise<unknown>;

interface BenchEntry {
  name: string;
  /** Module paths relative to bench/, first existing wins. */
  modules: () => string[];
  /** Export names to try, in order; otherwise the module's single `bench*` function export. */
  exports: string[];
}

const benchDir = fileURLToPath(new URL(".", import.meta.url));
const log = (line: string) => process.stderr.write(`${line}\n`);

const BENCHES: BenchEntry[] = [
  { name: "planner", modules: () => ["planner.ts"], exports: ["benchPlanner"] },
  {
    name: "watch",
    modules: () => ["watch/watch-bench.ts"],
    exports: ["benchWatch"],
  },
  {
    name: "ecs",
    modules: () =>
      readdirSync(benchDir)
        .filter((f) => /^ecs.*\.ts$/.test(f))
        .sort((a, b) => (a === "ecs-calls.ts" ? -1 : b === "ecs-calls.ts" ? 1 : a.localeCompare(b))),
    exports: ["benchEcsCalls", "benchEcs"],
  },
];

async function load(entry: BenchEntry): Promise<{ fn?: BenchFn; module?: string; error?: string }> {
  const module = entry.modules().find((m) => existsSync(`${benchDir}${m}`));
  if (!module) return { error: `not present (looked for ${entry.name === "ecs" ? "bench/ecs*.ts" : entry.modules().map((m) => `bench/${m}`).join(", ")})` };
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(`${benchDir}${module}`).href)) as Record<string, unknown>;
  } catch (err) {
    return { module, error: `cannot import bench/${module}: ${err instanceof Error ? err.message : String(err)}` };
  }
  const named = entry.exports.find((e) => typeof mod[e] === "function");
  const candidates = Object.keys(mod).filter((k) => /^bench[A-Z]/.test(k) && typeof mod[k] === "function");
  const pick = named ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!pick) return { module, error: `bench/${module} exports none of ${entry.exports.join(", ")}` };
  return { fn: mod[pick] as BenchFn, module };
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim()).filter(Boolean);
  if (only) {
    const unknown = only.filter((n) => !BENCHES.some((b) => b.name === n));
    if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown benchmark ${unknown.join(", ")} (known: ${BENCHES.map((b) => b.name).join(", ")})`);
  }
  const started = Date.now();
  const results: Record<string, unknown> = {};
  for (const entry of BENCHES) {
    if (only && !only.includes(entry.name)) continue;
    const { fn, module, error } = await load(entry);
    if (!fn) {
      log(`bench ${entry.name}: ${error}`);
      results[entry.name] = { error };
      continue;
    }
    log(`bench ${entry.name} (bench/${module}) ...`);
    const t = Date.now();
    try {
      const result = entry.name === "watch" ? await runWatch(fn as (o: unknown) => Promise<unknown>) : await fn();
      results[entry.name] = result;
      log(`bench ${entry.name}: done in ${Math.round((Date.now() - t) / 1000)} s`);
    } catch (err) {
      results[entry.name] = { error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
      log(`bench ${entry.name}: failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const report = {
    machine: { cpus: cpus().length, node: process.version, loadavgAtStart: loadavg().map((x) => Math.round(x * 100) / 100) },
    quick: process.env.BENCH_QUICK === "1" || process.env.BENCH_QUICK === "true",
    wallMs: Date.now() - started,
    ...results,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

/** The watch bench takes options; pass its env-derived defaults with progress on stderr. */
async function runWatch(fn: (o: unknown) => Promise<unknown>): Promise<unknown> {
  const { watchBenchOptionsFromEnv } = (await import("./watch/watch-bench.js")) as typeof import("./watch/watch-bench.js");
  return fn({ ...watchBenchOptionsFromEnv(), log });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});

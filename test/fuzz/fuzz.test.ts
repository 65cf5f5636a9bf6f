// Input fuzzing: for every RPC of blox.v1.EnvironmentService (read from the
// generated descriptor, so a new RPC is covered without touching this file)
// and every protocol (gRPC, which includes the raw watch fast path, gRPC-Web,
// Connect binary, Connect JSON), BLOX_FUZZ_COUNT (default 2,000) seeded
// mutated requests against a real server process. The server must never
// crash, never answer INTERNAL / UNKNOWN / DATA_LOSS (or malformed responses),
// and the environments seeded before the run must be intact afterwards.
//
// Replay: BLOX_FUZZ_SEED=<seed> (printed on every run), and
// BLOX_FUZZ_CASE=<protocol>/<Method>/<index> to send that one case alone.

import { expect } from "chai";
import { toJson, type DescMethod } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { createBloxClient, type BloxClient } from "../../client/client.js";
import {
  DeploymentType,
  EnvironmentRevisionSchema,
  EnvironmentSchema,
  DeploymentSchema,
  EnvironmentService,
  EnvironmentStatus,
  DeploymentState,
} from "../../gen/blox/v1/environment_pb.js";
import { wellFormed } from "../../server/transport/well-formed-errors.js";
import { generateCase, type FuzzCase, type RawCase } from "../support/fuzz/cases.js";
import { baseHeaders, FUZZ_PROTOCOLS, isServerFault, type FuzzProtocol, type Outcome } from "../support/fuzz/protocols.js";
import { createFuzzSender } from "../support/fuzz/sender.js";
import { FAST_SERVER_ENV, pollUntil, startServerProcess, stopAllProcesses, type ServerProcess } from "../support/server-process.js";

const SEED = process.env.BLOX_FUZZ_SEED !== undefined ? Number(process.env.BLOX_FUZZ_SEED) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
const COUNT = process.env.BLOX_FUZZ_COUNT !== undefined ? Number(process.env.BLOX_FUZZ_COUNT) : 2000;
const ONLY = process.env.BLOX_FUZZ_CASE;
/** Cases per RPC and protocol sent with auth on and no valid token. */
const AUTH_COUNT = Math.max(1, Math.ceil(COUNT / 10));
const CONCURRENCY = 32;
const KEPT = ["Kept/Web", "Kept/Frozen", "Kept/Idle"] as const;
const METHODS: readonly DescMethod[] = EnvironmentService.methods;

interface Failure {
  fuzzCase: FuzzCase;
  outcome: Outcome;
  why: string;
}

const describeCase = (c: FuzzCase) => `${c.protocol}/${c.method.name}/${c.index} [${c.category}: ${c.description}]`;

function spec(name: string, taskDefinition: string, query = "attribute:stack == prod") {
  return {
    name,
    taskDefinition,
    cluster: "default",
    instanceGroup: { query },
    deployment: { type: DeploymentType.DAEMON, configuration: { minHealthyPercent: 50, maxOverPercent: 50 } },
  };
}

async function listAll<T>(page: (token: string) => Promise<{ items: T[]; next: string }>): Promise<T[]> {
  const out: T[] = [];
  let token = "";
  do {
    const r = await page(token);
    out.push(...r.items);
    token = r.next;
  } while (token !== "");
  return out;
}

/** Everything stored about the kept environments, as JSON (the environment, every revision, every deployment). */
async function snapshot(blox: BloxClient): Promise<unknown> {
  const environments = await listAll(async (pageToken) => {
    const r = await blox.listEnvironments({ pageToken, includeDeleted: true, pageSize: 1000 });
    return { items: r.environments, next: r.nextPageToken };
  });
  const out: Record<string, unknown> = {};
  for (const name of KEPT) {
    const environment = environments.find((e) => e.name === name);
    const revisions = await listAll(async (pageToken) => {
      const r = await blox.listEnvironmentRevisions({ environmentName: name, pageToken });
      return { items: r.revisions, next: r.nextPageToken };
    });
    const each = [];
    for (let rev = 1n; rev <= (environment?.latestRevision ?? 0n); rev++) {
      each.push(toJson(EnvironmentRevisionSchema, (await blox.getEnvironmentRevision({ environmentName: name, revision: rev })).revision!));
    }
    const deployments = await listAll(async (pageToken) => {
      const r = await blox.listDeployments({ environmentName: name, pageToken });
      return { items: r.deployments, next: r.nextPageToken };
    });
    out[name] = {
      environment: environment && toJson(EnvironmentSchema, environment),
      revisions: revisions.map((r) => toJson(EnvironmentRevisionSchema, r)),
      eachRevision: each,
      deployments: deployments.map((d) => toJson(DeploymentSchema, d)),
    };
  }
  return out;
}

async function seedKeptEnvironments(blox: BloxClient): Promise<void> {
  await blox.createEnvironment({ spec: spec("Kept/Web", "web:1") });
  await blox.updateEnvironment({ environmentName: "Kept/Web", baseRevision: 1n, taskDefinition: "web:2" });
  await blox.updateEnvironment({ environmentName: "Kept/Web", baseRevision: 2n, instanceGroupQuery: "attribute:stack in (prod, gamma)" });
  await blox.deployEnvironment({ environmentName: "Kept/Web", revision: 2n });
  await blox.createEnvironment({ spec: spec("Kept/Frozen", "frozen:1", "attribute:stack == gamma") });
  await blox.freezeEnvironment({ environmentName: "Kept/Frozen" });
  await blox.createEnvironment({ spec: spec("Kept/Idle", "idle:1", "attribute:stack == none") });
  await blox.updateEnvironment({ environmentName: "Kept/Idle", baseRevision: 1n, taskDefinition: "idle:2" });
  // Snapshot only once the deployment is over: its completion legitimately changes the records.
  await pollUntil("Kept/Web's deployment of revision 2 to complete", async () => {
    const { status } = await blox.describeEnvironmentStatus({ environmentName: "Kept/Web" });
    const { deployments } = await blox.listDeployments({ environmentName: "Kept/Web" });
    return status?.status === EnvironmentStatus.ACTIVE && deployments.every((d) => d.state === DeploymentState.COMPLETED);
  }, 30_000);
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: Iterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const it = items[Symbol.iterator]();
  const worker = async () => {
    for (let next = it.next(); !next.done; next = it.next()) await work(next.value);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** Cases interleaved (index, then protocol, then method) so every moment mixes RPCs and protocols. */
function* allCases(count: number): Generator<FuzzCase> {
  const context = { keptEnvironmentNames: KEPT };
  if (ONLY) {
    const [protocol, methodName, index] = ONLY.split("/");
    const method = METHODS.find((m) => m.name === methodName);
    if (!method || !FUZZ_PROTOCOLS.includes(protocol as FuzzProtocol)) throw new Error(`BLOX_FUZZ_CASE=${ONLY}: expected <protocol>/<Method>/<index>`);
    yield generateCase(SEED, protocol as FuzzProtocol, method, Number(index), context);
    return;
  }
  for (let index = 0; index < count; index++) {
    for (const protocol of FUZZ_PROTOCOLS) for (const method of METHODS) yield generateCase(SEED, protocol, method, index, context);
  }
}

interface RunResult {
  counts: Map<string, { sent: number; codes: Map<string, number> }>;
  failures: Failure[];
  crashed: boolean;
}

interface RunOptions {
  /** The authorization header to send with a case (see FuzzSender.send). */
  authorization?: (c: FuzzCase) => string | null | undefined;
  /** Why an answer is wrong, beyond the server faults every run checks; undefined when it is right. */
  judge?: (c: FuzzCase, outcome: Outcome) => string | undefined;
}

/** Whether every string in `value` is well-formed Unicode (a lone surrogate makes a message undecodable). */
function decodable(value: unknown): boolean {
  if (typeof value === "string") return wellFormed(value) === value;
  if (value && typeof value === "object" && !(value instanceof Uint8Array)) return Object.values(value).every(decodable);
  return true;
}

/**
 * A request in no protocol the method speaks (a content type it does not serve: another
 * type, a streaming type on a unary method or the reverse, unknown parameters or charset)
 * is answered at the HTTP level (415) before any route runs: there is no protocol in
 * which to say UNAUTHENTICATED, and nothing of it is read either. A served type must
 * get UNAUTHENTICATED.
 */
function notAProtocolRequest(c: RawCase, outcome: Outcome): boolean {
  const streaming = c.method.methodKind === "server_streaming";
  const served = FUZZ_PROTOCOLS.map((p) => baseHeaders(p, streaming)["content-type"]!);
  const type = (c.headers["content-type"] ?? "").trim().toLowerCase();
  return !served.includes(type) && outcome.httpStatus === 415;
}

const codeName = (outcome: Outcome) => (outcome.code === "ok" ? "OK" : Code[outcome.code]);

/** Sends `cases` with CONCURRENCY in flight on one HTTP/2 session (and the connect clients), prints the counts, and collects what went wrong. */
async function run(server: ServerProcess, cases: Iterable<FuzzCase>, options: RunOptions = {}): Promise<RunResult> {
  const sender = createFuzzSender({ endpoint: server.endpoint, service: EnvironmentService });
  const result: RunResult = { counts: new Map(), failures: [], crashed: false };
  const slowest: { c: FuzzCase; ms: number }[] = [];
  const started = Date.now();
  try {
    await pool(cases, CONCURRENCY, async (c) => {
      if (result.crashed) return;
      const t0 = performance.now();
      const outcome = await sender.send(c, options.authorization?.(c));
      const ms = performance.now() - t0;
      slowest.push({ c, ms });
      if (slowest.length > 40) slowest.sort((a, b) => b.ms - a.ms).splice(10);
      if (server.exited) {
        result.crashed = true;
        result.failures.push({ fuzzCase: c, outcome, why: "the server process exited" });
        return;
      }
      const key = `${c.protocol}\t${c.method.name}`;
      const entry = result.counts.get(key) ?? { sent: 0, codes: new Map() };
      result.counts.set(key, entry);
      entry.sent++;
      const name = codeName(outcome);
      entry.codes.set(name, (entry.codes.get(name) ?? 0) + 1);
      const why = isServerFault(outcome)
        ? (outcome.problem ?? `answered ${name}`)
        : c.mustFail && outcome.code === "ok"
          ? "a write that must be refused succeeded"
          : options.judge?.(c, outcome);
      if (why) result.failures.push({ fuzzCase: c, outcome, why });
      if (ONLY) {
        const request = c.kind === "raw" ? `headers ${JSON.stringify(c.headers)}, body ${c.body.subarray(0, 300).toString("hex")}${c.body.length > 300 ? ` … (${c.body.length} bytes)` : ""}` : JSON.stringify(c.message, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : typeof v === "string" && v.length > 300 ? `${v.slice(0, 300)}… (${v.length} chars)` : v));
        console.log(`      ${describeCase(c)}\n      request: ${request}\n      → ${name} (${ms.toFixed(0)} ms) ${outcome.message}`);
      }
    });
  } finally {
    sender.close();
  }
  const seconds = (Date.now() - started) / 1000;
  let total = 0;
  const lines: string[] = [];
  for (const [key, { sent, codes }] of [...result.counts].sort()) {
    total += sent;
    lines.push(`      ${key.padEnd(44)} ${String(sent).padStart(5)}  ${[...codes].sort().map(([k, v]) => `${k}=${v}`).join(" ")}`);
  }
  const slow = slowest.sort((a, b) => b.ms - a.ms).slice(0, 3).map((x) => `${describeCase(x.c)} ${x.ms.toFixed(0)} ms`);
  console.log(`${lines.join("\n")}\n      slowest: ${slow.join("; ")}\n      ${total} requests in ${seconds.toFixed(1)} s; ${result.failures.length} failures; crashed: ${result.crashed}`);
  return result;
}

function expectClean(server: ServerProcess, result: RunResult, perCell: number): void {
  const report = result.failures
    .slice(0, Number(process.env.BLOX_FUZZ_REPORT ?? 20))
    .map((f) => `  ${describeCase(f.fuzzCase)}: ${f.why}${f.outcome.message ? ` — ${f.outcome.message.slice(0, 300)}` : ""}`)
    .join("\n");
  expect(result.crashed, `the server crashed (seed ${SEED}):\n${report}\n--- server log tail:\n${server.logs().slice(-4000)}`).to.equal(false);
  expect(result.failures, `seed ${SEED}: ${result.failures.length} failing cases (replay one with BLOX_FUZZ_SEED=${SEED} BLOX_FUZZ_CASE=<protocol>/<Method>/<index>):\n${report}`).to.deep.equal([]);
  if (!ONLY) {
    for (const protocol of FUZZ_PROTOCOLS) for (const m of METHODS) expect(result.counts.get(`${protocol}\t${m.name}`)?.sent, `${protocol} ${m.name}`).to.equal(perCell);
  }
}

/** Reads every environment the fuzzer left behind: stored data must stay readable. */
async function readEverything(blox: BloxClient): Promise<void> {
  const { environments } = await blox.listEnvironments({ includeDeleted: true, pageSize: 1000 });
  for (const e of environments) {
    if (e.latestRevision > 0n) await blox.getEnvironmentRevision({ environmentName: e.name, revision: e.latestRevision });
    await blox.describeEnvironmentStatus({ environmentName: e.name, all: true });
    await blox.listEnvironmentEvents({ environmentName: e.name });
  }
}

describe("fuzz: mutated requests on every RPC and protocol", function () {
  this.timeout(600_000);
  after(() => stopAllProcesses());

  // A quick heartbeat: a watch with nothing new to say still answers within a moment.
  const serverEnv = { ...FAST_SERVER_ENV, BLOX_HEARTBEAT_INTERVAL: "250ms" };

  it(`never crashes, never answers INTERNAL/UNKNOWN, keeps every stored environment intact (seed ${SEED})`, async () => {
    const server = await startServerProcess({ env: serverEnv });
    const blox = createBloxClient({ endpoint: server.endpoint, protocol: "grpc" });
    await seedKeptEnvironments(blox);
    console.log(`      fuzz seed ${SEED} (replay: BLOX_FUZZ_SEED=${SEED}), ${ONLY ? `case ${ONLY}` : `${COUNT} cases per RPC and protocol`}`);
    const before = await snapshot(blox);
    const result = await run(server, allCases(COUNT));
    expectClean(server, result, COUNT);
    expect(await snapshot(blox), "the kept environments changed").to.deep.equal(before);
    await readEverything(blox);
    expect(server.exited).to.equal(false);
    await server.stop();
  });

  it(`with auth on, no call without a valid token succeeds, and every one is UNAUTHENTICATED, malformed or not (seed ${SEED})`, async function () {
    if (ONLY) this.skip();
    const token = "fuzz-token-0123456789";
    const server = await startServerProcess({ env: { ...serverEnv, BLOX_AUTH_TOKENS: token } });
    const blox = createBloxClient({ endpoint: server.endpoint, protocol: "grpc", token });
    await seedKeptEnvironments(blox);
    const before = await snapshot(blox);
    const invalid = [null, "Bearer wrong-token", `Bearer ${token}x`, "Basic Zm9vOmJhcg==", "Bearer", token];
    const result = await run(server, allCases(AUTH_COUNT), {
      authorization: (c) => invalid[c.index % invalid.length]!,
      judge: (c, outcome) => {
        if (outcome.code === "ok") return "answered OK without a valid token";
        // Credentials are checked from the headers before the body is read: bodies that do not decode,
        // broken frames, oversize or compressed bodies are all UNAUTHENTICATED.
        if (outcome.code === Code.Unauthenticated) return undefined;
        if (c.kind === "raw" && notAProtocolRequest(c, outcome)) return undefined;
        return `answered ${codeName(outcome)}, not UNAUTHENTICATED`;
      },
    });
    expectClean(server, result, AUTH_COUNT);
    expect(await snapshot(blox), "the kept environments changed").to.deep.equal(before);
    await server.stop();
  });
});

// Acceptance tests of live status streaming against a real server:
// createBloxApp on port 0, SQLite in a temporary directory, the simulator at
// short task latencies, the real clock. Everything here goes over sockets.

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { toJson } from "@bufbuild/protobuf";
import { expect } from "chai";
import {
  EnvironmentStatus,
  EnvironmentStatusViewSchema,
  EventType,
  RevisionStatus,
  WatchEnvironmentStatusResponseSchema,
  WatchMessageKind,
  type EnvironmentStatusView,
  type WatchEnvironmentStatusResponse,
} from "../../gen/blox/v1/environment_pb.js";
import { openRawWatchers, openStuckWatcher, type RawWatcher } from "./support/raw-watchers.js";
import { environmentTrail, revisionChanges, revisionTrail, sequenceProblems } from "./support/transitions.js";
import { openWatch, WATCH_CLIENT_KINDS, type WatchClientKind, type WatchRequestInit } from "./support/watch-clients.js";
import { startWatchTestServer, WALKTHROUGH_ENV, WALKTHROUGH_SPEC, type WatchTestServer } from "./support/watch-server.js";

const { CREATED, DEPLOYING, ACTIVE, UNDEPLOYING, INACTIVE } = RevisionStatus;
const ENV = EnvironmentStatus;

const revisionOf = (s: EnvironmentStatusView | undefined, revision: number) =>
  s?.revisions.find((r) => Number(r.revision) === revision);
const viewJson = (s: EnvironmentStatusView | undefined) => (s ? toJson(EnvironmentStatusViewSchema, s) : undefined);
const messageJson = (m: WatchEnvironmentStatusResponse) => toJson(WatchEnvironmentStatusResponseSchema, m);
const statusNames = (values: number[], names: Record<number, string>) => values.map((v) => names[v] ?? String(v));

/**
 * A watch read message by message (not with for-await, so the test can keep
 * reading after a check). Heartbeats are skipped; the call is cancelled after
 * `timeoutMs` so a hang fails the test with a message instead of a mocha timeout.
 */
class Watch {
  readonly messages: WatchEnvironmentStatusResponse[] = [];
  private readonly controller = new AbortController();
  private readonly iterator: AsyncIterator<WatchEnvironmentStatusResponse>;
  private readonly timer: NodeJS.Timeout;

  constructor(kind: WatchClientKind, baseUrl: string, request: WatchRequestInit, timeoutMs = 15_000) {
    this.iterator = openWatch(kind, baseUrl, request, this.controller.signal)[Symbol.asyncIterator]();
    this.timer = setTimeout(() => this.controller.abort(new Error(`watch (${kind}) still open after ${timeoutMs} ms`)), timeoutMs);
  }

  get last(): WatchEnvironmentStatusResponse | undefined {
    return this.messages[this.messages.length - 1];
  }

  async next(): Promise<WatchEnvironmentStatusResponse> {
    for (;;) {
      const r = await this.iterator.next();
      if (r.done) throw new Error("watch ended unexpectedly");
      if (r.value.kind === WatchMessageKind.HEARTBEAT) continue;
      this.messages.push(r.value);
      return r.value;
    }
  }

  /** Reads until a message satisfies `pred`; returns it. */
  async until(pred: (m: WatchEnvironmentStatusResponse) => boolean): Promise<WatchEnvironmentStatusResponse> {
    for (;;) {
      const m = await this.next();
      if (pred(m)) return m;
    }
  }

  close(): void {
    clearTimeout(this.timer);
    this.controller.abort();
    void this.iterator.return?.().catch(() => {});
  }
}

const isActiveAt = (revision: number) => (m: WatchEnvironmentStatusResponse) =>
  m.status?.status === ENV.ACTIVE && Number(m.status.targetRevision) === revision;

/** Reads `watch` until DescribeEnvironmentStatus and the watch agree on the sequence; returns the describe response. */
async function describeMatching(server: WatchTestServer, watch: Watch) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const d = await server.client.describeEnvironmentStatus({ environmentName: WALKTHROUGH_ENV, all: true });
    const last = watch.last!.sequence;
    if (d.sequence === last) return d;
    if (d.sequence > last) await watch.until((m) => m.sequence >= d.sequence);
    else await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("DescribeEnvironmentStatus and the watch never agreed on a sequence");
}

describe("watch acceptance (real server)", function () {
  this.timeout(60_000);
  let server: WatchTestServer | undefined;
  const cleanups: (() => void)[] = [];

  afterEach(async () => {
    for (const c of cleanups.splice(0)) c();
    await server?.stop();
    server = undefined;
  });

  describe("a watcher connected before the deploy sees every transition of the walkthrough", () => {
    for (const kind of WATCH_CLIENT_KINDS) {
      it(`over ${kind}`, async () => {
        server = await startWatchTestServer();
        const { client } = server;
        await client.createEnvironment({ spec: WALKTHROUGH_SPEC });
        const watch = new Watch(kind, server.baseUrl, { environmentName: WALKTHROUGH_ENV, all: true });
        cleanups.push(() => watch.close());

        const first = await watch.next();
        expect(first.kind).to.equal(WatchMessageKind.SNAPSHOT);
        expect(first.coalesced).to.equal(false);
        expect(revisionOf(first.status, 1)?.status).to.equal(CREATED);

        // The walkthrough, driven by what the watcher sees.
        await client.deployEnvironment({ environmentName: WALKTHROUGH_ENV, revision: 1n });
        await watch.until(isActiveAt(1));
        await client.updateEnvironment({ environmentName: WALKTHROUGH_ENV, baseRevision: 1n, taskDefinition: "log-daemon:2" });
        await client.deployEnvironment({ environmentName: WALKTHROUGH_ENV, revision: 2n });
        await watch.until((m) => isActiveAt(2)(m) && revisionOf(m.status, 1)?.status === INACTIVE);
        const described = await describeMatching(server, watch);

        const messages = watch.messages;
        expect(sequenceProblems(messages)).to.deep.equal([]);
        expect(messages.slice(1).map((m) => WatchMessageKind[m.kind])).to.satisfy((k: string[]) => k.every((x) => x === "UPDATE"));
        expect(messages.some((m) => m.coalesced), "no watcher-side coalescing on a reading client").to.equal(false);
        expect(messages.every((m) => m.time !== undefined), "every message has the time of its change").to.equal(true);

        expect(statusNames(revisionTrail(messages, 1), RevisionStatus)).to.deep.equal(
          statusNames([CREATED, DEPLOYING, ACTIVE, UNDEPLOYING, INACTIVE], RevisionStatus),
        );
        // Revision 2 may or may not be journaled as Created before its deploy lands.
        const rev2 = revisionTrail(messages, 2).filter((s, i) => !(i === 0 && s === CREATED));
        expect(statusNames(rev2, RevisionStatus)).to.deep.equal(statusNames([DEPLOYING, ACTIVE], RevisionStatus));
        expect(statusNames(environmentTrail(messages), EnvironmentStatus)).to.deep.equal(
          statusNames([ENV.CREATED, ENV.DEPLOYING, ENV.ACTIVE, ENV.DEPLOYING, ENV.ACTIVE], EnvironmentStatus),
        );

        // Each revision transition comes with its event, stamped with the message's sequence.
        for (const m of messages) for (const e of m.events) expect(e.sequence).to.equal(m.sequence);
        for (const c of revisionChanges(messages)) {
          const m = messages[c.index]!;
          const hasEvent = m.events.some((e) => e.type === EventType.REVISION_STATUS_CHANGED && Number(e.revision) === c.revision);
          expect(hasEvent, `REVISION_STATUS_CHANGED for revision ${c.revision} (${RevisionStatus[c.from]} → ${RevisionStatus[c.to]}) at sequence ${m.sequence}`).to.equal(true);
        }
        const deploymentEvents = messages
          .flatMap((m) => m.events)
          .filter((e) => e.type === EventType.DEPLOYMENT_STARTED || e.type === EventType.DEPLOYMENT_COMPLETED)
          .map((e) => `${EventType[e.type]} ${e.revision}`);
        expect(deploymentEvents).to.deep.equal(["DEPLOYMENT_STARTED 1", "DEPLOYMENT_COMPLETED 1", "DEPLOYMENT_STARTED 2", "DEPLOYMENT_COMPLETED 2"]);

        // The last message is what DescribeEnvironmentStatus says at that moment.
        expect(described.sequence).to.equal(watch.last!.sequence);
        expect(viewJson(watch.last!.status)).to.deep.equal(viewJson(described.status));
      });
    }
  });

  it("1,000 watchers see the same sequence; a watcher that never reads delays nobody and gets a coalesced snapshot", async function () {
    this.timeout(120_000);
    server = await startWatchTestServer();
    const { client } = server;
    await client.createEnvironment({ spec: WALKTHROUGH_SPEC });
    await client.deployEnvironment({ environmentName: WALKTHROUGH_ENV, revision: 1n });
    const setup = new Watch("grpc", server.baseUrl, { environmentName: WALKTHROUGH_ENV });
    cleanups.push(() => setup.close());
    await setup.until(isActiveAt(1));
    setup.close();

    const pool = await openRawWatchers(server.baseUrl, { environmentName: WALKTHROUGH_ENV }, 1000, 100);
    cleanups.push(() => pool.close());
    const pilot = pool.watchers[0]!;
    const frozen = (want: boolean) => (m: { decoded?: WatchEnvironmentStatusResponse }) => m.decoded?.status?.frozen === want;

    /** Freeze/thaw `cycles` times (each waits for the pilot to see it), then waits for every watcher to catch up. */
    async function workload(cycles: number, watchers: RawWatcher[]) {
      const start = Date.now();
      const fromIndex = pilot.messages.length;
      for (let i = 0; i < cycles; i++) {
        await client.freezeEnvironment({ environmentName: WALKTHROUGH_ENV });
        await pilot.waitFor(frozen(true), pilot.messages.length - 1);
        await client.thawEnvironment({ environmentName: WALKTHROUGH_ENV });
        await pilot.waitFor(frozen(false), pilot.messages.length - 1);
      }
      const finalSequence = pilot.last!.sequence;
      await Promise.all(watchers.map((w) => w.waitFor((m) => m.sequence >= finalSequence)));
      const completionMs = Date.now() - start;
      // Fan-out lag of each transition: its time field to its arrival at the last watcher.
      const lags = pilot.messages.slice(fromIndex).map((pm) => {
        const arrivals = watchers.map((w) => w.messages.find((m) => m.sequence === pm.sequence)?.receivedAt ?? Infinity);
        return Math.max(...arrivals) - pm.timeMs;
      });
      lags.sort((a, b) => a - b);
      return { completionMs, finalSequence, transitions: lags.length, medianLagMs: lags[lags.length >> 1]!, maxLagMs: lags[lags.length - 1]! };
    }

    const cycles = 12; // 24 transitions: more than the fast path's 16-message queue, so the stuck one must coalesce
    const without = await workload(cycles, pool.watchers);

    const stuck = await openStuckWatcher(server.baseUrl, { environmentName: WALKTHROUGH_ENV });
    cleanups.push(() => stuck.close());
    await stuck.responded;
    const withStuck = await workload(cycles, pool.watchers);
    console.log(
      `      1,000 watchers, ${without.transitions} transitions: without the stuck watcher ${JSON.stringify(without)}; with it ${JSON.stringify(withStuck)}`,
    );

    // Not materially worse (generous: the machine is shared).
    expect(withStuck.completionMs).to.be.at.most(2 * without.completionMs + 1000);
    expect(withStuck.medianLagMs).to.be.at.most(3 * without.medianLagMs + 250);

    // Every watcher saw the same messages, byte for byte, with contiguous sequences.
    const reference = pilot.messages.map((m) => `${m.sequence}/${m.kind}/${m.coalesced}/${m.digest}`);
    expect(reference.length).to.equal(1 + without.transitions + withStuck.transitions);
    const seqs = pilot.messages.map((m) => m.sequence);
    expect(seqs).to.deep.equal(seqs.map((_, i) => seqs[0]! + i));
    expect(pilot.messages.slice(1).every((m) => m.kind === WatchMessageKind.UPDATE && !m.coalesced)).to.equal(true);
    let differing = 0;
    for (const w of pool.watchers) {
      const mine = w.messages.map((m) => `${m.sequence}/${m.kind}/${m.coalesced}/${m.digest}`);
      if (mine.join() !== reference.join()) differing++;
      expect(w.ended, "no watcher ended").to.equal(undefined);
    }
    expect(differing, "watchers whose stream differs from the pilot's").to.equal(0);

    // Nothing has reached the stuck watcher; when it resumes it gets its
    // snapshot, then the latest status flagged coalesced, not the backlog.
    expect(stuck.watcher.messages).to.have.length(0);
    stuck.resume();
    const caughtUp = await stuck.watcher.waitFor((m) => m.sequence >= withStuck.finalSequence);
    const got = stuck.watcher.messages;
    expect(got[0]!.kind).to.equal(WatchMessageKind.SNAPSHOT);
    expect(got[0]!.coalesced).to.equal(false);
    expect(caughtUp.sequence).to.equal(withStuck.finalSequence);
    expect(caughtUp.kind).to.equal(WatchMessageKind.SNAPSHOT);
    expect(caughtUp.coalesced).to.equal(true);
    expect(got.length).to.be.below(withStuck.transitions);
    const stuckSeqs = got.map((m) => m.sequence);
    expect(stuckSeqs).to.deep.equal([...stuckSeqs].sort((a, b) => a - b));
    // The coalesced snapshot carries the same status as the pilot's last message.
    expect(viewJson(caughtUp.decoded!.status)).to.deep.equal(viewJson(pilot.last!.decoded!.status));
  });

  describe("reconnecting with the last-seen sequence returns exactly the missed messages", () => {
    for (const kind of WATCH_CLIENT_KINDS) {
      it(`over ${kind}`, async () => {
        server = await startWatchTestServer();
        const { client } = server;
        await client.createEnvironment({ spec: WALKTHROUGH_SPEC });
        const request = { environmentName: WALKTHROUGH_ENV, all: true };
        const reference = new Watch("grpc", server.baseUrl, request);
        const first = new Watch(kind, server.baseUrl, request);
        cleanups.push(() => reference.close(), () => first.close());
        await reference.next();
        await first.next();

        await client.deployEnvironment({ environmentName: WALKTHROUGH_ENV, revision: 1n });
        // Disconnect mid-rollout.
        const lastSeen = (await first.until((m) => m.status?.status === ENV.DEPLOYING)).sequence;
        first.close();
        const end = await reference.until(isActiveAt(1));
        expect(end.sequence > lastSeen + 1n, "something was missed while disconnected").to.equal(true);

        const resumed = new Watch(kind, server.baseUrl, { ...request, afterSequence: lastSeen });
        cleanups.push(() => resumed.close());
        await resumed.until((m) => m.sequence >= end.sequence);
        const missed = reference.messages.filter((m) => m.sequence > lastSeen);
        expect(resumed.messages.map((m) => m.sequence)).to.deep.equal(missed.map((m) => m.sequence));
        expect(resumed.messages.map(messageJson)).to.deep.equal(missed.map(messageJson));
        expect(resumed.messages.every((m) => m.kind === WatchMessageKind.UPDATE && !m.coalesced)).to.equal(true);

        // And nothing more: the next message is the next transition.
        await client.freezeEnvironment({ environmentName: WALKTHROUGH_ENV });
        const next = await resumed.next();
        expect(next.sequence).to.equal(end.sequence + 1n);
        expect(next.status?.frozen).to.equal(true);
        expect(messageJson(next)).to.deep.equal(messageJson(await reference.until((m) => m.sequence === next.sequence)));
      });
    }

    it("a sequence whose history is gone gets a fresh snapshot flagged coalesced, never a silent gap", async () => {
      server = await startWatchTestServer();
      const { client, store } = server;
      await client.createEnvironment({ spec: WALKTHROUGH_SPEC });
      await client.deployEnvironment({ environmentName: WALKTHROUGH_ENV, revision: 1n });
      const reference = new Watch("grpc", server.baseUrl, { environmentName: WALKTHROUGH_ENV });
      cleanups.push(() => reference.close());
      const end = await reference.until(isActiveAt(1));
      expect(end.sequence >= 3n).to.equal(true);
      await store.trimJournal(WALKTHROUGH_ENV, 1);

      for (const kind of WATCH_CLIENT_KINDS) {
        const w = new Watch(kind, server.baseUrl, { environmentName: WALKTHROUGH_ENV, afterSequence: 1n });
        cleanups.push(() => w.close());
        const m = await w.next();
        expect(m.kind, kind).to.equal(WatchMessageKind.SNAPSHOT);
        expect(m.coalesced, kind).to.equal(true);
        expect(m.sequence, kind).to.equal(end.sequence);
        expect(viewJson(m.status), kind).to.deep.equal(viewJson(end.status));
        w.close();
      }
    });
  });

  describe("buf curl (server reflection) streams WatchEnvironmentStatus as JSON", () => {
    const buf = join(process.cwd(), "node_modules", ".bin", "buf");
    for (const protocol of ["grpc", "connect"] as const) {
      it(`--protocol ${protocol}`, async function () {
        if (!existsSync(buf)) this.skip();
        server = await startWatchTestServer();
        const { client } = server;
        await client.createEnvironment({ spec: WALKTHROUGH_SPEC });
        const args = [
          "curl",
          "--protocol",
          protocol,
          ...(protocol === "grpc" ? ["--http2-prior-knowledge"] : []),
          "--timeout",
          "2s",
          "--data",
          JSON.stringify({ environment_name: WALKTHROUGH_ENV }),
          `${server.baseUrl}/blox.v1.EnvironmentService/WatchEnvironmentStatus`,
        ];
        const child = spawn(buf, args, { stdio: ["ignore", "pipe", "pipe"] });
        cleanups.push(() => child.kill());
        let stdout = "";
        let stderr = "";
        let froze = false;
        child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
        child.stdout.on("data", (c: Buffer) => {
          stdout += c.toString();
          // After the first message, cause a transition so a second one streams.
          if (!froze && /^\}/m.test(stdout)) {
            froze = true;
            void client.freezeEnvironment({ environmentName: WALKTHROUGH_ENV });
          }
        });
        const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
        const messages = stdout
          .split(/^(?=\{)/m)
          .filter((s) => s.trim() !== "")
          .map((s) => JSON.parse(s) as { sequence?: string; kind?: string; status?: { environmentName?: string; status?: string; frozen?: boolean } });
        expect(messages.length, `stdout: ${stdout}\nstderr: ${stderr}`).to.be.at.least(2);
        expect(messages[0]!.kind).to.equal("WATCH_MESSAGE_KIND_SNAPSHOT");
        expect(messages[0]!.status?.environmentName).to.equal(WALKTHROUGH_ENV);
        const frozenMessage = messages.find((m) => m.status?.frozen === true);
        expect(frozenMessage?.kind).to.equal("WATCH_MESSAGE_KIND_UPDATE");
        expect(Number(frozenMessage!.sequence)).to.equal(Number(messages[0]!.sequence) + 1);
        // The stream has no natural end: buf curl stops at its --timeout (a deadline error, non-zero exit).
        expect(code).to.not.equal(0);
        expect(stderr.toLowerCase()).to.match(/deadline/);
      });
    }
  });
});

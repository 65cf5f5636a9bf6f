import * as http2 from "node:http2";
import { create, fromBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { expect } from "chai";
import {
  EnvironmentService,
  EnvironmentStatusViewSchema,
  type WatchEnvironmentStatusResponse,
  WatchEnvironmentStatusResponseSchema,
  WatchMessageKind,
} from "../../gen/blox/v1/environment_pb.js";
import type { JournalEntry } from "../../server/store/store.js";
import { createGrpcWatchFastPath } from "../../server/transport/grpc-watch-fast-path.js";
import type { WatchMessage } from "../../server/watch/hub-types.js";
import { createFakeClock } from "../support/fake-clock.js";
import { serveFastPath, statusWithHealthy } from "../watch/support/fast-path-fixtures.js";


async function until(predicate: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const KIND = { snapshot: WatchMessageKind.SNAPSHOT, update: WatchMessageKind.UPDATE, heartbeat: WatchMessageKind.HEARTBEAT };

/** A harness: an h2c server whose only handler is the fast path, fed by `publish`. */
async function startHarness(opts: { heartbeatIntervalMs?: number } = {}) {
  const listeners = new Set<(e: JournalEntry) => void>();
  const journal: JournalEntry[] = [{ environmentName: "Env/Prod", sequence: 1, time: 1000, status: statusWithHealthy(0), events: [] }];
  const shutdown = new AbortController();
  const clock = createFakeClock();
  const fastPath = createGrpcWatchFastPath({
    onEntry: (_name, l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async initialMessages(name, after): Promise<WatchMessage[]> {
      if (name !== "Env/Prod") throw new ConnectError(`environment ${name} not found`, Code.NotFound);
      const last = journal[journal.length - 1]!;
      if (after !== undefined && journal.some((e) => e.sequence === after + 1)) {
        return journal.filter((e) => e.sequence > after).map((e) => ({ kind: "update", sequence: e.sequence, time: e.time, status: e.status, events: [], coalesced: false }));
      }
      return [{ kind: "snapshot", sequence: last.sequence, time: last.time, status: last.status, events: [], coalesced: false }];
    },
    toResponse: (m) =>
      create(WatchEnvironmentStatusResponseSchema, {
        sequence: BigInt(m.sequence),
        time: timestampFromMs(m.time),
        kind: KIND[m.kind],
        coalesced: m.coalesced,
        status: m.status
          ? create(EnvironmentStatusViewSchema, {
              environmentName: m.status.environmentName,
              healthy: m.status.healthy,
              instances: (m.status.instances ?? []).map((i) => ({ ec2InstanceId: i.ec2InstanceId })),
            })
          : undefined,
      }),
    async addInstances(_name, m) {
      if (!m.status) return m;
      const instances = [{ containerInstanceArn: "arn:i-1", ec2InstanceId: "i-1", instanceStatus: "ACTIVE", inGroup: true, tasks: [] }];
      return { ...m, status: { ...m.status, instances } };
    },
    heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 60_000,
    shutdownSignal: shutdown.signal,
    clock,
  });
  const served = await serveFastPath(fastPath);
  const { server, port } = served;
  const client = createClient(EnvironmentService, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }));
  return {
    client,
    port,
    fastPath,
    clock,
    publish(healthy: number) {
      const e: JournalEntry = { environmentName: "Env/Prod", sequence: journal.length + 1, time: 1000 + journal.length, status: statusWithHealthy(healthy), events: [] };
      journal.push(e);
      for (const l of listeners) l(e);
    },
    async stop() {
      shutdown.abort();
      await served.close();
    },
    shutdown,
    server,
  };
}

describe("gRPC watch fast path", () => {
  it("sends a snapshot, then every transition in order", async () => {
    const h = await startHarness();
    try {
      const seen: { seq: number; kind: WatchMessageKind; healthy: number }[] = [];
      const stream = h.client.watchEnvironmentStatus({ environmentName: "Env/Prod" });
      for await (const m of stream) {
        seen.push({ seq: Number(m.sequence), kind: m.kind, healthy: m.status?.healthy ?? -1 });
        if (seen.length === 1) for (let i = 1; i <= 5; i++) h.publish(i);
        if (seen.length === 6) break;
      }
      expect(seen.map((s) => s.seq)).to.deep.equal([1, 2, 3, 4, 5, 6]);
      expect(seen[0]!.kind).to.equal(WatchMessageKind.SNAPSHOT);
      expect(seen.slice(1).every((s) => s.kind === WatchMessageKind.UPDATE)).to.equal(true);
      expect(seen.map((s) => s.healthy)).to.deep.equal([0, 1, 2, 3, 4, 5]);
    } finally {
      await h.stop();
    }
  });

  it("replays what a reconnecting client missed", async () => {
    const h = await startHarness();
    try {
      h.publish(1);
      h.publish(2);
      h.publish(3);
      const seqs: number[] = [];
      for await (const m of h.client.watchEnvironmentStatus({ environmentName: "Env/Prod", afterSequence: 2n })) {
        seqs.push(Number(m.sequence));
        expect(m.kind).to.equal(WatchMessageKind.UPDATE);
        if (seqs.length === 2) break;
      }
      expect(seqs).to.deep.equal([3, 4]);
    } finally {
      await h.stop();
    }
  });

  it("adds the per-instance view for instances watchers, and only for them", async () => {
    const h = await startHarness();
    try {
      const withInstances: number[] = [];
      for await (const m of h.client.watchEnvironmentStatus({ environmentName: "Env/Prod", instances: true })) {
        withInstances.push(m.status?.instances.length ?? -1);
        if (withInstances.length === 1) h.publish(3);
        if (withInstances.length === 2) break;
      }
      expect(withInstances).to.deep.equal([1, 1]);
      for await (const m of h.client.watchEnvironmentStatus({ environmentName: "Env/Prod" })) {
        expect(m.status?.instances).to.have.length(0);
        break;
      }
    } finally {
      await h.stop();
    }
  });

  it("refuses an unknown environment with NOT_FOUND", async () => {
    const h = await startHarness();
    try {
      const err = await (async () => {
        for await (const _ of h.client.watchEnvironmentStatus({ environmentName: "Nope" })) void _;
      })().then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
      expect(err?.code).to.equal(Code.NotFound);
      expect(err?.rawMessage).to.contain("Nope");
    } finally {
      await h.stop();
    }
  });

  it("ends open streams with UNAVAILABLE on shutdown", async () => {
    const h = await startHarness();
    const err = await (async () => {
      for await (const _ of h.client.watchEnvironmentStatus({ environmentName: "Env/Prod" })) h.shutdown.abort();
    })().then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    expect(err?.code).to.equal(Code.Unavailable);
    expect(h.fastPath.streamCount()).to.equal(0);
    await h.stop();
  });

  it("honours grpc-timeout with DEADLINE_EXCEEDED and releases the stream", async () => {
    const h = await startHarness();
    try {
      // The client's own timer is far off: only the server's (fake) clock ends this call.
      const err = await (async () => {
        for await (const _ of h.client.watchEnvironmentStatus({ environmentName: "Env/Prod" }, { timeoutMs: 60_000 })) h.clock.advance(60_000);
      })().then(
        () => undefined,
        (e: unknown) => ConnectError.from(e),
      );
      expect(err?.code).to.equal(Code.DeadlineExceeded);
      await until(() => h.fastPath.streamCount() === 0, "the stream to be released");
    } finally {
      await h.stop();
    }
  });

  it("sends heartbeats on idle streams", async () => {
    const h = await startHarness({ heartbeatIntervalMs: 50 });
    try {
      const kinds: WatchMessageKind[] = [];
      for await (const m of h.client.watchEnvironmentStatus({ environmentName: "Env/Prod" })) {
        kinds.push(m.kind);
        if (kinds.length === 3) break;
        h.clock.advance(50);
      }
      expect(kinds[0]).to.equal(WatchMessageKind.SNAPSHOT);
      expect(kinds.slice(1)).to.deep.equal([WatchMessageKind.HEARTBEAT, WatchMessageKind.HEARTBEAT]);
    } finally {
      await h.stop();
    }
  });

  it("a watcher that stops reading gets a coalesced snapshot and does not hold up others", async () => {
    const h = await startHarness();
    // A raw HTTP/2 client that opens the stream and does not read (tiny window).
    const session = http2.connect(`http://127.0.0.1:${h.port}`, { settings: { initialWindowSize: 1024 } });
    const slow = session.request(
      { ":method": "POST", ":path": "/blox.v1.EnvironmentService/WatchEnvironmentStatus", "content-type": "application/grpc", te: "trailers" },
      { endStream: false },
    );
    const req = Buffer.from([0x0a, 0x08, ...Buffer.from("Env/Prod")]);
    const frame = Buffer.alloc(5 + req.length);
    frame.writeUInt32BE(req.length, 1);
    req.copy(frame, 5);
    const slowStarted = new Promise<void>((r) => slow.once("response", () => r()));
    slow.end(frame);
    slow.pause();
    try {
      await slowStarted;
      const fastSeqs: number[] = [];
      const started = Date.now();
      for await (const m of h.client.watchEnvironmentStatus({ environmentName: "Env/Prod" })) {
        fastSeqs.push(Number(m.sequence));
        if (fastSeqs.length === 1) for (let i = 0; i < 300; i++) h.publish(i % 5);
        if (fastSeqs.length > 1 && fastSeqs[fastSeqs.length - 1] === 301) break;
      }
      expect(Date.now() - started).to.be.below(5000);
      // The fast reader may coalesce too, but its sequence never goes backwards.
      expect([...fastSeqs].sort((a, b) => a - b)).to.deep.equal(fastSeqs);
      // Now the slow one resumes: its last message is the latest status, flagged coalesced.
      const chunks: Buffer[] = [];
      slow.on("data", (c: Buffer) => chunks.push(c));
      slow.resume();
      const decodeAll = () => {
        const body = Buffer.concat(chunks);
        const out: WatchEnvironmentStatusResponse[] = [];
        for (let off = 0; off + 5 <= body.length && off + 5 + body.readUInt32BE(off + 1) <= body.length; ) {
          const len = body.readUInt32BE(off + 1);
          out.push(fromBinary(WatchEnvironmentStatusResponseSchema, body.subarray(off + 5, off + 5 + len)));
          off += 5 + len;
        }
        return out;
      };
      await until(() => decodeAll().some((m) => Number(m.sequence) === 301), "the slow watcher's latest status");
      const decoded = decodeAll();
      const last = decoded[decoded.length - 1]!;
      expect(Number(last.sequence)).to.equal(301);
      expect(decoded.length).to.be.below(301);
      expect(decoded.some((m) => m.coalesced && m.kind === WatchMessageKind.SNAPSHOT)).to.equal(true);
    } finally {
      slow.close();
      session.close();
      await h.stop();
    }
  });
});

import { EventEmitter, once } from "node:events";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import {
  DescribeEnvironmentStatusResponseSchema,
  EnvironmentService,
  WatchEnvironmentStatusResponseSchema,
  WatchMessageKind,
} from "../../gen/blox/v1/environment_pb.js";
import { createBloxHttpServer, type BloxHttpServer, type BloxHttpServerOptions } from "../../server/transport/http-server.js";

/**
 * Test harness: the real EnvironmentService descriptor with small stub handlers.
 *
 * describeEnvironmentStatus(name):
 *   "missing"   → NOT_FOUND
 *   "slow:<id>" → waits until gates.release(id) (ignores every signal), then answers
 *   anything    → status { environment_name: name, healthy: 3 }, sequence 7
 * watchEnvironmentStatus(name): one SNAPSHOT, then
 *   "ignore-signal" → waits forever on a promise that no signal resolves
 *   anything else   → events.once(…, { signal: ctx.signal }), which rejects with a
 *                      bare AbortError at shutdown (the INTERNAL trap)
 */
export interface Harness {
  server: BloxHttpServer;
  port: number;
  baseUrl: string;
  gates: Gates;
  /** Number of watch handlers currently running. */
  openWatches(): number;
}

export interface Gates {
  /** Called by a handler: blocks until release(id). */
  wait(id: string): Promise<void>;
  /** Resolves once a handler waits on `id`. */
  waiting(id: string): Promise<void>;
  release(id: string): void;
}

function createGates(): Gates {
  const emitter = new EventEmitter();
  const released = new Set<string>();
  const waitingNow = new Set<string>();
  return {
    async wait(id) {
      waitingNow.add(id);
      emitter.emit(`waiting:${id}`);
      if (!released.has(id)) await once(emitter, `release:${id}`);
    },
    async waiting(id) {
      if (!waitingNow.has(id)) await once(emitter, `waiting:${id}`);
    },
    release(id) {
      released.add(id);
      emitter.emit(`release:${id}`);
    },
  };
}

export async function startHarness(overrides: Partial<BloxHttpServerOptions> = {}): Promise<Harness> {
  const gates = createGates();
  let watches = 0;
  const server = createBloxHttpServer({
    listen: { host: "127.0.0.1", port: 0 },
    shutdownGraceMs: 2000,
    routes: (router) =>
      router.service(EnvironmentService, {
        async describeEnvironmentStatus(req) {
          const name = req.environmentName;
          if (name === "missing") throw new ConnectError(`environment "${name}" not found`, Code.NotFound);
          if (name.startsWith("slow:")) await gates.wait(name.slice(5));
          return create(DescribeEnvironmentStatusResponseSchema, {
            status: { environmentName: name, healthy: 3 },
            sequence: 7n,
          });
        },
        async *watchEnvironmentStatus(req, ctx) {
          watches++;
          try {
            yield create(WatchEnvironmentStatusResponseSchema, {
              sequence: 1n,
              kind: WatchMessageKind.SNAPSHOT,
              status: { environmentName: req.environmentName },
            });
            if (req.environmentName === "ignore-signal") {
              await new Promise(() => {});
            } else {
              await once(new EventEmitter(), "never", { signal: ctx.signal });
            }
          } finally {
            watches--;
          }
        },
      }),
    ...overrides,
  });
  const { port } = await server.listen();
  return { server, port, baseUrl: `http://127.0.0.1:${port}`, gates, openWatches: () => watches };
}

export type ProtocolName = "grpc/h2" | "grpc-web/h2" | "grpc-web/http1.1" | "connect/h2" | "connect/http1.1";
export const PROTOCOLS: ProtocolName[] = ["grpc/h2", "grpc-web/h2", "grpc-web/http1.1", "connect/h2", "connect/http1.1"];

export function transportFor(protocol: ProtocolName, baseUrl: string, nodeOptions?: object): Transport {
  switch (protocol) {
    case "grpc/h2":
      return createGrpcTransport({ baseUrl, nodeOptions });
    case "grpc-web/h2":
      return createGrpcWebTransport({ baseUrl, httpVersion: "2", nodeOptions });
    case "grpc-web/http1.1":
      return createGrpcWebTransport({ baseUrl, httpVersion: "1.1", nodeOptions });
    case "connect/h2":
      return createConnectTransport({ baseUrl, httpVersion: "2", nodeOptions });
    case "connect/http1.1":
      return createConnectTransport({ baseUrl, httpVersion: "1.1", nodeOptions });
  }
}

export function envClient(transport: Transport): Client<typeof EnvironmentService> {
  return createClient(EnvironmentService, transport);
}

/** Resolves when `predicate` holds, polling on the event loop (no fixed sleeps). */
export async function until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The ConnectError a promise rejects with (fails if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<ConnectError> {
  try {
    await p;
  } catch (err) {
    return ConnectError.from(err);
  }
  throw new Error("expected a rejection");
}

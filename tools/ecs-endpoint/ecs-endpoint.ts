// An ECS-compatible HTTP endpoint over the simulated cluster: the AWS JSON 1.1
// protocol (POST /, X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Action>),
// ECS's error shapes and an optional throttling fault. The real SDK talks to
// it over real HTTP, so the ECS backend can be tested and tried without AWS.
// Signatures are not checked: any credentials work.

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "../../server/clock.js";
import type { SimulatedCluster } from "../../server/cluster/simulator/simulated-cluster.js";
import { createEcsActions, toServiceError } from "./actions.js";
import { CONTENT_TYPE, EcsServiceError, errorBody, parseBody, parseTarget, throttled } from "./protocol.js";

/** GET this path for the simulator's action log as JSON `{ entries: ActionLogEntry[] }` (tests and debugging only). */
export const ACTION_LOG_PATH = "/_blox/action-log";

/** Throttling fault: a token bucket of `rate` requests per second (burst `burst`, default = rate), or every Nth request. */
export type EndpointThrottle = { rate: number; burst?: number } | { everyNth: number };

export interface EcsEndpointOptions {
  /** The simulated cluster to serve (all of its clusters). */
  cluster: SimulatedCluster;
  /** Inject ThrottlingException answers (can be changed later with setThrottle). */
  throttle?: EndpointThrottle;
  /** Time for the rate throttle and registeredAt of task definitions. Default: the system clock. */
  clock?: Clock;
  /** Largest accepted request body. Default 1 MiB. */
  maxBodyBytes?: number;
}

export interface EcsResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface EcsEndpoint {
  /** Handles one request given its X-Amz-Target header and body (no sockets; for tests). */
  handle(target: string | undefined, body: string): Promise<EcsResponse>;
  /** A node:http request listener. */
  handler(req: IncomingMessage, res: ServerResponse): void;
  /** Starts an HTTP server; port 0 picks a free one. Resolves to its URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** The URL while listening. */
  readonly url: string | undefined;
  close(): Promise<void>;
  setThrottle(throttle: EndpointThrottle | undefined): void;
  /** Requests received per action (including throttled ones). */
  requestCounts(): Record<string, number>;
  /** Requests answered with ThrottlingException, per action. */
  throttledCounts(): Record<string, number>;
  resetCounts(): void;
}

export function createEcsEndpoint(options: EcsEndpointOptions): EcsEndpoint {
  const now = options.clock ? () => options.clock!.now() : () => Date.now();
  const actions = createEcsActions(options.cluster, { now });
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  let throttle = options.throttle;
  let tokens = 0;
  let lastRefill = now();
  let seen = 0;
  let counts: Record<string, number> = {};
  let throttledByAction: Record<string, number> = {};
  let server: Server | undefined;
  let url: string | undefined;

  function setThrottle(t: EndpointThrottle | undefined): void {
    if (t && "rate" in t && !(t.rate > 0)) throw new RangeError(`throttle.rate: must be > 0, got ${t.rate}`);
    if (t && "everyNth" in t && !(Number.isInteger(t.everyNth) && t.everyNth >= 1)) {
      throw new RangeError(`throttle.everyNth: must be an integer >= 1, got ${t.everyNth}`);
    }
    throttle = t;
    tokens = t && "rate" in t ? (t.burst ?? t.rate) : 0;
    lastRefill = now();
    seen = 0;
  }
  setThrottle(throttle);

  function shouldThrottle(): boolean {
    if (!throttle) return false;
    if ("everyNth" in throttle) return ++seen % throttle.everyNth === 0;
    const t = now();
    tokens = Math.min(throttle.burst ?? throttle.rate, tokens + ((t - lastRefill) / 1000) * throttle.rate);
    lastRefill = t;
    if (tokens < 1) return true;
    tokens -= 1;
    return false;
  }

  function respond(status: number, body: string): EcsResponse {
    return { status, headers: { "content-type": CONTENT_TYPE, "x-amzn-requestid": randomUUID() }, body };
  }

  async function handle(target: string | undefined, body: string): Promise<EcsResponse> {
    let action = "?";
    try {
      action = parseTarget(target);
      counts[action] = (counts[action] ?? 0) + 1;
      if (shouldThrottle()) {
        throttledByAction[action] = (throttledByAction[action] ?? 0) + 1;
        throw throttled();
      }
      const out = await actions.run(action, parseBody(body));
      return respond(200, JSON.stringify(out ?? {}));
    } catch (err) {
      const e = toServiceError(err);
      return respond(e.status, errorBody(e));
    }
  }

  function handler(req: IncomingMessage, res: ServerResponse): void {
    const send = (r: EcsResponse) => {
      res.writeHead(r.status, { ...r.headers, "content-length": Buffer.byteLength(r.body) });
      res.end(r.body);
    };
    // Test-only debug view, not part of the ECS API: the simulator's action log
    // (every StartTask / StopTask with the actor label it carried).
    if (req.method === "GET" && (req.url ?? "").split("?")[0] === ACTION_LOG_PATH) {
      const body = JSON.stringify({ entries: options.cluster.actionLog() });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
      req.resume();
      return;
    }
    if (req.method !== "POST") {
      send(respond(404, errorBody(new EcsServiceError("UnknownOperationException", "Only POST / is served.", 404))));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > maxBody) tooBig = true;
      else chunks.push(c);
    });
    req.on("error", () => res.destroy());
    req.on("end", () => {
      if (tooBig) {
        send(respond(413, errorBody(new EcsServiceError("SerializationException", `Request body exceeds ${maxBody} bytes.`, 413))));
        return;
      }
      const target = req.headers["x-amz-target"];
      handle(Array.isArray(target) ? target[0] : target, Buffer.concat(chunks).toString("utf8")).then(send, (err) => {
        send(respond(500, errorBody(toServiceError(err))));
      });
    });
  }

  return {
    handle,
    handler,
    async listen(port = 0, host = "127.0.0.1") {
      if (server) throw new Error("ECS endpoint is already listening");
      const s = createServer(handler);
      server = s;
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(port, host, () => {
          s.off("error", reject);
          resolve();
        });
      });
      const addr = s.address() as AddressInfo;
      const h = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
      url = `http://${h}:${addr.port}`;
      return url;
    },
    get url() {
      return url;
    },
    async close() {
      const s = server;
      server = undefined;
      url = undefined;
      if (!s) return;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeAllConnections();
      });
    },
    setThrottle,
    requestCounts: () => ({ ...counts }),
    throttledCounts: () => ({ ...throttledByAction }),
    resetCounts() {
      counts = {};
      throttledByAction = {};
    },
  };
}

import { createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import { EnvironmentService } from "../gen/blox/v1/environment_pb.js";

export { EnvironmentService };

/** The wire protocols the Blox server speaks on its one port. */
export type BloxProtocol = "grpc" | "connect" | "grpc-web";
export const BLOX_PROTOCOLS: readonly BloxProtocol[] = ["grpc", "connect", "grpc-web"];

/** Longest `timeoutMs`: the most a Node timer can wait. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Default endpoint of a local `npm start`. */
export const DEFAULT_ENDPOINT = "http://127.0.0.1:50051";

export interface BloxClientOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:50051` (h2c) or `https://blox.example.com`. */
  endpoint: string;
  /** Default `grpc`. */
  protocol?: BloxProtocol;
  /**
   * HTTP version. gRPC always uses HTTP/2 (prior knowledge for `http://`).
   * Default: `2` for grpc and grpc-web, `1.1` for connect.
   */
  httpVersion?: "1.1" | "2";
  /** Deadline applied to every call that does not set its own. Unset: none. */
  timeoutMs?: number;
  /** Extra interceptors, e.g. to add auth headers. */
  interceptors?: Interceptor[];
  /** Bearer token sent as `authorization: Bearer <token>` (servers with BLOX_AUTH_TOKENS or BLOX_AUTH_FILE). */
  token?: string;
  /**
   * PEM contents for `https://` endpoints: `ca` to trust the server's
   * certificate (instead of the system CAs), `cert` + `key` to present a client
   * certificate to a server with BLOX_TLS_CLIENT_CA (mTLS).
   */
  tls?: { ca?: string | Uint8Array; cert?: string | Uint8Array; key?: string | Uint8Array };
}

/** A typed client of blox.v1.EnvironmentService. */
export type BloxClient = Client<typeof EnvironmentService>;

/**
 * Creates the transport for `options`. Exposed so callers can share one
 * transport between clients; most callers want createBloxClient.
 */
export function createBloxTransport(options: BloxClientOptions): Transport {
  const protocol = options.protocol ?? "grpc";
  let baseUrl: URL;
  try {
    baseUrl = new URL(options.endpoint);
  } catch {
    throw new Error(`endpoint: not a URL: ${JSON.stringify(options.endpoint)} (expected e.g. ${DEFAULT_ENDPOINT})`);
  }
  if (baseUrl.protocol !== "http:" && baseUrl.protocol !== "https:") {
    throw new Error(`endpoint: unsupported scheme ${baseUrl.protocol} (expected http: or https:)`);
  }
  if (baseUrl.search !== "" || baseUrl.hash !== "") {
    throw new Error(`endpoint: a server URL takes no query or fragment, got ${JSON.stringify(options.endpoint)}`);
  }
  const t = options.timeoutMs;
  // Node timers hold at most 2^31-1 ms; a longer deadline would expire at once.
  if (t !== undefined && !(Number.isFinite(t) && t > 0 && t <= MAX_TIMEOUT_MS)) {
    throw new Error(`timeoutMs: must be more than 0 and at most ${MAX_TIMEOUT_MS} (about 24 days), got ${t}`);
  }
  if (options.tls && (options.tls.cert === undefined) !== (options.tls.key === undefined)) {
    throw new Error("tls: a client certificate needs both cert and key");
  }
  const tlsOptions = options.tls
    ? Object.fromEntries(Object.entries(options.tls).filter(([, v]) => v !== undefined).map(([k, v]) => [k, typeof v === "string" ? v : Buffer.from(v)]))
    : undefined;
  const common = {
    ...(tlsOptions ? { nodeOptions: tlsOptions } : {}),
    baseUrl: options.endpoint.replace(/\/+$/, ""),
    defaultTimeoutMs: options.timeoutMs,
    interceptors: [...(options.token ? [bearerToken(options.token)] : []), ...(options.interceptors ?? [])],
  };
  switch (protocol) {
    case "grpc":
      if (options.httpVersion === "1.1") {
        throw new Error("httpVersion: gRPC needs HTTP/2; use protocol connect or grpc-web for HTTP/1.1");
      }
      return createGrpcTransport({ ...common });
    case "grpc-web":
      return options.httpVersion === "1.1"
        ? createGrpcWebTransport({ ...common, httpVersion: "1.1" })
        : createGrpcWebTransport({ ...common, httpVersion: "2" });
    case "connect":
      return options.httpVersion === "2"
        ? createConnectTransport({ ...common, httpVersion: "2" })
        : createConnectTransport({ ...common, httpVersion: "1.1" });
    default:
      throw new Error(`protocol: unknown protocol ${JSON.stringify(protocol)} (expected ${BLOX_PROTOCOLS.join(", ")})`);
  }
}

/**
 * Creates a typed client of blox.v1.EnvironmentService.
 *
 * ```ts
 * const blox = createBloxClient({ endpoint: "http://127.0.0.1:50051", protocol: "grpc" });
 * const { environmentRevision } = await blox.createEnvironment({ spec });
 * ```
 */
export function createBloxClient(options: BloxClientOptions): BloxClient {
  return createClient(EnvironmentService, createBloxTransport(options));
}

/** Adds `authorization: Bearer <token>` to every call. */
function bearerToken(token: string): Interceptor {
  return (next) => (req) => {
    req.header.set("authorization", `Bearer ${token}`);
    return next(req);
  };
}

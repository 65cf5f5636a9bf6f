import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as http2 from "node:http2";
import * as net from "node:net";
import type { DescService } from "@bufbuild/protobuf";
import type { ConnectRouter, ConnectRouterOptions } from "@connectrpc/connect";
import type { UniversalHandler } from "@connectrpc/connect/protocol";
import { drainUnreadBody } from "./drain-unread-body.js";
import { mapRequestDecodeErrors, requestDecodeErrorInterceptor } from "./request-decode-errors.js";
import { beforeDecodeRefusalInterceptor, checkBeforeDecode, type BeforeDecodeCheck } from "./before-decode.js";
import { peerKey, peerOfSocket } from "./peer.js";
import { createContextValues } from "@connectrpc/connect";
import { connectNodeAdapter, type ConnectNodeAdapterOptions } from "@connectrpc/connect-node";
import { Health, file_grpc_health_v1_health } from "../../gen/grpc/health/v1/health_pb.js";
import { ServerReflection as ReflectionV1 } from "../../gen/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as ReflectionV1Alpha } from "../../gen/grpc/reflection/v1alpha/reflection_pb.js";
import { shutdownError } from "../abort.js";
import { createHealthService, ServingStatus, type HealthService } from "./health.js";
import { classifyPreface } from "./preface.js";
import { registerReflection } from "./reflection.js";
import { createShutdownInterceptor } from "./shutdown-interceptor.js";
import { dropUnreachableTimeouts } from "./timeout-headers.js";
import { answerUnsendableErrors, wellFormedErrorInterceptor } from "./well-formed-errors.js";

/** PEM material: a Buffer/Uint8Array holds the PEM itself, a string is a file path. */
export type PemSource = string | Uint8Array;

export interface TlsOptions {
  key: PemSource;
  cert: PemSource;
  /**
   * CA of client certificates (mTLS). The server then asks every client for a
   * certificate: one that does not chain to this CA ends the connection right
   * after the handshake; a verified one is the call's peer certSubject; a
   * client without one is served (it may still present a bearer token).
   */
  clientCa?: PemSource;
}

/** Where and what the server listens on. */
export interface ListenOptions {
  /** Default "127.0.0.1". */
  host?: string;
  /** Default 50051; 0 picks a free port (see the address listen() resolves to). */
  port?: number;
}

/**
 * Raw HTTP/2 stream hook, called for every HTTP/2 request before the Connect
 * handler (e.g. a hand-written gRPC fast path). Return true when the hook has
 * taken the stream (it must then answer and end it); false to let the Connect
 * handler serve it. `shutdownSignal` aborts when the server starts shutting
 * down; a hook serving streams should end them with grpc-status 14 then.
 */
export type Http2StreamHook = (
  stream: http2.ServerHttp2Stream,
  headers: http2.IncomingHttpHeaders,
  ctx: { shutdownSignal: AbortSignal },
) => boolean;

/**
 * Plain HTTP request hook (HTTP/1.1 and HTTP/2 alike), called before the
 * Connect handler, e.g. to serve static files. Return true when it has taken
 * the request (it must answer it); false to let the Connect handler serve it.
 */
export type HttpRequestHook = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
) => boolean;

export interface BloxHttpServerOptions extends Omit<ConnectRouterOptions, "shutdownSignal"> {
  /** Registers the application services, e.g. `(r) => r.service(EnvironmentService, impl)`. */
  routes: (router: ConnectRouter) => void;
  /** Default 127.0.0.1:50051. */
  listen?: ListenOptions;
  /** Serve TLS (ALPN h2 and http/1.1) instead of cleartext h2c + HTTP/1.1. */
  tls?: TlsOptions;
  /**
   * How long shutdown() waits for in-flight calls before it destroys what is left.
   * Default 5000 ms.
   */
  shutdownGraceMs?: number;
  /**
   * A connection that sends nothing (cleartext: not even 24 bytes to tell
   * HTTP/2 from HTTP/1.1; TLS: no finished handshake) within this time is closed.
   * Default 10000 ms.
   */
  handshakeTimeoutMs?: number;
  /**
   * An HTTP/1.1 request whose headers have not all arrived within this time is
   * answered 408 and its connection closed (slowloris), cleartext and TLS
   * alike. Default 60000 ms (Node's default).
   */
  headersTimeoutMs?: number;
  /**
   * An HTTP/2 connection with no open stream and no traffic for this long is
   * closed (GOAWAY). This also reclaims connections a client broke with a
   * protocol error: Node answers those with GOAWAY but keeps the socket open
   * until the peer closes it. Default 300000 ms; 0 disables.
   */
  idleTimeoutMs?: number;
  /** See Http2StreamHook. */
  onHttp2Stream?: Http2StreamHook;
  /** See HttpRequestHook. */
  onHttpRequest?: HttpRequestHook;
  /**
   * Runs on every routed call (health and reflection included) before its body
   * is read, e.g. authentication; a ConnectError it throws is the answer.
   */
  beforeDecode?: BeforeDecodeCheck;
  /** Health registry to serve; default a new one. Every routed service starts SERVING. */
  health?: HealthService;
  /** Serve gRPC server reflection v1 and v1alpha for every routed service. Default true. */
  reflection?: boolean;
  /**
   * Interceptors run before the server's own (shutdown, decode errors) and
   * `interceptors`: telemetry, so that refused calls are seen too.
   */
  outerInterceptors?: ConnectRouterOptions["interceptors"];
  /** Values passed to handlers (connect-node's contextValues). */
  contextValues?: ConnectNodeAdapterOptions["contextValues"];
  /**
   * Called with errors on sockets, sessions and streams (resets, garbage, TLS
   * failures). They never crash the process; this hook is for logging. Default: ignore.
   */
  onError?: (err: unknown, where: string) => void;
}

export interface BloxHttpServer {
  /** Starts listening; resolves to the bound address (useful with port 0). */
  listen(): Promise<{ host: string; port: number }>;
  /**
   * Graceful shutdown, idempotent (every call returns the same promise):
   * 1. health: every service (and "") → NOT_SERVING, seen by Watch streams;
   * 2. stop accepting connections;
   * 3. `shutdownSignal` aborts with UNAVAILABLE "server is shutting down": open
   *    streams end with that status (see createShutdownInterceptor);
   * 4. GOAWAY on every HTTP/2 session; idle HTTP/1.1 connections closed, busy
   *    ones after their response (sent with `Connection: close`);
   * 5. in-flight unary calls finish; after `shutdownGraceMs`, everything left
   *    is destroyed. Resolves when every connection is closed.
   */
  shutdown(): Promise<void>;
  /** Aborts (reason: ConnectError UNAVAILABLE) when shutdown() starts. */
  readonly shutdownSignal: AbortSignal;
  readonly health: HealthService;
  /** Services routed by `routes` (not health / reflection). */
  readonly services: readonly DescService[];
  /** Open connections by kind, for tests and metrics. */
  connectionCounts(): { tcp: number; http2Sessions: number; http1: number };
}

const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_PORT = 50051;

/**
 * One port for gRPC, gRPC-Web and Connect: HTTP/2 (h2c with prior knowledge, or
 * h2 over TLS by ALPN) and HTTP/1.1 on the same socket.
 *
 * Cleartext: a net.Server accepts each connection, reads until the first 24
 * bytes tell whether it is the HTTP/2 preface, puts them back and hands the
 * socket to an http2 or an http server (Node's allowHTTP1 works only with TLS
 * ALPN). TLS: the socket goes to http2.createSecureServer({ allowHTTP1 }).
 */
export function createBloxHttpServer(options: BloxHttpServerOptions): BloxHttpServer {
  const {
    routes,
    listen: listenOptions = {},
    tls,
    shutdownGraceMs = 5000,
    handshakeTimeoutMs = 10_000,
    headersTimeoutMs = 60_000,
    idleTimeoutMs = 300_000,
    onHttp2Stream,
    onHttpRequest,
    beforeDecode,
    contextValues,
    health = createHealthService(),
    reflection = true,
    onError = () => {},
    interceptors = [],
    outerInterceptors = [],
    ...connectOptions
  } = options;

  const shutdownController = new AbortController();
  const shutdownSignal = shutdownController.signal;
  let draining = false;

  const services: DescService[] = [];
  const handler = connectNodeAdapter({
    ...connectOptions,
    interceptors: [wellFormedErrorInterceptor, ...outerInterceptors, beforeDecodeRefusalInterceptor, createShutdownInterceptor(shutdownSignal), requestDecodeErrorInterceptor, ...interceptors],
    // Every call knows its peer (address, verified client certificate).
    contextValues(req) {
      const values = contextValues?.(req) ?? createContextValues();
      values.set(peerKey, peerOfSocket(req.socket));
      return values;
    },
    routes(router) {
      routes(router);
      // Undecodable and oversize requests are the caller's fault, said in the caller's words;
      // a refused HTTP/1.1 request is read to its end so the client gets the answer, not a reset.
      const handlers = router.handlers as UniversalHandler[];
      for (let i = 0; i < handlers.length; i++) handlers[i] = drainUnreadBody(answerUnsendableErrors(mapRequestDecodeErrors(handlers[i]!)));
      for (const h of router.handlers) if (!services.includes(h.service)) services.push(h.service);
      for (const s of services) {
        if (health.getStatus(s.typeName) === undefined) health.setStatus(s.typeName, ServingStatus.SERVING);
      }
      health.register(router);
      if (reflection) {
        registerReflection(router, {
          files: [...services.map((s) => s.file), file_grpc_health_v1_health],
          services: [...services, Health, ReflectionV1, ReflectionV1Alpha].map((s) => s.typeName),
        });
      }
      if (beforeDecode) for (let i = 0; i < handlers.length; i++) handlers[i] = checkBeforeDecode(handlers[i]!, beforeDecode);
    },
  });

  // --- connection bookkeeping -------------------------------------------------
  const tcpSockets = new Set<net.Socket>();
  const sniffing = new Set<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  /** HTTP/1.1 connections (raw or TLS socket) → their responses in flight. */
  const http1 = new Map<net.Socket, Set<http.ServerResponse>>();
  /** HTTP/2 session → number of open streams (for the idle timeout). */
  const openStreams = new WeakMap<http2.Http2Session, number>();

  function trackHttp1(socket: net.Socket): Set<http.ServerResponse> {
    let inFlight = http1.get(socket);
    if (inFlight) return inFlight;
    http1.set(socket, (inFlight = new Set()));
    socket.once("close", () => {
      http1.delete(socket);
      settle();
    });
    if (draining) socket.destroy();
    return inFlight;
  }

  function onRequest(req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse): void {
    req.on("error", (err) => onError(err, "request"));
    res.on("error", (err) => onError(err, "response"));
    if (req.httpVersionMajor === 1) {
      dropUnreachableTimeouts(req.headers); // HTTP/2: done where the stream arrives
      const socket = req.socket;
      const h1res = res as http.ServerResponse;
      const inFlight = trackHttp1(socket);
      inFlight.add(h1res);
      // While draining, tell the client not to reuse the connection.
      if (draining) h1res.setHeader("connection", "close");
      h1res.once("close", () => {
        inFlight.delete(h1res);
        if (draining && inFlight.size === 0) socket.destroySoon();
      });
    }
    try {
      if (onHttpRequest?.(req, res)) return;
      (handler as (req: unknown, res: unknown) => void)(req, res);
    } catch (err) {
      // e.g. an HTTP/1.0 request without Host: connect-node cannot build a URL and throws.
      onError(err, "request");
      if (!res.headersSent) (res as http.ServerResponse).writeHead(400, { "content-type": "text/plain", connection: "close" });
      res.end(`bad request: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }

  // --- HTTP/2 (and HTTP/1.1 by ALPN when TLS) ---------------------------------
  const h2: http2.Http2Server | http2.Http2SecureServer = tls
    ? http2.createSecureServer({
        key: readPem(tls.key, "tls.key"),
        cert: readPem(tls.cert, "tls.cert"),
        ...(tls.clientCa ? { ca: readPem(tls.clientCa, "tls.clientCa"), requestCert: true, rejectUnauthorized: false } : {}),
        allowHTTP1: true,
        ALPNProtocols: ["h2", "http/1.1"],
        handshakeTimeout: handshakeTimeoutMs,
      })
    : http2.createServer();
  h2.on("request", onRequest);
  h2.on("session", (session: http2.ServerHttp2Session) => {
    sessions.add(session);
    session.on("error", (err) => onError(err, "http2 session"));
    session.once("close", () => {
      sessions.delete(session);
      settle();
    });
    openStreams.set(session, 0);
    if (idleTimeoutMs > 0) {
      session.setTimeout(idleTimeoutMs, () => {
        if ((openStreams.get(session) ?? 0) === 0) session.close();
      });
    }
    if (draining) session.close();
  });
  h2.on("sessionError", (err) => onError(err, "http2 session"));
  h2.on("error", (err) => onError(err, "http2 server"));
  if (tls) {
    const secure = h2 as http2.Http2SecureServer;
    secure.on("tlsClientError", (err) => onError(err, "tls handshake"));
    // Optional client certificates: none is fine, one the CA did not sign is refused here.
    secure.prependListener("secureConnection", (socket: import("node:tls").TLSSocket) => {
      if (!tls.clientCa || socket.authorized) return;
      const cert = socket.getPeerCertificate();
      if (cert && Object.keys(cert).length > 0) {
        onError(new Error(`client certificate refused: ${String(socket.authorizationError)}`), "tls handshake");
        socket.destroy();
      }
    });
    secure.on("secureConnection", (socket: import("node:tls").TLSSocket) => {
      socket.on("error", (err) => onError(err, "tls socket"));
      if (socket.alpnProtocol === "h2") return;
      trackHttp1(socket);
      // As on the cleartext port: a connection that sends nothing is closed.
      // (Node's headers timeout only starts with the first byte of a request.)
      const silent = setTimeout(() => socket.destroy(), handshakeTimeoutMs);
      const heard = () => {
        clearTimeout(silent);
        socket.off("data", heard);
      };
      socket.on("data", heard);
      socket.once("close", heard);
    });
  }
  // Every HTTP/2 stream passes here first: give it an error listener (an
  // unhandled 'error' would crash the process) and offer it to the raw hook.
  const emit = h2.emit;
  h2.emit = function (this: typeof h2, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "stream") {
      const stream = args[0] as http2.ServerHttp2Stream;
      const headers = args[1] as http2.IncomingHttpHeaders;
      stream.on("error", (err) => onError(err, "http2 stream"));
      // The same object becomes the compat request's headers: fixes both paths.
      dropUnreachableTimeouts(headers);
      const session = stream.session;
      if (session) {
        openStreams.set(session, (openStreams.get(session) ?? 0) + 1);
        stream.once("close", () => openStreams.set(session, (openStreams.get(session) ?? 1) - 1));
      }
      if (onHttp2Stream) {
        try {
          if (onHttp2Stream(stream, headers, { shutdownSignal })) return true;
        } catch (err) {
          onError(err, "onHttp2Stream");
          if (!stream.destroyed) stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
          return true;
        }
      }
    }
    return emit.call(this, event, ...args);
  } as typeof h2.emit;

  // --- HTTP/1.1 (cleartext) ---------------------------------------------------
  const h1 = http.createServer();
  h1.on("request", onRequest);
  h1.on("clientError", (err: NodeJS.ErrnoException, socket: net.Socket) => {
    onError(err, "http1 parser");
    if (socket.writable && err.code !== "ECONNRESET") {
      // The statuses Node's own handler sends: a slow client is told 408, not "bad request".
      const status =
        err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? "408 Request Timeout" : err.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    socket.destroySoon();
  });
  h1.on("error", (err) => onError(err, "http1 server"));

  // Node arms these HTTP/1.1 timeouts only on a server that emits "listening"
  // (done in listen()); with TLS the HTTP/1.1 connections belong to the http2
  // server, whose defaults also lack a keep-alive timeout.
  const http1Servers: Http1Timeouts[] = [h1 as unknown as Http1Timeouts];
  if (tls) http1Servers.push(h2 as unknown as Http1Timeouts);
  for (const server of http1Servers) {
    server.headersTimeout = headersTimeoutMs;
    server.requestTimeout = Math.max(300_000, headersTimeoutMs);
    server.connectionsCheckingInterval = Math.min(30_000, Math.max(10, Math.floor(headersTimeoutMs / 2)));
    server.keepAliveTimeout ??= 5000;
  }

  // --- accepting --------------------------------------------------------------
  function sniff(socket: net.Socket): void {
    sniffing.add(socket);
    let received = Buffer.alloc(0);
    const timer = setTimeout(() => socket.destroy(), handshakeTimeoutMs);
    const done = () => {
      clearTimeout(timer);
      sniffing.delete(socket);
      socket.off("data", onData);
      socket.off("close", done);
    };
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const verdict = classifyPreface(received);
      if (verdict === "need-more") return;
      done();
      socket.pause();
      socket.unshift(received);
      if (draining) {
        socket.destroy();
        return;
      }
      try {
        if (verdict === "h2") {
          h2.emit("connection", socket);
        } else {
          trackHttp1(socket);
          h1.emit("connection", socket);
          socket.resume();
        }
      } catch (err) {
        onError(err, "connection setup");
        socket.destroy();
      }
    };
    socket.on("data", onData);
    socket.once("close", done);
  }

  const tcp = net.createServer({ noDelay: true }, (socket) => {
    tcpSockets.add(socket);
    socket.on("error", (err) => onError(err, "tcp socket"));
    socket.once("close", () => {
      tcpSockets.delete(socket);
      settle();
    });
    if (draining) {
      socket.destroy();
      return;
    }
    try {
      if (tls) h2.emit("connection", socket);
      else sniff(socket);
    } catch (err) {
      onError(err, "connection setup");
      socket.destroy();
    }
  });

  // --- shutdown ---------------------------------------------------------------
  let settle: () => void = () => {};
  let shutdownPromise: Promise<void> | undefined;
  let listening = false;

  async function shutdown(): Promise<void> {
    draining = true;
    health.setAllNotServing();
    // Stop accepting; `closed` resolves once every accepted socket is gone.
    const closed = listening ? new Promise<void>((resolve) => tcp.close(() => resolve())) : Promise.resolve();
    // Stops the timeout checkers (neither server listened itself; the errors saying so are expected).
    for (const server of http1Servers) server.close(() => {});
    // Let Watch streams pick up NOT_SERVING before the shutdown signal ends them.
    await new Promise<void>((resolve) => setImmediate(resolve));
    shutdownController.abort(shutdownError());

    for (const socket of sniffing) socket.destroy();
    for (const session of sessions) session.close(); // GOAWAY; closes when its streams end
    for (const [socket, inFlight] of http1) {
      if (inFlight.size === 0) socket.destroy();
      for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
    }

    const drained = new Promise<void>((resolve) => {
      settle = () => {
        if (sessions.size === 0 && http1.size === 0) resolve();
      };
      settle();
    });
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, shutdownGraceMs)));
    await Promise.race([drained, graceOver]);
    clearTimeout(timer);
    // Whatever is left has nothing to finish (drained) or ran out of time.
    for (const session of sessions) session.destroy();
    for (const socket of http1.keys()) socket.destroy();
    for (const socket of tcpSockets) socket.destroy();
    await closed;
  }

  return {
    listen() {
      if (listening) return Promise.reject(new Error("listen: already listening"));
      if (draining) return Promise.reject(new Error("listen: the server was shut down"));
      const host = listenOptions.host ?? DEFAULT_HOST;
      const port = listenOptions.port ?? DEFAULT_PORT;
      return new Promise((resolve, reject) => {
        const onListenError = (err: Error) => reject(err);
        tcp.once("error", onListenError);
        tcp.listen(port, host, () => {
          tcp.off("error", onListenError);
          tcp.on("error", (err) => onError(err, "tcp server"));
          listening = true;
          for (const server of http1Servers) server.emit("listening"); // arms the HTTP/1.1 headers/request timeouts
          const addr = tcp.address() as net.AddressInfo;
          resolve({ host: addr.address, port: addr.port });
        });
      });
    },
    shutdown() {
      return (shutdownPromise ??= shutdown());
    },
    shutdownSignal,
    health,
    services,
    connectionCounts: () => ({ tcp: tcpSockets.size, http2Sessions: sessions.size, http1: http1.size }),
  };
}

/** The HTTP/1.1 timeout knobs shared by http.Server and (with allowHTTP1) Http2SecureServer. */
interface Http1Timeouts {
  headersTimeout: number;
  requestTimeout: number;
  connectionsCheckingInterval: number;
  keepAliveTimeout?: number;
  emit(event: "listening"): boolean;
  close(callback: () => void): void;
}

function readPem(source: PemSource, field: string): Buffer {
  if (typeof source !== "string") return Buffer.from(source);
  try {
    return readFileSync(source);
  } catch (err) {
    throw new Error(`${field}: cannot read PEM file "${source}": ${(err as Error).message}`);
  }
}

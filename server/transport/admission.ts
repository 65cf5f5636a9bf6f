import type * as http2 from "node:http2";
import type { ConnectError } from "@connectrpc/connect";

/** A call a raw HTTP/2 path admitted from its headers, before reading its body. */
export interface AdmittedCall {
  /** Checks the decoded request (e.g. the environment's scope); throws a ConnectError to refuse. */
  checkRequest(message: unknown): void;
  /** For streams: `onRevoked` ends the stream when the caller's access goes while it is open. Returns the unsubscribe. */
  watch(environmentName: string, onRevoked: (error: ConnectError) => void): () => void;
}

/**
 * The same check the Connect handlers run before decode, for hand-written
 * HTTP/2 paths. Throws a ConnectError (UNAUTHENTICATED, PERMISSION_DENIED) to refuse.
 */
export type AdmitHttp2Call = (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, procedure: { service: string; method: string }) => AdmittedCall;

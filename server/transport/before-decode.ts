// Header checks that run before a request body is decoded, on every protocol
// connect-es serves. connect-es decodes a unary request before any interceptor
// runs, so a check in an interceptor comes too late: an unauthenticated caller
// with a malformed body would learn INVALID_ARGUMENT instead of UNAUTHENTICATED,
// and the server would parse bodies from anyone. Here the check sees only
// headers; when it throws, the body is never read: the handler gets an empty
// message of the request's encoding instead, and the first interceptor answers
// with the check's error in the protocol's own format.

import { createContextKey, createContextValues, type Interceptor } from "@connectrpc/connect";
import type { UniversalHandler, UniversalServerRequest } from "@connectrpc/connect/protocol";
import { ConnectError } from "../errors.js";
import { discardUnreadBody } from "./drain-unread-body.js";

/** What a check sees of a call: its route and headers, and the context values (peer, and whatever the check adds). */
export interface BeforeDecodeCall {
  service: string;
  method: string;
  header: Headers;
  contextValues: NonNullable<UniversalServerRequest["contextValues"]>;
}

/** Throws a ConnectError to refuse the call; may set context values for the handlers. */
export type BeforeDecodeCheck = (call: BeforeDecodeCall) => void;

const refusalKey = createContextKey<ConnectError | undefined>(undefined, { description: "refused before decode" });

/** Wraps a routed handler so that `check` runs before its body is read. */
export function checkBeforeDecode(handler: UniversalHandler, check: BeforeDecodeCheck): UniversalHandler {
  const wrapped = async (request: UniversalServerRequest) => {
    const contextValues = request.contextValues ?? createContextValues();
    try {
      check({ service: handler.service.typeName, method: handler.method.name, header: request.header, contextValues });
    } catch (err) {
      contextValues.set(refusalKey, ConnectError.from(err));
      discardUnreadBody(request);
      // The refusal is answered at once: nothing of the request but its protocol matters any more, so
      // headers that could turn it into another error (encodings, timeouts, protocol version) go.
      const header = new Headers(request.header);
      for (const h of ["content-encoding", "connect-content-encoding", "grpc-encoding", "content-length", "grpc-timeout", "connect-timeout-ms"]) header.delete(h);
      if (header.has("connect-protocol-version")) header.set("connect-protocol-version", "1");
      return handler({ ...request, header, contextValues, body: emptyBody(header.get("content-type") ?? "") });
    }
    return handler({ ...request, contextValues });
  };
  return Object.assign(wrapped, handler);
}

/** Answers a call refused by checkBeforeDecode with the refusal; install it first. */
export const beforeDecodeRefusalInterceptor: Interceptor = (next) => async (req) => {
  const refusal = req.contextValues.get(refusalKey);
  if (refusal) throw refusal;
  return next(req);
};

/** An empty request message in the encoding the content type names. */
function emptyBody(contentType: string): AsyncIterable<Uint8Array> {
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  const json = type.endsWith("json");
  const message = json ? Buffer.from("{}") : Buffer.alloc(0);
  const enveloped = type.startsWith("application/grpc") || type.startsWith("application/connect+");
  if (!enveloped) return once(message);
  const frame = Buffer.alloc(5 + message.byteLength);
  frame.writeUInt32BE(message.byteLength, 1);
  message.copy(frame, 5);
  return once(frame);
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

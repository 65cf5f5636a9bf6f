import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import type { UniversalHandler, UniversalServerRequest, UniversalServerResponse } from "@connectrpc/connect/protocol";

// An error message with a lone surrogate (half of an emoji cut off, or one
// copied from the request) cannot be sent: connect-es percent-encodes the
// gRPC status message with encodeURIComponent, which throws, and the call is
// never answered. Every message leaving the server is made well-formed here.

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with every lone surrogate replaced by U+FFFD. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\ufffd");
}

function wellFormedError(err: unknown): unknown {
  const e = ConnectError.from(err);
  const message = wellFormed(e.rawMessage);
  if (message === e.rawMessage) return err;
  // The details as they were (incoming ones too, which the constructor does not take).
  return Object.assign(new ConnectError(message, e.code, e.metadata, undefined, e.cause), { details: e.details });
}

async function* wellFormedStream<T>(stream: AsyncIterable<T>): AsyncIterable<T> {
  try {
    yield* stream;
  } catch (err) {
    throw wellFormedError(err);
  }
}

/** Makes the message of every error a handler throws (unary, or mid-stream) well-formed. */
export const wellFormedErrorInterceptor: Interceptor = (next) => async (req) => {
  try {
    const res = await next(req);
    return res.stream ? { ...res, message: wellFormedStream(res.message) } : res;
  } catch (err) {
    throw wellFormedError(err);
  }
};

/**
 * A unary request whose *parse* error quotes text that is not well-formed
 * (V8's JSON.parse message cuts its snippet mid surrogate pair) fails before
 * any interceptor runs, and connect-es then rejects with a URIError instead
 * of answering. Such requests are answered INVALID_ARGUMENT here (gRPC and
 * gRPC-Web, trailers-only; Connect sends JSON, which has no such problem).
 */
export function answerUnsendableErrors(handler: UniversalHandler): UniversalHandler {
  const wrapped = async (request: UniversalServerRequest): Promise<UniversalServerResponse> => {
    try {
      return await handler(request);
    } catch (err) {
      const contentType = request.header.get("content-type") ?? "";
      if (!(err instanceof URIError) || !contentType.startsWith("application/grpc")) throw err;
      const message = "request message is not valid (the parser's description of the error is not well-formed Unicode)";
      return {
        status: 200,
        header: new Headers({ "content-type": contentType, "grpc-status": String(Code.InvalidArgument), "grpc-message": encodeURIComponent(message) }),
      };
    }
  };
  return Object.assign(wrapped, handler);
}

import type { UniversalHandler, UniversalServerRequest } from "@connectrpc/connect/protocol";

/** How much of an unread HTTP/1.1 request body is read and dropped after the handler stopped reading. */
export const MAX_DISCARDED_BODY_BYTES = 64 * 1024 * 1024;

/**
 * connect-es stops reading a request early when it refuses it (an oversize
 * message is refused at its envelope header). Stopping the iteration of a
 * Node request destroys it, and over HTTP/1.1 that closes the socket with
 * unread bytes in it: the client sees a TCP reset and reports ECONNRESET
 * instead of the answer the server sent. So on HTTP/1.1 the rest of the body
 * is read and dropped, up to `maxDiscardedBytes`, past which it is destroyed
 * as before. HTTP/2 resets only the stream, which clients handle.
 */
export function drainUnreadBody(handler: UniversalHandler, maxDiscardedBytes = MAX_DISCARDED_BODY_BYTES): UniversalHandler {
  const wrapped = (request: UniversalServerRequest) => {
    if (!request.httpVersion.startsWith("1.") || !isByteStream(request.body)) return handler(request);
    return handler({ ...request, body: drainOnEarlyStop(request.body, maxDiscardedBytes) });
  };
  return Object.assign(wrapped, handler);
}

/**
 * Reads and drops a request body nobody will read (a call refused from its
 * headers), on HTTP/1.1 only, for the same reason as drainUnreadBody.
 */
export function discardUnreadBody(request: UniversalServerRequest, maxDiscardedBytes = MAX_DISCARDED_BODY_BYTES): void {
  if (!request.httpVersion.startsWith("1.") || !isByteStream(request.body)) return;
  void discardRest(request.body[Symbol.asyncIterator](), maxDiscardedBytes);
}

function isByteStream(body: UniversalServerRequest["body"]): body is AsyncIterable<Uint8Array> {
  return typeof body === "object" && body !== null && Symbol.asyncIterator in body;
}

function drainOnEarlyStop(body: AsyncIterable<Uint8Array>, maxDiscardedBytes: number): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      const it = body[Symbol.asyncIterator]();
      return {
        next: () => it.next(),
        async return(value?: unknown) {
          void discardRest(it, maxDiscardedBytes);
          return { done: true, value } as IteratorReturnResult<unknown> as IteratorResult<Uint8Array>;
        },
      };
    },
  };
}

async function discardRest(it: AsyncIterator<Uint8Array>, maxDiscardedBytes: number): Promise<void> {
  let dropped = 0;
  try {
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      dropped += r.value.byteLength;
      if (dropped > maxDiscardedBytes) {
        await it.return?.();
        return;
      }
    }
  } catch {
    // The client went away while we were discarding: nothing left to protect.
  }
}

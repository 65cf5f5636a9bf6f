import type { Interceptor } from "@connectrpc/connect";
import { abortableIterable, connectErrorFromSignal, mergeSignals } from "../abort.js";

/**
 * A server-side interceptor that makes streams end cleanly at shutdown and keeps
 * AbortErrors from reaching clients as INTERNAL.
 *
 * - Streaming calls (server, client, bidi): the handler's `ctx.signal` also
 *   aborts when `shutdownSignal` does (its reason: UNAVAILABLE "server is
 *   shutting down"), and the response stream ends with that reason even if the
 *   handler is stuck awaiting something that ignores the signal.
 * - Unary calls are not tied to shutdown: they run to completion (the server
 *   drains them before closing connections).
 * - Any call whose handler throws after its signal aborted ends with the
 *   signal's reason (a ConnectError) instead of the handler's error.
 *
 * Put it first in the interceptor list so it wraps everything else.
 */
export function createShutdownInterceptor(shutdownSignal: AbortSignal): Interceptor {
  return (next) => async (req) => {
    if (!req.stream) {
      try {
        return await next(req);
      } catch (err) {
        if (req.signal.aborted) throw connectErrorFromSignal(req.signal);
        throw err;
      }
    }
    const signal = mergeSignals(req.signal, shutdownSignal);
    let res;
    try {
      res = await next({ ...req, signal });
    } catch (err) {
      if (signal.aborted) throw connectErrorFromSignal(signal);
      throw err;
    }
    if (!res.stream) return res;
    return { ...res, message: abortableIterable(res.message, signal) };
  };
}

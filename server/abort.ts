import { Code, ConnectError } from "@connectrpc/connect";

/**
 * Helpers for RPC handlers that wait on signals.
 *
 * The trap they avoid: Node APIs that take a `signal` (events.once, timers/promises,
 * stream.pipeline, fetch) reject with a DOMException named "AbortError" whose
 * message says nothing and whose code is lost. Connect turns any error that is
 * not a ConnectError into INTERNAL ("internal error"), so a stream cut by a
 * server shutdown would reach clients as INTERNAL instead of UNAVAILABLE.
 * The cure is to throw the signal's *reason* — a ConnectError when the
 * server or a deadline aborted it — instead of the AbortError.
 */

/** The message every stream still open at shutdown ends with. */
export const SHUTDOWN_MESSAGE = "server is shutting down";

/** The reason `shutdownSignal` aborts with: UNAVAILABLE, so clients retry elsewhere. */
export function shutdownError(): ConnectError {
  return new ConnectError(SHUTDOWN_MESSAGE, Code.Unavailable);
}

/**
 * Turns the reason of an aborted signal into a ConnectError: a ConnectError
 * reason is kept as is (shutdown → UNAVAILABLE, deadline → DEADLINE_EXCEEDED),
 * anything else (client went away, bare abort()) becomes CANCELED.
 */
export function connectErrorFromSignal(signal: AbortSignal): ConnectError {
  const reason: unknown = signal.reason;
  if (reason instanceof ConnectError) return reason;
  const message = reason instanceof Error && reason.message !== "" ? reason.message : "operation was aborted";
  return new ConnectError(message, Code.Canceled, undefined, undefined, reason);
}

/**
 * Call in a handler's catch block: if `signal` is aborted, throws its reason as a
 * ConnectError (whatever `err` is — typically an AbortError caused by that very
 * signal); otherwise rethrows `err` unchanged.
 *
 * ```ts
 * try { await once(emitter, "change", { signal: ctx.signal }); }
 * catch (err) { rethrowAbortReason(err, ctx.signal); }
 * ```
 */
export function rethrowAbortReason(err: unknown, signal: AbortSignal): never {
  if (signal.aborted) throw connectErrorFromSignal(signal);
  throw err;
}

/**
 * A signal that aborts when any input does, with that input's reason — e.g.
 * `mergeSignals(ctx.signal, server.shutdownSignal)` for a streaming handler.
 * Undefined inputs are skipped. (ctx.signal of streaming handlers served by
 * createBloxHttpServer already includes the shutdown signal; merging again is
 * harmless.)
 */
export function mergeSignals(...signals: Array<AbortSignal | undefined>): AbortSignal {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 1) return present[0]!;
  return AbortSignal.any(present);
}

/**
 * Resolves like `promise`, or rejects with the signal's reason as a ConnectError
 * as soon as `signal` aborts — whichever happens first. The promise itself is not
 * cancelled; its later rejection is swallowed.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(connectErrorFromSignal(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(connectErrorFromSignal(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(signal.aborted ? connectErrorFromSignal(signal) : e);
      },
    );
  });
}

/**
 * Sleeps `ms` (on the real timer, or on `setTimer` if given, for fake clocks) and
 * rejects with the signal's reason as a ConnectError if it aborts first.
 */
export function abortableDelay(
  ms: number,
  signal: AbortSignal,
  setTimer: (fn: () => void, ms: number) => { cancel(): void } = realTimer,
): Promise<void> {
  if (signal.aborted) return Promise.reject(connectErrorFromSignal(signal));
  return new Promise<void>((resolve, reject) => {
    const timer = setTimer(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      timer.cancel();
      reject(connectErrorFromSignal(signal));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function realTimer(fn: () => void, ms: number): { cancel(): void } {
  const t = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(t) };
}

/**
 * Wraps a response stream so that it ends with the signal's reason (as a
 * ConnectError) as soon as the signal aborts, even while the source is stuck
 * awaiting something that ignores the signal; the source is then asked to
 * return() in the background. Errors the source throws after the signal
 * aborted are replaced by the reason too (the AbortError trap).
 */
export function abortableIterable<T>(source: AsyncIterable<T>, signal: AbortSignal): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const it = source[Symbol.asyncIterator]();
      let finished = false;
      const abandon = () => {
        if (finished) return;
        finished = true;
        // Do not await: a generator suspended in an await only returns once it resumes.
        it.return?.().catch(() => {});
      };
      return {
        async next(): Promise<IteratorResult<T>> {
          if (finished) return { done: true, value: undefined };
          if (signal.aborted) {
            abandon();
            throw connectErrorFromSignal(signal);
          }
          try {
            const r = await raceAbort(it.next(), signal);
            if (r.done) finished = true;
            return r;
          } catch (err) {
            if (signal.aborted) {
              abandon();
              throw connectErrorFromSignal(signal);
            }
            finished = true;
            throw err;
          }
        },
        async return(value?: unknown): Promise<IteratorResult<T>> {
          if (!finished) {
            finished = true;
            await it.return?.(value).catch(() => {});
          }
          return { done: true, value: value as T };
        },
      };
    },
  };
}

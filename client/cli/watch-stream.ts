// WatchEnvironmentStatus with transparent reconnects. A dropped connection (or
// a stream the server ends, e.g. on shutdown) is retried with backoff, passing
// the last sequence seen as after_sequence so the server replays what was
// missed (or sends a fresh snapshot). Errors that retrying cannot fix
// (NOT_FOUND, INVALID_ARGUMENT, …) are thrown at once.

import { Code, ConnectError } from "@connectrpc/connect";
import type { WatchEnvironmentStatusResponse } from "../../gen/blox/v1/environment_pb.js";
import type { BloxClient } from "../client.js";
import { EXIT } from "./exit-codes.js";

/** Codes that mean "the connection or server went away", not "your request is wrong". */
const RETRYABLE = new Set<Code>([Code.Unavailable, Code.Internal, Code.Unknown, Code.DataLoss, Code.Canceled, Code.ResourceExhausted]);

/** Thrown when reconnecting failed `maxAttempts` times in a row. */
export class ConnectionLostError extends Error {
  constructor(
    readonly attempts: number,
    readonly cause: unknown,
  ) {
    super(`connection lost; ${attempts} reconnect attempt${attempts === 1 ? "" : "s"} failed: ${describeError(cause)}`);
    this.name = "ConnectionLostError";
  }
}

/** The exit code of a watching command whose reconnects ran out, said on stderr; anything else is rethrown. */
export function connectionLostExit(e: unknown, err: (line: string) => void): number {
  if (!(e instanceof ConnectionLostError)) throw e;
  err(`blox: ${e.message}`);
  return EXIT.CONNECTION_LOST;
}

export interface WatchStreamOptions {
  environmentName: string;
  all?: boolean;
  instances?: boolean;
  /** Start after this sequence (default: with a snapshot). */
  afterSequence?: bigint;
  /** Ends the stream quietly (the generator returns). */
  signal?: AbortSignal;
  /** Consecutive failed attempts before giving up. Default 8 (~15 s with the default backoff). */
  maxAttempts?: number;
  /** Delay before reconnect attempt `n` (1-based). Default 100 ms doubling, capped at 3 s. */
  backoffMs?: (attempt: number) => number;
  /** Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called before each reconnect attempt. */
  onReconnecting?: (attempt: number, error: unknown) => void;
}

export type WatchClient = Pick<BloxClient, "watchEnvironmentStatus">;

export function isRetryable(e: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return false;
  const ce = ConnectError.from(e);
  return RETRYABLE.has(ce.code);
}

export function defaultBackoffMs(attempt: number): number {
  return Math.min(3000, 100 * 2 ** (attempt - 1));
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Yields every message of the watch, across reconnects. Returns when `signal`
 * aborts; throws ConnectionLostError when reconnecting keeps failing, and the
 * server's ConnectError when it is not a connection problem.
 */
export async function* watchWithReconnect(
  client: WatchClient,
  opts: WatchStreamOptions,
): AsyncGenerator<WatchEnvironmentStatusResponse, void, undefined> {
  const maxAttempts = opts.maxAttempts ?? 8;
  const backoff = opts.backoffMs ?? defaultBackoffMs;
  const sleep = opts.sleep ?? abortableSleep;
  let last = opts.afterSequence;
  let failures = 0;
  for (;;) {
    if (opts.signal?.aborted) return;
    let received = false;
    let error: unknown = new ConnectError("the server ended the stream", Code.Unavailable);
    try {
      const stream = client.watchEnvironmentStatus(
        {
          environmentName: opts.environmentName,
          all: opts.all ?? false,
          instances: opts.instances ?? false,
          ...(last !== undefined ? { afterSequence: last } : {}),
        },
        { signal: opts.signal },
      );
      for await (const msg of stream) {
        received = true;
        failures = 0;
        if (last === undefined || msg.sequence > last) last = msg.sequence;
        yield msg;
      }
    } catch (e) {
      if (opts.signal?.aborted) return;
      if (!isRetryable(e)) throw e;
      error = e;
    }
    if (opts.signal?.aborted) return;
    if (!received) failures++;
    else failures = 1; // the stream worked, then dropped: this reconnect is attempt 1
    if (failures > maxAttempts) throw new ConnectionLostError(maxAttempts, error);
    opts.onReconnecting?.(failures, error);
    await sleep(backoff(failures), opts.signal);
  }
}

export function describeError(e: unknown): string {
  if (e instanceof ConnectError) return `${codeName(e.code)}: ${e.rawMessage}`;
  return e instanceof Error ? e.message : String(e);
}

/** gRPC's name of a code: Code.InvalidArgument → "INVALID_ARGUMENT". */
export function codeName(code: Code): string {
  return (Code[code] ?? `CODE_${code}`).replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

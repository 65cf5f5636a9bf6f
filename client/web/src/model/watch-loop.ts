// Keeps one WatchEnvironmentStatus stream open: resumes after the last
// sequence it saw when the stream breaks or the server ends it, with backoff,
// and says what is going on so the page can show it (never hides a broken
// stream behind stale data).

import { Code, ConnectError } from "@connectrpc/connect";
import type { WatchEnvironmentStatusResponse } from "../../../../gen/blox/v1/environment_pb.js";
import { backoffDelay, type BackoffOptions } from "./backoff.js";

export type StreamState =
  | { kind: "connecting"; attempt: number }
  | { kind: "live" }
  /** The stream broke (server unreachable, network); next attempt after `delayMs`. */
  | { kind: "retrying"; attempt: number; delayMs: number; reason: string }
  /**
   * The server ended a live stream: without an error, or saying it is going
   * away (UNAVAILABLE from the server, e.g. shutting down; `reason` is its
   * text). It is reopened after `delayMs`.
   */
  | { kind: "ended"; delayMs: number; reason?: string }
  /** The environment does not exist (any more). The loop stops. */
  | { kind: "gone"; reason: string }
  /** The server wants a (different) token. The loop stops. */
  | { kind: "unauthenticated"; reason: string }
  /** Refused for good (bad request, permission): the loop stops. */
  | { kind: "failed"; reason: string };

export interface WatchLoopOptions {
  /** Opens the stream; `afterSequence` resumes after that journal sequence. */
  open(afterSequence: bigint | undefined, signal: AbortSignal): AsyncIterable<WatchEnvironmentStatusResponse>;
  onMessage(message: WatchEnvironmentStatusResponse): void;
  onState(state: StreamState): void;
  /** Stops the loop. */
  signal: AbortSignal;
  backoff?: BackoffOptions;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

const RETRYABLE = new Set<Code>([Code.Unavailable, Code.Unknown, Code.Internal, Code.DeadlineExceeded, Code.Aborted, Code.ResourceExhausted, Code.Canceled]);

export function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** The connection broke (fetch failed, body read failed), rather than the server answering with an error. */
function isNetworkFailure(e: ConnectError): boolean {
  return e.cause instanceof TypeError || /failed to fetch|network|ECONN|socket/i.test(e.rawMessage);
}

/** Resolves when `signal` aborts or the loop stops for good. */
export async function runWatchLoop(options: WatchLoopOptions): Promise<void> {
  const { open, onMessage, onState, signal, sleep = defaultSleep, random = Math.random } = options;
  let after: bigint | undefined;
  let failures = 0;
  while (!signal.aborted) {
    onState({ kind: "connecting", attempt: failures });
    let first = true;
    try {
      for await (const message of open(after, signal)) {
        if (first) {
          first = false;
          failures = 0;
          onState({ kind: "live" });
        }
        if (message.sequence > 0n) after = message.sequence;
        onMessage(message);
      }
      if (signal.aborted) return;
      const delayMs = backoffDelay(0, options.backoff, random);
      onState({ kind: "ended", delayMs });
      await sleep(delayMs, signal);
    } catch (err) {
      if (signal.aborted) return;
      const e = ConnectError.from(err);
      if (e.code === Code.NotFound) return onState({ kind: "gone", reason: e.rawMessage });
      if (e.code === Code.Unauthenticated) return onState({ kind: "unauthenticated", reason: e.rawMessage });
      if (!RETRYABLE.has(e.code)) return onState({ kind: "failed", reason: e.rawMessage });
      if (!first && e.code === Code.Unavailable && !isNetworkFailure(e)) {
        const delayMs = backoffDelay(0, options.backoff, random);
        onState({ kind: "ended", delayMs, reason: e.rawMessage });
        await sleep(delayMs, signal);
        continue;
      }
      const delayMs = backoffDelay(failures, options.backoff, random);
      onState({ kind: "retrying", attempt: failures, delayMs, reason: e.rawMessage });
      failures++;
      await sleep(delayMs, signal);
    }
  }
}

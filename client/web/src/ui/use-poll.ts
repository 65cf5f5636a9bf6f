// Calls `load` every `intervalMs` while the component is mounted; on failure
// retries with backoff and reports the error, so the page can show a banner.

import { useEffect, useState } from "preact/hooks";
import { backoffDelay } from "../model/backoff.js";
import { defaultSleep } from "../model/watch-loop.js";
import { Code, ConnectError } from "../api.js";

export interface PollState<T> {
  data?: T;
  /** The last failure, cleared by the next success. */
  error?: { message: string; code: Code; retryInMs: number; attempt: number };
}

export function usePoll<T>(load: (signal: AbortSignal) => Promise<T>, intervalMs: number, deps: unknown[] = []): PollState<T> {
  const [state, setState] = useState<PollState<T>>({});
  useEffect(() => {
    const abort = new AbortController();
    void (async () => {
      let failures = 0;
      while (!abort.signal.aborted) {
        try {
          const data = await load(abort.signal);
          if (abort.signal.aborted) return;
          failures = 0;
          setState({ data });
          await defaultSleep(intervalMs, abort.signal);
        } catch (err) {
          if (abort.signal.aborted) return;
          const e = ConnectError.from(err);
          // Waiting for a token: the page starts over once one is given.
          if (e.code === Code.Unauthenticated) return;
          const retryInMs = backoffDelay(failures);
          setState((s) => ({ data: s.data, error: { message: e.rawMessage, code: e.code, retryInMs, attempt: failures + 1 } }));
          failures++;
          await defaultSleep(retryInMs, abort.signal);
        }
      }
    })();
    return () => abort.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}

import { EventEmitter, once } from "node:events";
import { Code, ConnectError } from "@connectrpc/connect";
import { expect } from "chai";
import {
  abortableDelay,
  abortableIterable,
  connectErrorFromSignal,
  mergeSignals,
  raceAbort,
  rethrowAbortReason,
  shutdownError,
  SHUTDOWN_MESSAGE,
} from "../../server/abort.js";

async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("abort helpers", () => {
  describe("connectErrorFromSignal", () => {
    const cases: Array<[string, unknown, Code]> = [
      ["shutdown reason", shutdownError(), Code.Unavailable],
      ["deadline reason", new ConnectError("the operation timed out", Code.DeadlineExceeded), Code.DeadlineExceeded],
      ["bare abort()", undefined, Code.Canceled],
      ["plain Error reason", new Error("client went away"), Code.Canceled],
      ["string reason", "bye", Code.Canceled],
    ];
    for (const [name, reason, code] of cases) {
      it(`${name} → ${Code[code]}`, () => {
        const ac = new AbortController();
        ac.abort(reason);
        const err = connectErrorFromSignal(ac.signal);
        expect(err).to.be.instanceOf(ConnectError);
        expect(err.code).to.equal(code);
        if (reason instanceof ConnectError) expect(err).to.equal(reason);
      });
    }
    it("shutdownError is UNAVAILABLE with the shutdown message", () => {
      expect(shutdownError().code).to.equal(Code.Unavailable);
      expect(shutdownError().rawMessage).to.equal(SHUTDOWN_MESSAGE);
    });
  });

  describe("rethrowAbortReason", () => {
    it("replaces a Node AbortError by the signal's ConnectError reason", async () => {
      const ac = new AbortController();
      const waiting = once(new EventEmitter(), "never", { signal: ac.signal });
      ac.abort(shutdownError());
      const nodeErr = await caught(() => waiting);
      expect((nodeErr as Error).name).to.equal("AbortError");
      const err = await caught(() => rethrowAbortReason(nodeErr, ac.signal));
      expect(err).to.be.instanceOf(ConnectError);
      expect((err as ConnectError).code).to.equal(Code.Unavailable);
    });
    it("rethrows the original error while the signal is not aborted", async () => {
      const original = new Error("boom");
      expect(await caught(() => rethrowAbortReason(original, new AbortController().signal))).to.equal(original);
    });
  });

  describe("mergeSignals", () => {
    it("aborts with the reason of whichever input aborts first", () => {
      const request = new AbortController();
      const shutdown = new AbortController();
      const merged = mergeSignals(request.signal, undefined, shutdown.signal);
      expect(merged.aborted).to.equal(false);
      shutdown.abort(shutdownError());
      request.abort(new Error("later"));
      expect(merged.aborted).to.equal(true);
      expect((merged.reason as ConnectError).code).to.equal(Code.Unavailable);
    });
    it("is the input itself for a single signal", () => {
      const ac = new AbortController();
      expect(mergeSignals(ac.signal)).to.equal(ac.signal);
    });
  });

  describe("raceAbort / abortableDelay", () => {
    it("resolves with the promise when the signal stays quiet", async () => {
      expect(await raceAbort(Promise.resolve(42), new AbortController().signal)).to.equal(42);
    });
    it("rejects with the reason as soon as the signal aborts, even if the promise never settles", async () => {
      const ac = new AbortController();
      const p = raceAbort(new Promise(() => {}), ac.signal);
      ac.abort(shutdownError());
      expect(((await caught(() => p)) as ConnectError).code).to.equal(Code.Unavailable);
    });
    it("rejects at once on an already aborted signal", async () => {
      const ac = new AbortController();
      ac.abort();
      expect(((await caught(() => raceAbort(Promise.resolve(1), ac.signal))) as ConnectError).code).to.equal(Code.Canceled);
    });
    it("abortableDelay runs on an injected timer and stops on abort", async () => {
      const timers: Array<{ fn: () => void; cancelled: boolean }> = [];
      const setTimer = (fn: () => void) => {
        const t = { fn, cancelled: false };
        timers.push(t);
        return { cancel: () => (t.cancelled = true) };
      };
      const ac = new AbortController();
      const done = abortableDelay(1000, ac.signal, setTimer);
      timers[0]!.fn();
      await done; // fired by the fake timer, not by time passing
      const second = abortableDelay(1000, ac.signal, setTimer);
      ac.abort(shutdownError());
      expect(((await caught(() => second)) as ConnectError).code).to.equal(Code.Unavailable);
      expect(timers[1]!.cancelled).to.equal(true);
    });
  });

  describe("abortableIterable", () => {
    it("passes values through, then ends with the reason when the signal aborts mid-wait", async () => {
      const ac = new AbortController();
      let returned = false;
      async function* source() {
        try {
          yield 1;
          yield 2;
          await new Promise(() => {}); // ignores every signal
        } finally {
          returned = true;
        }
      }
      const it = abortableIterable(source(), ac.signal)[Symbol.asyncIterator]();
      expect((await it.next()).value).to.equal(1);
      expect((await it.next()).value).to.equal(2);
      const pending = it.next();
      ac.abort(shutdownError());
      expect(((await caught(() => pending)) as ConnectError).code).to.equal(Code.Unavailable);
      expect((await it.next()).done).to.equal(true);
      expect(returned).to.equal(false); // stuck in an await: return() is only queued
    });
    it("maps an AbortError thrown by the source after the abort to the reason", async () => {
      const ac = new AbortController();
      async function* source() {
        yield "snapshot";
        await once(new EventEmitter(), "never", { signal: ac.signal });
      }
      const it = abortableIterable(source(), ac.signal)[Symbol.asyncIterator]();
      await it.next();
      const pending = it.next();
      ac.abort(shutdownError());
      const err = await caught(() => pending);
      expect(err).to.be.instanceOf(ConnectError);
      expect((err as ConnectError).code).to.equal(Code.Unavailable);
    });
    it("keeps the source's own errors while the signal is quiet", async () => {
      async function* source(): AsyncGenerator<number> {
        throw new ConnectError("nope", Code.NotFound);
      }
      const it = abortableIterable(source(), new AbortController().signal)[Symbol.asyncIterator]();
      expect(((await caught(() => it.next())) as ConnectError).code).to.equal(Code.NotFound);
    });
  });
});

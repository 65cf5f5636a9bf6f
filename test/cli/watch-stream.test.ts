import { Code, ConnectError } from "@connectrpc/connect";
import { expect } from "chai";
import { ConnectionLostError, watchWithReconnect, type WatchClient } from "../../client/cli/watch-stream.js";
import type { WatchEnvironmentStatusRequest, WatchEnvironmentStatusResponse } from "../../gen/blox/v1/environment_pb.js";
import * as fx from "./support/fixtures.js";

type Attempt = { messages: WatchEnvironmentStatusResponse[]; end: ConnectError | "end" };

/** A client whose successive watch calls follow `script`; records each request. */
function scriptedClient(script: Attempt[]) {
  const requests: Partial<WatchEnvironmentStatusRequest>[] = [];
  const client = {
    watchEnvironmentStatus(req: Partial<WatchEnvironmentStatusRequest>) {
      requests.push(req);
      const attempt = script.shift() ?? { messages: [], end: new ConnectError("refused", Code.Unavailable) };
      return (async function* () {
        for (const m of attempt.messages) yield m;
        if (attempt.end !== "end") throw attempt.end;
      })();
    },
  } as unknown as WatchClient;
  return { client, requests };
}

const noSleep = async () => {};
const msg = (seq: number) => fx.message(seq, fx.deploying);

async function collect(it: AsyncIterable<WatchEnvironmentStatusResponse>, max = 100) {
  const out: number[] = [];
  for await (const m of it) {
    out.push(Number(m.sequence));
    if (out.length >= max) break;
  }
  return out;
}

describe("watch stream with reconnects", () => {
  it("resumes after a drop with after_sequence = the last sequence seen", async () => {
    const { client, requests } = scriptedClient([
      { messages: [msg(1), msg(2), msg(3)], end: new ConnectError("stream reset", Code.Internal) },
      { messages: [msg(4), msg(5)], end: new ConnectError("goaway", Code.Unavailable) },
      { messages: [msg(6)], end: "end" },
      { messages: [msg(7)], end: new ConnectError("no such environment", Code.NotFound) },
    ]);
    const reconnects: number[] = [];
    let error: unknown;
    const seen: number[] = [];
    try {
      for await (const m of watchWithReconnect(client, { environmentName: fx.ENV, sleep: noSleep, onReconnecting: (a) => reconnects.push(a) })) {
        seen.push(Number(m.sequence));
      }
    } catch (e) {
      error = e;
    }
    expect(seen).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    expect(requests.map((r) => r.afterSequence)).to.deep.equal([undefined, 3n, 5n, 6n]);
    expect(requests.every((r) => r.environmentName === fx.ENV)).to.equal(true);
    expect(reconnects).to.deep.equal([1, 1, 1]);
    expect(ConnectError.from(error).code).to.equal(Code.NotFound);
  });

  it("gives up with ConnectionLostError after maxAttempts failures in a row, backing off", async () => {
    const { client, requests } = scriptedClient([{ messages: [msg(1)], end: new ConnectError("reset", Code.Unavailable) }]);
    const sleeps: number[] = [];
    let error: unknown;
    try {
      await collect(
        watchWithReconnect(client, {
          environmentName: fx.ENV,
          maxAttempts: 4,
          sleep: async (ms) => void sleeps.push(ms),
        }),
      );
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConnectionLostError);
    expect(requests).to.have.length(5); // the first stream + 4 failed reconnects
    expect(requests.slice(1).every((r) => r.afterSequence === 1n)).to.equal(true);
    expect(sleeps).to.deep.equal([100, 200, 400, 800]);
  });

  it("does not retry errors a reconnect cannot fix", async () => {
    for (const code of [Code.NotFound, Code.InvalidArgument, Code.PermissionDenied, Code.Unauthenticated, Code.Unimplemented]) {
      const { client, requests } = scriptedClient([{ messages: [], end: new ConnectError("no", code) }]);
      let error: unknown;
      try {
        await collect(watchWithReconnect(client, { environmentName: fx.ENV, sleep: noSleep }));
      } catch (e) {
        error = e;
      }
      expect(ConnectError.from(error).code).to.equal(code);
      expect(requests).to.have.length(1);
    }
  });

  it("ends quietly when the signal aborts", async () => {
    const ac = new AbortController();
    const { client } = scriptedClient([{ messages: [msg(1), msg(2)], end: new ConnectError("reset", Code.Unavailable) }]);
    const seen: number[] = [];
    for await (const m of watchWithReconnect(client, {
      environmentName: fx.ENV,
      signal: ac.signal,
      sleep: async () => ac.abort(),
    })) {
      seen.push(Number(m.sequence));
    }
    expect(seen).to.deep.equal([1, 2]);
  });
});

// Resume edge cases through the real server, on every kind of watch client
// (the gRPC ones take the fast path, Connect/HTTP1.1 the Connect handler):
// both paths must answer alike.

import { Code, ConnectError } from "@connectrpc/connect";
import { expect } from "chai";
import { WatchMessageKind, type WatchEnvironmentStatusResponse } from "../../gen/blox/v1/environment_pb.js";
import { openWatch, WATCH_CLIENT_KINDS } from "./support/watch-clients.js";
import { startWatchTestServer, WALKTHROUGH_ENV, WALKTHROUGH_SPEC, type WatchTestServer } from "./support/watch-server.js";

/** The call's status, whether the client is Connect's (ConnectError) or grpc-js's (ServiceError: code, details). */
function statusOf(e: unknown): { code: Code; rawMessage: string } {
  const grpcJs = e as { code?: unknown; details?: unknown };
  if (!(e instanceof ConnectError) && typeof grpcJs.code === "number" && typeof grpcJs.details === "string") {
    return { code: grpcJs.code as Code, rawMessage: grpcJs.details };
  }
  return ConnectError.from(e);
}

async function firstMessages(
  s: WatchTestServer,
  kind: (typeof WATCH_CLIENT_KINDS)[number],
  request: Parameters<typeof openWatch>[2],
  n: number,
): Promise<WatchEnvironmentStatusResponse[]> {
  const controller = new AbortController();
  const out: WatchEnvironmentStatusResponse[] = [];
  try {
    for await (const m of openWatch(kind, s.baseUrl, request, controller.signal)) {
      out.push(m);
      if (out.length === n) break;
    }
  } finally {
    controller.abort();
  }
  return out;
}

describe("watch: resume edge cases through the real server", function () {
  this.timeout(20_000);
  let s: WatchTestServer;
  let latest: number;
  before(async () => {
    s = await startWatchTestServer({ heartbeatInterval: "100ms" });
    await s.client.createEnvironment({ spec: WALKTHROUGH_SPEC });
    latest = Number((await s.client.describeEnvironmentStatus({ environmentName: WALKTHROUGH_ENV })).sequence);
  });
  after(async () => {
    await s.stop();
  });

  for (const kind of WATCH_CLIENT_KINDS) {
    it(`${kind}: resuming at the latest sequence sends nothing missed; heartbeats carry that sequence`, async () => {
      const [m] = await firstMessages(s, kind, { environmentName: WALKTHROUGH_ENV, afterSequence: BigInt(latest) }, 1);
      expect({ kind: m!.kind, sequence: Number(m!.sequence) }).to.deep.equal({ kind: WatchMessageKind.HEARTBEAT, sequence: latest });
    });

    it(`${kind}: resuming on an environment that does not exist is NOT_FOUND, even after sequence 0`, async () => {
      for (const afterSequence of [0n, 5n, undefined]) {
        const err = await firstMessages(s, kind, { environmentName: "Nope/Missing", afterSequence }, 1).then(
          () => undefined,
          (e: unknown) => statusOf(e),
        );
        expect(err?.code, `after ${afterSequence}`).to.equal(Code.NotFound);
      }
    });

    it(`${kind}: a malformed environment name is INVALID_ARGUMENT naming environment_name`, async () => {
      const err = await firstMessages(s, kind, { environmentName: "not a name" }, 1).then(
        () => undefined,
        (e: unknown) => statusOf(e),
      );
      expect(err?.code).to.equal(Code.InvalidArgument);
      expect(err?.rawMessage).to.contain("environment_name");
    });
  }
});

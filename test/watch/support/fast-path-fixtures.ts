// Shared by the watch hub and fast-path tests: a small status snapshot, and an
// h2c server whose only handler is a fast path.

import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { EnvironmentStatusSnapshot } from "../../../server/domain/status.js";
import type { GrpcWatchFastPath } from "../../../server/transport/grpc-watch-fast-path.js";

/** Revision 1 of `environmentName` with `healthy` of 5 tasks healthy (Active at 5). */
export function statusWithHealthy(healthy: number, environmentName = "Env/Prod"): EnvironmentStatusSnapshot {
  return {
    environmentName,
    targetRevision: 1,
    latestRevision: 1,
    status: healthy === 5 ? "Active" : "Deploying",
    outdated: 0,
    desired: 5,
    healthy,
    total: 5,
    revisions: [],
    conditions: [],
    frozen: false,
    currentDeploymentId: "",
    observedAt: 0,
  };
}

/**
 * Serves `fastPath` on 127.0.0.1:0 (404 for anything it declines). close()
 * destroys open sessions first: http2 server.close() waits for the sessions
 * clients keep open.
 */
export async function serveFastPath(fastPath: GrpcWatchFastPath): Promise<{ server: http2.Http2Server; port: number; close(): Promise<void> }> {
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (s) => {
    sessions.add(s);
    s.once("close", () => sessions.delete(s));
  });
  server.on("stream", (stream, headers) => {
    if (!fastPath.handleStream(stream, headers)) stream.respond({ ":status": 404 }, { endStream: true });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const s of sessions) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

// Serves a fake EnvironmentService over h2c on 127.0.0.1:0 (gRPC, gRPC-Web and
// Connect over HTTP/2), for tests that run the real `blox` process.

import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { ServiceImpl } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { EnvironmentService } from "../../../gen/blox/v1/environment_pb.js";

export interface FakeServer {
  url: string;
  close(): Promise<void>;
}

export async function startFakeServer(impl: ServiceImpl<typeof EnvironmentService>): Promise<FakeServer> {
  const handler = connectNodeAdapter({ routes: (router) => router.service(EnvironmentService, impl) });
  const server = http2.createServer(handler);
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (s) => {
    sessions.add(s);
    s.on("close", () => sessions.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// Runs `blox` in-process against a fake service over an in-memory transport.

import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { runCli } from "../../../client/cli/run.js";
import type { CliIo } from "../../../client/cli/context.js";
import type { BloxClientOptions } from "../../../client/client.js";
import { EnvironmentService } from "../../../gen/blox/v1/environment_pb.js";
import { createFakeService, type FakeState } from "./fake-service.js";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Harness {
  state: FakeState;
  run(argv: string[], io?: Partial<CliIo>): Promise<RunResult>;
}

/**
 * `grpcWatchWithoutInstances` makes the fake behave like the real server's
 * gRPC watch fast path, which answers UNIMPLEMENTED to `instances`.
 */
export function createHarness(
  opts: { grpcWatchWithoutInstances?: boolean } = {},
): Harness & { protocols: string[]; clientSettings: BloxClientOptions[] } {
  const { impl, state } = createFakeService();
  const protocols: string[] = [];
  /** The options of every client the CLI created. */
  const clientSettings: BloxClientOptions[] = [];
  const transportFor = (protocol: string) =>
    createRouterTransport(({ service }) =>
      service(EnvironmentService, {
        ...impl,
        watchEnvironmentStatus(req, ctx) {
          if (opts.grpcWatchWithoutInstances && protocol === "grpc" && req.instances) {
            throw new ConnectError("instances is not supported over the gRPC watch fast path", Code.Unimplemented);
          }
          return impl.watchEnvironmentStatus(req, ctx);
        },
      }),
    );
  return {
    state,
    protocols,
    clientSettings,
    async run(argv, io = {}) {
      let stdout = "";
      let stderr = "";
      const code = await runCli(argv, {
        stdout: { write: (s) => void (stdout += s), isTTY: false },
        stderr: { write: (s) => void (stderr += s) },
        env: {},
        readStdin: async () => "",
        stdinIsTTY: true,
        readFile: async (p) => {
          throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
        },
        createClient: (settings) => {
          protocols.push(settings.protocol ?? "grpc");
          clientSettings.push(settings);
          return createClient(EnvironmentService, transportFor(settings.protocol ?? "grpc"));
        },
        ...io,
      });
      return { code, stdout, stderr };
    },
  };
}

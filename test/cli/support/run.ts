// Runs `blox` in-process against a fake service over an in-memory transport.

import { createClient, createRouterTransport } from "@connectrpc/connect";
import { runCli } from "../../../client/cli/run.js";
import type { CliIo } from "../../../client/cli/context.js";
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

export function createHarness(): Harness {
  const { impl, state } = createFakeService();
  const transport = createRouterTransport(({ service }) => service(EnvironmentService, impl));
  return {
    state,
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
        createClient: () => createClient(EnvironmentService, transport),
        ...io,
      });
      return { code, stdout, stderr };
    },
  };
}

// The generated Python client (gen/python) against a real server process,
// through Debian's python3-grpcio: examples/python/walkthrough.py, and the
// README's Python snippet.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { createBloxClient } from "../../client/client.js";
import { missingPythonGrpc, PYTHON, requireTool } from "../support/client-tools.js";
import { REPO, startServerProcess, stopAllProcesses, type ServerProcess } from "../support/server-process.js";
import { expectSuccess, expectWalkthrough, readmeBlock, runProgram } from "./walkthrough-program.js";

/** Only the generated code on the path: the runner's PYTHONPATH and user site-packages stay out. */
const PYTHON_ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin", PYTHONPATH: join(REPO, "gen", "python"), PYTHONNOUSERSITE: "1", PYTHONDONTWRITEBYTECODE: "1" };

describe("generated Python client against a real server", function () {
  this.timeout(120_000);
  let server: ServerProcess;

  before(async function () {
    requireTool(this, missingPythonGrpc());
    server = await startServerProcess();
  });

  after(() => stopAllProcesses());

  it("examples/python/walkthrough.py creates, deploys, watches until Active, gets ABORTED on a stale base revision, and describes", async () => {
    const name = "Python/Walkthrough";
    const program = join(REPO, "examples", "python", "walkthrough.py");
    const run = await runProgram(PYTHON, [program, "--endpoint", `127.0.0.1:${server.port}`, "--environment", name], PYTHON_ENV);
    expectSuccess(run, "walkthrough.py", server.logs);
    await expectWalkthrough(run.stdout, name, server.endpoint);
  });

  it("the README's Python snippet lists the environments", async () => {
    const name = "Python/Readme";
    const blox = createBloxClient({ endpoint: server.endpoint, protocol: "grpc" });
    await blox.createEnvironment({ spec: { name, taskDefinition: "log-daemon:1", cluster: "default", instanceGroup: { query: "attribute:stack == prod" } } });
    const shell = readmeBlock(readFileSync(join(REPO, "README.md"), "utf8"), "sh", "environment_pb2_grpc");
    expect(shell).to.contain("PYTHONPATH=gen/python /usr/bin/python3 - <<'PY'");
    const script = shell.split("<<'PY'\n")[1]!.split("\nPY\n")[0]!;
    expect(script, "the snippet talks to npm start's address").to.contain("127.0.0.1:50051");
    const run = await runProgram(PYTHON, ["-c", script.replaceAll("127.0.0.1:50051", `127.0.0.1:${server.port}`)], PYTHON_ENV);
    expectSuccess(run, "the README's Python snippet", server.logs);
    expect(run.stdout).to.contain(`name: "${name}"`);
  });
});

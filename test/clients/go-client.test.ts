// The generated Go client (gen/go) built offline in GOPATH mode against
// Debian's Go gRPC packages, then run against a real server process:
// examples/go/walkthrough, and the README's Go snippet.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { createBloxClient } from "../../client/client.js";
import { goEnv, missingGoGrpc, requireTool } from "../support/client-tools.js";
import { REPO, startServerProcess, stopAllProcesses, type ServerProcess } from "../support/server-process.js";
import { expectSuccess, expectWalkthrough, readmeBlock, runProgram } from "./walkthrough-program.js";

/** The generated package's import path (proto go_package): gen/go is linked there in the temporary GOPATH. */
const GO_PACKAGE_ROOT = "github.com/blox/blox/gen/go";
/** Kept between runs: a cold build of grpc takes a while on a busy machine. */
const GO_CACHE = join(tmpdir(), "blox-go-build-cache");

describe("generated Go client against a real server", function () {
  this.timeout(300_000);
  let server: ServerProcess;
  let scratch: string;
  let gopath: string;

  /** `go build -o OUT DIR` in GOPATH mode; fails with the compiler's output. */
  async function goBuild(dir: string, out: string): Promise<void> {
    const run = await runProgram("go", ["build", "-o", out, "."], goEnv(gopath, GO_CACHE), 240_000, dir);
    expect(run.code, `go build ${dir} exited ${run.code}\n${run.stdout}${run.stderr}`).to.equal(0);
  }

  before(async function () {
    mkdirSync(GO_CACHE, { recursive: true });
    requireTool(this, missingGoGrpc(GO_CACHE));
    scratch = mkdtempSync(join(tmpdir(), "blox-go-"));
    gopath = join(scratch, "gopath");
    const link = join(gopath, "src", GO_PACKAGE_ROOT);
    mkdirSync(join(link, ".."), { recursive: true });
    symlinkSync(join(REPO, "gen", "go"), link);
    server = await startServerProcess();
  });

  after(async () => {
    await stopAllProcesses();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("examples/go/walkthrough builds and creates, deploys, watches until Active, gets ABORTED on a stale base revision, and describes", async () => {
    const binary = join(scratch, "walkthrough");
    await goBuild(join(REPO, "examples", "go", "walkthrough"), binary);
    const name = "Go/Walkthrough";
    const run = await runProgram(binary, ["-endpoint", `127.0.0.1:${server.port}`, "-environment", name], {});
    expectSuccess(run, "examples/go/walkthrough", server.logs);
    await expectWalkthrough(run.stdout, name, server.endpoint);
  });

  it("the README's Go snippet builds and lists the environments", async () => {
    const name = "Go/Readme";
    const blox = createBloxClient({ endpoint: server.endpoint, protocol: "grpc" });
    await blox.createEnvironment({ spec: { name, taskDefinition: "log-daemon:1", cluster: "default", instanceGroup: { query: "attribute:stack == prod" } } });
    const snippet = readmeBlock(readFileSync(join(REPO, "README.md"), "utf8"), "go", "NewEnvironmentServiceClient");
    expect(snippet, "the snippet talks to npm start's address").to.contain("127.0.0.1:50051");
    const dir = join(scratch, "readme");
    mkdirSync(dir);
    writeFileSync(join(dir, "main.go"), snippet.replaceAll("127.0.0.1:50051", `127.0.0.1:${server.port}`));
    await goBuild(dir, join(scratch, "readme-snippet"));
    const run = await runProgram(join(scratch, "readme-snippet"), [], {});
    expectSuccess(run, "the README's Go snippet", server.logs);
    expect(run.stdout).to.contain(name);
  });
});

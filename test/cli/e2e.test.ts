// Runs the real `blox` process (node bin/blox.js) against a fake
// EnvironmentService served over h2c on port 0 by this test.

import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Code } from "@connectrpc/connect";
import { expect } from "chai";
import { EXIT } from "../../client/cli/exit-codes.js";
import { EnvironmentStatus, RevisionStatus, type WatchEnvironmentStatusRequest } from "../../gen/blox/v1/environment_pb.js";
import { DOC_YAML } from "../support/doc-spec.js";
import { createFakeService, seedEnvironment, type FakeState } from "./support/fake-service.js";
import { startFakeServer, type FakeServer } from "./support/fake-server.js";
import * as fx from "./support/fixtures.js";

const BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", "blox.js");

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function blox(url: string, args: string[], input?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, BLOX_ENDPOINT: url, NO_COLOR: "1" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

const E = EnvironmentStatus;
const R = RevisionStatus;
const deploying = (seq: number, healthy: number) =>
  fx.message(seq, fx.view([2, E.DEPLOYING, 5 - healthy, 5 + (5 - healthy), 5, 5], [[1, R.UNDEPLOYING, 5 - healthy, 5 - healthy, 0], [2, R.DEPLOYING, 5, healthy, 5]]));
const active = (seq: number) => fx.message(seq, fx.view([2, E.ACTIVE, 0, 5, 5, 5], [[2, R.ACTIVE, 5, 5, 5]]));
const stuck = (seq: number) => fx.message(seq, fx.view([2, E.STUCK, 3, 7, 2, 5], [[1, R.UNDEPLOYING, 2, 2, 0], [2, R.DEPLOYING, 5, 0, 5]]));
const failing = (seq: number) => fx.message(seq, fx.view([2, E.FAILING, 3, 7, 2, 5], [[2, R.DEPLOYING, 5, 0, 5]]));

describe("blox CLI end to end (child process, fake server)", function () {
  this.timeout(60_000);
  let server: FakeServer;
  let state: FakeState;

  before(async () => {
    const fake = createFakeService();
    state = fake.state;
    server = await startFakeServer(fake.impl);
    const scripts: [string, ReturnType<typeof fx.message>[] | ({ drop: Code } | ReturnType<typeof fx.message>)[]][] = [
      ["Ok/Env", [deploying(1, 0), deploying(2, 3), active(3)]],
      ["Stuck/Env", [deploying(1, 0), stuck(2)]],
      ["Failing/Env", [deploying(1, 0), failing(2)]],
      ["Drop/Env", [deploying(1, 0), { drop: Code.Unavailable }, deploying(2, 3), active(3)]],
      ["Slow/Env", [deploying(1, 0)]],
    ];
    for (const [name, script] of scripts) {
      seedEnvironment(state, name, fx.deploying);
      state.watchScripts.set(
        name,
        script.map((s) => ("drop" in s ? s : fx.message(Number(s.sequence), fx.renamed(s.status!, name)))),
      );
    }
  });
  after(() => server.close());

  it("blox --help works (the npx entry point)", async () => {
    const r = await blox(server.url, ["--help"]);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^blox: /);
  });

  it("creates an environment from the doc's heredoc on stdin", async () => {
    const r = await blox(server.url, ["create-environment", "--yaml-file"], DOC_YAML);
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal('{ "EnvironmentRevision": 1 }\n');
    expect(r.code).to.equal(0);
    expect(state.specs.get("SomeEnvironment/Prod")?.[0].instanceGroup?.query).to.equal("attribute:stack == prod");

    // And the server's error, with its code, for the duplicate.
    const dup = await blox(server.url, ["create-environment", "--yaml-file", "-"], DOC_YAML);
    expect(dup.code).to.equal(EXIT.ERROR);
    expect(dup.stderr).to.equal("blox: ALREADY_EXISTS: environment SomeEnvironment/Prod already exists\n");
  });

  it("prints the server's error and exits 1 on a base revision that does not exist, over each protocol", async () => {
    const runs = await Promise.all([
      blox(server.url, ["update-environment", "--environment", "Ok/Env", "--base-revision", "7", "--task-definition", "log-daemon:2"]),
      blox(server.url, ["update-environment", "--environment", "Ok/Env", "--base-revision", "7", "--task-definition", "log-daemon:2", "--protocol", "connect", "--http-version", "2"]),
      blox(server.url, ["update-environment", "--environment", "Ok/Env", "--base-revision", "7", "--task-definition", "log-daemon:2", "--protocol", "grpc-web"]),
    ]);
    for (const r of runs) {
      expect(r.code).to.equal(EXIT.ERROR);
      expect(r.stderr).to.equal("blox: NOT_FOUND: base revision 7 of Ok/Env does not exist; the latest revision is 1\n");
      expect(r.stdout).to.equal("");
    }
  });

  it("wait-environment exits 0 when the target revision becomes Active, 4 on Stuck, 3 on Failing", async () => {
    const [ok, stuckRun, failingRun] = await Promise.all([
      blox(server.url, ["wait-environment", "--environment-name", "Ok/Env", "--timeout", "30s"]),
      blox(server.url, ["wait-environment", "--environment-name", "Stuck/Env", "--timeout", "30s"]),
      blox(server.url, ["wait-environment", "--name", "Failing/Env", "--timeout", "30s"]),
    ]);
    expect(ok.code, ok.stderr).to.equal(EXIT.OK);
    expect(ok.stdout).to.equal("Ok/Env:2 is Active (5/5 healthy)\n");
    expect(ok.stderr).to.include("Ok/Env: Deploying; revision 2 Deploying 3/5 healthy");
    expect(stuckRun.code, stuckRun.stderr).to.equal(EXIT.STUCK);
    expect(stuckRun.stderr).to.include("blox: Stuck/Env is Stuck");
    expect(failingRun.code, failingRun.stderr).to.equal(EXIT.FAILING);
    expect(failingRun.stderr).to.include("blox: Failing/Env is Failing");
  });

  it("wait-environment reconnects after a dropped stream with after_sequence and still exits 0", async () => {
    const r = await blox(server.url, ["wait-environment", "--environment-name", "Drop/Env", "--timeout", "30s"]);
    expect(r.code, r.stderr).to.equal(EXIT.OK);
    expect(r.stderr).to.match(/connection dropped, reconnecting \(attempt 1\): UNAVAILABLE/);
    const watches = state.calls
      .filter((c) => c.method === "watchEnvironmentStatus")
      .map((c) => c.request as WatchEnvironmentStatusRequest)
      .filter((req) => req.environmentName === "Drop/Env");
    expect(watches.map((w) => w.afterSequence)).to.deep.equal([undefined, 1n]);
  });

  it("wait-environment exits 5 on timeout, 6 when the server cannot be reached", async () => {
    const [slow, gone] = await Promise.all([
      blox(server.url, ["wait-environment", "--environment-name", "Slow/Env", "--timeout", "500ms", "--quiet"]),
      blox("http://127.0.0.1:1", ["wait-environment", "--environment-name", "Slow/Env", "--timeout", "1s", "--quiet"]),
    ]);
    expect(slow.code, slow.stderr).to.equal(EXIT.TIMEOUT);
    expect(slow.stderr).to.match(/^blox: timed out after 500ms; last status: Slow\/Env: Deploying/);
    expect(gone.code, gone.stderr).to.equal(EXIT.CONNECTION_LOST);
    expect(gone.stderr).to.match(/connection lost/);
  });

  it("describe-environment-status --table over the wire matches the doc's layout", async () => {
    const r = await blox(server.url, ["describe-environment-status", "--all", "--environment-name", "Ok/Env", "--table"]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal(`ENVIRONMENT               TARGET REVISION  STATUS     OUTDATED  DESIRED   HEALTHY  TOTAL
Ok/Env                    2                Deploying  2         7         5        5

REVISION                  STATUS       DESIRED   HEALTHY  TOTAL
Ok/Env:1                  Undeploying  2         2        0
Ok/Env:2                  Deploying    5         3        5
`);
  });
});

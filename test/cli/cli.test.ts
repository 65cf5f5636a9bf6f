import { expect } from "chai";
import { fillBareYamlFile } from "../../client/cli/args.js";
import { Code, ConnectError } from "@connectrpc/connect";
import { EXIT } from "../../client/cli/exit-codes.js";
import { formatError } from "../../client/cli/run.js";
import { codeName } from "../../client/cli/watch-stream.js";
import { DeploymentMethod, type DescribeEnvironmentStatusRequest, type UpdateEnvironmentRequest } from "../../gen/blox/v1/environment_pb.js";
import { DOC_YAML } from "../support/doc-spec.js";
import { seedEnvironment } from "./support/fake-service.js";
import * as fx from "./support/fixtures.js";
import { createHarness } from "./support/run.js";

describe("blox CLI (in-process, fake service)", () => {
  describe("the three environment name flags", () => {
    const commands: [string[], string][] = [
      [["describe-environment-status"], "describeEnvironmentStatus"],
      [["deploy-environment", "--revision", "1"], "deployEnvironment"],
      [["update-environment", "--base-revision", "1", "--task-definition", "log-daemon:2"], "updateEnvironment"],
      [["freeze-environment"], "freezeEnvironment"],
      [["thaw-environment"], "thawEnvironment"],
      [["delete-environment"], "deleteEnvironment"],
      [["list-environment-revisions"], "listEnvironmentRevisions"],
    ];
    for (const [argv, method] of commands) {
      for (const flag of ["--environment", "--environment-name", "--name"]) {
        it(`${argv[0]} ${flag}`, async () => {
          const h = createHarness();
          seedEnvironment(h.state, fx.ENV, fx.active);
          const r = await h.run([...argv, flag, fx.ENV]);
          expect(r.code, r.stderr).to.equal(EXIT.OK);
          const call = h.state.calls.find((c) => c.method === method);
          expect((call?.request as { environmentName: string }).environmentName).to.equal(fx.ENV);
        });
      }
    }
  });

  describe("usage errors (exit 2, naming the flag)", () => {
    const cases: [string[], RegExp][] = [
      [["describe-environment-status"], /missing required flag --environment-name NAME \(or --environment \/ --name\)/],
      [["deploy-environment", "--revision", "1"], /missing required flag --environment NAME \(or --environment-name \/ --name\)/],
      [["delete-environment"], /missing required flag --name NAME \(or --environment \/ --environment-name\)/],
      [["deploy-environment", "--environment", "a"], /missing required flag --revision/],
      [["update-environment", "--environment", "a"], /missing required flag --base-revision/],
      [["update-environment", "--environment", "a", "--base-revision", "one"], /--base-revision: expected a positive integer, got "one"/],
      [["update-environment", "--environment", "a", "--base-revision", "1", "--min-healthy-percent", "120"], /--min-healthy-percent: expected an integer 0\.\.100, got "120"/],
      [["update-environment", "--environment", "a", "--base-revision", "1", "--method", "Rolling"], /--method: expected one of ReplaceThenTerminate, TerminateThenReplace/],
      [["describe-environment-status", "--name", "a", "--frobnicate"], /unknown flag --frobnicate/],
      [["describe-environment-status", "--name", "a", "--table", "--json"], /--table and --json exclude each other/],
      [["describe-environment-status", "--name", "a", "--protocol", "http3"], /--protocol: expected one of grpc, connect, grpc-web/],
      [["describe-environment-status", "--name", "a", "--endpoint", "localhost:50051"], /--endpoint: expected a URL like http:\/\/127\.0\.0\.1:50051/],
      [["describe-environment-status", "--environment", "a", "--name", "b"], /conflicting environment names: --environment a, --name b/],
      [["wait-environment", "--name", "a", "--timeout", "10"], /--timeout: invalid duration "10"/],
      [["wait-environment", "--name", "a", "--until", "Inactive"], /--until: expected one of Active, Deleted/],
      [["update-environment", "--environment", "a", "--base-revision", "1"], /nothing to change: give --task-definition, --instance-group-query, --method, --min-healthy-percent or --max-over-percent/],
      [["wait-environment", "--name", "a", "--timeout", "0"], /--timeout: must be more than 0/],
      // Beyond 2^31-1 ms a Node timer fires at once: "600h" must not mean "give up now".
      [["wait-environment", "--name", "a", "--timeout", "600h"], /--timeout: must be at most 24 days \(576h\), got "600h"/],
      [["wait-environment", "--name", "a", "--timeout", "-5m"], /--timeout: negative duration "-5m"/],
      [["deploy-environment", "--environment", "a", "--revision", "-1"], /--revision: expected a positive integer, got "-1"/],
      [["help", "frobnicate-environment"], /unknown command "frobnicate-environment"/],
      [["describe-environment-status", "--name", "a", "--endpoint", "http://127.0.0.1:50051/?x=1"], /--endpoint: .*query/],
      [["deploy-environment", "--environment"], /flag --environment needs a value/],
      [["create-environment"], /missing required flag --yaml-file FILE \(or pipe the YAML on stdin\)/],
      [["create-environment", "--yaml-file", "nope.yaml"], /--yaml-file: cannot read nope\.yaml: no such file/],
      [["frobnicate-environment"], /unknown command "frobnicate-environment"/],
    ];
    for (const [argv, want] of cases) {
      it(argv.join(" "), async () => {
        const h = createHarness();
        const r = await h.run(argv);
        expect(r.code).to.equal(EXIT.USAGE);
        expect(r.stderr).to.match(want);
        expect(r.stdout).to.equal("");
        expect(h.state.calls, "no request is sent on a usage error").to.have.length(0);
      });
    }
  });

  it("global flags may come before the command (blox --endpoint URL list-environments)", async () => {
    for (const argv of [
      ["--endpoint", "http://10.0.0.1:7000", "--protocol", "connect", "deploy-environment", "--environment", fx.ENV, "--revision", "1"],
      ["--endpoint=http://10.0.0.1:7000", "--protocol=connect", "deploy-environment", "--environment", fx.ENV, "--revision", "1"],
    ]) {
      const h = createHarness();
      seedEnvironment(h.state, fx.ENV, fx.active);
      const r = await h.run(argv);
      expect(r.code, r.stderr).to.equal(EXIT.OK);
      expect(h.clientSettings.map((c) => `${c.endpoint} ${c.protocol}`)).to.deep.equal(["http://10.0.0.1:7000 connect"]);
      expect(h.state.calls.map((c) => c.method)).to.deep.equal(["deployEnvironment"]);
    }
    const h = createHarness();
    const bad = await h.run(["--frobnicate", "list-environments"]);
    expect(bad.code).to.equal(EXIT.USAGE);
    expect(bad.stderr).to.match(/unknown flag --frobnicate/);
    const none = await h.run(["--endpoint", "http://10.0.0.1:7000"]);
    expect(none.code).to.equal(EXIT.USAGE);
    expect(none.stderr).to.match(/missing command/);
  });

  describe("connection errors carry a hint about the endpoint", () => {
    const cases: [string, ConnectError, RegExp][] = [
      ["http://127.0.0.1:1", new ConnectError("connect ECONNREFUSED 127.0.0.1:1", Code.Unavailable), /is the Blox server running at http:\/\/127\.0\.0\.1:1\?/],
      // https:// against a plaintext server
      [
        "https://127.0.0.1:50051",
        new ConnectError("809C82E9397F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n", Code.Internal),
        /TLS handshake with https:\/\/127\.0\.0\.1:50051 failed: .*use http:\/\//,
      ],
      ["https://127.0.0.1:50051", new ConnectError("self-signed certificate", Code.Internal), /NODE_EXTRA_CA_CERTS/],
      // http:// against a TLS server
      ["http://127.0.0.1:50051", new ConnectError("read ECONNRESET", Code.Aborted), /closed the connection.*https:\/\//],
      ["http://127.0.0.1:50051", new ConnectError("socket hang up", Code.Aborted), /closed the connection.*https:\/\//],
      // an endpoint with a path the server does not serve
      ["http://127.0.0.1:50051/api", new ConnectError("HTTP 404", Code.Unimplemented), /no Blox API at http:\/\/127\.0\.0\.1:50051\/api/],
    ];
    for (const [endpoint, e, hint] of cases) {
      it(`${endpoint}: ${e.rawMessage.slice(0, 40)}`, () => {
        const text = formatError(e, endpoint);
        expect(text.startsWith(`${codeName(e.code)}: ${e.rawMessage.trimEnd()} (`), text).to.equal(true);
        expect(text).not.to.include("\n");
        expect(text).to.match(hint);
      });
    }
    it("server errors get no hint", () => {
      expect(formatError(new ConnectError("environment \"x\" not found", Code.NotFound), "http://h:1")).to.equal('NOT_FOUND: environment "x" not found');
      expect(formatError(new ConnectError("base revision 1 is stale", Code.Aborted), "http://h:1")).to.equal("ABORTED: base revision 1 is stale");
    });
  });

  it("create-environment --yaml-file naming a directory or an unreadable file says so", async () => {
    const cases: [string, RegExp][] = [
      ["EISDIR", /^blox: --yaml-file: cannot read conf: it is a directory\n/],
      ["EACCES", /^blox: --yaml-file: cannot read conf: permission denied\n/],
    ];
    for (const [code, want] of cases) {
      const h = createHarness();
      const r = await h.run(["create-environment", "--yaml-file", "conf"], {
        readFile: async () => {
          throw Object.assign(new Error(`${code}: something, read`), { code });
        },
      });
      expect(r.code).to.equal(EXIT.USAGE);
      expect(r.stderr).to.match(want);
      expect(h.state.calls).to.have.length(0);
    }
  });

  it("create-environment reads the heredoc from stdin, with --yaml-file, --yaml-file - or nothing", async () => {
    for (const argv of [["create-environment", "--yaml-file"], ["create-environment", "--yaml-file", "-"], ["create-environment"]]) {
      const h = createHarness();
      const r = await h.run(argv, { readStdin: async () => DOC_YAML, stdinIsTTY: false });
      expect(r.code, r.stderr).to.equal(EXIT.OK);
      expect(r.stdout).to.equal('{ "EnvironmentRevision": 1 }\n');
      const spec = (h.state.calls[0].request as { spec: { name: string; deployment: { method: number } } }).spec;
      expect(spec.name).to.equal("SomeEnvironment/Prod");
      expect(spec.deployment.method).to.equal(DeploymentMethod.REPLACE_THEN_TERMINATE);
    }
  });

  it("create-environment with a bad YAML key exits 2 naming key and line, sending nothing", async () => {
    const h = createHarness();
    const r = await h.run(["create-environment", "--yaml-file", "env.yaml"], { readFile: async () => DOC_YAML.replace("  Configuration:", "  Configuraton:") });
    expect(r.code).to.equal(EXIT.USAGE);
    expect(r.stderr).to.match(/^blox: env\.yaml: unknown key Deployment\.Configuraton at line 9; expected one of /);
    expect(h.state.calls).to.have.length(0);
  });

  it("fillBareYamlFile only fills a --yaml-file without a value", () => {
    expect(fillBareYamlFile(["--yaml-file"])).to.deep.equal(["--yaml-file", "-"]);
    expect(fillBareYamlFile(["--yaml-file", "--endpoint", "x"])).to.deep.equal(["--yaml-file", "-", "--endpoint", "x"]);
    expect(fillBareYamlFile(["--yaml-file", "a.yaml"])).to.deep.equal(["--yaml-file", "a.yaml"]);
    expect(fillBareYamlFile(["--yaml-file", "-"])).to.deep.equal(["--yaml-file", "-"]);
  });

  it("server errors print the code and message and exit 1", async () => {
    const h = createHarness();
    seedEnvironment(h.state, fx.ENV);
    const first = await h.run(["update-environment", "--environment", fx.ENV, "--base-revision", "1", "--task-definition", "log-daemon:2"]);
    expect(first.stdout).to.equal('{ "EnvironmentRevision": 2 }\n');
    const stale = await h.run(["update-environment", "--environment", fx.ENV, "--base-revision", "1", "--task-definition", "log-daemon:3"]);
    expect(stale.code).to.equal(EXIT.ERROR);
    expect(stale.stderr).to.equal("blox: ABORTED: base revision 1 is stale: the latest revision is 2\n");
    const missing = await h.run(["describe-environment-status", "--name", "nope"]);
    expect(missing.code).to.equal(EXIT.ERROR);
    expect(missing.stderr).to.equal("blox: NOT_FOUND: environment nope not found\n");
  });

  it("update-environment that changes nothing says no revision was written, and exits 0", async () => {
    const h = createHarness();
    seedEnvironment(h.state, fx.ENV);
    const r = await h.run(["update-environment", "--environment", fx.ENV, "--base-revision", "1", "--task-definition", "log-daemon:1"]);
    expect(r.code, r.stderr).to.equal(EXIT.OK);
    expect(r.stdout).to.equal('{ "EnvironmentRevision": 1, "Unchanged": true }\n');
    expect(r.stderr).to.equal("blox: nothing changed: revision 1 already has these settings, so no new revision was written\n");
  });

  it("update-environment on a base past the latest says the revision does not exist", async () => {
    const h = createHarness();
    seedEnvironment(h.state, fx.ENV);
    const r = await h.run(["update-environment", "--environment", fx.ENV, "--base-revision", "99", "--task-definition", "log-daemon:2"]);
    expect(r.code).to.equal(EXIT.ERROR);
    expect(r.stderr).to.equal(`blox: NOT_FOUND: base revision 99 of ${fx.ENV} does not exist; the latest revision is 1\n`);
  });

  it("update-environment keeps the base revision's deployment settings it does not change", async () => {
    const h = createHarness();
    await h.run(["create-environment"], { readStdin: async () => DOC_YAML, stdinIsTTY: false });
    const r = await h.run(["update-environment", "--environment", fx.ENV, "--base-revision", "1", "--method", "TerminateThenReplace", "--min-healthy-percent", "60"]);
    expect(r.code, r.stderr).to.equal(EXIT.OK);
    const req = h.state.calls.find((c) => c.method === "updateEnvironment")!.request as UpdateEnvironmentRequest;
    expect(req.deployment?.method).to.equal(DeploymentMethod.TERMINATE_THEN_REPLACE);
    expect(req.deployment?.configuration?.minHealthyPercent).to.equal(60);
    expect(req.deployment?.configuration?.maxOverPercent).to.equal(25);
    expect(req.taskDefinition).to.equal(undefined);
  });

  it("update-environment --method TerminateThenReplace does not silently keep MinHealthyPercent 100", async () => {
    // The server spells defaults out, so a spec created without settings reads
    // back MinHealthyPercent 100 (ReplaceThenTerminate's default). Kept under
    // TerminateThenReplace it leaves no task that may be stopped: stuck forever.
    const yaml = 'Name: "SomeEnvironment/Prod"\nTaskDefinition: "log-daemon:1"\nDeployment:\n  Method: ReplaceThenTerminate\n  Configuration:\n    MinHealthyPercent: 100\n    MaxOverPercent: 25\n';
    const h = createHarness();
    await h.run(["create-environment"], { readStdin: async () => yaml, stdinIsTTY: false });
    const r = await h.run(["update-environment", "--environment", fx.ENV, "--base-revision", "1", "--method", "TerminateThenReplace"]);
    expect(r.code).to.equal(EXIT.USAGE);
    expect(r.stderr).to.match(/--method TerminateThenReplace: .*MinHealthyPercent 100.*--min-healthy-percent/);
    expect(h.state.calls.filter((c) => c.method === "updateEnvironment")).to.have.length(0);
    // Said explicitly, it is the user's call.
    const ok = await h.run(["update-environment", "--environment", fx.ENV, "--base-revision", "1", "--method", "TerminateThenReplace", "--min-healthy-percent", "50"]);
    expect(ok.code, ok.stderr).to.equal(EXIT.OK);
    const req = h.state.calls.find((c) => c.method === "updateEnvironment")!.request as UpdateEnvironmentRequest;
    expect(req.deployment?.configuration?.minHealthyPercent).to.equal(50);
  });

  it("deploy-environment prints the DeploymentId and passes --rollback", async () => {
    const h = createHarness();
    seedEnvironment(h.state, fx.ENV);
    const r = await h.run(["deploy-environment", "--environment", fx.ENV, "--revision", "1", "--rollback"]);
    expect(r.stdout).to.equal('{ "DeploymentId": "SomeEnvironment/Prod:1@2017090611472301" }\n');
    expect((h.state.calls[0].request as { rollback: boolean }).rollback).to.equal(true);
  });

  it("freeze, thaw and delete print nothing on success", async () => {
    const h = createHarness();
    seedEnvironment(h.state, fx.ENV);
    for (const argv of [["freeze-environment", "--environment-name", fx.ENV], ["thaw-environment", "--environment-name", fx.ENV], ["delete-environment", "--name", fx.ENV, "--terminate-tasks"]]) {
      const r = await h.run(argv);
      expect(r).to.deep.equal({ code: 0, stdout: "", stderr: "" });
    }
    expect((h.state.calls[2].request as { terminateTasks: boolean }).terminateTasks).to.equal(true);
  });

  it("describe-environment-status --table prints the doc's table; JSON by default", async () => {
    const h = createHarness();
    seedEnvironment(h.state, fx.ENV, fx.deploying);
    const table = await h.run(["describe-environment-status", "--all", "--environment-name", fx.ENV, "--table"]);
    expect(table.stdout).to.match(/^ENVIRONMENT {15}TARGET REVISION  STATUS/);
    expect(table.stdout).to.include("SomeEnvironment/Prod:1    Undeploying  2         2        0\n");
    const req = h.state.calls[0].request as DescribeEnvironmentStatusRequest;
    expect(req.all).to.equal(true);
    expect(req.instances).to.equal(false);
    const json = await h.run(["describe-environment-status", "--environment-name", fx.ENV, "--instances"]);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.Status).to.equal("Deploying");
    expect(parsed.Sequence).to.equal(7);
    expect(parsed).to.have.property("Instances");
    expect((h.state.calls[1].request as DescribeEnvironmentStatusRequest).instances).to.equal(true);
  });

  it("list commands fetch every page", async () => {
    const h = createHarness();
    for (const n of ["a", "b", "c", "d", "e"]) seedEnvironment(h.state, n);
    const envs = JSON.parse((await h.run(["list-environments"])).stdout);
    expect(envs.Environments.map((e: { Name: string }) => e.Name)).to.deep.equal(["a", "b", "c", "d", "e"]);
    const table = (await h.run(["list-environments", "--table"])).stdout.split("\n");
    expect(table[0]).to.match(/^ENVIRONMENT {15}TARGET REVISION  LATEST REVISION  STATE/);
    expect(table[1]).to.match(/^a {25}N\/A {14}1 {16}Live/);
    const deps = JSON.parse((await h.run(["list-deployments", "--environment", "a"])).stdout);
    expect(deps.Deployments.map((d: { Revision: number }) => d.Revision)).to.deep.equal([3, 2, 1]);
    const events = JSON.parse((await h.run(["list-environment-events", "--environment", "a", "--after-sequence", "1"])).stdout);
    expect(events.Events.map((e: { Sequence: number; Type: string }) => [e.Sequence, e.Type])).to.deep.equal([
      [2, "RevisionStatusChanged"],
      [3, "RevisionStatusChanged"],
      [4, "RevisionStatusChanged"],
      [5, "RevisionStatusChanged"],
    ]);
    const rev = JSON.parse((await h.run(["get-environment-revision", "--environment", "a"])).stdout);
    expect(rev.Revision.Revision).to.equal(1);
    expect(rev.Revision.Spec.TaskDefinition).to.equal("log-daemon:1");
  });

  it("watch-environment-status prints one JSON object per message when stdout is not a TTY", async () => {
    const h = createHarness();
    seedEnvironment(h.state, fx.ENV);
    h.state.watchScripts.set(fx.ENV, [fx.message(1, fx.created), fx.message(2, fx.deploying), fx.message(2, undefined)]);
    const ac = new AbortController();
    const run = h.run(["watch-environment-status", "--environment-name", fx.ENV, "--all"], {
      interrupt: ac.signal,
      stdout: {
        isTTY: false,
        write: (s) => {
          lines.push(...s.trimEnd().split("\n"));
          if (lines.length === 3) ac.abort();
        },
      },
    });
    const lines: string[] = [];
    const r = await run;
    expect(r.code).to.equal(EXIT.OK);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.map((p) => [p.Sequence, p.Kind])).to.deep.equal([[1, "Update"], [2, "Update"], [2, "Heartbeat"]]);
    expect(parsed[1].Status.Revisions.map((x: { Status: string }) => x.Status)).to.deep.equal(["Undeploying", "Deploying"]);
    expect(parsed[2].Status).to.equal(null);
  });

  it("watch-environment-status on a TTY redraws the live view in place", async () => {
    const h = createHarness();
    seedEnvironment(h.state, fx.ENV);
    h.state.watchScripts.set(fx.ENV, [fx.message(1, fx.deploying), fx.message(2, fx.active)]);
    const ac = new AbortController();
    let out = "";
    let frames = 0;
    const r = await h.run(["watch-environment-status", "--environment-name", fx.ENV], {
      interrupt: ac.signal,
      env: { NO_COLOR: "1" },
      stdout: {
        isTTY: true,
        rows: 50,
        columns: 200,
        write: (s) => {
          out += s;
          if (s.includes("ENVIRONMENT") && ++frames === 2) ac.abort();
        },
      },
    });
    expect(r.code).to.equal(EXIT.OK);
    expect(out).to.include("Waiting for the first status");
    expect(out).to.include("[############--------]  3/5");
    expect(out).to.include("[####################]  5/5");
    expect(out).to.match(/\x1b\[\d+A\r/); // cursor moved back up to redraw
    expect(out.endsWith("\x1b[?25h")).to.equal(true); // cursor restored
  });

  it("watch --instances switches to Connect when the gRPC watch path refuses instances", async () => {
    const h = createHarness({ grpcWatchWithoutInstances: true });
    seedEnvironment(h.state, fx.ENV);
    h.state.watchScripts.set(fx.ENV, [fx.message(1, fx.instances)]);
    const ac = new AbortController();
    const lines: string[] = [];
    const r = await h.run(["watch-environment-status", "--environment-name", fx.ENV, "--instances"], {
      interrupt: ac.signal,
      stdout: { isTTY: false, write: (s) => void (lines.push(s), ac.abort()) },
    });
    expect(r.code, r.stderr).to.equal(EXIT.OK);
    expect(r.stderr).to.match(/UNIMPLEMENTED: instances is not supported .*; switching to --protocol connect/);
    expect(h.protocols).to.deep.equal(["grpc", "connect"]);
    expect(JSON.parse(lines[0]).Status.Instances).to.have.length(6);
  });

  it("--help works for blox and for every command", async () => {
    const h = createHarness();
    const top = await h.run(["--help"]);
    expect(top.code).to.equal(0);
    expect(top.stdout).to.include("wait-environment").and.include("Exit codes:");
    for (const name of ["create-environment", "describe-environment-status", "wait-environment", "watch-environment-status"]) {
      const r = await h.run([name, "--help"]);
      expect(r.code).to.equal(0);
      expect(r.stdout).to.match(new RegExp(`^blox ${name}: `));
    }
  });
});

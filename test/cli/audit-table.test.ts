// The audit trail through the CLI against a real server process with a
// BLOX_AUTH_FILE: `ci-web` (deployer of Web/*) creates and deploys, `oncall`
// (operator) rolls back, and `list-deployments --table` /
// `list-environment-events --table` show who did what (golden files, with the
// times, deployment ids, watch sequences and client ports masked).

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { EXIT } from "../../client/cli/exit-codes.js";
import { runCli, startServerProcess, stopAllProcesses, type ServerProcess } from "../support/server-process.js";
import { principalsYaml } from "../auth/support/auth-server.js";
import { expectGolden } from "./support/golden.js";

const CI_WEB = "ci-web-token-0123456789abcdef";
const ONCALL = "oncall-token-0123456789abcdef";
const DASH = "dash-token-0123456789abcdef";

const SPEC = (taskDefinition: string) => `Name: "Web/Shop"
TaskDefinition: "${taskDefinition}"
Cluster: "default"
InstanceGroup:
  Query: "attribute:stack == prod"
Deployment:
  Type: Daemon
  Method: "ReplaceThenTerminate"
  Configuration:
    MinHealthyPercent: 80
    MaxOverPercent: 25
`;

/** Masks what changes from run to run, keeping every column's width. */
export function maskRunVariables(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, "YYYY-MM-DDThh:mm:ssZ")
    .replace(/(127\.0\.0\.1:)(\d+)/g, (_, host: string, port: string) => host + "P".repeat(port.length))
    .replace(/(:\d+@)\d{16}/g, "$1YYYYMMDDhhmmssSS")
    // Watch sequences count the simulator's steps, which vary with the machine's pace.
    .replace(/^(YYYY-MM-DDThh:mm:ssZ {2})(\d+)( *)/gm, (_, time: string, seq: string, pad: string) => time + "N".padEnd(seq.length + pad.length));
}

describe("CLI: the audit trail in --table (real server, principals file)", function () {
  this.timeout(120_000);
  let dir: string;
  let server: ServerProcess;
  const blox = async (token: string, args: string[], input?: string) => {
    const r = await runCli(server.endpoint, ["--token", token, ...args], input);
    return r;
  };
  const ok = async (token: string, args: string[], input?: string) => {
    const r = await blox(token, args, input);
    expect(r.code, `blox ${args.join(" ")}\n${r.stderr}`).to.equal(EXIT.OK);
    return r.stdout;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "blox-audit-"));
    const authFile = join(dir, "principals.yaml");
    writeFileSync(
      authFile,
      principalsYaml([
        { name: "ci-web", token: CI_WEB, roles: ["deployer"], environments: ["Web/*"] },
        { name: "oncall", token: ONCALL, roles: ["operator"] },
        { name: "dash", token: DASH, roles: ["viewer"] },
      ]),
    );
    server = await startServerProcess({ env: { BLOX_AUTH_FILE: authFile } });
  });
  after(async () => {
    await stopAllProcesses();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a deploy by ci-web and a rollback by oncall show as deployed_by / rolled_back_by, and in the events", async () => {
    await ok(CI_WEB, ["create-environment", "--yaml-file"], SPEC("shop:1"));
    await ok(CI_WEB, ["deploy-environment", "--environment", "Web/Shop", "--revision", "1"]);
    await ok(CI_WEB, ["wait-environment", "--environment", "Web/Shop", "--timeout", "60s"]);
    await ok(CI_WEB, ["update-environment", "--environment", "Web/Shop", "--base-revision", "1", "--task-definition", "shop:2"]);
    await ok(CI_WEB, ["deploy-environment", "--environment", "Web/Shop", "--revision", "2"]);
    await ok(CI_WEB, ["wait-environment", "--environment", "Web/Shop", "--timeout", "60s"]);

    // A deployer may not roll back: refused, naming the role.
    const refused = await blox(CI_WEB, ["deploy-environment", "--environment", "Web/Shop", "--revision", "1", "--rollback"]);
    expect(refused.code).to.not.equal(EXIT.OK);
    expect(refused.stderr).to.match(/permission_denied|PERMISSION_DENIED|PermissionDenied/i);
    expect(refused.stderr).to.match(/needs operator or higher/);

    await ok(ONCALL, ["deploy-environment", "--environment", "Web/Shop", "--revision", "1", "--rollback"]);
    await ok(ONCALL, ["wait-environment", "--environment", "Web/Shop", "--timeout", "60s"]);
    await ok(ONCALL, ["freeze-environment", "--environment", "Web/Shop"]);

    const deployments = await ok(DASH, ["list-deployments", "--environment", "Web/Shop", "--table"]);
    expectGolden("audit-deployments", maskRunVariables(deployments));
    const events = await ok(DASH, ["list-environment-events", "--environment", "Web/Shop", "--table"]);
    expectGolden("audit-events", maskRunVariables(events));

    // The JSON carries the same fields, by their proto names.
    const json = JSON.parse(await ok(DASH, ["list-deployments", "--environment", "Web/Shop"])) as { Deployments: Record<string, { Principal?: string; principal?: string } | unknown>[] };
    const text = JSON.stringify(json);
    expect(text).to.match(/"(DeployedBy|deployedBy)":\{[^}]*"(Principal|principal)":"ci-web"/);
    expect(text).to.match(/"(RolledBackBy|rolledBackBy)":\{[^}]*"(Principal|principal)":"oncall"/);
  });
});

// What the example walkthrough programs (examples/python, examples/go) must
// print, checked against what the server itself reports through the
// TypeScript client. Each program prints one JSON object per step.

import { spawn } from "node:child_process";
import { expect } from "chai";
import { createBloxClient } from "../../client/client.js";
import { EnvironmentStatus, RevisionStatus } from "../../gen/blox/v1/environment_pb.js";
import { REPO } from "../support/server-process.js";

export interface ProgramRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command ARGS` in `cwd` (default: the repository) with exactly `env`, killing it after `timeoutMs`. */
export function runProgram(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 90_000, cwd = REPO): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Fails with the program's output unless it exited 0. */
export function expectSuccess(run: ProgramRun, what: string, serverLogs: () => string): void {
  expect(run.code, `${what} exited ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}\nserver:\n${serverLogs()}`).to.equal(0);
}

/**
 * Checks a walkthrough program's steps (create, deploy, watch until Active,
 * stale update refused with ABORTED, describe) for environment `name`, and
 * that the server at `endpoint` holds what the program saw.
 */
export async function expectWalkthrough(stdout: string, name: string, endpoint: string): Promise<void> {
  const steps = new Map<string, Record<string, unknown>>();
  for (const line of stdout.trim().split("\n")) {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    steps.set(String(parsed.step), parsed);
  }
  expect([...steps.keys()]).to.deep.equal(["create", "deploy", "active", "update", "stale-update", "describe"]);

  expect(steps.get("create")!.revision).to.equal(1);

  const active = steps.get("active")!;
  expect(active).to.include({ healthy: 5, total: 5 });
  expect(active.statuses).to.be.an("array").that.is.not.empty;
  expect((active.statuses as string[]).at(-1)).to.equal("ENVIRONMENT_STATUS_ACTIVE");

  expect(steps.get("update")!.revision).to.equal(2);
  const stale = steps.get("stale-update")!;
  expect(stale.code).to.equal("ABORTED");
  expect(stale.details).to.match(/base revision 1 is stale.*latest revision .* is 2/);

  expect(steps.get("describe")).to.deep.include({
    status: "ENVIRONMENT_STATUS_ACTIVE",
    target_revision: 1,
    latest_revision: 2,
    healthy: 5,
    total: 5,
    revisions: [
      { revision: 1, status: "REVISION_STATUS_ACTIVE", task_definition: "log-daemon:1" },
      { revision: 2, status: "REVISION_STATUS_CREATED", task_definition: "log-daemon:2" },
    ],
  });

  // What the program saw is what the server holds.
  const blox = createBloxClient({ endpoint, protocol: "grpc" });
  const { status } = await blox.describeEnvironmentStatus({ environmentName: name, all: true });
  expect(status!.status).to.equal(EnvironmentStatus.ACTIVE);
  expect(status!.currentDeploymentId).to.equal(steps.get("deploy")!.deployment_id);
  expect(status!.revisions.map((r) => [r.revision, r.status])).to.deep.equal([
    [1n, RevisionStatus.ACTIVE],
    [2n, RevisionStatus.CREATED],
  ]);
  const latest = await blox.getEnvironmentRevision({ environmentName: name, revision: 0n });
  expect(latest.revision!.revision, "the stale update wrote no revision").to.equal(2n);
  expect(latest.revision!.spec!.taskDefinition).to.equal("log-daemon:2");
}

/** The body of the README's first fenced block of `language` that contains `marker`. */
export function readmeBlock(readme: string, language: string, marker: string): string {
  const fence = new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g");
  for (const m of readme.matchAll(fence)) if (m[1]!.includes(marker)) return m[1]!;
  throw new Error(`README.md has no \`\`\`${language} block containing ${JSON.stringify(marker)}`);
}

// Tools the generated-client tests need (protoc plugins, Debian's python3-grpcio,
// Go). On a developer machine a missing tool skips the test with a printed
// reason; with BLOX_REQUIRE_CLIENT_TOOLS=1 (set by .ci/run, which installs
// them) it fails instead, so CI never passes by skipping.

import { spawnSync } from "node:child_process";

export const REQUIRE_CLIENT_TOOLS = process.env.BLOX_REQUIRE_CLIENT_TOOLS === "1";

/** The Python with Debian's grpcio (python3 on PATH may be another one). BLOX_PYTHON overrides it. */
export const PYTHON = process.env.BLOX_PYTHON ?? "/usr/bin/python3";

/** Mocha hook or test body: skips (dev machine) or fails (CI) when `reason` is set. */
export function requireTool(ctx: Mocha.Context, reason: string | undefined): void {
  if (!reason) return;
  if (REQUIRE_CLIENT_TOOLS) throw new Error(`${reason} (BLOX_REQUIRE_CLIENT_TOOLS=1: .ci/run should have installed it)`);
  console.log(`      skipped: ${reason}`);
  ctx.skip();
}

/** Why PYTHON cannot run the generated client, or undefined. */
export function missingPythonGrpc(): string | undefined {
  const r = spawnSync(PYTHON, ["-c", "import grpc, google.protobuf"], { encoding: "utf8" });
  if (r.error) return `${PYTHON} not found (Debian: apt-get install -y python3 python3-grpcio python3-protobuf)`;
  if (r.status !== 0) return `${PYTHON} cannot import grpc / google.protobuf (Debian: apt-get install -y python3-grpcio python3-protobuf): ${r.stderr.trim().split("\n").pop()}`;
  return undefined;
}

/** Debian's Go packages the generated Go client builds against (GOPATH mode, no module download). */
export const DEBIAN_GOPATH = "/usr/share/gocode";
const GO_CLIENT_IMPORTS = ["google.golang.org/grpc", "google.golang.org/protobuf/proto", "google.golang.org/protobuf/types/known/timestamppb"];

/** The environment of an offline GOPATH-mode `go` run over `gopath` and Debian's packages. */
export function goEnv(gopath: string, cache: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? cache, GO111MODULE: "off", GOPROXY: "off", GOFLAGS: "", GOPATH: `${gopath}:${DEBIAN_GOPATH}`, GOCACHE: cache };
}

/** Why `go` cannot build the generated Go client offline, or undefined. */
export function missingGoGrpc(cache: string): string | undefined {
  const install = "Debian: apt-get install -y golang-go golang-google-grpc-dev golang-github-golang-protobuf-1-5-dev golang-google-protobuf-dev";
  const version = spawnSync("go", ["version"], { encoding: "utf8" });
  if (version.error) return `go not found (${install})`;
  const list = spawnSync("go", ["list", ...GO_CLIENT_IMPORTS], { encoding: "utf8", env: goEnv(DEBIAN_GOPATH, cache) });
  if (list.status !== 0) return `Go gRPC packages missing from ${DEBIAN_GOPATH} (${install}): ${list.stderr.trim().split("\n").pop()}`;
  return undefined;
}

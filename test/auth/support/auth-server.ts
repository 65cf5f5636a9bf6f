// An in-process Blox server with a BLOX_AUTH_FILE, for the auth tests: writes
// the principals file, starts the app on port 0, and rewrites the file on demand.

import { createHash } from "node:crypto";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBloxApp, type BloxApp } from "../../../server/app.js";
import { loadConfig } from "../../../server/config.js";
import { silentLogger, type Logger } from "../../../server/observability/logger.js";

export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

export interface PrincipalEntry {
  name: string;
  token?: string;
  certSubject?: string;
  roles: string[];
  environments?: string[];
}

/** The YAML of BLOX_AUTH_FILE for `principals` (tokens hashed, as the file keeps them). */
export function principalsYaml(principals: readonly PrincipalEntry[]): string {
  const lines = ["principals:"];
  for (const p of principals) {
    lines.push(`  - name: ${JSON.stringify(p.name)}`);
    if (p.token) lines.push(`    tokenSha256: "${sha256Hex(p.token)}"`);
    if (p.certSubject) lines.push(`    certSubject: ${JSON.stringify(p.certSubject)}`);
    lines.push(`    roles: [${p.roles.join(", ")}]`);
    if (p.environments) lines.push(`    environments: [${p.environments.map((e) => JSON.stringify(e)).join(", ")}]`);
  }
  return lines.join("\n") + "\n";
}

export interface AuthServer {
  app: BloxApp;
  /** `http://host:port` (or https with tls). */
  endpoint: string;
  dir: string;
  authFile: string;
  /** Replaces the principals file the way editors do (write a new file, rename it over). */
  writePrincipals(principals: readonly PrincipalEntry[]): void;
  stop(): Promise<void>;
}

export interface AuthServerOptions {
  principals: readonly PrincipalEntry[];
  /** Extra BLOX_* settings (TLS files, tokens). */
  env?: Record<string, string>;
  logger?: Logger;
}

export async function startAuthServer(options: AuthServerOptions): Promise<AuthServer> {
  const dir = mkdtempSync(join(tmpdir(), "blox-auth-"));
  const authFile = join(dir, "principals.yaml");
  const writePrincipals = (principals: readonly PrincipalEntry[]) => {
    const next = `${authFile}.next`;
    writeFileSync(next, principalsYaml(principals));
    renameSync(next, authFile);
  };
  writePrincipals(options.principals);
  const config = loadConfig({ BLOX_LISTEN: "127.0.0.1:0", BLOX_DATA_DIR: join(dir, "data"), BLOX_AUTH_FILE: authFile, ...options.env }, []);
  const app = createBloxApp(config, { logger: options.logger ?? silentLogger, shutdownGraceMs: 200, reloadSignal: null });
  const { host, port } = await app.start();
  const scheme = options.env?.BLOX_TLS_CERT ? "https" : "http";
  return {
    app,
    endpoint: `${scheme}://${scheme === "https" ? "localhost" : host}:${port}`,
    dir,
    authFile,
    writePrincipals,
    async stop() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

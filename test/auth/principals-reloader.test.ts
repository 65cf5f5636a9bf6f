// The reloader without a server: SIGHUP-style signals re-read the file, and a
// file that does not parse leaves the principals in force.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { createAccessControl } from "../../server/auth/access-control.js";
import { loadPrincipalsFile } from "../../server/auth/principals-file.js";
import { createPrincipalsReloader } from "../../server/auth/principals-reloader.js";
import { pollUntil } from "../support/server-process.js";
import { principalsYaml } from "./support/auth-server.js";

describe("principals reloader", () => {
  let dir: string;
  let file: string;
  const warnings: string[] = [];
  const logger = { info() {}, warn: (m: string, f?: Record<string, unknown>) => void warnings.push(`${m} ${String(f?.error ?? "")}`) };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "blox-reload-"));
    file = join(dir, "principals.yaml");
    writeFileSync(file, principalsYaml([{ name: "first", token: "first-token-0123456789", roles: ["viewer"] }]));
    warnings.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("re-reads the file on its signal (the file watch held back), keeping the extra principals", async () => {
    const access = createAccessControl({ principals: loadPrincipalsFile(file) });
    const extra = { name: "token-1", roles: ["admin" as const], environments: ["*"] };
    // A debounce of an hour: within this test only the signal can reload.
    const reloader = createPrincipalsReloader({ path: file, access, extra: [extra], logger, signal: "SIGUSR2", debounceMs: 3_600_000 });
    try {
      writeFileSync(file, principalsYaml([{ name: "second", token: "second-token-0123456789", roles: ["operator"] }]));
      expect(access.principals().map((p) => p.name)).to.deep.equal(["first"]);
      process.kill(process.pid, "SIGUSR2");
      const names = await pollUntil("the signal to reload the file", () => {
        const n = access.principals().map((p) => p.name);
        return n.includes("second") && n;
      });
      expect(names).to.deep.equal(["second", "token-1"]);
    } finally {
      reloader.close();
    }
  });

  it("a file that does not parse keeps the principals in force, and says why", () => {
    const access = createAccessControl({ principals: loadPrincipalsFile(file) });
    const reloader = createPrincipalsReloader({ path: file, access, logger, signal: null, debounceMs: 3_600_000 });
    try {
      writeFileSync(file, "principals:\n  - name: x\n    roles: [superuser]\n    certSubject: CN=x\n");
      expect(reloader.reload("test")).to.equal(false);
      expect(access.principals().map((p) => p.name)).to.deep.equal(["first"]);
      expect(warnings.join("\n")).to.match(/principals file not reloaded; the previous principals stay in force .*unknown role "superuser"/);
    } finally {
      reloader.close();
    }
  });
});

import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { expect } from "chai";

const root = new URL("../..", import.meta.url).pathname;
const buf = join(root, "node_modules/.bin/buf");

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

// CI must fail when gen/ drifts from proto/: the generated clients are committed.
describe("proto and generated code", function () {
  this.timeout(60_000);

  it("passes buf lint (STANDARD)", () => {
    execFileSync(buf, ["lint"], { cwd: root, stdio: "pipe" });
  });

  it("gen/ is exactly what buf generate makes from proto/", () => {
    const out = mkdtempSync(join(tmpdir(), "blox-gen-"));
    try {
      execFileSync(buf, ["generate", "--template", "buf.gen.yaml", "-o", out], { cwd: root, stdio: "pipe" });
      const fresh = join(out, "gen");
      const committed = join(root, "gen");
      const freshFiles = listFiles(fresh).map((f) => relative(fresh, f)).sort();
      const committedFiles = listFiles(committed).map((f) => relative(committed, f)).sort();
      expect(committedFiles).to.deep.equal(freshFiles);
      for (const f of freshFiles) {
        const same = readFileSync(join(committed, f), "utf8") === readFileSync(join(fresh, f), "utf8");
        expect(same, `gen/${f} is stale: run npm run generate`).to.equal(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

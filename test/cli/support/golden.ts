// Golden files: test/cli/golden/<name>.txt. `UPDATE_GOLDEN=1 npx mocha …`
// rewrites them; review the diff before committing.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "golden");

export function expectGolden(name: string, actual: string): void {
  const file = join(DIR, `${name}.txt`);
  const text = actual.endsWith("\n") ? actual : `${actual}\n`;
  if (process.env.UPDATE_GOLDEN === "1") {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file ${file} is missing; run with UPDATE_GOLDEN=1 to create it`);
  expect(text, `output differs from golden ${name}.txt (UPDATE_GOLDEN=1 rewrites it)`).to.equal(readFileSync(file, "utf8"));
}

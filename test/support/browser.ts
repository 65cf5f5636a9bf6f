// A real browser for the dashboard tests: Debian's chromium (or BLOX_CHROMIUM)
// driven by puppeteer-core, headless, with no browser download. In CI a
// missing chromium is a failure (.ci/run installs it); on a developer's
// machine without one the browser tests are skipped with the reason printed.

import { existsSync } from "node:fs";
import puppeteer, { type Browser } from "puppeteer-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** The browser binary: BLOX_CHROMIUM, else the first system chromium found; undefined when there is none. */
export function findChromium(): string | undefined {
  const configured = process.env.BLOX_CHROMIUM;
  if (configured) return configured;
  return CANDIDATES.find((p) => existsSync(p));
}

/** True in CI (CI is set by .ci/run and by the common CI services). */
export function inCi(): boolean {
  const v = process.env.CI;
  return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
}

/**
 * Calls `skip` with a printed reason when there is no browser on a developer's
 * machine; throws in CI, where a missing browser must fail the run.
 */
export function requireChromium(skip: () => void): string {
  const path = findChromium();
  if (path) return path;
  const reason = "no chromium found (install Debian's `chromium`, or set BLOX_CHROMIUM to a Chrome/Chromium binary)";
  if (inCi()) throw new Error(`browser tests: ${reason}; CI must have one (.ci/run installs it)`);
  process.stdout.write(`  skipping the browser tests: ${reason}\n`);
  skip();
  throw new Error("unreachable: skip() returned");
}

export interface LaunchOptions {
  width?: number;
  height?: number;
}

/** Headless chromium; --no-sandbox because CI runs as root, where chromium's sandbox refuses to start. */
export function launchBrowser(executablePath: string, options: LaunchOptions = {}): Promise<Browser> {
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--no-default-browser-check"],
    defaultViewport: { width: options.width ?? 1280, height: options.height ?? 900 },
  });
}

// The `blox` process: binds runCli to stdin/stdout/stderr, Ctrl-C and exit.

import { readFile } from "node:fs/promises";
import { runCli } from "./run.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const interrupt = new AbortController();
process.once("SIGINT", () => interrupt.abort());
process.once("SIGTERM", () => interrupt.abort());

const stdout = process.stdout;
const code = await runCli(process.argv.slice(2), {
  stdout: {
    write: (s) => void stdout.write(s),
    get isTTY() {
      return stdout.isTTY === true;
    },
    get columns() {
      return stdout.columns;
    },
    get rows() {
      return stdout.rows;
    },
  },
  stderr: { write: (s) => void process.stderr.write(s), isTTY: process.stderr.isTTY === true },
  env: process.env,
  readStdin,
  stdinIsTTY: process.stdin.isTTY === true,
  readFile: (path) => readFile(path, "utf8"),
  interrupt: interrupt.signal,
});

// Flush stdout before exiting: open HTTP/2 sessions would otherwise keep the
// process alive, and exiting with buffered output would truncate a pipe.
stdout.write("", () => process.exit(code));

// The `blox` process: binds runCli to stdin/stdout/stderr, Ctrl-C and exit.

import { readFile } from "node:fs/promises";
import { runCli } from "./run.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

// Ctrl-C ends watch / wait cleanly through `interrupt` (they restore the
// cursor and pick their exit code); anything still running a moment later, or
// a second Ctrl-C, exits 130 right away.
const interrupt = new AbortController();
const onSignal = () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
  setTimeout(() => process.exit(130), 1000).unref();
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);

const stdout = process.stdout;
// `blox list-environments | head`: a closed pipe ends the command, quietly.
stdout.on("error", (e: NodeJS.ErrnoException) => process.exit(e.code === "EPIPE" ? 0 : 1));
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

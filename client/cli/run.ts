// Runs one `blox` command line and returns its exit code. All I/O goes through
// CliIo, so this is what the tests drive; main.ts binds it to the process.

import { ConnectError } from "@connectrpc/connect";
import { createBloxClient, type BloxClient } from "../client.js";
import { connectionSettings, parseCommandArgs } from "./args.js";
import { findCommand } from "./commands/index.js";
import type { CliIo, CommandContext } from "./context.js";
import { EXIT } from "./exit-codes.js";
import { styleFor } from "./format/style.js";
import { commandHelp, globalHelp } from "./help.js";
import { UsageError } from "./usage-error.js";
import { codeName } from "./watch-stream.js";

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const err = (s: string) => io.stderr.write(s.endsWith("\n") ? s : `${s}\n`);
  const out = (s: string) => io.stdout.write(s.endsWith("\n") ? s : `${s}\n`);
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    if (name === "help" && rest[0]) {
      const cmd = findCommand(rest[0]);
      if (cmd) {
        out(commandHelp(cmd));
        return EXIT.OK;
      }
    }
    (name === undefined ? err : out)(globalHelp());
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const cmd = findCommand(name);
  if (!cmd) {
    err(`blox: unknown command ${JSON.stringify(name)}; run \`blox --help\` for the list`);
    return EXIT.USAGE;
  }
  let endpoint = "";
  try {
    const args = cmd.preprocess ? cmd.preprocess(rest) : rest;
    const values = parseCommandArgs(cmd.name, args, cmd.options);
    if (values.help) {
      out(commandHelp(cmd));
      return EXIT.OK;
    }
    const settings = connectionSettings(values, io.env, cmd.name);
    endpoint = settings.endpoint;
    const clients = new Map<string, BloxClient>();
    const ctx: CommandContext = {
      io,
      values,
      settings,
      client: (override = {}) => {
        const s = { ...settings, ...override };
        const key = `${s.protocol} ${s.httpVersion ?? ""}`;
        let c = clients.get(key);
        if (!c) clients.set(key, (c = (io.createClient ?? createBloxClient)(s)));
        return c;
      },
      style: styleFor(io.stdout.isTTY === true, io.env),
      out,
      err,
    };
    return await cmd.run(ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`blox: ${e.message}`);
      if (e.command) err(`Run \`blox ${e.command} --help\` for usage.`);
      return EXIT.USAGE;
    }
    err(`blox: ${formatError(e, endpoint)}`);
    return EXIT.ERROR;
  }
}

/** `ABORTED: base revision 1 is stale: …`, plus a hint when the server cannot be reached. */
export function formatError(e: unknown, endpoint: string): string {
  if (e instanceof ConnectError) {
    const hint = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(e.rawMessage) ? ` (is the Blox server running at ${endpoint}?)` : "";
    return `${codeName(e.code)}: ${e.rawMessage}${hint}`;
  }
  return e instanceof Error ? e.message : String(e);
}

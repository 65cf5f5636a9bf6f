// Runs one `blox` command line and returns its exit code. All I/O goes through
// CliIo, so this is what the tests drive; main.ts binds it to the process.

import { Code, ConnectError } from "@connectrpc/connect";
import { createBloxClient, type BloxClient } from "../client.js";
import { connectionSettings, GLOBAL_OPTIONS, parseCommandArgs } from "./args.js";
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
  let hoisted: string[];
  try {
    hoisted = hoistGlobalFlags(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`blox: ${e.message}; run \`blox --help\` for the list of commands and flags`);
    return EXIT.USAGE;
  }
  const [name, ...rest] = hoisted;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    if (name === "help" && rest[0]) {
      const cmd = findCommand(rest[0]);
      if (cmd) {
        out(commandHelp(cmd));
        return EXIT.OK;
      }
      err(`blox: unknown command ${JSON.stringify(rest[0])}; run \`blox --help\` for the list`);
      return EXIT.USAGE;
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

/**
 * `blox --endpoint URL list-environments`: global flags written before the
 * command move behind it, where the command's parser reads them. Anything else
 * before the command is an error naming it.
 */
export function hoistGlobalFlags(argv: string[]): string[] {
  const moved: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i].startsWith("-") && argv[i] !== "-h" && argv[i] !== "--help") {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const flag = arg.slice(2, eq >= 0 ? eq : undefined);
    const spec = arg.startsWith("--") ? GLOBAL_OPTIONS[flag] : undefined;
    if (!spec || spec.type !== "string") throw new UsageError(`unknown flag ${eq >= 0 ? arg.slice(0, eq) : arg} before the command`);
    if (eq >= 0) {
      moved.push(arg);
      i += 1;
    } else {
      if (i + 1 >= argv.length) throw new UsageError(`flag ${arg} needs a value`);
      moved.push(arg, argv[i + 1]);
      i += 2;
    }
  }
  if (moved.length === 0) return argv;
  if (i >= argv.length) throw new UsageError(`missing command after ${moved.join(" ")}`);
  return [argv[i], ...argv.slice(i + 1), ...moved];
}

/** `ABORTED: base revision 1 is stale: …`, plus a hint when the server cannot be reached. */
export function formatError(e: unknown, endpoint: string): string {
  if (e instanceof ConnectError) {
    const hint = connectionHint(e, endpoint);
    return `${codeName(e.code)}: ${e.rawMessage.trimEnd()}${hint ? ` (${hint})` : ""}`;
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * What to check when a call failed before it reached a Blox server. The
 * transport reports these with codes that mean something else here (INTERNAL
 * for a TLS failure, ABORTED for a reset), so the hint says what happened.
 */
function connectionHint(e: ConnectError, endpoint: string): string | undefined {
  const m = e.rawMessage;
  const https = endpoint.startsWith("https:");
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|EAI_AGAIN/.test(m)) return `is the Blox server running at ${endpoint}?`;
  if (https && /wrong version number|packet length too long|SSL routines|EPROTO/.test(m)) {
    return `TLS handshake with ${endpoint} failed: if the server serves plain HTTP, use http://`;
  }
  if (https && /self[- ]signed certificate|unable to verify|unable to get local issuer|certificate has expired|altnames/i.test(m)) {
    return "the server's certificate is not trusted; set NODE_EXTRA_CA_CERTS to its CA file";
  }
  const reset = /ECONNRESET|socket hang up|stream closed with error code/.test(m);
  if (!https && (e.code === Code.Aborted || e.code === Code.Canceled) && reset) {
    return `${endpoint} closed the connection; if the server serves TLS, use https://`;
  }
  if (e.code === Code.Unimplemented && /^HTTP 404/.test(m)) {
    return `no Blox API at ${endpoint}: the server answers at its root URL, with no path`;
  }
  return undefined;
}

// Argument parsing on node:util parseArgs, with the doc's conventions: the
// environment is named by --environment, --environment-name or --name
// interchangeably; numbers and enums are checked here so a typo is a usage error
// (exit 2) naming the flag, never a server round trip.

import { readFileSync } from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { BLOX_PROTOCOLS, DEFAULT_ENDPOINT, type BloxProtocol } from "../client.js";
import { parseDurationMs } from "../duration.js";
import { UsageError } from "./usage-error.js";

export type OptionSpec = NonNullable<ParseArgsConfig["options"]>[string] & {
  /** Shown in --help, e.g. "NAME". Booleans have none. */
  valueName?: string;
  description: string;
};
export type OptionSpecs = Record<string, OptionSpec>;
export type Values = Record<string, string | boolean | undefined>;

/** Flags every command accepts. */
export const GLOBAL_OPTIONS: OptionSpecs = {
  endpoint: {
    type: "string",
    valueName: "URL",
    description: `server URL (default $BLOX_ENDPOINT or ${DEFAULT_ENDPOINT})`,
  },
  protocol: { type: "string", valueName: "P", description: "grpc | connect | grpc-web (default grpc)" },
  "http-version": {
    type: "string",
    valueName: "V",
    description: "1.1 | 2 (default 2 for grpc and grpc-web, 1.1 for connect)",
  },
  token: { type: "string", valueName: "TOKEN", description: "bearer token for servers with authentication (default $BLOX_TOKEN)" },
  cacert: { type: "string", valueName: "FILE", description: "PEM CA that signed the server's certificate (https endpoints)" },
  cert: { type: "string", valueName: "FILE", description: "PEM client certificate for mTLS (with --key)" },
  key: { type: "string", valueName: "FILE", description: "PEM private key of --cert" },
  help: { type: "boolean", short: "h", description: "show help" },
};

/** The three spellings the doc uses for the environment's name. */
export const NAME_OPTIONS: OptionSpecs = {
  environment: { type: "string", valueName: "NAME", description: "environment name" },
  "environment-name": { type: "string", valueName: "NAME", description: "same as --environment" },
  name: { type: "string", valueName: "NAME", description: "same as --environment" },
};

/** Parses `argv` (the words after the command) against `options` plus the global flags. */
export function parseCommandArgs(command: string, argv: string[], options: OptionSpecs): Values {
  const all = { ...GLOBAL_OPTIONS, ...options };
  const config: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const [k, v] of Object.entries(all)) config[k] = { type: v.type, ...(v.short ? { short: v.short } : {}) };
  try {
    const args = attachNegativeValues(argv, config);
    const { values, positionals } = parseArgs({ args, options: config, strict: true, allowPositionals: true });
    if (positionals.length > 0 && !values.help) {
      throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`, command);
    }
    return values as Values;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(friendlyParseError(e as Error & { code?: string }), command);
  }
}

/**
 * `--revision -1` / `--timeout -5m`: parseArgs refuses a value that starts
 * with a dash. Attach it (`--revision=-1`) so the flag's own check reports
 * what is wrong with it, instead of a question about a missing value.
 */
function attachNegativeValues(argv: string[], config: Record<string, { type: "string" | "boolean" }>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    const name = arg.startsWith("--") && !arg.includes("=") ? arg.slice(2) : undefined;
    if (name !== undefined && config[name]?.type === "string" && next !== undefined && /^-[0-9.]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function friendlyParseError(e: Error & { code?: string }): string {
  const m = e.message;
  let r: RegExpMatchArray | null;
  if ((r = m.match(/Unknown option '([^']+)'/))) return `unknown flag ${r[1]}`;
  if ((r = m.match(/Option '(-\w, )?(--[\w-]+)[^']*' argument missing/))) return `flag ${r[2]} needs a value`;
  if ((r = m.match(/Option '(-\w, )?(--[\w-]+)' does not take an argument/))) return `flag ${r[2]} takes no value`;
  return m.replace(/\. To specify.*$/s, "");
}

/**
 * The environment name from whichever of --environment, --environment-name,
 * --name was given. `preferred` is the spelling the doc uses for this command,
 * named in the error when none is given.
 */
export function environmentName(values: Values, preferred: string, command: string): string {
  const given = ["environment", "environment-name", "name"]
    .map((k) => [k, values[k]] as const)
    .filter((e): e is readonly [string, string] => typeof e[1] === "string");
  if (given.length === 0) {
    const others = ["environment", "environment-name", "name"].filter((k) => k !== preferred).map((k) => `--${k}`);
    throw new UsageError(`missing required flag --${preferred} NAME (or ${others.join(" / ")})`, command);
  }
  const distinct = new Set(given.map(([, v]) => v));
  if (distinct.size > 1) {
    throw new UsageError(`conflicting environment names: ${given.map(([k, v]) => `--${k} ${v}`).join(", ")}`, command);
  }
  const name = given[0][1];
  if (name.trim() === "") throw new UsageError(`--${given[0][0]}: empty environment name`, command);
  return name;
}

/** An integer flag within [min, max]; undefined when absent unless `required`. */
export function intFlag(
  values: Values,
  flag: string,
  command: string,
  opts: { min?: number; max?: number; required?: boolean } = {},
): number | undefined {
  const raw = values[flag];
  if (raw === undefined) {
    if (opts.required) throw new UsageError(`missing required flag --${flag}`, command);
    return undefined;
  }
  const s = String(raw).trim();
  const min = opts.min ?? 0;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  if (!/^\d+$/.test(s) || Number(s) < min || Number(s) > max) {
    const range = opts.max !== undefined ? `an integer ${min}..${max}` : min >= 1 ? "a positive integer" : "a non-negative integer";
    throw new UsageError(`--${flag}: expected ${range}, got ${JSON.stringify(raw)}`, command);
  }
  return Number(s);
}

/** A duration flag ("10m", "30s") in milliseconds. */
export function durationFlag(values: Values, flag: string, command: string): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  try {
    return parseDurationMs(String(raw));
  } catch (e) {
    throw new UsageError(`--${flag}: ${(e as Error).message}`, command);
  }
}

/** One of a fixed set of words. */
export function choiceFlag<T extends string>(values: Values, flag: string, command: string, choices: readonly T[]): T | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  if (!choices.includes(raw as T)) {
    throw new UsageError(`--${flag}: expected one of ${choices.join(", ")}, got ${JSON.stringify(raw)}`, command);
  }
  return raw as T;
}

export interface ConnectionSettings {
  endpoint: string;
  protocol: BloxProtocol;
  httpVersion?: "1.1" | "2";
  token?: string;
  tls?: { ca?: string; cert?: string; key?: string };
}

export function connectionSettings(values: Values, env: Record<string, string | undefined>, command: string): ConnectionSettings {
  const endpoint = (values.endpoint as string | undefined) ?? (env.BLOX_ENDPOINT || DEFAULT_ENDPOINT);
  const from = values.endpoint !== undefined ? "--endpoint" : "BLOX_ENDPOINT";
  let url: URL;
  try {
    url = new URL(endpoint);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
  } catch {
    throw new UsageError(`${from}: expected a URL like ${DEFAULT_ENDPOINT}, got ${JSON.stringify(endpoint)}`, command);
  }
  // The RPC path is appended to the endpoint, so a query or fragment would end up in front of it.
  if (url.search !== "" || url.hash !== "") {
    throw new UsageError(`${from}: a server URL takes no query or fragment, got ${JSON.stringify(endpoint)}`, command);
  }
  const protocol = choiceFlag(values, "protocol", command, BLOX_PROTOCOLS) ?? "grpc";
  const httpVersion = choiceFlag(values, "http-version", command, ["1.1", "2"] as const);
  if (protocol === "grpc" && httpVersion === "1.1") {
    throw new UsageError("--http-version 1.1: gRPC needs HTTP/2; use --protocol connect or grpc-web", command);
  }
  const token = (values.token as string | undefined) ?? (env.BLOX_TOKEN || undefined);
  const tls = tlsFiles(values, command);
  if (tls && url.protocol !== "https:") throw new UsageError("--cacert/--cert/--key: only apply to an https:// endpoint", command);
  return { endpoint, protocol, httpVersion, ...(token ? { token } : {}), ...(tls ? { tls } : {}) };
}

/** --cacert, --cert, --key: read now, so a wrong path is a usage error naming the flag. */
function tlsFiles(values: Values, command: string): ConnectionSettings["tls"] {
  const read = (flag: "cacert" | "cert" | "key"): string | undefined => {
    const path = values[flag] as string | undefined;
    if (path === undefined) return undefined;
    try {
      return readFileSync(path, "utf8");
    } catch (err) {
      throw new UsageError(`--${flag}: cannot read ${JSON.stringify(path)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, command);
    }
  };
  if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError("--cert and --key go together", command);
  const ca = read("cacert");
  const cert = read("cert");
  const key = read("key");
  if (ca === undefined && cert === undefined) return undefined;
  return { ...(ca !== undefined ? { ca } : {}), ...(cert !== undefined ? { cert, key: key! } : {}) };
}

/**
 * The doc's heredoc form passes no value after --yaml-file
 * (`blox create-environment --yaml-file <<EOF`): read that as `--yaml-file -`.
 */
export function fillBareYamlFile(argv: string[]): string[] {
  const out = [...argv];
  for (let i = 0; i < out.length; i++) {
    if (out[i] === "--yaml-file" && (i + 1 >= out.length || (out[i + 1].startsWith("-") && out[i + 1] !== "-"))) {
      out.splice(i + 1, 0, "-");
    }
  }
  return out;
}

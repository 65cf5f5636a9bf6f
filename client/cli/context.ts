// What a command gets to work with. Everything that touches the process
// (streams, env, stdin, signals, the network) comes in here, so commands run
// in tests against fakes, and main.ts is the only file that knows `process`.

import type { BloxClient, BloxClientOptions } from "../client.js";
import type { ConnectionSettings, OptionSpecs, Values } from "./args.js";
import type { Style } from "./format/style.js";

export interface CliOutput {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  env: Record<string, string | undefined>;
  /** Reads all of stdin as UTF-8. */
  readStdin(): Promise<string>;
  stdinIsTTY: boolean;
  /** Reads a file as UTF-8. */
  readFile(path: string): Promise<string>;
  /** Aborts on Ctrl-C. */
  interrupt?: AbortSignal;
  /** Default: createBloxClient. */
  createClient?: (options: BloxClientOptions) => BloxClient;
}

export interface CommandContext {
  io: CliIo;
  values: Values;
  /** Endpoint and protocol from the flags and environment. */
  settings: ConnectionSettings;
  /**
   * The client for the --endpoint / --protocol given (created on first use), or
   * for the same endpoint with `override` applied.
   */
  client(override?: Partial<ConnectionSettings>): BloxClient;
  /** Color and glyphs for stdout. */
  style: Style;
  /** Prints a JSON value or text line to stdout. */
  out(text: string): void;
  /** Prints a line to stderr. */
  err(text: string): void;
}

export interface Command {
  name: string;
  summary: string;
  /** Usage line after `blox <name>`. */
  usage: string;
  /** Longer help, examples. */
  details?: string;
  options: OptionSpecs;
  /** Adjusts argv before parsing (e.g. a bare --yaml-file). */
  preprocess?: (argv: string[]) => string[];
  /** Returns the exit code. */
  run(ctx: CommandContext): Promise<number>;
}

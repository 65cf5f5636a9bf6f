// The server's one logger interface, and its pino implementation: one JSON
// object per line (level, time, msg, fields, and trace_id / span_id when a span
// is active), or pino-pretty's human form. Components take a `Logger`; only the
// process entry point decides where lines go.

import { context, isSpanContextValid, trace } from "@opentelemetry/api";
import { pino, stdTimeFunctions, type DestinationStream } from "pino";
import pretty from "pino-pretty";

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ["json", "pretty"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerOptions {
  /** Lowest level written. Default "info". */
  level?: LogLevel;
  /** Default: "pretty" when the destination is a TTY, else "json". */
  format?: LogFormat;
  /** Where lines go: a stream or a file descriptor. Default: stderr (fd 2), written synchronously. */
  destination?: NodeJS.WritableStream | number;
  /** Fields on every line (e.g. the replica id). */
  base?: LogFields;
}

/** Discards everything (tests, embedders that log elsewhere). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The active span's ids, so a log line can be found from a trace and back. */
function traceFields(): LogFields {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const sc = span.spanContext();
  return isSpanContextValid(sc) ? { trace_id: sc.traceId, span_id: sc.spanId } : {};
}

function isTty(destination: NodeJS.WritableStream | number): boolean {
  if (typeof destination === "number") return destination === 2 ? process.stderr.isTTY === true : destination === 1 && process.stdout.isTTY === true;
  return (destination as { isTTY?: boolean }).isTTY === true;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? 2;
  const format = options.format ?? (isTty(destination) ? "pretty" : "json");
  let stream: DestinationStream;
  if (format === "pretty") {
    stream = pretty({
      destination: destination as never,
      colorize: isTty(destination),
      sync: true,
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname",
    });
  } else {
    stream = typeof destination === "number" ? pino.destination({ dest: destination, sync: true }) : (destination as DestinationStream);
  }
  const log = pino(
    {
      level: options.level ?? "info",
      base: options.base ?? null,
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: traceFields,
    },
    stream,
  );
  const at =
    (level: "debug" | "info" | "warn" | "error") =>
    (message: string, fields?: LogFields): void => {
      if (fields) log[level](fields, message);
      else log[level](message);
    };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

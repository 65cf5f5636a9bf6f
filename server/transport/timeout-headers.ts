// Deadlines longer than a Node timer can hold.
//
// gRPC allows `grpc-timeout: 99999999H` (~11,000 years) and Connect allows
// `connect-timeout-ms` up to 10 digits, but setTimeout holds at most
// 2^31-1 ms (~24.8 days): beyond that Node fires the timer after 1 ms. Left
// alone, such a header turns "practically no deadline" into an immediate
// DEADLINE_EXCEEDED. A deadline that far away is no deadline for a server, so
// the header is dropped before any handler reads it.

import { MAX_TIMER_MS } from "../duration.js";

const GRPC_UNITS_MS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000001 };

/** Milliseconds of a well-formed timeout header; undefined when absent or malformed (left to the protocol to refuse). */
export function timeoutHeaderMs(name: "grpc-timeout" | "connect-timeout-ms", value: string): number | undefined {
  if (name === "grpc-timeout") {
    const m = /^(\d{1,8})([HMSmun])$/.exec(value);
    return m ? Number(m[1]) * GRPC_UNITS_MS[m[2]!]! : undefined;
  }
  return /^\d{1,10}$/.test(value) ? Number(value) : undefined;
}

/**
 * Removes `grpc-timeout` / `connect-timeout-ms` when they ask for more than a
 * timer can hold (see above). Mutates `headers` (Node's incoming header
 * object, lower-case names); returns the names removed.
 */
export function dropUnreachableTimeouts(headers: Record<string, string | string[] | undefined>): string[] {
  const dropped: string[] = [];
  for (const name of ["grpc-timeout", "connect-timeout-ms"] as const) {
    const value = headers[name];
    if (typeof value !== "string") continue;
    const ms = timeoutHeaderMs(name, value);
    if (ms !== undefined && ms > MAX_TIMER_MS) {
      delete headers[name];
      dropped.push(name);
    }
  }
  return dropped;
}

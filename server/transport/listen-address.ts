import { isIP } from "node:net";

/**
 * Parses a listen address such as BLOX_LISTEN: "host:port", "[::1]:port",
 * ":port" (default host) or "port". Errors name `field` and say what was wrong.
 */
export function parseListenAddress(
  value: string,
  field = "BLOX_LISTEN",
  defaultHost = "127.0.0.1",
): { host: string; port: number } {
  const s = value.trim();
  if (s === "") throw new Error(`${field}: empty; expected host:port, e.g. 127.0.0.1:50051`);
  let host: string;
  let portText: string;
  const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(s);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2]!;
    if (isIP(host) !== 6) throw new Error(`${field}: "${host}" in brackets is not an IPv6 address`);
  } else if (/^\d+$/.test(s)) {
    host = defaultHost;
    portText = s;
  } else {
    const colon = s.lastIndexOf(":");
    if (colon < 0) throw new Error(`${field}: "${s}" has no port; expected host:port, e.g. 127.0.0.1:50051`);
    host = s.slice(0, colon) || defaultHost;
    portText = s.slice(colon + 1);
    if (host.includes(":")) throw new Error(`${field}: write an IPv6 host in brackets, e.g. [::1]:50051`);
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new Error(`${field}: port "${portText}" is not a number in 0..65535`);
  }
  return { host, port: Number(portText) };
}

/**
 * The HTTP/2 client connection preface (RFC 9113 §3.4). A cleartext client
 * with prior knowledge sends exactly these 24 bytes first; an HTTP/1.x client
 * sends a request line, which differs at the latest at byte 0-3 ("PRI " is not
 * a method anyone uses).
 */
export const HTTP2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

/** What the first bytes of a cleartext connection say about its protocol. */
export type PrefaceVerdict = "h2" | "http1" | "need-more";

/**
 * Classifies the bytes received so far on a new connection. Pure: the caller
 * keeps buffering while the verdict is "need-more" (at most 24 bytes).
 * Any byte that departs from the preface means HTTP/1.x (or garbage, which
 * the HTTP/1 parser then rejects with 400 and closes).
 */
export function classifyPreface(received: Uint8Array): PrefaceVerdict {
  const n = Math.min(received.length, HTTP2_PREFACE.length);
  for (let i = 0; i < n; i++) {
    if (received[i] !== HTTP2_PREFACE[i]) return "http1";
  }
  return n === HTTP2_PREFACE.length ? "h2" : "need-more";
}

// HTTP/1.1 connections that hold a socket without ever making a request:
// silent after connecting (or after the TLS handshake), and slowloris (a
// request's headers trickling in a byte at a time). Cleartext and TLS alike.

import * as net from "node:net";
import * as tls from "node:tls";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { envClient, startHarness, transportFor, until, type Harness } from "./harness.js";

const KEY = fileURLToPath(new URL("./fixtures/localhost.key", import.meta.url));
const CERT = fileURLToPath(new URL("./fixtures/localhost.crt", import.meta.url));
const CA = readFileSync(CERT);

interface Conn {
  socket: net.Socket;
  closedAfterMs?: number;
  received: string;
}

function open(h: Harness, secure: boolean): Promise<Conn> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = secure
      ? tls.connect({ port: h.port, host: "127.0.0.1", ca: CA, servername: "localhost", ALPNProtocols: ["http/1.1"] }, () => resolve(conn))
      : net.connect(h.port, "127.0.0.1", () => resolve(conn));
    const conn: Conn = { socket, received: "" };
    socket.on("error", () => {});
    socket.on("data", (c: Buffer) => (conn.received += c.toString("latin1")));
    socket.on("close", () => (conn.closedAfterMs = Date.now() - started));
  });
}

for (const secure of [false, true]) {
  describe(`transport/http-server: idle and slow HTTP/1.1 connections (${secure ? "TLS" : "cleartext"})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness({ handshakeTimeoutMs: 150, headersTimeoutMs: 300, ...(secure ? { tls: { key: KEY, cert: CERT } } : {}) });
    });
    after(async () => {
      await h.server.shutdown();
    });

    it("a connection that sends nothing is closed after handshakeTimeoutMs", async () => {
      const conn = await open(h, secure);
      await until(() => conn.closedAfterMs !== undefined, "the silent connection to be closed", 3000);
      expect(conn.closedAfterMs).to.be.at.least(100);
    });

    it("slowloris: headers trickling in a byte at a time are cut off after headersTimeoutMs", async () => {
      const conn = await open(h, secure);
      const request = `GET /blox.v1.EnvironmentService/DescribeEnvironmentStatus HTTP/1.1\r\nHost: x\r\nX-Slow: ${"a".repeat(500)}`;
      let i = 0;
      const drip = setInterval(() => {
        if (!conn.socket.destroyed) conn.socket.write(request[i++ % request.length]!);
      }, 20);
      try {
        await until(() => conn.closedAfterMs !== undefined, "the slow connection to be closed", 5000);
      } finally {
        clearInterval(drip);
      }
      expect(conn.received).to.match(/^(HTTP\/1\.1 408|$)/);
      await until(() => h.server.connectionCounts().tcp === 0, "every socket released");
    });

    it("oversized headers are answered 431 and the connection closed", async () => {
      const conn = await open(h, secure);
      conn.socket.write(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`);
      await until(() => conn.closedAfterMs !== undefined, "the connection to be closed", 3000);
      expect(conn.received).to.match(/^HTTP\/1\.1 431/);
    });

    it("a prompt client is still served", async () => {
      const protocol = "connect/http1.1";
      const baseUrl = secure ? h.baseUrl.replace("http:", "https:") : h.baseUrl;
      const res = await envClient(transportFor(protocol, baseUrl, secure ? { ca: CA, servername: "localhost" } : undefined)).describeEnvironmentStatus({
        environmentName: "prompt",
      });
      expect(res.status?.environmentName).to.equal("prompt");
    });
  });
}

// A scripted MongoDB wire-protocol server (OP_QUERY handshake, OP_MSG
// commands) on 127.0.0.1:0. It is no database: each test answers the commands
// it expects. It lets the real driver exercise the store's handling of server
// replies (watch-mode selection, error codes, BSON types) without a mongod.

import { createServer } from "node:net";
import type { AddressInfo, Server, Socket } from "node:net";
import { BSON, Long, MongoServerError, type MongoClient } from "mongodb";
import type { Document } from "mongodb";

/** A handler's answer that makes the server drop the connection instead of replying. */
export const DROP_CONNECTION = Symbol("drop the connection");

export type Handler = (
  cmd: Document,
  name: string,
) => Document | typeof DROP_CONNECTION | undefined | Promise<Document | typeof DROP_CONNECTION | undefined>;

export interface FakeMongo {
  uri: string;
  port: number;
  commands: Document[];
  /** Drops every connection and stops listening (the server "dies"). */
  kill(): Promise<void>;
  /** Listens again on the same port. */
  revive(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeMongo(options: { replicaSet?: boolean; handle: Handler }): Promise<FakeMongo> {
  const sockets = new Set<Socket>();
  const commands: Document[] = [];
  let requestId = 1;
  let port = 0;
  const helloReply = (): Document => ({
    ismaster: true,
    isWritablePrimary: true,
    helloOk: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    connectionId: 1,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ...(options.replicaSet
      ? { setName: "rs0", setVersion: 1, hosts: [`127.0.0.1:${port}`], me: `127.0.0.1:${port}`, primary: `127.0.0.1:${port}` }
      : {}),
    ok: 1,
  });
  const header = (length: number, responseTo: number, opCode: number): Buffer => {
    const h = Buffer.alloc(16);
    h.writeInt32LE(length, 0);
    h.writeInt32LE(requestId++, 4);
    h.writeInt32LE(responseTo, 8);
    h.writeInt32LE(opCode, 12);
    return h;
  };
  async function answer(cmd: Document): Promise<Document | typeof DROP_CONNECTION> {
    const name = Object.keys(cmd)[0]!;
    if (/^(hello|ismaster|isMaster)$/.test(name)) return helloReply();
    commands.push(cmd);
    if (name === "ping" || name === "endSessions" || name === "killCursors") return { ok: 1 };
    try {
      return (await options.handle(cmd, name)) ?? { ok: 0, code: 59, codeName: "CommandNotFound", errmsg: `no such command: ${name}` };
    } catch (err) {
      return { ok: 0, code: 1, errmsg: String(err) };
    }
  }
  function onSocket(socket: Socket): void {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let buf = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
        const msg = buf.subarray(0, buf.readInt32LE(0));
        buf = buf.subarray(msg.length);
        void handleMessage(socket, msg);
      }
    });
  }
  async function handleMessage(socket: Socket, msg: Buffer): Promise<void> {
    const reqId = msg.readInt32LE(4);
    const opCode = msg.readInt32LE(12);
    if (opCode === 2004) {
      // OP_QUERY (legacy handshake): flags, cstring namespace, skip, return, query.
      let at = 20;
      while (msg[at] !== 0) at++;
      at += 1 + 8;
      const query = BSON.deserialize(msg.subarray(at, at + msg.readInt32LE(at)));
      const reply = await answer(query);
      if (reply === DROP_CONNECTION) return void socket.destroy();
      const doc = BSON.serialize(reply);
      const body = Buffer.alloc(20);
      body.writeInt32LE(1, 16); // numberReturned
      if (!socket.destroyed) socket.write(Buffer.concat([header(16 + 20 + doc.length, reqId, 1), body, doc]));
      return;
    }
    if (opCode !== 2013) return;
    const flags = msg.readUInt32LE(16);
    const end = flags & 1 ? msg.length - 4 : msg.length;
    let at = 20;
    let cmd: Document = {};
    while (at < end) {
      const kind = msg[at++];
      if (kind === 0) {
        const len = msg.readInt32LE(at);
        cmd = { ...BSON.deserialize(msg.subarray(at, at + len)), ...cmd };
        at += len;
      } else {
        const size = msg.readInt32LE(at);
        const stop = at + size;
        let p = at + 4;
        let id = "";
        while (msg[p] !== 0) id += String.fromCharCode(msg[p++]!);
        p++;
        const docs: Document[] = [];
        while (p < stop) {
          const len = msg.readInt32LE(p);
          docs.push(BSON.deserialize(msg.subarray(p, p + len)));
          p += len;
        }
        cmd[id] = docs;
        at = stop;
      }
    }
    const reply = await answer(cmd);
    if (reply === DROP_CONNECTION) return void socket.destroy();
    const doc = BSON.serialize(reply);
    const out = Buffer.concat([header(16 + 5 + doc.length, reqId, 2013), Buffer.from([0, 0, 0, 0, 0]), doc]);
    if (!socket.destroyed) socket.write(out);
  }
  let server: Server = createServer(onSocket);
  const listen = () => new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  await listen();
  port = (server.address() as AddressInfo).port;
  const kill = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    uri: `mongodb://127.0.0.1:${port}/blox?directConnection=true`,
    port,
    commands,
    kill,
    async revive() {
      server = createServer(onSocket);
      await listen();
    },
    async close() {
      if (server.listening) await kill();
    },
  };
}

/** A cursor reply as the server sends it for find/aggregate. */
export function cursorReply(cmd: Document, docs: Document[], id = 0): Document {
  const coll = String(cmd.find ?? cmd.aggregate ?? cmd.getMore ?? "x");
  return { cursor: { id: Long.fromNumber(id), ns: `blox.${coll}`, firstBatch: docs }, ok: 1 };
}

/**
 * A handler passing every command on to a real server (or the stand-in)
 * through `client`, so a fake that claims a replica set can still store data.
 * Server errors come back as the server's error reply.
 */
export function forwardTo(client: MongoClient): Handler {
  return async (cmd) => {
    const { $db, lsid, $clusterTime, $readPreference, ...command } = cmd as Document & { $db?: string };
    void lsid;
    void $clusterTime;
    void $readPreference;
    try {
      const reply = await client.db($db ?? "admin").command(command);
      // The driver reads cursor ids as int64 only.
      const cursor = reply.cursor as { id?: unknown } | undefined;
      if (typeof cursor?.id === "number") cursor.id = Long.fromNumber(cursor.id);
      return reply;
    } catch (err) {
      if (err instanceof MongoServerError) {
        return { ok: 0, code: err.code, codeName: err.codeName, errmsg: err.errmsg ?? err.message };
      }
      throw err;
    }
  };
}

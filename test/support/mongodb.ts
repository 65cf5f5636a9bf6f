// The MongoDB server the tests run against: the one MONGODB_URI names, or else
// a stand-in started in this process (the vendored CongoDB wire-protocol
// server, test/support/congodb/, on 127.0.0.1 and a free port), so that the
// MongoDB tests run on every `npm test`. Child processes (replicas) reach the
// stand-in through its URI like any server.

import type { Socket } from "node:net";
import { CongoServer } from "./congodb/server/CongoServer.js";

/** What the stand-in lacks, so a test can say why it needs a real server. */
export type RealServerFeature =
  /** Change streams (the stand-in answers `$changeStream` with an error; stores poll). */
  | "change streams"
  /** Commands running in parallel (the stand-in runs one command at a time). */
  | "parallel commands";

export interface MongoTarget {
  /** mongodb:// URI of the server; the tests pick their own database names. */
  readonly uri: string;
  /** True for the in-process stand-in, false for the MONGODB_URI server. */
  readonly standIn: boolean;
}

let standIn: { server: CongoServer; target: MongoTarget } | undefined;
let starting: Promise<MongoTarget> | undefined;

/** The MONGODB_URI server, else the stand-in (started on first use, stopped after the run). */
export function mongoTarget(): Promise<MongoTarget> {
  const uri = process.env.MONGODB_URI?.trim();
  if (uri) return Promise.resolve({ uri, standIn: false });
  if (standIn) return Promise.resolve(standIn.target);
  starting ??= startStandIn().finally(() => {
    starting = undefined;
  });
  return starting;
}

async function startStandIn(): Promise<MongoTarget> {
  const server = new CongoServer({ port: 0, host: "127.0.0.1" });
  await server.start();
  // Never what keeps the test process alive: the run ends, then the server.
  server.server?.unref();
  server.server?.on("connection", (socket: Socket) => socket.unref());
  standIn = { server, target: { uri: server.getConnectionUri(), standIn: true } };
  return standIn.target;
}

/** Stops the stand-in if it runs (a root `after` hook calls it). */
export async function stopMongoStandIn(): Promise<void> {
  await starting?.catch(() => undefined);
  const s = standIn;
  standIn = undefined;
  await s?.server.stop();
}

/**
 * Mocha hook body: skips the test (or suite) with a printed reason when it runs
 * against the stand-in, which lacks `feature`.
 */
export async function requireRealMongo(ctx: Mocha.Context, feature: RealServerFeature): Promise<void> {
  if (!(await mongoTarget()).standIn) return;
  console.log(`      needs a real MongoDB server (${feature}; the stand-in has none): set MONGODB_URI to run it`);
  ctx.skip();
}

// Loaded by the test files at the top level, so this is a root hook: it runs
// once, after every suite of the run.
if (typeof after === "function") after(stopMongoStandIn);

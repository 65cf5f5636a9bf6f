// The floor of the watch benchmark, run as its own process: a bare node:http2
// server that answers WatchEnvironmentStatus by writing ONE shared pre-framed
// gRPC message to every open stream per transition, with no store, no
// scheduler and no per-stream bookkeeping beyond the set of streams. What Blox
// costs on top of this is the figure that matters.
//
// The message mirrors what Blox sends for a freeze/thaw toggle (the bench's
// transition driver): the environment's status view with one Active revision
// and the FROZEN/THAWED event, so the bytes per message are comparable.

import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { create, toBinary } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import {
  EnvironmentStatus,
  EventType,
  RevisionStatus,
  WatchEnvironmentStatusResponseSchema,
  WatchMessageKind,
} from "../../gen/blox/v1/environment_pb.js";
import { childArg, cpuSampleWithLoopDelay, disconnectFromParent, monitorLoopDelay, toParent, type ToChild } from "./ipc.js";
import { frame } from "./wire.js";

const WATCH_PATH = "/blox.v1.EnvironmentService/WatchEnvironmentStatus";

/** The framed message of transition `sequence` (frozen on odd sequences, as the driver toggles). */
function floorMessage(environmentName: string, sequence: number, timeMs: number, kind: WatchMessageKind): Buffer {
  const frozen = sequence % 2 === 1;
  const time = timestampFromMs(timeMs);
  const message = create(WatchEnvironmentStatusResponseSchema, {
    sequence: BigInt(sequence),
    time,
    kind,
    status: {
      environmentName,
      targetRevision: 1n,
      latestRevision: 1n,
      status: frozen ? EnvironmentStatus.FROZEN : EnvironmentStatus.ACTIVE,
      desired: 5,
      healthy: 5,
      total: 5,
      frozen,
      currentDeploymentId: `${environmentName}:1@2017090611472301`,
      observedAt: time,
      revisions: [
        { revision: 1n, status: RevisionStatus.ACTIVE, desired: 5, healthy: 5, total: 5, tasks: 5, taskDefinition: "log-daemon:1" },
      ],
    },
    events:
      kind === WatchMessageKind.UPDATE
        ? [
            {
              sequence: BigInt(sequence),
              time,
              type: frozen ? EventType.FROZEN : EventType.THAWED,
              message: frozen ? "environment frozen" : "environment thawed",
            },
          ]
        : [],
  });
  return frame(toBinary(WatchEnvironmentStatusResponseSchema, message));
}

async function main(): Promise<void> {
  const { environmentName } = childArg<{ environmentName: string }>();
  const streams = new Set<http2.ServerHttp2Stream>();
  let sequence = 1;
  let current = floorMessage(environmentName, sequence, Date.now(), WatchMessageKind.SNAPSHOT);

  const server = http2.createServer({ maxSessionMemory: 64 });
  server.on("stream", (stream, headers) => {
    stream.on("error", () => {});
    if (headers[":path"] !== WATCH_PATH) {
      stream.respond({ ":status": 200, "content-type": "application/grpc", "grpc-status": "12" }, { endStream: true });
      return;
    }
    stream.on("data", () => {}); // the request is not needed
    stream.once("end", () => {
      if (stream.destroyed) return;
      stream.respond({ ":status": 200, "content-type": "application/grpc+proto" });
      stream.write(current);
      streams.add(stream);
    });
    stream.once("close", () => streams.delete(stream));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  monitorLoopDelay();
  toParent({ type: "listening", port: (server.address() as AddressInfo).port });

  process.on("disconnect", () => process.exit(0));
  process.on("SIGTERM", () => process.exit(0));
  process.on("message", (m: ToChild) => {
    if (m.type === "cpu") toParent({ type: "cpu", sample: cpuSampleWithLoopDelay() });
    else if (m.type === "drive") {
      const first = sequence;
      const timer = setInterval(() => {
        sequence++;
        const update = floorMessage(environmentName, sequence, Date.now(), WatchMessageKind.UPDATE);
        current = floorMessage(environmentName, sequence, Date.now(), WatchMessageKind.SNAPSHOT);
        for (const s of streams) s.write(update);
      }, m.intervalMs);
      setTimeout(() => {
        clearInterval(timer);
        toParent({ type: "driven", finalSequence: sequence, transitions: sequence - first });
      }, m.durationMs);
    } else if (m.type === "stop") {
      for (const s of streams) s.close();
      server.close();
      disconnectFromParent();
      setTimeout(() => process.exit(0), 200).unref();
    }
  });
}

main().catch((err: unknown) => {
  toParent({ type: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exitCode = 1;
});

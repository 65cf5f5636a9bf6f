// One WatchEnvironmentStatus call over each kind of client the issue names,
// all yielding protobuf-es messages so the tests compare them the same way:
// - grpc: Connect's gRPC transport (HTTP/2) — served by the gRPC fast path;
// - connect-http1: the Connect protocol over HTTP/1.1 — served by Connect's handler;
// - grpc-js: @grpc/grpc-js with a generic client and protobuf-es (de)serializers.

import { create, fromBinary, toBinary, type MessageInitShape } from "@bufbuild/protobuf";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import {
  EnvironmentService,
  WatchEnvironmentStatusRequestSchema,
  WatchEnvironmentStatusResponseSchema,
  type WatchEnvironmentStatusResponse,
} from "../../../gen/blox/v1/environment_pb.js";

export type WatchClientKind = "grpc" | "connect-http1" | "grpc-js";
export const WATCH_CLIENT_KINDS: readonly WatchClientKind[] = ["grpc", "connect-http1", "grpc-js"];

export type WatchRequestInit = MessageInitShape<typeof WatchEnvironmentStatusRequestSchema>;

const WATCH_PATH = `/${EnvironmentService.typeName}/${EnvironmentService.method.watchEnvironmentStatus.name}`;

/**
 * Starts a watch; the iterable ends (or throws the call's error) when the
 * stream ends. Aborting `signal` cancels the call.
 */
export function openWatch(
  kind: WatchClientKind,
  baseUrl: string,
  request: WatchRequestInit,
  signal: AbortSignal,
): AsyncIterable<WatchEnvironmentStatusResponse> {
  switch (kind) {
    case "grpc":
      return createClient(EnvironmentService, createGrpcTransport({ baseUrl })).watchEnvironmentStatus(request, { signal });
    case "connect-http1":
      return createClient(EnvironmentService, createConnectTransport({ baseUrl, httpVersion: "1.1" })).watchEnvironmentStatus(
        request,
        { signal },
      );
    case "grpc-js":
      return grpcJsWatch(baseUrl, request, signal);
  }
}

async function* grpcJsWatch(
  baseUrl: string,
  request: WatchRequestInit,
  signal: AbortSignal,
): AsyncGenerator<WatchEnvironmentStatusResponse> {
  const client = new grpc.Client(new URL(baseUrl).host, grpc.credentials.createInsecure());
  const call = client.makeServerStreamRequest(
    WATCH_PATH,
    (m: ReturnType<typeof create<typeof WatchEnvironmentStatusRequestSchema>>) =>
      Buffer.from(toBinary(WatchEnvironmentStatusRequestSchema, m)),
    (b: Buffer) => fromBinary(WatchEnvironmentStatusResponseSchema, b),
    create(WatchEnvironmentStatusRequestSchema, request),
  );
  const onAbort = () => call.cancel();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const m of call) yield m as WatchEnvironmentStatusResponse;
  } finally {
    signal.removeEventListener("abort", onAbort);
    call.cancel();
    client.close();
  }
}

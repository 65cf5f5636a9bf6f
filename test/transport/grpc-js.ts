import * as grpc from "@grpc/grpc-js";
import { fromBinary, toBinary, type DescMessage, type MessageInitShape, type MessageShape, create } from "@bufbuild/protobuf";

/**
 * Plain @grpc/grpc-js calls (no Connect on the client side), with protobuf-es
 * messages as payloads.
 */
export function grpcJsUnary<I extends DescMessage, O extends DescMessage>(
  client: grpc.Client,
  path: string,
  input: I,
  output: O,
  req: MessageInitShape<I>,
): Promise<MessageShape<O>> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      path,
      (m: MessageShape<I>) => Buffer.from(toBinary(input, m)),
      (b: Buffer) => fromBinary(output, b),
      create(input, req),
      (err: grpc.ServiceError | null, res?: MessageShape<O>) => (err ? reject(err) : resolve(res!)),
    );
  });
}

/** Server stream: collects messages until the stream ends; resolves with them and the final status. */
export function grpcJsServerStream<I extends DescMessage, O extends DescMessage>(
  client: grpc.Client,
  path: string,
  input: I,
  output: O,
  req: MessageInitShape<I>,
  onMessage: (m: MessageShape<O>) => void = () => {},
): { done: Promise<{ messages: MessageShape<O>[]; status: grpc.StatusObject }>; call: grpc.ClientReadableStream<MessageShape<O>> } {
  const call = client.makeServerStreamRequest(
    path,
    (m: MessageShape<I>) => Buffer.from(toBinary(input, m)),
    (b: Buffer) => fromBinary(output, b),
    create(input, req),
  );
  const messages: MessageShape<O>[] = [];
  const done = new Promise<{ messages: MessageShape<O>[]; status: grpc.StatusObject }>((resolve) => {
    call.on("data", (m: MessageShape<O>) => {
      messages.push(m);
      onMessage(m);
    });
    call.on("error", () => {}); // the status below carries it
    call.on("status", (status: grpc.StatusObject) => resolve({ messages, status }));
  });
  return { done, call };
}

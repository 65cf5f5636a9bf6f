// A request over the size limit is the caller's fault, said in the caller's
// words: "request of 5,000,111 bytes exceeds the 4 MiB limit", never the
// internal option name, on every protocol and method kind; over the Connect
// protocol it is HTTP 413 (Payload Too Large), not 429 (Too Many Requests).

import { toBinary, create } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { expect } from "chai";
import { DescribeEnvironmentStatusRequestSchema } from "../../gen/blox/v1/environment_pb.js";
import { envClient, PROTOCOLS, rejection, startHarness, transportFor, type Harness } from "./harness.js";

const LIMIT = 4 * 1024 * 1024;
/** An environment name that makes the DescribeEnvironmentStatus request exactly 5,000,111 bytes of protobuf. */
const HUGE_NAME = "x".repeat(5_000_111 - 5);

describe("transport: requests over the size limit", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ readMaxBytes: LIMIT });
  });
  after(async () => {
    await h.server.shutdown();
  });

  it("the fixture is 5,000,111 bytes of protobuf", () => {
    expect(toBinary(DescribeEnvironmentStatusRequestSchema, create(DescribeEnvironmentStatusRequestSchema, { environmentName: HUGE_NAME })).byteLength).to.equal(5_000_111);
  });

  for (const protocol of PROTOCOLS) {
    it(`${protocol} unary: RESOURCE_EXHAUSTED naming the size and the limit`, async () => {
      const client = envClient(transportFor(protocol, h.baseUrl));
      const err = await rejection(client.describeEnvironmentStatus({ environmentName: HUGE_NAME }));
      expect(Code[err.code], err.message).to.equal("ResourceExhausted");
      // The size is known when the request says it up front (gRPC envelopes; not the Connect client's streamed body).
      expect(err.rawMessage).to.match(/^request (of 5,000,111 bytes )?exceeds the 4 MiB limit$/);
      if (protocol.startsWith("grpc")) expect(err.rawMessage).to.equal("request of 5,000,111 bytes exceeds the 4 MiB limit");
    });

    it(`${protocol} server stream: RESOURCE_EXHAUSTED naming the size and the limit`, async () => {
      const client = envClient(transportFor(protocol, h.baseUrl));
      const err = await rejection(
        (async () => {
          for await (const _ of client.watchEnvironmentStatus({ environmentName: HUGE_NAME })) break;
        })(),
      );
      expect(Code[err.code], err.message).to.equal("ResourceExhausted");
      expect(err.rawMessage).to.match(/^request (of [\d,]+ bytes )?exceeds the 4 MiB limit$/);
      expect(err.rawMessage).to.not.contain("readMaxBytes");
    });
  }

  it("Connect unary over plain HTTP: 413 with the JSON error, not 429", async () => {
    const body = JSON.stringify({ environmentName: "x".repeat(5_000_000) });
    const res = await fetch(`${h.baseUrl}/blox.v1.EnvironmentService/DescribeEnvironmentStatus`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(res.status).to.equal(413);
    const error = (await res.json()) as { code: string; message: string };
    expect(error).to.deep.equal({
      code: "resource_exhausted",
      message: `request of ${Buffer.byteLength(body).toLocaleString("en-US")} bytes exceeds the 4 MiB limit`,
    });
  });

  it("requests under the limit are untouched", async () => {
    const client = envClient(transportFor("connect/http1.1", h.baseUrl));
    const res = await client.describeEnvironmentStatus({ environmentName: "x".repeat(LIMIT - 100) });
    expect(res.status?.environmentName.length).to.equal(LIMIT - 100);
  });
});

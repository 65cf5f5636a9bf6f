import { gzipSync } from "node:zlib";
// The fuzz generator and response classifier, without sockets: cases are
// reproducible from (seed, protocol, method, index), every category occurs,
// and a status is read correctly from each protocol's way of sending it.

import { expect } from "chai";
import { Code } from "@connectrpc/connect";
import { EnvironmentService } from "../../gen/blox/v1/environment_pb.js";
import { generateCase, type FuzzCase } from "../support/fuzz/cases.js";
import { classifyResponse, envelope, FUZZ_PROTOCOLS, isServerFault, type RawResponse } from "../support/fuzz/protocols.js";
import { caseSeed } from "../support/fuzz/rng.js";

const context = { keptEnvironmentNames: ["Kept/A"] };
const fingerprint = (c: FuzzCase) => (c.kind === "raw" ? `${JSON.stringify(c.headers)} ${c.body.toString("hex")}` : JSON.stringify(c.message, (_, v: unknown) => (typeof v === "bigint" ? `${v}` : v)));
const response = (r: Partial<RawResponse>): RawResponse => ({ httpStatus: 200, headers: {}, trailers: {}, body: Buffer.alloc(0), cancelledAfterMessage: false, ...r });

describe("fuzz generator", () => {
  it("the same seed and index give the same case; another seed gives another", () => {
    for (const method of EnvironmentService.methods) {
      for (const protocol of FUZZ_PROTOCOLS) {
        const a = generateCase(7, protocol, method, 3, context);
        expect(fingerprint(generateCase(7, protocol, method, 3, context))).to.equal(fingerprint(a));
      }
    }
    const differing = EnvironmentService.methods.filter((m) => fingerprint(generateCase(7, "grpc", m, 3, context)) !== fingerprint(generateCase(8, "grpc", m, 3, context)));
    expect(differing.length).to.be.greaterThan(EnvironmentService.methods.length / 2);
    expect(caseSeed(1, "grpc", "X", 0)).to.not.equal(caseSeed(1, "grpc", "X", 1));
  });

  it("every category occurs for every protocol, and writes to kept environments are marked must-fail", () => {
    const create = EnvironmentService.method.createEnvironment;
    for (const protocol of FUZZ_PROTOCOLS) {
      const cases = Array.from({ length: 400 }, (_, i) => generateCase(1, protocol, create, i, context));
      expect(new Set(cases.map((c) => c.category))).to.have.keys(["random-bytes", "client-message", "mutated-message", "framing", "content-type", "headers", "kept-environment"]);
      for (const c of cases) expect(c.mustFail).to.equal(c.category === "kept-environment");
    }
  });

  it("reads gRPC trailers, trailers-only headers, gRPC-Web trailer frames and Connect bodies", () => {
    expect(classifyResponse(response({ headers: { "content-type": "application/grpc" }, trailers: { "grpc-status": "3", "grpc-message": "bad%20name" } }))).to.include({ code: Code.InvalidArgument, message: "bad name" });
    expect(classifyResponse(response({ headers: { "content-type": "application/grpc", "grpc-status": "0" } })).code).to.equal("ok");
    const webTrailer = envelope(Buffer.from("grpc-status: 13\r\ngrpc-message: boom\r\n"), 0x80);
    expect(classifyResponse(response({ headers: { "content-type": "application/grpc-web+proto" }, body: webTrailer })).code).to.equal(Code.Internal);
    const endStream = envelope(Buffer.from(JSON.stringify({ error: { code: "not_found", message: "x" } })), 0x02);
    expect(classifyResponse(response({ headers: { "content-type": "application/connect+proto" }, body: endStream })).code).to.equal(Code.NotFound);
    expect(classifyResponse(response({ httpStatus: 500, headers: { "content-type": "application/json" }, body: Buffer.from('{"code":"unknown"}') })).code).to.equal(Code.Unknown);
    expect(classifyResponse(response({ httpStatus: 415 })).code).to.equal(Code.InvalidArgument);
    // A long error body comes compressed with the request's encoding.
    const gzipped = gzipSync(Buffer.from('{"code":"invalid_argument","message":"bad query"}'));
    expect(classifyResponse(response({ httpStatus: 400, headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: gzipped }))).to.include({ code: Code.InvalidArgument, message: "bad query" });
    expect(isServerFault(classifyResponse(response({ httpStatus: 400, headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: Buffer.from("{") })))).to.equal(true);
  });

  it("treats INTERNAL, UNKNOWN and malformed answers as server faults", () => {
    expect(isServerFault(classifyResponse(response({ headers: { "content-type": "application/grpc" } })))).to.equal(true); // no grpc-status at all
    expect(isServerFault(classifyResponse(response({ httpStatus: 502, headers: { "content-type": "text/html" } })))).to.equal(true);
    expect(isServerFault(classifyResponse(response({ headers: { "content-type": "application/grpc", "grpc-status": "13" } })))).to.equal(true);
    expect(isServerFault(classifyResponse(response({ headers: { "content-type": "application/grpc", "grpc-status": "5" } })))).to.equal(false);
  });
});

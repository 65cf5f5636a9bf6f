import { create, createFileRegistry, fromBinary, type DescFile } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, file_google_protobuf_timestamp } from "@bufbuild/protobuf/wkt";
import { Code, createClient, createRouterTransport } from "@connectrpc/connect";
import { expect } from "chai";
import { file_blox_v1_environment } from "../../gen/blox/v1/environment_pb.js";
import { file_grpc_health_v1_health } from "../../gen/grpc/health/v1/health_pb.js";
import {
  ServerReflection as ReflectionV1,
  ServerReflectionRequestSchema,
  type ServerReflectionResponse,
} from "../../gen/grpc/reflection/v1/reflection_pb.js";
import { ServerReflection as ReflectionV1Alpha } from "../../gen/grpc/reflection/v1alpha/reflection_pb.js";
import { answerReflection, createReflectionIndex, registerReflection } from "../../server/transport/reflection.js";

const FILES = [file_blox_v1_environment, file_grpc_health_v1_health];
const index = createReflectionIndex({ files: FILES });

function ask(messageRequest: ServerReflectionResponse["originalRequest"] extends infer R ? R extends { messageRequest: infer M } ? M : never : never) {
  return answerReflection(index, create(ServerReflectionRequestSchema, { host: "h", messageRequest }));
}

/** Decodes the FileDescriptorProtos of a file_descriptor_response (fails on anything else). */
function filesOf(res: ServerReflectionResponse): string[] {
  expect(res.messageResponse.case, JSON.stringify(res.messageResponse)).to.equal("fileDescriptorResponse");
  if (res.messageResponse.case !== "fileDescriptorResponse") return [];
  return res.messageResponse.value.fileDescriptorProto.map((b) => fromBinary(FileDescriptorProtoSchema, b).name);
}

function errorCode(res: ServerReflectionResponse): number | undefined {
  return res.messageResponse.case === "errorResponse" ? res.messageResponse.value.errorCode : undefined;
}

describe("transport/reflection", () => {
  it("list_services: the served services plus both reflection versions, sorted", () => {
    const res = ask({ case: "listServices", value: "*" });
    expect(res.messageResponse.case).to.equal("listServicesResponse");
    const names = res.messageResponse.case === "listServicesResponse" ? res.messageResponse.value.service.map((s) => s.name) : [];
    expect(names).to.deep.equal([
      "blox.v1.EnvironmentService",
      "grpc.health.v1.Health",
      "grpc.reflection.v1.ServerReflection",
      "grpc.reflection.v1alpha.ServerReflection",
    ]);
    expect(res.validHost).to.equal("h");
    expect(res.originalRequest?.messageRequest.case).to.equal("listServices");
  });

  it("file_by_filename: the file first, then its transitive imports (well-known types included)", () => {
    const names = filesOf(ask({ case: "fileByFilename", value: "blox/v1/environment.proto" }));
    expect(names[0]).to.equal("blox/v1/environment.proto");
    expect(names).to.include.members(["google/protobuf/timestamp.proto", "google/protobuf/duration.proto"]);
    expect(new Set(names).size).to.equal(names.length);
  });

  it("the returned closure is self-contained: it builds a registry that resolves the service", () => {
    const res = ask({ case: "fileContainingSymbol", value: "blox.v1.EnvironmentService" });
    if (res.messageResponse.case !== "fileDescriptorResponse") throw new Error("no files");
    const protos = res.messageResponse.value.fileDescriptorProto.map((b) => fromBinary(FileDescriptorProtoSchema, b));
    const byName = new Map(protos.map((p) => [p.name, p]));
    // The first file is the one asked for; every import must be in the response.
    const registry = createFileRegistry(protos[0]!, (name) => byName.get(name));
    const svc = registry.getService("blox.v1.EnvironmentService");
    expect(svc?.methods.map((m) => m.name)).to.include.members(["DescribeEnvironmentStatus", "WatchEnvironmentStatus"]);
    expect(registry.getMessage("blox.v1.DescribeEnvironmentStatusRequest")?.fields.map((f) => f.name)).to.include("environment_name");
  });

  // Every kind of symbol a client may ask for, derived from the descriptors themselves.
  function symbolsOf(file: DescFile): string[] {
    const out: string[] = [];
    for (const s of file.services) out.push(s.typeName, ...s.methods.map((m) => `${s.typeName}.${m.name}`));
    const walk = (m: DescFile["messages"][number]) => {
      out.push(m.typeName, ...m.fields.map((f) => `${m.typeName}.${f.name}`));
      m.nestedEnums.forEach((e) => out.push(e.typeName));
      m.nestedMessages.forEach(walk);
    };
    file.messages.forEach(walk);
    file.enums.forEach((e) => out.push(e.typeName, `${file.proto.package}.${e.values[0]!.name}`));
    return out;
  }
  for (const file of [file_blox_v1_environment, file_grpc_health_v1_health, file_google_protobuf_timestamp]) {
    it(`file_containing_symbol finds every symbol of ${file.proto.name} in that file`, () => {
      const symbols = symbolsOf(file);
      expect(symbols.length).to.be.greaterThan(0);
      for (const symbol of symbols) {
        expect(filesOf(ask({ case: "fileContainingSymbol", value: symbol }))[0], symbol).to.equal(file.proto.name);
      }
    });
  }

  it("nested types: grpc.health.v1.HealthCheckResponse.ServingStatus", () => {
    expect(filesOf(ask({ case: "fileContainingSymbol", value: "grpc.health.v1.HealthCheckResponse.ServingStatus" }))[0]).to.equal(
      "grpc/health/v1/health.proto",
    );
  });

  const notFound: Array<[string, Parameters<typeof ask>[0]]> = [
    ["unknown file", { case: "fileByFilename", value: "nope.proto" }],
    ["unknown symbol", { case: "fileContainingSymbol", value: "blox.v1.Nope" }],
    ["extension (none exist)", { case: "fileContainingExtension", value: { $typeName: "grpc.reflection.v1.ExtensionRequest", containingType: "blox.v1.EnvironmentSpec", extensionNumber: 100 } }],
    ["extension numbers of an unknown type", { case: "allExtensionNumbersOfType", value: "blox.v1.Nope" }],
  ];
  for (const [name, req] of notFound) {
    it(`${name} → error_response NOT_FOUND`, () => {
      expect(errorCode(ask(req))).to.equal(Code.NotFound);
    });
  }

  it("all_extension_numbers_of_type of a known message: an empty list", () => {
    const res = ask({ case: "allExtensionNumbersOfType", value: "blox.v1.EnvironmentSpec" });
    expect(res.messageResponse.case).to.equal("allExtensionNumbersResponse");
    if (res.messageResponse.case === "allExtensionNumbersResponse") {
      expect(res.messageResponse.value.baseTypeName).to.equal("blox.v1.EnvironmentSpec");
      expect(res.messageResponse.value.extensionNumber).to.deep.equal([]);
    }
  });

  it("an empty request → INVALID_ARGUMENT error_response", () => {
    expect(errorCode(ask({ case: undefined }))).to.equal(Code.InvalidArgument);
  });

  for (const [version, service] of [["v1", ReflectionV1], ["v1alpha", ReflectionV1Alpha]] as const) {
    it(`${version}: the bidi stream answers requests in order and survives errors`, async () => {
      const transport = createRouterTransport((router) => registerReflection(router, { files: FILES }));
      const client = createClient(service as typeof ReflectionV1, transport);
      async function* requests() {
        yield create(ServerReflectionRequestSchema, { messageRequest: { case: "listServices", value: "" } });
        yield create(ServerReflectionRequestSchema, { messageRequest: { case: "fileContainingSymbol", value: "blox.v1.Nope" } });
        yield create(ServerReflectionRequestSchema, { messageRequest: { case: "fileByFilename", value: "grpc/health/v1/health.proto" } });
      }
      const cases: string[] = [];
      for await (const res of client.serverReflectionInfo(requests() as never)) {
        expect(res.$typeName).to.equal(`grpc.reflection.${version}.ServerReflectionResponse`);
        cases.push(String(res.messageResponse.case));
      }
      expect(cases).to.deep.equal(["listServicesResponse", "errorResponse", "fileDescriptorResponse"]);
    });
  }
});

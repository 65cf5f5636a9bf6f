import { create, fromBinary, toBinary, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { Code, type ConnectRouter } from "@connectrpc/connect";
import {
  ServerReflection as ServerReflectionV1,
  ServerReflectionRequestSchema as RequestV1Schema,
  ServerReflectionResponseSchema as ResponseV1Schema,
  file_grpc_reflection_v1_reflection,
  type ServerReflectionRequest as RequestV1,
  type ServerReflectionResponse as ResponseV1,
} from "../../gen/grpc/reflection/v1/reflection_pb.js";
import {
  ServerReflection as ServerReflectionV1Alpha,
  ServerReflectionRequestSchema as RequestV1AlphaSchema,
  ServerReflectionResponseSchema as ResponseV1AlphaSchema,
  file_grpc_reflection_v1alpha_reflection,
  type ServerReflectionRequest as RequestV1Alpha,
  type ServerReflectionResponse as ResponseV1Alpha,
} from "../../gen/grpc/reflection/v1alpha/reflection_pb.js";

/**
 * gRPC server reflection (grpc.reflection.v1 and v1alpha), answered from the
 * descriptors compiled into gen/ — what grpcurl, buf curl and Postman use to
 * call the API without .proto files.
 */

/** Lookups over a set of files and everything they import. Pure, no I/O. */
export interface ReflectionIndex {
  /** Fully-qualified names of the services listed by list_services. */
  readonly services: readonly string[];
  /** The file with this name (e.g. "blox/v1/environment.proto"), imports included. */
  fileByName(name: string): DescFile | undefined;
  /**
   * The file declaring a fully-qualified symbol: a service, method, message
   * (nested too), field, oneof, enum, enum value or extension.
   */
  fileContainingSymbol(symbol: string): DescFile | undefined;
  /** The file declaring extension `number` of message `extendee`. */
  fileContainingExtension(extendee: string, number: number): DescFile | undefined;
  /** Extension numbers of a known message (possibly none); undefined for an unknown message. */
  extensionNumbersOf(typeName: string): number[] | undefined;
  /**
   * `file` then its transitive imports, each once, as serialized
   * google.protobuf.FileDescriptorProto.
   */
  serializedWithDependencies(file: DescFile): Uint8Array[];
}

export interface ReflectionOptions {
  /** Files whose services are served (e.g. file_blox_v1_environment). Their imports are found automatically. */
  files: DescFile[];
  /**
   * Services to list. Default: every service declared in `files`, plus the
   * reflection services themselves.
   */
  services?: string[];
}

/** The reflection service files, always part of the index. */
export const REFLECTION_FILES: readonly DescFile[] = [
  file_grpc_reflection_v1_reflection,
  file_grpc_reflection_v1alpha_reflection,
];

export function createReflectionIndex(options: ReflectionOptions): ReflectionIndex {
  const byName = new Map<string, DescFile>();
  const symbols = new Map<string, DescFile>();
  const extensions = new Map<string, Map<number, DescFile>>();
  const messages = new Set<string>();
  const serialized = new Map<DescFile, Uint8Array>();

  function addMessage(file: DescFile, msg: DescMessage): void {
    symbols.set(msg.typeName, file);
    messages.add(msg.typeName);
    for (const f of msg.fields) symbols.set(`${msg.typeName}.${f.name}`, file);
    for (const o of msg.oneofs) symbols.set(`${msg.typeName}.${o.name}`, file);
    for (const e of msg.nestedEnums) addEnum(file, e, msg.typeName);
    for (const n of msg.nestedMessages) addMessage(file, n);
    for (const x of msg.nestedExtensions) addExtension(file, x);
  }
  function addEnum(file: DescFile, e: DescFile["enums"][number], scope: string): void {
    symbols.set(e.typeName, file);
    // Enum values are scoped like C++ enumerators: siblings of the enum.
    for (const v of e.values) symbols.set(scope === "" ? v.name : `${scope}.${v.name}`, file);
  }
  function addExtension(file: DescFile, x: DescFile["extensions"][number]): void {
    symbols.set(x.typeName, file);
    let m = extensions.get(x.extendee.typeName);
    if (!m) extensions.set(x.extendee.typeName, (m = new Map()));
    m.set(x.number, file);
  }
  function addFile(file: DescFile): void {
    // DescFile.name lacks the ".proto" suffix; clients ask for the proto name.
    if (byName.has(file.proto.name)) return;
    byName.set(file.proto.name, file);
    const pkg = file.proto.package;
    for (const s of file.services) {
      symbols.set(s.typeName, file);
      for (const m of s.methods) symbols.set(`${s.typeName}.${m.name}`, file);
    }
    for (const e of file.enums) addEnum(file, e, pkg);
    for (const m of file.messages) addMessage(file, m);
    for (const x of file.extensions) addExtension(file, x);
    for (const d of file.dependencies) addFile(d);
  }
  for (const f of [...options.files, ...REFLECTION_FILES]) addFile(f);

  const services =
    options.services ??
    [...new Set([...options.files, ...REFLECTION_FILES].flatMap((f) => f.services.map((s) => s.typeName)))];

  function bytesOf(file: DescFile): Uint8Array {
    let b = serialized.get(file);
    if (!b) serialized.set(file, (b = toBinary(FileDescriptorProtoSchema, file.proto)));
    return b;
  }

  return {
    services: [...services].sort(),
    fileByName: (name) => byName.get(name),
    fileContainingSymbol: (symbol) => symbols.get(symbol.startsWith(".") ? symbol.slice(1) : symbol),
    fileContainingExtension: (extendee, number) => extensions.get(extendee)?.get(number),
    extensionNumbersOf(typeName) {
      if (!messages.has(typeName)) return undefined;
      return [...(extensions.get(typeName)?.keys() ?? [])].sort((a, b) => a - b);
    },
    serializedWithDependencies(file) {
      const out: Uint8Array[] = [];
      const seen = new Set<DescFile>();
      const queue = [file];
      while (queue.length > 0) {
        const f = queue.shift()!;
        if (seen.has(f)) continue;
        seen.add(f);
        out.push(bytesOf(f));
        queue.push(...f.dependencies);
      }
      return out;
    },
  };
}

/**
 * Answers one reflection request (v1 shapes). Never throws: lookups that fail
 * become an error_response (NOT_FOUND / INVALID_ARGUMENT), as the protocol wants,
 * so the stream stays usable for the next request.
 */
export function answerReflection(index: ReflectionIndex, req: RequestV1): ResponseV1 {
  const res = create(ResponseV1Schema, { validHost: req.host, originalRequest: req });
  const error = (code: Code, message: string): ResponseV1 => {
    res.messageResponse = { case: "errorResponse", value: { $typeName: "grpc.reflection.v1.ErrorResponse", errorCode: code, errorMessage: message } };
    return res;
  };
  const files = (file: DescFile | undefined, what: string): ResponseV1 => {
    if (!file) return error(Code.NotFound, `${what} not found`);
    res.messageResponse = {
      case: "fileDescriptorResponse",
      value: {
        $typeName: "grpc.reflection.v1.FileDescriptorResponse",
        fileDescriptorProto: index.serializedWithDependencies(file),
      },
    };
    return res;
  };
  const r = req.messageRequest;
  switch (r.case) {
    case "listServices":
      res.messageResponse = {
        case: "listServicesResponse",
        value: {
          $typeName: "grpc.reflection.v1.ListServiceResponse",
          service: index.services.map((name) => ({ $typeName: "grpc.reflection.v1.ServiceResponse", name })),
        },
      };
      return res;
    case "fileByFilename":
      return files(index.fileByName(r.value), `file "${r.value}"`);
    case "fileContainingSymbol":
      return files(index.fileContainingSymbol(r.value), `symbol "${r.value}"`);
    case "fileContainingExtension":
      return files(
        index.fileContainingExtension(r.value.containingType, r.value.extensionNumber),
        `extension ${r.value.extensionNumber} of "${r.value.containingType}"`,
      );
    case "allExtensionNumbersOfType": {
      const numbers = index.extensionNumbersOf(r.value);
      if (numbers === undefined) return error(Code.NotFound, `type "${r.value}" not found`);
      res.messageResponse = {
        case: "allExtensionNumbersResponse",
        value: { $typeName: "grpc.reflection.v1.ExtensionNumberResponse", baseTypeName: r.value, extensionNumber: numbers },
      };
      return res;
    }
    default:
      return error(Code.InvalidArgument, "message_request: none of its fields is set");
  }
}

// v1alpha is a wire-identical copy of v1 under another package.
function requestFromV1Alpha(req: RequestV1Alpha): RequestV1 {
  return fromBinary(RequestV1Schema, toBinary(RequestV1AlphaSchema, req));
}
function responseToV1Alpha(res: ResponseV1): ResponseV1Alpha {
  return fromBinary(ResponseV1AlphaSchema, toBinary(ResponseV1Schema, res));
}

/**
 * Registers grpc.reflection.v1.ServerReflection and grpc.reflection.v1alpha.ServerReflection.
 * The bidi stream is answered one request at a time, in order.
 */
export function registerReflection(router: ConnectRouter, options: ReflectionOptions): ReflectionIndex {
  const index = createReflectionIndex(options);
  router.service(ServerReflectionV1, {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) yield answerReflection(index, req);
    },
  });
  router.service(ServerReflectionV1Alpha, {
    async *serverReflectionInfo(requests) {
      for await (const req of requests) yield responseToV1Alpha(answerReflection(index, requestFromV1Alpha(req)));
    },
  });
  return index;
}

// The wire framing of the ECS API (AWS JSON 1.1): which action a request
// names, and the error bodies ECS answers with.

export const TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
export const CONTENT_TYPE = "application/x-amz-json-1.1";

/** An error as ECS returns it: HTTP status, `__type` and `message`. */
export class EcsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const clusterNotFound = () => new EcsServiceError("ClusterNotFoundException", "Cluster not found.");
export const invalidParameter = (message: string) => new EcsServiceError("InvalidParameterException", message);
export const clientException = (message: string) => new EcsServiceError("ClientException", message);
export const throttled = () => new EcsServiceError("ThrottlingException", "Rate exceeded");
export const serverException = (message: string) => new EcsServiceError("ServerException", message, 500);

export function errorBody(err: EcsServiceError): string {
  return JSON.stringify({ __type: err.type, message: err.message });
}

/** The action named by an X-Amz-Target header, or an error for anything else. */
export function parseTarget(target: string | undefined): string {
  if (!target) throw new EcsServiceError("MissingAction", "Missing X-Amz-Target header.");
  if (!target.startsWith(TARGET_PREFIX)) throw new EcsServiceError("UnknownOperationException", `Unknown target ${target}.`);
  return target.slice(TARGET_PREFIX.length);
}

/** Parses a JSON 1.1 body; an empty body is `{}` as in the SDKs. */
export function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new EcsServiceError("SerializationException", "Request body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new EcsServiceError("SerializationException", "Request body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}

// --- input field readers: bad input names the field, like ECS does ---

export function optString(input: Record<string, unknown>, field: string): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalidParameter(`${field} must be a string.`);
  return v;
}

export function reqString(input: Record<string, unknown>, field: string): string {
  const v = optString(input, field);
  if (v === undefined || v === "") throw invalidParameter(`${field} can not be blank.`);
  return v;
}

export function optStringList(input: Record<string, unknown>, field: string): string[] | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw invalidParameter(`${field} must be a list of strings.`);
  return v as string[];
}

export function optInt(input: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw invalidParameter(`${field} must be an integer between ${min} and ${max}.`);
  }
  return v;
}

/** Epoch milliseconds → ECS wire timestamps (epoch seconds, fractional). */
export function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

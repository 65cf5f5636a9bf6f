// JSON output of the CLI: stable PascalCase keys derived from the proto field
// names (environment_name → EnvironmentName), enums by their doc names
// (REVISION_STATUS_ACTIVE → "Active", UNSPECIFIED → null), 64-bit integers as
// numbers, timestamps as RFC 3339 strings, durations as "1h30m". Every field is
// always present (unset message or optional fields are null), so scripts can
// rely on the keys.

import type { DescEnum, DescField, DescMessage, Message } from "@bufbuild/protobuf";
import { formatDurationMs } from "../../duration.js";
import { pascal } from "./names.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** "environment_name" → "EnvironmentName". */
export function pascalKey(protoName: string): string {
  return protoName
    .split("_")
    .map((w) => (w === "" ? "" : w[0].toUpperCase() + w.slice(1)))
    .join("");
}

export function messageToJson(schema: DescMessage, message: Message | undefined): Json {
  if (message === undefined) return null;
  switch (schema.typeName) {
    case "google.protobuf.Timestamp": {
      const t = message as unknown as { seconds: bigint; nanos: number };
      const ms = Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6);
      return ms === 0 ? null : new Date(ms).toISOString();
    }
    case "google.protobuf.Duration": {
      const d = message as unknown as { seconds: bigint; nanos: number };
      return formatDurationMs(Number(d.seconds) * 1000 + Math.round(d.nanos / 1e6));
    }
  }
  const out: { [key: string]: Json } = {};
  const record = message as unknown as Record<string, unknown>;
  for (const field of schema.fields) {
    out[pascalKey(field.name)] = fieldToJson(field, record[field.localName]);
  }
  return out;
}

function fieldToJson(field: DescField, value: unknown): Json {
  if (value === undefined) return null;
  switch (field.fieldKind) {
    case "scalar":
      return scalarToJson(value);
    case "enum":
      return enumToJson(field.enum, value as number);
    case "message":
      return messageToJson(field.message, value as Message);
    case "list": {
      const list = value as unknown[];
      switch (field.listKind) {
        case "scalar":
          return list.map(scalarToJson);
        case "enum":
          return list.map((v) => enumToJson(field.enum, v as number));
        case "message":
          return list.map((v) => messageToJson(field.message, v as Message));
      }
      break;
    }
    case "map": {
      const out: { [key: string]: Json } = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        out[k] =
          field.mapKind === "message"
            ? messageToJson(field.message, v as Message)
            : field.mapKind === "enum"
              ? enumToJson(field.enum, v as number)
              : scalarToJson(v);
      }
      return out;
    }
  }
  return null;
}

function scalarToJson(v: unknown): Json {
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  return v as Json;
}

/** Enum value by its name without the shared prefix, in PascalCase; 0 (UNSPECIFIED) is null. */
export function enumToJson(e: DescEnum, n: number): Json {
  if (n === 0) return null;
  const v = e.value[n];
  if (!v) return n;
  const prefix = e.sharedPrefix ?? "";
  return pascal(v.name.startsWith(prefix.toUpperCase()) ? v.name.slice(prefix.length) : v.name);
}

/**
 * Renders a JSON value for the terminal. A flat object of scalars prints on one
 * line the way the doc shows responses (`{ "EnvironmentRevision": 1 }`);
 * anything nested is indented by two spaces.
 */
export function formatJson(value: Json): string {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    if (entries.every(([, v]) => v === null || typeof v !== "object")) {
      return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ")} }`;
    }
  }
  return JSON.stringify(value, null, 2);
}

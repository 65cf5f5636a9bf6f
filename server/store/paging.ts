import { invalidArgument } from "../errors.js";

// Page tokens shared by every store: base64url of the JSON of the last key
// returned, tagged with the kind of listing so a token from one listing is
// refused by another. Opaque to clients; never trusted beyond its shape.

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Clamps to 1..1000; 0, negative or non-numbers mean the default (100). */
export function clampPageSize(pageSize: number | undefined): number {
  if (pageSize === undefined || !Number.isFinite(pageSize) || pageSize <= 0) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(pageSize)));
}

export type PageKind = "environments" | "revisions" | "deployments" | "events";

/** Key shapes of the listings: the position of the last item of a page. */
export interface PageKeys {
  environments: { name: string };
  revisions: { revision: number };
  deployments: { startedAt: number; deploymentId: string };
  events: { sequence: number; index: number };
}

export function encodePageToken<K extends PageKind>(kind: K, key: PageKeys[K]): string {
  return Buffer.from(JSON.stringify({ k: kind, ...key }), "utf8").toString("base64url");
}

const MAX_TOKEN_LENGTH = 4096;

/**
 * Decodes a token made by encodePageToken for the same kind; undefined for the
 * first page ("" or undefined). INVALID_ARGUMENT naming page_token otherwise.
 */
export function decodePageToken<K extends PageKind>(kind: K, token: string | undefined): PageKeys[K] | undefined {
  if (token === undefined || token === "") return undefined;
  const bad = (why: string) => invalidArgument("page_token", `malformed page token (${why})`);
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) throw bad("not base64url");
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw bad("not a token of this listing");
  }
  if (typeof value !== "object" || value === null || (value as { k?: unknown }).k !== kind) {
    throw bad("not a token of this listing");
  }
  const v = value as Record<string, unknown>;
  const str = (f: string) => typeof v[f] === "string";
  const int = (f: string) => Number.isSafeInteger(v[f]);
  const num = (f: string) => typeof v[f] === "number" && Number.isFinite(v[f]);
  let ok: boolean;
  switch (kind) {
    case "environments":
      ok = str("name");
      break;
    case "revisions":
      ok = int("revision");
      break;
    case "deployments":
      ok = num("startedAt") && str("deploymentId");
      break;
    case "events":
      ok = int("sequence") && int("index");
      break;
    default:
      ok = false;
  }
  if (!ok) throw bad("not a token of this listing");
  const { k: _k, ...key } = v;
  return key as unknown as PageKeys[K];
}

/**
 * Where a ListEnvironmentEvents page starts: after the page token's (sequence,
 * index), or after every event of `afterSequence`, whichever is later.
 */
export function eventsPageStart(options: { pageToken?: string; afterSequence?: number }): { sequence: number; index: number } {
  const after = decodePageToken("events", options.pageToken);
  let start = after ? { sequence: after.sequence, index: after.index } : { sequence: 0, index: -1 };
  if (options.afterSequence !== undefined && options.afterSequence >= start.sequence) {
    start = { sequence: options.afterSequence, index: Number.MAX_SAFE_INTEGER };
  }
  return start;
}

// The web dashboard's static files, served on the API's port under /ui/.
//
// The app's pages (`/ui/` and `/ui/environments/<url-encoded name>`) all
// answer index.html, so a reload or a pasted link works; the bundle's files
// live under /ui/assets/ with content-hashed names and are cached for good.
// Only names of the bundle's own shape are looked up, and only inside the
// assets folder: nothing else on disk is reachable.

import { readFileSync, statSync } from "node:fs";
import type * as http from "node:http";
import type * as http2 from "node:http2";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The esbuild output `npm run build:ui` writes (index.html and assets/). */
export const DEFAULT_UI_ROOT = fileURLToPath(new URL("../../client/web/dist", import.meta.url));

export interface StaticUiOptions {
  /** Folder holding index.html and assets/. Default DEFAULT_UI_ROOT. */
  root?: string;
}

export interface StaticUi {
  /** Answers requests under /ui (true), leaves every other path to the caller (false). */
  handle(req: http.IncomingMessage | http2.Http2ServerRequest, res: http.ServerResponse | http2.Http2ServerResponse): boolean;
}

const PREFIX = "/ui";
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)+$/;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** The page may load only its own files and call only its own origin. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

/** What a path under /ui is: the app's page, one of its assets, or nothing. */
export type UiRoute = { kind: "page" } | { kind: "asset"; name: string } | { kind: "redirect"; location: string } | { kind: "not-found" };

/** Classifies a request path (with its query) under /ui; undefined when it is not under /ui. */
export function routeUiPath(url: string): UiRoute | undefined {
  const q = url.search(/[?#]/);
  const path = q < 0 ? url : url.slice(0, q);
  if (path === PREFIX) return { kind: "redirect", location: `${PREFIX}/${q < 0 ? "" : url.slice(q)}` };
  if (!path.startsWith(`${PREFIX}/`)) return undefined;
  const rest = path.slice(PREFIX.length + 1);
  if (rest === "") return { kind: "page" };
  const env = /^environments\/([^/]+)$/.exec(rest);
  if (env) return decodes(env[1]!) ? { kind: "page" } : { kind: "not-found" };
  const asset = /^assets\/([^/]+)$/.exec(rest);
  // Raw names only: no percent-escapes, so nothing decodes to a separator or "..".
  if (asset && ASSET_NAME.test(asset[1]!)) return { kind: "asset", name: asset[1]! };
  return { kind: "not-found" };
}

function decodes(segment: string): boolean {
  try {
    return decodeURIComponent(segment).length > 0;
  } catch {
    return false;
  }
}

function extension(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? "" : name.slice(dot).toLowerCase();
}

type Res = http.ServerResponse | http2.Http2ServerResponse;

function send(res: Res, status: number, headers: Record<string, string | number>, body: Buffer | string, head: boolean): void {
  const buf = typeof body === "string" ? Buffer.from(body) : body;
  (res as http.ServerResponse).writeHead(status, { ...SECURITY_HEADERS, ...headers, "content-length": buf.length });
  if (head) res.end();
  else res.end(buf);
}

export function createStaticUi(options: StaticUiOptions = {}): StaticUi {
  const root = options.root ?? DEFAULT_UI_ROOT;
  const assetsDir = join(root, "assets");

  /** Reads a file if it is a regular file; undefined otherwise. */
  function readRegular(path: string): { body: Buffer; mtimeMs: number } | undefined {
    try {
      const st = statSync(path);
      if (!st.isFile()) return undefined;
      return { body: readFileSync(path), mtimeMs: st.mtimeMs };
    } catch {
      return undefined;
    }
  }

  return {
    handle(req, res) {
      const route = routeUiPath(req.url ?? "");
      if (!route) return false;
      const head = req.method === "HEAD";
      if (req.method !== "GET" && !head) {
        send(res, 405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }, "method not allowed\n", head);
        return true;
      }
      switch (route.kind) {
        case "redirect":
          send(res, 308, { location: route.location, "content-type": "text/plain; charset=utf-8" }, `see ${route.location}\n`, head);
          return true;
        case "not-found":
          send(res, 404, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }, "not found\n", head);
          return true;
        case "page": {
          const index = readRegular(join(root, "index.html"));
          if (!index) {
            send(res, 503, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }, "the dashboard is not built: run `npm run build:ui`\n", head);
            return true;
          }
          const etag = `"${index.body.length.toString(16)}-${Math.floor(index.mtimeMs).toString(16)}"`;
          const headers = { "content-type": CONTENT_TYPES[".html"]!, "cache-control": "no-cache", etag };
          if (req.headers["if-none-match"] === etag) send(res, 304, headers, "", true);
          else send(res, 200, headers, index.body, head);
          return true;
        }
        case "asset": {
          const type = CONTENT_TYPES[extension(route.name)];
          const file = type ? readRegular(join(assetsDir, route.name)) : undefined;
          if (!type || !file) {
            send(res, 404, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }, "not found\n", head);
            return true;
          }
          // Asset names carry their content hash: a new build has new names.
          send(res, 200, { "content-type": type, "cache-control": "public, max-age=31536000, immutable" }, file.body, head);
          return true;
        }
      }
    },
  };
}

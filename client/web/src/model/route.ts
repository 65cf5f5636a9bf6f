// The dashboard's URLs: `/ui/` is the list, `/ui/environments/<url-encoded name>` one environment.

export type Route = { page: "list" } | { page: "environment"; name: string } | { page: "not-found"; path: string };

export const UI_BASE = "/ui/";

export function parseRoute(pathname: string): Route {
  if (pathname === "/ui" || pathname === UI_BASE) return { page: "list" };
  const m = /^\/ui\/environments\/([^/]+)$/.exec(pathname);
  if (m) {
    try {
      const name = decodeURIComponent(m[1]!);
      if (name !== "") return { page: "environment", name };
    } catch {
      // a malformed escape is not an environment name
    }
  }
  return { page: "not-found", path: pathname };
}

/** The page of one environment; names may hold "/", so the whole name is one escaped segment. */
export function environmentHref(name: string): string {
  return `${UI_BASE}environments/${encodeURIComponent(name)}`;
}

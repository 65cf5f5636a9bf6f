import type { Role } from "./roles.js";

/** Someone (a person, a pipeline, a dashboard) the server knows, and what it may do. */
export interface Principal {
  name: string;
  roles: Role[];
  /** Environment-name globs; ["*"] when the file gives none. */
  environments: string[];
  /** sha256 of the bearer token (32 bytes); tokens are never kept in clear. */
  tokenSha256?: Buffer;
  /** Subject of the mTLS client certificate, normalized (see normalizeSubject). */
  certSubject?: string;
}

/**
 * A certificate subject as one comparable string: `KEY=value` pairs sorted, joined
 * by `,`. Accepts `CN=a, O=b` (the file) and Node's `CN=a\nO=b` (X509Certificate.subject).
 */
export function normalizeSubject(subject: string): string {
  return subject
    .split(/[\n,]/)
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const i = part.indexOf("=");
      return i < 0 ? part : `${part.slice(0, i).trim().toUpperCase()}=${part.slice(i + 1).trim()}`;
    })
    .sort()
    .join(",");
}

// Who the caller is (authenticate) and whether it may make this call
// (authorizeCall, authorizeEnvironment). Every transport path — the Connect
// handlers and the hand-written gRPC fast paths — asks these same functions.

import { createHash, timingSafeEqual } from "node:crypto";
import { Code, ConnectError } from "../errors.js";
import { globToRegExp, matchesAny } from "./glob.js";
import { normalizeSubject, type Principal } from "./principal.js";
import { createRateLimitedLog } from "./rate-limited-log.js";
import { accessRule, hasRole, PUBLIC_SERVICES, requestEnvironment, requestRole, type AccessRule } from "./roles.js";

/** What a call presents, read from its headers and its TLS session only (never the body). */
export interface Credentials {
  /** The `authorization` header. */
  authorization?: string | null;
  /** Subject of the client certificate, present only when the TLS layer verified it against the client CA. */
  certSubject?: string;
  /** Peer `ip:port`, for logs and the audit trail. */
  address?: string;
  userAgent?: string;
}

export interface AccessControlOptions {
  /** Initial principals; an empty list with `enabled` refuses every call. */
  principals: readonly Principal[];
  /** False: no authentication, every caller is the admin principal `anonymous`. Default true. */
  enabled?: boolean;
  /** Where refused attempts go (rate-limited). */
  logFailure?: (message: string, fields: Record<string, unknown>) => void;
  /** Failure log lines per minute. Default 10. */
  failureLogLimit?: number;
  now?: () => number;
}

export interface AccessControl {
  readonly enabled: boolean;
  /** The principal behind the credentials; throws UNAUTHENTICATED (and logs it, rate-limited). */
  authenticate(credentials: Credentials): Principal;
  /**
   * Role check of `service`/`method`. Returns the call's rule, or undefined for a
   * public service (health, reflection). Throws PERMISSION_DENIED when the role
   * is missing or the method has no rule.
   */
  authorizeCall(principal: Principal, service: string, method: string): AccessRule | undefined;
  /** Scope check; throws PERMISSION_DENIED naming the environment (the caller's own input) and the scope. */
  authorizeEnvironment(principal: Principal, environmentName: string): void;
  /** Checks of the decoded request: its elevated role (a rollback), then its environment's scope. */
  authorizeRequest(principal: Principal, rule: AccessRule, method: string, message: unknown): void;
  /** Whether lists show this environment to the principal. */
  canSee(principal: Principal, environmentName: string): boolean;
  /** Swaps the principals (file reload); open streams re-check their access. */
  replacePrincipals(principals: readonly Principal[]): void;
  principals(): readonly Principal[];
  /**
   * Re-checks an open stream's access whenever the principals change; calls
   * `onRevoked` once with PERMISSION_DENIED when the credentials no longer
   * authenticate or no longer allow the call. Returns the unsubscribe function.
   */
  watchAccess(
    credentials: Credentials,
    call: { service: string; method: string; environmentName?: string },
    onRevoked: (error: ConnectError) => void,
  ): () => void;
}

/** The principal every call runs as when authentication is off. */
export const ANONYMOUS: Principal = { name: "anonymous", roles: ["admin"], environments: ["*"] };

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

export function createAccessControl(options: AccessControlOptions): AccessControl {
  const enabled = options.enabled ?? true;
  let principals: readonly Principal[] = [...options.principals];
  const scopes = new WeakMap<Principal, RegExp[]>();
  const listeners = new Set<() => void>();
  const logFailure = options.logFailure
    ? createRateLimitedLog({ write: options.logFailure, limit: options.failureLogLimit, now: options.now })
    : () => {};

  const scopeOf = (p: Principal): RegExp[] => {
    let compiled = scopes.get(p);
    if (!compiled) scopes.set(p, (compiled = p.environments.map(globToRegExp)));
    return compiled;
  };

  function identify(credentials: Credentials): Principal | string {
    if (!enabled) return ANONYMOUS;
    if (credentials.certSubject !== undefined) {
      const subject = normalizeSubject(credentials.certSubject);
      const bySubject = principals.find((p) => p.certSubject === subject);
      if (bySubject) return bySubject;
      if (!credentials.authorization) return `client certificate ${JSON.stringify(credentials.certSubject)} is not a configured principal`;
    }
    const header = credentials.authorization ?? "";
    const match = BEARER.exec(header);
    if (!match) {
      return header === ""
        ? "missing credentials: send the header `authorization: Bearer <token>` (or a client certificate)"
        : "malformed authorization header: expected `Bearer <token>`";
    }
    // Digests have one length, so each comparison is constant-time; every principal is compared.
    const presented = createHash("sha256").update(match[1]!).digest();
    let found: Principal | undefined;
    for (const p of principals) {
      if (p.tokenSha256 && timingSafeEqual(p.tokenSha256, presented) && !found) found = p;
    }
    return found ?? "invalid bearer token";
  }

  function authorizeCall(principal: Principal, service: string, method: string): AccessRule | undefined {
    if (PUBLIC_SERVICES.includes(service)) return undefined;
    const rule = accessRule(service, method);
    if (!rule) throw new ConnectError(`${service}/${method} has no access rule: refused`, Code.PermissionDenied);
    if (!hasRole(principal.roles, rule.role)) {
      throw new ConnectError(
        `principal ${JSON.stringify(principal.name)} has role ${principal.roles.join(", ")}; ${method} needs ${rule.role} or higher`,
        Code.PermissionDenied,
      );
    }
    return rule;
  }

  function authorizeRequest(principal: Principal, rule: AccessRule, method: string, message: unknown): void {
    const role = requestRole(rule, message);
    if (role !== rule.role && !hasRole(principal.roles, role)) {
      throw new ConnectError(
        `principal ${JSON.stringify(principal.name)} has role ${principal.roles.join(", ")}; ${method} with ${rule.elevated!.field} needs ${role} or higher`,
        Code.PermissionDenied,
      );
    }
    const name = requestEnvironment(rule, message);
    if (name !== undefined) authorizeEnvironment(principal, name);
  }

  function authorizeEnvironment(principal: Principal, environmentName: string): void {
    if (matchesAny(scopeOf(principal), environmentName)) return;
    throw new ConnectError(
      `principal ${JSON.stringify(principal.name)} may not access environment ${JSON.stringify(environmentName)}: ` +
        `its environments are ${principal.environments.join(", ")}`,
      Code.PermissionDenied,
    );
  }

  return {
    enabled,
    authenticate(credentials) {
      const found = identify(credentials);
      if (typeof found !== "string") return found;
      logFailure("authentication failed", { peer: credentials.address ?? "unknown", reason: found });
      throw new ConnectError(found, Code.Unauthenticated);
    },
    authorizeCall,
    authorizeEnvironment,
    authorizeRequest,
    canSee: (principal, name) => matchesAny(scopeOf(principal), name),
    replacePrincipals(next) {
      principals = [...next];
      for (const listener of [...listeners]) listener();
    },
    principals: () => principals,
    watchAccess(credentials, call, onRevoked) {
      const check = () => {
        try {
          const found = identify(credentials);
          if (typeof found === "string") throw new ConnectError(found, Code.PermissionDenied);
          authorizeCall(found, call.service, call.method);
          if (call.environmentName !== undefined) authorizeEnvironment(found, call.environmentName);
        } catch (err) {
          listeners.delete(check);
          onRevoked(new ConnectError(`access revoked: ${ConnectError.from(err).rawMessage}`, Code.PermissionDenied));
        }
      };
      listeners.add(check);
      return () => listeners.delete(check);
    },
  };
}

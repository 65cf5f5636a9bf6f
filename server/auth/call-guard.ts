// The authorization decision of one call, in two steps every transport path
// takes: admit() from headers and the TLS session before the body is read
// (who, and may it call this method at all), then checkRequest() on the decoded
// message (may it touch this environment). The Connect handlers get both
// through beforeDecode + interceptor; the hand-written gRPC fast paths call
// admit / checkRequest / watch themselves.

import { createContextKey, type HandlerContext, type Interceptor } from "@connectrpc/connect";
import type { Actor } from "../domain/audit.js";
import type { BeforeDecodeCheck } from "../transport/before-decode.js";
import type { AdmitHttp2Call } from "../transport/admission.js";
import { peerKey, peerOfSocket, type PeerInfo } from "../transport/peer.js";
import type { AccessControl, Credentials } from "./access-control.js";
import { ANONYMOUS } from "./access-control.js";
import type { Principal } from "./principal.js";
import { PUBLIC_SERVICES, type AccessRule } from "./roles.js";
import type { ConnectError } from "../errors.js";

/** An admitted call: who makes it, with what, and under which rule (none for public services). */
export interface Caller {
  principal: Principal;
  credentials: Credentials;
  service: string;
  method: string;
  rule?: AccessRule;
}

/** Who calls a public service (health, reflection): nobody in particular, with no role. */
const PUBLIC_CALLER: Principal = { name: "public", roles: [], environments: [] };

export const callerKey = createContextKey<Caller | undefined>(undefined, { description: "the authenticated caller" });

export interface CallGuard {
  /** False when the server runs without principals: every caller is `anonymous` (admin). */
  readonly authEnabled: boolean;
  /** Throws UNAUTHENTICATED or PERMISSION_DENIED. */
  admit(credentials: Credentials, service: string, method: string): Caller;
  /** Scope check of the decoded request; throws PERMISSION_DENIED. */
  checkRequest(caller: Caller, message: unknown): void;
  /** Ends an open stream when the principals change and its access went (see AccessControl.watchAccess). */
  watch(caller: Caller, environmentName: string, onRevoked: (error: ConnectError) => void): () => void;
  canSee(caller: Caller | undefined, environmentName: string): boolean;
  /** True when the caller's scope is every environment (lists need no filtering). */
  canSeeAll(caller: Caller | undefined): boolean;
  /** For createBloxHttpServer's `beforeDecode`: admits the call and leaves the Caller in the context values. */
  beforeDecode: BeforeDecodeCheck;
  /** Checks the decoded request of calls the Connect handlers serve. */
  interceptor: Interceptor;
  /** The same decision for the hand-written HTTP/2 fast paths. */
  admitHttp2: AdmitHttp2Call;
}

/** Credentials from a call's headers (any header getter) and its peer. */
export function credentialsOf(header: (name: string) => string | null | undefined, peer: PeerInfo): Credentials {
  const credentials: Credentials = { authorization: header("authorization") ?? undefined };
  if (peer.address !== undefined) credentials.address = peer.address;
  if (peer.certSubject !== undefined) credentials.certSubject = peer.certSubject;
  const userAgent = header("user-agent");
  if (userAgent) credentials.userAgent = userAgent.slice(0, 256);
  return credentials;
}

export function createCallGuard(access: AccessControl): CallGuard {
  function admit(credentials: Credentials, service: string, method: string): Caller {
    // Health and reflection answer anyone: a load balancer has no credentials.
    if (PUBLIC_SERVICES.includes(service)) return { principal: PUBLIC_CALLER, credentials, service, method };
    const principal = access.authenticate(credentials);
    const rule = access.authorizeCall(principal, service, method);
    return rule ? { principal, credentials, service, method, rule } : { principal, credentials, service, method };
  }

  function checkRequest(caller: Caller, message: unknown): void {
    if (caller.rule) access.authorizeRequest(caller.principal, caller.rule, caller.method, message);
  }

  return {
    authEnabled: access.enabled,
    admit,
    checkRequest,
    watch: (caller, environmentName, onRevoked) =>
      access.watchAccess(caller.credentials, { service: caller.service, method: caller.method, environmentName }, onRevoked),
    canSee: (caller, name) => access.canSee(caller?.principal ?? ANONYMOUS, name),
    canSeeAll: (caller) => (caller?.principal ?? ANONYMOUS).environments.includes("*"),
    admitHttp2(stream, headers, procedure) {
      const header = (name: string) => {
        const v = headers[name];
        return Array.isArray(v) ? v.join(", ") : v;
      };
      const caller = admit(credentialsOf(header, peerOfSocket(stream.session?.socket)), procedure.service, procedure.method);
      return {
        checkRequest: (message) => checkRequest(caller, message),
        watch: (name, onRevoked) => access.watchAccess(caller.credentials, { service: caller.service, method: caller.method, environmentName: name }, onRevoked),
      };
    },
    beforeDecode(call) {
      const credentials = credentialsOf((h) => call.header.get(h), call.contextValues.get(peerKey));
      call.contextValues.set(callerKey, admit(credentials, call.service, call.method));
    },
    interceptor: (next) => async (req) => {
      const caller = req.contextValues.get(callerKey);
      if (!caller?.rule) return next(req);
      if (!req.stream) {
        checkRequest(caller, req.message);
        return next(req);
      }
      const messages = req.message;
      async function* checked() {
        for await (const m of messages) {
          checkRequest(caller!, m);
          yield m;
        }
      }
      return next({ ...req, message: checked() });
    },
  };
}

/** The caller of a handler's call; undefined when the server runs without a guard (tests). */
export function callerOf(ctx: HandlerContext | undefined): Caller | undefined {
  return ctx?.values.get(callerKey);
}

/** The audit actor of a handler's call, with the request's key fields. */
export function actorOf(ctx: HandlerContext | undefined, request: Record<string, string> = {}): Actor {
  const caller = callerOf(ctx);
  const actor: Actor = { principal: caller?.principal.name ?? ANONYMOUS.name };
  const c = caller?.credentials;
  if (c?.address) actor.address = c.address;
  if (c?.userAgent) actor.userAgent = c.userAgent;
  if (Object.keys(request).length > 0) actor.request = request;
  return actor;
}

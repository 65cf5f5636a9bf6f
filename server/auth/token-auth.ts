import { createHash, timingSafeEqual } from "node:crypto";
import type { Interceptor } from "@connectrpc/connect";
import { Code, ConnectError } from "../errors.js";

/** Services anyone may call: load balancers probe health, tools discover the API. */
const PUBLIC_SERVICES = ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"];

export interface TokenAuthenticator {
  /**
   * Throws UNAUTHENTICATED unless `authorization` is `Bearer <token>` with a
   * configured token, or the service is public. `service` is the fully
   * qualified service name (e.g. blox.v1.EnvironmentService).
   */
  check(authorization: string | null | undefined, service: string): void;
  /** The same check as a Connect interceptor, for every RPC of the router. */
  interceptor: Interceptor;
}

/**
 * Bearer-token authentication shared by the Connect handlers and the gRPC
 * watch fast path, so both paths accept exactly the same callers.
 * @param tokens accepted tokens (several allow rotation); must not be empty.
 */
export function createTokenAuthenticator(tokens: readonly string[]): TokenAuthenticator {
  if (tokens.length === 0) throw new Error("createTokenAuthenticator: no tokens");
  // Compare digests so the comparison is constant-time whatever the lengths.
  const digests = tokens.map((t) => createHash("sha256").update(t).digest());
  const check = (authorization: string | null | undefined, service: string) => {
    if (PUBLIC_SERVICES.includes(service)) return;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match) throw new ConnectError("missing credentials: send the header `authorization: Bearer <token>`", Code.Unauthenticated);
    const presented = createHash("sha256").update(match[1]!).digest();
    if (!digests.some((d) => timingSafeEqual(d, presented))) {
      throw new ConnectError("invalid bearer token", Code.Unauthenticated);
    }
  };
  return {
    check,
    interceptor: (next) => async (req) => {
      check(req.header.get("authorization"), req.service.typeName);
      return next(req);
    },
  };
}

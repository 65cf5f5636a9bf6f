// The dashboard's only way to the server: the generated EnvironmentService
// client over the Connect protocol (fetch, binary), with the session's token.

import { Code, ConnectError, createClient, type Client, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { EnvironmentService } from "../../../gen/blox/v1/environment_pb.js";
import { session } from "./session.js";

export type Api = Client<typeof EnvironmentService>;

const withToken: Interceptor = (next) => async (req) => {
  const token = session.token();
  if (token) req.header.set("authorization", `Bearer ${token}`);
  try {
    return await next(req);
  } catch (err) {
    if (ConnectError.from(err).code === Code.Unauthenticated) session.requireToken(ConnectError.from(err).rawMessage);
    throw err;
  }
};

export function createApi(baseUrl: string = window.location.origin): Api {
  return createClient(EnvironmentService, createConnectTransport({ baseUrl, useBinaryFormat: true, interceptors: [withToken] }));
}

/** Whether the server's API has an RPC (newer servers add some, e.g. PromoteEnvironment). */
export function hasRpc(localName: string): boolean {
  return Object.hasOwn(EnvironmentService.method, localName);
}

/** Calls an RPC that may not exist in this build of the API (see hasRpc). */
export function callOptionalRpc(api: Api, localName: string, request: Record<string, unknown>): Promise<unknown> {
  const fn = (api as unknown as Record<string, ((r: unknown) => Promise<unknown>) | undefined>)[localName];
  if (!fn) return Promise.reject(new ConnectError(`this server has no ${localName}`, Code.Unimplemented));
  return fn(request);
}

export interface ErrorText {
  /** e.g. "failed_precondition"; "" for errors that are not the server's. */
  code: string;
  /** The server's message, exactly as it sent it. */
  message: string;
}

export function errorText(err: unknown): ErrorText {
  const e = ConnectError.from(err);
  return { code: Code[e.code] ? Code[e.code].replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase() : "", message: e.rawMessage };
}

export { Code, ConnectError };

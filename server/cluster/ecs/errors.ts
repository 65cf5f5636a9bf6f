// How an ECS (or SDK) error is handled: retried after a backoff, or surfaced
// as a persistent ClusterError the environment status shows.

import { ClusterError } from "../backend.js";

export type ErrorClass =
  | { retry: true; reason: string; throttled?: boolean }
  | { retry: false; error: ClusterError };

const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
]);

const SERVER = new Set(["ServerException", "InternalFailure", "InternalServerError", "ServiceUnavailable"]);

const ACCESS = new Set([
  "ExpiredTokenException",
  "ExpiredToken",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "AccessDeniedException",
  "AccessDenied",
  "CredentialsProviderError",
  "InvalidClientTokenId",
  "MissingAuthenticationTokenException",
  "IncompleteSignatureException",
  "SignatureDoesNotMatch",
]);

// Socket-level failures: the endpoint may come back, so treat like a 5xx.
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENOTFOUND", "EHOSTUNREACH"]);

interface SdkLikeError {
  name?: string;
  message?: string;
  code?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

/** Decides what to do with an error thrown by one ECS call of `action`. */
export function classifyEcsError(err: unknown, action: string, cluster?: string): ErrorClass {
  const e = (typeof err === "object" && err !== null ? err : { message: String(err) }) as SdkLikeError;
  const name = e.name ?? "Error";
  const message = e.message || name;
  const status = e.$metadata?.httpStatusCode;

  if (THROTTLING.has(name) || status === 429) return { retry: true, reason: `${name}: ${message}`, throttled: true };
  if (SERVER.has(name) || (status !== undefined && status >= 500)) return { retry: true, reason: `${name}: ${message}` };
  if (e.code && NETWORK_CODES.has(e.code)) return { retry: true, reason: `${e.code}: ${message}` };
  if (name === "TimeoutError" || name === "RequestTimeout" || name === "RequestTimeoutException" || status === 408) {
    return { retry: true, reason: `${name}: ${message}` };
  }

  const where = `ECS ${action}`;
  if (ACCESS.has(name) || status === 401 || status === 403) {
    return { retry: false, error: new ClusterError(`${where}: credentials rejected (${name}): ${message}`, "AccessDenied") };
  }
  if (name === "ClusterNotFoundException") {
    const which = cluster ? `cluster '${cluster}'` : "cluster";
    return { retry: false, error: new ClusterError(`${where}: ${which} not found`, "ClusterNotFound") };
  }
  if ((name === "ClientException" || name === "InvalidParameterException") && /task ?definition/i.test(message)) {
    return { retry: false, error: new ClusterError(`${where}: task definition rejected: ${message}`, "InvalidTaskDefinition") };
  }
  if (/region is missing/i.test(message)) {
    return { retry: false, error: new ClusterError(`${where}: no AWS region configured (set AWS_REGION): ${message}`, "Other") };
  }
  return { retry: false, error: new ClusterError(`${where}: ${name}: ${message}`, "Other") };
}

export interface BackoffOptions {
  /** First delay cap in ms. */
  baseDelayMs: number;
  /** Largest delay cap in ms. */
  maxDelayMs: number;
  random: () => number;
}

/**
 * "Full jitter" backoff: a uniform delay in [0, min(max, base * 2^attempt)).
 * Spreads retries of concurrent callers instead of synchronising them.
 * `attempt` is 0 for the first retry.
 */
export function backoffDelay(attempt: number, o: BackoffOptions): number {
  const cap = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** attempt);
  return Math.floor(o.random() * cap);
}

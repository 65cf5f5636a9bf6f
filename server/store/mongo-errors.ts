import {
  MongoClientClosedError,
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerClosedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from "mongodb";
import { Code, ConnectError } from "../errors.js";

// Which MongoDB driver errors mean "the database cannot be reached right now".
// These become UNAVAILABLE so that clients retry and the reconciler pauses;
// the driver reconnects by itself when the server comes back.

/** Server codes of a primary that is stepping down, shutting down or unreachable. */
const UNAVAILABLE_SERVER_CODES = new Set([
  6, // HostUnreachable
  7, // HostNotFound
  89, // NetworkTimeout
  91, // ShutdownInProgress
  133, // FailedToSatisfyReadPreference
  189, // PrimarySteppedDown
  9001, // SocketException
  10058, // LegacyNotPrimary
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

export function isDuplicateKey(err: unknown): boolean {
  if (!(err instanceof MongoError)) return false;
  if (err.code === 11000) return true;
  // Bulk writes report per-document errors.
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  return Array.isArray(writeErrors) && writeErrors.length > 0 && writeErrors.every((w) => (w as { code?: number }).code === 11000);
}

export function isUnavailable(err: unknown): boolean {
  if (
    err instanceof MongoNetworkError || // includes timeouts and PoolClearedError
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError ||
    err instanceof MongoClientClosedError ||
    err instanceof MongoServerClosedError
  ) {
    return true;
  }
  if (err instanceof MongoError) {
    if (typeof err.code === "number" && UNAVAILABLE_SERVER_CODES.has(err.code)) return true;
    if (err.hasErrorLabel("ResetPool") || err.hasErrorLabel("RetryableWriteError")) return true;
  }
  return false;
}

/** Maps a driver error onto the project's ConnectError; ConnectErrors pass through. */
export function mapMongoError(err: unknown): unknown {
  if (err instanceof ConnectError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (isUnavailable(err)) {
    return new ConnectError(`database unavailable: ${message}`, Code.Unavailable, undefined, undefined, err);
  }
  if (err instanceof MongoError) {
    return new ConnectError(`database error: ${message}`, Code.Internal, undefined, undefined, err);
  }
  return err;
}

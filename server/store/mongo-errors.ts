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

/** E11000 (and the legacy 11001) duplicate key, alone or as every error of a bulk write. */
export function isDuplicateKey(err: unknown): boolean {
  if (!(err instanceof MongoError)) return false;
  if (err.code === 11000 || err.code === 11001) return true;
  // Bulk writes report per-document errors.
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  return Array.isArray(writeErrors) && writeErrors.length > 0 && writeErrors.every((w) => {
      const code = (w as { code?: number }).code;
      return code === 11000 || code === 11001;
    });
}

/** An index of the same name or keys exists with other options (IndexOptionsConflict 85, IndexKeySpecsConflict 86). */
export function isIndexConflict(err: unknown): boolean {
  return err instanceof MongoError && (err.code === 85 || err.code === 86);
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
    // Not exported as classes: a pool closed under an operation (client
    // closing) or every connection busy past the wait-queue timeout.
    if (err.name === "MongoPoolClosedError" || err.name === "MongoWaitQueueTimeoutError") return true;
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

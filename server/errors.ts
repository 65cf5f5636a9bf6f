import { Code, ConnectError } from "@connectrpc/connect";

// ConnectError is the one error type of the project: it carries a gRPC code
// across every layer (store, planner, API) and Connect maps it onto the wire.
export { Code, ConnectError };

/** Bad input. `field` is the request field (or YAML key / query position) at fault. */
export function invalidArgument(field: string, message: string): ConnectError {
  return new ConnectError(`${field}: ${message}`, Code.InvalidArgument);
}

export function notFound(message: string): ConnectError {
  return new ConnectError(message, Code.NotFound);
}

export function alreadyExists(message: string): ConnectError {
  return new ConnectError(message, Code.AlreadyExists);
}

/** A stale base revision or lost compare-and-set race. */
export function aborted(message: string): ConnectError {
  return new ConnectError(message, Code.Aborted);
}

export function failedPrecondition(message: string): ConnectError {
  return new ConnectError(message, Code.FailedPrecondition);
}

export function unavailable(message: string): ConnectError {
  return new ConnectError(message, Code.Unavailable);
}

export function unimplemented(message: string): ConnectError {
  return new ConnectError(message, Code.Unimplemented);
}

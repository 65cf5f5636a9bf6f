// Checks of the identifiers every request carries: environment names and
// revision numbers. Shared by the API handlers and the transport's watch fast
// path, so both refuse the same input with the same INVALID_ARGUMENT.

import { invalidArgument } from "../errors.js";

export const MAX_NAME_LENGTH = 255;

const NAME_PATTERN = /^[A-Za-z0-9\-_./:@+=]+$/;

/** Shows a value in an error message without flooding it. */
export function show(value: string): string {
  // By code point: cutting a surrogate pair in half would make the message unsendable.
  const chars = [...value];
  return JSON.stringify(chars.length > 80 ? `${chars.slice(0, 77).join("")}...` : value);
}

/** An environment name: 1..255 characters of letters, digits and `-_./:@+=`. */
export function validateEnvironmentName(name: string, field: string): string {
  if (name.length === 0) throw invalidArgument(field, "is required");
  if (name.length > MAX_NAME_LENGTH) {
    throw invalidArgument(field, `must be at most ${MAX_NAME_LENGTH} characters, got ${name.length}`);
  }
  if (!NAME_PATTERN.test(name)) {
    const bad = [...name].find((ch) => !NAME_PATTERN.test(ch)) ?? "";
    throw invalidArgument(
      field,
      `${show(name)} contains ${JSON.stringify(bad)}; use letters, digits and -_./:@+= (e.g. SomeEnvironment/Prod)`,
    );
  }
  return name;
}

/** A revision number in a request; `required` rejects 0. */
export function validateRevisionNumber(value: bigint, field: string, required: boolean): number {
  if (required && value === 0n) throw invalidArgument(field, "is required (1 or more)");
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidArgument(field, `${value} is out of range`);
  return Number(value);
}

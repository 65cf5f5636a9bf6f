/**
 * A query that does not parse (or uses a value its subject cannot take).
 * `position` is the 0-based character offset of the offending token; the
 * message says it too, e.g. "expected an operator after 'attribute:stack' at position 16".
 * The API maps it to INVALID_ARGUMENT.
 */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = "QuerySyntaxError";
  }
}

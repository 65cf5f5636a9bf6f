// Renders a query in canonical ECS syntax: symbolic operators, lists as
// `[a, b]` (what ListContainerInstances's filter takes), `and`/`or`/`not`
// with parentheses only where precedence needs them. parseQuery of the
// output yields the same AST.

import { subjectText, type QueryAst } from "./ast.js";
import { isWordChar } from "./lexer.js";

const KEYWORDS = new Set([
  "and", "or", "not", "in", "exists", "equals", "not_equals", "greater_than", "greater_than_equal",
  "less_than", "less_than_equal", "not_exists", "not_in", "matches", "not_matches",
]);

/**
 * A value as a bare word when it is one (as the user most likely wrote it),
 * else single-quoted. Bare words need no escapes: whether ECS unescapes
 * backslashes inside quotes is undocumented, and regexes are full of them.
 */
export function formatValue(value: string): string {
  if (value !== "" && [...value].every(isWordChar) && !KEYWORDS.has(value.toLowerCase())) return value;
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** Canonical ECS expression of the query; "" for the match-everything query. */
export function toEcsExpression(ast: QueryAst): string {
  switch (ast.type) {
    case "all":
      return "";
    case "and":
      return ast.operands.map((o) => (o.type === "or" || o.type === "and" ? `(${toEcsExpression(o)})` : toEcsExpression(o))).join(" and ");
    case "or":
      return ast.operands.map((o) => (o.type === "or" ? `(${toEcsExpression(o)})` : toEcsExpression(o))).join(" or ");
    case "not":
      return `not (${toEcsExpression(ast.operand)})`;
    case "compare":
      return `${subjectText(ast.subject)} ${ast.operator} ${formatValue(ast.value)}`;
    case "exists":
      return `${subjectText(ast.subject)} ${ast.negated ? "!exists" : "exists"}`;
    case "in":
      return `${subjectText(ast.subject)} ${ast.negated ? "!in" : "in"} [${ast.values.map(formatValue).join(", ")}]`;
    case "match":
      return `${subjectText(ast.subject)} ${ast.negated ? "!~" : "=~"} ${formatValue(ast.pattern)}`;
  }
}

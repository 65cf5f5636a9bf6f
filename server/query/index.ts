// The cluster query language: parse, evaluate, render back to ECS syntax.
export type { QueryAst, Subject, FieldName, CompareOperator } from "./ast.js";
export { isMatchAll, subjectText } from "./ast.js";
export { parseQuery, QuerySyntaxError, MAX_QUERY_DEPTH, MAX_QUERY_LENGTH } from "./parse.js";
export { matchesQuery, type EvaluationContext } from "./evaluate.js";
export { toEcsExpression } from "./format.js";

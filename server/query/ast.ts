// The syntax tree of an instance-group query (the ECS cluster query language,
// semantics.md "Instance-group queries"). Plain data: it can be compared with
// deep equality, logged and rendered back to ECS syntax (format.ts).

/** Built-in subjects other than `attribute:NAME`. */
export type FieldName =
  | "ec2InstanceId"
  | "agentConnected"
  | "agentVersion"
  | "registeredAt"
  | "runningTasksCount"
  | "task:group";

export const FIELD_NAMES: readonly FieldName[] = [
  "ec2InstanceId",
  "agentConnected",
  "agentVersion",
  "registeredAt",
  "runningTasksCount",
  "task:group",
];

export type Subject =
  | { kind: "attribute"; name: string }
  | { kind: "field"; name: FieldName };

export type CompareOperator = "==" | "!=" | ">" | ">=" | "<" | "<=";

export type QueryAst =
  /** The empty query: every instance matches. */
  | { type: "all" }
  | { type: "and"; operands: QueryAst[] }
  | { type: "or"; operands: QueryAst[] }
  | { type: "not"; operand: QueryAst }
  | { type: "compare"; subject: Subject; operator: CompareOperator; value: string }
  | { type: "exists"; subject: Subject; negated: boolean }
  | { type: "in"; subject: Subject; values: string[]; negated: boolean }
  /** `=~` / `!~`: `pattern` is a regular expression that must match the whole value. */
  | { type: "match"; subject: Subject; pattern: string; negated: boolean };

/** The textual form of a subject, e.g. `attribute:stack`. */
export function subjectText(subject: Subject): string {
  return subject.kind === "attribute" ? `attribute:${subject.name}` : subject.name;
}

/** True for the empty query, which matches every instance. */
export function isMatchAll(ast: QueryAst): boolean {
  return ast.type === "all";
}

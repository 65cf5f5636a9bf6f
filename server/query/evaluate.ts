// Evaluates a parsed query against one container instance.
//
// Negated operators are the negation of their positive form, so an instance
// without the attribute matches `attribute:stack != prod`, `!in` and `!~`,
// and never matches `==`, `in`, `=~` or an ordering.
// `task:group` has one value per task on the instance: a positive condition
// holds if any task satisfies it (`task:group != x`: no task has group x).

import type { ContainerInstance } from "../domain/cluster.js";
import type { CompareOperator, QueryAst, Subject } from "./ast.js";
import { compareLoose, compareVersions, compilePattern, parseDateValue } from "./values.js";

export interface EvaluationContext {
  /** Groups of the tasks on this instance (for `task:group`). */
  taskGroups?: ReadonlySet<string>;
}

export function matchesQuery(ast: QueryAst, instance: ContainerInstance, context: EvaluationContext = {}): boolean {
  switch (ast.type) {
    case "all":
      return true;
    case "and":
      return ast.operands.every((o) => matchesQuery(o, instance, context));
    case "or":
      return ast.operands.some((o) => matchesQuery(o, instance, context));
    case "not":
      return !matchesQuery(ast.operand, instance, context);
    case "exists":
      return (valuesOf(ast.subject, instance, context).length > 0) !== ast.negated;
    case "compare": {
      const values = valuesOf(ast.subject, instance, context);
      if (ast.operator === "!=") return !values.some((v) => compare(ast.subject, v, ast.value) === 0);
      return values.some((v) => holds(ast.operator, compare(ast.subject, v, ast.value)));
    }
    case "in": {
      const values = valuesOf(ast.subject, instance, context);
      const hit = values.some((v) => ast.values.some((w) => compare(ast.subject, v, w) === 0));
      return hit !== ast.negated;
    }
    case "match": {
      const re = compilePattern(ast.pattern);
      const hit = valuesOf(ast.subject, instance, context).some((v) => re.test(v));
      return hit !== ast.negated;
    }
  }
}

function valuesOf(subject: Subject, instance: ContainerInstance, context: EvaluationContext): string[] {
  if (subject.kind === "attribute") {
    const v = instance.attributes[subject.name];
    return v === undefined ? [] : [v];
  }
  switch (subject.name) {
    case "ec2InstanceId":
      return instance.ec2InstanceId ? [instance.ec2InstanceId] : [];
    case "agentConnected":
      return [String(instance.agentConnected)];
    case "agentVersion":
      return instance.agentVersion ? [instance.agentVersion] : [];
    case "registeredAt":
      return [new Date(instance.registeredAt).toISOString()];
    case "runningTasksCount":
      return [String(instance.runningTasksCount)];
    case "task:group":
      return [...(context.taskGroups ?? [])];
  }
}

/** Sign of (actual - expected) under the subject's ordering; NaN when incomparable. */
function compare(subject: Subject, actual: string, expected: string): number {
  if (subject.kind === "field") {
    switch (subject.name) {
      case "registeredAt": {
        const a = parseDateValue(actual);
        const b = parseDateValue(expected);
        return a === undefined || b === undefined ? NaN : Math.sign(a - b);
      }
      case "runningTasksCount":
        return Math.sign(Number(actual) - Number(expected));
      case "agentConnected":
        return actual.toLowerCase() === expected.toLowerCase() ? 0 : NaN;
      case "agentVersion":
        return compareVersions(actual, expected);
      case "ec2InstanceId":
      case "task:group":
        return actual === expected ? 0 : actual < expected ? -1 : 1;
    }
  }
  // Attributes: equality is exact; ordering is numeric when both sides are numbers.
  if (actual === expected) return 0;
  const c = compareLoose(actual, expected);
  return c !== 0 ? c : actual < expected ? -1 : 1;
}

function holds(op: CompareOperator, c: number): boolean {
  if (Number.isNaN(c)) return false;
  switch (op) {
    case "==":
      return c === 0;
    case "!=":
      return c !== 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
  }
}

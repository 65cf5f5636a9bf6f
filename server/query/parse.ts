// Recursive-descent parser of the cluster query language.
//
//   query     := <empty> | or EOF
//   or        := and (("or" | "||") and)*
//   and       := unary (("and" | "&&") unary)*
//   unary     := ("not" | "!") unary | "(" or ")" | condition
//   condition := subject operator [value | list]
//   list      := "[" value ("," value)* "]" | "(" value ("," value)* ")"
//
// Precedence not > and > or. Length and nesting are bounded so hostile input
// gets a QuerySyntaxError, never a stack overflow.

import { FIELD_NAMES, type CompareOperator, type FieldName, type QueryAst, type Subject, subjectText } from "./ast.js";
import { QuerySyntaxError } from "./errors.js";
import { tokenize, type Token } from "./lexer.js";
import { compilePattern, parseDateValue } from "./values.js";

export { QuerySyntaxError };
export type { QueryAst };

export const MAX_QUERY_LENGTH = 4096;
export const MAX_QUERY_DEPTH = 64;

type Operator =
  | { kind: "compare"; op: CompareOperator }
  | { kind: "exists"; negated: boolean }
  | { kind: "in"; negated: boolean }
  | { kind: "match"; negated: boolean };

const WORD_OPERATORS: Record<string, Operator> = {
  equals: { kind: "compare", op: "==" },
  not_equals: { kind: "compare", op: "!=" },
  greater_than: { kind: "compare", op: ">" },
  greater_than_equal: { kind: "compare", op: ">=" },
  less_than: { kind: "compare", op: "<" },
  less_than_equal: { kind: "compare", op: "<=" },
  exists: { kind: "exists", negated: false },
  not_exists: { kind: "exists", negated: true },
  in: { kind: "in", negated: false },
  not_in: { kind: "in", negated: true },
  matches: { kind: "match", negated: false },
  not_matches: { kind: "match", negated: true },
};

const SYMBOL_OPERATORS: Record<string, Operator> = {
  "==": { kind: "compare", op: "==" },
  "!=": { kind: "compare", op: "!=" },
  ">": { kind: "compare", op: ">" },
  ">=": { kind: "compare", op: ">=" },
  "<": { kind: "compare", op: "<" },
  "<=": { kind: "compare", op: "<=" },
  "=~": { kind: "match", negated: false },
  "!~": { kind: "match", negated: true },
};

const FIELDS_BY_LOWER = new Map<string, FieldName>(FIELD_NAMES.map((f) => [f.toLowerCase(), f]));

/**
 * Parses an instance-group query. An empty or blank query yields `{ type: "all" }`.
 * @throws QuerySyntaxError with the 0-based position of the first error.
 */
export function parseQuery(text: string): QueryAst {
  if (typeof text !== "string") throw new QuerySyntaxError("query must be a string at position 0", 0);
  if (text.length > MAX_QUERY_LENGTH) {
    throw new QuerySyntaxError(
      `query is ${text.length} characters long, the limit is ${MAX_QUERY_LENGTH} at position ${MAX_QUERY_LENGTH}`,
      MAX_QUERY_LENGTH,
    );
  }
  const parser = new Parser(tokenize(text));
  return parser.parseQuery();
}

function describe(token: Token): string {
  switch (token.kind) {
    case "eof":
      return "the end of the query";
    case "string":
      return `'${token.text}' (quoted)`;
    default:
      return `'${token.text}'`;
  }
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseQuery(): QueryAst {
    if (this.peek().kind === "eof") return { type: "all" };
    const ast = this.parseOr();
    const next = this.peek();
    if (next.kind !== "eof") {
      const what = next.kind === "rparen" ? "unmatched ')'" : `unexpected ${describe(next)}; expected 'and', 'or' or the end of the query`;
      this.fail(`${what} at position ${next.position}`, next);
    }
    return ast;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.index++;
    return t;
  }

  private fail(message: string, token: Token): never {
    throw new QuerySyntaxError(message, token.position);
  }

  private isKeyword(token: Token, ...words: string[]): boolean {
    return token.kind === "word" && words.includes(token.text.toLowerCase());
  }

  private enter(token: Token): void {
    if (++this.depth > MAX_QUERY_DEPTH) {
      this.fail(`query nests deeper than ${MAX_QUERY_DEPTH} levels at position ${token.position}`, token);
    }
  }

  private parseOr(): QueryAst {
    const operands = [this.parseAnd()];
    for (;;) {
      const t = this.peek();
      if (t.kind === "oror" || this.isKeyword(t, "or")) {
        this.next();
        operands.push(this.parseAnd());
      } else break;
    }
    return operands.length === 1 ? operands[0] : { type: "or", operands: flatten("or", operands) };
  }

  private parseAnd(): QueryAst {
    const operands = [this.parseUnary()];
    for (;;) {
      const t = this.peek();
      if (t.kind === "andand" || this.isKeyword(t, "and")) {
        this.next();
        operands.push(this.parseUnary());
      } else break;
    }
    return operands.length === 1 ? operands[0] : { type: "and", operands: flatten("and", operands) };
  }

  private parseUnary(): QueryAst {
    const t = this.peek();
    if (t.kind === "bang" || this.isKeyword(t, "not")) {
      this.next();
      this.enter(t);
      const operand = this.parseUnary();
      this.depth--;
      return { type: "not", operand };
    }
    if (t.kind === "lparen") {
      this.next();
      this.enter(t);
      const inner = this.parseOr();
      this.depth--;
      const close = this.peek();
      if (close.kind !== "rparen") {
        this.fail(`expected ')' to close the '(' at position ${t.position}, found ${describe(close)} at position ${close.position}`, close);
      }
      this.next();
      return inner;
    }
    return this.parseCondition();
  }

  private parseSubject(): Subject {
    const t = this.peek();
    if (t.kind === "word") {
      const lower = t.text.toLowerCase();
      if (lower.startsWith("attribute:")) {
        const name = t.text.slice("attribute:".length);
        if (name === "") this.fail(`expected an attribute name after 'attribute:' at position ${t.end}`, { ...t, position: t.end });
        this.next();
        return { kind: "attribute", name };
      }
      const field = FIELDS_BY_LOWER.get(lower);
      if (field) {
        this.next();
        return { kind: "field", name: field };
      }
    }
    const expected = "a subject (attribute:NAME, ec2InstanceId, agentConnected, agentVersion, registeredAt, runningTasksCount or task:group)";
    if (t.kind === "eof") this.fail(`expected ${expected} at position ${t.position}, found the end of the query`, t);
    this.fail(`expected ${expected}, found ${describe(t)} at position ${t.position}`, t);
  }

  private parseOperator(subject: Subject): Operator {
    const t = this.peek();
    if (t.kind === "op") {
      this.next();
      return SYMBOL_OPERATORS[t.text];
    }
    if (t.kind === "bang") {
      const after = this.peek(1);
      if (this.isKeyword(after, "exists") || this.isKeyword(after, "in")) {
        this.next();
        this.next();
        return after.text.toLowerCase() === "exists" ? { kind: "exists", negated: true } : { kind: "in", negated: true };
      }
    }
    if (t.kind === "word") {
      const op = WORD_OPERATORS[t.text.toLowerCase()];
      if (op) {
        this.next();
        return op;
      }
    }
    this.fail(`expected an operator after '${subjectText(subject)}' at position ${t.position}`, t);
  }

  private parseValue(after: string): { text: string; token: Token } {
    const t = this.peek();
    if (t.kind === "word" || t.kind === "string") {
      this.next();
      return { text: t.text, token: t };
    }
    this.fail(`expected a value after '${after}', found ${describe(t)} at position ${t.position}`, t);
  }

  private parseCondition(): QueryAst {
    const subject = this.parseSubject();
    const opToken = this.peek();
    const operator = this.parseOperator(subject);
    const opText = this.tokens.slice(this.tokens.indexOf(opToken), this.index).map((t) => t.text).join("");
    switch (operator.kind) {
      case "exists":
        return { type: "exists", subject, negated: operator.negated };
      case "compare": {
        const v = this.parseValue(opText);
        this.checkValue(subject, v.text, v.token, operator.op !== "==" && operator.op !== "!=");
        return { type: "compare", subject, operator: operator.op, value: v.text };
      }
      case "match": {
        const v = this.parseValue(opText);
        try {
          compilePattern(v.text);
        } catch (e) {
          this.fail(`invalid pattern '${v.text}' at position ${v.token.position}: ${(e as Error).message}`, v.token);
        }
        return { type: "match", subject, pattern: v.text, negated: operator.negated };
      }
      case "in": {
        const values = this.parseList(opText);
        for (const v of values) this.checkValue(subject, v.text, v.token, false);
        return { type: "in", subject, values: values.map((v) => v.text), negated: operator.negated };
      }
    }
  }

  private parseList(opText: string): { text: string; token: Token }[] {
    const open = this.peek();
    const close = open.kind === "lbracket" ? "rbracket" : open.kind === "lparen" ? "rparen" : undefined;
    if (!close) return [this.parseValue(opText)]; // `in prod`: a list of one
    this.next();
    const closeChar = close === "rbracket" ? "]" : ")";
    const values = [this.parseValue(open.text)];
    for (;;) {
      const t = this.peek();
      if (t.kind === "comma") {
        this.next();
        values.push(this.parseValue(","));
      } else if (t.kind === close) {
        this.next();
        return values;
      } else {
        this.fail(`expected ',' or '${closeChar}' in the list opened at position ${open.position}, found ${describe(t)} at position ${t.position}`, t);
      }
    }
  }

  /** Rejects values the subject can never take (a date that is no date, a count that is no number). */
  private checkValue(subject: Subject, value: string, token: Token, ordered: boolean): void {
    if (subject.kind !== "field") return;
    switch (subject.name) {
      case "runningTasksCount":
        if (!/^\d+$/.test(value)) this.fail(`runningTasksCount takes a whole number, found '${value}' at position ${token.position}`, token);
        return;
      case "registeredAt":
        if (parseDateValue(value) === undefined) {
          this.fail(`registeredAt takes a date like 2018-06-01 or 2018-06-01T12:00:00Z, found '${value}' at position ${token.position}`, token);
        }
        return;
      case "agentConnected":
        if (!/^(true|false)$/i.test(value)) this.fail(`agentConnected takes true or false, found '${value}' at position ${token.position}`, token);
        if (ordered) this.fail(`agentConnected cannot be ordered; use == or != at position ${token.position}`, token);
        return;
    }
  }
}

function flatten(type: "and" | "or", operands: QueryAst[]): QueryAst[] {
  return operands.flatMap((o) => (o.type === type ? o.operands : [o]));
}

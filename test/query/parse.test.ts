import { expect } from "chai";
import type { QueryAst } from "../../server/query/ast.js";
import { MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, parseQuery, QuerySyntaxError } from "../../server/query/parse.js";

const attr = (name: string) => ({ kind: "attribute" as const, name });
const field = (name: "ec2InstanceId" | "agentConnected" | "agentVersion" | "registeredAt" | "runningTasksCount" | "task:group") => ({
  kind: "field" as const,
  name,
});
const eq = (name: string, value: string): QueryAst => ({ type: "compare", subject: attr(name), operator: "==", value });

describe("query parser", () => {
  describe("valid queries", () => {
    const cases: [string, QueryAst][] = [
      ["", { type: "all" }],
      ["   \t\n ", { type: "all" }],
      ["attribute:stack == prod", eq("stack", "prod")],
      ["attribute:stack==prod", eq("stack", "prod")],
      ["attribute:stack equals prod", eq("stack", "prod")],
      ["attribute:stack EQUALS prod", eq("stack", "prod")],
      ["attribute:stack != prod", { type: "compare", subject: attr("stack"), operator: "!=", value: "prod" }],
      ["attribute:stack not_equals prod", { type: "compare", subject: attr("stack"), operator: "!=", value: "prod" }],
      ["runningTasksCount > 1", { type: "compare", subject: field("runningTasksCount"), operator: ">", value: "1" }],
      ["runningTasksCount greater_than 1", { type: "compare", subject: field("runningTasksCount"), operator: ">", value: "1" }],
      ["runningTasksCount >= 1", { type: "compare", subject: field("runningTasksCount"), operator: ">=", value: "1" }],
      ["runningTasksCount greater_than_equal 1", { type: "compare", subject: field("runningTasksCount"), operator: ">=", value: "1" }],
      ["runningTasksCount < 1", { type: "compare", subject: field("runningTasksCount"), operator: "<", value: "1" }],
      ["runningTasksCount less_than 1", { type: "compare", subject: field("runningTasksCount"), operator: "<", value: "1" }],
      ["runningTasksCount <= 1", { type: "compare", subject: field("runningTasksCount"), operator: "<=", value: "1" }],
      ["runningTasksCount less_than_equal 1", { type: "compare", subject: field("runningTasksCount"), operator: "<=", value: "1" }],
      ["attribute:gpu exists", { type: "exists", subject: attr("gpu"), negated: false }],
      ["attribute:gpu !exists", { type: "exists", subject: attr("gpu"), negated: true }],
      ["attribute:gpu ! exists", { type: "exists", subject: attr("gpu"), negated: true }],
      ["attribute:gpu not_exists", { type: "exists", subject: attr("gpu"), negated: true }],
      ["attribute:stack in (prod, gamma)", { type: "in", subject: attr("stack"), values: ["prod", "gamma"], negated: false }],
      ["attribute:stack in [prod, gamma]", { type: "in", subject: attr("stack"), values: ["prod", "gamma"], negated: false }],
      ["attribute:stack in [prod,gamma]", { type: "in", subject: attr("stack"), values: ["prod", "gamma"], negated: false }],
      ["attribute:stack in(prod)", { type: "in", subject: attr("stack"), values: ["prod"], negated: false }],
      ["attribute:stack in prod", { type: "in", subject: attr("stack"), values: ["prod"], negated: false }],
      ["attribute:stack !in [prod, gamma]", { type: "in", subject: attr("stack"), values: ["prod", "gamma"], negated: true }],
      ["attribute:stack not_in (prod, gamma)", { type: "in", subject: attr("stack"), values: ["prod", "gamma"], negated: true }],
      ["attribute:ecs.instance-type =~ g2.*", { type: "match", subject: attr("ecs.instance-type"), pattern: "g2.*", negated: false }],
      ["attribute:ecs.instance-type matches g2.*", { type: "match", subject: attr("ecs.instance-type"), pattern: "g2.*", negated: false }],
      ["attribute:ecs.instance-type !~ t2.*", { type: "match", subject: attr("ecs.instance-type"), pattern: "t2.*", negated: true }],
      ["attribute:ecs.instance-type not_matches t2.*", { type: "match", subject: attr("ecs.instance-type"), pattern: "t2.*", negated: true }],
      ["attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", {
        type: "in", subject: attr("ecs.availability-zone"), values: ["us-east-1a", "us-east-1b"], negated: false,
      }],
      ["ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", { type: "in", subject: field("ec2InstanceId"), values: ["i-abcd1234", "i-wxyx7890"], negated: false }],
      ["agentConnected == true", { type: "compare", subject: field("agentConnected"), operator: "==", value: "true" }],
      ["agentVersion >= 1.20.0", { type: "compare", subject: field("agentVersion"), operator: ">=", value: "1.20.0" }],
      ["registeredAt < 2018-06-01", { type: "compare", subject: field("registeredAt"), operator: "<", value: "2018-06-01" }],
      ["registeredAt >= 2018-06-01T10:00:00Z", { type: "compare", subject: field("registeredAt"), operator: ">=", value: "2018-06-01T10:00:00Z" }],
      ["task:group == service:production", { type: "compare", subject: field("task:group"), operator: "==", value: "service:production" }],
      ["attribute:stack == \"with space\"", eq("stack", "with space")],
      ["attribute:stack == 'it\\'s'", eq("stack", "it's")],
      ["attribute:stack == and", eq("stack", "and")],
      // Precedence: not > and > or.
      ["attribute:a == 1 or attribute:b == 2 and attribute:c == 3", {
        type: "or", operands: [eq("a", "1"), { type: "and", operands: [eq("b", "2"), eq("c", "3")] }],
      }],
      ["attribute:a == 1 and attribute:b == 2 or attribute:c == 3", {
        type: "or", operands: [{ type: "and", operands: [eq("a", "1"), eq("b", "2")] }, eq("c", "3")],
      }],
      ["(attribute:a == 1 or attribute:b == 2) and attribute:c == 3", {
        type: "and", operands: [{ type: "or", operands: [eq("a", "1"), eq("b", "2")] }, eq("c", "3")],
      }],
      ["not attribute:a == 1 and attribute:b == 2", {
        type: "and", operands: [{ type: "not", operand: eq("a", "1") }, eq("b", "2")],
      }],
      ["!attribute:a == 1 || attribute:b == 2 && attribute:c == 3", {
        type: "or", operands: [{ type: "not", operand: eq("a", "1") }, { type: "and", operands: [eq("b", "2"), eq("c", "3")] }],
      }],
      ["!(attribute:a == 1 || attribute:b == 2)", { type: "not", operand: { type: "or", operands: [eq("a", "1"), eq("b", "2")] } }],
      ["not not attribute:a == 1", { type: "not", operand: { type: "not", operand: eq("a", "1") } }],
      ["attribute:a == 1 AND attribute:b == 2 Or attribute:c == 3", {
        type: "or", operands: [{ type: "and", operands: [eq("a", "1"), eq("b", "2")] }, eq("c", "3")],
      }],
      // Chains flatten.
      ["attribute:a == 1 and (attribute:b == 2 and attribute:c == 3)", { type: "and", operands: [eq("a", "1"), eq("b", "2"), eq("c", "3")] }],
      ["((attribute:a == 1))", eq("a", "1")],
    ];
    for (const [query, expected] of cases) {
      it(`parses ${JSON.stringify(query)}`, () => {
        expect(parseQuery(query)).to.deep.equal(expected);
      });
    }
  });

  describe("invalid queries", () => {
    const cases: [string, number, RegExp][] = [
      ["attribute:stack", 15, /expected an operator after 'attribute:stack' at position 15/],
      ["attribute:stack prod", 16, /expected an operator after 'attribute:stack' at position 16/],
      ["attribute:stack =", 16, /unexpected character '='.*'=='/],
      ["attribute:stack = prod", 16, /unexpected character '=' at position 16/],
      ["attribute:stack ==", 18, /expected a value after '==', found the end of the query at position 18/],
      ["attribute:stack == prod gamma", 24, /unexpected 'gamma'/],
      ["attribute:stack == prod and", 27, /expected a subject/],
      ["stack == prod", 0, /expected a subject.*found 'stack' at position 0/],
      ["attribute: == prod", 10, /expected an attribute name/],
      ["== prod", 0, /expected a subject/],
      ["(attribute:stack == prod", 24, /expected '\)' to close the '\(' at position 0/],
      ["attribute:stack == prod)", 23, /unmatched '\)'/],
      ["attribute:stack in (prod, gamma", 31, /expected ',' or '\)' in the list opened at position 19/],
      ["attribute:stack in [prod, gamma)", 31, /expected ',' or '\]'/],
      ["attribute:stack in []", 20, /expected a value after '\['/],
      ["attribute:stack in [prod,]", 25, /expected a value after ','/],
      ["attribute:stack == 'prod", 19, /unterminated string starting at position 19/],
      ["attribute:a == 1 & attribute:b == 2", 17, /unexpected character '&'.*'&&'/],
      ["attribute:a == 1 | attribute:b == 2", 17, /'\|\|'/],
      ["attribute:a == 1 and or attribute:b == 2", 21, /expected a subject/],
      ["runningTasksCount > many", 20, /runningTasksCount takes a whole number/],
      ["runningTasksCount in [1, x]", 25, /whole number/],
      ["registeredAt < yesterday", 15, /registeredAt takes a date/],
      ["registeredAt < 2018-02-30", 15, /registeredAt takes a date/],
      ["agentConnected == maybe", 18, /agentConnected takes true or false/],
      ["agentConnected > true", 17, /cannot be ordered/],
      ["attribute:x =~ 'a(b'", 15, /invalid pattern/],
      ["attribute:x == {y}", 15, /unexpected character '\{' at position 15/],
      ["😀 == x", 0, /unexpected character '😀' at position 0/],
      ["attribute:a == b \ud800", 17, /unexpected character U\+D800 at position 17/],
      ["attribute:a == b \u0001", 17, /unexpected character U\+0001 at position 17/],
      ["not", 3, /expected a subject/],
      ["()", 1, /expected a subject/],
    ];
    for (const [query, position, message] of cases) {
      it(`rejects ${JSON.stringify(query)} at position ${position}`, () => {
        let error: unknown;
        try {
          parseQuery(query);
        } catch (e) {
          error = e;
        }
        expect(error).to.be.instanceOf(QuerySyntaxError);
        const e = error as QuerySyntaxError;
        expect(e.position, e.message).to.equal(position);
        expect(e.message).to.match(message);
        expect(e.message).to.contain(`position ${position}`);
      });
    }
  });

  describe("limits", () => {
    it(`rejects queries longer than ${MAX_QUERY_LENGTH} characters`, () => {
      const q = "attribute:stack == " + "x".repeat(MAX_QUERY_LENGTH);
      expect(() => parseQuery(q)).to.throw(QuerySyntaxError, /limit is 4096/);
    });

    it("accepts a query of exactly the maximum length", () => {
      const prefix = "attribute:stack == ";
      const q = prefix + "x".repeat(MAX_QUERY_LENGTH - prefix.length);
      expect(parseQuery(q)).to.deep.equal(eq("stack", "x".repeat(MAX_QUERY_LENGTH - prefix.length)));
    });

    it(`accepts nesting of ${MAX_QUERY_DEPTH} and rejects ${MAX_QUERY_DEPTH + 1}, never overflowing the stack`, () => {
      const nest = (n: number) => "(".repeat(n) + "attribute:a exists" + ")".repeat(n);
      expect(parseQuery(nest(MAX_QUERY_DEPTH))).to.deep.equal({ type: "exists", subject: attr("a"), negated: false });
      expect(() => parseQuery(nest(MAX_QUERY_DEPTH + 1))).to.throw(QuerySyntaxError, /deeper than 64/);
      const nots = "not ".repeat(1000) + "attribute:a exists";
      expect(() => parseQuery(nots)).to.throw(QuerySyntaxError, /deeper than 64/);
      const bangs = "!".repeat(4000) + "attribute:a exists";
      expect(() => parseQuery(bangs)).to.throw(QuerySyntaxError, /deeper than 64/);
    });

    it("handles a long flat chain without recursion", () => {
      const parts = Array.from({ length: 150 }, (_, i) => `attribute:a${i} exists`);
      const ast = parseQuery(parts.join(" or "));
      expect(ast.type).to.equal("or");
      expect((ast as { operands: QueryAst[] }).operands).to.have.length(150);
    });

    it("never throws anything but QuerySyntaxError on random input", () => {
      let seed = 42;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
      const alphabet = ["attribute:stack", " ", "==", "!=", "(", ")", "[", "]", ",", "and", "or", "not", "!", "in", "exists", "'", "prod", "=~", ".*", "&&", "||", "<", ">=", "runningTasksCount", "3", "task:group", "\\", "\""];
      for (let n = 0; n < 2000; n++) {
        let q = "";
        const len = Math.floor(rnd() * 12);
        for (let i = 0; i < len; i++) q += alphabet[Math.floor(rnd() * alphabet.length)];
        try {
          parseQuery(q);
        } catch (e) {
          expect(e, q).to.be.instanceOf(QuerySyntaxError);
          const p = (e as QuerySyntaxError).position;
          expect(p, q).to.be.within(0, q.length);
        }
      }
    });
  });
});

import { expect } from "chai";
import { formatValue, toEcsExpression } from "../../server/query/format.js";
import { parseQuery } from "../../server/query/parse.js";

describe("toEcsExpression", () => {
  const cases: [string, string][] = [
    ["", ""],
    ["attribute:stack == prod", "attribute:stack == prod"],
    ["attribute:stack   equals   prod", "attribute:stack == prod"],
    ["attribute:stack in (prod, gamma)", "attribute:stack in [prod, gamma]"],
    ["attribute:stack not_in (prod,gamma)", "attribute:stack !in [prod, gamma]"],
    ["attribute:stack in prod", "attribute:stack in [prod]"],
    ["attribute:gpu not_exists", "attribute:gpu !exists"],
    ["attribute:gpu ! exists", "attribute:gpu !exists"],
    ["attribute:ecs.instance-type matches g2.*", "attribute:ecs.instance-type =~ g2.*"],
    // A value made of word characters goes out bare, as the user wrote it: whether ECS
    // unescapes backslashes inside quotes is undocumented, so none are added.
    ["attribute:ecs.instance-type not_matches 'm5\\..*'", "attribute:ecs.instance-type !~ m5\\..*"],
    ["attribute:ecs.availability-zone =~ us\\-east\\-1.*", "attribute:ecs.availability-zone =~ us\\-east\\-1.*"],
    ["attribute:team == dev@example", "attribute:team == dev@example"],
    ["runningTasksCount greater_than_equal 2", "runningTasksCount >= 2"],
    ["runningTasksCount less_than_equal 2 && agentConnected equals true", "runningTasksCount <= 2 and agentConnected == true"],
    ["attribute:a exists || attribute:b exists && attribute:c exists", "attribute:a exists or attribute:b exists and attribute:c exists"],
    ["(attribute:a exists || attribute:b exists) && attribute:c exists", "(attribute:a exists or attribute:b exists) and attribute:c exists"],
    ["!attribute:a exists", "not (attribute:a exists)"],
    ["not (attribute:a exists and attribute:b exists)", "not (attribute:a exists and attribute:b exists)"],
    ["attribute:stack == \"two words\"", "attribute:stack == 'two words'"],
    ["attribute:stack == \"it's\"", "attribute:stack == 'it\\'s'"],
    ["attribute:stack == 'and'", "attribute:stack == 'and'"],
    ["ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", "ec2InstanceId in [i-abcd1234, i-wxyx7890]"],
    ["registeredAt < 2018-06-01", "registeredAt < 2018-06-01"],
    ["task:group == service:production", "task:group == service:production"],
  ];
  for (const [query, expected] of cases) {
    it(`${JSON.stringify(query)} → ${JSON.stringify(expected)}`, () => {
      const ast = parseQuery(query);
      const text = toEcsExpression(ast);
      expect(text).to.equal(expected);
      // Invariant: the canonical form parses back to the same tree.
      expect(parseQuery(text)).to.deep.equal(ast);
    });
  }

  it("quotes values that are not bare words", () => {
    expect(formatValue("prod")).to.equal("prod");
    expect(formatValue("")).to.equal("''");
    expect(formatValue("a b")).to.equal("'a b'");
    expect(formatValue("a\\b")).to.equal("a\\b");
    expect(formatValue("a b\\c")).to.equal("'a b\\\\c'");
    expect(formatValue("it's")).to.equal("'it\\'s'");
    expect(formatValue("OR")).to.equal("'OR'");
  });

  it("round-trips a hand-built tree with nested operators of the same kind", () => {
    const ast = {
      type: "and" as const,
      operands: [
        { type: "exists" as const, subject: { kind: "attribute" as const, name: "a" }, negated: false },
        { type: "and" as const, operands: [{ type: "exists" as const, subject: { kind: "attribute" as const, name: "b" }, negated: true }] },
      ],
    };
    expect(toEcsExpression(ast)).to.equal("attribute:a exists and (attribute:b !exists)");
  });
});

import { expect } from "chai";
import type { ContainerInstance } from "../../server/domain/cluster.js";
import { matchesQuery } from "../../server/query/evaluate.js";
import { parseQuery } from "../../server/query/parse.js";

function instance(over: Partial<ContainerInstance> = {}): ContainerInstance {
  return {
    arn: "arn:aws:ecs:us-east-1:000000000000:container-instance/default/0123456789abcdef0123456789abcdef",
    ec2InstanceId: "i-0123456789abcdef0",
    status: "ACTIVE",
    attributes: { stack: "prod", "ecs.instance-type": "g2.2xlarge", "ecs.availability-zone": "us-east-1a", weight: "10" },
    agentConnected: true,
    agentVersion: "1.80.0",
    registeredAt: Date.UTC(2018, 5, 15, 12, 0, 0),
    runningTasksCount: 3,
    pendingTasksCount: 0,
    ...over,
  };
}

describe("query evaluation", () => {
  const prod = instance();
  const gamma = instance({ attributes: { stack: "gamma", "ecs.instance-type": "t2.micro" } });
  const bare = instance({ attributes: {}, agentConnected: false, runningTasksCount: 0, agentVersion: "1.9.0" });

  // [query, prod, gamma, bare]
  const cases: [string, boolean, boolean, boolean][] = [
    ["", true, true, true],
    ["attribute:stack == prod", true, false, false],
    ["attribute:stack != prod", false, true, true],
    ["attribute:stack equals gamma", false, true, false],
    ["attribute:stack exists", true, true, false],
    ["attribute:stack !exists", false, false, true],
    ["attribute:stack in (prod, gamma)", true, true, false],
    ["attribute:stack in [prod, gamma]", true, true, false],
    ["attribute:stack !in [prod]", false, true, true],
    ["attribute:ecs.instance-type =~ g2.*", true, false, false],
    ["attribute:ecs.instance-type matches 'g2\\.\\d?xlarge'", true, false, false],
    ["attribute:ecs.instance-type =~ 'g2\\.[0-9]xlarge'", true, false, false],
    ["attribute:ecs.instance-type !~ g2.*", false, true, true],
    ["attribute:ecs.instance-type =~ g2", false, false, false], // full match, not substring
    ["attribute:ecs.instance-type =~ '*.micro'", false, true, false], // wildcard fallback
    // Java regex escapes that JavaScript's unicode mode rejects (\-, \_): still regexes, not wildcards.
    ["attribute:ecs.availability-zone =~ us\\-east\\-1.*", true, false, false],
    ["attribute:ecs.availability-zone =~ 'us\\-east\\-1[ab]'", true, false, false],
    ["attribute:ecs.availability-zone !~ us\\-east\\-1a", false, true, true],
    ["attribute:weight > 9", true, false, false], // numeric, not "10" < "9"
    ["attribute:weight <= 10", true, false, false],
    ["attribute:stack > alpha", true, true, false],
    ["attribute:stack == prod and attribute:ecs.instance-type =~ g2.*", true, false, false],
    ["attribute:stack == gamma or runningTasksCount == 0", false, true, true],
    ["not attribute:stack == prod", false, true, true],
    ["!(attribute:stack == prod or attribute:stack == gamma)", false, false, true],
    ["attribute:stack == prod or attribute:stack == gamma and runningTasksCount > 100", true, false, false],
    ["(attribute:stack == prod or attribute:stack == gamma) and runningTasksCount > 100", false, false, false],
    ["runningTasksCount >= 3", true, true, false],
    ["runningTasksCount less_than 3", false, false, true],
    ["runningTasksCount in [0, 1]", false, false, true],
    ["agentConnected == true", true, true, false],
    ["agentConnected != TRUE", false, false, true],
    ["agentVersion >= 1.20.0", true, true, false], // 1.80.0 >= 1.20.0 > 1.9.0 as versions
    ["agentVersion == 1.80", true, true, false],
    ["ec2InstanceId == i-0123456789abcdef0", true, true, true],
    ["ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", false, false, false],
    ["ec2InstanceId =~ 'i-0123.*'", true, true, true],
    ["registeredAt > 2018-06-01", true, true, true],
    ["registeredAt < 2018-06-15T12:00:00Z", false, false, false],
    ["registeredAt <= 2018-06-15T12:00:00Z", true, true, true],
    ["registeredAt == 2018-06-15T14:00:00+02:00", true, true, true],
  ];
  for (const [query, p, g, b] of cases) {
    it(`${JSON.stringify(query)} → prod ${p}, gamma ${g}, bare ${b}`, () => {
      const ast = parseQuery(query);
      expect(matchesQuery(ast, prod), "prod").to.equal(p);
      expect(matchesQuery(ast, gamma), "gamma").to.equal(g);
      expect(matchesQuery(ast, bare), "bare").to.equal(b);
    });
  }

  it("negated operators are the exact negation of their positive forms", () => {
    const pairs: [string, string][] = [
      ["attribute:stack == prod", "attribute:stack != prod"],
      ["attribute:stack exists", "attribute:stack !exists"],
      ["attribute:stack in (prod, beta)", "attribute:stack !in (prod, beta)"],
      ["attribute:stack =~ p.*", "attribute:stack !~ p.*"],
      ["task:group == blox:e1", "task:group != blox:e1"],
    ];
    const groupsets = [new Set<string>(), new Set(["blox:e1"]), new Set(["blox:e1", "other"]), new Set(["other"])];
    for (const [pos, neg] of pairs) {
      for (const inst of [prod, gamma, bare]) {
        for (const taskGroups of groupsets) {
          expect(matchesQuery(parseQuery(neg), inst, { taskGroups }), `${neg}`).to.equal(!matchesQuery(parseQuery(pos), inst, { taskGroups }));
        }
      }
    }
  });

  describe("task:group", () => {
    const groups = { taskGroups: new Set(["service:web", "blox:env-1"]) };
    const cases: [string, boolean, boolean][] = [
      // [query, with groups, without tasks]
      ["task:group == service:web", true, false],
      ["task:group == service:db", false, false],
      ["task:group != service:web", false, true],
      ["task:group in [service:db, blox:env-1]", true, false],
      ["task:group !in [service:db]", true, true],
      ["task:group exists", true, false],
      ["task:group !exists", false, true],
      ["task:group =~ 'service:.*'", true, false],
      ["not task:group == service:web", false, true],
    ];
    for (const [query, withGroups, none] of cases) {
      it(`${query} → ${withGroups} / ${none}`, () => {
        expect(matchesQuery(parseQuery(query), prod, groups)).to.equal(withGroups);
        expect(matchesQuery(parseQuery(query), prod)).to.equal(none);
        expect(matchesQuery(parseQuery(query), prod, { taskGroups: new Set() })).to.equal(none);
      });
    }
  });
});

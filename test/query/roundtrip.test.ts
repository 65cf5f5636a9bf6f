import { expect } from "chai";
import type { ContainerInstance } from "../../server/domain/cluster.js";
import { FIELD_NAMES, type QueryAst, type Subject } from "../../server/query/ast.js";
import { matchesQuery } from "../../server/query/evaluate.js";
import { toEcsExpression } from "../../server/query/format.js";
import { parseQuery } from "../../server/query/parse.js";

// Seeded generator of random well-formed trees: the canonical text must parse
// back to the same tree, and De Morgan must hold under evaluation.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function randomTree(r: () => number, depth: number): QueryAst {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const words = ["prod", "gamma", "a b", "it's", "and", "x.y-z", "1", "10", "", "back\\slash"];
  const subject = (): Subject =>
    r() < 0.7 ? { kind: "attribute", name: pick(["stack", "ecs.instance-type", "weight"]) } : { kind: "field", name: pick(FIELD_NAMES.filter((f) => f === "ec2InstanceId" || f === "task:group" || f === "agentVersion")) };
  if (depth > 0 && r() < 0.5) {
    const kind = pick(["and", "or", "not"] as const);
    if (kind === "not") return { type: "not", operand: randomTree(r, depth - 1) };
    const n = 2 + Math.floor(r() * 3);
    // Children of the same kind would be flattened by the parser; avoid generating them.
    const operands: QueryAst[] = [];
    while (operands.length < n) {
      const child = randomTree(r, depth - 1);
      if (child.type !== kind) operands.push(child);
    }
    return { type: kind, operands };
  }
  switch (pick(["compare", "exists", "in", "match"] as const)) {
    case "compare":
      return { type: "compare", subject: subject(), operator: pick(["==", "!=", ">", ">=", "<", "<="] as const), value: pick(words) };
    case "exists":
      return { type: "exists", subject: subject(), negated: r() < 0.5 };
    case "in":
      return { type: "in", subject: subject(), values: words.filter(() => r() < 0.3).concat("prod"), negated: r() < 0.5 };
    case "match":
      return { type: "match", subject: subject(), pattern: pick(["p.*", "g[0-9]", "a b", ".*"]), negated: r() < 0.5 };
  }
}

const instances: ContainerInstance[] = ["prod", "gamma", undefined].map((stack, i) => ({
  arn: `arn:${i}`,
  ec2InstanceId: `i-${i}`,
  status: "ACTIVE",
  attributes: (stack ? { stack, weight: String(i * 5), "ecs.instance-type": "g2.2xlarge" } : {}) as Record<string, string>,
  agentConnected: true,
  agentVersion: "1.80.0",
  registeredAt: 0,
  runningTasksCount: i,
  pendingTasksCount: 0,
}));

describe("query round trip (500 seeded random trees)", () => {
  it("parseQuery(toEcsExpression(ast)) deep-equals ast, and not(ast) is its complement", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = rng(seed);
      const ast = randomTree(r, 4);
      const text = toEcsExpression(ast);
      let back: QueryAst;
      try {
        back = parseQuery(text);
      } catch (e) {
        throw new Error(`seed ${seed}: ${text}: ${(e as Error).message}`);
      }
      expect(back, `seed ${seed}: ${text}`).to.deep.equal(ast);
      const negated = parseQuery(`not (${text})`);
      for (const inst of instances) {
        const taskGroups = new Set(r() < 0.5 ? ["prod"] : []);
        expect(matchesQuery(negated, inst, { taskGroups }), `seed ${seed}`).to.equal(!matchesQuery(ast, inst, { taskGroups }));
      }
    }
  });
});

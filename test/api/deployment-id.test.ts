import { expect } from "chai";
import {
  formatDeploymentId,
  formatDeploymentTime,
  insertDeploymentWithUniqueId,
  parseDeploymentId,
} from "../../server/api/deployment-id.js";
import { Code, ConnectError } from "../../server/errors.js";
import { createTestStore } from "./fakes.js";

describe("deployment ids", () => {
  const cases: [string, number, string][] = [
    ["the doc's example", Date.UTC(2017, 8, 6, 11, 47, 23, 10), "2017090611472301"],
    ["the doc's second example", Date.UTC(2017, 8, 22, 11, 47, 32, 40), "2017092211473204"],
    ["centiseconds truncate, never round up into the next second", Date.UTC(2020, 0, 1, 0, 0, 0, 999), "2020010100000099"],
    ["UTC, zero-padded", Date.UTC(2001, 1, 3, 4, 5, 6, 70), "2001020304050607"],
  ];
  for (const [what, ms, expected] of cases) {
    it(`time: ${what}`, () => {
      expect(formatDeploymentTime(ms)).to.equal(expected);
      expect(formatDeploymentTime(ms)).to.have.length(16);
    });
  }

  it("formats and parses the doc's form, with suffixes", () => {
    const ms = Date.UTC(2017, 8, 6, 11, 47, 23, 10);
    expect(formatDeploymentId("SomeEnvironment/Prod", 1, ms)).to.equal("SomeEnvironment/Prod:1@2017090611472301");
    expect(formatDeploymentId("SomeEnvironment/Prod", 1, ms, 3)).to.equal("SomeEnvironment/Prod:1@2017090611472301-3");
    // Names may contain ':' and '@'; parsing anchors on the last ones.
    for (const [name, rev, attempt] of [["a:b@c", 12, 1], ["x", 3, 7]] as const) {
      const id = formatDeploymentId(name, rev, ms, attempt);
      expect(parseDeploymentId(id)).to.deep.equal({ environmentName: name, revision: rev, time: "2017090611472301", suffix: attempt });
    }
    expect(parseDeploymentId("nonsense")).to.equal(undefined);
  });

  it("many inserts in one centisecond all get distinct ids, in suffix order", async () => {
    const store = await createTestStore();
    const base = { environmentName: "e", revision: 1, fromRevision: 0, rollback: false, state: "in_progress" as const, startedAt: 0 };
    const ids = await Promise.all(Array.from({ length: 25 }, () => insertDeploymentWithUniqueId(store, base)));
    const set = new Set(ids.map((d) => d.deploymentId));
    expect(set.size).to.equal(25);
    expect(set.has("e:1@1970010100000000")).to.equal(true);
    expect(set.has("e:1@1970010100000000-25")).to.equal(true);
    expect(set.has("e:1@1970010100000000-1")).to.equal(false);
  });

  it("passes other store errors through", async () => {
    const failing = { insertDeployment: async () => { throw new ConnectError("db down", Code.Unavailable); } };
    const base = { environmentName: "e", revision: 1, fromRevision: 0, rollback: false, state: "in_progress" as const, startedAt: 0 };
    let err: unknown;
    await insertDeploymentWithUniqueId(failing, base).catch((e) => (err = e));
    expect((err as ConnectError).code).to.equal(Code.Unavailable);
  });
});

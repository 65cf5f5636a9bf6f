import { expect } from "chai";
import { EXIT } from "../../client/cli/exit-codes.js";
import { decideWait, initialWaitState, stepWait, type WaitOptions } from "../../client/cli/wait.js";
import { ConditionType, EnvironmentStatus, RevisionStatus, type WatchEnvironmentStatusResponse } from "../../gen/blox/v1/environment_pb.js";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import * as fx from "./support/fixtures.js";

const E = EnvironmentStatus;
const R = RevisionStatus;

function m(seq: number, env: Parameters<typeof fx.view>[0], revs: Parameters<typeof fx.view>[1], extra = {}): WatchEnvironmentStatusResponse {
  return fx.message(seq, fx.view(env, revs, extra));
}
const heartbeat = (seq: number) => fx.message(seq, undefined);

const created = m(1, [0, E.CREATED, 0, 0, 0, 5], [[1, R.CREATED, 0, 0, 5]]);
const deploying1 = m(2, [1, E.DEPLOYING, 0, 5, 0, 5], [[1, R.DEPLOYING, 5, 0, 5]]);
const deploying1b = m(3, [1, E.DEPLOYING, 0, 5, 3, 5], [[1, R.DEPLOYING, 5, 3, 5]]);
const active1 = m(4, [1, E.ACTIVE, 0, 5, 5, 5], [[1, R.ACTIVE, 5, 5, 5]]);
const deploying2 = m(5, [2, E.DEPLOYING, 2, 7, 5, 5], [[1, R.UNDEPLOYING, 2, 2, 0], [2, R.DEPLOYING, 5, 3, 5]]);
const active2 = m(6, [2, E.ACTIVE, 0, 5, 5, 5], [[2, R.ACTIVE, 5, 5, 5]]);
const stuckEnv = m(7, [2, E.STUCK, 2, 7, 5, 5], [[1, R.UNDEPLOYING, 2, 2, 0], [2, R.DEPLOYING, 5, 3, 5]]);
const failingEnv = m(7, [2, E.FAILING, 2, 7, 2, 5], [[2, R.DEPLOYING, 5, 2, 5]]);
const stuckCondition = (() => {
  const msg = m(7, [2, E.DEPLOYING, 2, 7, 5, 5], [[1, R.UNDEPLOYING, 2, 2, 0], [2, R.DEPLOYING, 5, 3, 5]]);
  msg.status!.revisions[1].conditions.push({ $typeName: "blox.v1.Condition", type: ConditionType.STUCK, reason: "no free memory on i-0c3", since: timestampFromMs(fx.T0) });
  return msg;
})();
const frozenStuck = (() => {
  const msg = m(7, [2, E.FROZEN, 2, 7, 5, 5], [[2, R.DEPLOYING, 5, 3, 5]]);
  msg.status!.revisions[0].conditions.push({ $typeName: "blox.v1.Condition", type: ConditionType.STUCK, reason: "frozen", since: timestampFromMs(fx.T0) });
  return msg;
})();
const rolledBack = m(8, [1, E.DEPLOYING, 5, 5, 5, 5], [[1, R.DEPLOYING, 5, 0, 5], [2, R.REVERTING, 0, 5, 0]]);
const deploying3 = m(8, [3, E.DEPLOYING, 5, 5, 5, 5], [[2, R.UNDEPLOYING, 5, 5, 0], [3, R.DEPLOYING, 5, 0, 5]]);
const deleting = m(9, [2, E.DELETING, 5, 0, 5, 0], [[2, R.UNDEPLOYING, 0, 5, 0]]);
const deleted = m(10, [2, E.DELETED, 0, 0, 0, 0], []);
const activeEnvRevStillDeploying = m(6, [2, E.ACTIVE, 0, 5, 5, 5], [[2, R.DEPLOYING, 5, 5, 5]]);

const ACTIVE: WaitOptions = { until: "Active" };

describe("wait-environment decision", () => {
  const cases: [string, WaitOptions, WatchEnvironmentStatusResponse[], number | "pending", RegExp?][] = [
    ["first deploy reaches Active", ACTIVE, [deploying1, deploying1b, active1], EXIT.OK, /SomeEnvironment\/Prod:1 is Active \(5\/5 healthy\)/],
    ["update deploy reaches Active", ACTIVE, [deploying2, active2], EXIT.OK],
    ["already Active at start", ACTIVE, [active2], EXIT.OK],
    ["still deploying", ACTIVE, [deploying2], "pending"],
    ["nothing deployed yet keeps waiting", ACTIVE, [created], "pending"],
    ["deploy after the wait started", ACTIVE, [created, deploying1, active1], EXIT.OK],
    ["Stuck environment", ACTIVE, [deploying2, stuckEnv], EXIT.STUCK, /is Stuck/],
    ["Stuck condition on the revision", ACTIVE, [deploying2, stuckCondition], EXIT.STUCK, /Stuck: no free memory on i-0c3/],
    ["Failing environment", ACTIVE, [deploying2, failingEnv], EXIT.FAILING, /is Failing/],
    ["Frozen with a Stuck condition keeps waiting", ACTIVE, [deploying2, frozenStuck], "pending"],
    ["rolled back while waiting", ACTIVE, [deploying2, rolledBack], EXIT.SUPERSEDED, /target revision is now 1 \(was waiting for 2\)/],
    ["a newer deploy supersedes", ACTIVE, [deploying2, deploying3], EXIT.SUPERSEDED],
    ["--revision newer than the target waits for the deploy", { until: "Active", revision: 2n }, [active1, deploying2, active2], EXIT.OK],
    ["--revision older than the target is superseded", { until: "Active", revision: 1n }, [deploying2], EXIT.SUPERSEDED],
    ["environment deleted", ACTIVE, [deploying2, deleting], EXIT.SUPERSEDED, /Deleting; it will not become Active/],
    ["--until Deleted", { until: "Deleted" }, [deploying2, deleting, deleted], EXIT.OK, /is Deleted/],
    ["--until Deleted while still Deleting", { until: "Deleted" }, [deleting], "pending"],
    ["Active environment but the revision row not yet Active", ACTIVE, [activeEnvRevStillDeploying], "pending"],
    ["Frozen with the revision already Active", ACTIVE, [deploying2, m(7, [2, E.FROZEN, 0, 5, 5, 5], [[2, R.ACTIVE, 5, 5, 5]])], EXIT.OK],
    ["Frozen mid-rollout keeps waiting", ACTIVE, [deploying2, m(7, [2, E.FROZEN, 2, 7, 5, 5], [[2, R.DEPLOYING, 5, 3, 5]])], "pending"],
    ["heartbeats only", ACTIVE, [heartbeat(1), heartbeat(1)], "pending"],
  ];
  for (const [title, opts, msgs, want, message] of cases) {
    it(title, () => {
      const step = decideWait(opts, msgs);
      if (want === "pending") {
        expect(step.done, step.done ? step.message : "").to.equal(false);
      } else {
        expect(step.done).to.equal(true);
        if (step.done) {
          expect(step.exitCode).to.equal(want);
          if (message) expect(step.message).to.match(message);
        }
      }
      // Invariant: heartbeats anywhere in the stream change nothing.
      const withBeats = msgs.flatMap((x, i) => [heartbeat(i), x, heartbeat(i)]);
      const again = decideWait(opts, withBeats);
      expect(again.done).to.equal(step.done);
      if (again.done && step.done) expect(again.exitCode).to.equal(step.exitCode);
    });
  }

  it("stops at the first terminal message", () => {
    const step = decideWait(ACTIVE, [deploying2, stuckEnv, active2]);
    expect(step.done && step.exitCode).to.equal(EXIT.STUCK);
  });

  it("reports progress only when it changes", () => {
    let state = initialWaitState(ACTIVE);
    const lines: (string | undefined)[] = [];
    for (const msg of [deploying2, deploying2, heartbeat(5), deploying2]) {
      const step = stepWait(ACTIVE, state, msg);
      state = step.state;
      if (!step.done) lines.push(step.progress);
    }
    expect(lines.filter(Boolean)).to.have.length(1);
    expect(lines[0]).to.equal("SomeEnvironment/Prod: Deploying; revision 2 Deploying 3/5 healthy; outdated 2");
  });

  it("progress names a cluster error, which would otherwise look like a rollout that never moves", () => {
    const msg = m(2, [1, E.DEPLOYING, 0, 0, 0, 0], [[1, R.DEPLOYING, 0, 0, 0]]);
    msg.status!.conditions.push({
      $typeName: "blox.v1.Condition",
      type: ConditionType.CLUSTER_ERROR,
      reason: "cluster 'nope' not found",
      since: timestampFromMs(fx.T0),
    });
    const step = stepWait(ACTIVE, initialWaitState(ACTIVE), msg);
    expect(step.done).to.equal(false);
    expect(!step.done && step.progress).to.equal(
      "SomeEnvironment/Prod: Deploying; revision 1 Deploying 0/0 healthy; outdated 0; cluster error: cluster 'nope' not found",
    );
  });

  it("distinct exit codes", () => {
    const codes = [EXIT.OK, EXIT.ERROR, EXIT.USAGE, EXIT.FAILING, EXIT.STUCK, EXIT.TIMEOUT, EXIT.CONNECTION_LOST, EXIT.SUPERSEDED];
    expect(new Set(codes).size).to.equal(codes.length);
  });
});

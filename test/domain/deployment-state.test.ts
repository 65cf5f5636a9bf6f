import { expect } from "chai";
import {
  DEPLOYMENT_TRANSITIONS,
  canTransition,
  endDeployment,
  endStateFor,
  isFinished,
  type DeploymentTransitionWriter,
} from "../../server/domain/deployment-state.js";
import type { DeploymentState } from "../../server/domain/environment.js";
import { Code, ConnectError } from "../../server/errors.js";

const STATES: DeploymentState[] = ["in_progress", "completed", "superseded", "cancelled"];

/** A writer keeping states in a map, with the stores' conditional semantics. */
function memoryWriter(states: Record<string, DeploymentState>): DeploymentTransitionWriter & { writes: string[] } {
  const writes: string[] = [];
  return {
    writes,
    async transitionDeployment(id, from, to, at) {
      const state = states[id];
      if (state === undefined) throw new ConnectError(`deployment ${id} not found`, Code.NotFound);
      if (state !== from) return { moved: false, state };
      states[id] = to;
      writes.push(`${id}:${from}->${to}@${at}`);
      return { moved: true, state: to };
    },
  };
}

describe("deployment state machine", function () {
  it("has exactly the transitions in progress → completed, superseded, cancelled", function () {
    const allowed = STATES.flatMap((from) => STATES.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`));
    expect(allowed).to.deep.equal(["in_progress->completed", "in_progress->superseded", "in_progress->cancelled"]);
    expect(Object.keys(DEPLOYMENT_TRANSITIONS).sort()).to.deep.equal([...STATES].sort());
  });

  it("treats every end state as final and in progress as not", function () {
    expect(STATES.filter(isFinished)).to.deep.equal(["completed", "superseded", "cancelled"]);
  });

  it("maps each cause to its end state", function () {
    expect(endStateFor("rollout-finished")).to.equal("completed");
    expect(endStateFor("target-moved")).to.equal("superseded");
    expect(endStateFor("environment-deleted")).to.equal("cancelled");
    expect(endStateFor("deploy-failed")).to.equal("cancelled");
  });

  it("ends an in-progress deployment once; a later end of another cause leaves the first", async function () {
    const w = memoryWriter({ d1: "in_progress" });
    expect(await endDeployment(w, "d1", "target-moved", 10)).to.deep.equal({ moved: true, state: "superseded" });
    expect(await endDeployment(w, "d1", "rollout-finished", 20)).to.deep.equal({ moved: false, state: "superseded" });
    expect(w.writes).to.deep.equal(["d1:in_progress->superseded@10"]);
  });

  it("has nothing to end for an empty id or an unknown deployment, and passes other errors on", async function () {
    const w = memoryWriter({});
    expect(await endDeployment(w, "", "environment-deleted", 1)).to.deep.equal({ moved: false, state: undefined });
    expect(await endDeployment(w, undefined, "environment-deleted", 1)).to.deep.equal({ moved: false, state: undefined });
    expect(await endDeployment(w, "gone", "rollout-finished", 1)).to.deep.equal({ moved: false, state: undefined });
    const failing: DeploymentTransitionWriter = {
      transitionDeployment: () => Promise.reject(new ConnectError("database unavailable: down", Code.Unavailable)),
    };
    let caught: unknown;
    await endDeployment(failing, "d", "rollout-finished", 1).catch((err: unknown) => (caught = err));
    expect((caught as ConnectError).code).to.equal(Code.Unavailable);
  });
});

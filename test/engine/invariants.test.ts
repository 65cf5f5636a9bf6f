// The engine scenarios' checks must be able to fail: broken planners, run
// through the real reconciler, are caught by the cluster invariants (with
// the per-plan checks switched off), by the per-plan checks, and by the
// convergence check.

import { expect } from "chai";
import { TAG_REVISION } from "../../server/domain/cluster.js";
import { plan as realPlan } from "../../server/planner/plan.js";
import type { PlanInput, PlanOutput, PlannedAction } from "../../server/planner/types.js";
import { createEngine, type BackendKind } from "./support/engine.js";
import { startRollout, type DeploymentInit } from "./support/scenario.js";

type Mutation = (input: PlanInput, out: PlanOutput) => PlannedAction[];

/** The real planner with its actions rewritten once revision 2 is the target. */
const mutant = (mutation: Mutation) => (input: PlanInput): PlanOutput => {
  const out = realPlan(input);
  if (input.environment.targetRevision !== 2) return out;
  return { ...out, actions: mutation(input, out) };
};

const liveRev1 = (input: PlanInput) =>
  input.tasks.filter((t) => t.tags[TAG_REVISION] === "1" && t.lastStatus !== "STOPPED" && t.desiredStatus === "RUNNING");
const missingRev2 = (input: PlanInput) =>
  input.instances.filter((i) => !input.tasks.some((t) => t.containerInstanceArn === i.arn && t.tags[TAG_REVISION] === "2" && t.lastStatus !== "STOPPED"));
const start2 = (arn: string): PlannedAction => ({ kind: "start", containerInstanceArn: arn, revision: 2, taskDefinition: "log-daemon:2" });

interface Case {
  name: string;
  deployment: DeploymentInit;
  mutation: Mutation;
  checkPlans: boolean;
  error: RegExp;
  backend?: BackendKind;
}

const TTR_60: DeploymentInit = { method: "TerminateThenReplace", minHealthyPercent: 60 };

const cases: Case[] = [
  {
    name: "stopping every old task at once breaks the floor",
    deployment: TTR_60,
    checkPlans: false,
    mutation: (input) => liveRev1(input).map((t) => ({ kind: "stop", taskArn: t.arn, revision: 1, reason: "Blox: mutant" })),
    error: /stops of healthy tasks left HEALTHY 0 below the floor 3/,
  },
  {
    name: "TerminateThenReplace starting next to a live task",
    deployment: TTR_60,
    checkPlans: false,
    mutation: (input, out) => [...out.actions.filter((a) => a.kind === "stop"), ...missingRev2(input).map((i) => start2(i.arn))],
    error: /TerminateThenReplace started .* next to/,
  },
  {
    name: "ReplaceThenTerminate surging on every instance",
    deployment: { method: "ReplaceThenTerminate", maxOverPercent: 25 },
    checkPlans: false,
    mutation: (input) => missingRev2(input).map((i) => start2(i.arn)),
    error: /5 instances hold two copies, surge budget 2/,
  },
  {
    name: "starting the same revision twice on one instance",
    deployment: { method: "ReplaceThenTerminate", maxOverPercent: 100 },
    checkPlans: false,
    mutation: (_input, out) => [...out.actions, ...out.actions.filter((a) => a.kind === "start")],
    error: /double start: 2 live tasks on .* rev 2/,
  },
  {
    name: "the per-plan checks catch the floor too, on what the ECS backend reported",
    deployment: TTR_60,
    checkPlans: true,
    backend: "ecs",
    mutation: (input) => liveRev1(input).map((t) => ({ kind: "stop", taskArn: t.arn, revision: 1, reason: "Blox: mutant" })),
    error: /\[ecs\] step 0: stops take HEALTHY from 5 to 0, below the floor 3/,
  },
  {
    name: "a planner that never stops old tasks does not converge",
    deployment: { method: "ReplaceThenTerminate", maxOverPercent: 100 },
    checkPlans: false,
    mutation: (_input, out) => out.actions.filter((a) => a.kind === "start"),
    error: /convergence: not reached within 40 steps/,
  },
];

describe("engine: the invariant checks catch a broken scheduler", function () {
  this.timeout(30_000);
  for (const c of cases) {
    it(c.name, async () => {
      const e = await createEngine({ backend: c.backend ?? "simulator", plan: mutant(c.mutation), checkPlans: c.checkPlans });
      let error: unknown;
      try {
        await startRollout(e, c.deployment);
        await e.runToConvergence(40);
      } catch (err) {
        error = err;
      } finally {
        await e.close();
      }
      expect(error, "the broken scheduler must be caught").to.be.instanceOf(Error);
      expect((error as Error).message).to.match(c.error);
    });
  }
});

// Building blocks of the engine scenarios: specs as the API takes them, and
// the usual start (revision 1 Active everywhere, then revision 2 deployed).

import type { MessageInitShape } from "@bufbuild/protobuf";
import { expect } from "chai";
import { DeploymentMethod, DeploymentType, type EnvironmentSpecSchema } from "../../../gen/blox/v1/environment_pb.js";
import { ENV, statusLine, type Engine } from "./engine.js";

export interface DeploymentInit {
  method: "TerminateThenReplace" | "ReplaceThenTerminate";
  minHealthyPercent?: number;
  maxOverPercent?: number;
  stuckTimeoutSeconds?: number;
}

export function specInit(
  d: DeploymentInit,
  query = "attribute:stack == prod",
  taskDefinition = "log-daemon:1",
): MessageInitShape<typeof EnvironmentSpecSchema> {
  return {
    name: ENV,
    taskDefinition,
    cluster: "default",
    instanceGroup: { query },
    deployment: {
      type: DeploymentType.DAEMON,
      method: d.method === "TerminateThenReplace" ? DeploymentMethod.TERMINATE_THEN_REPLACE : DeploymentMethod.REPLACE_THEN_TERMINATE,
      configuration: {
        ...(d.minHealthyPercent !== undefined ? { minHealthyPercent: d.minHealthyPercent } : {}),
        ...(d.maxOverPercent !== undefined ? { maxOverPercent: d.maxOverPercent } : {}),
      },
      ...(d.stuckTimeoutSeconds !== undefined ? { stuckTimeout: { seconds: BigInt(d.stuckTimeoutSeconds) } } : {}),
    },
  };
}

/** Deploys through the API and runs the pass the API's poke would trigger. Returns the deployment id. */
export async function deploy(e: Engine, revision: number, rollback = false): Promise<string> {
  const res = await e.api.deployEnvironment({ environmentName: ENV, revision: BigInt(revision), rollback });
  await e.reconcile();
  return res.deploymentId;
}

export interface RolloutStart {
  /** Where the action log stood before revision 2 was deployed. */
  actionMark: number;
  /** Clock time of that deploy (T=0). */
  deployedAt: number;
}

/** Revision 1 Active on every instance of the group, then revision 2 (log-daemon:2) deployed at T=0. */
export async function startRollout(e: Engine, d: DeploymentInit): Promise<RolloutStart> {
  await e.api.createEnvironment({ spec: specInit(d) });
  await e.reconcile();
  await deploy(e, 1);
  await e.runToConvergence();
  expect(statusLine((await e.status())!)).to.equal(`Active 0 5 5 5 | 1:Active 5/5/5`);
  await e.api.updateEnvironment({ environmentName: ENV, baseRevision: 1n, taskDefinition: "log-daemon:2" });
  e.step = 0;
  const actionMark = e.sim.actionLog().length;
  const deployedAt = e.clock.now();
  await deploy(e, 2);
  return { actionMark, deployedAt };
}

/** Steps until step T (the hooks for T run before its clock step), as the planner's Appendix A tables count. */
export async function stepTo(e: Engine, t: number, before: Record<number, (e: Engine) => void | Promise<void>> = {}): Promise<void> {
  while (e.step < t) {
    await before[e.step + 1]?.(e);
    await e.advance();
  }
}

/** The i-th instance (0-based) of the cluster in registration order. */
export function instanceArn(e: Engine, index: number): string {
  const all = e.sim.allInstances("default");
  const i = all[index];
  if (!i) throw new Error(`no instance #${index} (cluster has ${all.length})`);
  return i.arn;
}

import { environmentName, intFlag, NAME_OPTIONS } from "../args.js";
import type { Command } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { formatJson } from "../format/json.js";

const NAME = "deploy-environment";

export const deployEnvironment: Command = {
  name: NAME,
  summary: "make a revision the target and start rolling it out",
  usage: "--environment NAME --revision N [--rollback]",
  details: `Deploying a revision older than the current target needs --rollback.
Prints { "DeploymentId": "SomeEnvironment/Prod:2@2017090611472301" }.
Follow the rollout with watch-environment-status or wait-environment.`,
  options: {
    ...NAME_OPTIONS,
    revision: { type: "string", valueName: "N", description: "revision to deploy (required)" },
    rollback: { type: "boolean", description: "allow an older revision than the current target" },
  },
  async run(ctx) {
    const name = environmentName(ctx.values, "environment", NAME);
    const revision = intFlag(ctx.values, "revision", NAME, { min: 1, required: true })!;
    const res = await ctx.client().deployEnvironment({
      environmentName: name,
      revision: BigInt(revision),
      rollback: ctx.values.rollback === true,
    });
    ctx.out(formatJson({ DeploymentId: res.deploymentId }));
    return EXIT.OK;
  },
};

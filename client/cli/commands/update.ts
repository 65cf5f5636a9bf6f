import { clone, create } from "@bufbuild/protobuf";
import {
  DeploymentConfigurationSchema,
  DeploymentPolicySchema,
  type DeploymentPolicy,
} from "../../../gen/blox/v1/environment_pb.js";
import { DEPLOYMENT_METHODS } from "../../spec-yaml.js";
import { choiceFlag, environmentName, intFlag, NAME_OPTIONS } from "../args.js";
import type { Command } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { formatJson } from "../format/json.js";
import { UsageError } from "../usage-error.js";

const NAME = "update-environment";
const METHODS = Object.keys(DEPLOYMENT_METHODS) as (keyof typeof DEPLOYMENT_METHODS)[];

export const updateEnvironment: Command = {
  name: NAME,
  summary: "write a new revision from --base-revision with the given fields changed",
  usage:
    "--environment NAME --base-revision N [--task-definition X] [--instance-group-query Q] [--method M] [--min-healthy-percent N] [--max-over-percent N]",
  details: `--base-revision must be the latest revision, else the server answers ABORTED
naming the latest (NOT_FOUND when it is past the latest). Deployment settings not
given are kept from the base revision. Prints { "EnvironmentRevision": N }. A change
that changes nothing writes no revision: it prints { "EnvironmentRevision": N,
"Unchanged": true } with N the latest, says so on stderr, and exits 0.`,
  options: {
    ...NAME_OPTIONS,
    "base-revision": { type: "string", valueName: "N", description: "the revision this change is based on (required)" },
    "task-definition": { type: "string", valueName: "X", description: "family:revision or ARN" },
    "instance-group-query": { type: "string", valueName: "Q", description: 'e.g. "attribute:stack in (prod, gamma)"' },
    method: { type: "string", valueName: "M", description: METHODS.join(" | ") },
    "min-healthy-percent": { type: "string", valueName: "N", description: "0..100" },
    "max-over-percent": { type: "string", valueName: "N", description: "0..100" },
  },
  async run(ctx) {
    const v = ctx.values;
    const name = environmentName(v, "environment", NAME);
    const base = intFlag(v, "base-revision", NAME, { min: 1, required: true })!;
    const method = choiceFlag(v, "method", NAME, METHODS);
    const minHealthy = intFlag(v, "min-healthy-percent", NAME, { min: 0, max: 100 });
    const maxOver = intFlag(v, "max-over-percent", NAME, { min: 0, max: 100 });
    const changes = ["task-definition", "instance-group-query", "method", "min-healthy-percent", "max-over-percent"];
    if (changes.every((flag) => v[flag] === undefined)) {
      throw new UsageError(`nothing to change: give ${changes.slice(0, -1).map((f) => `--${f}`).join(", ")} or --${changes.at(-1)}`, NAME);
    }

    let deployment: DeploymentPolicy | undefined;
    if (method !== undefined || minHealthy !== undefined || maxOver !== undefined) {
      // The request's deployment replaces the whole section: start from the
      // base revision's so that settings not named here are kept.
      const got = await ctx.client().getEnvironmentRevision({ environmentName: name, revision: BigInt(base) });
      const current = got.revision?.spec?.deployment;
      deployment = current ? clone(DeploymentPolicySchema, current) : create(DeploymentPolicySchema);
      if (method !== undefined) deployment.method = DEPLOYMENT_METHODS[method];
      deployment.configuration ??= create(DeploymentConfigurationSchema);
      if (minHealthy !== undefined) deployment.configuration.minHealthyPercent = minHealthy;
      if (maxOver !== undefined) deployment.configuration.maxOverPercent = maxOver;
      // The server spells defaults out, so ReplaceThenTerminate's default 100
      // reads back as if chosen. Kept under TerminateThenReplace, it leaves no
      // task that may be stopped first, and the rollout could never move.
      if (
        method === "TerminateThenReplace" &&
        minHealthy === undefined &&
        deployment.configuration.minHealthyPercent === 100
      ) {
        throw new UsageError(
          `--method TerminateThenReplace: revision ${base} has MinHealthyPercent 100, which leaves TerminateThenReplace ` +
            "no task it may stop; give --min-healthy-percent too (the method's default is 50)",
          NAME,
        );
      }
    }
    const res = await ctx.client().updateEnvironment({
      environmentName: name,
      baseRevision: BigInt(base),
      ...(v["task-definition"] !== undefined ? { taskDefinition: v["task-definition"] as string } : {}),
      ...(v["instance-group-query"] !== undefined ? { instanceGroupQuery: v["instance-group-query"] as string } : {}),
      ...(deployment ? { deployment } : {}),
    });
    const revision = Number(res.environmentRevision);
    if (res.unchanged) {
      ctx.err(`blox: nothing changed: revision ${revision} already has these settings, so no new revision was written`);
      ctx.out(formatJson({ EnvironmentRevision: revision, Unchanged: true }));
      return EXIT.OK;
    }
    ctx.out(formatJson({ EnvironmentRevision: revision }));
    return EXIT.OK;
  },
};

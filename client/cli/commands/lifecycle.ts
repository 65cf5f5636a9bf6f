// freeze-environment, thaw-environment, delete-environment. Like the doc, they
// print nothing on success; the exit code says it worked.

import { environmentName, NAME_OPTIONS } from "../args.js";
import type { Command } from "../context.js";
import { EXIT } from "../exit-codes.js";

export const freezeEnvironment: Command = {
  name: "freeze-environment",
  summary: "stop every task start and stop of an environment until thawed",
  usage: "--environment-name NAME",
  details: "Prints nothing on success. Status and deploy requests go on; nothing moves until thaw-environment.",
  options: { ...NAME_OPTIONS },
  async run(ctx) {
    await ctx.client().freezeEnvironment({ environmentName: environmentName(ctx.values, "environment-name", this.name) });
    return EXIT.OK;
  },
};

export const thawEnvironment: Command = {
  name: "thaw-environment",
  summary: "resume a frozen environment",
  usage: "--environment-name NAME",
  details: "Prints nothing on success.",
  options: { ...NAME_OPTIONS },
  async run(ctx) {
    await ctx.client().thawEnvironment({ environmentName: environmentName(ctx.values, "environment-name", this.name) });
    return EXIT.OK;
  },
};

export const deleteEnvironment: Command = {
  name: "delete-environment",
  summary: "stop managing an environment (and with --terminate-tasks, stop its tasks)",
  usage: "--name NAME [--terminate-tasks]",
  details: `Prints nothing on success. Without --terminate-tasks the environment's tasks
keep running; with it the environment is Deleting until they are gone. Either
way it stays visible as Deleted for the retention period.`,
  options: {
    ...NAME_OPTIONS,
    "terminate-tasks": { type: "boolean", description: "also stop the environment's tasks" },
  },
  async run(ctx) {
    await ctx.client().deleteEnvironment({
      environmentName: environmentName(ctx.values, "name", this.name),
      terminateTasks: ctx.values["terminate-tasks"] === true,
    });
    return EXIT.OK;
  },
};

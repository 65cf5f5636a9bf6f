import { environmentName, NAME_OPTIONS } from "../args.js";
import type { Command } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { formatJson } from "../format/json.js";
import { formatStatusTable } from "../format/status.js";
import { statusViewToJson } from "../format/status-json.js";
import { UsageError } from "../usage-error.js";

const NAME = "describe-environment-status";

export const describeEnvironmentStatus: Command = {
  name: NAME,
  summary: "show an environment's status (JSON, or the doc's tables with --table)",
  usage: "--environment-name NAME [--all] [--short] [--instances] [--table | --json]",
  details: `--table lays the status out like the design doc:

  ENVIRONMENT               TARGET REVISION  STATUS     OUTDATED  DESIRED   HEALTHY  TOTAL
  SomeEnvironment/Prod      1                Active     0         5         5        5

  REVISION                  STATUS     DESIRED   HEALTHY  TOTAL
  SomeEnvironment/Prod:1    Active     5         5        5

Before the first deploy the second column reads ACTIVE REVISION and shows N/A,
as in the doc. STATUS shows Stuck or Failing while such a condition holds.
--all includes Inactive revisions; --short shows the environment line only;
--instances adds one row per container instance with the task of each revision
on it (pending, running, terminating, stopped). JSON (the default) has stable
PascalCase keys.`,
  options: {
    ...NAME_OPTIONS,
    all: { type: "boolean", description: "include Inactive revisions" },
    short: { type: "boolean", description: "environment line only" },
    instances: { type: "boolean", description: "add the per-instance view" },
    table: { type: "boolean", description: "print tables" },
    json: { type: "boolean", description: "print JSON (default)" },
  },
  async run(ctx) {
    const v = ctx.values;
    const name = environmentName(v, "environment-name", NAME);
    if (v.table && v.json) throw new UsageError("--table and --json exclude each other", NAME);
    const all = v.all === true;
    const instances = v.instances === true;
    const short = v.short === true;
    const res = await ctx.client().describeEnvironmentStatus({ environmentName: name, all, instances });
    if (!res.status) {
      ctx.err(`blox: the server returned no status for ${name}`);
      return EXIT.ERROR;
    }
    if (v.table) {
      ctx.out(formatStatusTable(res.status, { all, short, instances, style: ctx.style }));
    } else {
      ctx.out(formatJson(statusViewToJson(res.status, { all, short, instances, sequence: res.sequence })));
    }
    return EXIT.OK;
  },
};

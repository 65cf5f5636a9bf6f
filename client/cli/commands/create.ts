import { fillBareYamlFile } from "../args.js";
import type { Command } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { formatJson } from "../format/json.js";
import { parseEnvironmentSpecYaml, SpecYamlError } from "../../spec-yaml.js";
import { UsageError } from "../usage-error.js";

const NAME = "create-environment";

export const createEnvironment: Command = {
  name: NAME,
  summary: "create an environment from the doc's YAML; prints its first revision",
  usage: "--yaml-file FILE | --yaml-file - | --yaml-file <<EOF … EOF",
  details: `The YAML takes the design doc's keys:

  Name: "SomeEnvironment/Prod"
  TaskDefinition: "log-daemon:1"
  Cluster: "default"
  InstanceGroup:
    Query: "attribute:stack == prod"
  Deployment:
    Type: Daemon
    Method: "ReplaceThenTerminate"     # or "TerminateThenReplace"
    Configuration:
      MinHealthyPercent: 80
      MaxOverPercent: 25
    StuckTimeout: 10m                  # also FailingTimeout, MissingTaskTimeout, SoakTime
    MaxInstancesWithoutTask: 2
  RollbackConfiguration:               # or under Deployment
    Method: "TerminateThenReplace"
    Configuration:
      MinHealthyPercent: 0

--yaml-file with no value, or "-", reads the YAML from stdin (the doc's heredoc
form). Without --yaml-file, piped stdin is read too.
Prints { "EnvironmentRevision": 1 }.`,
  options: {
    "yaml-file": { type: "string", valueName: "FILE", description: "YAML file; - or no value: stdin" },
  },
  preprocess: fillBareYamlFile,
  async run(ctx) {
    const file = ctx.values["yaml-file"] as string | undefined;
    let text: string;
    let source: string;
    if (file === undefined || file === "-") {
      if (file === undefined && ctx.io.stdinIsTTY) {
        throw new UsageError("missing required flag --yaml-file FILE (or pipe the YAML on stdin)", NAME);
      }
      text = await ctx.io.readStdin();
      source = "stdin";
    } else {
      try {
        text = await ctx.io.readFile(file);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why: Record<string, string> = { ENOENT: "no such file", EISDIR: "it is a directory", EACCES: "permission denied" };
        throw new UsageError(`--yaml-file: cannot read ${file}: ${(code && why[code]) ?? (e as Error).message}`, NAME);
      }
      source = file;
    }
    let spec;
    try {
      spec = parseEnvironmentSpecYaml(text);
    } catch (e) {
      if (e instanceof SpecYamlError) {
        ctx.err(`blox: ${source}: ${e.message}`);
        return EXIT.USAGE;
      }
      throw e;
    }
    const res = await ctx.client().createEnvironment({ spec });
    ctx.out(formatJson({ EnvironmentRevision: Number(res.environmentRevision) }));
    return EXIT.OK;
  },
};

import { GLOBAL_OPTIONS, type OptionSpecs } from "./args.js";
import { COMMANDS } from "./commands/index.js";
import type { Command } from "./context.js";
import { EXIT_CODE_HELP } from "./exit-codes.js";

function optionLines(options: OptionSpecs): string[] {
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ""}--${name}${o.valueName ? ` ${o.valueName}` : ""}`;
    return [flag, o.description] as const;
  });
  const w = Math.max(...rows.map(([f]) => f.length)) + 2;
  return rows.map(([f, d]) => `  ${f.padEnd(w)}${d}`);
}

export function globalHelp(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    "blox: deploy daemon tasks on Amazon ECS, the Blox way",
    "",
    "Usage: blox [global flags] <command> [flags]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}${c.summary}`),
    "",
    "Flags for every command (before or after it):",
    ...optionLines(GLOBAL_OPTIONS),
    "",
    "The environment can be named with --environment, --environment-name or --name,",
    "whichever the command; all three are accepted everywhere.",
    "",
    EXIT_CODE_HELP,
    "",
    "Run `blox <command> --help` for a command's flags.",
  ].join("\n");
}

export function commandHelp(cmd: Command): string {
  return [
    `blox ${cmd.name}: ${cmd.summary}`,
    "",
    `Usage: blox ${cmd.name} ${cmd.usage}`,
    ...(cmd.details ? ["", cmd.details] : []),
    "",
    "Flags:",
    ...optionLines(cmd.options),
    "",
    "Global flags:",
    ...optionLines(GLOBAL_OPTIONS),
  ].join("\n");
}

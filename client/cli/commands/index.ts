import type { Command } from "../context.js";
import { createEnvironment } from "./create.js";
import { deployEnvironment } from "./deploy.js";
import { describeEnvironmentStatus } from "./describe.js";
import { deleteEnvironment, freezeEnvironment, thawEnvironment } from "./lifecycle.js";
import { getEnvironmentRevision, listDeployments, listEnvironmentEvents, listEnvironmentRevisions, listEnvironments } from "./list.js";
import { updateEnvironment } from "./update.js";
import { waitEnvironment } from "./wait.js";
import { watchEnvironmentStatus } from "./watch.js";

/** Every command, in the order `blox --help` lists them. */
export const COMMANDS: readonly Command[] = [
  createEnvironment,
  updateEnvironment,
  deployEnvironment,
  describeEnvironmentStatus,
  watchEnvironmentStatus,
  waitEnvironment,
  freezeEnvironment,
  thawEnvironment,
  deleteEnvironment,
  listEnvironments,
  getEnvironmentRevision,
  listEnvironmentRevisions,
  listDeployments,
  listEnvironmentEvents,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

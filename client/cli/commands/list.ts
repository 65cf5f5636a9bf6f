// The read-only listing commands. JSON by default; every page is fetched.

import {
  DeploymentSchema,
  EnvironmentEventSchema,
  EnvironmentLifecycle,
  EnvironmentRevisionSchema,
  EnvironmentSchema,
  type Environment,
} from "../../../gen/blox/v1/environment_pb.js";
import { environmentName, intFlag, NAME_OPTIONS } from "../args.js";
import type { Command } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { formatJson, messageToJson } from "../format/json.js";
import { renderTable } from "../format/table.js";
import { deploymentsTable, eventsTable } from "../format/audit.js";
import { formatTime } from "../format/time.js";

const PAGE_SIZE = 500;

/** Fetches every page. Stops if the server repeats a token, rather than loop forever. */
export async function collectPages<T>(fetch: (pageToken: string) => Promise<{ items: T[]; nextPageToken: string }>): Promise<T[]> {
  const out: T[] = [];
  const seen = new Set<string>();
  let token = "";
  for (;;) {
    const page = await fetch(token);
    out.push(...page.items);
    if (!page.nextPageToken || seen.has(page.nextPageToken)) return out;
    seen.add(page.nextPageToken);
    token = page.nextPageToken;
  }
}

export function environmentsTable(envs: Environment[]): string {
  const lifecycle = (e: Environment) =>
    e.lifecycle === EnvironmentLifecycle.DELETED ? "Deleted" : e.lifecycle === EnvironmentLifecycle.DELETING ? "Deleting" : e.frozen ? "Frozen" : "Live";
  return renderTable(
    [
      { header: "ENVIRONMENT", width: 26 },
      { header: "TARGET REVISION", width: 17 },
      { header: "LATEST REVISION", width: 17 },
      { header: "STATE", width: 10 },
      { header: "UPDATED", width: 7 },
    ],
    envs.map((e) => [
      e.name,
      e.targetRevision === 0n ? "N/A" : String(e.targetRevision),
      String(e.latestRevision),
      lifecycle(e),
      formatTime(e.updatedAt),
    ]),
  ).join("\n");
}

export const listEnvironments: Command = {
  name: "list-environments",
  summary: "list environments (JSON, or a table with --table)",
  usage: "[--table] [--include-deleted]",
  options: {
    table: { type: "boolean", description: "print a table" },
    "include-deleted": { type: "boolean", description: "include Deleted environments" },
  },
  async run(ctx) {
    const includeDeleted = ctx.values["include-deleted"] === true;
    const envs = await collectPages(async (pageToken) => {
      const r = await ctx.client().listEnvironments({ pageSize: PAGE_SIZE, pageToken, includeDeleted });
      return { items: r.environments, nextPageToken: r.nextPageToken };
    });
    if (ctx.values.table) ctx.out(environmentsTable(envs));
    else ctx.out(formatJson({ Environments: envs.map((e) => messageToJson(EnvironmentSchema, e)) }));
    return EXIT.OK;
  },
};

export const getEnvironmentRevision: Command = {
  name: "get-environment-revision",
  summary: "show one revision's spec (the latest without --revision)",
  usage: "--environment NAME [--revision N]",
  options: { ...NAME_OPTIONS, revision: { type: "string", valueName: "N", description: "default: the latest" } },
  async run(ctx) {
    const name = environmentName(ctx.values, "environment", this.name);
    const revision = intFlag(ctx.values, "revision", this.name, { min: 1 }) ?? 0;
    const r = await ctx.client().getEnvironmentRevision({ environmentName: name, revision: BigInt(revision) });
    ctx.out(
      formatJson({
        Revision: messageToJson(EnvironmentRevisionSchema, r.revision),
        Environment: messageToJson(EnvironmentSchema, r.environment),
      }),
    );
    return EXIT.OK;
  },
};

export const listEnvironmentRevisions: Command = {
  name: "list-environment-revisions",
  summary: "list every revision of an environment",
  usage: "--environment NAME",
  options: { ...NAME_OPTIONS },
  async run(ctx) {
    const name = environmentName(ctx.values, "environment", this.name);
    const revs = await collectPages(async (pageToken) => {
      const r = await ctx.client().listEnvironmentRevisions({ environmentName: name, pageSize: PAGE_SIZE, pageToken });
      return { items: r.revisions, nextPageToken: r.nextPageToken };
    });
    ctx.out(formatJson({ Revisions: revs.map((r) => messageToJson(EnvironmentRevisionSchema, r)) }));
    return EXIT.OK;
  },
};

export const listDeployments: Command = {
  name: "list-deployments",
  summary: "list an environment's deployments, newest first, with who deployed or rolled back",
  usage: "--environment NAME [--table]",
  options: { ...NAME_OPTIONS, table: { type: "boolean", description: "print a table" } },
  async run(ctx) {
    const name = environmentName(ctx.values, "environment", this.name);
    const deps = await collectPages(async (pageToken) => {
      const r = await ctx.client().listDeployments({ environmentName: name, pageSize: PAGE_SIZE, pageToken });
      return { items: r.deployments, nextPageToken: r.nextPageToken };
    });
    if (ctx.values.table) ctx.out(deploymentsTable(deps));
    else ctx.out(formatJson({ Deployments: deps.map((d) => messageToJson(DeploymentSchema, d)) }));
    return EXIT.OK;
  },
};

export const listEnvironmentEvents: Command = {
  name: "list-environment-events",
  summary: "list an environment's events, oldest first, with who caused each",
  usage: "--environment NAME [--after-sequence N] [--table]",
  options: {
    ...NAME_OPTIONS,
    table: { type: "boolean", description: "print a table" },
    "after-sequence": { type: "string", valueName: "N", description: "only events after this watch sequence" },
  },
  async run(ctx) {
    const name = environmentName(ctx.values, "environment", this.name);
    const after = intFlag(ctx.values, "after-sequence", this.name, { min: 0 }) ?? 0;
    const events = await collectPages(async (pageToken) => {
      const r = await ctx.client().listEnvironmentEvents({
        environmentName: name,
        pageSize: PAGE_SIZE,
        pageToken,
        afterSequence: BigInt(after),
      });
      return { items: r.events, nextPageToken: r.nextPageToken };
    });
    if (ctx.values.table) ctx.out(eventsTable(events));
    else ctx.out(formatJson({ Events: events.map((e) => messageToJson(EnvironmentEventSchema, e)) }));
    return EXIT.OK;
  },
};

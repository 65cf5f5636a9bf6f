// describe-environment-status as JSON: the EnvironmentStatusView with PascalCase
// keys (see json.ts), plus the watch Sequence it corresponds to. --short drops
// Revisions; Instances is present only with --instances. Inactive revisions are
// dropped without --all, as in the table.

import { EnvironmentStatusViewSchema, type EnvironmentStatusView } from "../../../gen/blox/v1/environment_pb.js";
import { messageToJson, type Json } from "./json.js";
import { visibleRevisions } from "./status.js";

export interface StatusJsonOptions {
  all?: boolean;
  short?: boolean;
  instances?: boolean;
  sequence?: bigint;
}

export function statusViewToJson(view: EnvironmentStatusView, opts: StatusJsonOptions = {}): { [key: string]: Json } {
  const shown = { ...view, revisions: visibleRevisions(view, opts.all ?? false) } as EnvironmentStatusView;
  const json = messageToJson(EnvironmentStatusViewSchema, shown) as { [key: string]: Json };
  if (opts.short) delete json.Revisions;
  if (!opts.instances) delete json.Instances;
  if (opts.sequence !== undefined) json.Sequence = Number(opts.sequence);
  return json;
}

// The describe-environment-status tables, laid out like the design doc's:
//
//   ENVIRONMENT               TARGET REVISION  STATUS     OUTDATED  DESIRED   HEALTHY  TOTAL
//   SomeEnvironment/Prod      2                Deploying  2         7         5        5
//
//   REVISION                  STATUS       DESIRED   HEALTHY  TOTAL
//   SomeEnvironment/Prod:1    Undeploying  2         2        0
//   SomeEnvironment/Prod:2    Deploying    5         3        5
//
// Before the first deploy there is no target: the column shows N/A and its
// header reads ACTIVE REVISION, exactly as the doc's very first table; from the
// first deploy on it reads TARGET REVISION (both headers are 15 wide, so the
// columns never move).

import {
  RevisionStatus,
  type Condition,
  type EnvironmentStatusView,
  type RevisionStatusView,
} from "../../../gen/blox/v1/environment_pb.js";
import { formatInstanceTable } from "./instances.js";
import { conditionName, environmentDisplayStatus, revisionDisplayStatus } from "./names.js";
import { PLAIN, paint, type Style } from "./style.js";
import { renderTable, type Column } from "./table.js";
import { formatTime } from "./time.js";

export interface StatusTableOptions {
  /** Include Inactive revisions (the doc's --all). */
  all?: boolean;
  /** Environment line only. */
  short?: boolean;
  /** Append the per-instance table. */
  instances?: boolean;
  style?: Style;
}

/** Column widths measured in the doc (each includes the gap to the next column). */
export const ENVIRONMENT_COLUMNS = (targetRevision: number | bigint): Column[] => [
  { header: "ENVIRONMENT", width: 26 },
  { header: Number(targetRevision) === 0 ? "ACTIVE REVISION" : "TARGET REVISION", width: 17 },
  { header: "STATUS", width: 11 },
  { header: "OUTDATED", width: 10 },
  { header: "DESIRED", width: 10 },
  { header: "HEALTHY", width: 9 },
  { header: "TOTAL", width: 5 },
];

export const REVISION_COLUMNS: Column[] = [
  { header: "REVISION", width: 26 },
  { header: "STATUS", width: 11 },
  { header: "DESIRED", width: 10 },
  { header: "HEALTHY", width: 9 },
  { header: "TOTAL", width: 5 },
];

/** `SomeEnvironment/Prod:1`, the doc's name of a revision. */
export function revisionName(environmentName: string, revision: number | bigint): string {
  return `${environmentName}:${revision}`;
}

/** Revisions the table shows: all of them with --all, else every one not Inactive. */
export function visibleRevisions(view: EnvironmentStatusView, all: boolean): RevisionStatusView[] {
  const revs = [...view.revisions].sort((a, b) => Number(a.revision - b.revision));
  return all ? revs : revs.filter((r) => r.status !== RevisionStatus.INACTIVE);
}

export function colorStatus(style: Style, status: string): string {
  switch (status) {
    case "Active":
      return paint(style, "green", status);
    case "Stuck":
    case "Failing":
      return paint(style, "red", status);
    case "Frozen":
    case "Deleting":
    case "Deleted":
      return paint(style, "blue", status);
    case "Deploying":
    case "Undeploying":
    case "Reverting":
      return paint(style, "yellow", status);
    default:
      return status;
  }
}

export function environmentTableLines(view: EnvironmentStatusView, style: Style = PLAIN): string[] {
  const target = Number(view.targetRevision);
  return renderTable(ENVIRONMENT_COLUMNS(target), [
    [
      view.environmentName,
      target === 0 ? "N/A" : String(target),
      colorStatus(style, environmentDisplayStatus(view.status, view.conditions)),
      String(view.outdated),
      String(view.desired),
      String(view.healthy),
      String(view.total),
    ],
  ]);
}

export function revisionTableLines(
  view: EnvironmentStatusView,
  opts: { all?: boolean; style?: Style; extra?: { header: string; width: number; cell: (r: RevisionStatusView) => string } } = {},
): string[] {
  const style = opts.style ?? PLAIN;
  const columns = opts.extra ? [...REVISION_COLUMNS.slice(0, -1), { header: "TOTAL", width: 7 }, { header: opts.extra.header, width: opts.extra.width }] : REVISION_COLUMNS;
  const rows = visibleRevisions(view, opts.all ?? false).map((r) => {
    const row = [
      revisionName(view.environmentName, r.revision),
      colorStatus(style, revisionDisplayStatus(r)),
      String(r.desired),
      String(r.healthy),
      String(r.total),
    ];
    if (opts.extra) row.push(opts.extra.cell(r));
    return row;
  });
  return renderTable(columns, rows);
}

/** One line per condition that holds, environment first: `Stuck (rev 3) since …: reason`. */
export function conditionLines(view: EnvironmentStatusView, style: Style = PLAIN): string[] {
  const line = (c: Condition, scope: string) =>
    `${paint(style, "red", conditionName(c.type))}${scope} since ${formatTime(c.since)}: ${c.reason}`;
  const out = view.conditions.map((c) => line(c, ""));
  for (const r of visibleRevisions(view, true)) {
    for (const c of r.conditions) out.push(line(c, ` (${revisionName(view.environmentName, r.revision)})`));
  }
  return out;
}

/** The whole `describe-environment-status --table` output, without a trailing newline. */
export function formatStatusTable(view: EnvironmentStatusView, opts: StatusTableOptions = {}): string {
  const style = opts.style ?? PLAIN;
  const blocks: string[][] = [environmentTableLines(view, style)];
  if (!opts.short) {
    blocks.push(revisionTableLines(view, { all: opts.all, style }));
    const conditions = conditionLines(view, style);
    if (conditions.length > 0) blocks.push(conditions);
  }
  if (opts.instances) blocks.push(formatInstanceTable(view, style, { all: opts.all }));
  return blocks.map((b) => b.join("\n")).join("\n\n");
}

// Tables of the audit trail: who started each deployment, who caused each event.

import { DeploymentState, type Actor, type Deployment, type EnvironmentEvent } from "../../../gen/blox/v1/environment_pb.js";
import { eventTypeName } from "./names.js";
import { renderTable } from "./table.js";
import { formatTime } from "./time.js";

/** `oncall`, or `blox (the cause)` for automatic actions; `-` when unknown. */
export function actorName(actor: Actor | undefined): string {
  if (!actor || actor.principal === "") return "-";
  return actor.cause ? `${actor.principal} (${actor.cause})` : actor.principal;
}

const STATE: Record<DeploymentState, string> = {
  [DeploymentState.UNSPECIFIED]: "-",
  [DeploymentState.IN_PROGRESS]: "InProgress",
  [DeploymentState.COMPLETED]: "Completed",
  [DeploymentState.SUPERSEDED]: "Superseded",
  [DeploymentState.CANCELLED]: "Cancelled",
};

export function deploymentsTable(deployments: Deployment[]): string {
  return renderTable(
    [
      { header: "DEPLOYMENT", width: 12 },
      { header: "REVISION", width: 10 },
      { header: "FROM", width: 6 },
      { header: "KIND", width: 10 },
      { header: "STATE", width: 12 },
      { header: "STARTED", width: 22 },
      { header: "BY", width: 10 },
      { header: "CLIENT", width: 18 },
      { header: "USER AGENT", width: 10 },
    ],
    deployments.map((d) => {
      const by = d.rollback ? d.rolledBackBy : d.deployedBy;
      return [
        d.deploymentId,
        String(d.revision),
        d.fromRevision === 0n ? "-" : String(d.fromRevision),
        d.rollback ? "Rollback" : "Deploy",
        STATE[d.state] ?? "-",
        formatTime(d.startedAt),
        actorName(by),
        by?.clientAddress || "-",
        by?.userAgent || "-",
      ];
    }),
  ).join("\n");
}

export function eventsTable(events: EnvironmentEvent[]): string {
  return renderTable(
    [
      { header: "TIME", width: 22 },
      { header: "SEQUENCE", width: 10 },
      { header: "TYPE", width: 22 },
      { header: "REVISION", width: 10 },
      { header: "BY", width: 10 },
      { header: "CLIENT", width: 18 },
      { header: "MESSAGE", width: 10 },
    ],
    events.map((e) => [
      formatTime(e.time),
      String(e.sequence),
      eventTypeName(e.type),
      e.revision === 0n ? "-" : String(e.revision),
      actorName(e.actor),
      e.actor?.clientAddress || "-",
      e.message,
    ]),
  ).join("\n");
}

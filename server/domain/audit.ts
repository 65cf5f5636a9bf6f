// Who did something, for the audit trail: the principal and where the call came
// from, or `blox` itself (scheduler, automatic rollback) with the cause.

export interface Actor {
  /** Principal name; `blox` for automatic actions; `anonymous` when the server runs without authentication. */
  principal: string;
  /** Peer address of the call, `ip:port`. */
  address?: string;
  userAgent?: string;
  /** Why an automatic action happened. */
  cause?: string;
  /** The request's key fields (e.g. revision, rollback), as strings. */
  request?: Record<string, string>;
}

/** The principal automatic actions are recorded under. */
export const SYSTEM_PRINCIPAL = "blox";

export function systemActor(cause: string): Actor {
  return { principal: SYSTEM_PRINCIPAL, cause };
}

/** Who last did each mutating action on an environment; kept on the environment record. */
export interface EnvironmentAudit {
  created?: Actor;
  /** Set the current target (deploy or rollback). */
  deployed?: Actor;
  frozen?: Actor;
  thawed?: Actor;
  deleted?: Actor;
}

// Revision and environment status names (semantics.md, Lifecycle).
//
// "Created" means never deployed. A revision that was the target or held
// tasks is remembered through the previous status: once it is empty and not
// the target it is Inactive, or Reverted when a rollback took it back.

import {
  ENVIRONMENT_STATUS_PRECEDENCE,
  type EnvironmentStatusName,
  type RevisionStatusName,
} from "../domain/status.js";

export interface RevisionStatusInput {
  revision: number;
  /** 0 when no target (before the first deploy, deleting, deleted). */
  target: number;
  /** Non-stopped tasks the revision owns. */
  tasks: number;
  /** The target reached steady state. */
  targetActive: boolean;
  previous?: RevisionStatusName;
  /** Non-stopped tasks the revision owned in the previous status. */
  previousTasks?: number;
}

export function revisionStatus(s: RevisionStatusInput): RevisionStatusName {
  if (s.target > 0 && s.revision === s.target) return s.targetActive ? "Active" : "Deploying";
  if (s.tasks > 0) return s.target > 0 && s.revision > s.target ? "Reverting" : "Undeploying";
  // Empty and not the target. A newer revision than the target that held
  // tasks was taken back by a rollback, even when the target adopted all of
  // its tasks at once (same task definition) and it never showed Reverting.
  if (s.target > 0 && s.revision > s.target) {
    if (s.previous === "Reverting" || s.previous === "Reverted") return "Reverted";
    if ((s.previousTasks ?? 0) > 0 && s.previous !== "Inactive" && s.previous !== "Created") return "Reverted";
  }
  if (s.previous === undefined || s.previous === "Created") return "Created";
  return "Inactive";
}

export interface EnvironmentStatusInput {
  lifecycle: "live" | "deleting" | "deleted";
  deletionFinished: boolean;
  frozen: boolean;
  failing: boolean;
  stuck: boolean;
  /** A canary step waits for a promote. */
  paused?: boolean;
  target: number;
  targetActive: boolean;
}

/** The strongest status that holds, by ENVIRONMENT_STATUS_PRECEDENCE. */
export function environmentStatus(s: EnvironmentStatusInput): EnvironmentStatusName {
  const holds: Record<EnvironmentStatusName, boolean> = {
    Deleted: s.lifecycle === "deleted" || (s.lifecycle === "deleting" && s.deletionFinished),
    Deleting: s.lifecycle === "deleting",
    Frozen: s.frozen,
    Failing: s.failing,
    Stuck: s.stuck,
    Paused: s.paused === true && s.target > 0 && !s.targetActive,
    Deploying: s.target > 0 && !s.targetActive,
    Active: s.target > 0 && s.targetActive,
    Created: true,
  };
  for (const name of ENVIRONMENT_STATUS_PRECEDENCE) if (holds[name]) return name;
  return "Created";
}

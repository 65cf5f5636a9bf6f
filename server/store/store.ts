import type { DeploymentTransition } from "../domain/deployment-state.js";
import type {
  DeploymentRecord,
  DeploymentState,
  EnvironmentRecord,
  EnvironmentSpec,
  EventDraft,
  EventRecord,
  RevisionRecord,
} from "../domain/environment.js";
import type { EnvironmentStatusSnapshot } from "../domain/status.js";
import type { Actor } from "../domain/audit.js";

export interface PageOptions {
  /** 1..1000; implementations clamp. */
  pageSize: number;
  /** Opaque token from a previous page; "" or undefined for the first page. */
  pageToken?: string;
}

export interface Page<T> {
  items: T[];
  /** "" when there is no further page. */
  nextPageToken: string;
}

/**
 * One status transition: the full status after it, and the events that came
 * with it. Sequences are per environment, start at 1, and have no gaps. This is
 * what WatchEnvironmentStatus streams and what replicas share.
 */
export interface JournalEntry {
  environmentName: string;
  sequence: number;
  time: number;
  status: EnvironmentStatusSnapshot;
  events: EventRecord[];
}

/** Ownership of one environment by one scheduler replica. */
export interface Lease {
  environmentName: string;
  owner: string;
  /** Epoch ms after which another owner may take it. */
  expiresAt: number;
  /** Fencing epoch: increases on every change of owner. */
  epoch: number;
}

/** Mutable fields of an environment record that compare-and-set may change. */
export type EnvironmentPatch = Partial<
  Pick<
    EnvironmentRecord,
    | "targetRevision"
    | "targetIsRollback"
    | "currentDeploymentId"
    | "frozen"
    | "lifecycle"
    | "terminateTasks"
    | "deletedAt"
    | "purgeAfter"
    | "audit"
  >
>;

/**
 * Persistence of Blox. Every implementation must pass the contract suite in
 * test/store/store-contract.ts unchanged. Errors are ConnectErrors with gRPC
 * codes (server/errors.ts); a lost database connection is UNAVAILABLE.
 * Implementations use single-document atomic operations only (no
 * multi-document transactions), so MongoDB standalone works.
 */
export interface BloxStore {
  /** Creates tables / indexes, idempotently. */
  init(): Promise<void>;
  close(): Promise<void>;

  /**
   * Creates the environment and its revision 1. ALREADY_EXISTS when the name
   * is taken, including by a Deleted environment not yet purged.
   */
  createEnvironment(
    spec: EnvironmentSpec,
    now: number,
    /** Recorded as the environment's audit.created and revision 1's createdBy. */
    actor?: Actor,
  ): Promise<{ environment: EnvironmentRecord; revision: RevisionRecord }>;

  /**
   * Writes revision latest+1 = change(spec of latest). NOT_FOUND for an unknown
   * environment or a baseRevision past the latest; FAILED_PRECONDITION when it
   * is deleting/deleted; ABORTED, naming the latest revision, when baseRevision
   * is older than the latest. When change() returns the latest spec unchanged,
   * nothing is written and the latest revision is returned as it is. Under
   * concurrent calls with one base exactly one succeeds; no gaps, no duplicates.
   * `change` may throw (validation) and then nothing is written.
   */
  updateEnvironment(
    name: string,
    baseRevision: number,
    change: (latest: EnvironmentSpec) => EnvironmentSpec,
    now: number,
    /** Recorded as the new revision's createdBy. */
    actor?: Actor,
  ): Promise<RevisionRecord>;

  getEnvironment(name: string): Promise<EnvironmentRecord | undefined>;

  /** Ordered by name. */
  listEnvironments(options: PageOptions & { includeDeleted?: boolean }): Promise<Page<EnvironmentRecord>>;

  /**
   * Compare-and-set on `version`: applies the patch and bumps version and
   * updatedAt if the stored version equals expectedVersion, else ABORTED.
   * NOT_FOUND for an unknown environment.
   */
  updateEnvironmentRecord(
    name: string,
    expectedVersion: number,
    patch: EnvironmentPatch,
    now: number,
  ): Promise<EnvironmentRecord>;

  getRevision(name: string, revision: number): Promise<RevisionRecord | undefined>;
  /** Ascending by revision. */
  listRevisions(name: string, options: PageOptions): Promise<Page<RevisionRecord>>;
  /** Every revision of the environment, ascending (the planner's input). */
  allRevisions(name: string): Promise<RevisionRecord[]>;

  /** ALREADY_EXISTS if the id is taken. */
  insertDeployment(deployment: DeploymentRecord): Promise<void>;
  /**
   * The conditional write of the deployment state machine
   * (domain/deployment-state.ts): moves the deployment to `to` and sets
   * `finishedAt` only while its state is still `from`, atomically, so two
   * writers ending one deployment leave exactly one result. Says whether this
   * write moved it and its state afterwards. NOT_FOUND if unknown;
   * FAILED_PRECONDITION for a transition the state machine does not have.
   */
  transitionDeployment(
    deploymentId: string,
    from: DeploymentState,
    to: DeploymentState,
    finishedAt: number,
  ): Promise<DeploymentTransition>;
  getDeployment(deploymentId: string): Promise<DeploymentRecord | undefined>;
  /**
   * Raises the deployment's promotedSteps to at least `promotedSteps`
   * (atomically: a lower value never overwrites a higher one) and returns the
   * record after it. NOT_FOUND if unknown.
   */
  promoteDeployment(deploymentId: string, promotedSteps: number): Promise<DeploymentRecord>;
  /** Newest first. */
  listDeployments(name: string, options: PageOptions): Promise<Page<DeploymentRecord>>;

  /**
   * Appends the journal entry with `sequence` = latest+1 and its events.
   * ABORTED if that sequence is already taken (another writer won).
   */
  appendJournal(entry: {
    environmentName: string;
    sequence: number;
    time: number;
    status: EnvironmentStatusSnapshot;
    events: EventDraft[];
  }): Promise<JournalEntry>;
  latestJournal(name: string): Promise<JournalEntry | undefined>;
  /** Entries with sequence > afterSequence, ascending, at most `limit`. */
  readJournal(name: string, afterSequence: number, limit: number): Promise<JournalEntry[]>;
  /** Drops entries older than the newest `keep` (events are kept). */
  trimJournal(name: string, keep: number): Promise<void>;
  /** Oldest first, optionally only after a sequence. */
  listEvents(name: string, options: PageOptions & { afterSequence?: number }): Promise<Page<EventRecord>>;

  /**
   * Calls `listener` after any write that concerns an environment (record,
   * revision, deployment or journal), from this process or — where the store
   * can see them — from other processes. Returns an unsubscribe function.
   */
  subscribe(listener: (environmentName: string) => void): () => void;

  /** Takes or renews the lease if free, expired, or already ours. Returns it, or undefined if held by another. */
  acquireLease(name: string, owner: string, ttlMs: number, now: number): Promise<Lease | undefined>;
  releaseLease(name: string, owner: string): Promise<void>;
  listLeases(): Promise<Lease[]>;

  /** Removes the environment and everything stored under it. */
  purgeEnvironment(name: string): Promise<void>;
}

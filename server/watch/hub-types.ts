import type { EventRecord } from "../domain/environment.js";
import type { EnvironmentStatusSnapshot } from "../domain/status.js";

/** One message of an environment's watch stream, before it is mapped to proto. */
export interface WatchMessage {
  kind: "snapshot" | "update" | "heartbeat";
  sequence: number;
  time: number;
  status?: EnvironmentStatusSnapshot;
  events: EventRecord[];
  coalesced: boolean;
}

/** Fans status journal entries out to watchers (implemented in server/watch/hub.ts). */
export interface WatchHub {
  /** First a snapshot (or the replay after afterSequence, or a snapshot if that history is gone), then updates and heartbeats until signal aborts. */
  subscribe(
    environmentName: string,
    options: { afterSequence?: number; signal: AbortSignal },
  ): AsyncIterable<WatchMessage>;
  close(): Promise<void>;
}

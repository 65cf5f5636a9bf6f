import { Code, ConnectError } from "@connectrpc/connect";
import {
  WatchEnvironmentStatusResponseSchema,
  type EnvironmentEvent,
  type WatchEnvironmentStatusResponse,
} from "../../../gen/blox/v1/environment_pb.js";
import type { BloxClient } from "../../client.js";
import { environmentName, NAME_OPTIONS } from "../args.js";
import type { Command } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { messageToJson, type Json } from "../format/json.js";
import { statusViewToJson } from "../format/status-json.js";
import { formatWatchFrame, type WatchFrameInput } from "../format/watch.js";
import { createLiveRenderer } from "../live.js";
import { connectionLostExit, describeError, watchWithReconnect } from "../watch-stream.js";

const NAME = "watch-environment-status";
const KEEP_EVENTS = 50;
/** How many transitions back the live view looks for events when it starts. */
const BACKFILL_SEQUENCES = 50n;

/** One JSON line per stream message: Sequence, Time, Kind, Coalesced, Status (as describe prints it), Events. */
export function watchMessageToJson(msg: WatchEnvironmentStatusResponse, opts: { all: boolean; instances: boolean }): Json {
  const json = messageToJson(WatchEnvironmentStatusResponseSchema, msg) as { [k: string]: Json };
  json.Status = msg.status ? statusViewToJson(msg.status, { all: opts.all, instances: opts.instances }) : null;
  return json;
}

/** Merges events, dropping duplicates (same sequence and index), oldest first, the last KEEP_EVENTS. */
export function mergeEvents(a: EnvironmentEvent[], b: EnvironmentEvent[]): EnvironmentEvent[] {
  const byKey = new Map<string, EnvironmentEvent>();
  for (const e of [...a, ...b]) byKey.set(`${e.sequence}/${e.index}`, e);
  return [...byKey.values()]
    .sort((x, y) => Number(x.sequence - y.sequence) || x.index - y.index)
    .slice(-KEEP_EVENTS);
}

/** Folds a message into the live view's state. */
export function applyWatchMessage(state: WatchFrameInput, msg: WatchEnvironmentStatusResponse): WatchFrameInput {
  return {
    ...state,
    view: msg.status ?? state.view,
    sequence: msg.sequence > state.sequence ? msg.sequence : state.sequence,
    time: msg.status ? msg.time : state.time,
    events: mergeEvents(state.events, msg.events),
    connection: "live",
    coalesced: msg.status ? msg.coalesced : state.coalesced,
  };
}

/** Recent events for a view that starts at `sequence` (best effort: none on error). */
async function recentEvents(client: BloxClient, name: string, sequence: bigint): Promise<EnvironmentEvent[]> {
  try {
    const after = sequence > BACKFILL_SEQUENCES ? sequence - BACKFILL_SEQUENCES : 0n;
    const res = await client.listEnvironmentEvents({ environmentName: name, afterSequence: after, pageSize: 100 });
    return res.events;
  } catch {
    return [];
  }
}

export const watchEnvironmentStatus: Command = {
  name: NAME,
  summary: "follow an environment's status live (a table on a terminal, JSON lines otherwise)",
  usage: "--environment-name NAME [--all] [--instances] [--json]",
  details: `On a terminal: the doc's tables redrawn in place, a progress bar per revision
(HEALTHY/TOTAL), conditions, and the latest events. When stdout is not a
terminal, or with --json: one JSON object per stream message (Sequence, Time,
Kind, Coalesced, Status, Events). A dropped connection is resumed with the last
sequence seen, so nothing is missed. Stop with Ctrl-C.
If the server's gRPC watch path does not offer --instances, the watch switches
to the Connect protocol on the same endpoint.`,
  options: {
    ...NAME_OPTIONS,
    all: { type: "boolean", description: "include Inactive revisions" },
    instances: { type: "boolean", description: "include the per-instance view" },
    json: { type: "boolean", description: "JSON lines even on a terminal" },
  },
  async run(ctx) {
    const name = environmentName(ctx.values, "environment-name", NAME);
    const all = ctx.values.all === true;
    const instances = ctx.values.instances === true;
    const json = ctx.values.json === true || !ctx.io.stdout.isTTY;
    let state: WatchFrameInput = { view: undefined, sequence: 0n, events: [], connection: "connecting", all, instances };
    const live = json ? undefined : createLiveRenderer(ctx.io.stdout);
    const out = ctx.io.stdout;
    const draw = () => live?.render(formatWatchFrame({ ...state, columns: out.columns, rows: out.rows }, ctx.style));
    draw();
    let protocol = ctx.settings.protocol;
    let client = ctx.client();
    let backfilled = false;
    try {
      for (;;) {
        try {
          for await (const msg of watchWithReconnect(client, {
            environmentName: name,
            all,
            instances,
            afterSequence: state.view ? state.sequence : undefined,
            signal: ctx.io.interrupt,
            onReconnecting: (attempt, error) => {
              if (json) ctx.err(`blox: reconnecting (attempt ${attempt}): ${describeError(error)}`);
              state = { ...state, connection: "reconnecting" };
              draw();
            },
          })) {
            if (json) {
              ctx.out(JSON.stringify(watchMessageToJson(msg, { all, instances })));
              continue;
            }
            state = applyWatchMessage(state, msg);
            if (!backfilled && msg.status) {
              backfilled = true;
              state = { ...state, events: mergeEvents(await recentEvents(client, name, msg.sequence), state.events) };
            }
            draw();
          }
          return EXIT.OK; // interrupted
        } catch (e) {
          if (!(instances && protocol === "grpc" && e instanceof ConnectError && e.code === Code.Unimplemented)) throw e;
          // The gRPC fast path serves the shared status only; Connect's handler has the instances.
          if (json) ctx.err(`blox: ${describeError(e)}; switching to --protocol connect`);
          protocol = "connect";
          client = ctx.client({ protocol, httpVersion: undefined });
        }
      }
    } catch (e) {
      return connectionLostExit(e, (line) => ctx.err(line));
    } finally {
      live?.close();
    }
  },
};


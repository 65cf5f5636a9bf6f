import { WatchEnvironmentStatusResponseSchema, type EnvironmentEvent, type WatchEnvironmentStatusResponse } from "../../../gen/blox/v1/environment_pb.js";
import { environmentName, NAME_OPTIONS } from "../args.js";
import type { Command } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { messageToJson, type Json } from "../format/json.js";
import { statusViewToJson } from "../format/status-json.js";
import { formatWatchFrame, type WatchFrameInput } from "../format/watch.js";
import { createLiveRenderer } from "../live.js";
import { ConnectionLostError, describeError, watchWithReconnect } from "../watch-stream.js";

const NAME = "watch-environment-status";
const KEEP_EVENTS = 50;

/** One JSON line per stream message: Sequence, Time, Kind, Coalesced, Status (as describe prints it), Events. */
export function watchMessageToJson(msg: WatchEnvironmentStatusResponse, opts: { all: boolean; instances: boolean }): Json {
  const json = messageToJson(WatchEnvironmentStatusResponseSchema, msg) as { [k: string]: Json };
  json.Status = msg.status ? statusViewToJson(msg.status, { all: opts.all, instances: opts.instances }) : null;
  return json;
}

/** Folds a message into the live view's state. */
export function applyWatchMessage(state: WatchFrameInput, msg: WatchEnvironmentStatusResponse): WatchFrameInput {
  const events: EnvironmentEvent[] = [...state.events, ...msg.events].slice(-KEEP_EVENTS);
  return {
    ...state,
    view: msg.status ?? state.view,
    sequence: msg.sequence > state.sequence ? msg.sequence : state.sequence,
    time: msg.status ? msg.time : state.time,
    events,
    connection: "live",
    coalesced: msg.status ? msg.coalesced : state.coalesced,
  };
}

export const watchEnvironmentStatus: Command = {
  name: NAME,
  summary: "follow an environment's status live (a table on a terminal, JSON lines otherwise)",
  usage: "--environment-name NAME [--all] [--instances] [--json]",
  details: `On a terminal: the doc's tables redrawn in place, a progress bar per revision
(HEALTHY/TOTAL), conditions, and the latest events. When stdout is not a
terminal, or with --json: one JSON object per stream message (Sequence, Time,
Kind, Coalesced, Status, Events). A dropped connection is resumed with the last
sequence seen, so nothing is missed. Stop with Ctrl-C.`,
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
    const draw = () => live?.render(formatWatchFrame(state, ctx.style));
    draw();
    try {
      for await (const msg of watchWithReconnect(ctx.client(), {
        environmentName: name,
        all,
        instances,
        signal: ctx.io.interrupt,
        onReconnecting: (attempt, error) => {
          if (json) ctx.err(`blox: reconnecting (attempt ${attempt}): ${describeError(error)}`);
          state = { ...state, connection: "reconnecting" };
          draw();
        },
      })) {
        if (json) {
          ctx.out(JSON.stringify(watchMessageToJson(msg, { all, instances })));
        } else {
          state = applyWatchMessage(state, msg);
          draw();
        }
      }
      return EXIT.OK; // interrupted
    } catch (e) {
      if (e instanceof ConnectionLostError) {
        ctx.err(`blox: ${e.message}`);
        return EXIT.CONNECTION_LOST;
      }
      throw e;
    } finally {
      live?.close();
    }
  },
};

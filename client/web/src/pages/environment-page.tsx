// `/ui/environments/<name>`: the environment live, from one
// WatchEnvironmentStatus stream (all revisions, per-instance view). Watch
// messages are applied at most once per animation frame; every message with
// a status becomes a replay frame for the scrubber.

import { useEffect, useRef, useState } from "preact/hooks";
import { EnvironmentStatus, type EnvironmentEvent, type EnvironmentStatusView, type WatchEnvironmentStatusResponse } from "../../../../gen/blox/v1/environment_pb.js";
import { timestampMs } from "../../../cli/format/time.js";
import { Code, ConnectError, errorText, type Api } from "../api.js";
import { addFailedTasks } from "../model/failed-tasks.js";
import { createFrameBatcher } from "../model/frame-batcher.js";
import { rolesFor, type Identity } from "../model/identity.js";
import { allowedActions, type Action } from "../model/permissions.js";
import { appendFrame, type ReplayFrame } from "../model/replay.js";
import { UI_BASE } from "../model/route.js";
import { runWatchLoop, type StreamState } from "../model/watch-loop.js";
import { Actions } from "../ui/actions.js";
import { Banner, seconds } from "../ui/banner.js";
import { Conditions } from "../ui/conditions.js";
import { EventTimeline, mergeEvents } from "../ui/events.js";
import { GridLegend, InstanceGrid, MembershipChanges } from "../ui/instance-grid.js";
import { EnvironmentLine, RevisionTable } from "../ui/revision-table.js";
import { Scrubber } from "../ui/scrubber.js";

/** Event history loaded when the page opens (oldest first, in pages). */
const EVENT_PAGES = 20;
const EVENT_PAGE_SIZE = 500;

async function loadEvents(api: Api, name: string, signal: AbortSignal): Promise<EnvironmentEvent[]> {
  const out: EnvironmentEvent[] = [];
  let pageToken = "";
  for (let i = 0; i < EVENT_PAGES; i++) {
    const page = await api.listEnvironmentEvents({ environmentName: name, pageSize: EVENT_PAGE_SIZE, pageToken }, { signal });
    out.push(...page.events);
    pageToken = page.nextPageToken;
    if (pageToken === "") break;
  }
  return out;
}

async function loadRevisions(api: Api, name: string, signal: AbortSignal): Promise<bigint[]> {
  const out: bigint[] = [];
  let pageToken = "";
  do {
    const page = await api.listEnvironmentRevisions({ environmentName: name, pageSize: 100, pageToken }, { signal });
    out.push(...page.revisions.map((r) => r.revision));
    pageToken = page.nextPageToken;
  } while (pageToken !== "");
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

interface LiveState {
  status?: EnvironmentStatusView;
  frames: readonly ReplayFrame[];
  events: EnvironmentEvent[];
  /** Tasks that stopped on their own (TaskFailed events seen), shown as "failed". */
  failed: ReadonlySet<string>;
  /** Watch messages applied, and animation frames that applied them (for the page's own figures). */
  messages: number;
  batches: number;
}

function StreamBanner(props: { state: StreamState; name: string }) {
  const s = props.state;
  switch (s.kind) {
    case "retrying":
      return (
        <Banner kind="error" testId="unreachable">
          Server unreachable: <span class="server-text">{s.reason}</span>. Reconnecting in {seconds(s.delayMs)} (attempt {s.attempt + 1}); what you see may be out of date.
        </Banner>
      );
    case "ended":
      return (
        <Banner kind="warning" testId="stream-ended">
          The server ended the live stream{s.reason ? <>: <span class="server-text">{s.reason}</span></> : ""}. Reopening it in {seconds(s.delayMs)}.
        </Banner>
      );
    case "gone":
      return (
        <Banner kind="error" testId="gone">
          {props.name} does not exist (any more): <span class="server-text">{s.reason}</span>. <a href={UI_BASE}>All environments</a>
        </Banner>
      );
    case "unauthenticated":
      return <Banner kind="warning">Sign in to see this environment.</Banner>;
    case "failed":
      return (
        <Banner kind="error">
          The server refused the live stream: <span class="server-text">{s.reason}</span>
        </Banner>
      );
    default:
      return null;
  }
}

export function EnvironmentPage(props: { api: Api; name: string; identity?: Identity | undefined }) {
  const { api, name, identity } = props;
  const [live, setLive] = useState<LiveState>({ frames: [], events: [], failed: new Set(), messages: 0, batches: 0 });
  const [stream, setStream] = useState<StreamState>({ kind: "connecting", attempt: 0 });
  const [selected, setSelected] = useState<number | undefined>();
  const [revisions, setRevisions] = useState<bigint[]>([]);
  const [denied, setDenied] = useState<ReadonlySet<Action>>(new Set());
  const [loadError, setLoadError] = useState<string | undefined>();
  const [refresh, setRefresh] = useState(0);
  const applied = useRef(false);

  // The stream, batched per animation frame.
  useEffect(() => {
    const abort = new AbortController();
    const batcher = createFrameBatcher<WatchEnvironmentStatusResponse>(
      (messages) => {
        performance.mark("blox:apply:start");
        applied.current = true;
        setLive((prev) => {
          let { status, frames, events, failed } = prev;
          for (const m of messages) {
            failed = addFailedTasks(failed, m.events);
            if (m.status) {
              status = m.status;
              frames = appendFrame(frames, { sequence: m.sequence, time: timestampMs(m.time) || Date.now(), status: m.status, events: m.events, failed });
            }
            events = mergeEvents(events, m.events);
          }
          return { status, frames, events, failed, messages: prev.messages + messages.length, batches: prev.batches + 1 };
        });
      },
      (cb) => requestAnimationFrame(cb),
      (h) => cancelAnimationFrame(h),
    );
    void loadEvents(api, name, abort.signal).then(
      (history) => setLive((prev) => ({ ...prev, events: mergeEvents(history, prev.events), failed: addFailedTasks(prev.failed, history) })),
      (err) => {
        if (!abort.signal.aborted && ConnectError.from(err).code !== Code.NotFound) setLoadError(errorText(err).message);
      },
    );
    void runWatchLoop({
      open: (after, signal) => api.watchEnvironmentStatus({ environmentName: name, all: true, instances: true, afterSequence: after }, { signal }),
      onMessage: (m) => batcher.push(m),
      onState: setStream,
      signal: abort.signal,
    });
    return () => {
      abort.abort();
      batcher.cancel();
    };
  }, [api, name]);

  // After the render of a batch: how long applying it took (performance marks for the browser test).
  useEffect(() => {
    if (!applied.current) return;
    applied.current = false;
    performance.measure("blox:apply", "blox:apply:start");
  });

  const latestRevision = live.status?.latestRevision;
  useEffect(() => {
    const abort = new AbortController();
    loadRevisions(api, name, abort.signal).then(setRevisions, () => {});
    return () => abort.abort();
  }, [api, name, latestRevision, refresh]);

  const frame = selected !== undefined ? live.frames[selected] : undefined;
  const view = frame?.status ?? live.status;
  // The newest replay frame holds the live grid already (a message that changes nothing adds no frame).
  const cells = frame?.cells ?? live.frames[live.frames.length - 1]?.cells ?? [];
  const allowed = allowedActions(rolesFor(identity, name), denied);
  const deleted = live.status?.status === EnvironmentStatus.DELETED;
  const deleting = live.status?.status === EnvironmentStatus.DELETING;

  return (
    <section aria-labelledby="env-title" data-stream={stream.kind} data-messages={live.messages} data-batches={live.batches}>
      <h1 id="env-title">{name}</h1>
      <StreamBanner state={stream} name={name} />
      {deleted && (
        <Banner kind="error" testId="deleted">
          This environment was deleted. <a href={UI_BASE}>All environments</a>
        </Banner>
      )}
      {deleting && <Banner kind="warning">This environment is being deleted.</Banner>}
      {loadError && <Banner kind="error">Could not load the event history: <span class="server-text">{loadError}</span></Banner>}
      {!view && stream.kind === "connecting" && <p>Connecting…</p>}
      {view && live.status && (
        <>
          <Actions
            api={api}
            view={live.status}
            revisions={revisions}
            allowed={allowed}
            disabled={deleted || deleting || stream.kind === "gone"}
            onDenied={(a) => setDenied((d) => new Set([...d, a]))}
            onDone={() => setRefresh((r) => r + 1)}
          />
          <h2>Status{frame ? ` at T=${frame.t}` : ""}</h2>
          <EnvironmentLine view={view} />
          <RevisionTable view={view} />
          <h2>Conditions</h2>
          <Conditions view={view} />
          <h2 id="grid-title">Instances{frame ? ` at T=${frame.t}` : ""}</h2>
          <GridLegend />
          <InstanceGrid cells={cells} label={`Per-instance grid of ${name}${frame ? ` at T=${frame.t}` : ""}`} />
          <h3>Joining, leaving, draining</h3>
          <MembershipChanges cells={cells} />
          <h2>Replay</h2>
          <Scrubber frames={live.frames} selected={selected} onSelect={setSelected} />
          <h2>Events</h2>
          <EventTimeline events={live.events} />
        </>
      )}
    </section>
  );
}

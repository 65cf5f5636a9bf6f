// The dashboard's pure model, without a browser: which actions a role may
// use, the legend, grid cells and their text, the replay frames, the
// per-animation-frame batching and the watch loop's states.

import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { expect } from "chai";
import {
  EnvironmentStatus,
  EnvironmentEventSchema,
  EnvironmentStatusViewSchema,
  EventType,
  InstanceStatusViewSchema,
  TaskState,
  WatchEnvironmentStatusResponseSchema,
  type EnvironmentStatusView,
  type WatchEnvironmentStatusResponse,
} from "../../gen/blox/v1/environment_pb.js";
import { backoffDelay } from "../../client/web/src/model/backoff.js";
import { addFailedTasks } from "../../client/web/src/model/failed-tasks.js";
import { createFrameBatcher } from "../../client/web/src/model/frame-batcher.js";
import { cellAt, describeCell, describeTransitions, gridCells, gridLayout, membershipOf, moveFocus, summarizeCells } from "../../client/web/src/model/grid-model.js";
import { STATUS_LEGEND, TASK_LEGEND, statusLegend } from "../../client/web/src/model/legend.js";
import { identityFrom, inScope, rolesFor } from "../../client/web/src/model/identity.js";
import { ACTION_ROLE, ACTIONS, allowedActions } from "../../client/web/src/model/permissions.js";
import { appendFrame, type ReplayFrame } from "../../client/web/src/model/replay.js";
import { environmentHref, parseRoute } from "../../client/web/src/model/route.js";
import { runWatchLoop, type StreamState } from "../../client/web/src/model/watch-loop.js";

type Task = [revision: number, state: TaskState, healthy?: boolean];

function instance(n: number, tasks: Task[], extra: { inGroup?: boolean; instanceStatus?: string } = {}) {
  return create(InstanceStatusViewSchema, {
    containerInstanceArn: `arn:aws:ecs:us-east-1:1:container-instance/default/${n}`,
    ec2InstanceId: `i-${n}`,
    instanceStatus: extra.instanceStatus ?? "ACTIVE",
    inGroup: extra.inGroup ?? true,
    tasks: tasks.map(([revision, state, healthy = true]) => ({ taskArn: `t-${n}-${revision}`, revision: BigInt(revision), state, healthy })),
  });
}

function view(instances: ReturnType<typeof instance>[], extra: { status?: EnvironmentStatus } = {}): EnvironmentStatusView {
  return create(EnvironmentStatusViewSchema, { environmentName: "E", targetRevision: 1n, status: EnvironmentStatus.DEPLOYING, instances, ...extra });
}

describe("web dashboard model", () => {
  describe("permissions", () => {
    it("follows the server's rules: viewer nothing, deployer deploy and promote, operator rollback/freeze/thaw/delete too", () => {
      expect([...allowedActions(["viewer"])]).to.deep.equal([]);
      expect([...allowedActions(["deployer"])].sort()).to.deep.equal(["deploy", "promote"]);
      expect([...allowedActions(["operator"])].sort()).to.deep.equal(["delete", "deploy", "freeze", "promote", "rollback", "thaw"]);
      expect(allowedActions(["admin"]).size).to.equal(ACTIONS.length);
      expect(ACTION_ROLE.rollback).to.equal("operator");
    });

    it("takes the best of several roles, ignores unknown ones, and shows everything when the server has no roles", () => {
      expect([...allowedActions(["viewer", "deployer", "wizard"])].sort()).to.deep.equal(["deploy", "promote"]);
      expect([...allowedActions(["wizard"])]).to.deep.equal([]);
      expect(allowedActions(undefined).size).to.equal(ACTIONS.length);
    });

    it("hides what the server refused with PERMISSION_DENIED, whatever the roles say", () => {
      const a = allowedActions(undefined, new Set(["freeze", "delete"]));
      expect(a.has("freeze")).to.equal(false);
      expect(a.has("delete")).to.equal(false);
      expect(a.has("thaw")).to.equal(true);
      expect(allowedActions(["admin"], new Set(["deploy"])).has("deploy")).to.equal(false);
    });
  });

  describe("identity (WhoAmI)", () => {
    it("without authentication nothing is hidden by role or scope", () => {
      const id = identityFrom({ principal: "anonymous", roles: ["admin"], environments: ["*"], authEnabled: false });
      expect(rolesFor(id, "Any/Thing")).to.equal(undefined);
      expect(allowedActions(rolesFor(id, "Any/Thing")).size).to.equal(ACTIONS.length);
    });

    it("with authentication the roles decide inside the scope, and nothing is offered outside it", () => {
      const id = identityFrom({ principal: "ci-web", roles: ["deployer"], environments: ["Web/*", "Api/Prod"], authEnabled: true });
      expect([...allowedActions(rolesFor(id, "Web/Prod"))].sort()).to.deep.equal(["deploy", "promote"]);
      expect([...allowedActions(rolesFor(id, "Api/Prod"))].sort()).to.deep.equal(["deploy", "promote"]);
      expect(inScope(id, "Api/Prod2")).to.equal(false);
      expect([...allowedActions(rolesFor(id, "Api/Prod2"))]).to.deep.equal([]);
      expect([...allowedActions(rolesFor(id, "Other/Web/x"))]).to.deep.equal([]);
    });

    it("an unknown identity (no WhoAmI answer yet, or an older server) leaves the decision to the server", () => {
      expect(rolesFor(undefined, "Web/Prod")).to.equal(undefined);
      expect(inScope(undefined, "Web/Prod")).to.equal(true);
    });
  });

  describe("legend", () => {
    it("gives every task state and status its own symbol and colour (colour never carries a state alone)", () => {
      for (const legend of [TASK_LEGEND, STATUS_LEGEND]) {
        const entries = Object.entries(legend).filter(([k]) => !["Reverted", "Reverting"].includes(k));
        const symbols = entries.map(([, l]) => l.symbol);
        expect(new Set(symbols).size, JSON.stringify(symbols)).to.equal(symbols.length);
        for (const [k, l] of entries) {
          expect(l.symbol, k).to.match(/\S/);
          expect(l.colour, k).to.match(/^#[0-9A-Fa-f]{6}$/);
        }
      }
      const taskColours = Object.values(TASK_LEGEND).map((l) => l.colour);
      expect(new Set(taskColours).size).to.equal(taskColours.length);
    });

    it("has the doc's statuses, and a neutral entry for one it does not know", () => {
      for (const s of ["Active", "Deploying", "Stuck", "Failing", "Frozen", "Deleting", "Deleted"]) expect(statusLegend(s).label).to.equal(s);
      expect(statusLegend("Sideways")).to.deep.include({ label: "Sideways", symbol: "?" });
    });
  });

  describe("grid", () => {
    it("turns the instance view into cells: task states (unhealthy when running but not healthy) and membership", () => {
      const cells = gridCells([
        instance(1, [[1, TaskState.PENDING]]),
        instance(2, [[1, TaskState.RUNNING, false]]),
        instance(3, [
          [1, TaskState.TERMINATING],
          [2, TaskState.RUNNING],
        ]),
        instance(4, []),
        instance(5, [[1, TaskState.RUNNING]], { inGroup: false }),
        instance(6, [[1, TaskState.RUNNING]], { instanceStatus: "DRAINING" }),
        instance(7, [[1, TaskState.STOPPED]], { inGroup: false }),
      ]);
      expect(cells.map((c) => c.tasks.map((t) => `${t.revision}${t.state}`).join(","))).to.deep.equal([
        "1pending",
        "1unhealthy",
        "1terminating,2running",
        "",
        "1running",
        "1running",
        "1stopped",
      ]);
      expect(cells.map((c) => c.membership)).to.deep.equal(["member", "member", "member", "joining", "leaving", "draining", "outside"]);
      expect(describeCell(cells[2]!)).to.equal("i-3: v1 terminating, v2 running");
      expect(describeCell(cells[3]!)).to.equal("i-4: no task; joining");
      expect(summarizeCells(cells.slice(0, 3))).to.equal("3 instances: 1 v1 pending, 1 v1 running, not healthy, 1 v2 running");
      expect(membershipOf(instance(8, [], { inGroup: false }))).to.equal("outside");
    });

    it("marks a stopped task failed when a TaskFailed event names it (a task stopped by the planner stays terminated)", () => {
      const failedEvent = create(EnvironmentEventSchema, { type: EventType.TASK_FAILED, message: "task t-1-1 on arn:aws:ecs:us-east-1:1:container-instance/default/1 stopped unexpectedly: Essential container exited (exit code 1)" });
      const other = create(EnvironmentEventSchema, { type: EventType.DEPLOYMENT_STARTED, message: "task t-2-1 on x" });
      const none: ReadonlySet<string> = new Set();
      expect(addFailedTasks(none, [other])).to.equal(none);
      const failed = addFailedTasks(none, [failedEvent, other]);
      expect([...failed]).to.deep.equal(["t-1-1"]);
      expect(addFailedTasks(failed, [failedEvent])).to.equal(failed);
      const before = gridCells([instance(1, [[1, TaskState.RUNNING]]), instance(2, [[1, TaskState.RUNNING]])], failed);
      const cells = gridCells([instance(1, [[1, TaskState.STOPPED]]), instance(2, [[1, TaskState.STOPPED]])], failed);
      expect(cells.map((c) => c.tasks[0]!.state)).to.deep.equal(["failed", "stopped"]);
      expect(describeCell(cells[0]!)).to.equal("i-1: v1 failed; joining");
      expect(describeTransitions(before, cells, cells.map((c) => c.key))).to.equal("Failed 1; Terminated 2");
      expect(TASK_LEGEND.failed.symbol).to.equal("✕");
    });

    it("lays cells out in rows, hit-tests the canvas and moves the keyboard focus inside the grid", () => {
      const layout = gridLayout(10, 4 * 80 - 4);
      expect(layout).to.deep.include({ columns: 4, rows: 3 });
      expect(cellAt(layout, 10, 1, 1)).to.equal(0);
      expect(cellAt(layout, 10, 80 + 1, 44 + 1)).to.equal(5);
      expect(cellAt(layout, 10, 77, 1), "in the gap").to.equal(undefined);
      expect(cellAt(layout, 10, 3 * 80 + 1, 2 * 44 + 1), "past the last cell").to.equal(undefined);
      expect(moveFocus(0, "ArrowDown", layout, 10)).to.equal(4);
      expect(moveFocus(0, "ArrowLeft", layout, 10)).to.equal(0);
      expect(moveFocus(9, "ArrowDown", layout, 10)).to.equal(9);
      expect(moveFocus(5, "End", layout, 10)).to.equal(7);
      expect(moveFocus(5, "Home", layout, 10)).to.equal(4);
    });

    it("says what changed between two moments in the doc's words", () => {
      const before = gridCells([instance(1, [[1, TaskState.RUNNING]]), instance(2, [[1, TaskState.RUNNING]]), instance(3, [[1, TaskState.PENDING]])]);
      const after = gridCells([
        instance(1, [[1, TaskState.TERMINATING]]),
        instance(2, [[1, TaskState.STOPPED]]),
        instance(3, [
          [1, TaskState.RUNNING],
          [2, TaskState.PENDING],
        ]),
      ]);
      expect(describeTransitions(before, after, after.map((c) => c.key))).to.equal("Terminated 2; Running 3; Terminate 1; Start 3");
      expect(describeTransitions(after, after, after.map((c) => c.key))).to.equal("");
    });
  });

  describe("replay", () => {
    const frameOf = (v: EnvironmentStatusView, sequence: bigint, events = 0) => ({
      sequence,
      time: Number(sequence) * 1000,
      status: v,
      events: Array.from({ length: events }, () => ({}) as never),
    });

    it("numbers frames from T=0, skips messages that change nothing, and records what changed", () => {
      let frames: readonly ReplayFrame[] = [];
      frames = appendFrame(frames, frameOf(view([instance(1, [[1, TaskState.PENDING]])]), 1n));
      const same = appendFrame(frames, frameOf(view([instance(1, [[1, TaskState.PENDING]])]), 2n));
      expect(same).to.equal(frames);
      frames = appendFrame(frames, frameOf(view([instance(1, [[1, TaskState.RUNNING]])]), 3n));
      frames = appendFrame(frames, frameOf(view([instance(1, [[1, TaskState.RUNNING]])], { status: EnvironmentStatus.ACTIVE }), 4n));
      expect(frames.map((f) => [f.t, f.sequence, f.change])).to.deep.equal([
        [0, 1n, ""],
        [1, 3n, "Running 1"],
        [2, 4n, ""],
      ]);
      const withEvent = appendFrame(frames, frameOf(view([instance(1, [[1, TaskState.RUNNING]])], { status: EnvironmentStatus.ACTIVE }), 5n, 1));
      expect(withEvent.length, "an event is a moment of its own").to.equal(4);
    });

    it("drops the oldest frames once the cell budget is spent, keeping T numbering", () => {
      let frames: readonly ReplayFrame[] = [];
      for (let i = 0; i < 10; i++) {
        const state = i % 2 === 0 ? TaskState.PENDING : TaskState.RUNNING;
        frames = appendFrame(frames, frameOf(view([instance(1, [[1, state]]), instance(2, [[1, state]])]), BigInt(i + 1)), 8);
      }
      expect(frames.map((f) => f.t)).to.deep.equal([6, 7, 8, 9]);
    });
  });

  describe("frame batching", () => {
    it("applies everything pushed between two frames in one call, in order, and schedules one frame per batch", () => {
      const scheduled: (() => void)[] = [];
      const applied: number[][] = [];
      const b = createFrameBatcher<number>((items) => applied.push(items), (cb) => scheduled.push(cb));
      b.push(1);
      b.push(2);
      b.push(3);
      expect(scheduled.length).to.equal(1);
      expect(b.pending).to.equal(3);
      scheduled.shift()!();
      b.push(4);
      expect(scheduled.length).to.equal(1);
      scheduled.shift()!();
      expect(applied).to.deep.equal([[1, 2, 3], [4]]);
      expect(b.pending).to.equal(0);
    });

    it("cancel drops what waits and unschedules the frame", () => {
      const unscheduled: number[] = [];
      const applied: number[][] = [];
      let run: (() => void) | undefined;
      const b = createFrameBatcher<number>(
        (items) => applied.push(items),
        (cb) => ((run = cb), 7),
        (h) => unscheduled.push(h),
      );
      b.push(1);
      b.cancel();
      expect(unscheduled).to.deep.equal([7]);
      run!();
      expect(applied).to.deep.equal([]);
    });
  });

  describe("watch loop (bad states)", () => {
    const msg = (sequence: bigint): WatchEnvironmentStatusResponse => create(WatchEnvironmentStatusResponseSchema, { sequence, status: view([]) });

    /** Runs the loop over scripted streams: each entry yields its messages, then ends or throws. */
    async function runScript(script: { messages: bigint[]; then?: ConnectError }[], maxStates = 50) {
      const abort = new AbortController();
      const states: StreamState[] = [];
      const opens: (bigint | undefined)[] = [];
      const sleeps: number[] = [];
      const seen: bigint[] = [];
      let step = 0;
      await runWatchLoop({
        open: async function* (after) {
          opens.push(after);
          const s = script[step++];
          if (!s) {
            abort.abort();
            return;
          }
          for (const m of s.messages) yield msg(m);
          if (s.then) throw s.then;
        },
        onMessage: (m) => seen.push(m.sequence),
        onState: (s) => {
          states.push(s);
          if (states.length >= maxStates) abort.abort();
        },
        signal: abort.signal,
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 0,
      });
      return { states, opens, sleeps, seen };
    }

    it("server unreachable: retries with growing backoff, resumes after the last sequence, and is live again on the first message", async () => {
      const unavailable = new ConnectError("connect ECONNREFUSED", Code.Unavailable);
      const r = await runScript([{ messages: [1n, 2n], then: unavailable }, { messages: [], then: unavailable }, { messages: [], then: unavailable }, { messages: [3n] }]);
      expect(r.opens).to.deep.equal([undefined, 2n, 2n, 2n, 3n]);
      expect(r.seen).to.deep.equal([1n, 2n, 3n]);
      const kinds = r.states.map((s) => s.kind);
      expect(kinds.slice(0, 8)).to.deep.equal(["connecting", "live", "retrying", "connecting", "retrying", "connecting", "retrying", "connecting"]);
      const retries = r.states.filter((s): s is Extract<StreamState, { kind: "retrying" }> => s.kind === "retrying");
      expect(retries.map((s) => [s.attempt, s.reason])).to.deep.equal([
        [0, "connect ECONNREFUSED"],
        [1, "connect ECONNREFUSED"],
        [2, "connect ECONNREFUSED"],
      ]);
      expect(r.sleeps.slice(0, 3)).to.deep.equal([backoffDelay(0, {}, () => 0), backoffDelay(1, {}, () => 0), backoffDelay(2, {}, () => 0)]);
      expect(r.sleeps[0]! < r.sleeps[1]! && r.sleeps[1]! < r.sleeps[2]!).to.equal(true);
      expect(kinds[8]).to.equal("live");
    });

    it("a stream ended by the server is shown as ended and reopened after the last sequence", async () => {
      const r = await runScript([{ messages: [5n] }, { messages: [6n] }]);
      expect(r.states.map((s) => s.kind).slice(0, 6)).to.deep.equal(["connecting", "live", "ended", "connecting", "live", "ended"]);
      expect(r.opens.slice(0, 2)).to.deep.equal([undefined, 5n]);
    });

    it("a live stream the server closes with UNAVAILABLE (shutting down) is ended by the server, with its text; a broken connection is unreachable", async () => {
      const shutdown = new ConnectError("watch closed because the server is shutting down", Code.Unavailable);
      const refused = new ConnectError("Failed to fetch", Code.Unknown, undefined, undefined, new TypeError("Failed to fetch"));
      const r = await runScript([{ messages: [4n], then: shutdown }, { messages: [], then: refused }, { messages: [5n] }]);
      expect(r.states.slice(0, 6)).to.deep.equal([
        { kind: "connecting", attempt: 0 },
        { kind: "live" },
        { kind: "ended", delayMs: backoffDelay(0, {}, () => 0), reason: "watch closed because the server is shutting down" },
        { kind: "connecting", attempt: 0 },
        { kind: "retrying", attempt: 0, delayMs: backoffDelay(0, {}, () => 0), reason: "Failed to fetch" },
        { kind: "connecting", attempt: 1 },
      ]);
      expect(r.opens.slice(0, 3)).to.deep.equal([undefined, 4n, 4n]);
      const before = await runScript([{ messages: [], then: shutdown }]);
      expect(before.states[1]!.kind, "UNAVAILABLE before any message: not reachable yet").to.equal("retrying");
    });

    it("an environment deleted while open (NOT_FOUND) stops the loop as gone; other refusals stop it as failed or unauthenticated", async () => {
      const gone = await runScript([{ messages: [1n], then: new ConnectError('environment "E" not found', Code.NotFound) }, { messages: [2n] }]);
      expect(gone.states.map((s) => s.kind)).to.deep.equal(["connecting", "live", "gone"]);
      expect(gone.states[2]).to.deep.equal({ kind: "gone", reason: 'environment "E" not found' });
      expect(gone.opens).to.have.length(1);
      const denied = await runScript([{ messages: [], then: new ConnectError("no", Code.PermissionDenied) }]);
      expect(denied.states.at(-1)).to.deep.equal({ kind: "failed", reason: "no" });
      const unauth = await runScript([{ messages: [], then: new ConnectError("token?", Code.Unauthenticated) }]);
      expect(unauth.states.at(-1)).to.deep.equal({ kind: "unauthenticated", reason: "token?" });
    });

    it("backoff grows, is capped and jittered into [half, full) of the step", () => {
      expect(backoffDelay(0, {}, () => 0)).to.equal(250);
      expect(backoffDelay(3, {}, () => 0.999999)).to.equal(4000);
      expect(backoffDelay(50, {}, () => 0)).to.equal(7500);
      expect(backoffDelay(50, { maxMs: 1000 }, () => 0.5)).to.equal(750);
    });
  });

  describe("routes", () => {
    it("round-trips environment names with slashes and refuses malformed paths", () => {
      expect(parseRoute(environmentHref("SomeEnvironment/Prod"))).to.deep.equal({ page: "environment", name: "SomeEnvironment/Prod" });
      expect(parseRoute("/ui/")).to.deep.equal({ page: "list" });
      expect(parseRoute("/ui/environments/%E0%A4%A")).to.deep.equal({ page: "not-found", path: "/ui/environments/%E0%A4%A" });
      expect(parseRoute("/ui/environments/a/b").page).to.equal("not-found");
    });
  });
});

// Fakes and a harness for EnvironmentService tests: the real service behind
// createRouterTransport (no sockets), an in-memory store, a fake clock, and a
// scheduler / watch hub that record what the service asked of them.

import { createClient, createRouterTransport, ConnectError, Code } from "@connectrpc/connect";
import type { Client } from "@connectrpc/connect";
import { expect } from "chai";
import { EnvironmentService } from "../../gen/blox/v1/environment_pb.js";
import { createEnvironmentService } from "../../server/api/environment-service.js";
import type { EnvironmentStatusSnapshot } from "../../server/domain/status.js";
import { environmentNotFound } from "../../server/api/environment-service.js";
import type { Scheduler } from "../../server/reconciler/scheduler.js";
import type { StatusReader } from "../../server/status/status-reader.js";
import type { BloxStore } from "../../server/store/store.js";
import type { WatchHub, WatchMessage } from "../../server/watch/hub-types.js";
import { createFakeClock } from "../support/fake-clock.js";
import type { FakeClock } from "../support/fake-clock.js";
import { createSqliteStore } from "../../server/store/sqlite-store.js";

export function snapshot(name: string, overrides: Partial<EnvironmentStatusSnapshot> = {}): EnvironmentStatusSnapshot {
  return {
    environmentName: name,
    targetRevision: 0,
    latestRevision: 1,
    status: "Created",
    outdated: 0,
    desired: 0,
    healthy: 0,
    total: 5,
    revisions: [
      { revision: 1, status: "Created", desired: 0, healthy: 0, total: 5, tasks: 0, conditions: [], taskDefinition: "log-daemon:1" },
    ],
    conditions: [],
    frozen: false,
    currentDeploymentId: "",
    observedAt: 1_500_000_000_000,
    ...overrides,
  };
}

export interface FakeScheduler extends Scheduler, StatusReader {
  pokes: string[];
  describeCalls: { name: string; instances: boolean }[];
  /** What describe returns per environment; default: snapshot(name). */
  statuses: Map<string, { status: EnvironmentStatusSnapshot; sequence: number }>;
}

export function createFakeScheduler(store: BloxStore): FakeScheduler {
  const s: FakeScheduler = {
    pokes: [],
    describeCalls: [],
    statuses: new Map(),
    poke(name) {
      s.pokes.push(name);
    },
    async describe(name, options) {
      s.describeCalls.push({ name, instances: options.instances });
      if (!(await store.getEnvironment(name))) throw environmentNotFound(name);
      const known = s.statuses.get(name);
      return known ? { ...known, journaled: known.sequence > 0 } : { status: snapshot(name), sequence: 0, journaled: false };
    },
    async withInstances(name, message) {
      if (!message.status) return message;
      const { status } = await s.describe(name, { instances: true });
      return { ...message, status: { ...message.status, instances: status.instances ?? [] } };
    },
    async start() {},
    async stop() {},
  };
  return s;
}

export interface FakeHub extends WatchHub {
  /** Messages each subscription yields before it waits for its signal. */
  messages: WatchMessage[];
  /** When set, the stream ends (instead of waiting) after the messages. */
  endAfterMessages: boolean;
  subscriptions: { name: string; afterSequence?: number; signal: AbortSignal }[];
}

export function createFakeHub(): FakeHub {
  const hub: FakeHub = {
    messages: [],
    endAfterMessages: false,
    subscriptions: [],
    subscribe(name, options) {
      hub.subscriptions.push({ name, ...options });
      const messages = hub.messages.slice();
      return (async function* () {
        for (const m of messages) yield m;
        if (hub.endAfterMessages) return;
        // Like a real hub: wait until the caller goes away, then fail with the abort.
        await new Promise<void>((_, reject) => {
          if (options.signal.aborted) reject(new DOMException("aborted", "AbortError"));
          options.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")), { once: true });
        });
      })();
    },
    async close() {},
  };
  return hub;
}

/** Test hooks into the store, e.g. to inject a concurrent write. */
export interface StoreHooks {
  /** Runs before each updateEnvironmentRecord (the service's compare-and-set). */
  beforeRecordUpdate?: (name: string) => void | Promise<void>;
}

/** The real embedded store (SQLite in memory), with StoreHooks spliced in. */
export async function createTestStore(hooks: StoreHooks = {}): Promise<BloxStore> {
  const inner = createSqliteStore({ path: ":memory:" });
  await inner.init();
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === "updateEnvironmentRecord") {
        return async (...args: Parameters<BloxStore["updateEnvironmentRecord"]>) => {
          await hooks.beforeRecordUpdate?.(args[0]);
          return target.updateEnvironmentRecord(...args);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

export interface Harness {
  client: Client<typeof EnvironmentService>;
  store: BloxStore;
  hooks: StoreHooks;
  scheduler: FakeScheduler;
  hub: FakeHub;
  clock: FakeClock;
}

export async function createHarness(options: { deletedRetentionMs?: number } = {}): Promise<Harness> {
  const clock = createFakeClock();
  const hooks: StoreHooks = {};
  const store = await createTestStore(hooks);
  const scheduler = createFakeScheduler(store);
  const hub = createFakeHub();
  const impl = createEnvironmentService({
    store,
    scheduler,
    status: scheduler,
    watchHub: hub,
    clock,
    deletedRetentionMs: options.deletedRetentionMs,
  });
  const transport = createRouterTransport((router) => {
    router.service(EnvironmentService, impl);
  });
  return { client: createClient(EnvironmentService, transport), store, hooks, scheduler, hub, clock };
}

/** Expects `promise` to fail with `code` and a message matching every pattern. */
export async function expectCode(promise: Promise<unknown>, code: Code, ...patterns: RegExp[]): Promise<ConnectError> {
  let error: unknown;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  expect(error, "expected the call to fail").to.be.instanceOf(Error);
  const ce = ConnectError.from(error);
  expect(Code[ce.code], ce.rawMessage).to.equal(Code[code]);
  for (const p of patterns) expect(ce.rawMessage).to.match(p);
  return ce;
}

export const SPEC = {
  name: "SomeEnvironment/Prod",
  taskDefinition: "log-daemon:1",
  cluster: "default",
  instanceGroup: { query: "attribute:stack == prod" },
};

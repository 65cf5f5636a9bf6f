// Shared harness of the reconciler and watch tests: the real sqlite store
// (:memory:), the real simulator, and the fake clock, stepped together.

import type { Clock } from "../../../server/clock.js";
import type { ClusterBackend } from "../../../server/cluster/backend.js";
import { createSimulatedCluster, type SimulatedCluster } from "../../../server/cluster/simulator/index.js";
import type { SimConfig } from "../../../server/cluster/simulator/types.js";
import type { EnvironmentSpec } from "../../../server/domain/environment.js";
import { createSqliteStore } from "../../../server/store/sqlite-store.js";
import type { BloxStore } from "../../../server/store/store.js";
import { createFakeClock, type FakeClock } from "../../support/fake-clock.js";

export const ENV = "SomeEnvironment/Prod";

export function daemonSpec(overrides: Partial<EnvironmentSpec> = {}): EnvironmentSpec {
  return {
    name: ENV,
    taskDefinition: "log-daemon:1",
    cluster: "default",
    instanceGroupQuery: "attribute:stack == prod",
    deployment: {
      type: "Daemon",
      method: "TerminateThenReplace",
      limits: { minHealthyPercent: 60, maxOverPercent: 25 },
      stuckTimeoutMs: 10 * 60_000,
      failingTimeoutMs: 5 * 60_000,
      missingTaskTimeoutMs: 5 * 60_000,
      soakTimeMs: 0,
    },
    ...overrides,
  };
}

export function simConfig(prod = 5, gamma = 0): SimConfig {
  const instances = [{ count: prod, attributes: { stack: "prod" } }];
  if (gamma > 0) instances.push({ count: gamma, attributes: { stack: "gamma" } });
  return { clusters: [{ name: "default", instances }], latencies: { startMs: 2000, stopMs: 1000 }, faults: [] };
}

export interface Harness {
  clock: FakeClock;
  sim: SimulatedCluster;
  store: BloxStore;
}

export async function createHarness(config: SimConfig = simConfig()): Promise<Harness> {
  const clock = createFakeClock();
  const sim = createSimulatedCluster({ clock, config, seed: 7 });
  const store = createSqliteStore({ path: ":memory:" });
  await store.init();
  return { clock, sim, store };
}

/** Lets promise chains, microtasks and setImmediate callbacks (store notifications) run. */
export async function flush(rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Advances the fake clock by `ms` in steps, letting async work run between steps. */
export async function run(clock: FakeClock, ms: number, stepMs = 100): Promise<void> {
  await flush();
  for (let t = 0; t < ms; t += stepMs) {
    clock.advance(Math.min(stepMs, ms - t));
    await flush();
  }
}

/** Steps the clock until `predicate` holds; fails after `maxMs` of clock time. */
export async function until(
  clock: FakeClock,
  predicate: () => boolean | Promise<boolean>,
  maxMs = 120_000,
  stepMs = 100,
  what = "condition",
): Promise<number> {
  const start = clock.now();
  await flush();
  while (!(await predicate())) {
    if (clock.now() - start > maxMs) throw new Error(`timed out after ${maxMs} ms of clock time waiting for ${what}`);
    clock.advance(stepMs);
    await flush();
  }
  return clock.now() - start;
}

/** What the API's DeployEnvironment does: record the deployment, then set the target. */
export async function deploy(store: BloxStore, clock: Clock, name: string, revision: number, rollback = false): Promise<string> {
  const env = await store.getEnvironment(name);
  if (!env) throw new Error(`no environment ${name}`);
  const deploymentId = `${name}:${revision}@${clock.now()}`;
  await store.insertDeployment({
    deploymentId,
    environmentName: name,
    revision,
    fromRevision: env.targetRevision,
    rollback,
    state: "in_progress",
    startedAt: clock.now(),
  });
  await store.updateEnvironmentRecord(
    name,
    env.version,
    { targetRevision: revision, targetIsRollback: rollback, currentDeploymentId: deploymentId },
    clock.now(),
  );
  return deploymentId;
}

/**
 * Makes a "process" out of a clock, store and backend that can be killed
 * like SIGKILL: afterwards its timers never fire, its store and cluster calls
 * never complete, and it hears no notifications. Nothing is released.
 */
export function crashable(clock: Clock, store: BloxStore, backend: SimulatedCluster) {
  let dead = false;
  const never = <T>() => new Promise<T>(() => {});
  // Proxies (the real objects are shared with the survivors): every method
  // call of a dead process hangs; `overrides` replace single methods.
  const wrapAsync = <T extends object>(target: T, overrides: Record<string, unknown> = {}): T =>
    new Proxy(target, {
      get(t, prop, receiver) {
        if (typeof prop === "string" && prop in overrides) return overrides[prop];
        const v = Reflect.get(t, prop, receiver);
        if (typeof v !== "function") return v;
        return (...args: unknown[]) => {
          if (dead) return never();
          const out = v.apply(t, args);
          if (out && typeof (out as Promise<unknown>).then === "function") {
            return (out as Promise<unknown>).then(
              (x) => (dead ? never() : x),
              (e) => (dead ? never() : Promise.reject(e)),
            );
          }
          return out;
        };
      },
    });
  const deadClock: Clock = {
    now: () => clock.now(),
    setTimer: (ms, fn) => clock.setTimer(ms, () => (dead ? undefined : fn())),
  };
  const deadStore = wrapAsync(store, {
    subscribe: (listener: (name: string) => void) => store.subscribe((n) => (dead ? undefined : listener(n))),
  });
  const wrapBackend = (b: ClusterBackend, extra: Record<string, unknown> = {}): ClusterBackend =>
    wrapAsync(b, {
      subscribe: (cluster: string, listener: () => void) => b.subscribe!(cluster, () => (dead ? undefined : listener())),
      ...extra,
    });
  const deadBackend = wrapBackend(backend, {
    withActor: (label: string) => wrapBackend(backend.withActor(label)),
  }) as ClusterBackend & { withActor(label: string): ClusterBackend };
  return {
    clock: deadClock,
    store: deadStore,
    backend: deadBackend,
    kill: () => {
      dead = true;
    },
  };
}

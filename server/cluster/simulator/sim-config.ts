// The simulator's configuration (`npm start -- --sim-config FILE`): clusters,
// instances with attributes and resources, latencies, faults and timed
// instance joins/leaves. Every error names the file and the key path.
//
//   clusters:
//     - name: default
//       instances:
//         - count: 5
//           attributes: { stack: prod }
//           cpu: 2048
//           memory: 4096
//   latencies: { start: 2s, stop: 1s }
//   taskDefinitions:
//     - { family: log-daemon, memory: 512, healthCheck: true }
//   faults:
//     - { kind: start-failure, instanceIndex: 2, count: 3, reason: "RESOURCE:MEMORY" }
//   events:
//     - { after: 60s, kind: add-instances, count: 2, attributes: { stack: prod } }
//     - { after: 90s, kind: remove-instance, instanceIndex: 0 }

import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import { parseDurationText } from "../../duration.js";
import type { SimClusterConfig, SimConfig, SimEventConfig, SimFaultConfig, SimInstanceGroupConfig, SimTaskDefinition } from "./types.js";

/** Resolves a config's cluster reference (name) at `p`. */
type ClusterRef = (v: unknown, p: string) => string | undefined;
/** Resolves a config's instance reference (index in its cluster) at `p`. */
type InstanceIndexRef = (v: unknown, p: string, cluster: string | undefined, required: boolean) => number | undefined;

export type { SimConfig };

/** The cluster of the design doc's walkthrough: `default` with 5 × stack=prod and 3 × stack=gamma. */
export const DEFAULT_SIM_CONFIG: SimConfig = Object.freeze({
  clusters: [
    {
      name: "default",
      instances: [
        { count: 5, attributes: { stack: "prod" } },
        { count: 3, attributes: { stack: "gamma" } },
      ],
    },
  ],
  latencies: { startMs: 2000, stopMs: 1000 },
  faults: [],
  taskDefinitions: [],
  events: [],
}) as SimConfig;

/** A configuration problem; `path` is the key path (e.g. `clusters[0].instances[1].count`). */
export class SimConfigError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = "SimConfigError";
  }
}

/** Reads and parses a YAML simulator configuration file. */
export function loadSimConfig(path: string): SimConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new SimConfigError(`${path}: cannot read the simulator configuration: ${(e as Error).message}`, "");
  }
  return parseSimConfig(text, path);
}

/** Parses YAML text; `sourceName` prefixes every error message. Missing sections take DEFAULT_SIM_CONFIG's values. */
export function parseSimConfig(yamlText: string, sourceName = "sim-config"): SimConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = lineCounter.linePos(err.pos[0]);
    const where = `line ${pos.line}, column ${pos.col}`;
    throw new SimConfigError(`${sourceName}: ${where}: ${err.message.split("\n")[0]}`, "");
  }
  const root = doc.toJS() ?? {};
  return new Reader(sourceName).config(root);
}

const NAME = /^[A-Za-z0-9_-]{1,255}$/;

class Reader {
  constructor(private readonly source: string) {}

  private fail(path: string, problem: string): never {
    throw new SimConfigError(`${this.source}: ${path || "(top level)"}: ${problem}`, path);
  }

  private object(value: unknown, path: string, allowed: string[]): Record<string, unknown> {
    if (value === null || typeof value !== "object" || Array.isArray(value)) this.fail(path, `must be a mapping`);
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.fail(join(path, key), `unknown key (expected one of: ${allowed.join(", ")})`);
    }
    return value as Record<string, unknown>;
  }

  private array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, "must be a list");
    return value;
  }

  private string(value: unknown, path: string, pattern?: RegExp, what?: string): string {
    if (typeof value !== "string" || value === "") this.fail(path, "must be a non-empty string");
    if (pattern && !pattern.test(value)) this.fail(path, `'${value}' is not ${what ?? "valid"}`);
    return value;
  }

  private integer(value: unknown, path: string, min: number): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) this.fail(path, `must be an integer >= ${min}, got ${JSON.stringify(value)}`);
    return value;
  }

  private optionalInteger(value: unknown, path: string, min: number): number | undefined {
    return value === undefined ? undefined : this.integer(value, path, min);
  }

  /** `2s`, `500ms`, `1.5m`, `1h30m`, or a number of milliseconds. */
  private duration(value: unknown, path: string): number {
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
    const ms = typeof value === "string" ? parseDurationText(value) : undefined;
    if (ms !== undefined) return ms;
    this.fail(path, `must be a duration like 2s, 500ms or 1m, got ${JSON.stringify(value)}`);
  }

  private attributes(value: unknown, path: string): Record<string, string> {
    if (value === undefined || value === null) return {};
    const obj = value;
    if (typeof obj !== "object" || Array.isArray(obj)) this.fail(path, "must be a mapping of attribute names to values");
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (!/^[A-Za-z0-9._:/-]{1,128}$/.test(k)) this.fail(join(path, k), "is not a valid attribute name");
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") this.fail(join(path, k), "must be a string, number or boolean");
      out[k] = String(v);
    }
    return out;
  }

  config(root: unknown): SimConfig {
    const top = this.object(root, "", ["clusters", "latencies", "faults", "taskDefinitions", "events"]);
    const clusters =
      top.clusters === undefined ? DEFAULT_SIM_CONFIG.clusters : this.array(top.clusters, "clusters").map((c, i) => this.cluster(c, `clusters[${i}]`));
    const names = new Set<string>();
    clusters.forEach((c, i) => {
      if (names.has(c.name)) this.fail(`clusters[${i}].name`, `duplicate cluster name '${c.name}'`);
      names.add(c.name);
    });
    const latencies = { ...DEFAULT_SIM_CONFIG.latencies };
    if (top.latencies !== undefined) {
      const l = this.object(top.latencies, "latencies", ["start", "stop"]);
      if (l.start !== undefined) latencies.startMs = this.duration(l.start, "latencies.start");
      if (l.stop !== undefined) latencies.stopMs = this.duration(l.stop, "latencies.stop");
    }
    const clusterRef = (value: unknown, path: string): string | undefined => {
      if (value === undefined) return undefined;
      const name = this.string(value, path);
      if (!names.has(name)) this.fail(path, `no cluster named '${name}' is configured`);
      return name;
    };
    const instanceCount = (cluster: string | undefined) => {
      const c = clusters.find((x) => x.name === (cluster ?? clusters[0]?.name));
      return c ? c.instances.reduce((n, g) => n + g.count, 0) : 0;
    };
    const instanceIndex = (value: unknown, path: string, cluster: string | undefined, required: boolean): number | undefined => {
      if (value === undefined) {
        if (required) this.fail(path, "is required");
        return undefined;
      }
      const index = this.integer(value, path, 0);
      const n = instanceCount(cluster);
      if (index >= n) this.fail(path, `is ${index} but the cluster starts with ${n} instance(s) (0-based)`);
      return index;
    };
    const faults =
      top.faults === undefined || top.faults === null
        ? []
        : this.array(top.faults, "faults").map((f, i) => this.fault(f, `faults[${i}]`, clusterRef, instanceIndex));
    const taskDefinitions =
      top.taskDefinitions === undefined || top.taskDefinitions === null
        ? []
        : this.array(top.taskDefinitions, "taskDefinitions").map((d, i) => this.taskDefinition(d, `taskDefinitions[${i}]`));
    const events =
      top.events === undefined || top.events === null
        ? []
        : this.array(top.events, "events").map((e, i) => this.event(e, `events[${i}]`, clusterRef, instanceIndex));
    return { clusters, latencies, faults, taskDefinitions, events };
  }

  private cluster(value: unknown, path: string): SimClusterConfig {
    const c = this.object(value, path, ["name", "instances"]);
    const name = this.string(c.name, `${path}.name`, NAME, "a valid cluster name (letters, digits, - and _)");
    const instances =
      c.instances === undefined || c.instances === null
        ? []
        : this.array(c.instances, `${path}.instances`).map((g, i) => this.instanceGroup(g, `${path}.instances[${i}]`));
    return { name, instances };
  }

  private instanceGroup(value: unknown, path: string): SimInstanceGroupConfig {
    const g = this.object(value, path, ["count", "attributes", "cpu", "memory"]);
    const group: SimInstanceGroupConfig = {
      count: g.count === undefined ? 1 : this.integer(g.count, `${path}.count`, 0),
      attributes: this.attributes(g.attributes, `${path}.attributes`),
    };
    const cpu = this.optionalInteger(g.cpu, `${path}.cpu`, 1);
    const memory = this.optionalInteger(g.memory, `${path}.memory`, 1);
    if (cpu !== undefined) group.cpu = cpu;
    if (memory !== undefined) group.memory = memory;
    return group;
  }

  private taskDefinition(value: unknown, path: string): SimTaskDefinition {
    const d = this.object(value, path, ["family", "cpu", "memory", "healthCheck"]);
    const def: SimTaskDefinition = { family: this.string(d.family, `${path}.family`, NAME, "a valid task definition family") };
    const cpu = this.optionalInteger(d.cpu, `${path}.cpu`, 1);
    const memory = this.optionalInteger(d.memory, `${path}.memory`, 1);
    if (cpu !== undefined) def.cpu = cpu;
    if (memory !== undefined) def.memory = memory;
    if (d.healthCheck !== undefined) {
      if (typeof d.healthCheck === "boolean") def.healthCheck = d.healthCheck;
      else {
        const h = this.object(d.healthCheck, `${path}.healthCheck`, ["healthyAfter"]);
        def.healthCheck = { healthyAfterMs: h.healthyAfter === undefined ? 0 : this.duration(h.healthyAfter, `${path}.healthCheck.healthyAfter`) };
      }
    }
    return def;
  }

  /** A fault's or event's mapping and its `kind`. */
  private kindOf(value: unknown, path: string): { head: Record<string, unknown>; kind: string } {
    const head = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : this.fail(path, "must be a mapping");
    return { head, kind: this.string(head.kind, `${path}.kind`) };
  }

  private fault(
    value: unknown,
    path: string,
    clusterRef: ClusterRef,
    instanceIndex: InstanceIndexRef,
  ): SimFaultConfig {
    const kinds = ["start-failure", "never-start", "unhealthy", "out-of-resources"];
    const { head, kind } = this.kindOf(value, path);
    const taskDef = (v: unknown) => (v === undefined ? undefined : this.string(v, `${path}.taskDefinition`));
    /** Where a start fault applies: a cluster, an instance of it, a task definition (each optional). */
    const where = (f: Record<string, unknown>) => {
      const cluster = clusterRef(f.cluster, `${path}.cluster`);
      return {
        cluster,
        instanceIndex: instanceIndex(f.instanceIndex, `${path}.instanceIndex`, cluster, false),
        taskDefinition: taskDef(f.taskDefinition),
      };
    };
    switch (kind) {
      case "start-failure": {
        const f = this.object(value, path, ["kind", "cluster", "instanceIndex", "taskDefinition", "count", "reason"]);
        return strip({
          kind,
          ...where(f),
          count: this.optionalInteger(f.count, `${path}.count`, 1),
          reason: f.reason === undefined ? "RESOURCE:MEMORY" : this.string(f.reason, `${path}.reason`),
        });
      }
      case "never-start": {
        const f = this.object(value, path, ["kind", "cluster", "instanceIndex", "taskDefinition"]);
        return strip({ kind, ...where(f) });
      }
      case "unhealthy": {
        const f = this.object(value, path, ["kind", "cluster", "taskDefinition"]);
        return strip({ kind, cluster: clusterRef(f.cluster, `${path}.cluster`), taskDefinition: this.string(f.taskDefinition, `${path}.taskDefinition`) });
      }
      case "out-of-resources": {
        const f = this.object(value, path, ["kind", "cluster", "instanceIndex"]);
        const cluster = clusterRef(f.cluster, `${path}.cluster`);
        return strip({ kind, cluster, instanceIndex: instanceIndex(f.instanceIndex, `${path}.instanceIndex`, cluster, true)! });
      }
      default:
        this.fail(`${path}.kind`, `unknown fault kind '${kind}' (expected one of: ${kinds.join(", ")})`);
    }
  }

  private event(
    value: unknown,
    path: string,
    clusterRef: ClusterRef,
    instanceIndex: InstanceIndexRef,
  ): SimEventConfig {
    const kinds = ["add-instances", "remove-instance", "drain-instance"];
    const { head, kind } = this.kindOf(value, path);
    switch (kind) {
      case "add-instances": {
        const e = this.object(value, path, ["after", "kind", "cluster", "count", "attributes", "cpu", "memory"]);
        return strip({
          afterMs: this.duration(e.after, `${path}.after`),
          kind,
          cluster: clusterRef(e.cluster, `${path}.cluster`),
          count: e.count === undefined ? 1 : this.integer(e.count, `${path}.count`, 1),
          attributes: this.attributes(e.attributes, `${path}.attributes`),
          cpu: this.optionalInteger(e.cpu, `${path}.cpu`, 1),
          memory: this.optionalInteger(e.memory, `${path}.memory`, 1),
        });
      }
      case "remove-instance":
      case "drain-instance": {
        const e = this.object(value, path, ["after", "kind", "cluster", "instanceIndex"]);
        const cluster = clusterRef(e.cluster, `${path}.cluster`);
        return strip({
          afterMs: this.duration(e.after, `${path}.after`),
          kind,
          cluster,
          instanceIndex: instanceIndex(e.instanceIndex, `${path}.instanceIndex`, cluster, true)!,
        });
      }
      default:
        this.fail(`${path}.kind`, `unknown event kind '${kind}' (expected one of: ${kinds.join(", ")})`);
    }
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Drops undefined properties so configs compare cleanly. */
function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

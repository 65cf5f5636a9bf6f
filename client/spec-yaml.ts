// Reads the design doc's environment YAML into the proto EnvironmentSpec.
// Keys are exactly the doc's (PascalCase). Every error names the key path and
// its line, so `blox create-environment` can point at the typo.

import { create } from "@bufbuild/protobuf";
import type { Duration } from "@bufbuild/protobuf/wkt";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from "yaml";
import {
  CanaryPolicySchema,
  CanaryStepSchema,
  DeploymentConfigurationSchema,
  DeploymentMethod,
  DeploymentPolicySchema,
  DeploymentType,
  EnvironmentSpecSchema,
  InstanceGroupSchema,
  RollbackConfigurationSchema,
  type CanaryPolicy,
  type DeploymentConfiguration,
  type DeploymentPolicy,
  type EnvironmentSpec,
  type RollbackConfiguration,
} from "../gen/blox/v1/environment_pb.js";
import { DURATION_HINT, parseDurationMs } from "./duration.js";

/** A problem in the YAML, with the 1-based position it refers to (when known). */
export class SpecYamlError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
    /** Dotted key path, e.g. `Deployment.Configuration.MinHealthyPercent`. */
    readonly path?: string,
  ) {
    super(message);
    this.name = "SpecYamlError";
  }
}

export const DEPLOYMENT_METHODS: Record<string, DeploymentMethod> = {
  ReplaceThenTerminate: DeploymentMethod.REPLACE_THEN_TERMINATE,
  TerminateThenReplace: DeploymentMethod.TERMINATE_THEN_REPLACE,
};
export const DEPLOYMENT_TYPES: Record<string, DeploymentType> = {
  Daemon: DeploymentType.DAEMON,
  Service: DeploymentType.SERVICE,
};

const TOP_KEYS = ["Name", "TaskDefinition", "Cluster", "InstanceGroup", "Deployment", "RollbackConfiguration"];
const INSTANCE_GROUP_KEYS = ["Query"];
const DEPLOYMENT_KEYS = [
  "Type",
  "Method",
  "Configuration",
  "RollbackConfiguration",
  "StuckTimeout",
  "FailingTimeout",
  "MaxInstancesWithoutTask",
  "MissingTaskTimeout",
  "SoakTime",
  "Canary",
];
const CANARY_KEYS = ["Instances", "Steps"];
const CANARY_STEP_KEYS = ["Percent", "Bake", "Pause"];
const CONFIGURATION_KEYS = ["MinHealthyPercent", "MaxOverPercent"];
const ROLLBACK_KEYS = ["Method", "Configuration"];

/**
 * Parses the environment YAML of the design doc:
 *
 * ```yaml
 * Name: "SomeEnvironment/Prod"
 * TaskDefinition: "log-daemon:1"
 * Cluster: "default"
 * InstanceGroup:
 *   Query: "attribute:stack == prod"
 * Deployment:
 *   Type: Daemon
 *   Method: "ReplaceThenTerminate"
 *   Configuration:
 *     MinHealthyPercent: 80
 *     MaxOverPercent: 25
 * ```
 *
 * RollbackConfiguration (Method, Configuration) may sit at the top level, as the
 * doc's prose puts it, or under Deployment. Deployment also takes StuckTimeout,
 * FailingTimeout, MissingTaskTimeout, SoakTime (durations) and
 * MaxInstancesWithoutTask. Throws SpecYamlError.
 */
export function parseEnvironmentSpecYaml(text: string): EnvironmentSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset));

  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = at(e.pos?.[0]);
    const where = pos ? ` at line ${pos.line}, column ${pos.col}` : "";
    const message = e.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
    throw new SpecYamlError(`YAML syntax error${where}: ${message}`, pos?.line, pos?.col);
  }

  const lineOf = (node: Node | null | undefined) => at(node?.range?.[0])?.line;
  /** The node an alias (`*name`) stands for; any other node as it is. */
  const deref = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);
  const fail = (message: string, node?: Node | null, path?: string): never => {
    const line = lineOf(node);
    throw new SpecYamlError(line ? `${message} (line ${line})` : message, line, undefined, path);
  };

  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ""))) {
    throw new SpecYamlError(`empty environment YAML; expected a mapping with keys ${TOP_KEYS.join(", ")}`);
  }

  /** Checks that `node` is a mapping of known keys; returns key → pair. */
  const mapping = (aliased: unknown, path: string, allowed: string[]): Map<string, Pair<Node, Node | null>> => {
    const node = deref(aliased);
    if (!isMap(node)) {
      const what = path === "" ? "the document" : path;
      return fail(`${what}: expected a mapping with keys ${allowed.join(", ")}, got ${describe(node)}`, node as Node, path);
    }
    const out = new Map<string, Pair<Node, Node | null>>();
    for (const pair of (node as YAMLMap<Node, Node | null>).items) {
      const keyNode = pair.key;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      const full = path === "" ? key : `${path}.${key}`;
      if (key === undefined) return fail(`${path || "the document"}: keys must be plain words`, keyNode);
      if (!allowed.includes(key)) {
        const line = lineOf(keyNode);
        const hint = suggest(key, allowed);
        throw new SpecYamlError(
          `unknown key ${full}${line ? ` at line ${line}` : ""}; expected one of ${allowed.join(", ")}${hint ? ` (did you mean ${hint}?)` : ""}`,
          line,
          undefined,
          full,
        );
      }
      out.set(key, pair);
    }
    return out;
  };

  const keyLine = (pair: Pair<Node, Node | null>) => lineOf(pair.key);
  const typeError = (path: string, pair: Pair<Node, Node | null>, expected: string): never => {
    const line = keyLine(pair);
    throw new SpecYamlError(
      `${path}${line ? ` at line ${line}` : ""}: expected ${expected}, got ${describe(deref(pair.value))}`,
      line,
      undefined,
      path,
    );
  };
  const str = (pair: Pair<Node, Node | null>, path: string): string => {
    const v = deref(pair.value);
    if (isScalar(v) && typeof v.value === "string") return v.value;
    return typeError(path, pair, "a string");
  };
  const int = (pair: Pair<Node, Node | null>, path: string, min: number, max: number): number => {
    const v = deref(pair.value);
    if (isScalar(v) && typeof v.value === "number" && Number.isInteger(v.value) && v.value >= min && v.value <= max) {
      return v.value;
    }
    return typeError(path, pair, `an integer ${min}..${max}`);
  };
  const oneOf = <T>(pair: Pair<Node, Node | null>, path: string, values: Record<string, T>): T => {
    const v = deref(pair.value);
    if (isScalar(v) && typeof v.value === "string" && Object.hasOwn(values, v.value)) return values[v.value];
    return typeError(path, pair, `one of ${Object.keys(values).join(", ")}`);
  };
  const duration = (pair: Pair<Node, Node | null>, path: string): Duration => {
    const v = deref(pair.value);
    if (isScalar(v) && (typeof v.value === "string" || v.value === 0)) {
      try {
        return durationFromMs(parseDurationMs(String(v.value)));
      } catch {
        /* fall through to the type error, which names the key */
      }
    }
    return typeError(path, pair, DURATION_HINT);
  };

  const configuration = (node: Node | null, path: string): DeploymentConfiguration => {
    const keys = mapping(node, path, CONFIGURATION_KEYS);
    const c = create(DeploymentConfigurationSchema);
    const mh = keys.get("MinHealthyPercent");
    if (mh) c.minHealthyPercent = int(mh, `${path}.MinHealthyPercent`, 0, 100);
    const mo = keys.get("MaxOverPercent");
    if (mo) c.maxOverPercent = int(mo, `${path}.MaxOverPercent`, 0, 100);
    return c;
  };
  const canary = (node: Node | null, path: string): CanaryPolicy => {
    const keys = mapping(node, path, CANARY_KEYS);
    const c = create(CanaryPolicySchema);
    const q = keys.get("Instances");
    if (q) c.instances = str(q, `${path}.Instances`);
    const stepsPair = keys.get("Steps");
    if (!stepsPair) return fail(`${path}: missing required key Steps (a list of { Percent, Bake | Pause })`, deref(node) as Node, `${path}.Steps`);
    const list = deref(stepsPair.value);
    if (!isSeq(list) || list.items.length === 0) return typeError(`${path}.Steps`, stepsPair, "a list of steps, e.g. - Percent: 25");
    list.items.forEach((item, k) => {
      const at = `${path}.Steps[${k}]`;
      const stepKeys = mapping(item, at, CANARY_STEP_KEYS);
      const step = create(CanaryStepSchema);
      const p = stepKeys.get("Percent");
      if (!p) fail(`${at}: missing required key Percent (1..100)`, deref(item) as Node, `${at}.Percent`);
      step.percent = int(p!, `${at}.Percent`, 1, 100);
      const b = stepKeys.get("Bake");
      if (b) step.bake = duration(b, `${at}.Bake`);
      const pause = stepKeys.get("Pause");
      if (pause) {
        const v = deref(pause.value);
        if (!(isScalar(v) && typeof v.value === "boolean")) typeError(`${at}.Pause`, pause, "true or false");
        step.pause = (v as { value: boolean }).value;
      }
      c.steps.push(step);
    });
    return c;
  };
  const rollback = (node: Node | null, path: string): RollbackConfiguration => {
    const keys = mapping(node, path, ROLLBACK_KEYS);
    const r = create(RollbackConfigurationSchema);
    const m = keys.get("Method");
    if (m) r.method = oneOf(m, `${path}.Method`, DEPLOYMENT_METHODS);
    const c = keys.get("Configuration");
    if (c) r.configuration = configuration(c.value, `${path}.Configuration`);
    return r;
  };

  const top = mapping(root, "", TOP_KEYS);
  const spec = create(EnvironmentSpecSchema);
  for (const required of ["Name", "TaskDefinition"]) {
    if (!top.has(required)) {
      throw new SpecYamlError(`missing required key ${required}`, undefined, undefined, required);
    }
  }
  spec.name = str(top.get("Name")!, "Name");
  spec.taskDefinition = str(top.get("TaskDefinition")!, "TaskDefinition");
  const cluster = top.get("Cluster");
  if (cluster) spec.cluster = str(cluster, "Cluster");

  const group = top.get("InstanceGroup");
  if (group) {
    const keys = mapping(group.value, "InstanceGroup", INSTANCE_GROUP_KEYS);
    const q = keys.get("Query");
    spec.instanceGroup = create(InstanceGroupSchema, { query: q ? str(q, "InstanceGroup.Query") : "" });
  }

  const dep = top.get("Deployment");
  let policy: DeploymentPolicy | undefined;
  if (dep) {
    const keys = mapping(dep.value, "Deployment", DEPLOYMENT_KEYS);
    policy = create(DeploymentPolicySchema);
    const t = keys.get("Type");
    if (t) policy.type = oneOf(t, "Deployment.Type", DEPLOYMENT_TYPES);
    const m = keys.get("Method");
    if (m) policy.method = oneOf(m, "Deployment.Method", DEPLOYMENT_METHODS);
    const c = keys.get("Configuration");
    if (c) policy.configuration = configuration(c.value, "Deployment.Configuration");
    const r = keys.get("RollbackConfiguration");
    if (r) policy.rollbackConfiguration = rollback(r.value, "Deployment.RollbackConfiguration");
    for (const [key, field] of [
      ["StuckTimeout", "stuckTimeout"],
      ["FailingTimeout", "failingTimeout"],
      ["MissingTaskTimeout", "missingTaskTimeout"],
      ["SoakTime", "soakTime"],
    ] as const) {
      const p = keys.get(key);
      if (p) policy[field] = duration(p, `Deployment.${key}`);
    }
    const cn = keys.get("Canary");
    if (cn) policy.canary = canary(cn.value, "Deployment.Canary");
    const mi = keys.get("MaxInstancesWithoutTask");
    if (mi) policy.maxInstancesWithoutTask = int(mi, "Deployment.MaxInstancesWithoutTask", 0, 1_000_000);
  }

  const topRollback = top.get("RollbackConfiguration");
  if (topRollback) {
    if (policy?.rollbackConfiguration) {
      const nested = (deref(dep!.value) as YAMLMap<Node, Node | null>).items.find(
        (p) => isScalar(p.key) && p.key.value === "RollbackConfiguration",
      );
      const a = keyLine(topRollback);
      const b = nested ? lineOf(nested.key) : undefined;
      throw new SpecYamlError(
        `RollbackConfiguration given twice (line ${a} and Deployment.RollbackConfiguration at line ${b}); keep one`,
        a,
        undefined,
        "RollbackConfiguration",
      );
    }
    policy ??= create(DeploymentPolicySchema);
    policy.rollbackConfiguration = rollback(topRollback.value, "RollbackConfiguration");
  }
  if (policy) spec.deployment = policy;
  return spec;
}

export function durationFromMs(ms: number): Duration {
  return create(DurationSchema, { seconds: BigInt(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 });
}

export function durationToMs(d: Duration): number {
  return Number(d.seconds) * 1000 + Math.round(d.nanos / 1_000_000);
}

function describe(node: unknown): string {
  if (node === null || node === undefined) return "nothing";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return "nothing";
    if (typeof v === "string") return JSON.stringify(v);
    return `${typeof v} ${String(v)}`;
  }
  return "an unsupported value";
}

/** The allowed key closest to `key` (case-insensitive edit distance ≤ 3), if any. */
function suggest(key: string, allowed: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  for (const a of allowed) {
    const d = editDistance(key.toLowerCase(), a.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = a;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

// The ECS actions the local endpoint serves, over any cluster that can list
// instances and tasks and start and stop tasks (the simulator). Pure: no
// sockets here, so the protocol is testable on its own.

import { ConnectError, Code } from "@connectrpc/connect";
import type { ClusterTask, ContainerInstance } from "../../server/domain/cluster.js";
import type { StartTasksResult } from "../../server/cluster/backend.js";
import { ClusterError } from "../../server/cluster/backend.js";
import { TAG_ACTOR, actorFromStopReason, decodeActorTag } from "../../server/cluster/ecs/actor-label.js";
import { SIM_ACCOUNT, SIM_REGION, parseTaskDefinitionRef, type SimulatedCluster } from "../../server/cluster/simulator/simulated-cluster.js";
import { parseQuery, QuerySyntaxError } from "../../server/query/parse.js";
import { matchesQuery } from "../../server/query/evaluate.js";
import {
  EcsServiceError,
  clientException,
  clusterNotFound,
  invalidParameter,
  optInt,
  optString,
  optStringList,
  reqString,
  seconds,
  serverException,
} from "./protocol.js";

/** What the endpoint needs from the simulated cluster. */
export type EndpointCluster = Pick<
  SimulatedCluster,
  "listClusters" | "listInstances" | "allInstances" | "listAllTasks" | "startTasks" | "stopTask" | "registerTaskDefinition" | "listTaskDefinitions"
> & {
  /** When present, calls that carry an actor label (tag blox:actor, "[actor …]" stop reason) are recorded with it. */
  withActor?: SimulatedCluster["withActor"];
};

export interface EcsActionsOptions {
  region?: string;
  accountId?: string;
  /** Clock time for registeredAt (default Date.now); pass the simulator's clock. */
  now?: () => number;
}

type Input = Record<string, unknown>;
type Handler = (input: Input) => Promise<unknown>;

interface RegisteredTaskDefinition {
  body: Input;
  registeredAt: number;
}

const FAMILY = /^[A-Za-z0-9_-]{1,255}$/;
const MAX_PAGE = 100;

function lastSegment(arnOrId: string): string {
  const i = arnOrId.lastIndexOf("/");
  return i < 0 ? arnOrId : arnOrId.slice(i + 1);
}

/**
 * Page tokens: a cursor after the last item handed out, over a list sorted by
 * ARN. Opaque to clients, as ECS's are. A cursor, not an offset, so items that
 * leave or join the list between pages shift nothing: whatever stays listed is
 * seen exactly once (an offset would skip or repeat items on every change).
 */
function paginate(sortedItems: string[], maxResults: number | undefined, nextToken: string | undefined): { page: string[]; nextToken?: string } {
  let start = 0;
  if (nextToken !== undefined) {
    const decoded = Buffer.from(nextToken, "base64url").toString("utf8");
    if (!decoded.startsWith("after:") || decoded.length === "after:".length) throw invalidParameter("Invalid nextToken.");
    const after = decoded.slice("after:".length);
    start = sortedItems.findIndex((item) => item > after);
    if (start < 0) start = sortedItems.length;
  }
  const size = maxResults ?? MAX_PAGE;
  const page = sortedItems.slice(start, start + size);
  const more = start + size < sortedItems.length;
  return more ? { page, nextToken: Buffer.from(`after:${page[page.length - 1]}`, "utf8").toString("base64url") } : { page };
}

/** Maps errors from the cluster implementation onto ECS error shapes. */
export function toServiceError(err: unknown): EcsServiceError {
  if (err instanceof EcsServiceError) return err;
  if (err instanceof ClusterError) {
    switch (err.kind) {
      case "ClusterNotFound":
        return clusterNotFound();
      case "InvalidTaskDefinition":
        return clientException(err.message);
      case "AccessDenied":
        return new EcsServiceError("AccessDeniedException", err.message);
      case "Unavailable":
        return new EcsServiceError("ServerException", err.message, 500);
      default:
        return clientException(err.message);
    }
  }
  if (err instanceof ConnectError && err.code === Code.InvalidArgument) return invalidParameter(err.rawMessage);
  if (err instanceof ConnectError && err.code === Code.NotFound) return clientException(err.rawMessage);
  return serverException(err instanceof Error ? err.message : String(err));
}

export function createEcsActions(cluster: EndpointCluster, options: EcsActionsOptions = {}) {
  const region = options.region ?? SIM_REGION;
  const account = options.accountId ?? SIM_ACCOUNT;
  const now = options.now ?? (() => Date.now());
  // Bodies of definitions registered through the API, by "family:revision".
  // Revisions themselves come from the simulator, which owns the registry.
  const taskDefinitions = new Map<string, RegisteredTaskDefinition>();

  const clusterArn = (name: string) => `arn:aws:ecs:${region}:${account}:cluster/${name}`;
  const taskDefinitionArn = (familyRevision: string) =>
    familyRevision.startsWith("arn:") ? familyRevision : `arn:aws:ecs:${region}:${account}:task-definition/${familyRevision}`;

  /** Cluster name from a name or ARN; "default" when omitted, as in ECS. */
  function resolveCluster(input: Input): string {
    const raw = optString(input, "cluster") ?? "default";
    const name = lastSegment(raw);
    if (!cluster.listClusters().includes(name)) throw clusterNotFound();
    return name;
  }

  /** "family:revision", "family" (latest registered) or an ARN → family and revision. */
  function resolveTaskDefinition(ref: string): { family: string; revision: number } {
    const parsed = parseTaskDefinitionRef(ref);
    if (!parsed) throw clientException(`Invalid task definition ${ref}.`);
    if (parsed.revision !== undefined) return { family: parsed.family, revision: parsed.revision };
    const latest = cluster
      .listTaskDefinitions()
      .map((d) => parseTaskDefinitionRef(d))
      .filter((d) => d?.family === parsed.family)
      .reduce((max, d) => Math.max(max, d?.revision ?? 0), 0);
    if (latest === 0) throw clientException("Unable to describe task definition.");
    return { family: parsed.family, revision: latest };
  }

  /**
   * Whether tasks of the definition report container health. Known exactly for
   * definitions registered through this API; otherwise inferred from the
   * simulator, whose tasks have a healthStatus only when they have a check.
   */
  function hasHealthCheck(familyRevision: string): boolean {
    const body = taskDefinitions.get(familyRevision)?.body;
    if (body) {
      const containers = Array.isArray(body.containerDefinitions) ? (body.containerDefinitions as Input[]) : [];
      return containers.some((c) => c.essential !== false && c.healthCheck !== undefined && c.healthCheck !== null);
    }
    return cluster
      .listClusters()
      .some((c) => cluster.listAllTasks(c).some((t) => t.taskDefinition === familyRevision && t.healthStatus !== undefined));
  }

  function taskDefinitionShape(family: string, revision: number): Input {
    const key = `${family}:${revision}`;
    const registered = taskDefinitions.get(key);
    const containerDefinitions = registered
      ? undefined
      : [{ name: family, image: `${family}:latest`, essential: true, ...(hasHealthCheck(key) ? { healthCheck: { command: ["CMD-SHELL", "true"] } } : {}) }];
    return {
      ...(containerDefinitions ? { containerDefinitions } : {}),
      ...(registered?.body ?? {}),
      family,
      revision,
      taskDefinitionArn: taskDefinitionArn(key),
      status: "ACTIVE",
      compatibilities: ["EC2"],
      ...(registered ? { registeredAt: seconds(registered.registeredAt) } : {}),
    };
  }

  function instanceShape(ci: ContainerInstance): Input {
    return {
      containerInstanceArn: ci.arn,
      ec2InstanceId: ci.ec2InstanceId,
      status: ci.status,
      agentConnected: ci.agentConnected,
      versionInfo: { agentVersion: ci.agentVersion },
      registeredAt: seconds(ci.registeredAt),
      runningTasksCount: ci.runningTasksCount,
      pendingTasksCount: ci.pendingTasksCount,
      // Capability attributes carry no value in ECS.
      attributes: Object.entries(ci.attributes).map(([name, value]) => (value === "" ? { name } : { name, value })),
    };
  }

  function taskShape(clusterName: string, t: ClusterTask, withTags: boolean): Input {
    const out: Input = {
      taskArn: t.arn,
      clusterArn: clusterArn(clusterName),
      containerInstanceArn: t.containerInstanceArn,
      taskDefinitionArn: taskDefinitionArn(t.taskDefinition),
      group: t.group || undefined,
      startedBy: t.startedBy || undefined,
      lastStatus: t.lastStatus,
      desiredStatus: t.desiredStatus,
      healthStatus: t.healthStatus ?? "UNKNOWN",
      launchType: "EC2",
      createdAt: seconds(t.createdAt),
      startedAt: seconds(t.startedAt),
      stoppedAt: seconds(t.stoppedAt),
      stoppedReason: t.stoppedReason,
      containers: [],
    };
    if (withTags) out.tags = Object.entries(t.tags).map(([key, value]) => ({ key, value }));
    return out;
  }

  function matchesArn(arn: string, ref: string): boolean {
    return arn === ref || lastSegment(arn) === lastSegment(ref);
  }

  function parseTags(input: Input): Record<string, string> {
    const raw = input.tags;
    if (raw === undefined || raw === null) return {};
    if (!Array.isArray(raw)) throw invalidParameter("tags must be a list.");
    if (raw.length > 50) throw invalidParameter("Tags can not be more than 50.");
    const out: Record<string, string> = {};
    raw.forEach((t: unknown, i) => {
      const tag = t as { key?: unknown; value?: unknown };
      // ECS counts Unicode characters ("128 Unicode characters in UTF-8"), not UTF-16 units.
      const chars = (text: string) => Array.from(text).length;
      if (typeof tag?.key !== "string" || chars(tag.key) < 1 || chars(tag.key) > 128) {
        throw invalidParameter(`tags[${i}].key must be 1-128 characters.`);
      }
      const value = tag.value ?? "";
      if (typeof value !== "string" || chars(value) > 256) throw invalidParameter(`tags[${i}].value must be at most 256 characters.`);
      if (!/^[\p{L}\p{N} _.:/=+\-@]*$/u.test(tag.key) || !/^[\p{L}\p{N} _.:/=+\-@]*$/u.test(value)) {
        throw invalidParameter(`tags[${i}] has characters ECS does not allow.`);
      }
      if (tag.key.toLowerCase().startsWith("aws:")) throw invalidParameter("Tag keys with the aws: prefix are reserved.");
      // ECS reserves the prefix for values too ("Do not use aws: ... as a prefix for either keys or values").
      if (value.toLowerCase().startsWith("aws:")) throw invalidParameter(`tags[${i}].value: the aws: prefix is reserved.`);
      out[tag.key] = value;
    });
    return out;
  }

  const handlers: Record<string, Handler> = {
    async ListClusters(input) {
      const maxResults = optInt(input, "maxResults", 1, 100);
      const all = cluster.listClusters().slice().sort().map(clusterArn);
      const { page, nextToken } = paginate(all, maxResults, optString(input, "nextToken"));
      return { clusterArns: page, nextToken };
    },

    async DescribeClusters(input) {
      const refs = optStringList(input, "clusters") ?? ["default"];
      if (refs.length > 100) throw invalidParameter("clusters can have at most 100 items.");
      const clusters: Input[] = [];
      const failures: Input[] = [];
      for (const ref of refs) {
        const name = lastSegment(ref);
        if (!cluster.listClusters().includes(name)) {
          failures.push({ arn: clusterArn(name), reason: "MISSING" });
          continue;
        }
        const instances = await cluster.listInstances(name);
        const tasks = cluster.listAllTasks(name);
        clusters.push({
          clusterArn: clusterArn(name),
          clusterName: name,
          status: "ACTIVE",
          registeredContainerInstancesCount: instances.length,
          runningTasksCount: tasks.filter((t) => t.lastStatus === "RUNNING").length,
          pendingTasksCount: tasks.filter((t) => t.lastStatus === "PENDING" || t.lastStatus === "PROVISIONING").length,
          activeServicesCount: 0,
        });
      }
      return { clusters, failures };
    },

    async ListContainerInstances(input) {
      const name = resolveCluster(input);
      const maxResults = optInt(input, "maxResults", 1, 100);
      const status = optString(input, "status");
      if (status !== undefined && !["ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED"].includes(status)) {
        throw invalidParameter(`status ${status} is not valid.`);
      }
      const filter = optString(input, "filter");
      let ast;
      try {
        ast = filter ? parseQuery(filter) : undefined;
      } catch (err) {
        if (err instanceof QuerySyntaxError) throw invalidParameter(`Invalid filter: ${err.message}`);
        throw err;
      }
      let instances = (await cluster.listInstances(name)).filter((ci) => ci.status !== "INACTIVE");
      if (status) instances = instances.filter((ci) => ci.status === status);
      if (ast) {
        const groups = new Map<string, Set<string>>();
        for (const t of cluster.listAllTasks(name)) {
          if (t.lastStatus === "STOPPED" || !t.group) continue;
          let g = groups.get(t.containerInstanceArn);
          if (!g) groups.set(t.containerInstanceArn, (g = new Set()));
          g.add(t.group);
        }
        instances = instances.filter((ci) => matchesQuery(ast, ci, { taskGroups: groups.get(ci.arn) ?? new Set() }));
      }
      const arns = instances.map((ci) => ci.arn).sort();
      const { page, nextToken } = paginate(arns, maxResults, optString(input, "nextToken"));
      return { containerInstanceArns: page, nextToken };
    },

    async DescribeContainerInstances(input) {
      const name = resolveCluster(input);
      const refs = optStringList(input, "containerInstances");
      if (!refs || refs.length === 0) throw invalidParameter("containerInstances can not be empty.");
      if (refs.length > 100) throw invalidParameter("containerInstances can have at most 100 items.");
      // Deregistered (INACTIVE) instances can still be described, as in ECS.
      const instances = cluster.allInstances(name);
      const containerInstances: Input[] = [];
      const failures: Input[] = [];
      for (const ref of refs) {
        const ci = instances.find((c) => matchesArn(c.arn, ref));
        if (ci) containerInstances.push(instanceShape(ci));
        else failures.push({ arn: ref, reason: "MISSING" });
      }
      return { containerInstances, failures };
    },

    async ListTasks(input) {
      const name = resolveCluster(input);
      const maxResults = optInt(input, "maxResults", 1, 100);
      const startedBy = optString(input, "startedBy");
      const family = optString(input, "family");
      const containerInstance = optString(input, "containerInstance");
      const serviceName = optString(input, "serviceName");
      const desiredStatus = optString(input, "desiredStatus") ?? "RUNNING";
      if (!["RUNNING", "PENDING", "STOPPED"].includes(desiredStatus)) throw invalidParameter(`desiredStatus ${desiredStatus} is not valid.`);
      // ECS: "When you specify startedBy as the filter, it must be the only filter that you use."
      // (desiredStatus aside, which ECS combines with it.)
      if (startedBy !== undefined && (family !== undefined || containerInstance !== undefined || serviceName !== undefined)) {
        throw invalidParameter("startedBy can not be combined with family, containerInstance or serviceName.");
      }
      if (serviceName !== undefined) return { taskArns: [] }; // no services in the simulator
      const tasks = cluster.listAllTasks(name).filter((t) => {
        // ECS never sets a desired status of PENDING, so that filter lists nothing (ECS docs).
        if (t.desiredStatus !== desiredStatus) return false;
        if (startedBy !== undefined && t.startedBy !== startedBy) return false;
        if (family !== undefined && lastSegment(t.taskDefinition).split(":")[0] !== family) return false;
        if (containerInstance !== undefined && !matchesArn(t.containerInstanceArn, containerInstance)) return false;
        return true;
      });
      const arns = tasks.map((t) => t.arn).sort();
      const { page, nextToken } = paginate(arns, maxResults, optString(input, "nextToken"));
      return { taskArns: page, nextToken };
    },

    async DescribeTasks(input) {
      const name = resolveCluster(input);
      const refs = optStringList(input, "tasks");
      if (!refs || refs.length === 0) throw invalidParameter("Tasks cannot be empty.");
      if (refs.length > 100) throw invalidParameter("tasks can have at most 100 items.");
      const withTags = (optStringList(input, "include") ?? []).includes("TAGS");
      const all = cluster.listAllTasks(name);
      const tasks: Input[] = [];
      const failures: Input[] = [];
      for (const ref of refs) {
        const t = all.find((x) => matchesArn(x.arn, ref));
        if (t) tasks.push(taskShape(name, t, withTags));
        else failures.push({ arn: ref, reason: "MISSING" });
      }
      return { tasks, failures };
    },

    async StartTask(input) {
      const name = resolveCluster(input);
      const ref = reqString(input, "taskDefinition");
      const refs = optStringList(input, "containerInstances");
      if (!refs || refs.length === 0) throw invalidParameter("Container instances can not be empty.");
      if (refs.length > 10) throw invalidParameter("Container instances can not be more than 10.");
      const startedBy = optString(input, "startedBy") ?? "";
      if (startedBy.length > 36 || !/^[A-Za-z0-9_/-]*$/.test(startedBy)) {
        throw invalidParameter("startedBy must be at most 36 letters, numbers, hyphens, forward slashes and underscores.");
      }
      const group = optString(input, "group") ?? `family:${parseTaskDefinitionRef(ref)?.family ?? ref}`;
      if (group.length > 255) throw invalidParameter("group can not be longer than 255 characters.");
      const tags = parseTags(input);
      if (!parseTaskDefinitionRef(ref)) throw clientException(`Invalid task definition ${ref}.`);
      const instances = await cluster.listInstances(name);
      const known: string[] = [];
      const failures: Input[] = [];
      for (const r of refs) {
        const ci = instances.find((c) => matchesArn(c.arn, r));
        if (ci) known.push(ci.arn);
        else failures.push({ arn: r, reason: "MISSING" });
      }
      const tasks: Input[] = [];
      if (known.length > 0) {
        // The caller's actor label (ECS backend withActor) goes to the action log.
        const actor = tags[TAG_ACTOR] ? decodeActorTag(tags[TAG_ACTOR]) : undefined;
        const target = actor !== undefined && cluster.withActor ? cluster.withActor(actor) : cluster;
        const res = await target.startTasks({
          cluster: name,
          taskDefinition: ref,
          containerInstanceArns: known,
          group,
          startedBy,
          tags,
        });
        for (const t of res.started) tasks.push(taskShape(name, t, true));
        for (const f of res.failures) failures.push({ arn: f.containerInstanceArn, reason: f.reason });
      }
      return { tasks, failures };
    },

    async StopTask(input) {
      const name = resolveCluster(input);
      const ref = reqString(input, "task");
      const reason = optString(input, "reason") ?? "Task stopped by the user";
      if (reason.length > 255) throw invalidParameter("reason can not be longer than 255 characters.");
      const before = cluster.listAllTasks(name).find((t) => matchesArn(t.arn, ref));
      if (!before) throw invalidParameter("The referenced task was not found.");
      const actor = actorFromStopReason(reason);
      const target = actor !== undefined && cluster.withActor ? cluster.withActor(actor) : cluster;
      await target.stopTask(name, before.arn, reason);
      const after = cluster.listAllTasks(name).find((t) => t.arn === before.arn) ?? before;
      return { task: taskShape(name, after, true) };
    },

    async RegisterTaskDefinition(input) {
      const family = reqString(input, "family");
      if (!FAMILY.test(family)) throw clientException("Family contains invalid characters.");
      const containers = Array.isArray(input.containerDefinitions) ? (input.containerDefinitions as Input[]) : [];
      if (containers.length === 0) throw clientException("Container list cannot be empty.");
      const num = (v: unknown) => (typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : undefined);
      const cpu = num(input.cpu) ?? containers.reduce((a, c) => a + (num(c.cpu) ?? 0), 0);
      const memory = num(input.memory) ?? containers.reduce((a, c) => a + (num(c.memory) ?? num(c.memoryReservation) ?? 0), 0);
      const healthCheck = containers.some((c) => c.essential !== false && c.healthCheck !== undefined && c.healthCheck !== null);
      const key = cluster.registerTaskDefinition({ family, ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}), healthCheck });
      const body: Input = { ...input };
      delete body.tags;
      taskDefinitions.set(key, { body, registeredAt: now() });
      const { revision } = resolveTaskDefinition(key);
      return { taskDefinition: taskDefinitionShape(family, revision), tags: input.tags ?? [] };
    },

    async DescribeTaskDefinition(input) {
      const { family, revision } = resolveTaskDefinition(reqString(input, "taskDefinition"));
      return { taskDefinition: taskDefinitionShape(family, revision) };
    },
  };

  return {
    actions: Object.keys(handlers),
    /** Runs one action. Throws EcsServiceError (any other error is mapped by the caller via toServiceError). */
    async run(action: string, input: Input): Promise<unknown> {
      const h = Object.prototype.hasOwnProperty.call(handlers, action) ? handlers[action] : undefined;
      if (!h) throw new EcsServiceError("UnknownOperationException", `Unknown operation ${action}.`);
      return h(input);
    },
  };
}

export type EcsActions = ReturnType<typeof createEcsActions>;

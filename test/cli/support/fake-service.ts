// A small in-memory EnvironmentService for CLI tests (the real server is built
// elsewhere). It keeps revisions, answers like the contract says (ABORTED for a
// stale base, NOT_FOUND for a base past the latest, `unchanged` for an update
// that changes nothing, NOT_FOUND, ALREADY_EXISTS), paginates lists two items a page, and
// plays scripted watch streams.

import { clone, create, equals } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  DeploymentSchema,
  EnvironmentEventSchema,
  EnvironmentRevisionSchema,
  EnvironmentSchema,
  EnvironmentService,
  EnvironmentSpecSchema,
  EventType,
  type EnvironmentSpec,
  type EnvironmentStatusView,
  type WatchEnvironmentStatusResponse,
} from "../../../gen/blox/v1/environment_pb.js";
import * as fx from "./fixtures.js";

/** A watch script step: a message, or a dropped connection. */
export type WatchStep = WatchEnvironmentStatusResponse | { drop: Code };

export interface FakeState {
  specs: Map<string, EnvironmentSpec[]>;
  calls: { method: string; request: unknown }[];
  statuses: Map<string, EnvironmentStatusView>;
  watchScripts: Map<string, WatchStep[]>;
}

export function createFakeService(): { impl: ServiceImpl<typeof EnvironmentService>; state: FakeState } {
  const state: FakeState = { specs: new Map(), calls: [], statuses: new Map(), watchScripts: new Map() };
  const record = (method: string, request: unknown) => state.calls.push({ method, request });
  const revisionsOf = (name: string) => {
    const revs = state.specs.get(name);
    if (!revs) throw new ConnectError(`environment ${name} not found`, Code.NotFound);
    return revs;
  };
  const page = <T>(items: T[], token: string) => {
    const start = token ? Number(token) : 0;
    const next = start + 2 < items.length ? String(start + 2) : "";
    return { items: items.slice(start, start + 2), next };
  };

  const impl: ServiceImpl<typeof EnvironmentService> = {
    createEnvironment(req) {
      record("createEnvironment", req);
      const spec = req.spec;
      if (!spec?.name) throw new ConnectError("spec.name: required", Code.InvalidArgument);
      if (state.specs.has(spec.name)) throw new ConnectError(`environment ${spec.name} already exists`, Code.AlreadyExists);
      state.specs.set(spec.name, [spec]);
      return { environmentRevision: 1n };
    },
    updateEnvironment(req) {
      record("updateEnvironment", req);
      const revs = revisionsOf(req.environmentName);
      const latest = BigInt(revs.length);
      if (req.baseRevision > latest) {
        throw new ConnectError(`base revision ${req.baseRevision} of ${req.environmentName} does not exist; the latest revision is ${latest}`, Code.NotFound);
      }
      if (req.baseRevision !== latest) {
        throw new ConnectError(`base revision ${req.baseRevision} is stale: the latest revision is ${latest}`, Code.Aborted);
      }
      const next = clone(EnvironmentSpecSchema, revs[revs.length - 1]!);
      if (req.taskDefinition !== undefined) next.taskDefinition = req.taskDefinition;
      if (req.instanceGroupQuery !== undefined) next.instanceGroup = { $typeName: "blox.v1.InstanceGroup", query: req.instanceGroupQuery };
      if (req.deployment) next.deployment = req.deployment;
      if (equals(EnvironmentSpecSchema, next, revs[revs.length - 1]!)) return { environmentRevision: latest, unchanged: true };
      revs.push(next);
      return { environmentRevision: BigInt(revs.length) };
    },
    deployEnvironment(req) {
      record("deployEnvironment", req);
      revisionsOf(req.environmentName);
      return { deploymentId: `${req.environmentName}:${req.revision}@2017090611472301` };
    },
    promoteEnvironment(req) {
      record("promoteEnvironment", req);
      revisionsOf(req.environmentName);
      return { deploymentId: `${req.environmentName}:2@2017090611472301`, promotedSteps: req.full ? 2 : 1, steps: 2 };
    },
    describeEnvironmentStatus(req) {
      record("describeEnvironmentStatus", req);
      const status = state.statuses.get(req.environmentName);
      if (!status) throw new ConnectError(`environment ${req.environmentName} not found`, Code.NotFound);
      return { status, sequence: 7n };
    },
    async *watchEnvironmentStatus(req, ctx) {
      record("watchEnvironmentStatus", req);
      const script = state.watchScripts.get(req.environmentName);
      if (!script) throw new ConnectError(`environment ${req.environmentName} not found`, Code.NotFound);
      const after = req.afterSequence ?? -1n;
      // A drop fires once: remove it from the script so a reconnect goes on.
      for (let i = 0; i < script.length; i++) {
        const step = script[i];
        if ("drop" in step) {
          script.splice(i, 1);
          throw new ConnectError("connection dropped (test)", step.drop);
        }
        if (step.sequence > after) yield step;
      }
      await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
    },
    freezeEnvironment(req) {
      record("freezeEnvironment", req);
      revisionsOf(req.environmentName);
      return {};
    },
    thawEnvironment(req) {
      record("thawEnvironment", req);
      revisionsOf(req.environmentName);
      return {};
    },
    deleteEnvironment(req) {
      record("deleteEnvironment", req);
      revisionsOf(req.environmentName);
      return {};
    },
    listEnvironments(req) {
      record("listEnvironments", req);
      const envs = [...state.specs.entries()].map(([name, revs]) =>
        create(EnvironmentSchema, { name, latestRevision: BigInt(revs.length), environmentId: `id-${name}` }),
      );
      const p = page(envs, req.pageToken);
      return { environments: p.items, nextPageToken: p.next };
    },
    getEnvironmentRevision(req) {
      record("getEnvironmentRevision", req);
      const revs = revisionsOf(req.environmentName);
      const n = req.revision === 0n ? revs.length : Number(req.revision);
      const spec = revs[n - 1];
      if (!spec) throw new ConnectError(`revision ${req.revision} of ${req.environmentName} not found`, Code.NotFound);
      return {
        revision: create(EnvironmentRevisionSchema, { environmentName: req.environmentName, revision: BigInt(n), spec }),
        environment: create(EnvironmentSchema, { name: req.environmentName, latestRevision: BigInt(revs.length) }),
      };
    },
    listEnvironmentRevisions(req) {
      record("listEnvironmentRevisions", req);
      const revs = revisionsOf(req.environmentName).map((spec, i) =>
        create(EnvironmentRevisionSchema, { environmentName: req.environmentName, revision: BigInt(i + 1), spec }),
      );
      const p = page(revs, req.pageToken);
      return { revisions: p.items, nextPageToken: p.next };
    },
    listDeployments(req) {
      record("listDeployments", req);
      revisionsOf(req.environmentName);
      const deps = [3, 2, 1].map((r) => create(DeploymentSchema, { deploymentId: `${req.environmentName}:${r}@x`, environmentName: req.environmentName, revision: BigInt(r) }));
      const p = page(deps, req.pageToken);
      return { deployments: p.items, nextPageToken: p.next };
    },
    listEnvironmentEvents(req) {
      record("listEnvironmentEvents", req);
      revisionsOf(req.environmentName);
      const events = [1, 2, 3, 4, 5]
        .filter((s) => BigInt(s) > req.afterSequence)
        .map((s) => create(EnvironmentEventSchema, { sequence: BigInt(s), type: EventType.REVISION_STATUS_CHANGED, revision: 1n, message: `change ${s}` }));
      const p = page(events, req.pageToken);
      return { events: p.items, nextPageToken: p.next };
    },
    whoAmI(req) {
      record("whoAmI", req);
      return { principal: "anonymous", roles: ["admin"], environments: ["*"], authEnabled: false };
    },
  };
  return { impl, state };
}

/** Seeds the doc's environment with the given status. */
export function seedEnvironment(state: FakeState, name: string, status?: EnvironmentStatusView): void {
  state.specs.set(name, [create(EnvironmentSpecSchema, { name, taskDefinition: "log-daemon:1", cluster: "default" })]);
  if (status) state.statuses.set(name, fx.renamed(status, name));
}

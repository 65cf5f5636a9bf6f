import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, type HandlerContext } from "@connectrpc/connect";
import {
  Health,
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as ServingStatus,
  HealthListResponseSchema,
  type HealthCheckResponse,
} from "../../gen/grpc/health/v1/health_pb.js";
import { connectErrorFromSignal } from "../abort.js";

export { ServingStatus };

/** The service name of the server's overall health in grpc.health.v1. */
export const OVERALL = "";

/**
 * grpc.health.v1.Health (https://github.com/grpc/grpc/blob/master/doc/health-checking.md).
 */
export interface HealthService {
  /** Registers grpc.health.v1.Health (Check, Watch, List) on the router. */
  register(router: ConnectRouter): void;
  /** Sets the status of `service` ("" = the whole server); Watchers see the change. */
  setStatus(service: string, status: ServingStatus): void;
  /** The status of `service`, or undefined if unknown. */
  getStatus(service: string): ServingStatus | undefined;
  /** Every known service (including "") → NOT_SERVING. Called first at shutdown. */
  setAllNotServing(): void;
  /** Snapshot of every known service and its status. */
  statuses(): ReadonlyMap<string, ServingStatus>;
}

export interface HealthServiceOptions {
  /** Initial status of the overall server (""). Default SERVING. */
  overall?: ServingStatus;
  /**
   * Most services List may return before it fails with RESOURCE_EXHAUSTED.
   * Default 1000.
   */
  maxListed?: number;
}

/** Creates the health registry and its grpc.health.v1.Health handlers. */
export function createHealthService(options: HealthServiceOptions = {}): HealthService {
  const statuses = new Map<string, ServingStatus>([[OVERALL, options.overall ?? ServingStatus.SERVING]]);
  const maxListed = options.maxListed ?? 1000;
  // Watchers are woken on every change of the service they watch.
  const watchers = new Map<string, Set<() => void>>();

  function setStatus(service: string, status: ServingStatus): void {
    if (status === ServingStatus.SERVICE_UNKNOWN) {
      throw new ConnectError("health: SERVICE_UNKNOWN is reserved for Watch responses", Code.InvalidArgument);
    }
    if (statuses.get(service) === status) return;
    statuses.set(service, status);
    for (const wake of watchers.get(service) ?? []) wake();
  }

  function response(status: ServingStatus): HealthCheckResponse {
    return create(HealthCheckResponseSchema, { status });
  }

  async function* watch(service: string, signal: AbortSignal): AsyncGenerator<HealthCheckResponse> {
    let wake: () => void = () => {};
    let changed = false;
    const onChange = () => {
      changed = true;
      wake();
    };
    let set = watchers.get(service);
    if (!set) watchers.set(service, (set = new Set()));
    set.add(onChange);
    const onAbort = () => wake();
    signal.addEventListener("abort", onAbort);
    try {
      let last: ServingStatus | undefined;
      for (;;) {
        // Send the latest status before looking at the signal, so that the
        // NOT_SERVING set at shutdown reaches watchers before their stream ends.
        const current = statuses.get(service) ?? ServingStatus.SERVICE_UNKNOWN;
        if (current !== last) {
          last = current;
          yield response(current);
          continue;
        }
        if (signal.aborted) throw connectErrorFromSignal(signal);
        if (!changed) await new Promise<void>((resolve) => (wake = resolve));
        changed = false;
      }
    } finally {
      signal.removeEventListener("abort", onAbort);
      set.delete(onChange);
      if (set.size === 0) watchers.delete(service);
    }
  }

  return {
    register(router) {
      router.service(Health, {
        check(req) {
          const status = statuses.get(req.service);
          if (status === undefined) {
            throw new ConnectError(`health: unknown service "${req.service}"`, Code.NotFound);
          }
          return response(status);
        },
        watch(req, ctx: HandlerContext) {
          return watch(req.service, ctx.signal);
        },
        list() {
          if (statuses.size > maxListed) {
            throw new ConnectError(`health: more than ${maxListed} services`, Code.ResourceExhausted);
          }
          const out = create(HealthListResponseSchema);
          for (const [name, status] of statuses) out.statuses[name] = response(status);
          return out;
        },
      });
    },
    setStatus,
    getStatus: (service) => statuses.get(service),
    setAllNotServing() {
      for (const service of [...statuses.keys()]) setStatus(service, ServingStatus.NOT_SERVING);
    },
    statuses: () => new Map(statuses),
  };
}

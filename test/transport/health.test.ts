import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { expect } from "chai";
import { Health, HealthCheckResponse_ServingStatus as S } from "../../gen/grpc/health/v1/health_pb.js";
import { createHealthService, type HealthService } from "../../server/transport/health.js";
import { rejection } from "./harness.js";

function setup(): { health: HealthService; client: ReturnType<typeof createClient<typeof Health>> } {
  const health = createHealthService();
  const transport = createRouterTransport((router) => health.register(router));
  return { health, client: createClient(Health, transport) };
}

describe("transport/health: grpc.health.v1.Health", () => {
  it("Check: overall SERVING by default, per-service status, NOT_FOUND for an unknown service", async () => {
    const { health, client } = setup();
    health.setStatus("blox.v1.EnvironmentService", S.SERVING);
    expect((await client.check({ service: "" })).status).to.equal(S.SERVING);
    expect((await client.check({ service: "blox.v1.EnvironmentService" })).status).to.equal(S.SERVING);
    const err = await rejection(client.check({ service: "no.such.Service" }));
    expect(err.code).to.equal(Code.NotFound);
    expect(err.rawMessage).to.contain("no.such.Service");
  });

  it("setAllNotServing flips every known service, including the overall one", async () => {
    const { health, client } = setup();
    health.setStatus("a.A", S.SERVING);
    health.setStatus("b.B", S.SERVING);
    health.setAllNotServing();
    for (const service of ["", "a.A", "b.B"]) {
      expect((await client.check({ service })).status, service).to.equal(S.NOT_SERVING);
    }
    expect([...health.statuses().values()].every((s) => s === S.NOT_SERVING)).to.equal(true);
  });

  it("refuses SERVICE_UNKNOWN as a stored status", () => {
    const { health } = setup();
    expect(() => health.setStatus("x.X", S.SERVICE_UNKNOWN)).to.throw(ConnectError, /reserved/);
  });

  it("Watch: sends the current status, then every change, deduplicated", async () => {
    const { health, client } = setup();
    const ac = new AbortController();
    const seen: S[] = [];
    const it = client.watch({ service: "" }, { signal: ac.signal })[Symbol.asyncIterator]();
    seen.push((await it.next()).value.status);
    health.setStatus("", S.NOT_SERVING);
    seen.push((await it.next()).value.status);
    health.setStatus("", S.NOT_SERVING); // no change: no message
    health.setStatus("", S.SERVING);
    seen.push((await it.next()).value.status);
    expect(seen).to.deep.equal([S.SERVING, S.NOT_SERVING, S.SERVING]);
    ac.abort();
  });

  it("Watch: SERVICE_UNKNOWN for an unknown service, without ending, then its status once known", async () => {
    const { health, client } = setup();
    const ac = new AbortController();
    const it = client.watch({ service: "later.Service" }, { signal: ac.signal })[Symbol.asyncIterator]();
    expect((await it.next()).value.status).to.equal(S.SERVICE_UNKNOWN);
    health.setStatus("later.Service", S.SERVING);
    expect((await it.next()).value.status).to.equal(S.SERVING);
    ac.abort();
  });

  it("List: every service with its status", async () => {
    const { health, client } = setup();
    health.setStatus("a.A", S.NOT_SERVING);
    const res = await client.list({});
    expect(Object.fromEntries(Object.entries(res.statuses).map(([k, v]) => [k, v.status]))).to.deep.equal({
      "": S.SERVING,
      "a.A": S.NOT_SERVING,
    });
  });
});

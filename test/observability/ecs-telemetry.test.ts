// ECS calls as metrics (by action and outcome, throttles, retries) and as one
// client span per call, with a mocked ECS client.

import { ECSClient, StopTaskCommand } from "@aws-sdk/client-ecs";
import { context, propagation, trace } from "@opentelemetry/api";
import { MeterProvider, MetricReader, type DataPoint, type SumMetricData } from "@opentelemetry/sdk-metrics";
import { InMemorySpanExporter, SimpleSpanProcessor, type BasicTracerProvider } from "@opentelemetry/sdk-trace-base";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";
import { ClusterError } from "../../server/cluster/backend.js";
import { createEcsBackend } from "../../server/cluster/ecs/ecs-backend.js";
import { createBloxMetrics } from "../../server/observability/metrics.js";
import { registerTracing } from "../../server/observability/telemetry-sdk.js";

class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

const awsError = (name: string, status: number) =>
  Object.assign(new Error(name), { name, $fault: status >= 500 ? "server" : "client", $metadata: { httpStatusCode: status } });

describe("ECS call telemetry", () => {
  let ecs: ReturnType<typeof mockClient>;
  let spans: InMemorySpanExporter;
  let tracerProvider: BasicTracerProvider;
  before(() => {
    ecs = mockClient(ECSClient);
    spans = new InMemorySpanExporter();
    tracerProvider = registerTracing({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  });
  after(async () => {
    ecs.restore();
    await tracerProvider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it("counts every attempt by action and outcome, the throttles and the retries, and makes one span per call", async () => {
    const reader = new CollectingReader();
    const provider = new MeterProvider({ readers: [reader] });
    const metrics = createBloxMetrics({ meter: provider.getMeter("blox"), replica: "r", now: () => 0 })!;
    ecs
      .on(StopTaskCommand)
      .rejectsOnce(awsError("ThrottlingException", 400))
      .rejectsOnce(awsError("ServerException", 500))
      .resolvesOnce({})
      .rejects(awsError("AccessDeniedException", 403));
    const backend = createEcsBackend({ client: new ECSClient({ region: "us-east-1" }), metrics, sleep: async () => {}, random: () => 0 });
    await backend.stopTask("c1", "arn:aws:ecs:us-east-1:1:task/c1/a", "replaced");
    expect(await backend.stopTask("c1", "arn:aws:ecs:us-east-1:1:task/c1/b", "replaced").catch((e: unknown) => e)).to.be.instanceOf(ClusterError);

    const { resourceMetrics } = await reader.collect();
    const all = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const points = (name: string) => (all.find((m) => m.descriptor.name === name) as SumMetricData | undefined)?.dataPoints ?? [];
    const byLabels = (ps: DataPoint<number>[]) => Object.fromEntries(ps.map((p) => [Object.values(p.attributes).join(" "), p.value]));
    expect(byLabels(points("blox_ecs_calls"))).to.deep.equal({
      "StopTask throttled": 1,
      "StopTask retryable": 1,
      "StopTask ok": 1,
      "StopTask error": 1,
    });
    expect(byLabels(points("blox_ecs_throttles"))).to.deep.equal({ StopTask: 1 });
    expect(byLabels(points("blox_ecs_retries"))).to.deep.equal({ StopTask: 2 });

    const calls = spans.getFinishedSpans().filter((s) => s.name === "ECS StopTask");
    expect(calls.map((s) => s.attributes["blox.ecs.attempts"])).to.deep.equal([3, 1]);
    expect(calls.map((s) => s.status.code)).to.deep.equal([0, 2]); // UNSET, then ERROR
    expect(calls[0]!.attributes["rpc.method"]).to.equal("StopTask");
    await provider.shutdown();
  });
});

import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_SIM_CONFIG, loadSimConfig, parseSimConfig, SimConfigError } from "../../server/cluster/simulator/sim-config.js";

describe("simulator configuration", () => {
  it("DEFAULT_SIM_CONFIG is the walkthrough cluster", () => {
    expect(DEFAULT_SIM_CONFIG.clusters).to.deep.equal([
      { name: "default", instances: [{ count: 5, attributes: { stack: "prod" } }, { count: 3, attributes: { stack: "gamma" } }] },
    ]);
    expect(DEFAULT_SIM_CONFIG.latencies).to.deep.equal({ startMs: 2000, stopMs: 1000 });
    expect(DEFAULT_SIM_CONFIG.faults).to.deep.equal([]);
  });

  it("parses the documented example", () => {
    const config = parseSimConfig(
      `
clusters:
  - name: default
    instances:
      - count: 5
        attributes: { stack: prod }
        cpu: 2048
        memory: 4096
      - count: 3
        attributes: { stack: gamma }
latencies: { start: 2s, stop: 1s }
faults: []
`,
      "sim.yaml",
    );
    expect(config).to.deep.equal({
      clusters: [
        {
          name: "default",
          instances: [
            { count: 5, attributes: { stack: "prod" }, cpu: 2048, memory: 4096 },
            { count: 3, attributes: { stack: "gamma" } },
          ],
        },
      ],
      latencies: { startMs: 2000, stopMs: 1000 },
      faults: [],
      taskDefinitions: [],
      events: [],
    });
  });

  it("parses faults, task definitions, events, durations and scalar attribute values", () => {
    const config = parseSimConfig(`
clusters:
  - name: a
    instances: [{ count: 2, attributes: { stack: prod, weight: 3, spot: true } }]
  - name: b
latencies: { start: 500ms, stop: 1.5m }
taskDefinitions:
  - { family: web, memory: 512, healthCheck: true }
  - { family: api, healthCheck: { healthyAfter: 10s } }
faults:
  - { kind: start-failure, instanceIndex: 1, count: 2, reason: "AGENT" }
  - { kind: start-failure, taskDefinition: "web:2" }
  - { kind: never-start, cluster: a }
  - { kind: unhealthy, taskDefinition: "api:1" }
  - { kind: out-of-resources, instanceIndex: 0 }
events:
  - { after: 1m, kind: add-instances, count: 2, attributes: { stack: prod } }
  - { after: 90000, kind: remove-instance, instanceIndex: 0 }
  - { after: 2h, kind: drain-instance, cluster: a, instanceIndex: 1 }
`);
    expect(config.clusters[0].instances[0].attributes).to.deep.equal({ stack: "prod", weight: "3", spot: "true" });
    expect(config.clusters[1]).to.deep.equal({ name: "b", instances: [] });
    expect(config.latencies).to.deep.equal({ startMs: 500, stopMs: 90_000 });
    expect(config.taskDefinitions).to.deep.equal([
      { family: "web", memory: 512, healthCheck: true },
      { family: "api", healthCheck: { healthyAfterMs: 10_000 } },
    ]);
    expect(config.faults).to.deep.equal([
      { kind: "start-failure", instanceIndex: 1, count: 2, reason: "AGENT" },
      { kind: "start-failure", taskDefinition: "web:2", reason: "RESOURCE:MEMORY" },
      { kind: "never-start", cluster: "a" },
      { kind: "unhealthy", taskDefinition: "api:1" },
      { kind: "out-of-resources", instanceIndex: 0 },
    ]);
    expect(config.events).to.deep.equal([
      { afterMs: 60_000, kind: "add-instances", count: 2, attributes: { stack: "prod" } },
      { afterMs: 90_000, kind: "remove-instance", instanceIndex: 0 },
      { afterMs: 7_200_000, kind: "drain-instance", cluster: "a", instanceIndex: 1 },
    ]);
  });

  it("fills missing sections from the default", () => {
    expect(parseSimConfig("")).to.deep.equal({ ...DEFAULT_SIM_CONFIG, taskDefinitions: [], events: [] });
    const c = parseSimConfig("latencies: { start: 10s }");
    expect(c.latencies).to.deep.equal({ startMs: 10_000, stopMs: 1000 });
    expect(c.clusters).to.deep.equal(DEFAULT_SIM_CONFIG.clusters);
  });

  const errors: [string, string, RegExp][] = [
    ["unknown top-level key", "cluster: []", /^x\.yaml: cluster: unknown key \(expected one of: clusters, latencies/],
    ["unknown cluster key", "clusters: [{ name: a, instance: [] }]", /clusters\[0\]\.instance: unknown key/],
    ["unknown instance key", "clusters: [{ name: a, instances: [{ count: 1, mem: 5 }] }]", /clusters\[0\]\.instances\[0\]\.mem: unknown key/],
    ["negative count", "clusters: [{ name: a, instances: [{ count: -1 }] }]", /clusters\[0\]\.instances\[0\]\.count: must be an integer >= 0, got -1/],
    ["fractional memory", "clusters: [{ name: a, instances: [{ count: 1, memory: 1.5 }] }]", /instances\[0\]\.memory: must be an integer >= 1/],
    ["missing cluster name", "clusters: [{ instances: [] }]", /clusters\[0\]\.name: must be a non-empty string/],
    ["bad cluster name", "clusters: [{ name: 'a b' }]", /clusters\[0\]\.name: 'a b' is not a valid cluster name/],
    ["duplicate cluster", "clusters: [{ name: a }, { name: a }]", /clusters\[1\]\.name: duplicate cluster name 'a'/],
    ["clusters not a list", "clusters: { name: a }", /clusters: must be a list/],
    ["bad duration", "latencies: { start: soon }", /latencies\.start: must be a duration like 2s, 500ms or 1m, got "soon"/],
    ["negative duration", "latencies: { stop: -1 }", /latencies\.stop: must be a duration/],
    ["unknown latency key", "latencies: { start: 1s, pending: 1s }", /latencies\.pending: unknown key/],
    ["bad attribute value", "clusters: [{ name: a, instances: [{ attributes: { stack: [x] } }] }]", /instances\[0\]\.attributes\.stack: must be a string, number or boolean/],
    ["bad attribute name", "clusters: [{ name: a, instances: [{ attributes: { 'a b': x } }] }]", /attributes\.a b: is not a valid attribute name/],
    ["unknown fault kind", "faults: [{ kind: meteor }]", /faults\[0\]\.kind: unknown fault kind 'meteor' \(expected one of: start-failure/],
    ["fault without kind", "faults: [{ reason: x }]", /faults\[0\]\.kind: must be a non-empty string/],
    ["unknown fault key", "faults: [{ kind: never-start, when: now }]", /faults\[0\]\.when: unknown key/],
    ["instance index out of range", "faults: [{ kind: out-of-resources, instanceIndex: 8 }]", /faults\[0\]\.instanceIndex: is 8 but the cluster starts with 8 instance\(s\)/],
    ["missing instance index", "faults: [{ kind: out-of-resources }]", /faults\[0\]\.instanceIndex: is required/],
    ["fault for unknown cluster", "faults: [{ kind: never-start, cluster: nope }]", /faults\[0\]\.cluster: no cluster named 'nope'/],
    ["unhealthy without task definition", "faults: [{ kind: unhealthy }]", /faults\[0\]\.taskDefinition: must be a non-empty string/],
    ["event without after", "events: [{ kind: add-instances }]", /events\[0\]\.after: must be a duration/],
    ["unknown event kind", "events: [{ after: 1s, kind: explode }]", /events\[0\]\.kind: unknown event kind 'explode'/],
    ["bad health check", "taskDefinitions: [{ family: web, healthCheck: { after: 1s } }]", /taskDefinitions\[0\]\.healthCheck\.after: unknown key/],
    ["top level not a mapping", "- a\n- b", /x\.yaml: \(top level\): must be a mapping/],
    ["YAML syntax error", "clusters: [\n", /^x\.yaml: line \d+, column \d+: /],
    ["duplicate key", "latencies: {}\nlatencies: {}", /^x\.yaml: line 2, column 1: /],
  ];
  for (const [name, yaml, message] of errors) {
    it(`rejects: ${name}`, () => {
      let error: unknown;
      try {
        parseSimConfig(yaml, "x.yaml");
      } catch (e) {
        error = e;
      }
      expect(error, "should throw").to.be.instanceOf(SimConfigError);
      expect((error as Error).message).to.match(message);
    });
  }

  it("loads a file and names it in errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "simcfg-"));
    try {
      const good = join(dir, "good.yaml");
      writeFileSync(good, "clusters: [{ name: x, instances: [{ count: 2 }] }]\n");
      expect(loadSimConfig(good).clusters).to.deep.equal([{ name: "x", instances: [{ count: 2, attributes: {} }] }]);
      const bad = join(dir, "bad.yaml");
      writeFileSync(bad, "latencies: { start: forever }\n");
      expect(() => loadSimConfig(bad)).to.throw(SimConfigError, new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: latencies\\.start`));
      expect(() => loadSimConfig(join(dir, "missing.yaml"))).to.throw(SimConfigError, /missing\.yaml: cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

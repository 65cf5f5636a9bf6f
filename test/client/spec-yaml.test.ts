import { expect } from "chai";
import { formatDurationMs, parseDurationMs } from "../../client/duration.js";
import { durationToMs, parseEnvironmentSpecYaml, SpecYamlError } from "../../client/spec-yaml.js";
import { DeploymentMethod, DeploymentType } from "../../gen/blox/v1/environment_pb.js";
import { DOC_YAML } from "../support/doc-spec.js";

function parseError(text: string): SpecYamlError {
  try {
    parseEnvironmentSpecYaml(text);
  } catch (e) {
    expect(e).to.be.instanceOf(SpecYamlError);
    return e as SpecYamlError;
  }
  throw new Error("expected a SpecYamlError");
}

describe("client spec YAML", () => {
  it("parses the doc's heredoc into the proto spec", () => {
    const spec = parseEnvironmentSpecYaml(DOC_YAML);
    expect(spec.name).to.equal("SomeEnvironment/Prod");
    expect(spec.taskDefinition).to.equal("log-daemon:1");
    expect(spec.cluster).to.equal("default");
    expect(spec.instanceGroup?.query).to.equal("attribute:stack == prod");
    expect(spec.deployment?.type).to.equal(DeploymentType.DAEMON);
    expect(spec.deployment?.method).to.equal(DeploymentMethod.REPLACE_THEN_TERMINATE);
    expect(spec.deployment?.configuration?.minHealthyPercent).to.equal(80);
    expect(spec.deployment?.configuration?.maxOverPercent).to.equal(25);
    expect(spec.deployment?.rollbackConfiguration).to.equal(undefined);
  });

  it("reads every deployment setting, with RollbackConfiguration at the top level", () => {
    const spec = parseEnvironmentSpecYaml(`${DOC_YAML}  StuckTimeout: 10m
  FailingTimeout: 1h30m
  MissingTaskTimeout: 30s
  SoakTime: 500ms
  MaxInstancesWithoutTask: 2
RollbackConfiguration:
  Method: TerminateThenReplace
  Configuration:
    MinHealthyPercent: 0
`);
    const d = spec.deployment!;
    expect(durationToMs(d.stuckTimeout!)).to.equal(600_000);
    expect(durationToMs(d.failingTimeout!)).to.equal(5_400_000);
    expect(durationToMs(d.missingTaskTimeout!)).to.equal(30_000);
    expect(durationToMs(d.soakTime!)).to.equal(500);
    expect(d.maxInstancesWithoutTask).to.equal(2);
    expect(d.rollbackConfiguration?.method).to.equal(DeploymentMethod.TERMINATE_THEN_REPLACE);
    expect(d.rollbackConfiguration?.configuration?.minHealthyPercent).to.equal(0);
    expect(d.rollbackConfiguration?.configuration?.maxOverPercent).to.equal(undefined);
  });

  it("reads the Canary section (Instances, Steps with Percent, Bake, Pause)", () => {
    const spec = parseEnvironmentSpecYaml(`${DOC_YAML}  Canary:
    Instances: "attribute:zone == a"
    Steps:
      - Percent: 25
        Bake: 30s
      - Percent: 50
        Pause: true
`);
    const c = spec.deployment!.canary!;
    expect(c.instances).to.equal("attribute:zone == a");
    expect(c.steps.map((s) => [s.percent, s.bake ? durationToMs(s.bake) : 0, s.pause])).to.deep.equal([
      [25, 30_000, false],
      [50, 0, true],
    ]);
  });

  const canaryErrors: [string, RegExp][] = [
    ["  Canary:\n    Steps: []\n", /Deployment\.Canary\.Steps at line \d+: expected a list of steps/],
    ["  Canary:\n    Instances: x\n", /Deployment\.Canary: missing required key Steps/],
    ["  Canary:\n    Steps:\n      - Bake: 30s\n", /Deployment\.Canary\.Steps\[0\]: missing required key Percent/],
    ["  Canary:\n    Steps:\n      - Percent: 0\n", /Deployment\.Canary\.Steps\[0\]\.Percent at line \d+: expected an integer 1\.\.100/],
    ["  Canary:\n    Steps:\n      - Percent: 25\n        Bake: 30\n", /Deployment\.Canary\.Steps\[0\]\.Bake at line \d+: expected a duration/],
    ["  Canary:\n    Steps:\n      - Percent: 25\n        Pause: yes please\n", /Deployment\.Canary\.Steps\[0\]\.Pause at line \d+: expected true or false/],
    ["  Canary:\n    Steps:\n      - Percent: 25\n        Pasue: true\n", /unknown key Deployment\.Canary\.Steps\[0\]\.Pasue .*did you mean Pause/],
  ];
  for (const [tail, message] of canaryErrors) {
    it(`Canary error names the key: ${message.source.slice(0, 60)}`, () => {
      expect(parseError(DOC_YAML + tail).message).to.match(message);
    });
  }

  it("reads RollbackConfiguration under Deployment too, but not in both places", () => {
    const nested = `${DOC_YAML}  RollbackConfiguration:\n    Method: TerminateThenReplace\n`;
    expect(parseEnvironmentSpecYaml(nested).deployment?.rollbackConfiguration?.method).to.equal(DeploymentMethod.TERMINATE_THEN_REPLACE);
    const e = parseError(`${nested}RollbackConfiguration:\n  Method: ReplaceThenTerminate\n`);
    expect(e.message).to.match(/RollbackConfiguration given twice \(line 14 and Deployment.RollbackConfiguration at line 12\)/);
  });

  it("names an unknown key with its path, line and the keys expected there", () => {
    const e = parseError(DOC_YAML.replace("  Configuration:", "  Configuraton:"));
    expect(e.message).to.match(/^unknown key Deployment\.Configuraton at line 9; expected one of Type, Method, Configuration, /);
    expect(e.message).to.include("did you mean Configuration?");
    expect(e.line).to.equal(9);
    expect(e.path).to.equal("Deployment.Configuraton");
  });

  const unknownKeys: [string, string, number][] = [
    ["Nmae: x\n", "Nmae", 1],
    [DOC_YAML.replace("    MaxOverPercent", "    MaxSurgePercent"), "Deployment.Configuration.MaxSurgePercent", 11],
    [DOC_YAML.replace("  Query:", "  query:"), "InstanceGroup.query", 5],
    [`${DOC_YAML}Extra: 1\n`, "Extra", 12],
  ];
  for (const [yaml, path, line] of unknownKeys) {
    it(`rejects unknown key ${path} at line ${line}`, () => {
      const e = parseError(yaml);
      expect(e.message).to.include(`unknown key ${path} at line ${line}`);
    });
  }

  const typeErrors: [string, string, RegExp][] = [
    ["MinHealthyPercent: 80", "MinHealthyPercent: eighty", /^Deployment\.Configuration\.MinHealthyPercent at line 10: expected an integer 0\.\.100, got "eighty"/],
    ["MinHealthyPercent: 80", "MinHealthyPercent: 180", /MinHealthyPercent at line 10: expected an integer 0\.\.100, got number 180/],
    ["MaxOverPercent: 25", "MaxOverPercent: 2.5", /MaxOverPercent at line 11: expected an integer/],
    ['Method: "ReplaceThenTerminate"', "Method: Rolling", /^Deployment\.Method at line 8: expected one of ReplaceThenTerminate, TerminateThenReplace, got "Rolling"/],
    ["Type: Daemon", "Type: daemon", /^Deployment\.Type at line 7: expected one of Daemon, Service/],
    ['Name: "SomeEnvironment/Prod"', "Name: [a, b]", /^Name at line 1: expected a string, got a list/],
    ['Query: "attribute:stack == prod"', "Query:", /^InstanceGroup\.Query at line 5: expected a string, got nothing/],
    ['Cluster: "default"', "Cluster: 42", /^Cluster at line 3: expected a string, got number 42/],
    ["  Configuration:\n    MinHealthyPercent: 80\n    MaxOverPercent: 25\n", "  Configuration: 80\n", /^Deployment\.Configuration: expected a mapping with keys MinHealthyPercent, MaxOverPercent, got number 80 \(line 9\)/],
  ];
  for (const [from, to, want] of typeErrors) {
    it(`type error names the key: ${to.trim()}`, () => {
      const e = parseError(DOC_YAML.replace(from, to));
      expect(e.message).to.match(want);
    });
  }

  const badDurations = ["10", "10x", "-5m", "m", "1h30", "ten minutes", "1.5.2s", ""];
  for (const d of badDurations) {
    it(`rejects the bad duration ${JSON.stringify(d)} naming the key`, () => {
      const e = parseError(`${DOC_YAML}  StuckTimeout: "${d}"\n`);
      expect(e.message).to.match(/^Deployment\.StuckTimeout at line 12: expected a duration like "10m", "30s", "1h30m" or "500ms"/);
    });
  }

  it("gives line and column for YAML syntax errors", () => {
    const e = parseError('Name: "SomeEnvironment/Prod"\nTaskDefinition: [log-daemon:1\nCluster: default\n');
    expect(e.message).to.match(/^YAML syntax error at line \d+, column \d+: /);
    expect(e.line).to.be.a("number");
    expect(e.column).to.be.a("number");
    const dup = parseError('Name: a\nName: b\nTaskDefinition: "x:1"\n');
    expect(dup.message).to.match(/^YAML syntax error at line 2, column 1: Map keys must be unique/);
  });

  it("resolves YAML anchors and aliases, for values and for whole sections", () => {
    const spec = parseEnvironmentSpecYaml(
      [
        'Name: "SomeEnvironment/Prod"',
        "TaskDefinition: &td log-daemon:1",
        "Cluster: default",
        "Deployment:",
        "  Method: &m TerminateThenReplace",
        "  Configuration: &limits",
        "    MinHealthyPercent: &pct 60",
        "    MaxOverPercent: *pct",
        "  StuckTimeout: &t 10m",
        "  FailingTimeout: *t",
        "RollbackConfiguration:",
        "  Method: *m",
        "  Configuration: *limits",
        "",
      ].join("\n"),
    );
    expect(spec.taskDefinition).to.equal("log-daemon:1");
    expect(spec.deployment?.method).to.equal(DeploymentMethod.TERMINATE_THEN_REPLACE);
    expect(spec.deployment?.configuration?.maxOverPercent).to.equal(60);
    expect(durationToMs(spec.deployment!.failingTimeout!)).to.equal(600_000);
    expect(spec.deployment?.rollbackConfiguration?.method).to.equal(DeploymentMethod.TERMINATE_THEN_REPLACE);
    expect(spec.deployment?.rollbackConfiguration?.configuration?.minHealthyPercent).to.equal(60);
    // An alias of the wrong type is still named by the key it sits under.
    expect(parseError('Name: &n [a]\nTaskDefinition: "x:1"\nCluster: *n\n').message).to.match(/^Name at line 1: expected a string, got a list/);
  });

  it("requires Name and TaskDefinition, and a mapping", () => {
    expect(parseError('TaskDefinition: "x:1"\n').message).to.equal("missing required key Name");
    expect(parseError('Name: "a"\n').message).to.equal("missing required key TaskDefinition");
    expect(parseError("").message).to.match(/^empty environment YAML/);
    expect(parseError("- a\n- b\n").message).to.match(/^the document: expected a mapping/);
  });
});

describe("client durations", () => {
  const good: [string, number][] = [["10m", 600_000], ["30s", 30_000], ["1h30m", 5_400_000], ["500ms", 500], ["1.5h", 5_400_000], ["0", 0], ["0s", 0], ["2m30s100ms", 150_100]];
  for (const [text, ms] of good) {
    it(`${text} = ${ms} ms, and formats back to an equal duration`, () => {
      expect(parseDurationMs(text)).to.equal(ms);
      expect(parseDurationMs(formatDurationMs(ms))).to.equal(ms);
    });
  }
  it("formats the way the doc writes them", () => {
    expect(formatDurationMs(5_400_000)).to.equal("1h30m");
    expect(formatDurationMs(600_000)).to.equal("10m");
    expect(formatDurationMs(500)).to.equal("500ms");
    expect(formatDurationMs(0)).to.equal("0s");
  });
});

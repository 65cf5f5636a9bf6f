import { expect } from "chai";
import { formatInstanceTable, instanceSummary } from "../../client/cli/format/instances.js";
import { formatJson } from "../../client/cli/format/json.js";
import { statusViewToJson } from "../../client/cli/format/status-json.js";
import { formatStatusTable } from "../../client/cli/format/status.js";
import { COLOR, PLAIN, stripAnsi, styleFor } from "../../client/cli/format/style.js";
import { renderTable } from "../../client/cli/format/table.js";
import { formatWatchFrame, progressBar, progressCell } from "../../client/cli/format/watch.js";
import { create } from "@bufbuild/protobuf";
import { EnvironmentStatus, EventType, RevisionStatus, RevisionStatusViewSchema, TaskState } from "../../gen/blox/v1/environment_pb.js";
import { frameRows, redrawSequence } from "../../client/cli/live.js";
import { mergeEvents } from "../../client/cli/commands/watch.js";
import * as fx from "./support/fixtures.js";
import { expectGolden } from "./support/golden.js";

// The doc's own tables, verbatim. The renderer must reproduce them exactly.
const DOC_CREATED = `ENVIRONMENT               ACTIVE REVISION  STATUS     OUTDATED  DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod      N/A              Created    0         0         0        5

REVISION                  STATUS     DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod:1    Created    0         0        5`;

const DOC_DEPLOYING = `ENVIRONMENT               TARGET REVISION  STATUS     OUTDATED  DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod      2                Deploying  2         7         5        5

REVISION                  STATUS       DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod:1    Undeploying  2         2        0
SomeEnvironment/Prod:2    Deploying    5         3        5`;

// The doc prints this one (Prod:3 Created) with an 11-wide STATUS column, but
// its "Prod:2 Active" table with the same values at 13; we follow the rule its
// tables mostly obey (the doc's width, widened only for a longer value), so
// only the former is reproduced.
const DOC_REV3_CREATED = `ENVIRONMENT               TARGET REVISION  STATUS     OUTDATED  DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod      2                Active     0         5         5        5

REVISION                  STATUS     DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod:1    Inactive   0         0        0
SomeEnvironment/Prod:2    Active     5         5        5
SomeEnvironment/Prod:3    Created    0         0        0`;

const DOC_FROZEN_SHORT = `ENVIRONMENT               TARGET REVISION  STATUS     OUTDATED  DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod      3                Frozen     2         8         3        8`;

const DOC_DELETING_SHORT = `ENVIRONMENT               TARGET REVISION  STATUS     OUTDATED  DESIRED   HEALTHY  TOTAL
SomeEnvironment/Prod      3                Deleting   5         0         5        0`;

describe("cli format: status tables", () => {
  const cases: [string, string, () => string, string?][] = [
    ["created", "Created with TOTAL 5 (ACTIVE REVISION, N/A)", () => formatStatusTable(fx.created, { all: true }), DOC_CREATED],
    ["deploying", "Deploying mid-rollout", () => formatStatusTable(fx.deploying, { all: true }), DOC_DEPLOYING],
    ["revision3-created", "--all with Inactive revisions", () => formatStatusTable(fx.revision3Created, { all: true }), DOC_REV3_CREATED],
    ["active-all", "Active with --all", () => formatStatusTable(fx.active, { all: true })],
    ["active", "Active without --all hides Inactive", () => formatStatusTable(fx.active, {})],
    ["frozen-short", "Frozen --short", () => formatStatusTable(fx.frozen, { short: true }), DOC_FROZEN_SHORT],
    ["deleting-short", "Deleting --short", () => formatStatusTable(fx.deleting, { short: true }), DOC_DELETING_SHORT],
    ["stuck", "Stuck shows in STATUS with its reason", () => formatStatusTable(fx.stuck, { all: true })],
    ["failing", "Failing with its reason", () => formatStatusTable(fx.failing, { all: true })],
    ["instances", "--instances (ASCII)", () => formatStatusTable(fx.instances, { all: true, instances: true })],
    ["instances-color", "--instances (color)", () => formatStatusTable(fx.instances, { all: true, instances: true, style: COLOR })],
  ];
  for (const [name, title, render, doc] of cases) {
    it(`${title} [golden ${name}]`, () => {
      const out = render();
      if (doc !== undefined) expect(out).to.equal(doc);
      expectGolden(name, out);
    });
  }

  it("never leaves trailing blanks and keeps every row aligned with its header", () => {
    for (const v of [fx.created, fx.deploying, fx.active, fx.stuck, fx.instances]) {
      const out = stripAnsi(formatStatusTable(v, { all: true, instances: true }));
      for (const line of out.split("\n")) expect(line).to.equal(line.trimEnd());
      const [head, row] = out.split("\n");
      expect(row.indexOf(" ", v.environmentName.length)).to.be.at.most(head.indexOf("TARGET") >= 0 ? head.indexOf("TARGET") : head.indexOf("ACTIVE"));
    }
  });

  it("widens a column when a value is longer than the doc's width", () => {
    const long = fx.renamed(fx.deploying, "AVeryLongEnvironmentName/WithSuffix");
    const lines = formatStatusTable(long, { all: true }).split("\n");
    const col = lines[0].indexOf("TARGET REVISION");
    expect(col).to.equal("AVeryLongEnvironmentName/WithSuffix".length + 2);
    expect(lines[1].slice(col, col + 1)).to.equal("2");
    const revCol = lines[3].indexOf("STATUS");
    expect(lines[4].slice(revCol)).to.match(/^Undeploying/);
  });

  it("renderTable pads to the doc's widths and never pads the last column", () => {
    expect(renderTable([{ header: "A", width: 4 }, { header: "B", width: 3 }], [["x", "y"], ["long-value", "z"]])).to.deep.equal([
      "A           B",
      "x           y",
      "long-value  z",
    ]);
  });
});

describe("cli format: instances", () => {
  it("plain output is ASCII only", () => {
    const out = formatInstanceTable(fx.instances, PLAIN).join("\n");
    expect(/^[\x20-\x7e\n]*$/.test(out), out).to.equal(true);
    expect(out).to.include("v1:terminating  v2:running");
    expect(out).to.include("v1:running      v2:pending");
    expect(out).to.include("v2:unhealthy");
  });
  it("color output uses the doc's legend glyphs", () => {
    const out = stripAnsi(formatInstanceTable(fx.instances, COLOR).join("\n"));
    expect(out).to.include("v1 ✔ running      v2 ● pending");
    expect(out).to.include("v1 ● terminating  v2 ✔ running");
    expect(out).to.include("v1 ⊘ stopped");
  });
  it("hides stopped tasks of Inactive revisions unless --all", () => {
    const v = fx.view([2, EnvironmentStatus.ACTIVE, 0, 1, 1, 1], [[1, RevisionStatus.INACTIVE, 0, 0, 0], [2, RevisionStatus.ACTIVE, 1, 1, 1]], {
      instances: [
        {
          containerInstanceArn: "arn:aws:ecs:us-east-1:1:container-instance/default/0a1",
          ec2InstanceId: "i-0a1",
          instanceStatus: "ACTIVE",
          inGroup: true,
          tasks: [
            { revision: 1n, state: TaskState.STOPPED, healthy: false, taskArn: "t1", taskDefinition: "log-daemon:1" },
            { revision: 2n, state: TaskState.RUNNING, healthy: true, taskArn: "t2", taskDefinition: "log-daemon:2" },
          ],
        },
      ],
    });
    expect(formatInstanceTable(v, PLAIN)[1]).to.match(/yes {7}v2:running$/);
    expect(formatInstanceTable(v, PLAIN, { all: true })[1]).to.match(/yes {7}v1:stopped  v2:running$/);
  });

  it("hides stopped tasks of revisions the server left out (Inactive, without --all)", () => {
    // Without `all` the server sends no row for an Inactive revision at all,
    // so the table cannot look its status up: a stopped task of a revision that
    // has no row is hidden.
    const v = fx.view([3, EnvironmentStatus.ACTIVE, 0, 1, 1, 1], [[3, RevisionStatus.ACTIVE, 1, 1, 1]], {
      instances: [
        {
          containerInstanceArn: "arn:aws:ecs:us-east-1:1:container-instance/default/0a1",
          ec2InstanceId: "i-0a1",
          instanceStatus: "ACTIVE",
          inGroup: true,
          tasks: [
            { revision: 1n, state: TaskState.STOPPED, healthy: false, taskArn: "t1", taskDefinition: "log-daemon:1" },
            { revision: 3n, state: TaskState.RUNNING, healthy: true, taskArn: "t3", taskDefinition: "log-daemon:2" },
          ],
        },
      ],
    });
    const lines = formatInstanceTable(v, PLAIN);
    expect(lines[1]).to.match(/yes {7}v3:running$/);
    expect(lines[lines.length - 1]).to.equal("1 instance (1 in group); tasks: 1 running");
  });

  it("summarises instances and task states", () => {
    expect(instanceSummary(fx.instances.instances)).to.equal(
      "6 instances (5 in group); tasks: 5 running, 1 unhealthy, 1 pending, 1 terminating, 1 stopped",
    );
  });
  it("names an instance by EC2 id, else by the id in its ARN", () => {
    const out = formatInstanceTable(fx.instances, PLAIN);
    expect(out.some((l) => l.startsWith("0b9 ") && l.includes("DRAINING") && l.includes("no"))).to.equal(true);
  });
});

describe("cli format: style", () => {
  it("colors only on a TTY without NO_COLOR", () => {
    expect(styleFor(true, {}).color).to.equal(true);
    expect(styleFor(false, {}).color).to.equal(false);
    expect(styleFor(true, { NO_COLOR: "1" }).color).to.equal(false);
    expect(styleFor(true, { NO_COLOR: "" }).color).to.equal(true);
    expect(styleFor(true, { TERM: "dumb" }).color).to.equal(false);
  });
});

describe("cli format: JSON", () => {
  it("prints flat responses on one line like the doc", () => {
    expect(formatJson({ EnvironmentRevision: 1 })).to.equal('{ "EnvironmentRevision": 1 }');
    expect(formatJson({ DeploymentId: "SomeEnvironment/Prod:1@2017090611472301" })).to.equal(
      '{ "DeploymentId": "SomeEnvironment/Prod:1@2017090611472301" }',
    );
  });
  it("status JSON has stable PascalCase keys [golden deploying-json]", () => {
    const json = statusViewToJson(fx.deploying, { all: true, sequence: 42n });
    expect(Object.keys(json)).to.include.members(["EnvironmentName", "TargetRevision", "Status", "Outdated", "Desired", "Healthy", "Total", "Revisions", "Conditions", "Sequence"]);
    expect(json.Status).to.equal("Deploying");
    expect(json.TargetRevision).to.equal(2);
    expect((json.Revisions as { Status: string }[]).map((r) => r.Status)).to.deep.equal(["Undeploying", "Deploying"]);
    expect(json).to.not.have.property("Instances");
    expectGolden("deploying-json", formatJson(json));
  });
  it("--short drops revisions; without --all Inactive revisions are dropped", () => {
    expect(statusViewToJson(fx.active, { short: true })).to.not.have.property("Revisions");
    const revs = statusViewToJson(fx.active, {}).Revisions as { Revision: number }[];
    expect(revs.map((r) => r.Revision)).to.deep.equal([2]);
  });
  it("--instances includes task states by name", () => {
    const json = statusViewToJson(fx.instances, { instances: true });
    const first = (json.Instances as { Tasks: { State: string }[] }[])[0];
    expect(first.Tasks.map((t) => t.State)).to.deep.equal(["Running", "Stopped"]);
  });
});

describe("cli format: watch frame", () => {
  const events = [
    fx.event(11, EventType.DEPLOYMENT_STARTED, 2, "deployment SomeEnvironment/Prod:2@2017090611472301 started", fx.T0 - 60_000),
    fx.event(12, EventType.REVISION_STATUS_CHANGED, 1, "Active → Undeploying", fx.T0 - 30_000),
  ];
  it("shows tables, progress bars and the latest events [golden watch-frame]", () => {
    const frame = formatWatchFrame({ view: fx.deploying, sequence: 12n, events, connection: "live", all: true });
    expect(frame).to.include("[############--------]  3/5");
    expect(frame).to.include("draining, 2 tasks left");
    expectGolden("watch-frame", frame);
  });
  it("with --instances and color [golden watch-frame-instances-color]", () => {
    const frame = formatWatchFrame({ view: fx.instances, sequence: 12n, events, connection: "reconnecting", all: true, instances: true }, COLOR);
    expect(stripAnsi(frame)).to.include("reconnecting…");
    expectGolden("watch-frame-instances-color", frame);
  });
  it("the draining label counts what DESIRED counts, and the tasks told to stop apart", () => {
    const row = (desired: number, tasks: number) => create(RevisionStatusViewSchema, { revision: 1n, desired, tasks, total: 0 });
    expect(progressCell(row(6, 6), 20, PLAIN)).to.equal("draining, 6 tasks left");
    expect(progressCell(row(6, 8), 20, PLAIN)).to.equal("draining, 6 tasks left, 2 stopping");
    expect(progressCell(row(0, 1), 20, PLAIN)).to.equal("draining, 1 stopping");
    expect(progressCell(row(0, 0), 20, PLAIN)).to.equal("");
  });
  it("shows only the last maxEvents events", () => {
    const many = Array.from({ length: 20 }, (_, i) => fx.event(i + 1, EventType.REVISION_STATUS_CHANGED, 2, `change ${i + 1}`));
    const frame = formatWatchFrame({ view: fx.deploying, sequence: 20n, events: many, connection: "live", maxEvents: 3 });
    expect(frame).to.include("change 20").and.include("change 18").and.not.include("change 17");
  });
  it("fits the terminal: no line wider than it, no more rows than it has, latest events kept", () => {
    const many = Array.from({ length: 20 }, (_, i) =>
      fx.event(i + 1, EventType.REVISION_STATUS_CHANGED, 2, `change ${i + 1} ${"with a long explanation ".repeat(6)}`),
    );
    for (const [columns, rows] of [[80, 24], [120, 30], [60, 18]] as const) {
      const frame = formatWatchFrame({ view: fx.instances, sequence: 20n, events: many, connection: "live", all: true, instances: true, columns, rows });
      const lines = frame.split("\n");
      expect(lines.length, `${columns}x${rows}`).to.be.at.most(rows - 1);
      for (const l of lines.filter((x) => /^\d\d:\d\d/.test(x))) expect(l.length, l).to.be.at.most(columns);
      expect(frame).to.match(/#20 /);
      expect(frame).not.to.match(/#1 /);
    }
  });

  it("progress bars are proportional and bounded", () => {
    for (const [h, t] of [[0, 5], [3, 5], [5, 5], [7, 5], [0, 0]]) {
      const bar = progressBar(h, t, 10, PLAIN);
      const inner = bar.slice(1, 11);
      expect(inner).to.have.length(10);
      expect(inner.replace(/-/g, "")).to.have.length(t > 0 ? Math.round(Math.min(1, h / t) * 10) : 0);
    }
  });
});

describe("cli live view", () => {
  it("counts wrapped rows", () => {
    expect(frameRows("abc\n\nabcdef", 3)).to.equal(1 + 1 + 2);
  });
  it("redraws in place: up, overwrite with line clears, clear below", () => {
    expect(redrawSequence(0, "a\nb", 24)).to.equal("a\x1b[K\nb\x1b[K\n\x1b[J");
    expect(redrawSequence(2, "c", 24)).to.equal("\x1b[2A\rc\x1b[K\n\x1b[J");
    expect(redrawSequence(30, "c", 24)).to.equal("\x1b[H\x1b[2Jc\x1b[K\n");
  });
  it("merges events without duplicates, in (sequence, index) order", () => {
    const a = [fx.event(3, EventType.STUCK, 2, "a"), fx.event(1, EventType.DEPLOYMENT_STARTED, 2, "b")];
    const b = [fx.event(3, EventType.STUCK, 2, "a"), fx.event(4, EventType.UNSTUCK, 2, "c")];
    expect(mergeEvents(a, b).map((e) => Number(e.sequence))).to.deep.equal([1, 3, 4]);
  });
});

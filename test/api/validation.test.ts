import { Code } from "@connectrpc/connect";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { expect } from "chai";
import {
  DeploymentMethod,
  DeploymentType,
  type CreateEnvironmentRequestSchema,
} from "../../gen/blox/v1/environment_pb.js";
import { specFromProto, validateDuration } from "../../server/api/validation.js";
import { create } from "@bufbuild/protobuf";
import { EnvironmentSpecSchema } from "../../gen/blox/v1/environment_pb.js";
import { createHarness, expectCode, SPEC } from "./fakes.js";

type SpecInit = NonNullable<MessageInitShape<typeof CreateEnvironmentRequestSchema>["spec"]>;

interface Case {
  what: string;
  spec: SpecInit;
  code: Code;
  /** Patterns the message must match; the first names the field. */
  message: RegExp[];
}

const dep = (deployment: SpecInit["deployment"]): SpecInit => ({ ...SPEC, deployment });

const cases: Case[] = [
  { what: "empty name", spec: { ...SPEC, name: "" }, code: Code.InvalidArgument, message: [/^spec\.name: /, /required/] },
  {
    what: "name with a space",
    spec: { ...SPEC, name: "Some Environment" },
    code: Code.InvalidArgument,
    message: [/^spec\.name: /, /" "/],
  },
  {
    what: "name of 256 characters",
    spec: { ...SPEC, name: "a".repeat(256) },
    code: Code.InvalidArgument,
    message: [/^spec\.name: /, /at most 255/],
  },
  {
    what: "missing task definition",
    spec: { ...SPEC, taskDefinition: "" },
    code: Code.InvalidArgument,
    message: [/^spec\.task_definition: /, /required/],
  },
  {
    what: "task definition without revision",
    spec: { ...SPEC, taskDefinition: "log-daemon" },
    code: Code.InvalidArgument,
    message: [/^spec\.task_definition: /, /family:revision/],
  },
  {
    what: "task definition revision 0",
    spec: { ...SPEC, taskDefinition: "log-daemon:0" },
    code: Code.InvalidArgument,
    message: [/^spec\.task_definition: /],
  },
  {
    what: "task definition family with a dot",
    spec: { ...SPEC, taskDefinition: "log.daemon:1" },
    code: Code.InvalidArgument,
    message: [/^spec\.task_definition: /],
  },
  {
    what: "malformed ARN",
    spec: { ...SPEC, taskDefinition: "arn:aws:ecs:us-east-1:12:task-definition/x:1" },
    code: Code.InvalidArgument,
    message: [/^spec\.task_definition: /],
  },
  {
    what: "bad cluster",
    spec: { ...SPEC, cluster: "my cluster" },
    code: Code.InvalidArgument,
    message: [/^spec\.cluster: /],
  },
  {
    what: "query that does not parse",
    spec: { ...SPEC, instanceGroup: { query: "attribute:stack ==" } },
    code: Code.InvalidArgument,
    message: [/^spec\.instance_group\.query: /, /position \d+/],
  },
  {
    what: "query over 4096 characters",
    spec: { ...SPEC, instanceGroup: { query: `attribute:stack == ${"a".repeat(4100)}` } },
    code: Code.InvalidArgument,
    message: [/^spec\.instance_group\.query: /, /at most 4096/],
  },
  {
    what: "min_healthy_percent 120",
    spec: dep({ configuration: { minHealthyPercent: 120 } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.configuration\.min_healthy_percent: must be between 0 and 100, got 120$/],
  },
  {
    what: "max_over_percent 101",
    spec: dep({ configuration: { maxOverPercent: 101 } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.configuration\.max_over_percent: /, /got 101/],
  },
  {
    what: "rollback min_healthy_percent 200",
    spec: dep({ rollbackConfiguration: { configuration: { minHealthyPercent: 200 } } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.rollback_configuration\.configuration\.min_healthy_percent: /],
  },
  {
    what: "unknown method",
    spec: dep({ method: 9 as DeploymentMethod }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.method: /],
  },
  {
    what: "unknown type",
    spec: dep({ type: 9 as DeploymentType }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.type: /],
  },
  {
    what: "negative stuck timeout",
    spec: dep({ stuckTimeout: { seconds: -1n } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.stuck_timeout: /, /negative/],
  },
  {
    what: "failing timeout over 7 days",
    spec: dep({ failingTimeout: { seconds: 8n * 86400n } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.failing_timeout: /, /7 days/],
  },
  {
    what: "soak time with mixed signs",
    spec: dep({ soakTime: { seconds: 1n, nanos: -5 } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.soak_time: /],
  },
  {
    what: "Service deployments",
    spec: dep({ type: DeploymentType.SERVICE }),
    code: Code.Unimplemented,
    message: [/Service deployments are not in V1/],
  },
  {
    what: "canary without steps",
    spec: dep({ canary: { steps: [] } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.canary\.steps: /, /at least one step/],
  },
  {
    what: "canary step percent 0",
    spec: dep({ canary: { steps: [{ percent: 0 }] } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.canary\.steps\[0\]\.percent: /, /between 1 and 100, got 0/],
  },
  {
    what: "canary step percent 101",
    spec: dep({ canary: { steps: [{ percent: 101 }] } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.canary\.steps\[0\]\.percent: /, /got 101/],
  },
  {
    what: "canary percents not increasing",
    spec: dep({ canary: { steps: [{ percent: 50, pause: true }, { percent: 50 }] } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.canary\.steps\[1\]\.percent: /, /greater than the previous step's 50, got 50/],
  },
  {
    what: "canary step with bake and pause",
    spec: dep({ canary: { steps: [{ percent: 25, pause: true, bake: { seconds: 30n } }] } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.canary\.steps\[0\]\.bake: /, /not both/],
  },
  {
    what: "canary bake negative",
    spec: dep({ canary: { steps: [{ percent: 25, bake: { seconds: -1n } }] } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.canary\.steps\[0\]\.bake: /, /negative/],
  },
  {
    what: "canary bake over 7 days",
    spec: dep({ canary: { steps: [{ percent: 25, bake: { seconds: 604801n } }] } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.canary\.steps\[0\]\.bake: /, /at most 7 days/],
  },
  {
    what: "canary instances query that does not parse",
    spec: dep({ canary: { instances: "attribute:zone ==", steps: [{ percent: 25 }] } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.canary\.instances: /],
  },
  {
    what: "21 canary steps",
    spec: dep({ canary: { steps: Array.from({ length: 21 }, (_, k) => ({ percent: k + 1 })) } }),
    code: Code.InvalidArgument,
    message: [/^spec\.deployment\.canary\.steps: /, /at most 20 steps, got 21/],
  },
];

describe("api validation", () => {
  describe("CreateEnvironment rejects bad specs naming the field", () => {
    for (const c of cases) {
      it(c.what, async () => {
        const h = await createHarness();
        await expectCode(h.client.createEnvironment({ spec: c.spec }), c.code, ...c.message);
        // Nothing was written and the scheduler was not bothered.
        expect((await h.store.listEnvironments({ pageSize: 10, includeDeleted: true })).items).to.be.empty;
        expect(h.scheduler.pokes).to.be.empty;
      });
    }

    it("a missing spec", async () => {
      const h = await createHarness();
      await expectCode(h.client.createEnvironment({}), Code.InvalidArgument, /^spec: is required/);
    });
  });

  describe("accepts", () => {
    const good: [string, SpecInit][] = [
      ["the doc's name SomeEnvironment/Prod", SPEC],
      ["every allowed name character", { ...SPEC, name: "a-b_c.d/e:f@g+h=i0" }],
      ["a 255-character name", { ...SPEC, name: "n".repeat(255) }],
      ["a task definition ARN", { ...SPEC, taskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/log-daemon:3" }],
      ["an empty query (every instance)", { ...SPEC, instanceGroup: { query: "" } }],
      ["no instance group at all", { name: "x", taskDefinition: "x:1" }],
      ["the doc's list form", { ...SPEC, instanceGroup: { query: "attribute:stack in (prod, gamma)" } }],
      ["percentages at the bounds", dep({ configuration: { minHealthyPercent: 0, maxOverPercent: 100 } })],
      ["a cluster ARN", { ...SPEC, cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/prod" }],
      [
        "canary steps (the issue's example)",
        dep({ canary: { instances: "attribute:zone == a", steps: [{ percent: 25, bake: { seconds: 30n } }, { percent: 50, pause: true }] } }),
      ],
    ];
    for (const [what, spec] of good) {
      it(what, async () => {
        const h = await createHarness();
        const res = await h.client.createEnvironment({ spec });
        expect(res.environmentRevision).to.equal(1n);
      });
    }
  });

  describe("defaults", () => {
    it("fills cluster, type, method, percentages and timeouts", () => {
      const spec = specFromProto(create(EnvironmentSpecSchema, { name: "e", taskDefinition: "t:1" }));
      expect(spec).to.deep.equal({
        name: "e",
        taskDefinition: "t:1",
        cluster: "default",
        instanceGroupQuery: "",
        deployment: {
          type: "Daemon",
          method: "ReplaceThenTerminate",
          limits: { minHealthyPercent: 100, maxOverPercent: 25 },
          stuckTimeoutMs: 600_000,
          failingTimeoutMs: 300_000,
          missingTaskTimeoutMs: 300_000,
          soakTimeMs: 0,
        },
      });
    });

    it("MinHealthyPercent defaults by method; explicit values win; rollback fields stay partial", () => {
      const spec = specFromProto(
        create(EnvironmentSpecSchema, {
          name: "e",
          taskDefinition: "t:1",
          deployment: {
            method: DeploymentMethod.TERMINATE_THEN_REPLACE,
            configuration: { maxOverPercent: 0 },
            rollbackConfiguration: { method: DeploymentMethod.REPLACE_THEN_TERMINATE, configuration: { minHealthyPercent: 0 } },
            maxInstancesWithoutTask: 2,
            soakTime: { seconds: 1n, nanos: 500_000_000 },
          },
        }),
      );
      expect(spec.deployment.limits).to.deep.equal({ minHealthyPercent: 50, maxOverPercent: 0 });
      expect(spec.deployment.rollback).to.deep.equal({ method: "ReplaceThenTerminate", minHealthyPercent: 0 });
      expect(spec.deployment.maxInstancesWithoutTask).to.equal(2);
      expect(spec.deployment.soakTimeMs).to.equal(1500);
    });

    it("blank query is stored as empty", () => {
      const spec = specFromProto(create(EnvironmentSpecSchema, { name: "e", taskDefinition: "t:1", instanceGroup: { query: "   " } }));
      expect(spec.instanceGroupQuery).to.equal("");
    });

    it("durations: exactly 7 days is allowed, one nanosecond more is not", () => {
      expect(validateDuration({ seconds: 604800n, nanos: 0 } as never, "f", 0)).to.equal(604_800_000);
      expect(() => validateDuration({ seconds: 604800n, nanos: 1 } as never, "f", 0)).to.throw(/^\[invalid_argument\] f: /);
    });
  });

  describe("UpdateEnvironment", () => {
    const updateCases: { what: string; req: Record<string, unknown>; message: RegExp }[] = [
      { what: "no name", req: { baseRevision: 1n, taskDefinition: "x:2" }, message: /^environment_name: is required/ },
      { what: "no base revision", req: { environmentName: SPEC.name, taskDefinition: "x:2" }, message: /^base_revision: base_revision is required/ },
      { what: "nothing to change", req: { environmentName: SPEC.name, baseRevision: 1n }, message: /nothing to change/ },
      { what: "bad task definition", req: { environmentName: SPEC.name, baseRevision: 1n, taskDefinition: "x" }, message: /^task_definition: / },
      {
        what: "bad query",
        req: { environmentName: SPEC.name, baseRevision: 1n, instanceGroupQuery: "attribute:stack in (" },
        message: /^instance_group_query: .*position/,
      },
      {
        what: "bad percentage",
        req: { environmentName: SPEC.name, baseRevision: 1n, deployment: { configuration: { minHealthyPercent: 120 } } },
        message: /^deployment\.configuration\.min_healthy_percent: must be between 0 and 100, got 120$/,
      },
    ];
    for (const c of updateCases) {
      it(`rejects ${c.what} and writes nothing`, async () => {
        const h = await createHarness();
        await h.client.createEnvironment({ spec: SPEC });
        await expectCode(h.client.updateEnvironment(c.req), Code.InvalidArgument, c.message);
        expect((await h.store.getEnvironment(SPEC.name))!.latestRevision).to.equal(1);
      });
    }
  });
});

describe("canary steps round trip", () => {
  it("are stored and read back as given, with bake durations", async () => {
    const h = await createHarness();
    const canary = { instances: "attribute:zone == a", steps: [{ percent: 25, bake: { seconds: 30n } }, { percent: 50, pause: true }] };
    await h.client.createEnvironment({ spec: dep({ canary }) });
    const { revision } = await h.client.getEnvironmentRevision({ environmentName: SPEC.name });
    const got = revision!.spec!.deployment!.canary!;
    expect(got.instances).to.equal("attribute:zone == a");
    expect(got.steps.map((s) => ({ percent: s.percent, bake: Number(s.bake?.seconds ?? 0n), pause: s.pause }))).to.deep.equal([
      { percent: 25, bake: 30, pause: false },
      { percent: 50, bake: 0, pause: true },
    ]);
  });
});

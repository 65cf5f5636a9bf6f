// The actor label crossing the ECS API: the ECS backend's withActor view tags
// StartTask and suffixes StopTask reasons; the local endpoint records the
// label in the simulator's action log and serves that log at
// GET /_blox/action-log. In process, real SDK over real HTTP.

import type { ECSClient } from "@aws-sdk/client-ecs";
import { expect } from "chai";
import { TAG_ENVIRONMENT_ID, TAG_REVISION } from "../../server/domain/cluster.js";
import {
  TAG_ACTOR,
  actorFromStopReason,
  decodeActorTag,
  encodeActorTag,
  stopReasonWithActor,
} from "../../server/cluster/ecs/actor-label.js";
import { createEcsBackend } from "../../server/cluster/ecs/ecs-backend.js";
import { STOP_REASON_MAX } from "../../server/domain/task-naming.js";
import { ACTION_LOG_PATH, createEcsEndpoint, type EcsEndpoint } from "../../tools/ecs-endpoint/ecs-endpoint.js";
import { createSimulatedCluster, type ActionLogEntry, type SimulatedCluster } from "../../server/cluster/simulator/index.js";
import { createFakeClock } from "../support/fake-clock.js";
import { realEcsClient } from "./support/ecs-client.js";

describe("actor label over the ECS API", () => {
  describe("encoding", () => {
    const table: [label: string, tag: string][] = [
      ["r1#2", "r1=232"],
      ["blox-a.example:7@x#15", "blox-a.example:7@x=2315"],
      ["a=b#1", "a=3Db=231"],
      ["weird [label] ü#3", "weird =5Blabel=5D ü=233"],
      ["plain", "plain"],
    ];
    for (const [label, tag] of table) {
      it(`${JSON.stringify(label)} ⇄ tag value ${JSON.stringify(tag)}`, () => {
        expect(encodeActorTag(label)).to.equal(tag);
        expect(encodeActorTag(label)).to.match(/^[\p{L}\p{N} _.:/=+\-@]*$/u, "only characters ECS allows in tag values");
        expect(decodeActorTag(tag)).to.equal(label);
      });
    }

    it("stop reasons keep the label even when the reason is cut to ECS's 255 characters", () => {
      expect(stopReasonWithActor("Blox: E revision 1 replaced by 2", "r1#2")).to.equal("Blox: E revision 1 replaced by 2 [actor r1#2]");
      const long = stopReasonWithActor("x".repeat(400), "replica-with-a-long-name#12345");
      expect(Array.from(long).length).to.equal(STOP_REASON_MAX);
      expect(actorFromStopReason(long)).to.equal("replica-with-a-long-name#12345");
      expect(actorFromStopReason("Task stopped by the user")).to.equal(undefined);
      expect(actorFromStopReason("Essential container in task exited")).to.equal(undefined);
    });
  });

  describe("ECS backend → local endpoint → simulator action log", () => {
    let sim: SimulatedCluster;
    let endpoint: EcsEndpoint;
    let client: ECSClient;

    beforeEach(async () => {
      sim = createSimulatedCluster({
        clock: createFakeClock(),
        config: {
          clusters: [{ name: "default", instances: [{ count: 3, attributes: { stack: "prod" } }] }],
          latencies: { startMs: 10, stopMs: 10 },
          faults: [],
        },
      });
      endpoint = createEcsEndpoint({ cluster: sim });
      const url = await endpoint.listen(0);
      client = realEcsClient(url);
    });
    afterEach(async () => {
      client.destroy();
      await endpoint.close();
      await sim.close();
    });

    it("records the actor of each StartTask and StopTask; unlabelled calls have none; GET /_blox/action-log serves the log", async () => {
      const backend = createEcsBackend({ client, rateLimitPerSecond: 1000 });
      const instances = (await backend.listInstances("default")).map((i) => i.arn);
      const tags = { [TAG_ENVIRONMENT_ID]: "env-1", [TAG_REVISION]: "1" };
      const request = { cluster: "default", taskDefinition: "log-daemon:1", group: "g", startedBy: "blox-env-1", tags };

      const r1 = backend.withActor("r1#1");
      const started = await r1.startTasks({ ...request, containerInstanceArns: instances.slice(0, 2) });
      expect(started.started).to.have.length(2);
      const r2 = backend.withActor("r2#2");
      await r2.stopTask("default", started.started[0]!.arn, "Blox: E revision 1 replaced");
      await backend.startTasks({ ...request, containerInstanceArns: instances.slice(2) });

      const log = sim.actionLog();
      expect(log.map((e) => [e.action, e.actor])).to.deep.equal([
        ["startTasks", "r1#1"],
        ["stopTask", "r2#2"],
        ["startTasks", undefined],
      ]);
      // The label is a real tag on the task (auditable on real ECS too), encoded for ECS's charset.
      expect(sim.getTask("default", started.started[1]!.arn)?.tags[TAG_ACTOR]).to.equal("r1=231");
      expect(log[1]!.reason).to.equal("Blox: E revision 1 replaced [actor r2#2]");
      // The environment's tags are untouched by the label.
      expect(log[0]!.environmentId).to.equal("env-1");

      const res = await fetch(`${endpoint.url}${ACTION_LOG_PATH}`);
      expect(res.status).to.equal(200);
      const body = (await res.json()) as { entries: ActionLogEntry[] };
      expect(body.entries.map((e) => e.actor ?? null)).to.deep.equal(["r1#1", "r2#2", null]);
      expect(body.entries[0]!.result?.started).to.deep.equal(started.started.map((t) => t.arn));
    });
  });
});

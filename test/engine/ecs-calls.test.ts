// ECS call counts of a 100-instance rollout through the whole engine (real
// SDK, real HTTP, local endpoint), printed next to the lower bound:
// ceil(N/10) StartTask + N StopTask, plus the observation calls of each pass.

import { expect } from "chai";
import { formatEcsCounts, measureEcsRollout } from "./ecs-call-counts.js";

describe("engine: ECS calls of a 100-instance rollout", function () {
  this.timeout(60_000);

  for (const deployment of [
    { method: "TerminateThenReplace", minHealthyPercent: 60 },
    { method: "ReplaceThenTerminate", maxOverPercent: 25 },
  ] as const) {
    it(`${deployment.method}: StartTask and StopTask close to the lower bound, bounded polling`, async () => {
      const c = await measureEcsRollout({ instances: 100, deployment });
      console.log(formatEcsCounts(c).replace(/^/gm, "      "));
      expect(c.replaced).to.equal(100);
      expect(c.calls.StopTask, "one StopTask per replaced task").to.equal(100);
      // StartTask batches 10 instances; a wave that is not a multiple of 10
      // costs at most one partly filled call per pass.
      expect(c.calls.StartTask).to.be.at.least(c.lowerBound.StartTask);
      expect(c.calls.StartTask).to.be.at.most(c.lowerBound.StartTask + c.passes);
      // Per pass: ListContainerInstances + DescribeContainerInstances (1 page of
      // 100 each), ListTasks RUNNING + STOPPED, DescribeTasks in batches of 100
      // (stopped tasks are not described again), and DescribeTaskDefinition
      // once per task definition.
      expect(c.observationCallsPerPass).to.be.at.most(8);
      expect(c.calls.DescribeTaskDefinition ?? 0).to.be.at.most(1);
      expect(c.callsPerReplacedTask).to.be.below(2);
    });
  }
});

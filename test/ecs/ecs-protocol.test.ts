// The endpoint's wire protocol without the SDK: raw JSON 1.1 requests.

import { expect } from "chai";
import { request as httpRequest } from "node:http";
import { createEcsEndpoint, type EcsEndpoint } from "../../tools/ecs-endpoint/ecs-endpoint.js";
import { parseEcsSimArgs } from "../../tools/ecs-endpoint/main.js";
import { createSimulatedCluster, type SimulatedCluster } from "../../server/cluster/simulator/simulated-cluster.js";
import { createFakeClock, type FakeClock } from "../support/fake-clock.js";

const T = "AmazonEC2ContainerServiceV20141113.";

describe("ECS endpoint protocol (JSON 1.1)", () => {
  let clock: FakeClock;
  let sim: SimulatedCluster;
  let ep: EcsEndpoint;

  beforeEach(() => {
    clock = createFakeClock();
    sim = createSimulatedCluster({ clock });
    ep = createEcsEndpoint({ cluster: sim, clock });
  });
  afterEach(async () => {
    await ep.close();
    await sim.close();
  });

  async function call(action: string, input: unknown) {
    const res = await ep.handle(T + action, JSON.stringify(input));
    return { status: res.status, body: JSON.parse(res.body) as Record<string, any>, headers: res.headers };
  }

  const errorCases: [string, string, unknown, number, string, RegExp][] = [
    ["unknown cluster", "ListContainerInstances", { cluster: "nope" }, 400, "ClusterNotFoundException", /^Cluster not found\.$/],
    ["11 instances in StartTask", "StartTask", { taskDefinition: "a:1", containerInstances: Array.from({ length: 11 }, (_, i) => `ci${i}`) }, 400, "InvalidParameterException", /more than 10/],
    ["StartTask without instances", "StartTask", { taskDefinition: "a:1", containerInstances: [] }, 400, "InvalidParameterException", /empty/],
    ["StartTask without a task definition", "StartTask", { containerInstances: ["x"] }, 400, "InvalidParameterException", /taskDefinition/],
    ["startedBy of 37 chars", "StartTask", { taskDefinition: "a:1", containerInstances: ["x"], startedBy: "x".repeat(37) }, 400, "InvalidParameterException", /startedBy/],
    ["a tag with a bad character", "StartTask", { taskDefinition: "a:1", containerInstances: ["x"], tags: [{ key: "a*", value: "1" }] }, 400, "InvalidParameterException", /tags\[0\]/],
    ["a tag value with the aws: prefix", "StartTask", { taskDefinition: "a:1", containerInstances: ["x"], tags: [{ key: "k", value: "AWS:x" }] }, 400, "InvalidParameterException", /aws:/],
    ["startedBy with family", "ListTasks", { startedBy: "x", family: "a" }, 400, "InvalidParameterException", /startedBy/],
    ["a filter that does not parse", "ListContainerInstances", { filter: "attribute:stack ==" }, 400, "InvalidParameterException", /position/],
    ["maxResults over 100", "ListTasks", { maxResults: 101 }, 400, "InvalidParameterException", /maxResults/],
    ["a forged nextToken", "ListTasks", { nextToken: "garbage" }, 400, "InvalidParameterException", /nextToken/],
    ["a wrong field type", "DescribeTasks", { tasks: "t1" }, 400, "InvalidParameterException", /tasks/],
    ["101 tasks to describe", "DescribeTasks", { tasks: Array.from({ length: 101 }, (_, i) => `t${i}`) }, 400, "InvalidParameterException", /100/],
    ["stopping an unknown task", "StopTask", { task: "nope" }, 400, "InvalidParameterException", /not found/],
    ["an unknown action", "CreateService", {}, 400, "UnknownOperationException", /CreateService/],
  ];
  for (const [name, action, input, status, type, message] of errorCases) {
    it(`answers ${name} with ${type}`, async () => {
      const res = await call(action, input);
      expect(res.status).to.equal(status);
      expect(res.body.__type).to.equal(type);
      expect(res.body.message).to.match(message);
      expect(res.headers["content-type"]).to.equal("application/x-amz-json-1.1");
    });
  }

  it("measures tag keys and values in Unicode characters, as the ECS tag rules do", async () => {
    const [ci] = await sim.listInstances("default");
    const letter = "\u{1D400}"; // a letter outside the BMP: 1 character, 2 UTF-16 units
    const ok = await call("StartTask", { taskDefinition: "a:1", containerInstances: [ci!.arn], tags: [{ key: letter.repeat(128), value: letter.repeat(256) }] });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    const tooLong = await call("StartTask", { taskDefinition: "a:1", containerInstances: [ci!.arn], tags: [{ key: "k", value: letter.repeat(257) }] });
    expect(tooLong.body.__type).to.equal("InvalidParameterException");
  });

  it("rejects bodies that are not JSON objects and a missing target", async () => {
    expect(JSON.parse((await ep.handle(T + "ListClusters", "{")).body).__type).to.equal("SerializationException");
    expect(JSON.parse((await ep.handle(T + "ListClusters", "[1]")).body).__type).to.equal("SerializationException");
    expect((await ep.handle(undefined, "{}")).status).to.equal(400);
  });

  it("writes timestamps as epoch seconds and tags only with include TAGS", async () => {
    const [ci] = await sim.listInstances("default");
    const started = await call("StartTask", { taskDefinition: "log-daemon:1", containerInstances: [ci!.arn], startedBy: "blox-a", tags: [{ key: "k", value: "v" }] });
    expect(started.status).to.equal(200);
    const arn = started.body.tasks[0].taskArn as string;
    expect(started.body.tasks[0].createdAt).to.equal(clock.now() / 1000);
    const plain = await call("DescribeTasks", { tasks: [arn] });
    expect(plain.body.tasks[0].tags).to.equal(undefined);
    const tagged = await call("DescribeTasks", { tasks: [arn, "missing"], include: ["TAGS"] });
    expect(tagged.body.tasks[0].tags).to.deep.equal([{ key: "k", value: "v" }]);
    expect(tagged.body.failures).to.deep.equal([{ arn: "missing", reason: "MISSING" }]);
    // Task ids work where ARNs do.
    const byId = await call("DescribeTasks", { tasks: [arn.split("/").pop()] });
    expect(byId.body.tasks[0].taskArn).to.equal(arn);
    const described = await call("DescribeContainerInstances", { containerInstances: [ci!.arn] });
    expect(described.body.containerInstances[0].registeredAt).to.equal(ci!.registeredAt / 1000);
  });

  it("pages ListTasks and ListContainerInstances with opaque tokens, no duplicates or gaps", async () => {
    for (let i = 0; i < 17; i++) sim.addInstance("default", { attributes: { stack: "extra" } });
    const instances = (await sim.listInstances("default")).map((i) => i.arn);
    await sim.startTasks({ cluster: "default", taskDefinition: "a:1", containerInstanceArns: instances, group: "g", startedBy: "s", tags: {} });
    for (const [action, key, expected] of [
      ["ListContainerInstances", "containerInstanceArns", instances],
      ["ListTasks", "taskArns", sim.listAllTasks("default").map((t) => t.arn)],
    ] as const) {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const res = await call(action, { maxResults: 7, ...(token ? { nextToken: token } : {}) });
        seen.push(...res.body[key]);
        token = res.body.nextToken;
        pages++;
      } while (token);
      expect(pages).to.equal(Math.ceil(expected.length / 7));
      expect(seen.slice().sort()).to.deep.equal([...expected].sort());
    }
  });

  it("keeps paging stable while the list changes between pages: what stays listed is seen exactly once", async () => {
    for (let i = 0; i < 22; i++) sim.addInstance("default");
    const instances = (await sim.listInstances("default")).map((i) => i.arn);
    await sim.startTasks({ cluster: "default", taskDefinition: "a:1", containerInstanceArns: instances, group: "g", startedBy: "s", tags: {} });
    const first = await call("ListTasks", { maxResults: 7 });
    const page1 = first.body.taskArns as string[];
    // Tasks of the first page stop (they leave the RUNNING list), a new instance gets a task.
    for (const arn of page1.slice(0, 3)) await sim.stopTask("default", arn, "gone");
    const extra = sim.addInstance("default");
    await sim.startTasks({ cluster: "default", taskDefinition: "a:1", containerInstanceArns: [extra.arn], group: "g", startedBy: "s", tags: {} });
    const seen = [...page1];
    let token: string | undefined = first.body.nextToken;
    while (token) {
      const res = await call("ListTasks", { maxResults: 7, nextToken: token });
      seen.push(...res.body.taskArns);
      token = res.body.nextToken;
    }
    const stayed = sim.listAllTasks("default").filter((t) => t.desiredStatus === "RUNNING" && !page1.includes(t.arn) && t.containerInstanceArn !== extra.arn);
    for (const t of stayed) expect(seen.filter((a) => a === t.arn), t.arn).to.have.length(1);
    expect(new Set(seen).size).to.equal(seen.length);

    // Same for container instances leaving between pages.
    const ciFirst = await call("ListContainerInstances", { maxResults: 5 });
    const ciPage1 = ciFirst.body.containerInstanceArns as string[];
    for (const arn of ciPage1.slice(0, 2)) sim.removeInstance("default", arn);
    const ciSeen = [...ciPage1];
    token = ciFirst.body.nextToken;
    while (token) {
      const res = await call("ListContainerInstances", { maxResults: 5, nextToken: token });
      ciSeen.push(...res.body.containerInstanceArns);
      token = res.body.nextToken;
    }
    const ciStayed = (await sim.listInstances("default")).map((i) => i.arn);
    for (const arn of ciStayed) expect(ciSeen.filter((a) => a === arn), arn).to.have.length(1);
  });

  it("ListTasks filters by desiredStatus, startedBy, family and containerInstance", async () => {
    const [a, b] = await sim.listInstances("default");
    await sim.startTasks({ cluster: "default", taskDefinition: "x:1", containerInstanceArns: [a!.arn], group: "g", startedBy: "one", tags: {} });
    const r = await sim.startTasks({ cluster: "default", taskDefinition: "y:1", containerInstanceArns: [b!.arn], group: "g", startedBy: "two", tags: {} });
    await sim.stopTask("default", r.started[0]!.arn, "bye");
    const list = async (input: object) => (await call("ListTasks", input)).body.taskArns as string[];
    expect(await list({})).to.have.length(1);
    expect(await list({ desiredStatus: "STOPPED" })).to.deep.equal([r.started[0]!.arn]);
    expect(await list({ startedBy: "two" })).to.deep.equal([]);
    expect(await list({ startedBy: "two", desiredStatus: "STOPPED" })).to.have.length(1);
    // ECS never sets a desired status of PENDING: accepted, and always empty (the task of "one" is PENDING).
    expect(sim.getTask("default", (await list({}))[0]!)!.lastStatus).to.equal("PENDING");
    expect(await list({ desiredStatus: "PENDING" })).to.deep.equal([]);
    expect(await list({ family: "x" })).to.have.length(1);
    expect(await list({ family: "y" })).to.have.length(0);
    expect(await list({ containerInstance: a!.arn.split("/").pop() })).to.have.length(1);
  });

  it("throttles at a configured rate on its clock", async () => {
    ep.setThrottle({ rate: 2, burst: 2 });
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call("ListClusters", {})).body.__type ?? "ok");
    expect(statuses).to.deep.equal(["ok", "ok", "ThrottlingException", "ThrottlingException"]);
    clock.advance(500);
    expect((await call("ListClusters", {})).body.__type).to.equal(undefined);
    expect(ep.throttledCounts()).to.deep.equal({ ListClusters: 2 });
  });

  it("serves over HTTP and answers non-POST with 404", async () => {
    const url = await ep.listen(0);
    const get = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(url, { method: "GET" }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(get).to.equal(404);
  });
});

describe("ecs-sim command line", () => {
  const ok: [string[], object][] = [
    [[], { host: "127.0.0.1", port: 4566 }],
    [["--listen", "127.0.0.1:0"], { host: "127.0.0.1", port: 0 }],
    [["--listen=0.0.0.0:4566", "--sim-config", "x.yaml"], { host: "0.0.0.0", port: 4566, simConfig: "x.yaml" }],
    [["--listen", "[::1]:9"], { host: "::1", port: 9 }],
    [["--throttle-every", "3"], { host: "127.0.0.1", port: 4566, throttle: { everyNth: 3 } }],
  ];
  for (const [argv, expected] of ok) {
    it(`parses ${argv.join(" ") || "(nothing)"}`, () => expect(parseEcsSimArgs(argv)).to.deep.equal(expected));
  }
  const bad: [string[], RegExp][] = [
    [["--listen"], /--listen: a value is required/],
    [["--listen", "localhost"], /--listen: expected HOST:PORT/],
    [["--listen", "1.2.3.4:70000"], /--listen/],
    [["--throttle-rate", "-1"], /--throttle-rate: must be a positive number/],
    [["--frobnicate"], /unknown argument '--frobnicate'/],
  ];
  for (const [argv, message] of bad) {
    it(`rejects ${argv.join(" ")}`, () => expect(() => parseEcsSimArgs(argv)).to.throw(message));
  }
});

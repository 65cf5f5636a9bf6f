import { expect } from "chai";
import { fileURLToPath } from "node:url";
import { cycles, describeCycle, folderGraph, nodeOf, scanImports, type ImportEdge } from "./import-graph.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("import graph of server/, client/ and shared/", function () {
  const scan = scanImports(root, ["server", "client", "shared"]);
  const graph = folderGraph(scan.edges);

  it("reads the sources and resolves every relative import", function () {
    expect(scan.files, "source files found").to.be.greaterThan(100);
    expect(scan.edges.length, "imports found").to.be.greaterThan(300);
    expect(scan.unresolved).to.deep.equal([]);
  });

  it("has no cycle of folders (top-level files of server/ count as folders of their own)", function () {
    const found = cycles(graph);
    expect(found.map((c) => describeCycle(graph, c)), "folders importing each other").to.deep.equal([]);
  });

  it("keeps the planner free of cluster/ (it plans from domain/ types only)", function () {
    const offending = scan.edges.filter((e) => nodeOf(e.from) === "server/planner" && nodeOf(e.to) === "server/cluster");
    expect(offending.map((e) => `${e.from} imports ${e.to}`)).to.deep.equal([]);
  });

  it("keeps the query language free of cluster/", function () {
    const offending = scan.edges.filter((e) => nodeOf(e.from) === "server/query" && nodeOf(e.to) === "server/cluster");
    expect(offending.map((e) => `${e.from} imports ${e.to}`)).to.deep.equal([]);
  });

  it("reaches the ECS backend and the simulator only from the composition root (app.ts, config.ts) and cluster/ itself", function () {
    const backends = /^server\/cluster\/(ecs|simulator)\//;
    const allowed = new Set(["server/app.ts", "server/config.ts", "server/cluster"]);
    const offending = scan.edges.filter((e) => backends.test(e.to) && !allowed.has(nodeOf(e.from)));
    expect(offending.map((e) => `${e.from} imports ${e.to}`)).to.deep.equal([]);
  });

  describe("the checks themselves", function () {
    const edge = (from: string, to: string): ImportEdge => ({ from, to });

    it("makes folders one level under the top the nodes, and top-level files nodes of their own", function () {
      expect(nodeOf("server/store/mongo-store.ts")).to.equal("server/store");
      expect(nodeOf("server/cluster/simulator/index.ts")).to.equal("server/cluster");
      expect(nodeOf("server/app.ts")).to.equal("server/app.ts");
      expect(nodeOf("client/web/src/main.tsx")).to.equal("client/web");
    });

    it("finds a two-folder cycle and a longer one, and no cycle inside one folder", function () {
      const g = folderGraph([
        edge("server/api/a.ts", "server/transport/b.ts"),
        edge("server/transport/c.ts", "server/api/d.ts"),
        edge("server/x/a.ts", "server/y/a.ts"),
        edge("server/y/b.ts", "server/z/a.ts"),
        edge("server/z/b.ts", "server/x/c.ts"),
        edge("server/store/a.ts", "server/store/b.ts"),
        edge("server/store/b.ts", "server/store/a.ts"),
        edge("server/app.ts", "server/store/a.ts"),
      ]);
      expect(cycles(g)).to.deep.equal([
        ["server/api", "server/transport"],
        ["server/x", "server/y", "server/z"],
      ]);
      expect(describeCycle(g, ["server/api", "server/transport"])).to.include("server/transport/c.ts imports server/api/d.ts");
    });

    it("sees type-only imports", function () {
      const edges = scanImports(root, ["server"]).edges;
      // server/store/store.ts imports domain types only with `import type`.
      expect(edges.some((e) => e.from === "server/store/store.ts" && e.to.startsWith("server/domain/"))).to.equal(true);
    });
  });
});

import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStaticUi, routeUiPath } from "../../server/transport/static-ui.js";

describe("static UI at /ui/", () => {
  let root: string;
  let server: http.Server;
  let base: string;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), "blox-ui-"));
    mkdirSync(join(root, "assets"));
    writeFileSync(join(root, "index.html"), "<!doctype html><p>app</p>");
    writeFileSync(join(root, "assets", "app-ABC123.js"), "console.log(1)");
    writeFileSync(join(root, "secret.txt"), "secret");
    const ui = createStaticUi({ root });
    server = http.createServer((req, res) => {
      if (!ui.handle(req, res)) res.writeHead(418).end("not ui");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("answers the app for the list and for an environment's deep link, not cached", async () => {
    for (const path of ["/ui/", "/ui/environments/SomeEnvironment%2FProd"]) {
      const res = await fetch(base + path);
      expect(res.status, path).to.equal(200);
      expect(res.headers.get("content-type")).to.equal("text/html; charset=utf-8");
      expect(res.headers.get("cache-control")).to.equal("no-cache");
      expect(await res.text()).to.contain("<p>app</p>");
    }
  });

  it("serves hashed assets with their content type, cached for good", async () => {
    const res = await fetch(`${base}/ui/assets/app-ABC123.js`);
    expect(res.status).to.equal(200);
    expect(res.headers.get("content-type")).to.equal("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).to.contain("immutable");
    expect(await res.text()).to.equal("console.log(1)");
  });

  it("404s unknown assets and refuses path traversal", async () => {
    for (const path of ["/ui/assets/nope-1.js", "/ui/assets/..%2Fsecret.txt", "/ui/assets/%2e%2e%2fsecret.txt", "/ui/assets/.hidden.js", "/ui/other"]) {
      const res = await fetch(base + path);
      expect(res.status, path).to.equal(404);
      expect(await res.text()).to.not.contain("secret");
    }
    expect(routeUiPath("/ui/../secret.txt")).to.deep.equal({ kind: "not-found" });
  });

  it("redirects /ui to /ui/, refuses other methods, leaves other paths alone", async () => {
    const r = await fetch(`${base}/ui`, { redirect: "manual" });
    expect(r.status).to.equal(308);
    expect(r.headers.get("location")).to.equal("/ui/");
    const post = await fetch(`${base}/ui/`, { method: "POST", body: "x" });
    expect(post.status).to.equal(405);
    expect((await fetch(`${base}/blox.v1.EnvironmentService/ListEnvironments`)).status).to.equal(418);
  });
});

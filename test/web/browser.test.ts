// The dashboard in a real browser (system chromium via puppeteer-core)
// against a real server process on the simulator: a rollout moves live in
// the grid, Freeze works from the page, the bad states are shown, and a
// 1,000-instance rollout is measured for frame time (reported, not asserted).
// Grid state is read from the page's own DOM data (the instance list of the
// grid, data-tasks per instance), never from private endpoints.

import { expect } from "chai";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "puppeteer-core";
import { buildUi } from "../../client/web/build.js";
import { createBloxClient } from "../../client/client.js";
import { EnvironmentStatus } from "../../gen/blox/v1/environment_pb.js";
import { launchBrowser, requireChromium } from "../support/browser.js";
import { DOC_YAML } from "../support/doc-spec.js";
import { pollUntil, REPO, runCli, startServerProcess, stopAllProcesses, type ServerProcess } from "../support/server-process.js";

const ENV = "SomeEnvironment/Prod";
/** The test output folder (gitignored): screenshots and figures. */
const OUTPUT = join(REPO, "test-output");

interface Recorded {
  /** [instance, data-tasks] each time a cell changed, in order. */
  grid: [string, string][];
  /** "testid|text" of every banner that appeared. */
  banners: string[];
}

/** Installed before the app loads: records every grid-cell change and every banner the page shows. */
function recorder() {
  const w = window as unknown as { __blox: Recorded };
  w.__blox = { grid: [], banners: [] };
  const cells = new Map<string, string>();
  const banners = new Set<string>();
  new MutationObserver(() => {
    for (const li of document.querySelectorAll<HTMLElement>("[data-testid=instance-list] li[data-instance]")) {
      const key = li.dataset.instance!;
      const tasks = li.dataset.tasks ?? "";
      if (cells.get(key) !== tasks) {
        cells.set(key, tasks);
        w.__blox.grid.push([key, tasks]);
      }
    }
    for (const b of document.querySelectorAll<HTMLElement>(".banner[data-testid]")) {
      const entry = `${b.dataset.testid}|${b.textContent ?? ""}`;
      if (!banners.has(entry)) {
        banners.add(entry);
        w.__blox.banners.push(entry);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

async function recorded(page: Page): Promise<Recorded> {
  return page.evaluate(() => (window as unknown as { __blox: Recorded }).__blox);
}

/** data-tasks of every instance in the environment's group, by instance. */
async function memberCells(page: Page): Promise<Map<string, string>> {
  const rows = await page.$$eval("[data-testid=instance-list] li[data-instance]", (lis) =>
    lis.filter((li) => (li as HTMLElement).dataset.membership !== "outside").map((li) => [(li as HTMLElement).dataset.instance!, (li as HTMLElement).dataset.tasks ?? ""] as const),
  );
  return new Map(rows);
}

async function text(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => el.textContent ?? "");
}

describe("dashboard in a real browser (chromium)", function () {
  this.timeout(180_000);
  let chromium: string;
  let browser: Browser;

  before(async function () {
    chromium = requireChromium(() => this.skip());
    // Serve what the source says now, not a stale bundle.
    await buildUi();
    mkdirSync(OUTPUT, { recursive: true });
    browser = await launchBrowser(chromium);
  });
  after(async () => {
    await browser?.close();
    await stopAllProcesses();
  });

  describe("a rollout on 5 instances", function () {
    this.bail(true);
    let server: ServerProcess;
    let page: Page;
    const cli = async (args: string[], input?: string) => {
      const r = await runCli(server.endpoint, args, input);
      expect(r.code, `blox ${args.join(" ")}: ${r.stderr}${r.stdout}`).to.equal(0);
      return r.stdout;
    };

    before(async () => {
      server = await startServerProcess({
        simConfig: {
          clusters: [{ name: "default", instances: [{ count: 5, attributes: { stack: "prod" } }, { count: 3, attributes: { stack: "gamma" } }] }],
          // Slow enough starts that "pending" is on screen for a while.
          latencies: { start: "1500ms", stop: "300ms" },
        },
      });
      page = await browser.newPage();
      await page.evaluateOnNewDocument(recorder);
    });
    after(async () => {
      await page?.close();
      await server?.stop();
    });

    it("the list at /ui/ shows the environment created through the CLI, and its link opens the environment page", async () => {
      await cli(["create-environment", "--yaml-file"], DOC_YAML);
      await page.goto(`${server.endpoint}/ui/`);
      const row = `tr[data-environment="${ENV}"]`;
      await page.waitForSelector(row);
      expect(await text(page, row)).to.contain("Created");
      await page.click(`${row} a`);
      await page.waitForSelector("section[data-stream=live]");
      expect(new URL(page.url()).pathname).to.equal(`/ui/environments/${encodeURIComponent(ENV)}`);
      await pollUntil("5 instances in the grid", async () => (await memberCells(page)).size === 5);
      expect([...(await memberCells(page)).values()]).to.deep.equal(["", "", "", "", ""]);
    });

    it("deploy 1 through the CLI: every instance's cell goes from pending to running, live", async () => {
      await cli(["deploy-environment", "--environment", ENV, "--revision", "1"]);
      const members = await pollUntil("all 5 cells v1:running", async () => {
        const cells = await memberCells(page);
        return [...cells.values()].every((t) => t === "v1:running") ? cells : undefined;
      });
      const history = (await recorded(page)).grid;
      for (const key of members.keys()) {
        const states = history.filter(([k]) => k === key).map(([, t]) => t);
        expect(states, key).to.include("v1:pending");
        expect(states.indexOf("v1:pending"), key).to.be.lessThan(states.indexOf("v1:running"));
      }
      await page.waitForFunction(() => document.querySelector("[data-testid=environment-status]")?.textContent?.includes("Active"));
    });

    it("deploy 2 through the CLI: a screenshot mid-rollout (v1 running, v2 pending) goes to test-output/dashboard.png", async () => {
      await cli(["update-environment", "--environment", ENV, "--base-revision", "1", "--task-definition", "log-daemon:2"]);
      await cli(["deploy-environment", "--environment", ENV, "--revision", "2"]);
      await pollUntil("a cell with a v2 task pending next to v1 running", async () => [...(await memberCells(page)).values()].some((t) => t === "v1:running v2:pending"), 30_000, 20);
      await page.waitForFunction(() => document.querySelector("[data-testid=environment-status]")?.textContent?.includes("Deploying"));
      const shot = join(OUTPUT, "dashboard.png");
      writeFileSync(shot, await page.screenshot({ fullPage: true }));
      process.stdout.write(`      screenshot: ${shot}\n`);
    });

    it("clicking Freeze turns the status Frozen in the page and through the API", async () => {
      const [freeze] = await page.$$("xpath/.//button[contains(., 'Freeze')]");
      expect(freeze, "a Freeze button").to.not.equal(undefined);
      await freeze!.click();
      await page.waitForFunction(() => document.querySelector("[data-testid=environment-status]")?.textContent?.includes("Frozen"));
      const { status } = await createBloxClient({ endpoint: server.endpoint }).describeEnvironmentStatus({ environmentName: ENV });
      expect(status?.frozen).to.equal(true);
      expect(status?.status).to.equal(EnvironmentStatus.FROZEN);
      await page.waitForSelector("xpath/.//button[contains(., 'Thaw')]");
    });

    it("the server going away: the page says the server ended the stream, then that it is unreachable (retrying with backoff), then is live again", async () => {
      await server.stop();
      await page.waitForSelector("[data-testid=unreachable]");
      // A second failed attempt: the delay grows.
      await pollUntil("attempt 2 of the reconnect", async () => (await recorded(page)).banners.some((b) => b.startsWith("unreachable|") && b.includes("(attempt 2)")), 30_000);
      const banners = (await recorded(page)).banners;
      const ended = banners.find((b) => b.startsWith("stream-ended|"));
      expect(ended, banners.join("\n")).to.match(/The server ended the live stream: .*shutting down/);
      const unreachable = banners.filter((b) => b.startsWith("unreachable|"));
      expect(unreachable[0]).to.match(/Server unreachable: .+\. Reconnecting in \d+\.\d s \(attempt 1\)/);
      await server.restart({ samePort: true });
      await page.waitForSelector("section[data-stream=live]", { timeout: 60_000 });
      expect(await page.$("[data-testid=unreachable]")).to.equal(null);
      expect(await text(page, "[data-testid=environment-status]")).to.contain("Frozen");
    });

    it("the environment deleted while the page is open: a banner says so and the actions are disabled", async () => {
      await cli(["delete-environment", "--name", ENV]);
      await page.waitForSelector("[data-testid=deleted]");
      expect(await text(page, "[data-testid=deleted]")).to.contain("This environment was deleted");
      const enabled = await page.$$eval(".actions button", (bs) => bs.filter((b) => !(b as HTMLButtonElement).disabled).length);
      expect(enabled).to.equal(0);
    });

    it("an environment that does not exist: the page says so (NOT_FOUND, the server's text)", async () => {
      await page.goto(`${server.endpoint}/ui/environments/${encodeURIComponent("No/Such")}`);
      await page.waitForSelector("[data-testid=gone]");
      expect(await text(page, "[data-testid=gone]")).to.match(/No\/Such does not exist \(any more\): .*No\/Such/);
    });

    it("the list with the server down: a banner with the retry countdown", async () => {
      await page.goto(`${server.endpoint}/ui/`);
      await page.waitForSelector(`tr[data-environment="${ENV}"]`);
      await server.stop();
      await page.waitForSelector("[data-testid=unreachable]");
      expect(await text(page, "[data-testid=unreachable]")).to.match(/Server unreachable or failing: .+\. Retrying in \d+\.\d s \(attempt 1\)/);
    });
  });
});

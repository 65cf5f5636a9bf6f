import { expect } from "chai";
import { parseDurationMs } from "../../client/duration.js";
import { parseDurationText } from "../../server/duration.js";
import { formatDurationMs, parseDuration } from "../../shared/duration.js";

// One grammar: the server's settings, the simulator's config, the spec YAML and
// the CLI read the same texts the same way.
describe("shared duration grammar", () => {
  const good: [string, number][] = [
    ["0", 0], ["0s", 0], ["500ms", 500], ["30s", 30_000], ["10m", 600_000], ["24h", 86_400_000],
    ["1h30m", 5_400_000], ["1.5s", 1_500], ["90d", 90 * 86_400_000], [" 5s ", 5_000], ["2m30s100ms", 150_100],
  ];
  for (const [text, ms] of good) {
    it(`reads ${JSON.stringify(text)} as ${ms} ms on the server and in the client`, () => {
      expect(parseDuration(text)).to.deep.equal({ ok: true, ms });
      expect(parseDurationText(text)).to.equal(ms);
      expect(parseDurationMs(text)).to.equal(ms);
    });
  }

  const bad: [string, RegExp][] = [
    ["", /^empty duration/],
    ["10", /^invalid duration "10"/],
    ["5 s", /^invalid duration/],
    ["5sec", /^invalid duration/],
    ["1e3ms", /^invalid duration/],
    ["-5s", /^negative duration "-5s"/],
    [`${"9".repeat(20)}d`, /is too large$/],
  ];
  for (const [text, problem] of bad) {
    it(`refuses ${JSON.stringify(text)} on both sides, saying why`, () => {
      const parsed = parseDuration(text);
      expect(parsed.ok).to.equal(false);
      expect(parsed.ok ? "" : parsed.problem).to.match(problem);
      expect(parseDurationText(text)).to.equal(undefined);
      expect(() => parseDurationMs(text)).to.throw(problem);
    });
  }

  it("formats what it reads back", () => {
    for (const ms of [0, 1, 999, 1_000, 61_000, 5_400_000, 90 * 86_400_000]) expect(parseDurationMs(formatDurationMs(ms))).to.equal(ms);
  });
});

import { choiceFlag, durationFlag, environmentName, intFlag, NAME_OPTIONS } from "../args.js";
import type { Command } from "../context.js";
import { EXIT } from "../exit-codes.js";
import { formatDurationMs } from "../../duration.js";
import { initialWaitState, stepWait, WAIT_UNTIL, type WaitOptions } from "../wait.js";
import { UsageError } from "../usage-error.js";
import { connectionLostExit, describeError, watchWithReconnect } from "../watch-stream.js";

const NAME = "wait-environment";
const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const MAX_TIMEOUT_MS = 24 * 86_400_000;

export const waitEnvironment: Command = {
  name: NAME,
  summary: "wait until the target revision is Active (for deploy pipelines)",
  usage: "--environment-name NAME [--until Active|Deleted] [--revision N] [--timeout 10m] [--quiet]",
  details: `Streams WatchEnvironmentStatus and exits as soon as the outcome is known:
  0  the awaited revision (--revision, else the target when the wait starts) is
     the target and Active; with --until Deleted: the environment is Deleted
  3  the environment became Failing          4  a revision became Stuck
  5  --timeout passed (default 10m)          6  connection lost (reconnects failed,
                                                or the timeout passed while reconnecting)
  7  the target moved to another revision, or the environment is being deleted
A frozen environment is waited on (until --timeout). Progress goes to stderr
(--quiet silences it); the final line to stdout on success, stderr otherwise.`,
  options: {
    ...NAME_OPTIONS,
    until: { type: "string", valueName: "STATE", description: "Active (default) | Deleted" },
    revision: { type: "string", valueName: "N", description: "the revision to wait for (default: the current target)" },
    timeout: { type: "string", valueName: "D", description: 'give up after this long, e.g. "10m" (default 10m, at most 576h)' },
    quiet: { type: "boolean", short: "q", description: "no progress lines" },
  },
  async run(ctx) {
    const v = ctx.values;
    const name = environmentName(v, "environment-name", NAME);
    const until = choiceFlag(v, "until", NAME, WAIT_UNTIL) ?? "Active";
    const revision = intFlag(v, "revision", NAME, { min: 1 });
    const timeoutMs = durationFlag(v, "timeout", NAME) ?? DEFAULT_TIMEOUT_MS;
    if (timeoutMs <= 0) throw new UsageError(`--timeout: must be more than 0, got ${JSON.stringify(v.timeout)}`, NAME);
    // A Node timer holds at most 2^31-1 ms; beyond that it would fire at once.
    if (timeoutMs > MAX_TIMEOUT_MS) {
      throw new UsageError(`--timeout: must be at most 24 days (576h), got ${JSON.stringify(v.timeout)}`, NAME);
    }
    const opts: WaitOptions = { until, ...(revision !== undefined ? { revision: BigInt(revision) } : {}) };

    const stop = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stop.abort();
    }, timeoutMs);
    const onInterrupt = () => stop.abort();
    ctx.io.interrupt?.addEventListener("abort", onInterrupt, { once: true });

    let state = initialWaitState(opts);
    let connected = false;
    let lastError: unknown;
    try {
      for await (const msg of watchWithReconnect(ctx.client(), {
        environmentName: name,
        all: false,
        signal: stop.signal,
        onReconnecting: (attempt, error) => {
          const what = connected ? "connection dropped, reconnecting" : "no connection, retrying";
          connected = false;
          lastError = error;
          if (!v.quiet) ctx.err(`blox: ${what} (attempt ${attempt}): ${describeError(error)}`);
        },
      })) {
        connected = true;
        const step = stepWait(opts, state, msg);
        state = step.state;
        if (step.done) {
          if (step.exitCode === EXIT.OK) ctx.out(step.message);
          else ctx.err(`blox: ${step.message}`);
          return step.exitCode;
        }
        if (step.progress && !v.quiet) ctx.err(step.progress);
      }
      if (!timedOut) {
        ctx.err("blox: interrupted");
        return EXIT.INTERRUPTED;
      }
      if (!connected) {
        ctx.err(
          `blox: connection lost: no connection to the server when the ${formatDurationMs(timeoutMs)} timeout passed${lastError ? ` (${describeError(lastError)})` : ""}`,
        );
        return EXIT.CONNECTION_LOST;
      }
      ctx.err(`blox: timed out after ${formatDurationMs(timeoutMs)}${state.lastProgress ? `; last status: ${state.lastProgress}` : ""}`);
      return EXIT.TIMEOUT;
    } catch (e) {
      return connectionLostExit(e, (line) => ctx.err(line));
    } finally {
      clearTimeout(timer);
      ctx.io.interrupt?.removeEventListener("abort", onInterrupt);
    }
  },
};

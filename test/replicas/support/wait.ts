// Polling waits for tests that observe other processes (no shared clock to fake).

/**
 * Calls `probe` every `intervalMs` until `done(value)` holds; resolves to that
 * value. Fails after `timeoutMs` with `what` and the last value (or error) seen.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  what: string,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: { value?: T; error?: unknown } = {};
  for (;;) {
    try {
      const value = await probe();
      last = { value };
      if (done(value)) return value;
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) {
      const seen = "error" in last && last.error !== undefined ? `error ${String(last.error)}` : `last value ${describe(last.value)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${seen})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function describe(v: unknown): string {
  try {
    return JSON.stringify(v, (_, x) => (typeof x === "bigint" ? x.toString() : x))?.slice(0, 500) ?? String(v);
  } catch {
    return String(v);
  }
}

// Value helpers shared by the parser (validation) and the evaluator.

const patternCache = new Map<string, RegExp>();

/**
 * Compiles an `=~` pattern: a regular expression that must match the whole
 * value (`g2.*` matches `g2.2xlarge`). A pattern that is not a valid regular
 * expression but uses `*` is read as a shell-style wildcard (`*.large`).
 * @throws Error when it is neither.
 */
export function compilePattern(pattern: string): RegExp {
  const cached = patternCache.get(pattern);
  if (cached) return cached;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`, "u");
  } catch (e) {
    try {
      // ECS patterns are Java regexes, which may escape any punctuation
      // (`us\-east\-1.*`); JavaScript allows that only outside unicode mode.
      re = new RegExp(`^(?:${pattern})$`);
    } catch {
      if (!pattern.includes("*")) throw new Error((e as Error).message.replace(/^Invalid regular expression: /, ""));
      const glob = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
      re = new RegExp(`^${glob}$`, "u");
    }
  }
  if (patternCache.size > 1000) patternCache.clear();
  patternCache.set(pattern, re);
  return re;
}

/** Epoch ms of a `registeredAt` value (`2018-06-01`, ISO 8601 date-time, UTC unless a zone is given), or undefined. */
export function parseDateValue(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0", zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), Number(frac.padEnd(3, "0")));
  if (new Date(ms).getUTCDate() !== day) return undefined; // 2018-02-30
  if (zone && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}

/** Orders dotted versions numerically (1.9.0 < 1.80.0); non-numeric parts compare as strings. */
export function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/i, "").split(/[.-]/);
  const pb = b.replace(/^v/i, "").split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "0";
    const y = pb[i] ?? "0";
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    const c = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return Math.sign(c);
  }
  return 0;
}

/** Numeric comparison when both sides are numbers, otherwise string order. */
export function compareLoose(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (a.trim() !== "" && b.trim() !== "" && Number.isFinite(na) && Number.isFinite(nb)) return Math.sign(na - nb);
  return a < b ? -1 : a > b ? 1 : 0;
}

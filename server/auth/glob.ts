// Environment-name globs of a principal's scope: `*` is any run of characters
// (including `/`), `?` one character; everything else is literal.

/** Compiles a glob to an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (const ch of glob) {
    if (ch === "*") source += ".*";
    else if (ch === "?") source += ".";
    else source += ch.replace(/[.+^${}()|[\]\\/-]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "su");
}

/** True when `name` matches at least one glob. */
export function matchesAny(globs: readonly RegExp[], name: string): boolean {
  return globs.some((g) => g.test(name));
}

// The principals file (BLOX_AUTH_FILE): YAML, validated whole, so that a typo is
// reported with its line and field and never half-applied.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { globToRegExp } from "./glob.js";
import { normalizeSubject, type Principal } from "./principal.js";
import { isRole, ROLES, type Role } from "./roles.js";

/** A bad principals file; the message names the file, the line and the field. */
export class PrincipalsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PrincipalsFileError";
  }
}

const PRINCIPAL_KEYS = ["name", "tokenSha256", "certSubject", "roles", "environments"];
const NAME = /^[A-Za-z0-9._@:+=-]{1,128}$/;

/** Reads and parses the file; throws PrincipalsFileError. */
export function loadPrincipalsFile(path: string): Principal[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new PrincipalsFileError(`${path}: cannot read the principals file: ${(err as Error).message}`);
  }
  return parsePrincipals(text, path);
}

/** Parses principals YAML; `source` prefixes every error message. */
export function parsePrincipals(text: string, source = "principals"): Principal[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  const at = (node: Node | null | undefined, fallback?: Node | null) => {
    const range = node?.range ?? fallback?.range;
    return range ? `line ${lines.linePos(range[0]).line}` : "line 1";
  };
  const fail = (node: Node | null | undefined, field: string, problem: string, fallback?: Node | null): never => {
    throw new PrincipalsFileError(`${source}: ${at(node, fallback)}: ${field}: ${problem}`);
  };
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    throw new PrincipalsFileError(`${source}: line ${lines.linePos(err.pos[0]).line}: ${err.message.split("\n")[0]}`);
  }
  const root = doc.contents;
  if (!isMap(root)) return fail(root, "(top level)", "must be a mapping with a `principals` list");
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    if (key !== "principals") fail(pair.key as Node, key || "(key)", "unknown key (expected: principals)");
  }
  const list = root.get("principals", true) as Node | undefined;
  if (!isSeq(list)) return fail(list, "principals", "must be a list of principals", root);

  const principals: Principal[] = [];
  const names = new Set<string>();
  const tokens = new Map<string, string>();
  const subjects = new Map<string, string>();
  list.items.forEach((item, i) => {
    const path = `principals[${i}]`;
    if (!isMap(item)) return fail(item as Node, path, "must be a mapping (name, tokenSha256 or certSubject, roles, environments)", list);
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (!PRINCIPAL_KEYS.includes(key)) fail(pair.key as Node, `${path}.${key}`, `unknown key (expected one of: ${PRINCIPAL_KEYS.join(", ")})`);
    }
    const field = (key: string) => item.get(key, true) as Node | undefined;
    const string = (key: string): string | undefined => {
      const node = field(key);
      if (node === undefined) return undefined;
      if (!isScalar(node) || typeof node.value !== "string" || node.value.trim() === "") {
        return fail(node, `${path}.${key}`, "must be a non-empty string", item);
      }
      return node.value.trim();
    };
    const stringList = (key: string): string[] | undefined => {
      const node = field(key);
      if (node === undefined) return undefined;
      if (!isSeq(node)) return fail(node, `${path}.${key}`, "must be a list of strings", item);
      return node.items.map((v, j) => {
        if (!isScalar(v) || typeof v.value !== "string" || v.value === "") return fail(v as Node, `${path}.${key}[${j}]`, "must be a non-empty string", node);
        return v.value;
      });
    };

    const name = string("name") ?? fail(item, `${path}.name`, "is required");
    if (!NAME.test(name)) fail(field("name"), `${path}.name`, `${JSON.stringify(name)}: use 1..128 letters, digits and ._@:+=-`);
    if (names.has(name)) fail(field("name"), `${path}.name`, `duplicate principal name ${JSON.stringify(name)}`);
    names.add(name);

    const principal: Principal = { name, roles: [], environments: ["*"] };
    const token = string("tokenSha256");
    if (token !== undefined) {
      if (!/^[0-9a-fA-F]{64}$/.test(token)) {
        fail(field("tokenSha256"), `${path}.tokenSha256`, "must be the 64 hex digits of sha256(token), e.g. `printf %s TOKEN | sha256sum`");
      }
      const hex = token.toLowerCase();
      const other = tokens.get(hex);
      if (other) fail(field("tokenSha256"), `${path}.tokenSha256`, `the same token as principal ${JSON.stringify(other)}`);
      tokens.set(hex, name);
      principal.tokenSha256 = Buffer.from(hex, "hex");
    }
    const subject = string("certSubject");
    if (subject !== undefined) {
      const normalized = normalizeSubject(subject);
      if (!/^[A-Z0-9.]+=[^=]*(,[A-Z0-9.]+=[^=]*)*$/.test(normalized)) {
        fail(field("certSubject"), `${path}.certSubject`, `${JSON.stringify(subject)} is not a subject like "CN=deploy-bot" or "CN=bot, O=Acme"`);
      }
      const other = subjects.get(normalized);
      if (other) fail(field("certSubject"), `${path}.certSubject`, `the same subject as principal ${JSON.stringify(other)}`);
      subjects.set(normalized, name);
      principal.certSubject = normalized;
    }
    if (!principal.tokenSha256 && !principal.certSubject) fail(item, path, "needs tokenSha256 or certSubject (or both)");

    const roles = stringList("roles") ?? fail(item, `${path}.roles`, `is required (one or more of: ${ROLES.join(", ")})`);
    if (roles.length === 0) fail(field("roles"), `${path}.roles`, `must name at least one role (${ROLES.join(", ")})`);
    roles.forEach((r, j) => {
      if (!isRole(r)) fail(field("roles"), `${path}.roles[${j}]`, `unknown role ${JSON.stringify(r)} (expected one of: ${ROLES.join(", ")})`);
    });
    principal.roles = roles as Role[];

    const environments = stringList("environments");
    if (environments !== undefined) {
      if (environments.length === 0) fail(field("environments"), `${path}.environments`, 'must list at least one glob; leave it out for every environment ("*")');
      environments.forEach((g, j) => {
        if (g.length > 255) fail(field("environments"), `${path}.environments[${j}]`, "is longer than 255 characters");
        globToRegExp(g);
      });
      principal.environments = environments;
    }
    principals.push(principal);
  });
  return principals;
}

/** BLOX_AUTH_TOKENS: each token is one admin principal `token-1`, `token-2`, ... */
export function principalsFromTokens(tokens: readonly string[]): Principal[] {
  return tokens.map((token, i) => ({
    name: `token-${i + 1}`,
    roles: ["admin"],
    environments: ["*"],
    tokenSha256: createHash("sha256").update(token).digest(),
  }));
}

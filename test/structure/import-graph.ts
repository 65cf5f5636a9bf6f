// The folder-level import graph of server/ and client/, read from the
// TypeScript sources with the compiler's own import scanner (static imports,
// re-exports, `import type`, dynamic `import()`).

import ts from "typescript";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

export interface ImportEdge {
  /** The importing file, relative to the root, with "/" separators. */
  from: string;
  /** The imported file. */
  to: string;
}

/**
 * The graph's node of a file: its folder one level under the top folder
 * ("server/store"), or the file itself when it sits directly in the top
 * folder ("server/app.ts").
 */
export function nodeOf(file: string): string {
  const parts = file.split("/");
  return parts.length === 2 ? file : parts.slice(0, 2).join("/");
}

function sourceFiles(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry === "dist") continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|tsx|mts)$/.test(entry) && !entry.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** Resolves a relative specifier as the project's ESM does ("./x.js" is x.ts). */
function resolveImport(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier).replace(/\.(m?js|jsx)$/, "");
  return [`${base}.ts`, `${base}.tsx`, `${base}.mts`, join(base, "index.ts"), base].find((c) => existsSync(c) && statSync(c).isFile());
}

export interface ImportScan {
  edges: ImportEdge[];
  /** Relative imports that match no file (a broken import would hide an edge). */
  unresolved: string[];
  files: number;
}

/** Every relative import between files under `tops` (e.g. ["server", "client"]) of `root`. */
export function scanImports(root: string, tops: string[]): ImportScan {
  const edges: ImportEdge[] = [];
  const unresolved: string[] = [];
  const rel = (p: string) => relative(root, p).split(sep).join("/");
  let files = 0;
  for (const top of tops) {
    for (const file of sourceFiles(join(root, top), [])) {
      files++;
      const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
      for (const imported of importedFiles) {
        if (!imported.fileName.startsWith(".")) continue; // packages
        const target = resolveImport(file, imported.fileName);
        if (!target) {
          unresolved.push(`${rel(file)}: ${imported.fileName}`);
          continue;
        }
        const to = rel(target);
        if (tops.some((t) => to.startsWith(`${t}/`))) edges.push({ from: rel(file), to });
      }
    }
  }
  return { edges, unresolved, files };
}

/** node → node → the file imports making that edge. */
export type FolderGraph = Map<string, Map<string, ImportEdge[]>>;

export function folderGraph(edges: readonly ImportEdge[]): FolderGraph {
  const graph: FolderGraph = new Map();
  for (const e of edges) {
    const a = nodeOf(e.from);
    const b = nodeOf(e.to);
    if (a === b) continue;
    let out = graph.get(a);
    if (!out) graph.set(a, (out = new Map()));
    const why = out.get(b) ?? [];
    why.push(e);
    out.set(b, why);
  }
  return graph;
}

/** The strongly connected components with more than one node: each one is a cycle of folders. */
export function cycles(graph: FolderGraph): string[][] {
  const nodes = new Set<string>();
  for (const [a, out] of graph) {
    nodes.add(a);
    for (const b of out.keys()) nodes.add(b);
  }
  // Tarjan's algorithm.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
      }
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!indexOf.has(v)) visit(v);
  return found;
}

/** The imports inside one cycle, for the failure message. */
export function describeCycle(graph: FolderGraph, component: readonly string[]): string {
  const inside = new Set(component);
  const lines: string[] = [];
  for (const a of component) {
    for (const [b, why] of graph.get(a) ?? []) {
      if (inside.has(b)) lines.push(`  ${a} → ${b}: ${why.map((e) => `${e.from} imports ${e.to}`).join("; ")}`);
    }
  }
  return `${component.join(" ⇄ ")}\n${lines.join("\n")}`;
}

// The Python and Go clients, generated from proto/blox with Debian's protoc and
// local plugins (no network). The TypeScript code comes from `buf generate`.

import { execFileSync } from "node:child_process";
import { accessSync, constants, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { delimiter, join, relative } from "node:path";

export type ClientLanguage = "python" | "go";
export const CLIENT_LANGUAGES: readonly ClientLanguage[] = ["python", "go"];

/** The executables each language needs, with the Debian package that ships each. */
const TOOLS: Record<ClientLanguage, { name: string; debian: string }[]> = {
  python: [
    { name: "protoc", debian: "protobuf-compiler" },
    { name: "grpc_python_plugin", debian: "protobuf-compiler-grpc" },
  ],
  go: [
    { name: "protoc", debian: "protobuf-compiler" },
    { name: "protoc-gen-go", debian: "protoc-gen-go" },
    { name: "protoc-gen-go-grpc", debian: "protoc-gen-go-grpc" },
  ],
};

export interface GenerateClientsOptions {
  /** Repository root (holds proto/). */
  root: string;
  /** Receives `python/` and `go/`. Default `<root>/gen`. */
  outDir?: string;
  /** Default: both. */
  languages?: readonly ClientLanguage[];
  /** Where plugins are looked up. Default: process.env.PATH. */
  searchPath?: string;
}

export interface LanguageResult {
  language: ClientLanguage;
  /** Why nothing was generated (a missing tool), or undefined when generated. */
  skipped?: string;
  /** The generated tree, `<outDir>/<language>/blox`, which is replaced as a whole. */
  dir: string;
}

/** The absolute path of executable `name` on `searchPath`, or undefined. */
export function findExecutable(name: string, searchPath = process.env.PATH ?? ""): string | undefined {
  for (const dir of searchPath.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Why `language` cannot be generated here, or undefined when every tool is present. */
export function missingClientTools(language: ClientLanguage, searchPath?: string): string | undefined {
  const missing = TOOLS[language].filter((t) => !findExecutable(t.name, searchPath));
  if (missing.length === 0) return undefined;
  const names = missing.map((t) => t.name).join(", ");
  const packages = [...new Set(missing.map((t) => t.debian))].join(" ");
  return `${language}: ${names} not found on PATH (Debian: apt-get install -y ${packages})`;
}

function listProtos(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return listProtos(p);
      return name.endsWith(".proto") ? [p] : [];
    });
}

function pluginArgs(language: ClientLanguage, out: string, searchPath?: string): string[] {
  const tool = (name: string) => findExecutable(name, searchPath)!;
  if (language === "python") {
    return [
      `--plugin=protoc-gen-grpc_python=${tool("grpc_python_plugin")}`,
      `--python_out=${out}`,
      `--pyi_out=${out}`,
      `--grpc_python_out=${out}`,
    ];
  }
  return [
    `--plugin=protoc-gen-go=${tool("protoc-gen-go")}`,
    `--plugin=protoc-gen-go-grpc=${tool("protoc-gen-go-grpc")}`,
    `--go_out=${out}`,
    "--go_opt=paths=source_relative",
    `--go-grpc_out=${out}`,
    "--go-grpc_opt=paths=source_relative",
  ];
}

/** Generates each language whose tools are present; the others are reported as skipped. */
export function generateClients(options: GenerateClientsOptions): LanguageResult[] {
  const protoRoot = join(options.root, "proto");
  const outDir = options.outDir ?? join(options.root, "gen");
  const protos = listProtos(join(protoRoot, "blox")).map((p) => relative(protoRoot, p));
  return (options.languages ?? CLIENT_LANGUAGES).map((language) => {
    const out = join(outDir, language);
    const dir = join(out, "blox");
    const skipped = missingClientTools(language, options.searchPath);
    if (skipped) return { language, skipped, dir };
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    const protoc = findExecutable("protoc", options.searchPath)!;
    execFileSync(protoc, [`-I${protoRoot}`, ...pluginArgs(language, out, options.searchPath), ...protos], {
      cwd: options.root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { language, dir };
  });
}

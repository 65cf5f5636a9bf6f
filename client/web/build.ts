// Bundles the web dashboard (client/web/src) with esbuild into client/web/dist:
// index.html plus content-hashed assets, which the server serves at /ui/.
// Runs on `npm ci` / `npm install` (prepare) and before `npm start`.

import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const HERE = fileURLToPath(new URL(".", import.meta.url));
/** Where the server looks for the dashboard by default (server/transport/static-ui.ts). */
export const DEFAULT_OUT_DIR = join(HERE, "dist");

export interface BuildUiOptions {
  /** Output folder (index.html, assets/). Default client/web/dist. */
  outDir?: string;
  /** Default true. */
  minify?: boolean;
}

export interface BuildUiResult {
  /** Asset file names under assets/, e.g. ["app-3FQ2K4ZB.js", "app-R7N5XJ3M.css"]. */
  assets: string[];
  indexHtml: string;
}

function indexHtml(script: string, style: string | undefined): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>Blox</title>",
    style ? `<link rel="stylesheet" href="/ui/assets/${style}">` : "",
    `<script type="module" src="/ui/assets/${script}"></script>`,
    "</head>",
    "<body>",
    '<div id="app"><noscript>The Blox dashboard needs JavaScript.</noscript></div>',
    "</body>",
    "</html>",
    "",
  ]
    .filter((line) => line !== "")
    .join("\n");
}

export async function buildUi(options: BuildUiOptions = {}): Promise<BuildUiResult> {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const assetsDir = join(outDir, "assets");
  const result = await esbuild.build({
    entryPoints: { app: join(HERE, "src", "main.tsx") },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    jsx: "automatic",
    jsxImportSource: "preact",
    minify: options.minify ?? true,
    sourcemap: "linked",
    entryNames: "[name]-[hash]",
    outdir: assetsDir,
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  // Replace the whole folder only once the build has succeeded.
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(assetsDir, { recursive: true });
  for (const file of result.outputFiles) writeFileSync(file.path, file.contents);
  const assets = readdirSync(assetsDir).sort();
  const script = assets.find((a) => a.endsWith(".js"));
  if (!script) throw new Error("buildUi: esbuild wrote no script");
  const style = assets.find((a) => a.endsWith(".css"));
  const html = indexHtml(basename(script), style && basename(style));
  writeFileSync(join(outDir, "index.html"), html);
  return { assets, indexHtml: html };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildUi().then(
    ({ assets }) => process.stdout.write(`dashboard built: client/web/dist (${assets.join(", ")})\n`),
    (err: unknown) => {
      process.stderr.write(`dashboard build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

// Keeps an AccessControl's principals in step with BLOX_AUTH_FILE: re-read on
// SIGHUP and whenever the file changes. The directory is watched, not the file,
// so editors that save by writing a new file and renaming it over the old one
// are seen too. A bad file keeps the principals in force and logs why.

import { watch, type FSWatcher } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { AccessControl } from "./access-control.js";
import type { Principal } from "./principal.js";
import { loadPrincipalsFile } from "./principals-file.js";

export interface PrincipalsReloaderOptions {
  path: string;
  access: AccessControl;
  /** Principals kept in addition to the file's (BLOX_AUTH_TOKENS). */
  extra?: readonly Principal[];
  logger: { info(message: string, fields?: Record<string, unknown>): void; warn(message: string, fields?: Record<string, unknown>): void };
  /** Changes within this window are read once. Default 100 ms. */
  debounceMs?: number;
  /** Re-read on this signal; default SIGHUP; null disables (tests). */
  signal?: NodeJS.Signals | null;
}

export interface PrincipalsReloader {
  /** Re-reads now; resolves true when the new principals are in force. */
  reload(reason: string): boolean;
  close(): void;
}

export function createPrincipalsReloader(options: PrincipalsReloaderOptions): PrincipalsReloader {
  const { access, logger } = options;
  const path = resolve(options.path);
  const debounceMs = options.debounceMs ?? 100;
  const signal = options.signal === undefined ? "SIGHUP" : options.signal;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  function reload(reason: string): boolean {
    try {
      const principals = [...loadPrincipalsFile(path), ...(options.extra ?? [])];
      access.replacePrincipals(principals);
      logger.info("principals reloaded", { file: path, reason, principals: principals.length });
      return true;
    } catch (err) {
      logger.warn("principals file not reloaded; the previous principals stay in force", {
        file: path,
        reason,
        error: err instanceof Error ? err.message : String(err),
      });
      return false;
    }
  }

  const schedule = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => reload("file changed"), debounceMs);
    timer.unref();
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
      if (file === null || file === basename(path)) schedule();
    });
    watcher.on("error", (err) => logger.warn("cannot watch the principals file; SIGHUP still reloads it", { file: path, error: String(err) }));
  } catch (err) {
    logger.warn("cannot watch the principals file; SIGHUP still reloads it", { file: path, error: String(err) });
  }
  const onSignal = () => reload(signal ?? "signal");
  if (signal) process.on(signal, onSignal);

  return {
    reload,
    close() {
      closed = true;
      clearTimeout(timer);
      watcher?.close();
      if (signal) process.off(signal, onSignal);
    },
  };
}

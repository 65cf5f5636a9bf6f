// Keeps the in-process simulator's state in a file of the data directory, so
// a restarted server (graceful or SIGKILL) resumes the simulated cluster
// where it stood instead of an empty one. Writes are whole-file and atomic
// (temporary file, then rename), at most one per `minIntervalMs` while the
// simulation changes, and one last write on close(); a crash loses at most
// that interval of changes, as if those calls had not been made.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Clock } from "../../clock.js";
import type { Logger } from "../../observability/logger.js";
import { parseSimState, sameSimConfig, type SimState } from "./sim-state.js";
import type { SimulatedCluster } from "./simulated-cluster.js";
import type { SimConfig } from "./types.js";

/** The state file's name in the data directory. */
export const SIM_STATE_FILE = "simulator.json";

export interface SimulatorPersistenceOptions {
  /** The state file (the server uses `<BLOX_DATA_DIR>/simulator.json`). */
  path: string;
  /** The configuration the server runs with: state saved under another one is set aside, not resumed. */
  config: SimConfig;
  clock: Clock;
  logger?: Logger;
  /** Writes at most this often while the simulation changes. Default 100 ms. */
  minIntervalMs?: number;
}

export interface SimulatorPersistence {
  /** The saved state to resume, if the file holds one for this configuration. */
  load(): SimState | undefined;
  /** Saves the simulator's state after its changes, until close(). */
  attach(sim: SimulatedCluster): void;
  /** Writes the latest state (if it changed) and stops saving. */
  close(): void;
}

export function createSimulatorPersistence(options: SimulatorPersistenceOptions): SimulatorPersistence {
  const { path, clock, logger } = options;
  const minIntervalMs = options.minIntervalMs ?? 100;
  let sim: SimulatedCluster | undefined;
  let unsubscribe: (() => void) | undefined;
  let cancelTimer: (() => void) | undefined;
  let dirty = false;
  let lastWriteAt = -Infinity;

  /** Moves a state file that cannot be resumed out of the way (kept for a look, never read again). */
  const setAside = (why: string) => {
    const aside = `${path}.discarded`;
    logger?.warn(`simulator state not resumed: ${why}; starting the simulation from its configuration`, { path, movedTo: aside });
    try {
      renameSync(path, aside);
    } catch {
      // Overwritten by the next write anyway.
    }
  };

  const write = () => {
    cancelTimer?.();
    cancelTimer = undefined;
    if (!sim || !dirty) return;
    dirty = false;
    lastWriteAt = clock.now();
    try {
      mkdirSync(dirname(path), { recursive: true });
      const tmp = `${path}.tmp`;
      writeFileSync(tmp, JSON.stringify(sim.saveState()));
      renameSync(tmp, path);
    } catch (err) {
      logger?.warn("could not save the simulator state", { path, error: err instanceof Error ? err.message : String(err) });
    }
  };

  const schedule = () => {
    dirty = true;
    if (cancelTimer) return;
    cancelTimer = clock.setTimer(Math.max(0, lastWriteAt + minIntervalMs - clock.now()), write);
  };

  return {
    load() {
      if (!existsSync(path)) return undefined;
      let state: SimState;
      try {
        state = parseSimState(readFileSync(path, "utf8"));
      } catch (err) {
        setAside(err instanceof Error ? err.message : String(err));
        return undefined;
      }
      if (!sameSimConfig(state.config, options.config)) {
        setAside("the simulator configuration changed since it was saved");
        return undefined;
      }
      logger?.info("resuming the simulated cluster from the data directory", { path });
      return state;
    },
    attach(target) {
      sim = target;
      unsubscribe = target.onStateChange(schedule);
      schedule(); // the starting state, so even an idle simulation has its file
    },
    close() {
      unsubscribe?.();
      unsubscribe = undefined;
      write();
      sim = undefined;
    },
  };
}

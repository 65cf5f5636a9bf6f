// The in-process cluster simulator (the default cluster backend of `npm start`).
export * from "./simulated-cluster.js";
export { DEFAULT_SIM_CONFIG, loadSimConfig, parseSimConfig, SimConfigError } from "./sim-config.js";
export type * from "./types.js";

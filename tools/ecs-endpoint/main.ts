// `npm run ecs-sim -- --listen 127.0.0.1:4566 [--sim-config FILE]`
// Serves a simulated cluster (default: DEFAULT_SIM_CONFIG, the same as
// `npm start`) through the ECS API on the real system clock.

import { pathToFileURL } from "node:url";
import { systemClock } from "../../server/clock.js";
import { createSimulatedCluster } from "../../server/cluster/simulator/simulated-cluster.js";
import { DEFAULT_SIM_CONFIG, loadSimConfig } from "../../server/cluster/simulator/sim-config.js";
import { createEcsEndpoint, type EndpointThrottle } from "./ecs-endpoint.js";

export interface EcsSimArgs {
  host: string;
  port: number;
  simConfig?: string;
  throttle?: EndpointThrottle;
}

const USAGE = "usage: npm run ecs-sim -- --listen HOST:PORT [--sim-config FILE] [--throttle-rate N | --throttle-every N]";

/** Parses the command line; throws an Error naming the bad argument. */
export function parseEcsSimArgs(argv: string[]): EcsSimArgs {
  const args: EcsSimArgs = { host: "127.0.0.1", port: 4566 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes("=") ? [flag.slice(0, flag.indexOf("=")), flag.slice(flag.indexOf("=") + 1)] : [flag, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new Error(`${name}: a value is required`);
      return v;
    };
    const positive = (v: string) => {
      const n = Number(v);
      if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${name}: must be a positive number, got '${v}'`);
      return n;
    };
    switch (name) {
      case "--listen": {
        const v = value();
        const m = /^(?:(\[[^\]]+\]|[^:]+):)?(\d{1,5})$/.exec(v);
        const port = m ? Number(m[2]) : NaN;
        if (!m || port > 65535) throw new Error(`--listen: expected HOST:PORT (e.g. 127.0.0.1:4566), got '${v}'`);
        args.host = m[1] ? m[1].replace(/^\[|\]$/g, "") : "127.0.0.1";
        args.port = port;
        break;
      }
      case "--sim-config":
        args.simConfig = value();
        break;
      case "--throttle-rate":
        args.throttle = { rate: positive(value()) };
        break;
      case "--throttle-every": {
        const n = positive(value());
        if (!Number.isInteger(n)) throw new Error(`${name}: must be an integer, got '${n}'`);
        args.throttle = { everyNth: n };
        break;
      }
      case "-h":
      case "--help":
        throw new Error(USAGE);
      default:
        throw new Error(`unknown argument '${flag}'\n${USAGE}`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  let args: EcsSimArgs;
  try {
    args = parseEcsSimArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const config = args.simConfig ? loadSimConfig(args.simConfig) : DEFAULT_SIM_CONFIG;
  const cluster = createSimulatedCluster({ clock: systemClock, config });
  const endpoint = createEcsEndpoint({ cluster, ...(args.throttle ? { throttle: args.throttle } : {}) });
  const url = await endpoint.listen(args.port, args.host);
  console.log(`ECS endpoint (simulated clusters: ${cluster.listClusters().join(", ")}) listening on ${url}`);
  console.log(`try: BLOX_CLUSTER_BACKEND=ecs AWS_ENDPOINT_URL_ECS=${url} AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x npm start`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Calls served per action: the cost of whatever ran against this endpoint.
    console.log(`ECS requests by action: ${JSON.stringify(endpoint.requestCounts())}`);
    console.log(`throttled by action: ${JSON.stringify(endpoint.throttledCounts())}`);
    await endpoint.close();
    await cluster.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  });
}

#!/usr/bin/env node
// The `blox` CLI. Registers tsx so the TypeScript sources run as they are (the
// project has no build step), then hands over to client/cli/main.ts.
import { register } from "tsx/esm/api";

register();
await import("../client/cli/main.ts");

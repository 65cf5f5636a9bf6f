import * as net from "node:net";
import { startHarness } from "./harness.js";
import { HTTP2_PREFACE } from "../../server/transport/preface.js";
const h = await startHarness({ onError: (e, w) => console.log("onError", w, (e as Error).message) });
const bytes = Buffer.concat([HTTP2_PREFACE, Buffer.from([0, 0, 5, 0x4, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5])]);
const s = net.connect(h.port, "127.0.0.1", () => s.write(bytes));
s.on("data", (d) => console.log("data", d.toString("hex")));
s.on("close", () => { console.log("closed", h.server.connectionCounts()); });
setTimeout(async () => { console.log("counts", h.server.connectionCounts()); s.destroy(); await h.server.shutdown(); process.exit(0); }, 1500);

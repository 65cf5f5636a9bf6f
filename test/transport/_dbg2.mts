import * as net from "node:net";
import * as http2 from "node:http2";
import { HTTP2_PREFACE } from "../../server/transport/preface.js";
const srv = http2.createServer();
srv.on("session", (s) => {
  const emit = s.emit; s.emit = function (ev: any, ...a: any[]) { console.log("session event", ev, a[0]?.message ?? a[0]); return emit.call(this, ev, ...a); } as any;
  setTimeout(() => console.log("state", s.state, s.closed, s.destroyed, s.socket?.destroyed), 500);
});
srv.listen(0, "127.0.0.1", () => {
  const port = (srv.address() as net.AddressInfo).port;
  const bytes = Buffer.concat([HTTP2_PREFACE, Buffer.from([0, 0, 5, 0x4, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5])]);
  const s = net.connect(port, "127.0.0.1", () => s.write(bytes));
  s.on("data", (d) => console.log("data", d.toString("hex")));
  s.on("close", () => console.log("closed"));
  setTimeout(() => process.exit(0), 1000);
});

import { expect } from "chai";
import { parseListenAddress } from "../../server/transport/listen-address.js";

describe("transport/listen-address: parseListenAddress", () => {
  const ok: Array<[string, { host: string; port: number }]> = [
    ["127.0.0.1:50051", { host: "127.0.0.1", port: 50051 }],
    ["0.0.0.0:8080", { host: "0.0.0.0", port: 8080 }],
    ["localhost:0", { host: "localhost", port: 0 }],
    [":9000", { host: "127.0.0.1", port: 9000 }],
    ["9000", { host: "127.0.0.1", port: 9000 }],
    ["[::1]:50051", { host: "::1", port: 50051 }],
    [" [::]:65535 ", { host: "::", port: 65535 }],
  ];
  for (const [input, want] of ok) {
    it(`"${input}" → ${want.host} ${want.port}`, () => {
      expect(parseListenAddress(input)).to.deep.equal(want);
    });
  }
  const bad: Array<[string, RegExp]> = [
    ["", /empty/],
    ["localhost", /no port/],
    ["host:", /port ""/],
    ["host:http", /port "http"/],
    ["host:65536", /port "65536"/],
    ["::1:50051", /brackets/],
    ["[nope]:1", /not an IPv6/],
  ];
  for (const [input, message] of bad) {
    it(`"${input}" is refused, naming the variable`, () => {
      let error: Error | undefined;
      try {
        parseListenAddress(input);
      } catch (err) {
        error = err as Error;
      }
      expect(error?.message).to.match(/^BLOX_LISTEN: /);
      expect(error?.message).to.match(message);
    });
  }
});

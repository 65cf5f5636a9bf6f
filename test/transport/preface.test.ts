import { expect } from "chai";
import { classifyPreface, HTTP2_PREFACE } from "../../server/transport/preface.js";

describe("transport/preface: classifyPreface", () => {
  const b = (s: string) => Buffer.from(s, "latin1");
  const cases: Array<[string, Uint8Array, string]> = [
    ["empty", new Uint8Array(0), "need-more"],
    ["full preface", HTTP2_PREFACE, "h2"],
    ["preface + a SETTINGS frame", Buffer.concat([HTTP2_PREFACE, Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]), "h2"],
    ["first byte of preface", b("P"), "need-more"],
    ["preface minus its last byte", HTTP2_PREFACE.subarray(0, 23), "need-more"],
    ["HTTP/1.1 POST", b("POST /blox.v1.EnvironmentService/ListEnvironments HTTP/1.1\r\n"), "http1"],
    ["HTTP/1.1 PUT (shares the first byte)", b("PUT / HTTP/1.1\r\n"), "http1"],
    ["HTTP/1.1 GET", b("GET / HTTP/1.1\r\n"), "http1"],
    ["garbage", Buffer.from([0xff, 0x00, 0x13]), "http1"],
    ["preface with its last byte wrong", Buffer.concat([HTTP2_PREFACE.subarray(0, 23), b("X")]), "http1"],
  ];
  for (const [name, input, want] of cases) {
    it(`${name} → ${want}`, () => {
      expect(classifyPreface(input)).to.equal(want);
    });
  }

  it("every strict prefix of the preface needs more, and the verdict never needs more than 24 bytes", () => {
    for (let i = 0; i < HTTP2_PREFACE.length; i++) {
      expect(classifyPreface(HTTP2_PREFACE.subarray(0, i)), `prefix ${i}`).to.equal("need-more");
      const wrong = Buffer.from(HTTP2_PREFACE.subarray(0, i + 1));
      wrong[i] = wrong[i]! ^ 0x01;
      expect(classifyPreface(wrong), `byte ${i} altered`).to.equal("http1");
    }
    expect(HTTP2_PREFACE.length).to.equal(24);
  });
});

import { Code, ConnectError } from "@connectrpc/connect";
import { expect } from "chai";
import { createTokenAuthenticator } from "../../server/auth/token-auth.js";

describe("token authentication", () => {
  const auth = createTokenAuthenticator(["s3cret", "next-token"]);
  const outcome = (fn: () => void): "allowed" | Code => {
    try {
      fn();
      return "allowed";
    } catch (err) {
      return ConnectError.from(err).code;
    }
  };
  const cases: [string, string | undefined, string, "allowed" | Code][] = [
    ["a configured token", "Bearer s3cret", "blox.v1.EnvironmentService", "allowed"],
    ["the rotated token", "bearer next-token", "blox.v1.EnvironmentService", "allowed"],
    ["no header", undefined, "blox.v1.EnvironmentService", Code.Unauthenticated],
    ["a wrong token", "Bearer nope", "blox.v1.EnvironmentService", Code.Unauthenticated],
    ["a prefix of a token", "Bearer s3c", "blox.v1.EnvironmentService", Code.Unauthenticated],
    ["basic auth", "Basic czNjcmV0", "blox.v1.EnvironmentService", Code.Unauthenticated],
    ["health without a token", undefined, "grpc.health.v1.Health", "allowed"],
    ["reflection without a token", undefined, "grpc.reflection.v1.ServerReflection", "allowed"],
  ];
  for (const [what, header, service, expected] of cases) {
    it(`${what} → ${expected === "allowed" ? expected : Code[expected]}`, () => {
      expect(outcome(() => auth.check(header, service))).to.equal(expected);
    });
  }

  it("refuses to be created without tokens", () => {
    expect(() => createTokenAuthenticator([])).to.throw(/no tokens/);
  });
});

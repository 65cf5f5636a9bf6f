import { createHash } from "node:crypto";
import { expect } from "chai";
import { parsePrincipals, principalsFromTokens, PrincipalsFileError } from "../../server/auth/principals-file.js";

const sha = (t: string) => createHash("sha256").update(t).digest("hex");

describe("principals file", () => {
  it("reads the issue's example", () => {
    const text = `principals:
  - name: ci-web
    tokenSha256: "${sha("ci-web-token-0123456789")}"
    roles: [deployer]
    environments: ["Web/*"]
  - name: oncall
    tokenSha256: "${sha("oncall-token-0123456789").toUpperCase()}"
    roles: [operator]
  - name: mtls-bot
    certSubject: "CN=deploy-bot"
    roles: [deployer]
`;
    const [ci, oncall, bot] = parsePrincipals(text, "auth.yaml");
    expect(ci).to.deep.include({ name: "ci-web", roles: ["deployer"], environments: ["Web/*"] });
    expect(ci!.tokenSha256!.toString("hex")).to.equal(sha("ci-web-token-0123456789"));
    expect(oncall!.environments).to.deep.equal(["*"]);
    expect(oncall!.tokenSha256!.toString("hex")).to.equal(sha("oncall-token-0123456789"));
    expect(bot).to.deep.include({ name: "mtls-bot", certSubject: "CN=deploy-bot" });
  });

  const bad: [string, string, RegExp][] = [
    ["unknown role", `principals:\n  - name: a\n    tokenSha256: "${sha("x")}"\n    roles: [superuser]\n`, /auth\.yaml: line 4: principals\[0\]\.roles\[0\]: unknown role "superuser"/],
    ["short digest", `principals:\n  - name: a\n    tokenSha256: "abc"\n    roles: [viewer]\n`, /line 3: principals\[0\]\.tokenSha256: must be the 64 hex digits/],
    ["no credential", `principals:\n  - name: a\n    roles: [viewer]\n`, /line 2: principals\[0\]: needs tokenSha256 or certSubject/],
    ["unknown key", `principals:\n  - name: a\n    token: x\n    roles: [viewer]\n`, /line 3: principals\[0\]\.token: unknown key/],
    ["duplicate name", `principals:\n  - name: a\n    certSubject: CN=a\n    roles: [viewer]\n  - name: a\n    certSubject: CN=b\n    roles: [viewer]\n`, /line 5: principals\[1\]\.name: duplicate principal name "a"/],
    ["shared token", `principals:\n  - name: a\n    tokenSha256: "${sha("x")}"\n    roles: [viewer]\n  - name: b\n    tokenSha256: "${sha("x")}"\n    roles: [viewer]\n`, /line 6: principals\[1\]\.tokenSha256: the same token as principal "a"/],
    ["missing roles", `principals:\n  - name: a\n    certSubject: CN=a\n`, /principals\[0\]\.roles: is required/],
    ["empty environments", `principals:\n  - name: a\n    certSubject: CN=a\n    roles: [viewer]\n    environments: []\n`, /line 5: principals\[0\]\.environments: must list at least one glob/],
    ["not a list", `principals: 3\n`, /line 1: principals: must be a list/],
    ["yaml syntax", `principals:\n  - name: [\n`, /auth\.yaml: line \d+:/],
    ["top-level typo", `principal: []\n`, /line 1: principal: unknown key/],
  ];
  for (const [what, text, error] of bad) {
    it(`refuses ${what}, naming line and field`, () => {
      expect(() => parsePrincipals(text, "auth.yaml")).to.throw(PrincipalsFileError, error);
    });
  }

  it("turns BLOX_AUTH_TOKENS into one admin principal each", () => {
    const ps = principalsFromTokens(["first-token-aaaaaaaa", "second-token-bbbbbbb"]);
    expect(ps.map((p) => [p.name, p.roles, p.environments])).to.deep.equal([
      ["token-1", ["admin"], ["*"]],
      ["token-2", ["admin"], ["*"]],
    ]);
    expect(ps[1]!.tokenSha256!.toString("hex")).to.equal(sha("second-token-bbbbbbb"));
  });
});

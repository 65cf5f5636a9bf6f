import { createHash } from "node:crypto";
import { Code, ConnectError } from "@connectrpc/connect";
import { expect } from "chai";
import { EnvironmentService } from "../../gen/blox/v1/environment_pb.js";
import { createAccessControl } from "../../server/auth/access-control.js";
import { globToRegExp } from "../../server/auth/glob.js";
import type { Principal } from "../../server/auth/principal.js";
import { createRateLimitedLog } from "../../server/auth/rate-limited-log.js";
import { ACCESS_RULES, accessRule, hasRole } from "../../server/auth/roles.js";

const digest = (t: string) => createHash("sha256").update(t).digest();
const outcome = (fn: () => unknown): "ok" | string => {
  try {
    fn();
    return "ok";
  } catch (err) {
    return Code[ConnectError.from(err).code];
  }
};

describe("access control", () => {
  const ci: Principal = { name: "ci-web", roles: ["deployer"], environments: ["Web/*"], tokenSha256: digest("ci-token") };
  const dash: Principal = { name: "dash", roles: ["viewer"], environments: ["*"], tokenSha256: digest("dash-token") };
  const bot: Principal = { name: "mtls-bot", roles: ["deployer"], environments: ["*"], certSubject: "CN=deploy-bot" };

  it("has a rule for every RPC of EnvironmentService", () => {
    for (const m of EnvironmentService.methods) expect(ACCESS_RULES, m.name).to.have.property(m.name);
  });

  it("fails closed for an RPC missing from the table", () => {
    const access = createAccessControl({ principals: [ci] });
    expect(accessRule("blox.v1.EnvironmentService", "DropEverything")).to.equal(undefined);
    expect(() => access.authorizeCall(ci, "blox.v1.EnvironmentService", "DropEverything")).to.throw(/has no access rule/);
    expect(() => access.authorizeCall(ci, "blox.v1.OtherService", "DescribeEnvironmentStatus")).to.throw(/has no access rule/);
    expect(() => access.authorizeCall(ci, "blox.v1.EnvironmentService", "toString")).to.throw(/has no access rule/);
  });

  it("orders roles viewer < deployer < operator < admin", () => {
    expect(hasRole(["operator"], "deployer")).to.equal(true);
    expect(hasRole(["deployer"], "operator")).to.equal(false);
    expect(hasRole(["viewer", "admin"], "operator")).to.equal(true);
  });

  it("authenticates by token and by certificate subject", () => {
    const access = createAccessControl({ principals: [ci, dash, bot] });
    expect(access.authenticate({ authorization: "Bearer ci-token" }).name).to.equal("ci-web");
    expect(access.authenticate({ authorization: "bearer  dash-token " }).name).to.equal("dash");
    expect(access.authenticate({ certSubject: "CN=deploy-bot" }).name).to.equal("mtls-bot");
    // A verified certificate with no principal still lets a token through.
    expect(access.authenticate({ certSubject: "CN=stranger", authorization: "Bearer dash-token" }).name).to.equal("dash");
    expect(outcome(() => access.authenticate({ certSubject: "CN=stranger" }))).to.equal("Unauthenticated");
    expect(outcome(() => access.authenticate({ authorization: "Bearer ci-toke" }))).to.equal("Unauthenticated");
    expect(outcome(() => access.authenticate({}))).to.equal("Unauthenticated");
    expect(outcome(() => access.authenticate({ authorization: "Basic Y2ktdG9rZW4=" }))).to.equal("Unauthenticated");
  });

  it("names the missing role and the scope", () => {
    const access = createAccessControl({ principals: [ci, dash] });
    expect(() => access.authorizeCall(dash, "blox.v1.EnvironmentService", "DeployEnvironment")).to.throw(
      'principal "dash" has role viewer; DeployEnvironment needs deployer or higher',
    );
    expect(() => access.authorizeCall(ci, "blox.v1.EnvironmentService", "FreezeEnvironment")).to.throw(/needs operator/);
    expect(access.authorizeCall(ci, "blox.v1.EnvironmentService", "DeployEnvironment")?.role).to.equal("deployer");
    expect(access.authorizeCall(dash, "grpc.health.v1.Health", "Check")).to.equal(undefined);
    expect(() => access.authorizeEnvironment(ci, "Api/Prod")).to.throw('may not access environment "Api/Prod": its environments are Web/*');
    expect(outcome(() => access.authorizeEnvironment(ci, "Web/Prod"))).to.equal("ok");
    expect(access.canSee(ci, "Web/Staging/eu")).to.equal(true);
    expect(access.canSee(ci, "WebX/Prod")).to.equal(false);
  });

  it("runs every call as admin `anonymous` when disabled", () => {
    const access = createAccessControl({ principals: [], enabled: false });
    expect(access.authenticate({}).name).to.equal("anonymous");
  });

  it("logs failed attempts with the peer, rate-limited", () => {
    const lines: string[] = [];
    let t = 0;
    const access = createAccessControl({
      principals: [ci],
      logFailure: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`),
      failureLogLimit: 3,
      now: () => t,
    });
    for (let i = 0; i < 50; i++) outcome(() => access.authenticate({ authorization: "Bearer wrong", address: "10.0.0.9:4242" }));
    expect(lines).to.have.length(3);
    expect(lines[0]).to.contain('"peer":"10.0.0.9:4242"').and.contain("invalid bearer token").and.not.contain("wrong");
    t += 60_000;
    outcome(() => access.authenticate({ authorization: "Bearer wrong" }));
    expect(lines[3]).to.match(/^47 more like this were not logged/);
    expect(lines).to.have.length(5);
  });

  it("revokes a watched stream when the principals change", () => {
    const access = createAccessControl({ principals: [ci, dash] });
    const revoked: string[] = [];
    const call = { service: "blox.v1.EnvironmentService", method: "WatchEnvironmentStatus", environmentName: "Web/Prod" };
    access.watchAccess({ authorization: "Bearer ci-token" }, call, (e) => revoked.push(`ci ${Code[e.code]} ${e.rawMessage}`));
    access.watchAccess({ authorization: "Bearer dash-token" }, call, (e) => revoked.push(`dash ${e.rawMessage}`));
    access.replacePrincipals([ci, { ...dash, environments: ["Web/*"] }]);
    expect(revoked).to.deep.equal([]);
    access.replacePrincipals([{ ...ci, environments: ["Api/*"] }, dash]);
    expect(revoked).to.deep.equal(['ci PermissionDenied access revoked: principal "ci-web" may not access environment "Web/Prod": its environments are Api/*']);
    access.replacePrincipals([]);
    expect(revoked[1]).to.equal("dash access revoked: invalid bearer token");
    access.replacePrincipals([]);
    expect(revoked).to.have.length(2);
  });

  it("globs: * spans anything, ? one character, the rest is literal", () => {
    expect(globToRegExp("Web/*").test("Web/Prod/eu")).to.equal(true);
    expect(globToRegExp("a.b?").test("a.bc")).to.equal(true);
    expect(globToRegExp("a.b?").test("axbc")).to.equal(false);
    expect(globToRegExp("(x)+").test("(x)+")).to.equal(true);
  });

  it("the rate-limited log reports what it dropped", () => {
    const out: string[] = [];
    let t = 0;
    const log = createRateLimitedLog({ write: (m) => out.push(m), limit: 1, windowMs: 10, now: () => t });
    log("a", {});
    log("a", {});
    t = 10;
    log("a", {});
    expect(out).to.deep.equal(["a", "1 more like this were not logged", "a"]);
  });
});

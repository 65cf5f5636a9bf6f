// Each role × each RPC × an environment in and out of the principal's scope,
// over gRPC and Connect, against a real server with a BLOX_AUTH_FILE. The
// expected answer comes from this file's own table of needed roles (not the
// server's): allowed calls answer what the admin `root` gets for the same call
// on an identical environment (OK for all of them here), the rest
// PERMISSION_DENIED, and nothing about the out-of-scope environments appears in
// any answer or error.

import { create, toJsonString, type DescMessage } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { expect } from "chai";
import { createBloxClient, type BloxClient } from "../../client/client.js";
import { EnvironmentService, EnvironmentSpecSchema } from "../../gen/blox/v1/environment_pb.js";
import { startAuthServer, type AuthServer, type PrincipalEntry } from "./support/auth-server.js";

type Role = "viewer" | "deployer" | "operator" | "admin";
const RANK: Record<Role, number> = { viewer: 0, deployer: 1, operator: 2, admin: 3 };
const ROLE_LIST = Object.keys(RANK) as Role[];
const PROTOCOLS = ["grpc", "connect"] as const;
/** Marks every out-of-scope environment's data: no answer to a scoped principal may contain it. */
const SECRET = "secretapi";

const token = (name: string) => `${name}-token-0123456789abcdef`;
const PRINCIPALS: PrincipalEntry[] = [
  { name: "root", token: token("root"), roles: ["admin"] },
  ...ROLE_LIST.map((r) => ({ name: `web-${r}`, token: token(`web-${r}`), roles: [r], environments: ["Web/*"] })),
];

/** One RPC of the matrix: the role it needs, how root prepares its environment, and the call. */
interface RpcCase {
  rpc: string;
  needs: Role;
  mutating: boolean;
  /** Root brings a fresh environment `name` into the state the call needs. */
  prepare?: (root: BloxClient, name: string) => Promise<void>;
  call: (client: BloxClient, name: string) => Promise<{ response: unknown; schema?: DescMessage }>;
}

const spec = (name: string, taskDefinition = name.startsWith("Api/") ? `${SECRET}:7` : "web:1") =>
  create(EnvironmentSpecSchema, { name, taskDefinition, instanceGroup: { query: name.startsWith("Api/") ? `attribute:${SECRET} == yes` : "" } });
const createEnv = async (root: BloxClient, name: string) => void (await root.createEnvironment({ spec: spec(name) }));
const deployed = async (root: BloxClient, name: string) => {
  await createEnv(root, name);
  await root.deployEnvironment({ environmentName: name, revision: 1n });
};
const methods = EnvironmentService.method;
const res = (schema: DescMessage) => async (p: Promise<unknown>) => ({ response: await p, schema });

const RPCS: RpcCase[] = [
  { rpc: "CreateEnvironment", needs: "deployer", mutating: true, call: (c, n) => res(methods.createEnvironment.output)(c.createEnvironment({ spec: spec(n) })) },
  {
    rpc: "UpdateEnvironment", needs: "deployer", mutating: true, prepare: createEnv,
    call: (c, n) => res(methods.updateEnvironment.output)(c.updateEnvironment({ environmentName: n, baseRevision: 1n, taskDefinition: n.startsWith("Api/") ? `${SECRET}:8` : "web:2" })),
  },
  { rpc: "DeployEnvironment", needs: "deployer", mutating: true, prepare: createEnv, call: (c, n) => res(methods.deployEnvironment.output)(c.deployEnvironment({ environmentName: n, revision: 1n })) },
  {
    rpc: "DeployEnvironment (rollback)", needs: "operator", mutating: true,
    prepare: async (root, n) => {
      await deployed(root, n);
      await root.updateEnvironment({ environmentName: n, baseRevision: 1n, taskDefinition: "web:2" });
      await root.deployEnvironment({ environmentName: n, revision: 2n });
    },
    call: (c, n) => res(methods.deployEnvironment.output)(c.deployEnvironment({ environmentName: n, revision: 1n, rollback: true })),
  },
  { rpc: "FreezeEnvironment", needs: "operator", mutating: true, prepare: deployed, call: (c, n) => res(methods.freezeEnvironment.output)(c.freezeEnvironment({ environmentName: n })) },
  {
    rpc: "ThawEnvironment", needs: "operator", mutating: true,
    prepare: async (root, n) => {
      await deployed(root, n);
      await root.freezeEnvironment({ environmentName: n });
    },
    call: (c, n) => res(methods.thawEnvironment.output)(c.thawEnvironment({ environmentName: n })),
  },
  { rpc: "DeleteEnvironment", needs: "operator", mutating: true, prepare: deployed, call: (c, n) => res(methods.deleteEnvironment.output)(c.deleteEnvironment({ environmentName: n })) },
  { rpc: "DescribeEnvironmentStatus", needs: "viewer", mutating: false, prepare: deployed, call: (c, n) => res(methods.describeEnvironmentStatus.output)(c.describeEnvironmentStatus({ environmentName: n, all: true })) },
  {
    rpc: "WatchEnvironmentStatus", needs: "viewer", mutating: false, prepare: deployed,
    call: async (c, n) => {
      for await (const m of c.watchEnvironmentStatus({ environmentName: n, all: true })) return { response: m, schema: methods.watchEnvironmentStatus.output };
      throw new Error("the watch ended without a message");
    },
  },
  { rpc: "GetEnvironmentRevision", needs: "viewer", mutating: false, prepare: createEnv, call: (c, n) => res(methods.getEnvironmentRevision.output)(c.getEnvironmentRevision({ environmentName: n, revision: 1n })) },
  { rpc: "ListEnvironmentRevisions", needs: "viewer", mutating: false, prepare: createEnv, call: (c, n) => res(methods.listEnvironmentRevisions.output)(c.listEnvironmentRevisions({ environmentName: n })) },
  { rpc: "ListDeployments", needs: "viewer", mutating: false, prepare: deployed, call: (c, n) => res(methods.listDeployments.output)(c.listDeployments({ environmentName: n })) },
  { rpc: "ListEnvironmentEvents", needs: "viewer", mutating: false, prepare: deployed, call: (c, n) => res(methods.listEnvironmentEvents.output)(c.listEnvironmentEvents({ environmentName: n })) },
];

/** What root sees of an environment: compared before and after a refused call. */
async function stateOf(root: BloxClient, name: string): Promise<string> {
  try {
    const r = await root.getEnvironmentRevision({ environmentName: name });
    return toJsonString(methods.getEnvironmentRevision.output, r);
  } catch (err) {
    return `error ${Code[ConnectError.from(err).code]}`;
  }
}

/** Fails when `text` carries data of an out-of-scope environment other than `asked` (the caller's own input). */
function expectNoLeak(text: string, asked: string, what: string): void {
  const rest = text.split(asked).join("");
  expect(rest, `${what} leaks another environment's data`).not.to.match(new RegExp(`Api/|${SECRET}`));
}

describe("auth: role × RPC × scope matrix (gRPC and Connect)", function () {
  this.timeout(60_000);
  let server: AuthServer;
  let root: BloxClient;

  before(async () => {
    server = await startAuthServer({ principals: PRINCIPALS });
    root = createBloxClient({ endpoint: server.endpoint, protocol: "grpc", token: token("root") });
    // Decoys out of scope: every list and error is checked for their names and data.
    for (const n of ["Api/Decoy-1", "Api/Decoy-2", "Api/Decoy-3"]) await deployed(root, n);
  });
  after(() => server.stop());

  let counter = 0;
  for (const protocol of PROTOCOLS) {
    for (const rpc of RPCS) {
      for (const role of ROLE_LIST) {
        for (const scope of ["in", "out"] as const) {
          const allowed = scope === "in" && RANK[role] >= RANK[rpc.needs];
          it(`${protocol} ${rpc.rpc} as ${role}, ${scope === "in" ? "in scope" : "out of scope"} → ${allowed ? "OK" : "PERMISSION_DENIED"}`, async () => {
            const id = `${protocol}-${rpc.rpc.replace(/\W+/g, "")}-${role}-${counter++}`;
            const name = `${scope === "in" ? "Web" : "Api"}/${id}`;
            const client = createBloxClient({ endpoint: server.endpoint, protocol, token: token(`web-${role}`) });
            await rpc.prepare?.(root, name);
            if (allowed) {
              // The reference: root makes the same call on a twin environment.
              const twin = `Web/twin-${id}`;
              await rpc.prepare?.(root, twin);
              await rpc.call(root, twin);
              const { response, schema } = await rpc.call(client, name);
              expectNoLeak(toJsonString(schema!, response as never), name, `${rpc.rpc}'s answer`);
              return;
            }
            const before = await stateOf(root, name);
            const err = await rpc.call(client, name).then(
              () => undefined,
              (e: unknown) => ConnectError.from(e),
            );
            expect(err, "the call succeeded").to.be.instanceOf(ConnectError);
            expect(Code[err!.code], err!.rawMessage).to.equal("PermissionDenied");
            if (RANK[role] >= RANK[rpc.needs]) expect(err!.rawMessage).to.match(/may not access environment/);
            else {
              // Names a role the principal lacks (a viewer's rollback is refused for deployer at the headers already).
              const missing = /needs (\w+) or higher/.exec(err!.rawMessage)?.[1] as Role | undefined;
              expect(missing, err!.rawMessage).to.be.oneOf(ROLE_LIST);
              expect(RANK[missing!]).to.be.greaterThan(RANK[role]);
            }
            expectNoLeak(err!.rawMessage, name, "the error");
            if (rpc.mutating) expect(await stateOf(root, name), "a refused call changed the environment").to.equal(before);
          });
        }
      }
    }

    for (const role of ROLE_LIST) {
      it(`${protocol} ListEnvironments as ${role} shows exactly the Web/* environments, page by page`, async () => {
        const client = createBloxClient({ endpoint: server.endpoint, protocol, token: token(`web-${role}`) });
        const all: string[] = [];
        let pageToken = "";
        do {
          const r = await root.listEnvironments({ pageToken, pageSize: 1000 });
          all.push(...r.environments.map((e) => e.name));
          pageToken = r.nextPageToken;
        } while (pageToken !== "");
        const seen: string[] = [];
        let pages = 0;
        do {
          const r = await client.listEnvironments({ pageToken, pageSize: 3 });
          expectNoLeak(toJsonString(methods.listEnvironments.output, r), "\u0000", "a page of ListEnvironments");
          // The page token names the last shown environment only.
          expectNoLeak(Buffer.from(r.nextPageToken, "base64url").toString("latin1") + r.nextPageToken, "\u0000", "the page token");
          seen.push(...r.environments.map((e) => e.name));
          pageToken = r.nextPageToken;
          pages++;
        } while (pageToken !== "" && pages < 1000);
        const expected = all.filter((n) => n.startsWith("Web/"));
        expect(expected.length, "the test has Web environments to show").to.be.greaterThan(3);
        expect(all.some((n) => n.startsWith("Api/")), "the test has Api environments to hide").to.equal(true);
        expect(seen).to.deep.equal(expected);
      });

      it(`${protocol} WhoAmI as ${role} names the principal, its role and scope`, async () => {
        const client = createBloxClient({ endpoint: server.endpoint, protocol, token: token(`web-${role}`) });
        const me = await client.whoAmI({});
        expect({ principal: me.principal, roles: me.roles, environments: me.environments, authEnabled: me.authEnabled }).to.deep.equal({
          principal: `web-${role}`,
          roles: [role],
          environments: ["Web/*"],
          authEnabled: true,
        });
      });
    }

    it(`${protocol}: without a token, or with an unknown one, every RPC is UNAUTHENTICATED`, async () => {
      for (const t of [undefined, token("nobody")]) {
        const client = createBloxClient({ endpoint: server.endpoint, protocol, ...(t ? { token: t } : {}) });
        for (const rpc of RPCS) {
          const name = `Web/unauth-${protocol}-${counter++}`;
          await rpc.prepare?.(root, name);
          const code = await rpc.call(client, name).then(() => "OK", (e: unknown) => Code[ConnectError.from(e).code]);
          expect(code, `${rpc.rpc} with ${t ? "an unknown token" : "no token"}`).to.equal("Unauthenticated");
        }
        const code = await client.whoAmI({}).then(() => "OK", (e: unknown) => Code[ConnectError.from(e).code]);
        expect(code, "WhoAmI").to.equal("Unauthenticated");
      }
    });
  }
});

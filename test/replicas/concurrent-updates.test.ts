// Two server replicas (separate processes) on one store: rounds of 100
// concurrent UpdateEnvironment calls with the same base revision, 50 through
// each replica. Exactly one wins per round; the 99 others fail with ABORTED
// naming the revision that won; the revision history has no gap or duplicate.

import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { expect } from "chai";
import { EnvironmentService } from "../../gen/blox/v1/environment_pb.js";
import { startServerProcess, stopAllProcesses, type ServerProcess } from "../support/server-process.js";
import { storeParams, type SharedStore } from "./support/stores.js";

const ENV = "Replicas/Concurrent";
const ROUNDS = 20;
const CALLS_PER_REPLICA = 50;

type Blox = Client<typeof EnvironmentService>;

/** The task definition call `i` of round `round` proposes, so the winner is recognisable in the history. */
const proposal = (round: number, i: number) => `round${round}-call${i}:${round + 1}`;

async function allRevisions(client: Blox): Promise<{ revision: number; taskDefinition: string }[]> {
  const out: { revision: number; taskDefinition: string }[] = [];
  let pageToken = "";
  do {
    const page = await client.listEnvironmentRevisions({ environmentName: ENV, pageSize: 7, pageToken });
    for (const r of page.revisions) out.push({ revision: Number(r.revision), taskDefinition: r.spec?.taskDefinition ?? "" });
    pageToken = page.nextPageToken;
  } while (pageToken);
  return out;
}

for (const param of storeParams()) {
  describe(`replicas: concurrent conflicting updates over two server processes (${param.name})`, function () {
    this.timeout(60_000);
    let shared: SharedStore | undefined;
    let replicas: ServerProcess[] = [];
    let clients: Blox[] = [];

    before(async function () {
      shared = await param.create();
      // The server's default resync (5 s): nothing here needs a quicker one.
      const env = { BLOX_LEASE_TTL: "2s", BLOX_RESYNC_INTERVAL: "5s" };
      replicas = await Promise.all(["u1", "u2"].map((replicaId) => startServerProcess({ replicaId, storeEnv: shared!.env, env })));
      clients = replicas.map((r) => createClient(EnvironmentService, createGrpcTransport({ baseUrl: r.endpoint })));
    });

    after(async () => {
      await stopAllProcesses();
      await shared?.dispose();
    });

    it(`${ROUNDS} rounds of ${2 * CALLS_PER_REPLICA} calls: one success each, 99 ABORTED naming the latest, no revision gap or duplicate`, async () => {
      const [a, b] = clients as [Blox, Blox];
      const created = await a.createEnvironment({
        spec: { name: ENV, taskDefinition: "seed:1", cluster: "default", instanceGroup: { query: "attribute:stack == prod" } },
      });
      expect(created.environmentRevision).to.equal(1n);

      const winners: { round: number; call: number; via: string }[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const base = BigInt(round);
        // Interleave the two replicas so their calls really overlap.
        const calls = Array.from({ length: 2 * CALLS_PER_REPLICA }, (_, i) => {
          const client = i % 2 === 0 ? a : b;
          return client
            .updateEnvironment({ environmentName: ENV, baseRevision: base, taskDefinition: proposal(round, i) })
            .then(
              (res) => ({ i, ok: true as const, revision: res.environmentRevision }),
              (err: unknown) => ({ i, ok: false as const, error: ConnectError.from(err) }),
            );
        });
        const results = await Promise.all(calls);
        const ok = results.filter((r) => r.ok);
        const failed = results.filter((r) => !r.ok);
        expect(ok.length, `round ${round}: successes`).to.equal(1);
        expect(ok[0]!.revision, `round ${round}: the winner's revision`).to.equal(base + 1n);
        for (const f of failed) {
          expect(f.error.code, `round ${round} call ${f.i}: ${f.error.message}`).to.equal(Code.Aborted);
          expect(f.error.rawMessage, `round ${round} call ${f.i}`).to.include(`latest revision of ${ENV} is ${round + 1}`);
        }
        winners.push({ round, call: ok[0]!.i, via: ok[0]!.i % 2 === 0 ? "u1" : "u2" });
      }

      // The same history through either replica: 1..21, each revision the one winner's proposal.
      for (const client of [a, b]) {
        const revisions = await allRevisions(client);
        expect(revisions.map((r) => r.revision)).to.deep.equal(Array.from({ length: ROUNDS + 1 }, (_, i) => i + 1));
        expect(revisions.slice(1).map((r) => r.taskDefinition)).to.deep.equal(winners.map((w) => proposal(w.round, w.call)));
      }
      const env = (await a.listEnvironments({})).environments.find((e) => e.name === ENV);
      expect(env?.latestRevision).to.equal(BigInt(ROUNDS + 1));
      const byReplica = winners.reduce<Record<string, number>>((m, w) => ({ ...m, [w.via]: (m[w.via] ?? 0) + 1 }), {});
      console.log(`      wins by replica over ${ROUNDS} rounds: ${JSON.stringify(byReplica)}`);
    });
  });
}

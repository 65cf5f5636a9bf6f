// `/ui/`: every environment with its target revision, status, counts and
// progress, refreshed every second (unary calls: a stream per environment
// would use up the browser's few HTTP/1.1 connections).

import type { EnvironmentStatusView } from "../../../../gen/blox/v1/environment_pb.js";
import { environmentDisplayStatus } from "../../../cli/format/names.js";
import { Code, ConnectError, type Api } from "../api.js";
import { environmentHref } from "../model/route.js";
import { Banner, seconds } from "../ui/banner.js";
import { ProgressBar, StatusBadge } from "../ui/status-badge.js";
import { usePoll } from "../ui/use-poll.js";

const REFRESH_MS = 1000;

interface Row {
  name: string;
  view?: EnvironmentStatusView;
}

/** Healthy tasks of the target revision: the rollout's progress. */
export function targetHealthy(view: EnvironmentStatusView): number {
  return view.revisions.find((r) => r.revision === view.targetRevision)?.healthy ?? 0;
}

async function loadRows(api: Api, signal: AbortSignal): Promise<Row[]> {
  const names: string[] = [];
  let pageToken = "";
  do {
    const page = await api.listEnvironments({ pageSize: 100, pageToken, includeDeleted: true }, { signal });
    names.push(...page.environments.map((e) => e.name));
    pageToken = page.nextPageToken;
  } while (pageToken !== "");
  return Promise.all(
    names.map(async (name) => {
      try {
        const { status } = await api.describeEnvironmentStatus({ environmentName: name }, { signal });
        return { name, view: status };
      } catch (err) {
        // Purged between the two calls: it is gone.
        if (ConnectError.from(err).code === Code.NotFound) return { name };
        throw err;
      }
    }),
  );
}

export function ListPage(props: { api: Api }) {
  const { data, error } = usePoll((signal) => loadRows(props.api, signal), REFRESH_MS, [props.api]);
  return (
    <section aria-labelledby="list-title">
      <h1 id="list-title">Environments</h1>
      {error && (
        <Banner kind="error" testId="unreachable">
          Server unreachable or failing: <span class="server-text">{error.message}</span>. Retrying in {seconds(error.retryInMs)} (attempt {error.attempt}).
        </Banner>
      )}
      {!data && !error && <p>Loading…</p>}
      {data && data.length === 0 && (
        <p>
          No environments yet. Create one with <code>npx blox create-environment</code>.
        </p>
      )}
      {data && data.length > 0 && (
        <table class="table" aria-describedby="list-title">
          <thead>
            <tr>
              <th scope="col">ENVIRONMENT</th>
              <th scope="col">TARGET REVISION</th>
              <th scope="col">STATUS</th>
              <th scope="col" class="num">
                OUTDATED
              </th>
              <th scope="col" class="num">
                DESIRED
              </th>
              <th scope="col" class="num">
                HEALTHY
              </th>
              <th scope="col" class="num">
                TOTAL
              </th>
              <th scope="col">PROGRESS</th>
            </tr>
          </thead>
          <tbody>
            {data.map(({ name, view }) => (
              <tr key={name} data-environment={name}>
                <th scope="row">
                  <a href={environmentHref(name)}>{name}</a>
                </th>
                {view ? (
                  <>
                    <td>{view.targetRevision === 0n ? "N/A" : String(view.targetRevision)}</td>
                    <td>
                      <StatusBadge status={environmentDisplayStatus(view.status, view.conditions)} />
                    </td>
                    <td class="num">{view.outdated}</td>
                    <td class="num">{view.desired}</td>
                    <td class="num">{view.healthy}</td>
                    <td class="num">{view.total}</td>
                    <td>
                      <ProgressBar value={targetHealthy(view)} total={view.total} label={`${name}: healthy on the target revision`} />
                    </td>
                  </>
                ) : (
                  <td colSpan={7}>gone</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

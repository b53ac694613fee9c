import { metricsNeeding } from '../dora/metrics.js';
import type { Config } from '../inputs/index.js';
import type { Incident } from '../dora/model.js';
import type { GitHubClient } from './client.js';
import { unavailable } from './explain.js';
import { pageConnection, type Paged } from './paginate.js';
import { INCIDENT_ISSUES, type Connection } from './queries.js';
import { type Missing, ms, type Scope } from './scope.js';

interface IssueNode {
  number: number;
  title: string;
  url: string;
  createdAt: string;
  closedAt: string | null;
  labels: { nodes: { name: string }[] } | null;
}

/** Issues with any of the incident labels opened in both windows, newest first. */
export async function collectIncidents(client: GitHubClient, scope: Scope, labels: readonly string[]): Promise<Paged<Incident>> {
  const paged = await pageConnection<IssueNode>(
    async (after) =>
      (
        await client.graphql<{ repository: { issues: Connection<IssueNode> } | null }>(INCIDENT_ISSUES, {
          owner: scope.owner,
          name: scope.repo,
          labels,
          after,
        })
      ).repository?.issues,
    (nodes) => {
      const last = nodes[nodes.length - 1];
      return last !== undefined && ms(last.createdAt) < scope.previousStart;
    },
  );
  return {
    complete: paged.complete,
    nodes: paged.nodes
      .filter((i) => ms(i.createdAt) >= scope.previousStart && ms(i.createdAt) < scope.end)
      .map((i) => ({
        number: i.number,
        title: i.title,
        createdAt: ms(i.createdAt),
        closedAt: i.closedAt === null ? null : ms(i.closedAt),
        labels: (i.labels?.nodes ?? []).map((l) => l.name),
        url: i.url,
      })),
  };
}

export type IncidentRead = { nodes: Incident[]; missing: Missing | null } | { fatal: unknown };

/** The metrics incidents feed (the registry's `needs`). */
const INCIDENT_METRICS = metricsNeeding('incidents');

/**
 * Incidents do not depend on the source: they are read alongside it (collect.ts). A failure there withholds
 * only the metrics incidents feed; one the user must fix (permission) fails the run, but only
 * once awaited: the promise never rejects, so a failure cannot go unhandled while the source is read.
 */
export function readIncidents(client: GitHubClient, scope: Scope, config: Config): Promise<IncidentRead> {
  return config.failureSignals.includes('incident')
    ? collectIncidents(client, scope, config.incidentLabels).then(
        (paged) => ({ nodes: paged.nodes, missing: null }),
        (error: unknown) => {
          try {
            return { nodes: [], missing: unavailable(error, 'incident issues', 'issues: read', INCIDENT_METRICS) };
          } catch (fatal) {
            return { fatal };
          }
        },
      )
    : Promise.resolve({ nodes: [], missing: null });
}

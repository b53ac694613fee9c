import { deploymentsFromGitHubDeployments } from '../../dora/deployments.js';
import type { DeploymentRecord } from '../../dora/model.js';
import type { GitHubClient } from '../client.js';
import { logRead } from '../incremental.js';
import { readListing, type Listing, type ListingRead, type StopRule } from '../listing.js';
import { databaseIdOf } from '../node-id.js';
import { DEPLOYMENT_NODES, DEPLOYMENTS, type Connection } from '../queries.js';
import { HOUR_MS, ms, readFrom, type Scope } from '../scope.js';
import { type DeploymentSource, incompleteList } from './source.js';

/**
 * Stops a newest-first list once it reaches below the previous window and holds a candidate
 * baseline (the last item before the previous window), so every deployment in both windows has
 * the deployment before it.
 */
export function pastBaseline<N>(scope: Scope, createdAt: (n: N) => number, isBaseline: (n: N) => boolean): StopRule<N> {
  return () => {
    let baseline = false;
    return (n) => {
      baseline ||= isBaseline(n);
      return baseline && createdAt(n) < readFrom(scope);
    };
  };
}

/**
 * The repository's environments, and those matching the `environment` pattern. Paged: a
 * repository with a preview environment per pull request easily has more than 100.
 */
export async function matchingEnvironments(
  client: GitHubClient,
  scope: Scope,
  pattern: RegExp,
): Promise<{ all: string[]; matching: string[] }> {
  // paginate() unwraps `{ total_count, environments }` into the list itself.
  const environments = (await client.octokit.paginate('GET /repos/{owner}/{repo}/environments', {
    owner: scope.owner,
    repo: scope.repo,
    per_page: 100,
  })) as unknown as { name: string }[];
  const all = environments.map((e) => e.name);
  return { all, matching: all.filter((name) => pattern.test(name)) };
}

const optionalDatabaseId = (nodeId: string): { databaseId?: string } => {
  const databaseId = databaseIdOf(nodeId);
  return databaseId === null ? {} : { databaseId };
};

interface DeploymentNode {
  /** Node id: Deployment.databaseId is a 32-bit Int, too small for today's deployment ids. */
  id: string;
  commitOid: string;
  environment: string | null;
  createdAt: string;
  ref: { name: string } | null;
  statuses: { nodes: { state: string; createdAt: string }[] } | null;
}

const toDeploymentRecord = (d: DeploymentNode): DeploymentRecord => ({
  id: d.id,
  ...optionalDatabaseId(d.id),
  sha: d.commitOid,
  ref: d.ref?.name ?? null,
  environment: d.environment ?? '',
  createdAt: ms(d.createdAt),
  statuses: (d.statuses?.nodes ?? []).map((s) => ({ state: s.state.toLowerCase(), createdAt: ms(s.createdAt) })),
});

/** The latest status that says how the deployment went (`inactive` only says a newer one replaced it). */
function latestOutcome(d: DeploymentRecord): { state: string; createdAt: number } | undefined {
  return [...d.statuses]
    .sort((a, b) => a.createdAt - b.createdAt)
    .filter((s) => s.state !== 'inactive')
    .pop();
}

/** A deployment whose statuses can still move: none yet, or the newest is not an end state. */
export function deploymentMayChange(d: DeploymentRecord): boolean {
  const newest = [...d.statuses].sort((a, b) => a.createdAt - b.createdAt).pop();
  return newest === undefined || !['success', 'failure', 'error', 'inactive'].includes(newest.state);
}

/**
 * Statuses can still arrive on a deployment this recent when a run keeps the listing (a failure
 * after a success comes minutes later): deployments created since `asOf` minus this are re-read.
 */
export const DEPLOYMENT_SLACK = 24 * HOUR_MS;

/** What a run keeps of the deployments listing: valid only for the same environments. */
export interface DeploymentsKept {
  readonly environments: readonly string[];
  readonly asOf: number;
  readonly listing: Listing<DeploymentRecord>;
}

/**
 * GitHub Deployments to the production environments, with statuses, in one GraphQL query per 100,
 * newest first. With `kept`, only deployments created since it was kept (less a day) are fetched,
 * plus those still in progress then; the rest comes from it.
 */
export async function collectDeployments(
  client: GitHubClient,
  scope: Scope,
  environments: readonly string[],
  kept?: DeploymentsKept | null,
): Promise<ListingRead<DeploymentRecord>> {
  if (environments.length === 0) return { nodes: [], complete: true, listing: { nodes: [], reachedEnd: true }, pages: 0, reused: 0 };
  const usable =
    kept && kept.environments.length === environments.length && kept.environments.every((e, i) => e === environments[i]) ? kept : null;
  return readListing<DeploymentRecord>({
    fetchPage: async (after) => {
      const connection = (
        await client.graphql<{ repository: { deployments: Connection<DeploymentNode> } | null }>(DEPLOYMENTS, {
          owner: scope.owner,
          name: scope.repo,
          environments,
          after,
        })
      ).repository?.deployments;
      return connection && { nodes: connection.nodes.map(toDeploymentRecord), ...connection.pageInfo, totalCount: connection.totalCount };
    },
    key: (d) => String(d.id),
    stop: pastBaseline(
      scope,
      (d) => d.createdAt,
      // The baseline is a deployment by the same rule deployments are counted: its latest outcome is a success.
      (d) => {
        const outcome = latestOutcome(d);
        return outcome?.state === 'success' && outcome.createdAt < scope.previousStart;
      },
    ),
    prior: usable && {
      listing: usable.listing,
      spliced: (fetched) => {
        const last = fetched[fetched.length - 1];
        return last !== undefined && last.createdAt < usable.asOf - DEPLOYMENT_SLACK;
      },
      refresh: async (rest) => {
        const moving = rest.filter(deploymentMayChange);
        if (moving.length === 0) return rest;
        const fresh = new Map<string, DeploymentRecord>();
        for (let i = 0; i < moving.length; i += 100) {
          const data = await client.graphql<{ nodes: (DeploymentNode | null)[] }>(DEPLOYMENT_NODES, {
            ids: moving.slice(i, i + 100).map((d) => String(d.id)),
          });
          for (const node of data.nodes) if (node?.id) fresh.set(node.id, toDeploymentRecord(node));
        }
        // A deployment deleted since is gone from the list too.
        return rest.flatMap((d) => (deploymentMayChange(d) ? (fresh.has(String(d.id)) ? [fresh.get(String(d.id))!] : []) : [d]));
      },
    },
  });
}

/** GitHub Deployments to the production environments whose latest outcome is a success. */
export const deploymentsSource: DeploymentSource = {
  name: 'deployments',
  what: 'deployments',
  permission: 'deployments: read',
  evidence: true,
  read: async ({ client, scope, config, inc, ahead }) => {
    const { all, matching: environments } = await matchingEnvironments(client, scope, config.environment);
    if (environments.length === 0) {
      const seen =
        all.length === 0
          ? 'the repository has no environments'
          : `its environments are ${all.slice(0, 10).join(', ')}${all.length > 10 ? ', …' : ''}`;
      return {
        deployments: [],
        failedRuns: [],
        note: `no environment matches ${config.environment.source}; ${seen}`,
        missing: [],
      };
    }
    ahead.readable();
    const kept = inc.prior.deployments;
    const records = await collectDeployments(
      client,
      scope,
      environments,
      kept ? { environments: kept.environments, asOf: inc.priorAsOf, listing: kept.listing } : null,
    );
    inc.next.deployments = { environments, listing: records.listing };
    if (kept) logRead(inc, 'deployments', records);
    return {
      deployments: deploymentsFromGitHubDeployments(records.nodes, config.environment, { end: scope.end }),
      fromBranch: new Set(records.nodes.filter((r) => r.ref === scope.branch || r.ref === `refs/heads/${scope.branch}`).map((r) => r.sha)),
      failedRuns: [],
      note: `GitHub Deployments to ${environments.join(', ')}`,
      missing: records.complete ? [] : [incompleteList('deployments')],
    };
  },
};

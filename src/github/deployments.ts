import type { DeploymentRecord, ReleaseRecord } from '../dora/model.js';
import type { GitHubClient } from './client.js';
import { databaseIdOf } from './node-id.js';
import { readListing, type Listing, type ListingRead, type StopRule } from './listing.js';
import { DEPLOYMENT_NODES, DEPLOYMENTS, RELEASES, type Connection } from './queries.js';
import { HOUR, ms, readFrom, type Scope } from './scope.js';

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
export const DEPLOYMENT_SLACK = 24 * HOUR;

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

interface ReleaseNode {
  databaseId: number | null;
  tagName: string;
  name: string | null;
  url: string;
  isDraft: boolean;
  isPrerelease: boolean;
  createdAt: string;
  publishedAt: string | null;
  tagCommit: { oid: string } | null;
}

/**
 * Releases with the commit their tag points to (GraphQL `tagCommit`: no request per tag). Always
 * read in full: drafts get published and a release's `createdAt` is its commit's date, so a new
 * release can appear anywhere in the list; one or two pages cover both windows.
 */
export async function collectReleases(
  client: GitHubClient,
  scope: Scope,
  includePrereleases: boolean,
): Promise<{ nodes: ReleaseRecord[]; complete: boolean }> {
  const paged = await readListing<ReleaseNode>({
    fetchPage: async (after) => {
      const connection = (
        await client.graphql<{ repository: { releases: Connection<ReleaseNode> } | null }>(RELEASES, {
          owner: scope.owner,
          name: scope.repo,
          after,
        })
      ).repository?.releases;
      return connection && { nodes: connection.nodes, ...connection.pageInfo };
    },
    key: (r) => `${r.databaseId}:${r.tagName}`,
    stop: pastBaseline(
      scope,
      (r) => ms(r.createdAt),
      (r) =>
        !r.isDraft &&
        (includePrereleases || !r.isPrerelease) &&
        r.publishedAt !== null &&
        r.tagCommit !== null &&
        ms(r.publishedAt) < scope.previousStart,
    ),
  });
  return {
    complete: paged.complete,
    nodes: paged.nodes.flatMap((r) =>
      r.databaseId === null
        ? []
        : [
            {
              id: r.databaseId,
              tagName: r.tagName,
              name: r.name,
              sha: r.tagCommit?.oid ?? null,
              draft: r.isDraft,
              prerelease: r.isPrerelease,
              publishedAt: r.publishedAt === null ? null : ms(r.publishedAt),
              url: r.url,
            },
          ],
    ),
  };
}

import type { DeploymentRecord, ReleaseRecord } from '../dora/model.js';
import type { GitHubClient } from './client.js';
import { pageConnection, type Paged } from './paginate.js';
import { DEPLOYMENTS, RELEASES, type Connection } from './queries.js';
import { CREATION_SLACK, ms, type Scope } from './scope.js';

/**
 * Stops paging a newest-first list once it reaches below the previous window and holds a
 * candidate baseline (the last item before the previous window), so every deployment in both
 * windows has the deployment before it.
 */
export function pastBaseline<N>(
  scope: Scope,
  createdAt: (n: N) => number,
  isBaseline: (n: N) => boolean,
): (nodes: readonly N[]) => boolean {
  return (nodes) => {
    const last = nodes[nodes.length - 1];
    return (
      last !== undefined && createdAt(last) < scope.previousStart - CREATION_SLACK && nodes.some(isBaseline)
    );
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

interface DeploymentNode {
  /** Node id: Deployment.databaseId is a 32-bit Int, too small for today's deployment ids. */
  id: string;
  commitOid: string;
  environment: string | null;
  createdAt: string;
  ref: { name: string } | null;
  statuses: { nodes: { state: string; createdAt: string }[] } | null;
}

/** GitHub Deployments to the production environments, with statuses, in one GraphQL query per 100. */
export async function collectDeployments(
  client: GitHubClient,
  scope: Scope,
  environments: readonly string[],
): Promise<Paged<DeploymentRecord>> {
  if (environments.length === 0) return { nodes: [], complete: true };
  const paged = await pageConnection<DeploymentNode>(
    async (after) =>
      (
        await client.graphql<{ repository: { deployments: Connection<DeploymentNode> } | null }>(DEPLOYMENTS, {
          owner: scope.owner,
          name: scope.repo,
          environments,
          after,
        })
      ).repository?.deployments,
    pastBaseline(
      scope,
      (d) => ms(d.createdAt),
      (d) => d.statuses?.nodes.some((s) => s.state === 'SUCCESS' && ms(s.createdAt) < scope.previousStart) ?? false,
    ),
  );
  return {
    complete: paged.complete,
    nodes: paged.nodes.map((d) => ({
      id: d.id,
      sha: d.commitOid,
      ref: d.ref?.name ?? null,
      environment: d.environment ?? '',
      createdAt: ms(d.createdAt),
      statuses: (d.statuses?.nodes ?? []).map((s) => ({ state: s.state.toLowerCase(), createdAt: ms(s.createdAt) })),
    })),
  };
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

/** Releases with the commit their tag points to (GraphQL `tagCommit`: no request per tag). */
export async function collectReleases(
  client: GitHubClient,
  scope: Scope,
  includePrereleases: boolean,
): Promise<Paged<ReleaseRecord>> {
  const paged = await pageConnection<ReleaseNode>(
    async (after) =>
      (
        await client.graphql<{ repository: { releases: Connection<ReleaseNode> } | null }>(RELEASES, {
          owner: scope.owner,
          name: scope.repo,
          after,
        })
      ).repository?.releases,
    pastBaseline(
      scope,
      (r) => ms(r.createdAt),
      (r) =>
        !r.isDraft &&
        (includePrereleases || !r.isPrerelease) &&
        r.publishedAt !== null &&
        ms(r.publishedAt) < scope.previousStart,
    ),
  );
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

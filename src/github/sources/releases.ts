import { deploymentsFromReleases } from '../../dora/deployments.js';
import type { ReleaseRecord } from '../../dora/model.js';
import type { GitHubClient } from '../client.js';
import { readListing } from '../listing.js';
import { RELEASES, type Connection } from '../queries.js';
import { ms, type Scope } from '../scope.js';
import { pastBaseline } from './deployments.js';
import { type DeploymentSource, incompleteList } from './source.js';

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

/** Published releases (prereleases with `include-prereleases`): a release is a deployment of its tag's commit. */
export const releasesSource: DeploymentSource = {
  name: 'releases',
  what: 'releases',
  permission: 'contents: read',
  evidence: true,
  read: async ({ client, scope, config, ahead }) => {
    ahead.readable();
    const records = await collectReleases(client, scope, config.includePrereleases);
    return {
      deployments: deploymentsFromReleases(records.nodes, config.includePrereleases),
      failedRuns: [],
      note: config.includePrereleases ? 'published releases, prereleases included' : 'published releases (not prereleases)',
      missing: records.complete ? [] : [incompleteList('releases')],
    };
  },
};

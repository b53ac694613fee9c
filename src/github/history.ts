import type { Commit, Incident, PullRequest, PullRequestCommit } from '../dora/model.js';
import type { GitHubClient } from './client.js';
import { pageConnection, type Paged } from './paginate.js';
import {
  BRANCH_HISTORY,
  INCIDENT_ISSUES,
  MERGED_PULL_REQUESTS,
  PULL_REQUEST_MORE_COMMITS,
  type Connection,
} from './queries.js';
import { DAY, iso, ms, type Scope } from './scope.js';

interface CommitNode {
  oid: string;
  committedDate: string;
  authoredDate: string;
  message: string;
  author: { user: { login: string } | null } | null;
  parents: { nodes: { oid: string }[] };
  associatedPullRequests: { nodes: { number: number }[] } | null;
}

export interface HistoryOptions {
  /** The commit of the baseline deployment: older history is already shipped. */
  readonly baselineSha: string | null;
  /** The baseline deployment's time: a safety stop when its commit is not on the branch. */
  readonly baselineTime: number | null;
  /** Pages read at most when there is no baseline (the whole history would be needed). */
  readonly maxPagesWithoutBaseline: number;
}

/**
 * The production branch's history up to the window end, newest first, with the pull requests
 * GitHub associates with each commit, read back to the baseline deployment's commit: everything
 * older is contained in the baseline and so was shipped before both windows.
 */
export async function collectBranchHistory(
  client: GitHubClient,
  scope: Scope,
  options: HistoryOptions,
): Promise<Paged<Commit> & { oldestCommittedAt: number | null }> {
  const safetyStop = options.baselineTime === null ? null : options.baselineTime - 30 * DAY;
  const paged = await pageConnection<CommitNode>(
    async (after) => {
      const data = await client.graphql<{
        repository: { ref: { target: { history?: Connection<CommitNode> } } | null } | null;
      }>(BRANCH_HISTORY, {
        owner: scope.owner,
        name: scope.repo,
        ref: `refs/heads/${scope.branch}`,
        until: iso(scope.end - 1000),
        after,
      });
      return data.repository?.ref?.target.history;
    },
    (nodes) => {
      if (options.baselineSha === null) return false;
      if (nodes.some((c) => c.oid === options.baselineSha)) return true;
      const last = nodes[nodes.length - 1];
      return safetyStop !== null && last !== undefined && ms(last.committedDate) < safetyStop;
    },
    options.baselineSha === null ? options.maxPagesWithoutBaseline : Number.POSITIVE_INFINITY,
  );
  const commits = paged.nodes.map(
    (c): Commit => ({
      sha: c.oid,
      parents: c.parents.nodes.map((p) => p.oid),
      authoredAt: ms(c.authoredDate),
      message: c.message,
      author: c.author?.user?.login ?? null,
      pullRequests: (c.associatedPullRequests?.nodes ?? []).map((p) => p.number),
    }),
  );
  const oldest = paged.nodes.reduce<number | null>((min, c) => {
    const t = ms(c.committedDate);
    return min === null || t < min ? t : min;
  }, null);
  return { nodes: commits, complete: paged.complete, oldestCommittedAt: oldest };
}

interface PullRequestNode {
  number: number;
  title: string;
  url: string;
  headRefName: string;
  createdAt: string;
  mergedAt: string | null;
  updatedAt: string;
  author: { __typename: string; login: string } | null;
  mergeCommit: { oid: string } | null;
  labels: { nodes: { name: string }[] } | null;
  additions: number;
  deletions: number;
  changedFiles: number;
  reviews: { nodes: { author: { __typename: string; login: string } | null; state: string; submittedAt: string | null }[] } | null;
  commits: Connection<{ commit: { oid: string; authoredDate: string; message: string } }>;
}

/** GraphQL shows a bot as `Bot` with login `dependabot`; GitHub's REST and UI say `dependabot[bot]`. */
export function actorLogin(actor: { __typename: string; login: string } | null): string | null {
  if (!actor) return null;
  return actor.__typename === 'Bot' && !actor.login.endsWith('[bot]') ? `${actor.login}[bot]` : actor.login;
}

const toPullRequestCommit = (n: { commit: { oid: string; authoredDate: string; message: string } }): PullRequestCommit => ({
  sha: n.commit.oid,
  authoredAt: ms(n.commit.authoredDate),
  message: n.commit.message,
});

/**
 * Pull requests merged into the branch since `mergedSince`, with labels and commits, 100 a
 * request. Ordered by last update, newest first: a PR updated before `mergedSince` was merged
 * before it too, so paging stops there. PRs with over 100 commits get their other pages after.
 */
export async function collectMergedPullRequests(
  client: GitHubClient,
  scope: Scope,
  mergedSince: number,
  options: {
    /** Keeps only these (e.g. merge commit on the branch history read). */
    wanted?: (pr: { number: number; mergeCommitSha: string | null; mergedAt: number }) => boolean;
    /** Also page until the last PR merged before this instant is certainly read (merges baseline). */
    baselineBefore?: number;
  } = {},
): Promise<Paged<PullRequest>> {
  const mergedAt = (p: PullRequestNode): number => (p.mergedAt === null ? Number.NaN : ms(p.mergedAt));
  const paged = await pageConnection<PullRequestNode>(
    async (after) =>
      (
        await client.graphql<{ repository: { pullRequests: Connection<PullRequestNode> } | null }>(
          MERGED_PULL_REQUESTS,
          { owner: scope.owner, name: scope.repo, base: scope.branch, after },
        )
      ).repository?.pullRequests,
    (nodes) => {
      const last = nodes[nodes.length - 1];
      if (last === undefined || ms(last.updatedAt) >= mergedSince) return false;
      if (options.baselineBefore === undefined) return true;
      // A PR merged later than the best baseline so far was updated later too, so it is read.
      const before = nodes.map(mergedAt).filter((t) => t < options.baselineBefore!);
      return before.length > 0 && ms(last.updatedAt) < Math.max(...before);
    },
  );
  const wanted = options.wanted ?? (() => true);
  const merged = paged.nodes.filter(
    (p) =>
      p.mergedAt !== null &&
      mergedAt(p) < scope.end &&
      (options.baselineBefore !== undefined || mergedAt(p) >= mergedSince) &&
      wanted({ number: p.number, mergeCommitSha: p.mergeCommit?.oid ?? null, mergedAt: mergedAt(p) }),
  );
  const pullRequests = await Promise.all(
    merged.map(async (p): Promise<PullRequest> => {
      const commits = p.commits.nodes.map(toPullRequestCommit);
      let pageInfo = p.commits.pageInfo;
      while (pageInfo.hasNextPage) {
        const more = await client.graphql<{
          repository: { pullRequest: { commits: Connection<{ commit: { oid: string; authoredDate: string; message: string } }> } | null } | null;
        }>(PULL_REQUEST_MORE_COMMITS, {
          owner: scope.owner,
          name: scope.repo,
          number: p.number,
          after: pageInfo.endCursor,
        });
        const connection = more.repository?.pullRequest?.commits;
        if (!connection) break;
        commits.push(...connection.nodes.map(toPullRequestCommit));
        pageInfo = connection.pageInfo;
      }
      return {
        number: p.number,
        title: p.title,
        author: actorLogin(p.author),
        headRef: p.headRefName,
        labels: (p.labels?.nodes ?? []).map((l) => l.name),
        createdAt: ms(p.createdAt),
        mergedAt: ms(p.mergedAt!),
        mergeCommitSha: p.mergeCommit?.oid ?? '',
        commits,
        url: p.url,
        // Reviews feed the flow metrics only; 50 a PR covers all but the longest threads.
        reviews: (p.reviews?.nodes ?? []).flatMap((r) =>
          r.submittedAt === null ? [] : [{ author: actorLogin(r.author), state: r.state, submittedAt: ms(r.submittedAt) }],
        ),
        size: { additions: p.additions, deletions: p.deletions, changedFiles: p.changedFiles },
      };
    }),
  );
  return { nodes: pullRequests, complete: paged.complete };
}

interface IssueNode {
  number: number;
  title: string;
  url: string;
  createdAt: string;
  closedAt: string | null;
  labels: { nodes: { name: string }[] } | null;
}

/** Issues with any of the incident labels opened in both windows, newest first. */
export async function collectIncidents(
  client: GitHubClient,
  scope: Scope,
  labels: readonly string[],
): Promise<Paged<Incident>> {
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

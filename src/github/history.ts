import type { Commit, Incident, PullRequest, PullRequestCommit } from '../dora/model.js';
import type { GitHubClient } from './client.js';
import { readListing, type Listing, type ListingRead, type StopRule } from './listing.js';
import { pageConnection, type Paged } from './paginate.js';
import {
  BRANCH_HISTORY,
  INCIDENT_ISSUES,
  MERGED_PULL_REQUESTS,
  PULL_REQUEST_MORE_COMMITS,
  pullRequestsByNumber,
  type Connection,
} from './queries.js';
import { DAY, HOUR, iso, ms, type Scope } from './scope.js';

interface CommitNode {
  oid: string;
  committedDate: string;
  authoredDate: string;
  message: string;
  author: { email: string | null; user: { login: string } | null } | null;
  parents: { nodes: { oid: string }[] };
  associatedPullRequests: { nodes: { number: number }[] } | null;
}

/** A commit of the branch history as kept between runs: the engine's record and its committed date. */
export interface HistoryCommit extends Commit {
  readonly committedAt: number;
}

export interface HistoryOptions {
  /** The baseline deployment (the last before the previous window): older history is already shipped. */
  readonly baseline: { readonly sha: string; readonly time: number } | null;
  /**
   * With no baseline, the first deployment on record: everything it contains is `unmeasured`, so
   * past its commit only `unmeasuredCap` more commits are read, to count them.
   */
  readonly first: { readonly sha: string; readonly time: number } | null;
  readonly unmeasuredCap: number;
  /** Commits read at most, a safety bound; past it the history is incomplete. */
  readonly maxCommits: number;
}

/**
 * How far before a deployment's commit the history goes on: git lists history by committed date,
 * so a branch merged after the deployment can hold commits committed before it. A month covers all
 * but branches left unmerged that long.
 */
export const HISTORY_SLACK = 30 * DAY;

/**
 * Where reading the branch history (newest first) can stop: at the baseline deployment's commit,
 * or a month of commits before its time; with no baseline, past the first deployment's commit (or
 * a month before its time) and then `unmeasuredCap` commits; with no deployment, once before the
 * previous window. `cutIndex` is the index of the item after which only the unmeasured count
 * goes on (-1 when there is no such phase).
 */
export function historyStop(
  scope: Scope,
  options: HistoryOptions,
): { stop: StopRule<HistoryCommit>; firstPhaseEnd: (list: readonly HistoryCommit[]) => number } {
  const endsFirstPhase = (c: HistoryCommit): boolean => {
    if (options.baseline) return c.sha === options.baseline.sha || c.committedAt < options.baseline.time - HISTORY_SLACK;
    if (options.first) return c.sha === options.first.sha || c.committedAt < options.first.time - HISTORY_SLACK;
    return c.committedAt < scope.previousStart;
  };
  const counted = options.baseline === null && options.first !== null;
  return {
    stop: () => {
      let past = -1;
      return (c) => {
        if (past < 0) {
          if (!endsFirstPhase(c)) return false;
          past = 0;
          return !counted || options.unmeasuredCap === 0;
        }
        past += 1;
        return past >= options.unmeasuredCap;
      };
    },
    firstPhaseEnd: (list) => (counted ? list.findIndex(endsFirstPhase) : -1),
  };
}

/**
 * The login in a GitHub noreply address (`12345+login@users.noreply.github.com`, or the older
 * `login@users.noreply.github.com`). A bot's commits carry one and no `user` (GraphQL types the
 * author's account as a User, which a bot is not), so `exclude-authors` can still name it.
 */
export function loginOfNoreplyEmail(email: string | null): string | null {
  const m = /^(?:\d+\+)?([^@\s]+)@users\.noreply\.github\.com$/i.exec(email ?? '');
  return m ? (m[1] as string) : null;
}

const toHistoryCommit = (c: CommitNode): HistoryCommit => ({
  sha: c.oid,
  parents: c.parents.nodes.map((p) => p.oid),
  authoredAt: ms(c.authoredDate),
  message: c.message,
  author: c.author?.user?.login ?? loginOfNoreplyEmail(c.author?.email ?? null),
  pullRequests: (c.associatedPullRequests?.nodes ?? []).map((p) => p.number),
  committedAt: ms(c.committedDate),
});

/**
 * True once the pages fetched hold every commit the branch gained since `kept` was read: its
 * newest commit is among them (the branch moved forward, no force-push), and every parent of a
 * fetched commit the listing does not have is fetched too. The rest of the history is then the
 * kept listing, in its order (git lists history newest committed first).
 */
export function historySpliced(kept: Listing<HistoryCommit>): (fetched: readonly HistoryCommit[]) => boolean {
  const keptShas = new Set(kept.nodes.map((c) => c.sha));
  const head = kept.nodes[0]?.sha;
  return (fetched) => {
    if (head === undefined || !fetched.some((c) => c.sha === head)) return false;
    const fetchedShas = new Set(fetched.map((c) => c.sha));
    return fetched.every((c) => keptShas.has(c.sha) || c.parents.every((p) => fetchedShas.has(p) || keptShas.has(p)));
  };
}

/**
 * The production branch's history up to the window end, newest first, with the pull requests
 * GitHub associates with each commit, read back to the baseline deployment's commit: everything
 * older is contained in the baseline and so was shipped before both windows. With `kept`, only
 * the commits added since are fetched.
 */
export async function collectBranchHistory(
  client: GitHubClient,
  scope: Scope,
  options: HistoryOptions,
  kept?: Listing<HistoryCommit> | null,
): Promise<ListingRead<HistoryCommit> & { oldestCommittedAt: number | null; unmeasuredCut: boolean; head: string | null }> {
  const rule = historyStop(scope, options);
  // The branch's head now: the history below is its ancestry (committed before the end), so where
  // another commit stands against the branch is asked of it, not of the newest commit read.
  let head: string | null = null;
  const read = await readListing<HistoryCommit>({
    fetchPage: async (after) => {
      const data = await client.graphql<{
        repository: { ref: { target: { oid?: string; history?: Connection<CommitNode> } } | null } | null;
      }>(BRANCH_HISTORY, {
        owner: scope.owner,
        name: scope.repo,
        ref: `refs/heads/${scope.branch}`,
        until: iso(scope.end - 1000),
        after,
      });
      head ??= data.repository?.ref?.target.oid ?? null;
      const connection = data.repository?.ref?.target.history;
      return connection && { nodes: connection.nodes.map(toHistoryCommit), ...connection.pageInfo, totalCount: connection.totalCount };
    },
    key: (c) => c.sha,
    stop: rule.stop,
    maxItems: options.maxCommits,
    prior: kept && kept.nodes.length > 0 ? { listing: kept, spliced: historySpliced(kept) } : null,
  });
  const oldest = read.nodes.reduce<number | null>((min, c) => (min === null || c.committedAt < min ? c.committedAt : min), null);
  // The unmeasured count stopped short of the history's end: the first deployment shipped more.
  const phaseEnd = rule.firstPhaseEnd(read.nodes);
  const unmeasuredCut = phaseEnd >= 0 && !read.listing.reachedEnd && read.nodes.length - 1 - phaseEnd >= options.unmeasuredCap;
  return { ...read, oldestCommittedAt: oldest, unmeasuredCut, head: head ?? read.nodes[0]?.sha ?? null };
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

/** A merged pull request as kept between runs: when it last changed, and where its commit list goes on past 100. */
export interface ListedPullRequest extends PullRequest {
  readonly updatedAt: number;
  /** Cursor of the commits not read yet (over 100); null when `commits` is the whole list. */
  readonly commitsAfter: string | null;
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

const toListedPullRequest = (p: PullRequestNode): ListedPullRequest => ({
  number: p.number,
  title: p.title,
  author: actorLogin(p.author),
  headRef: p.headRefName,
  labels: (p.labels?.nodes ?? []).map((l) => l.name),
  createdAt: ms(p.createdAt),
  // The listing asks for merged pull requests only.
  mergedAt: p.mergedAt === null ? Number.NaN : ms(p.mergedAt),
  mergeCommitSha: p.mergeCommit?.oid ?? '',
  commits: p.commits.nodes.map(toPullRequestCommit),
  url: p.url,
  // Reviews feed the flow metrics only; 50 a PR covers all but the longest threads.
  reviews: (p.reviews?.nodes ?? []).flatMap((r) =>
    r.submittedAt === null ? [] : [{ author: actorLogin(r.author), state: r.state, submittedAt: ms(r.submittedAt) }],
  ),
  size: { additions: p.additions, deletions: p.deletions, changedFiles: p.changedFiles },
  updatedAt: ms(p.updatedAt),
  commitsAfter: p.commits.pageInfo.hasNextPage ? p.commits.pageInfo.endCursor : null,
});

/** The engine's record: the listing's bookkeeping left out. */
const toPullRequest = ({ updatedAt: _updatedAt, commitsAfter: _commitsAfter, ...pr }: ListedPullRequest): PullRequest => pr;

/**
 * Any change to a pull request moves its `updatedAt` past every time an earlier read saw; an
 * hour's margin covers the lag between a change and the listing showing it.
 */
export const PULL_REQUEST_SLACK = HOUR;

/**
 * Pull requests merged into the branch since `mergedSince`, with labels and commits, 100 a
 * request. Ordered by last update, newest first: a PR updated before `mergedSince` was merged
 * before it too, so paging stops there. PRs with over 100 commits get their other pages after.
 * With `kept`, only the pull requests updated since it was read are fetched.
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
  kept?: Listing<ListedPullRequest> | null,
): Promise<{
  nodes: PullRequest[];
  complete: boolean;
  listing: Listing<ListedPullRequest>;
  pages: number;
  reused: number;
  distrusted?: string;
}> {
  const highWater = kept?.nodes[0]?.updatedAt;
  /** The kept listing's oldest update: a pull request merged before it was in the list then, past the listing. */
  const lowWater = kept?.nodes.at(-1)?.updatedAt ?? Number.NEGATIVE_INFINITY;
  const read = await readListing<ListedPullRequest>({
    fetchPage: async (after) => {
      const connection = (
        await client.graphql<{ repository: { pullRequests: Connection<PullRequestNode> } | null }>(MERGED_PULL_REQUESTS, {
          owner: scope.owner,
          name: scope.repo,
          base: scope.branch,
          after,
        })
      ).repository?.pullRequests;
      return connection && { nodes: connection.nodes.map(toListedPullRequest), ...connection.pageInfo, totalCount: connection.totalCount };
    },
    key: (p) => String(p.number),
    stop: () => {
      // A PR merged later than the best baseline so far was updated later too, so it is read.
      let latestBefore = Number.NEGATIVE_INFINITY;
      return (p) => {
        if (options.baselineBefore !== undefined && p.mergedAt < options.baselineBefore) latestBefore = Math.max(latestBefore, p.mergedAt);
        if (p.updatedAt >= mergedSince) return false;
        return options.baselineBefore === undefined || p.updatedAt < latestBefore;
      };
    },
    prior:
      kept && highWater !== undefined
        ? {
            listing: kept,
            spliced: (fetched) => {
              const last = fetched[fetched.length - 1];
              return last !== undefined && last.updatedAt < highWater - PULL_REQUEST_SLACK;
            },
            moved: (p) => p.mergedAt <= lowWater,
          }
        : null,
  });
  const wanted = options.wanted ?? (() => true);
  const nodes = [...read.nodes];
  const merged = nodes.flatMap((p, index) =>
    !Number.isNaN(p.mergedAt) &&
    p.mergedAt < scope.end &&
    (options.baselineBefore !== undefined || p.mergedAt >= mergedSince) &&
    wanted({ number: p.number, mergeCommitSha: p.mergeCommitSha === '' ? null : p.mergeCommitSha, mergedAt: p.mergedAt })
      ? [index]
      : [],
  );
  await Promise.all(
    merged.map(async (index) => {
      // Kept whole: the next run needs no request for it.
      nodes[index] = await withAllCommits(client, scope, nodes[index]!);
    }),
  );
  return {
    nodes: merged.map((index) => toPullRequest(nodes[index]!)),
    complete: read.complete,
    listing: { ...read.listing, nodes },
    pages: read.pages,
    reused: read.reused,
    ...(read.distrusted === undefined ? {} : { distrusted: read.distrusted }),
  };
}

/** The pull request with the rest of its commits beyond the first 100, read 100 a request. */
async function withAllCommits(client: GitHubClient, scope: Scope, p: ListedPullRequest): Promise<ListedPullRequest> {
  if (p.commitsAfter === null) return p;
  const commits = [...p.commits];
  let after: string | null = p.commitsAfter;
  while (after !== null) {
    const more: {
      repository: {
        pullRequest: { commits: Connection<{ commit: { oid: string; authoredDate: string; message: string } }> } | null;
      } | null;
    } = await client.graphql(PULL_REQUEST_MORE_COMMITS, {
      owner: scope.owner,
      name: scope.repo,
      number: p.number,
      after,
    });
    const connection: Connection<{ commit: { oid: string; authoredDate: string; message: string } }> | undefined =
      more.repository?.pullRequest?.commits;
    if (!connection) break;
    commits.push(...connection.nodes.map(toPullRequestCommit));
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  }
  return { ...p, commits, commitsAfter: after };
}

const PULL_REQUESTS_PER_QUERY = 25;

/**
 * Merged pull requests by number, for those the branch history associates with its commits but the
 * listing of pull requests into the branch does not hold: merged into another branch first, their
 * merge commit reached the production branch through a later merge (docs/metrics.md "What a change
 * is"). Pull requests not merged before the window end are left out.
 */
export async function collectPullRequestsByNumber(client: GitHubClient, scope: Scope, numbers: readonly number[]): Promise<PullRequest[]> {
  const found: PullRequest[] = [];
  for (let i = 0; i < numbers.length; i += PULL_REQUESTS_PER_QUERY) {
    const batch = numbers.slice(i, i + PULL_REQUESTS_PER_QUERY);
    const data = await client.graphql<{ repository: Record<string, PullRequestNode | null> | null }>(pullRequestsByNumber(batch), {
      owner: scope.owner,
      name: scope.repo,
    });
    for (let k = 0; k < batch.length; k += 1) {
      const node = data.repository?.[`p${k}`];
      if (!node || node.mergedAt === null || node.mergeCommit === null || ms(node.mergedAt) >= scope.end) continue;
      found.push(toPullRequest(await withAllCommits(client, scope, toListedPullRequest(node))));
    }
  }
  return found;
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

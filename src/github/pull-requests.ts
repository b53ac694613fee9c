import type { PullRequest, PullRequestCommit } from '../dora/model.js';
import type { GitHubClient } from './client.js';
import { readListing, type Listing, type ListingPage } from './listing.js';
import { type CursorPage, calm, type FromBack, type ReadAhead, readAhead, readBothEnds } from './parallel.js';
import {
  MERGED_PULL_REQUESTS,
  MERGED_PULL_REQUESTS_BEFORE,
  PULL_REQUEST_MORE_COMMITS,
  pullRequestsByNumber,
  type Connection,
} from './queries.js';
import { DAY_MS, HOUR_MS, ms, type Scope } from './scope.js';

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
export const PULL_REQUEST_SLACK = HOUR_MS;

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
    /** The listing's pages, read ahead (`readAheadMergedPullRequests`). */
    pages?: ReadAhead<ListedPullRequestPage> | null;
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
    fetchPage: (after) => (options.pages ? options.pages.page(after) : fetchMergedPullRequests(client, scope, after)),
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

/** A page of the merged pull requests listing. */
export type ListedPullRequestPage = ListingPage<ListedPullRequest> & CursorPage;

async function fetchMergedPullRequests(
  client: GitHubClient,
  scope: Scope,
  after: string | null,
): Promise<ListedPullRequestPage | undefined> {
  const connection = (
    await client.graphql<{ repository: { pullRequests: Connection<PullRequestNode> } | null }>(MERGED_PULL_REQUESTS, {
      owner: scope.owner,
      name: scope.repo,
      base: scope.branch,
      after,
    })
  ).repository?.pullRequests;
  return connection && { nodes: connection.nodes.map(toListedPullRequest), ...connection.pageInfo, totalCount: connection.totalCount };
}

/** The listing page before `before` (the last page when null): its items in list order, and the cursor before them. */
async function fetchMergedPullRequestsBefore(
  client: GitHubClient,
  scope: Scope,
  before: string | null,
): Promise<FromBack<ListedPullRequest>> {
  const connection = (
    await client.graphql<{
      repository: {
        pullRequests: { nodes: PullRequestNode[]; pageInfo: { hasPreviousPage: boolean; startCursor: string | null } };
      } | null;
    }>(MERGED_PULL_REQUESTS_BEFORE, { owner: scope.owner, name: scope.repo, base: scope.branch, before })
  ).repository?.pullRequests;
  return {
    nodes: connection?.nodes.map(toListedPullRequest) ?? [],
    before: connection?.pageInfo.hasPreviousPage ? connection.pageInfo.startCursor : null,
  };
}

/** A listing this long or shorter is read from the front only (its end is a page or two away). */
const FROM_END_MIN_ITEMS = 500;
/** The listing is read from both ends when the pages past its stop are at most this share of those before. */
const FROM_END_WASTE = 1 / 8;

/**
 * The merged pull requests listing, read ahead from now, for a cold read. GitHub lists them by
 * last update only, so the listing cannot be cut by date and read in slices, but it needs nothing
 * the other reads give: it is read beside them (the deployment source, the branch history) rather
 * than after, from the front as far as any read of it goes: to the page holding the first pull
 * request updated before the day before the previous window (`collectMergedPullRequests` reads back
 * at least that far, for the merges source and for lead time alike), so the request count does not
 * change.
 *
 * When nearly all of a long listing is needed (a repository whose merged pull requests go back
 * little further than the windows), it is read from both ends at once, meeting in the middle
 * (`readBothEnds`), in half the time: the first page gives the listing's length, a page from its
 * end (one more request) how far back it goes, and the pages past the stop are estimated from the
 * update times along it; read from both ends when they are at most `FROM_END_WASTE` of the pages
 * needed. The reader then gets the whole listing as one page; its canonical prefix is the one the
 * front pages give. Which pages are read depends on the listing alone: with `now` false (GitHub had
 * to be retried before), the same reads wait for the reader's first ask and go one at a time.
 */
export function readAheadMergedPullRequests(
  client: GitHubClient,
  scope: Scope,
  options: { now: boolean } = { now: true },
): ReadAhead<ListedPullRequestPage> {
  const bound = scope.previousStart - DAY_MS;
  // Read ahead while GitHub answers at once (parallel.ts, `calm`); after that the reader reads on.
  const needed = (page: ListedPullRequestPage): boolean =>
    calm(client) && (page.nodes.at(-1)?.updatedAt ?? Number.NEGATIVE_INFINITY) >= bound;
  const fetchAfter = (after: string | null) => fetchMergedPullRequests(client, scope, after);
  let stopped = false;
  let front: ReadAhead<ListedPullRequestPage> | null = null;
  const fromFront = (read: { after: string | null; page: ListedPullRequestPage | undefined }[]): ReadAhead<ListedPullRequestPage> => {
    front = readAhead(fetchAfter, needed, read);
    if (stopped) front.stop();
    return front;
  };
  const decide = async (): Promise<{ whole: ListedPullRequestPage } | { front: ReadAhead<ListedPullRequestPage> }> => {
    const first = await fetchAfter(null);
    const total = first?.totalCount ?? 0;
    if (!first?.hasNextPage || first.endCursor === null || !needed(first) || total <= FROM_END_MIN_ITEMS || stopped) {
      return { front: fromFront([{ after: null, page: first }]) };
    }
    // The next page from the front, and the last page: a failure there only means reading from the front.
    const [second, last] = await Promise.all([
      fetchAfter(first.endCursor),
      fetchMergedPullRequestsBefore(client, scope, null).catch(() => null),
    ]);
    const read = [
      { after: null, page: first },
      { after: first.endCursor, page: second },
    ];
    if (!second || !last || stopped || !worthBothEnds(first, last, total, bound)) return { front: fromFront(read) };
    const both = await readBothEnds<ListedPullRequest>({
      front: { nodes: [...first.nodes, ...second.nodes], after: second.hasNextPage ? second.endCursor : null },
      back: last,
      fetchAfter: async (after) => {
        if (stopped) throw new Error('the run ended');
        const page = await fetchAfter(after);
        return { nodes: page?.nodes ?? [], after: page?.hasNextPage ? page.endCursor : null };
      },
      fetchBefore: (before) => {
        if (stopped) throw new Error('the run ended');
        return fetchMergedPullRequestsBefore(client, scope, before);
      },
      key: (p) => String(p.number),
      together: () => calm(client),
    });
    // The listing moved under the two reads: read it from the front again.
    if (both === null) return { front: fromFront(read) };
    const count = first.totalCount === undefined ? {} : { totalCount: first.totalCount };
    return { whole: { nodes: both, hasNextPage: false, endCursor: null, ...count } };
  };
  let decided: ReturnType<typeof decide> | null = null;
  const start = (): ReturnType<typeof decide> => {
    if (decided === null) {
      decided = decide();
      // The reader meets a failure when it asks for the first page.
      decided.catch(() => undefined);
    }
    return decided;
  };
  if (options.now) start();
  return {
    page: async (after) => {
      const d = await start();
      if ('whole' in d) return after === null ? d.whole : fetchAfter(after);
      return d.front.page(after);
    },
    stop: () => {
      stopped = true;
      (front as ReadAhead<ListedPullRequestPage> | null)?.stop();
    },
  };
}

/**
 * Whether the pages of the listing past its stop are few enough to read it from both ends: the
 * stop is at most `bound` (the day before the previous window); where that falls along the listing
 * is estimated from the update times of the first page's last item and the last page's first item,
 * as if updates came at an even rate between them.
 */
function worthBothEnds(first: ListedPullRequestPage, last: FromBack<ListedPullRequest>, total: number, bound: number): boolean {
  const a = first.nodes.at(-1)?.updatedAt;
  const b = last.nodes[0]?.updatedAt;
  if (a === undefined || b === undefined || a <= bound) return false;
  const from = first.nodes.length - 1;
  const to = total - last.nodes.length;
  const stop = b >= bound ? total : from + ((a - bound) / Math.max(1, a - b)) * (to - from);
  return total - stop <= FROM_END_WASTE * stop;
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

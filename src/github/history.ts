import type { Commit, Incident, PullRequest, PullRequestCommit } from '../dora/model.js';
import type { GitHubClient } from './client.js';
import { canonicalPrefix, readListing, type Listing, type ListingPage, type ListingRead, type StopRule } from './listing.js';
import { pageConnection, type Paged } from './paginate.js';
import {
  type CursorPage,
  calm,
  type FromBack,
  inParallel,
  PARALLEL_READS,
  type ReadAhead,
  readAhead,
  readBothEnds,
  splitRange,
} from './parallel.js';
import {
  BRANCH_HISTORY,
  INCIDENT_ISSUES,
  MERGED_PULL_REQUESTS,
  MERGED_PULL_REQUESTS_BEFORE,
  PULL_REQUEST_MORE_COMMITS,
  pullRequestsByNumber,
  type Connection,
} from './queries.js';
import { DAY, HOUR, iso, ms, type Scope } from './scope.js';

export interface CommitNode {
  oid: string;
  committedDate: string;
  authoredDate: string;
  message: string;
  author: { email: string | null; user: { login: string } | null } | null;
  parents: { nodes: { oid: string; committedDate: string }[] };
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
): {
  stop: StopRule<HistoryCommit>;
  firstPhaseEnd: (list: readonly HistoryCommit[]) => number;
  reach: (list: readonly HistoryCommit[]) => number;
} {
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
    reach: (list) => {
      const lower = list.at(-1)?.committedAt ?? scope.end;
      const ended = list.findIndex(endsFirstPhase);
      const anchor = options.baseline ?? options.first;
      let to: number;
      if (ended < 0) {
        // The first phase ends below the previous window's start, or at the deployment's commit,
        // which is usually committed within a day before it was deployed; failing that, the date
        // rule ends it a month earlier.
        if (!anchor) to = scope.previousStart - DAY;
        else to = lower > anchor.time - DAY ? anchor.time - DAY : anchor.time - HISTORY_SLACK - DAY;
      } else {
        // `unmeasuredCap` commits past the first phase, at the rate of those read so far.
        const more = options.unmeasuredCap - (list.length - 1 - ended);
        const rate = (list.length - 1) / Math.max(1, (list[0]?.committedAt ?? lower) - lower);
        to = lower - (1.25 * more) / Math.max(rate, 1 / DAY) - HOUR;
      }
      // Always some way down: a day below what is read at least.
      return Math.min(to, lower - DAY);
    },
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

export const toHistoryCommit = (c: CommitNode): HistoryCommit => ({
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

/** One page of the branch history, with what proves a read in slices (the parents' dates). */
export interface HistoryPage extends ListingPage<HistoryCommit> {
  /** Each commit's parents' committed dates, by the commit's sha. */
  readonly parentDates: ReadonlyMap<string, readonly number[]>;
}

/**
 * The production branch's history up to the window end, newest first, with the pull requests
 * GitHub associates with each commit, read back to the baseline deployment's commit: everything
 * older is contained in the baseline and so was shipped before both windows. With `kept`, only
 * the commits added since are fetched; without, the history is read in slices by date side by
 * side (`readHistoryInSlices`), to the same result.
 */
export async function collectBranchHistory(
  client: GitHubClient,
  scope: Scope,
  options: HistoryOptions,
  kept?: Listing<HistoryCommit> | null,
  pages: BranchHistoryPages = branchHistoryPages(client, scope),
): Promise<ListingRead<HistoryCommit> & { oldestCommittedAt: number | null; unmeasuredCut: boolean; head: string | null }> {
  const rule = historyStop(scope, options);
  const until = historyUntil(scope);
  const read = await (kept && kept.nodes.length > 0
    ? readListing<HistoryCommit>({
        fetchPage: (after) => pages.fetch({ since: null, until }, after),
        key: (c) => c.sha,
        stop: rule.stop,
        maxItems: options.maxCommits,
        prior: { listing: kept, spliced: historySpliced(kept) },
      })
    : readHistoryInSlices(pages.fetch, { until, rule, maxItems: options.maxCommits, head: pages.head, calm: () => calm(client) }));
  const head = pages.head();
  const oldest = read.nodes.reduce<number | null>((min, c) => (min === null || c.committedAt < min ? c.committedAt : min), null);
  // The unmeasured count stopped short of the history's end: the first deployment shipped more.
  const phaseEnd = rule.firstPhaseEnd(read.nodes);
  const unmeasuredCut = phaseEnd >= 0 && !read.listing.reachedEnd && read.nodes.length - 1 - phaseEnd >= options.unmeasuredCap;
  return { ...read, oldestCommittedAt: oldest, unmeasuredCut, head: head ?? read.nodes[0]?.sha ?? null };
}

/** A read of the branch history: up to `until`, or between `since` and `until` (epoch ms, both inclusive). */
export type HistoryRange = { readonly since: number | null; readonly until: number };

/**
 * The production branch's history, a page at a time: `fetch` reads the page after `after` of the
 * history up to `range.until`, or of the slice between `range.since` and `range.until`. `head` is
 * the branch's head commit once a page has said it: the history below is its ancestry (committed
 * before the end), so where another commit stands against the branch is asked of it, not of the
 * newest commit read.
 */
export function branchHistoryPages(client: GitHubClient, scope: Scope): BranchHistoryPages {
  let head: string | null = null;
  let first: Promise<HistoryPage | null> | null = null;
  const fetch = async (range: HistoryRange, after: string | null): Promise<HistoryPage | null> => {
    const data = await client.graphql<{
      repository: { ref: { target: { oid?: string; history?: Connection<CommitNode> } } | null } | null;
    }>(BRANCH_HISTORY, {
      owner: scope.owner,
      name: scope.repo,
      ref: `refs/heads/${scope.branch}`,
      ...(range.since === null ? {} : { since: iso(range.since) }),
      until: iso(range.until),
      after,
    });
    head ??= data.repository?.ref?.target.oid ?? null;
    const connection = data.repository?.ref?.target.history;
    if (!connection) return null;
    return {
      nodes: connection.nodes.map(toHistoryCommit),
      ...connection.pageInfo,
      totalCount: connection.totalCount,
      parentDates: new Map(connection.nodes.map((c) => [c.oid, c.parents.nodes.map((p) => ms(p.committedDate))])),
    };
  };
  const isFirst = (range: HistoryRange, after: string | null): boolean =>
    after === null && range.since === null && range.until === historyUntil(scope);
  return {
    fetch: (range, after) => {
      if (first !== null && isFirst(range, after)) {
        const page = first;
        first = null;
        return page;
      }
      return fetch(range, after);
    },
    readFirst: () => {
      if (first !== null) return;
      first = fetch({ since: null, until: historyUntil(scope) }, null);
      // The read that follows meets a failure when it asks for the page.
      first.catch(() => undefined);
    },
    head: () => head,
  };
}

/** The branch history's pages, and its head once a page has said it (`branchHistoryPages`). */
export interface BranchHistoryPages {
  readonly fetch: (range: HistoryRange, after: string | null) => Promise<HistoryPage | null>;
  /**
   * Reads the first page of the history up to the window end now, for the read that follows: a
   * cold read and a warm one both start with it, whatever the deployment source says, so it is
   * read beside the source (collect.ts). Handed out once.
   */
  readonly readFirst: () => void;
  readonly head: () => string | null;
}

/** The history is read up to the last second before the window end (`until` is inclusive, as git's is). */
export const historyUntil = (scope: Scope): number => scope.end - 1000;

/** Slices of a round read: about this many pages each, so few end on a part-filled page. */
const PAGES_PER_SLICE = 8;
/** Slices of one round at most. */
const MAX_SLICES = 32;

/**
 * A cold read of the branch history in slices by committed date, a few side by side, giving what
 * the read page after page gives (`readListing` with no kept listing): the same commits, in the
 * same order, cut at the same stop.
 *
 * Why it is the same list: git lists history (`git log`, GitHub's `history`) by walking from the
 * head, always taking the newest committed commit reached so far. While no parent is committed
 * after its child, that walk never goes up in date, so the list is the history sorted by date
 * (ties in walk order), and the commits between two dates, asked with `since` and `until` (both
 * inclusive, as git's are), are one stretch of it, in the same order. The slices meet on whole
 * seconds without overlap, so a commit on a boundary is read once. What the pages read prove
 * (`provesWalkOrder`): dates never go up down the stitched list, a parent dated after its child
 * was listed before it (every page carries its commits' parents' dates: a branch rebased onto a
 * newer base keeps its older dates, which is harmless once the walk has reached the base another
 * way), no commit is read twice, and, when the list starts at the branch head, every other commit
 * is a parent of one listed before it (a commit reached only through an older one, which `since`
 * read as a filter would list too early, has none). Where a check fails (clock skew) the history
 * is read again page after page, from its second page.
 *
 * How slices are picked: the first page is read as before (it is the read's first page either
 * way, and a short history ends there). Below it, `rule.reach` says down to which date the stop
 * should fire (from the deployments' times), the first page's commit rate how many pages that is,
 * and that range is cut into equal slices of about `PAGES_PER_SLICE` pages (at least
 * `PARALLEL_READS` where there are pages for them), each read to its end. If the stop does not
 * fire there (the deployed commit was older than expected, or the unmeasured count needs more), a
 * next round starts below with a first page again. Every slice is read in full, so the requests
 * sent depend on the data, never on timing.
 */
export async function readHistoryInSlices(
  fetchHistory: (range: HistoryRange, after: string | null) => Promise<HistoryPage | null>,
  options: {
    /** Inclusive, epoch ms. */
    until: number;
    rule: { stop: StopRule<HistoryCommit>; reach: (list: readonly HistoryCommit[]) => number };
    maxItems: number;
    /** The branch head, once a page has said it. */
    head: () => string | null;
    /** False once GitHub has had to be retried: the slices are read one at a time (parallel.ts, `calm`). */
    calm?: () => boolean;
  },
): Promise<ListingRead<HistoryCommit>> {
  const isCalm = options.calm ?? (() => true);
  let requests = 0;
  const fetch = async (range: HistoryRange, after: string | null): Promise<HistoryPage | null> => {
    requests += 1;
    return fetchHistory(range, after);
  };
  const first = await fetch({ since: null, until: options.until }, null);
  const totalCount = first?.totalCount;
  const done = (list: readonly HistoryCommit[], atEnd: boolean): ListingRead<HistoryCommit> | null => {
    const cold = canonicalPrefix(list, atEnd, options.rule.stop, options.maxItems);
    if (!cold) return null;
    const olderCount = totalCount === undefined ? {} : { olderCount: Math.max(0, totalCount - cold.nodes.length) };
    return { ...cold, listing: { nodes: cold.nodes, reachedEnd: cold.reachedEnd, ...olderCount }, pages: requests, reused: 0 };
  };
  /** Page after page from the first page, as the read always went: for histories the checks refuse. */
  const serial = async (): Promise<ListingRead<HistoryCommit>> => {
    const read = await readListing<HistoryCommit>({
      fetchPage: (after) => (after === null ? Promise.resolve(first) : fetch({ since: null, until: options.until }, after)),
      key: (c) => c.sha,
      stop: options.rule.stop,
      maxItems: options.maxItems,
    });
    return { ...read, pages: requests };
  };

  const list: HistoryCommit[] = [...(first?.nodes ?? [])];
  const parentDates = new Map(first?.parentDates ?? []);
  const add = (nodes: readonly HistoryCommit[], dates: ReadonlyMap<string, readonly number[]>, boundary?: number): void => {
    // Only the boundary second can repeat a commit (the slice below reads it again); elsewhere the
    // checks refuse a repeat.
    const onBoundary = (c: HistoryCommit): boolean => boundary !== undefined && second(c.committedAt) === second(boundary);
    const seen = new Set(list.filter(onBoundary).map((c) => c.sha));
    for (const c of nodes) if (!(onBoundary(c) && seen.has(c.sha))) list.push(c);
    for (const [sha, d] of dates) parentDates.set(sha, d);
  };
  let atEnd = !first?.hasNextPage || first.endCursor === null;
  /** After a round of slices, what they covered reaches down to this time (inclusive); null before. */
  let floor: number | null = null;
  for (;;) {
    atEnd ||= totalCount !== undefined && list.length >= totalCount;
    // Proved as far as it counts: up to the stop once it fires (what follows it cannot change the
    // result), the whole list read so far while it has not (the result will hold all of it).
    const decided = done(list, atEnd);
    if (!provesWalkOrder(decided?.nodes ?? list, parentDates, options.head())) return serial();
    if (decided) return decided;
    if (totalCount === undefined || list.length > totalCount) return serial();
    const lower = list.at(-1)!.committedAt;

    if (floor !== null) {
      // The slices did not reach the stop: a next round below them, with a first page again (it
      // steps over a gap in the history, and gives the rate below).
      const page = await fetch({ since: null, until: floor - 1000 }, null);
      if (!page) return serial();
      add(page.nodes, page.parentDates);
      atEnd = !page.hasNextPage || page.endCursor === null;
      floor = null;
      continue;
    }

    // The range below what is read, down to where the stop should fire; its first second (the
    // last commit's) is read again, for commits of that second the page did not reach.
    let from = Math.floor(options.rule.reach(list) / 1000) * 1000;
    const rate = (list.length - 1) / Math.max(1000, list[0]!.committedAt - lower);
    // Not past what `maxItems` leaves, nor (at the rate read so far) past the history's end.
    const room = Math.min(options.maxItems, totalCount) - list.length + 100;
    from = Math.max(from, lower - Math.ceil(room / Math.max(rate, 1e-12)));
    const pages = Math.max(1, Math.min(rate * (lower - from), totalCount - list.length) / 100);
    const count = Math.min(MAX_SLICES, Math.max(Math.ceil(pages / PAGES_PER_SLICE), Math.min(PARALLEL_READS, Math.ceil(pages / 2))));
    const slices = await inParallel(
      splitRange({ from, to: lower }, count).map((range) => async () => {
        const nodes: HistoryCommit[] = [];
        const dates = new Map<string, readonly number[]>();
        let after: string | null = null;
        for (;;) {
          const p: HistoryPage | null = await fetch({ since: range.from, until: range.to }, after);
          if (!p) break;
          nodes.push(...p.nodes);
          for (const [sha, d] of p.parentDates) dates.set(sha, d);
          if (!p.hasNextPage || p.endCursor === null) break;
          after = p.endCursor;
        }
        return { nodes, dates };
      }),
      { limit: () => (isCalm() ? PARALLEL_READS : 1) },
    );
    for (const slice of slices) add(slice!.nodes, slice!.dates, lower);
    floor = from;
  }
}

const second = (t: number): number => Math.floor(t / 1000);

/**
 * True when the history read (newest first; `parentDates`: each commit's parents' dates, in the
 * order of its `parents`) is certainly git's walk order (see `readHistoryInSlices`): no commit is
 * listed twice, dates never go up down the list, a parent dated after its child is listed before
 * it (the walk reached it first, another way: a branch rebased onto a newer base keeps its older
 * dates), and when the list starts at the branch head, every other commit is a parent of a commit
 * listed before it.
 */
export function provesWalkOrder(
  list: readonly HistoryCommit[],
  parentDates: ReadonlyMap<string, readonly number[]>,
  head: string | null,
): boolean {
  const listed = new Set<string>();
  const reached = new Set<string>();
  const fromHead = list.length > 0 && list[0]!.sha === head;
  for (const [i, c] of list.entries()) {
    if (listed.has(c.sha)) return false;
    if (i > 0 && c.committedAt > list[i - 1]!.committedAt) return false;
    const dates = parentDates.get(c.sha) ?? [];
    // A parent dated after its child that the walk reaches first through the child comes out of order.
    if (c.parents.some((p, k) => (dates[k] ?? Number.NEGATIVE_INFINITY) > c.committedAt && !listed.has(p))) return false;
    if (fromHead && i > 0 && !reached.has(c.sha)) return false;
    listed.add(c.sha);
    for (const p of c.parents) reached.add(p);
  }
  return true;
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
  const bound = scope.previousStart - DAY;
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

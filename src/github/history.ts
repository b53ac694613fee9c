import type { GitHubClient } from './client.js';
import { type CommitNode, type HistoryCommit, toHistoryCommit } from './commits.js';
import { readHistoryInSlices, type HistoryPage, type HistoryRange } from './history-slices.js';
import { readListing, type Listing, type ListingRead, type StopRule } from './listing.js';
import { calm } from './parallel.js';
import { BRANCH_HISTORY, type Connection } from './queries.js';
import { DAY_MS, HOUR_MS, iso, ms, type Scope } from './scope.js';

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
export const HISTORY_SLACK = 30 * DAY_MS;

/**
 * Where reading the branch history (newest first) can stop: a day of commits past the baseline
 * deployment's commit, or a month of commits before its time; with no baseline, the same past the
 * first deployment's commit and then `unmeasuredCap` commits; with no deployment, once before the
 * previous window. `cutIndex` is the index of the item after which only the unmeasured count
 * goes on (-1 when there is no such phase).
 *
 * Why a day past the deployment's commit: git lists history newest committed first, and a
 * committer's clock may be fast (docs/metrics.md allows a day), so a parent of that commit can be
 * listed after it while a commit it holds was listed before: reading on until the committed dates
 * are a day older reaches every such parent, so whatever the deployment holds is known to be shipped.
 */
export function historyStop(
  scope: Scope,
  options: HistoryOptions,
): {
  stop: StopRule<HistoryCommit>;
  firstPhaseEnd: (list: readonly HistoryCommit[]) => number;
  reach: (list: readonly HistoryCommit[]) => number;
} {
  const anchor = options.baseline ?? options.first;
  /** Ends the first phase, given when the anchor's commit was committed (null until it is read). */
  const endsFirstPhase = (c: HistoryCommit, anchorCommitted: number | null): boolean => {
    if (!anchor) return c.committedAt < scope.previousStart;
    return (anchorCommitted !== null && c.committedAt < anchorCommitted - DAY_MS) || c.committedAt < anchor.time - HISTORY_SLACK;
  };
  /** Index of the commit that ends the first phase in a listing, or -1. */
  const phaseEndIn = (list: readonly HistoryCommit[]): number => {
    let anchorCommitted: number | null = null;
    return list.findIndex((c) => {
      if (anchor && c.sha === anchor.sha) anchorCommitted = c.committedAt;
      return endsFirstPhase(c, anchorCommitted);
    });
  };
  const counted = options.baseline === null && options.first !== null;
  return {
    stop: () => {
      let past = -1;
      let anchorCommitted: number | null = null;
      return (c) => {
        if (past < 0) {
          if (anchor && c.sha === anchor.sha) anchorCommitted = c.committedAt;
          if (!endsFirstPhase(c, anchorCommitted)) return false;
          past = 0;
          return !counted || options.unmeasuredCap === 0;
        }
        past += 1;
        return past >= options.unmeasuredCap;
      };
    },
    firstPhaseEnd: (list) => (counted ? phaseEndIn(list) : -1),
    reach: (list) => {
      const lower = list.at(-1)?.committedAt ?? scope.end;
      const ended = phaseEndIn(list);
      let to: number;
      if (ended < 0) {
        // The first phase ends below the previous window's start, or a day past the deployment's
        // commit, which is usually committed within a day before it was deployed; failing that,
        // the date rule ends it a month earlier.
        const anchorCommit = anchor ? list.find((c) => c.sha === anchor.sha) : undefined;
        if (!anchor) to = scope.previousStart - DAY_MS;
        else if (anchorCommit) to = anchorCommit.committedAt - 2 * DAY_MS;
        else to = lower > anchor.time - 2 * DAY_MS ? anchor.time - 2 * DAY_MS : anchor.time - HISTORY_SLACK - DAY_MS;
      } else {
        // `unmeasuredCap` commits past the first phase, at the rate of those read so far.
        const more = options.unmeasuredCap - (list.length - 1 - ended);
        const rate = (list.length - 1) / Math.max(1, (list[0]?.committedAt ?? lower) - lower);
        to = lower - (1.25 * more) / Math.max(rate, 1 / DAY_MS) - HOUR_MS;
      }
      // Always some way down: a day below what is read at least.
      return Math.min(to, lower - DAY_MS);
    },
  };
}

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

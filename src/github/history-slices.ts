import type { HistoryCommit } from './commits.js';
import { canonicalPrefix, readListing, type ListingPage, type ListingRead, type StopRule } from './listing.js';
import { inParallel, PARALLEL_READS, splitRange } from './parallel.js';

/** One page of the branch history, with what proves a read in slices (the parents' dates). */
export interface HistoryPage extends ListingPage<HistoryCommit> {
  /** Each commit's parents' committed dates, by the commit's sha. */
  readonly parentDates: ReadonlyMap<string, readonly number[]>;
}

/** A read of the branch history: up to `until`, or between `since` and `until` (epoch ms, both inclusive). */
export type HistoryRange = { readonly since: number | null; readonly until: number };

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

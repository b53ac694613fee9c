/**
 * Newest-first lists read page by page until a stop rule says older items cannot change a number,
 * cold or incrementally from a listing an earlier run kept.
 *
 * Canonical result: the shortest prefix of the list at whose last item the stop rule fires (or the
 * whole list, or its first `maxItems`). Pages hold 100 items, so a read usually fetches a few items
 * past that point; they are dropped, so the result depends on the data alone, never on where a
 * page happened to end. That is what lets an incremental run give exactly a cold run's numbers.
 *
 * Incremental: the earlier listing is a prefix of the list as it was then. Once the pages fetched
 * now are known to hold every item that is new or changed since (`spliced`), the list now is those
 * pages followed by the rest of the earlier listing, in its order. The stop rule then runs over
 * that; when it cannot decide (the earlier listing was too short), paging simply goes on.
 */

/** What a run keeps of a list: a prefix of it, newest first, and whether that is the whole list. */
export interface Listing<R> {
  readonly nodes: readonly R[];
  readonly reachedEnd: boolean;
  /**
   * How many items the list held past `nodes` when it was read, from GitHub's `totalCount`: what
   * lets the next run prove the kept prefix against GitHub before trusting it. Absent: unproven.
   */
  readonly olderCount?: number;
}

export interface ListingPage<R> {
  readonly nodes: readonly R[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
  /** GitHub's count of the whole list, where the API gives one. */
  readonly totalCount?: number;
}

/** A fresh scanner per pass: fed the list's items in order, true at the first item where enough is read. */
export type StopRule<R> = () => (item: R) => boolean;

export interface ListingRead<R> {
  /** The canonical prefix. */
  readonly nodes: R[];
  /** False when `maxItems` cut the list before the stop rule fired. */
  readonly complete: boolean;
  /** What to keep for the next run. */
  readonly listing: Listing<R>;
  /** Pages fetched. */
  readonly pages: number;
  /** Items of `nodes` taken from the earlier listing rather than fetched. */
  readonly reused: number;
  /** Why the earlier listing was not trusted (the read went on as a cold read); absent when it was, or there was none. */
  readonly distrusted?: string;
}

export interface PriorListing<R> {
  readonly listing: Listing<R>;
  /** True once `fetched` (pages 1..n of the list now) holds every item new or changed since the listing was kept. */
  readonly spliced: (fetched: readonly R[]) => boolean;
  /** Re-reads kept items that may have changed without moving in the list (e.g. deployments still in progress). */
  readonly refresh?: (rest: readonly R[]) => Promise<readonly R[]>;
  /**
   * For a fetched item the kept listing lacks: true when it was in the list then, past the kept
   * prefix, and moved up since (a pull request updated after its merge); false when it is new.
   * Absent: items never move (lists ordered by creation, or git history).
   */
  readonly moved?: (item: R) => boolean;
}

/**
 * Whether the kept listing, spliced after the pages fetched now, holds every item GitHub lists:
 * GitHub's count now must equal the items past the kept prefix then (less those that moved up
 * since) plus the items fetched or kept. A kept listing with fewer records than GitHub has
 * (tampered with, or a deleted item) fails; so does one without a count. Null when it holds.
 */
export function proveKept<R>(
  prior: PriorListing<R>,
  fetched: readonly R[],
  totalCount: number | undefined,
  key: (item: R) => string,
): string | null {
  if (totalCount === undefined) return null;
  const older = prior.listing.olderCount;
  if (older === undefined || !Number.isInteger(older) || older < 0) return 'it holds no count to check it against';
  const keptKeys = new Set(prior.listing.nodes.map(key));
  const union = new Set([...keptKeys, ...fetched.map(key)]);
  const moved = prior.moved ? fetched.filter((item) => !keptKeys.has(key(item)) && prior.moved!(item)).length : 0;
  const expected = older - moved + union.size;
  return expected === totalCount ? null : `GitHub lists ${totalCount} where the kept listing and the new pages make ${expected}`;
}

/** The canonical prefix of `list`, or null when more of the list is needed to tell. */
export function canonicalPrefix<R>(
  list: readonly R[],
  atEnd: boolean,
  stop: StopRule<R>,
  maxItems: number,
): { nodes: R[]; complete: boolean; reachedEnd: boolean } | null {
  const fires = stop();
  const limit = Math.min(list.length, maxItems);
  for (let i = 0; i < limit; i += 1) {
    if (fires(list[i] as R)) return { nodes: list.slice(0, i + 1), complete: true, reachedEnd: atEnd && i + 1 === list.length };
  }
  if (list.length > maxItems || (list.length === maxItems && !atEnd)) {
    return { nodes: list.slice(0, maxItems), complete: false, reachedEnd: false };
  }
  return atEnd ? { nodes: [...list], complete: true, reachedEnd: true } : null;
}

export async function readListing<R>(options: {
  fetchPage: (after: string | null) => Promise<ListingPage<R> | null | undefined>;
  stop: StopRule<R>;
  key: (item: R) => string;
  maxItems?: number;
  prior?: PriorListing<R> | null;
}): Promise<ListingRead<R>> {
  const maxItems = options.maxItems ?? Number.POSITIVE_INFINITY;
  const fetched: R[] = [];
  let after: string | null = null;
  let pages = 0;
  let spliceTried = false;
  let totalCount: number | undefined;
  let distrusted: string | undefined;
  const olderCount = (nodes: readonly R[]): { olderCount?: number } =>
    totalCount === undefined ? {} : { olderCount: Math.max(0, totalCount - nodes.length) };
  for (;;) {
    const page = await options.fetchPage(after);
    pages += 1;
    if (page) fetched.push(...page.nodes);
    if (pages === 1) totalCount = page?.totalCount;
    const atEnd = !page?.hasNextPage || page.endCursor === null;
    // The pages alone decide: exactly what a cold read gives.
    const cold = canonicalPrefix(fetched, atEnd, options.stop, maxItems);
    if (cold) {
      const listing = { nodes: cold.nodes, reachedEnd: cold.reachedEnd, ...olderCount(cold.nodes) };
      return { ...cold, listing, pages, reused: 0, ...(distrusted === undefined ? {} : { distrusted }) };
    }
    const prior = options.prior;
    if (prior && !spliceTried && prior.spliced(fetched)) {
      spliceTried = true;
      const distrust = proveKept(prior, fetched, totalCount, options.key);
      if (distrust !== null) {
        // Not trusted: read on as a cold read would.
        distrusted = distrust;
        after = page!.endCursor;
        continue;
      }
      const seen = new Set(fetched.map(options.key));
      let rest: readonly R[] = prior.listing.nodes.filter((r) => !seen.has(options.key(r)));
      if (prior.refresh && rest.length > 0) rest = await prior.refresh(rest);
      const warm = canonicalPrefix([...fetched, ...rest], prior.listing.reachedEnd, options.stop, maxItems);
      if (warm) {
        return {
          ...warm,
          listing: { nodes: warm.nodes, reachedEnd: warm.reachedEnd, ...olderCount(warm.nodes) },
          pages,
          reused: Math.max(0, warm.nodes.length - fetched.length),
        };
      }
      // The earlier listing was too short to decide: go on paging as a cold read would.
    }
    after = page!.endCursor;
  }
}

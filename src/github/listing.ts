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
}

export interface ListingPage<R> {
  readonly nodes: readonly R[];
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
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
}

export interface PriorListing<R> {
  readonly listing: Listing<R>;
  /** True once `fetched` (pages 1..n of the list now) holds every item new or changed since the listing was kept. */
  readonly spliced: (fetched: readonly R[]) => boolean;
  /** Re-reads kept items that may have changed without moving in the list (e.g. deployments still in progress). */
  readonly refresh?: (rest: readonly R[]) => Promise<readonly R[]>;
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
  for (;;) {
    const page = await options.fetchPage(after);
    pages += 1;
    if (page) fetched.push(...page.nodes);
    const atEnd = !page?.hasNextPage || page.endCursor === null;
    // The pages alone decide: exactly what a cold read gives.
    const cold = canonicalPrefix(fetched, atEnd, options.stop, maxItems);
    if (cold) return { ...cold, listing: { nodes: cold.nodes, reachedEnd: cold.reachedEnd }, pages, reused: 0 };
    const prior = options.prior;
    if (prior && !spliceTried && prior.spliced(fetched)) {
      spliceTried = true;
      const seen = new Set(fetched.map(options.key));
      let rest: readonly R[] = prior.listing.nodes.filter((r) => !seen.has(options.key(r)));
      if (prior.refresh && rest.length > 0) rest = await prior.refresh(rest);
      const warm = canonicalPrefix([...fetched, ...rest], prior.listing.reachedEnd, options.stop, maxItems);
      if (warm) {
        return {
          ...warm,
          listing: { nodes: warm.nodes, reachedEnd: warm.reachedEnd },
          pages,
          reused: Math.max(0, warm.nodes.length - fetched.length),
        };
      }
      // The earlier listing was too short to decide: go on paging as a cold read would.
    }
    after = page!.endCursor;
  }
}

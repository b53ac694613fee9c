/**
 * The newest-first lists: a read's result is the shortest prefix at which the stop rule fires,
 * whatever the page size; an incremental read from a kept listing gives the same result for fewer
 * pages, and pages on as a cold read would when the kept listing is too short.
 */
import { describe, expect, it } from 'vitest';
import { canonicalPrefix, readListing, type Listing, type ListingPage } from '../../src/github/listing.js';

interface Item {
  id: number;
  /** Newest first: the list is sorted by `t` descending. */
  t: number;
  /** When the item last changed (a status, a label). */
  changed: number;
}

/** Serves `list` in pages of `size`, counting the requests. */
function pager(list: readonly Item[], size = 3) {
  const served = { pages: 0 };
  return {
    served,
    fetchPage: async (after: string | null): Promise<ListingPage<Item>> => {
      served.pages += 1;
      const start = after === null ? 0 : Number(after);
      const end = start + size;
      return { nodes: list.slice(start, end), hasNextPage: end < list.length, endCursor: end < list.length ? String(end) : null };
    },
  };
}

const below = (threshold: number) => () => (item: Item) => item.t < threshold;
const items = (ts: number[], changed = 0): Item[] => ts.map((t) => ({ id: t, t, changed }));
const key = (i: Item): string => String(i.id);

describe('canonicalPrefix', () => {
  it('ends at the first item where the rule fires, or says it needs more', () => {
    const list = items([9, 8, 7, 6, 5]);
    expect(canonicalPrefix(list, false, below(7), Infinity)).toEqual({ nodes: items([9, 8, 7, 6]), complete: true, reachedEnd: false });
    expect(canonicalPrefix(list, false, below(0), Infinity)).toBeNull();
    expect(canonicalPrefix(list, true, below(0), Infinity)).toEqual({ nodes: list, complete: true, reachedEnd: true });
    expect(canonicalPrefix(list, true, below(6), Infinity)).toEqual({ nodes: list, complete: true, reachedEnd: true });
  });

  it('cuts at maxItems and says so when more exist', () => {
    const list = items([9, 8, 7, 6, 5]);
    expect(canonicalPrefix(list, false, below(0), 3)).toEqual({ nodes: items([9, 8, 7]), complete: false, reachedEnd: false });
    expect(canonicalPrefix(items([9, 8, 7]), false, below(0), 3)).toEqual({ nodes: items([9, 8, 7]), complete: false, reachedEnd: false });
    expect(canonicalPrefix(items([9, 8, 7]), true, below(0), 3)).toEqual({ nodes: items([9, 8, 7]), complete: true, reachedEnd: true });
  });
});

describe('readListing', () => {
  const list = items([20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7]);

  it('gives the same result whatever the page size', async () => {
    const results = await Promise.all([1, 2, 3, 5, 100].map((size) => readListing({ ...pager(list, size), key, stop: below(12) })));
    for (const r of results) expect(r.nodes).toEqual(items([20, 19, 18, 17, 16, 15, 14, 13, 12, 11]));
  });

  it('reads only the new pages when a kept listing covers the rest, and equals a cold read', async () => {
    const kept = await readListing({ ...pager(list), key, stop: below(12) });
    // Later: four new items, and the window moved on (the rule fires sooner).
    const grown = [...items([24, 23, 22, 21], 1), ...list];
    const threshold = 15;
    const cold = await readListing({ ...pager(grown), key, stop: below(threshold) });
    const p = pager(grown);
    const warm = await readListing({
      ...p,
      key,
      stop: below(threshold),
      // Everything that changed since the kept read (changed = 1) is among the fetched pages.
      prior: { listing: kept.listing, spliced: (fetched) => fetched[fetched.length - 1]!.changed === 0 },
    });
    expect(warm.nodes).toEqual(cold.nodes);
    expect(warm.pages).toBeLessThan(cold.pages);
    expect(warm.reused).toBeGreaterThan(0);
    expect(p.served.pages).toBe(warm.pages);
  });

  it('pages on like a cold read when the kept listing is too short', async () => {
    const kept = await readListing({ ...pager(list), key, stop: below(16) });
    const cold = await readListing({ ...pager(list), key, stop: below(9) });
    const warm = await readListing({ ...pager(list), key, stop: below(9), prior: { listing: kept.listing, spliced: () => true } });
    expect(warm.nodes).toEqual(cold.nodes);
    expect(warm.pages).toBe(cold.pages);
  });

  it('re-reads kept items that may have moved, and takes the fetched version of any item', async () => {
    const kept: Listing<Item> = { nodes: items([18, 17, 16, 15, 14, 13]), reachedEnd: false };
    const now = [...items([19, 18], 2), ...items([17, 16, 15, 14, 13, 12, 11])];
    const refreshed: number[] = [];
    const p = pager(now);
    const warm = await readListing({
      ...p,
      key,
      stop: below(14),
      prior: {
        listing: kept,
        spliced: () => true,
        refresh: async (rest) => {
          refreshed.push(...rest.map((r) => r.id));
          return rest.map((r) => (r.id === 14 ? { ...r, changed: 3 } : r));
        },
      },
    });
    // Page 1 holds 19, 18 (new version) and 17; the rest of the kept listing is re-checked.
    expect(p.served.pages).toBe(1);
    expect(refreshed).toEqual([16, 15, 14, 13]);
    expect(warm.nodes.map((n) => [n.id, n.changed])).toEqual([
      [19, 2],
      [18, 2],
      [17, 0],
      [16, 0],
      [15, 0],
      [14, 3],
      [13, 0],
    ]);
  });
});

describe('a kept listing is proved against GitHub’s count before it is trusted', () => {
  /** Serves `list` with its count, as GitHub's GraphQL connections do. */
  function counted(list: readonly Item[], size = 3) {
    const p = pager(list, size);
    return {
      served: p.served,
      fetchPage: async (after: string | null): Promise<ListingPage<Item>> => ({ ...(await p.fetchPage(after)), totalCount: list.length }),
    };
  }
  const before = items([20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7]);
  const now = items([24, 23, 22, 21, ...before.map((i) => i.t)]);
  const spliced = (fetched: readonly Item[]) => fetched.some((i) => i.t <= 20);

  it('records how many items lie past the listing, and trusts a listing that adds up', async () => {
    const first = await readListing({ ...counted(before), key, stop: below(12) });
    expect(first.listing.olderCount).toBe(before.length - first.nodes.length);
    const source = counted(now);
    const warm = await readListing({ ...source, key, stop: below(12), prior: { listing: first.listing, spliced } });
    expect(warm.distrusted).toBeUndefined();
    expect(warm.reused).toBeGreaterThan(0);
    expect(warm.nodes).toEqual((await readListing({ ...counted(now), key, stop: below(12) })).nodes);
  });

  it('a listing missing a record (tampered with) is not trusted: the read goes on as a cold one', async () => {
    const first = await readListing({ ...counted(before), key, stop: below(12) });
    const tampered: Listing<Item> = { ...first.listing, nodes: first.listing.nodes.filter((i) => i.t !== 15) };
    const warm = await readListing({ ...counted(now), key, stop: below(12), prior: { listing: tampered, spliced } });
    expect(warm.distrusted).toMatch(/GitHub lists 18 where the kept listing and the new pages make 17/);
    expect(warm.reused).toBe(0);
    expect(warm.nodes.map((i) => i.t)).toContain(15);
  });

  it('an item deleted since, and a listing without a count, are not trusted either', async () => {
    const first = await readListing({ ...counted(before), key, stop: below(12) });
    const deleted = now.filter((i) => i.t !== 16);
    const warm = await readListing({ ...counted(deleted), key, stop: below(12), prior: { listing: first.listing, spliced } });
    expect(warm.distrusted).toBeDefined();
    expect(warm.nodes.map((i) => i.t)).not.toContain(16);
    const { olderCount: _dropped, ...uncounted } = first.listing;
    const blind = await readListing({ ...counted(now), key, stop: below(12), prior: { listing: uncounted, spliced } });
    expect(blind.distrusted).toBe('it holds no count to check it against');
  });

  it('items that moved up since (updated after they were listed past the prefix) are not counted twice', async () => {
    // Ordered by last change: item 5, listed then past the kept listing (one more item past it than
    // `before` shows), changes and moves to the top.
    const first = await readListing({ ...counted(before), key, stop: below(12) });
    const movedUp = [{ id: 5, t: 30, changed: 1 }, ...now];
    const moved = (i: Item) => i.id === 5;
    const warm = await readListing({
      ...counted(movedUp),
      key,
      stop: below(12),
      prior: { listing: { ...first.listing, olderCount: first.listing.olderCount! + 1 }, spliced, moved },
    });
    expect(warm.distrusted).toBeUndefined();
    const naive = await readListing({
      ...counted(movedUp),
      key,
      stop: below(12),
      prior: { listing: { ...first.listing, olderCount: first.listing.olderCount! + 1 }, spliced },
    });
    expect(naive.distrusted).toBeDefined();
  });
});

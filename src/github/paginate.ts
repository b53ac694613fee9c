import type { Connection } from './queries.js';

export interface Paged<N> {
  nodes: N[];
  /** False when paging stopped at `maxPages` with more pages left: the caller reports it. */
  complete: boolean;
}

/**
 * Pages a GraphQL connection newest first until `enough(nodes)` says older pages cannot matter,
 * the connection ends, or `maxPages` is reached (then `complete` is false: never silent).
 */
export async function pageConnection<N>(
  fetchPage: (after: string | null) => Promise<Connection<N> | null | undefined>,
  enough: (nodes: readonly N[]) => boolean,
  maxPages = Number.POSITIVE_INFINITY,
): Promise<Paged<N>> {
  const nodes: N[] = [];
  let after: string | null = null;
  for (let page = 0; ; page += 1) {
    if (page >= maxPages) return { nodes, complete: false };
    const connection = await fetchPage(after);
    if (!connection) return { nodes, complete: true };
    nodes.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage || enough(nodes)) return { nodes, complete: true };
    after = connection.pageInfo.endCursor;
  }
}

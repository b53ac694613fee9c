/**
 * Relay connections as GitHub serves them: opaque base64 cursors, `pageInfo`, `totalCount`,
 * `nodes` and `edges`. The dataset never changes under a query, so a cursor is the position in the
 * full ordered list.
 */
import { GraphQLError } from 'graphql';

export interface PageArgs {
  readonly first?: number | null;
  readonly last?: number | null;
  readonly after?: string | null;
  readonly before?: string | null;
}

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: string | null;
  readonly endCursor: string | null;
}

export interface Connection<N> {
  readonly totalCount: number;
  readonly pageInfo: PageInfo;
  readonly nodes: N[];
  readonly edges: { cursor: string; node: N }[];
}

const PREFIX = 'cursor:v2:';

export const encodeCursor = (index: number): string => Buffer.from(`${PREFIX}${index}`).toString('base64');

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  const index = text.startsWith(PREFIX) ? Number(text.slice(PREFIX.length)) : NaN;
  if (!Number.isInteger(index) || index < 0) {
    // GitHub's wording for a cursor it did not issue.
    throw new GraphQLError(`\`${cursor}\` does not appear to be a valid cursor.`, { extensions: { type: 'INVALID_CURSOR_ARGUMENTS' } });
  }
  return index;
}

/** Page `all` with the Relay algorithm; `toNode` runs only for the items served. */
export function connection<T, N>(all: readonly T[], args: PageArgs, toNode: (item: T) => N): Connection<N> {
  for (const key of ['first', 'last'] as const) {
    const v = args[key];
    if (v !== undefined && v !== null && v < 0) {
      throw new GraphQLError(`\`${key}\` must be greater than or equal to 0.`, { extensions: { type: 'INVALID_PAGINATION' } });
    }
  }
  let start = 0;
  let end = all.length;
  if (args.after) start = Math.min(all.length, decodeCursor(args.after) + 1);
  if (args.before) end = Math.min(end, decodeCursor(args.before));
  if (end < start) end = start;
  if (args.first !== undefined && args.first !== null) end = Math.min(end, start + args.first);
  if (args.last !== undefined && args.last !== null) start = Math.max(start, end - args.last);
  const slice = all.slice(start, end);
  let nodes: N[] | null = null;
  const served = (): N[] => (nodes ??= slice.map(toNode));
  return {
    totalCount: all.length,
    pageInfo: {
      hasNextPage: end < all.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length > 0 ? encodeCursor(start) : null,
      endCursor: slice.length > 0 ? encodeCursor(end - 1) : null,
    },
    get nodes() {
      return served();
    },
    get edges() {
      return served().map((node, i) => ({ cursor: encodeCursor(start + i), node }));
    },
  };
}

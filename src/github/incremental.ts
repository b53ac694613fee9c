/** What a run reads against the state an earlier run kept: the two states, the clocks and the log. */
import type { StateRecords } from '../state/format.js';
import { plural } from '../text.js';

/** The state an earlier run kept (`prior`), the one this run builds (`next`), and the log. */
export interface Incremental {
  readonly prior: StateRecords;
  /** The clock of the reads that built `prior`. */
  readonly priorAsOf: number;
  readonly next: { -readonly [K in keyof StateRecords]: StateRecords[K] };
  /** This run's clock: the window end, or the wall clock when earlier. */
  readonly asOf: number;
  readonly log: (message: string) => void;
}

/** A read with nothing kept and nothing logged (a source read only to look for evidence). */
export const scratchIncremental = (asOf: number): Incremental => ({ prior: {}, priorAsOf: asOf, next: {}, asOf, log: () => {} });

export { plural } from '../text.js';

/** One log line per list read with a kept state: what was fetched and what was reused. */
export function logRead(
  inc: Incremental,
  what: string,
  read: { pages: number; reused: number; nodes: readonly unknown[]; distrusted?: string },
): void {
  if (read.distrusted !== undefined) {
    inc.log(`Incremental: ${what}: the cached state does not match GitHub (${read.distrusted}), so the list was read again from the API.`);
  }
  inc.log(
    `Incremental: ${what}: ${plural(read.pages, 'page')} read, ${plural(read.nodes.length - read.reused, 'item')} from the API, ${plural(read.reused, 'item')} from the cache.`,
  );
}

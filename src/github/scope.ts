/** What every collector needs to know: the repository and how far back to read. */
export interface Scope {
  readonly owner: string;
  readonly repo: string;
  /** Production branch name. */
  readonly branch: string;
  /** Window end (exclusive), epoch ms. */
  readonly end: number;
  /** Start of the previous window, epoch ms: data before it only matters as a baseline. */
  readonly previousStart: number;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * Slack below `previousStart` when reading lists ordered by creation: a deploy run or deployment
 * created a little before the previous window can complete inside it.
 */
export const CREATION_SLACK = DAY;

/** ISO 8601 to the second, as GitHub's search-style `created` ranges take it. */
export const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
export const ms = (isoString: string): number => Date.parse(isoString);

/** Something the collectors could not read in full, named in the report. */
export interface Missing {
  readonly what: string;
  readonly reason: string;
  readonly metrics: readonly string[];
}

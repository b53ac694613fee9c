import { metricsNeeding } from '../dora/metrics.js';
export type { Missing } from '../dora/model.js';

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
  /**
   * Where lists ordered by creation start, epoch ms: `previousStart` less `CREATION_SLACK` unless
   * a read found it must go further back (extend-source.ts, `oldestShippedInWindows`).
   */
  readonly readFrom?: number;
}

import { DAY_MS } from '../dora/units.js';

export { DAY_MS, HOUR_MS } from '../dora/units.js';

/**
 * How far below `previousStart` lists ordered by creation are read, since deployments count where
 * they complete (docs/metrics.md "Order and ties"): GitHub lets a workflow run be re-run up to 30
 * days after it first ran, and a job waiting for an environment's approval fails after 30 days, so
 * a deploy run or deployment that completes in the windows was created at most 30 days before.
 */
export const CREATION_SLACK = 30 * DAY_MS;

/** The creation time the deployment source is read from (`Scope.readFrom`). */
export const readFrom = (scope: Scope): number => scope.readFrom ?? scope.previousStart - CREATION_SLACK;

/** ISO 8601 to the second, as GitHub's search-style `created` ranges take it. */
export const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
export const ms = (isoString: string): number => Date.parse(isoString);

export const inWindows = (scope: Scope) => (d: { time: number }) => d.time >= scope.previousStart && d.time < scope.end;

/** The metrics the branch history and pull requests feed: a gap in them withholds these (the registry's `needs`). */
export const CHANGE_METRICS = metricsNeeding('history');

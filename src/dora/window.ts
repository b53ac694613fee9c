/**
 * The report windows (docs/metrics.md "Time"): the window is [end - days, end), the previous window
 * [end - 2*days, end - days). Half-open, so an event exactly at a boundary belongs to one window only.
 */
import type { Millis, WindowName } from './model.js';

import { DAY_MS } from './units.js';

export { DAY_MS, HOUR_MS } from './units.js';

export interface TimeRange {
  readonly start: Millis;
  readonly end: Millis;
}

export interface ReportWindows {
  readonly current: TimeRange;
  readonly previous: TimeRange;
}

export function reportWindows(end: Millis, days: number): ReportWindows {
  const length = days * DAY_MS;
  return {
    current: { start: end - length, end },
    previous: { start: end - 2 * length, end: end - length },
  };
}

/** `start <= t < end` (docs/metrics.md "Time"). */
export function isInRange(t: Millis, range: TimeRange): boolean {
  return range.start <= t && t < range.end;
}

/** The window an instant belongs to, or null when it is in neither. */
export function windowOf(t: Millis, windows: ReportWindows): WindowName | null {
  if (isInRange(t, windows.current)) return 'current';
  if (isInRange(t, windows.previous)) return 'previous';
  return null;
}

/** The UTC calendar date of an instant, `YYYY-MM-DD` (deployment days are UTC dates). */
export function utcDate(t: Millis): string {
  return new Date(t).toISOString().slice(0, 10);
}

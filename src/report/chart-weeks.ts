/**
 * The weeks the trend charts draw (charts.ts): both windows cut into 7-day weeks from their start,
 * each week's numbers computed from the report's own records (deployments, changes, failures of
 * either window), so the charts need no data the report does not hold.
 *
 * Only whole weeks are drawn. A window that is not a whole number of weeks ends in a shorter week
 * (2 days for 30 days); drawn beside full weeks its count reads as a drop, and scaled to 7 days it
 * would show a number nobody measured. So it is left out of the charts and named under them; its
 * numbers stay in the window's totals and in the JSON's `trends.weekly`. The previous window has the
 * same length, so its weeks align the same way and its short last week is left out too.
 *
 * A week's numbers follow the window's rules (docs/metrics.md "Time"): half-open, and a number
 * belongs to the week of its deployment (a recovery to the week of the failure). Failed deploy runs
 * are not in the weekly failure rates, as in `trends.weekly` (the report keeps one record per outage).
 */
import { median } from '../dora/stats.js';
import { DAY_MS, SECOND_MS, WEEK_S } from '../dora/units.js';
import type { Report } from './schema.js';

export type WindowName = 'previous' | 'current';

/** One whole week of one window. Null: nothing to measure that week, or the metric is withheld. */
export interface ChartWeek {
  readonly window: WindowName;
  /** Inclusive start, epoch ms. */
  readonly start: number;
  /** `06-01`: the week's start date, UTC, as the x-axis names it. */
  readonly label: string;
  readonly deployments: number;
  readonly medianLeadTimeSeconds: number | null;
  /** Failed deployments / deployments, 0 to 1. */
  readonly failureRate: number | null;
  readonly medianRecoverySeconds: number | null;
  /** Rework deployments / deployments, 0 to 1. */
  readonly reworkRate: number | null;
}

/** The short last week of a window, left out of the charts. */
export interface ShortWeek {
  readonly window: WindowName;
  readonly label: string;
  readonly days: number;
}

export interface ChartWeeks {
  /** The whole weeks, the previous window's first, oldest first. */
  readonly weeks: readonly ChartWeek[];
  /** The short last week of each window, the previous window's first; empty when `days` is a multiple of 7. */
  readonly short: readonly ShortWeek[];
}

/** `06-01` from epoch ms: a date, UTC. */
export const weekLabel = (ms: number): string => new Date(ms).toISOString().slice(5, 10);

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** The whole weeks of both windows and their short last weeks, from the report's records. */
export function chartWeeks(report: Report): ChartWeeks {
  const windows: { window: WindowName; start: number; end: number }[] = [
    { window: 'previous', start: Date.parse(report.previousWindow.start), end: Date.parse(report.previousWindow.end) },
    { window: 'current', start: Date.parse(report.window.start), end: Date.parse(report.window.end) },
  ];
  const lead = report.metrics.leadTime.withheld;
  const cfr = report.metrics.changeFailureRate.withheld;
  // The failures are left out of the report when change failure rate is withheld.
  const recovery = report.metrics.failedDeploymentRecoveryTime.withheld || cfr;
  const rework = report.metrics.reworkRate.withheld;
  const deployments = report.deployments.map((d) => ({ ...d, at: Date.parse(d.time) }));
  const changes = report.changes
    .filter((c) => c.status === 'measured' && c.leadTimeSeconds !== null)
    .map((c) => ({ at: Date.parse(c.deployedAt), seconds: c.leadTimeSeconds as number }));
  const recoveries = report.failures
    .filter((f) => f.recoverySeconds !== null)
    .map((f) => ({ at: Date.parse(f.failedAt), seconds: f.recoverySeconds as number }));

  const weeks: ChartWeek[] = [];
  const short: ShortWeek[] = [];
  for (const { window, start, end } of windows) {
    for (let from = start; from < end; from += WEEK_S * SECOND_MS) {
      const to = from + WEEK_S * SECOND_MS;
      if (to > end) {
        short.push({ window, label: weekLabel(from), days: (end - from) / DAY_MS });
        break;
      }
      const inWeek = (at: number): boolean => from <= at && at < to;
      const shipped = deployments.filter((d) => inWeek(d.at));
      weeks.push({
        window,
        start: from,
        label: weekLabel(from),
        deployments: shipped.length,
        medianLeadTimeSeconds: lead ? null : median(changes.filter((c) => inWeek(c.at)).map((c) => c.seconds)),
        failureRate: cfr ? null : rate(shipped.filter((d) => d.failed === true).length, shipped.length),
        medianRecoverySeconds: recovery ? null : median(recoveries.filter((r) => inWeek(r.at)).map((r) => r.seconds)),
        reworkRate: rework ? null : rate(shipped.filter((d) => (d.remediates ?? []).length > 0).length, shipped.length),
      });
    }
  }
  return { weeks, short };
}

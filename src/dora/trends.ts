/**
 * Weekly trends inside the window: the window cut into 7-day buckets from its start, each with its
 * deployments, the median lead time of the changes it deployed and its failure rate. The buckets
 * follow the window's rules (docs/metrics.md "Time"): half-open, and a number belongs to the bucket of
 * its deployment. The last bucket is shorter when the window is not a whole number of weeks.
 */
import type { DoraResult, Millis, WindowMetrics } from './model.js';
import { median } from './stats.js';
import { DAY_MS } from './window.js';

const WEEK_DAYS = 7;

export interface WeeklyPoint {
  /** Inclusive start of the bucket: window start + 7 days per bucket before it. */
  readonly start: Millis;
  /** Exclusive end: 7 days later, or the window's end for a shorter last bucket. */
  readonly end: Millis;
  /** Length in days: 7, less for the last bucket when the window is not a whole number of weeks. */
  readonly days: number;
  /** Successful deployments completed in the bucket. Zero is a measurement. */
  readonly deployments: number;
  /** Changes measured whose first deployment is in the bucket; null when lead time is withheld. */
  readonly changes: number | null;
  /** Median lead time of those changes, seconds; null when none was measured or lead time is withheld. */
  readonly medianLeadTimeSeconds: number | null;
  /** Deployments of the bucket that failed; null when change failure rate is withheld. */
  readonly failedDeployments: number | null;
  /** failedDeployments / deployments; null with no deployment or when change failure rate is withheld. */
  readonly failureRate: number | null;
}

export interface WeeklyTrendsOptions {
  /**
   * Metrics the report withholds (their data could not be read): their weekly numbers are null too,
   * never a number that may be wrong.
   */
  readonly withheld?: readonly Exclude<keyof WindowMetrics, 'deploymentFrequency' | 'overallTier'>[];
}

/**
 * The window's weekly buckets, oldest first.
 *
 * Failed deploy runs (the `failed-run` signal) are not in the weekly failure rates: the result keeps
 * only one record per outage, not every run, so the weekly rate counts deployments alone and can
 * differ from the window's rate when that signal is on.
 */
export function weeklyTrends(result: DoraResult, options: WeeklyTrendsOptions = {}): WeeklyPoint[] {
  const withheld = new Set<string>(options.withheld ?? []);
  const leadTimeWithheld = withheld.has('leadTime');
  const failureRateWithheld = withheld.has('changeFailureRate');
  const { start, end } = result.window;
  const deployments = result.deployments.filter((d) => d.window === 'current');
  const changes = result.changes.filter((c) => c.window === 'current' && c.status === 'measured');

  const points: WeeklyPoint[] = [];
  for (let from = start; from < end; from += WEEK_DAYS * DAY_MS) {
    const to = Math.min(from + WEEK_DAYS * DAY_MS, end);
    const inBucket = (t: Millis): boolean => from <= t && t < to;
    const shipped = deployments.filter((d) => inBucket(d.deployment.time));
    const leadTimes = changes
      .filter((c) => inBucket(c.deployedAt))
      .map((c) => c.leadTimeSeconds)
      .filter((s): s is number => s !== null);
    const failed = shipped.filter((d) => d.failed).length;
    points.push({
      start: from,
      end: to,
      days: (to - from) / DAY_MS,
      deployments: shipped.length,
      changes: leadTimeWithheld ? null : leadTimes.length,
      medianLeadTimeSeconds: leadTimeWithheld ? null : median(leadTimes),
      failedDeployments: failureRateWithheld ? null : failed,
      failureRate: failureRateWithheld || shipped.length === 0 ? null : failed / shipped.length,
    });
  }
  return points;
}

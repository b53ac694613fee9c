/**
 * Alert rules over the report: `lead-time above 48h`, `deployment-frequency drop 50%`. A rule reads
 * the headline number of `deltas` (the same number the summary shows), so an alert never disagrees
 * with the table. A rule on a metric with no data, or withheld, never fires: it is listed as skipped
 * with the reason, because no data is not good news.
 */
import { METRICS } from '../dora/metrics.js';
import { type AlertRule, keyOf, trimNumber } from '../inputs/alert-rules.js';
import { capitalize } from './markdown.js';
import { humanizeDuration, humanizePerDay, humanizeRate } from './humanize.js';
import type { Report, ReportAlert, ReportDelta, ReportSkippedAlert } from './schema.js';

// The rule grammar is an input's: it is parsed with the inputs (inputs/alert-rules), and read here.
export {
  ACCEPTED_FORMS,
  ALERT_KINDS,
  ALERT_METRICS,
  type AlertKind,
  type AlertMetric,
  type AlertRule,
  parseAlertRules,
} from '../inputs/alert-rules.js';

export type Alert = ReportAlert;
export type SkippedAlert = ReportSkippedAlert;

type Unit = ReportDelta['unit'];

/** A value in its unit, as the summary writes it. */
export function formatMetricValue(unit: Unit, value: number): string {
  if (unit === 'seconds') return humanizeDuration(value);
  if (unit === 'fraction') return humanizeRate(value);
  return humanizePerDay(value);
}

export type FrequencyUnit = 'day' | 'week' | 'month';
const PER_DAY_FACTOR: Readonly<Record<FrequencyUnit, number>> = { day: 1, week: 7, month: 30 };

/**
 * The unit in which the largest of some deployments-per-day values reads as at least one (as the
 * summary chooses it), so that values compared in one sentence share a unit.
 */
export function frequencyUnit(perDayValues: readonly number[]): FrequencyUnit {
  const largest = Math.max(0, ...perDayValues);
  return largest >= 1 || largest === 0 ? 'day' : largest * 7 >= 1 ? 'week' : 'month';
}

/** A plain number with at most one decimal (two below 1, so 0.04 is not "0"). */
export function plainNumber(n: number): string {
  const fixed = Math.abs(n) < 1 ? n.toFixed(2) : n >= 100 ? n.toFixed(0) : n.toFixed(1);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Deployments per day written per `unit`: `0.5/week`. */
export function formatFrequency(perDay: number, unit: FrequencyUnit): string {
  return `${plainNumber(perDay * PER_DAY_FACTOR[unit])}/${unit}`;
}

export function perDayIn(perDay: number, unit: FrequencyUnit): number {
  return perDay * PER_DAY_FACTOR[unit];
}

/** A positive relative change as a percentage: whole from 10% up, one decimal below. */
function percentOf(fraction: number): string {
  const pct = fraction * 100;
  return `${pct >= 10 ? Math.round(pct).toLocaleString('en-US') : trimNumber(pct)}%`;
}

// Thresholds are compared with a little slack so that "drop 50%" fires for 2 → 1 despite float error.
const EPSILON = 1e-9;

/**
 * The rules that fire on the report, in rule order, and those that could not be evaluated. `above`
 * and `below` are strict; `drop` and `rise` fire when the relative change reaches the threshold.
 */
export function evaluateAlerts(report: Report, rules: readonly AlertRule[]): { alerts: Alert[]; skipped: SkippedAlert[] } {
  const alerts: Alert[] = [];
  const skipped: SkippedAlert[] = [];
  for (const rule of rules) {
    const key = keyOf(rule.metric);
    const metric = report.metrics[key];
    const delta = report.deltas[key];
    const skip = (reason: string): void => {
      skipped.push({ rule: rule.text, metric: rule.metric, reason });
    };
    if (metric.withheld) {
      skip(`withheld: ${metric.reason ?? 'its data could not be read'}`);
      continue;
    }
    const value = delta.current;
    if (value === null) {
      skip(`no data in the window${'reason' in metric && metric.reason ? ` (${metric.reason})` : ''}`);
      continue;
    }
    const previous = delta.previous;
    const words = capitalize(METRICS[key].name);
    // Deployment frequencies compared in one sentence share a unit: the threshold's for above and
    // below, the one the larger value reads best in for drop and rise.
    const per: FrequencyUnit =
      rule.kind === 'above' || rule.kind === 'below'
        ? rule.written.endsWith('/week')
          ? 'week'
          : 'day'
        : frequencyUnit([value, previous ?? 0]);
    const fmt = (n: number): string => (delta.unit === 'perDay' ? formatFrequency(n, per) : formatMetricValue(delta.unit, n));
    const fire = (message: string): void => {
      alerts.push({
        rule: rule.text,
        metric: rule.metric,
        kind: rule.kind,
        unit: delta.unit,
        threshold: rule.threshold,
        value,
        previous,
        message,
      });
    };
    if (rule.kind === 'above') {
      if (value > rule.threshold) fire(`${words} ${fmt(value)} is above ${fmt(rule.threshold)}`);
      continue;
    }
    if (rule.kind === 'below') {
      if (value < rule.threshold) fire(`${words} ${fmt(value)} is below ${fmt(rule.threshold)}`);
      continue;
    }
    if (previous === null) {
      skip('no data in the previous window to compare with');
      continue;
    }
    if (previous === 0) {
      skip('the previous window\'s value is 0, so a relative change is not defined; use an "above" or "below" rule');
      continue;
    }
    const ratio = (value - previous) / previous;
    const moved = `from ${fmt(previous)} to ${fmt(value)} (rule: ${rule.text})`;
    if (rule.kind === 'drop') {
      if (-ratio >= rule.threshold - EPSILON) fire(`${words} fell by ${percentOf(-ratio)} ${moved}`);
      continue;
    }
    if (ratio >= rule.threshold - EPSILON) {
      const by = rule.written.endsWith('x') ? `×${trimNumber(1 + ratio)}` : `by ${percentOf(ratio)}`;
      fire(`${words} rose ${by} ${moved}`);
    }
  }
  return { alerts, skipped };
}

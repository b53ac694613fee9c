/**
 * Alert rules over the report: `lead-time above 48h`, `deployment-frequency drop 50%`. A rule reads
 * the headline number of `deltas` (the same number the summary shows), so an alert never disagrees
 * with the table. A rule on a metric with no data, or withheld, never fires: it is listed as skipped
 * with the reason, because no data is not good news.
 */
import { METRIC_SPECS, METRICS, type MetricKey, metricOfAlert } from '../dora/metrics.js';
import { sanitizeText } from './escape.js';
import { capitalize } from './markdown.js';
import { humanizeDuration, humanizePerDay, humanizeRate } from './humanize.js';
import {
  ALERT_KINDS,
  ALERT_METRICS,
  type AlertKind,
  type AlertMetric,
  type Report,
  type ReportAlert,
  type ReportDelta,
  type ReportSkippedAlert,
} from './schema.js';

export { ALERT_KINDS, ALERT_METRICS, type AlertKind, type AlertMetric };

export interface AlertRule {
  /** Canonical text, e.g. "lead-time above 48h": what alerts and problems quote. */
  readonly text: string;
  readonly metric: AlertMetric;
  readonly kind: AlertKind;
  /**
   * For `above` and `below`: the value in the metric's unit (perDay, seconds, fraction). For `drop`
   * and `rise`: the relative change (current - previous) / previous it takes, positive (`drop 50%`
   * is 0.5, `rise 2x` is 1).
   */
  readonly threshold: number;
  /** The threshold as written, normalized: "48h", "15%", "1/week", "2x". */
  readonly written: string;
}

export type Alert = ReportAlert;
export type SkippedAlert = ReportSkippedAlert;

type Unit = ReportDelta['unit'];

/** The report key of a rule metric (every rule metric is the alert name of one). */
const keyOf = (metric: AlertMetric): MetricKey => metricOfAlert(metric) as MetricKey;

/** The rule names of the metrics in `unit`: "lead-time and recovery-time". */
const alertsIn = (unit: Unit): string =>
  METRIC_SPECS.filter((spec) => spec.unit === unit)
    .map((spec) => spec.alert)
    .join(' and ');

export const ACCEPTED_FORMS =
  'Accepted forms: "<metric> above <value>", "<metric> below <value>", "<metric> drop <percent>" and ' +
  '"<metric> rise <factor>x" or "<metric> rise <percent>" (drop and rise compare with the previous window); ' +
  `metrics: ${ALERT_METRICS.join(', ')}; values: durations for ${alertsIn('seconds')} (45m, 48h, 2d, 1w), ` +
  `rates for ${alertsIn('fraction')} (15% or 0.15), deployments per day or week for ${alertsIn('perDay')} (1/day, 3/week).`;

const NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const DURATION = new RegExp(`^${NUMBER}(m|h|d|w)$`);
const PERCENT = new RegExp(`^${NUMBER}%$`);
const PLAIN = new RegExp(`^${NUMBER}$`);
const PER = new RegExp(`^${NUMBER}/(day|week)$`);
const FACTOR = new RegExp(`^${NUMBER}[x×]$`);
const RULE = /^(\S+)\s+(\S+)\s+(.+)$/;

const DURATION_SECONDS: Readonly<Record<string, number>> = { m: 60, h: 3600, d: 86_400, w: 604_800 };

/** A threshold in the metric's unit, or why the text is not one. */
type Parsed = { readonly value: number; readonly written: string } | { readonly problem: string };

function parseValue(metric: AlertMetric, text: string): Parsed {
  const unit: Unit = METRICS[keyOf(metric)].unit;
  if (unit === 'seconds') {
    const m = DURATION.exec(text);
    if (m === null) return { problem: `${metric} takes a duration with a unit: 45m, 48h, 2d or 1w` };
    return { value: Number(m[1]) * (DURATION_SECONDS[m[2] as string] as number), written: text };
  }
  if (unit === 'fraction') {
    const percent = PERCENT.exec(text);
    if (percent !== null) {
      const value = Number(percent[1]) / 100;
      if (value > 1) return { problem: `${metric} is a rate from 0% to 100%` };
      return { value, written: text };
    }
    const plain = PLAIN.exec(text);
    if (plain !== null) {
      const value = Number(plain[1]);
      // "15" is ambiguous (15% or 15 times?): a bare number must be a fraction.
      if (value > 1) return { problem: `${metric} takes a rate as 15% or 0.15 (a bare number is a fraction from 0 to 1)` };
      return { value, written: `${trimNumber(value * 100)}%` };
    }
    return { problem: `${metric} takes a rate: 15% or 0.15` };
  }
  const per = PER.exec(text);
  if (per === null) return { problem: `${metric} takes deployments per day or per week: 1/day, 3/week` };
  const count = Number(per[1]);
  return { value: per[2] === 'week' ? count / 7 : count, written: text };
}

function parseChange(kind: 'drop' | 'rise', text: string): Parsed {
  const percent = PERCENT.exec(text);
  if (percent !== null) {
    const value = Number(percent[1]) / 100;
    if (value <= 0) return { problem: `a ${kind} must be more than 0%` };
    if (kind === 'drop' && value > 1) return { problem: 'a drop is at most 100% (the metric fell to zero)' };
    return { value, written: text };
  }
  if (kind === 'rise') {
    const factor = FACTOR.exec(text);
    if (factor === null) return { problem: 'a rise takes a factor or a percentage: 2x or 50%' };
    const value = Number(factor[1]);
    if (value <= 1) return { problem: 'a rise factor must be more than 1x' };
    return { value: value - 1, written: `${factor[1]}x` };
  }
  return { problem: 'a drop takes a percentage: 50%' };
}

/**
 * Rules from the `alerts` input: one per line or comma, `<metric> <kind> <value>`, case-insensitive.
 * Blank entries and lines starting with `#` are ignored; a repeated rule counts once. Each entry that
 * is not a rule gives a problem naming it and listing the accepted forms.
 */
export function parseAlertRules(text: string): { rules: AlertRule[]; problems: string[] } {
  const rules: AlertRule[] = [];
  const problems: string[] = [];
  const entries = text
    .split(/\r?\n/)
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    const problem = (why: string): void => {
      problems.push(`Alert rule "${sanitizeText(entry, 80)}": ${why}. ${ACCEPTED_FORMS}`);
    };
    const m = RULE.exec(entry.toLowerCase());
    if (m === null) {
      problem('expected a metric, a kind and a value');
      continue;
    }
    const [, metric, kind, rawValue] = m as unknown as [string, string, string, string];
    if (!(ALERT_METRICS as readonly string[]).includes(metric)) {
      problem(`unknown metric "${sanitizeText(metric, 40)}"`);
      continue;
    }
    if (!(ALERT_KINDS as readonly string[]).includes(kind)) {
      problem(`unknown kind "${sanitizeText(kind, 40)}" (above, below, drop or rise)`);
      continue;
    }
    const value = rawValue.replace(/\s+/g, '');
    const parsed = kind === 'drop' || kind === 'rise' ? parseChange(kind, value) : parseValue(metric as AlertMetric, value);
    if ('problem' in parsed) {
      problem(parsed.problem);
      continue;
    }
    const rule: AlertRule = {
      text: `${metric} ${kind} ${parsed.written}`,
      metric: metric as AlertMetric,
      kind: kind as AlertKind,
      threshold: parsed.value,
      written: parsed.written,
    };
    if (!rules.some((r) => r.text === rule.text)) rules.push(rule);
  }
  return { rules, problems };
}

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

function trimNumber(n: number): string {
  const fixed = n.toFixed(1);
  return fixed.endsWith('.0') ? fixed.slice(0, -2) : fixed;
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

/**
 * The grammar of the `alert-rules` input: `lead-time above 48h`, `deployment-frequency drop 50%`.
 * Parsed with the other inputs, so a rule that is not one fails the step before anything is read;
 * report/alerts evaluates the rules on the report.
 */
import { ALERT_METRICS, type AlertMetric, METRIC_SPECS, METRICS, type MetricKey, type MetricUnit, metricOfAlert } from '../dora/metrics.js';
import { sanitizeText } from '../text.js';

/** How a rule compares (the report's `alerts[].kind`). */
export const ALERT_KINDS = ['above', 'below', 'drop', 'rise'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export { ALERT_METRICS, type AlertMetric };

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

type Unit = MetricUnit;

/** The report key of a rule metric (every rule metric is the alert name of one). */
export const keyOf = (metric: AlertMetric): MetricKey => metricOfAlert(metric) as MetricKey;

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

/** A number with at most one decimal, without a trailing `.0`. */
export function trimNumber(n: number): string {
  const fixed = n.toFixed(1);
  return fixed.endsWith('.0') ? fixed.slice(0, -2) : fixed;
}

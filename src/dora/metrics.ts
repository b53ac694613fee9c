/**
 * The metric registry: each of the five metrics named once, with everything the layers above say
 * about it (titles, unit, better direction, step outputs, alert name, badge, what data it needs).
 * The engine is the lowest layer, so inputs, collection, report and publishing may all read it; it
 * imports nothing, so the engine bundle stays free of them. Table order is the summary table's,
 * and every list of metrics (outputs, badges, deltas, withheld warnings) follows it.
 */

/** The metrics' keys in `WindowMetrics` and the report's `metrics` and `deltas`, in table order. */
export const METRIC_KEYS = ['deploymentFrequency', 'leadTime', 'changeFailureRate', 'failedDeploymentRecoveryTime', 'reworkRate'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** The unit of a metric's headline number: deployments per day, seconds, or a fraction from 0 to 1. */
export type MetricUnit = 'perDay' | 'seconds' | 'fraction';

/** The data a metric is computed from; a metric is understated (withheld) when any of it could not be read. */
export type MetricData = 'deployments' | 'history' | 'pullRequests' | 'incidents';
export const METRIC_DATA = ['deployments', 'history', 'pullRequests', 'incidents'] as const satisfies readonly MetricData[];

export interface MetricSpec {
  readonly key: MetricKey;
  /** Its full DORA name, lower case: "lead time for changes". Tables and warnings capitalize it. */
  readonly title: string;
  /** Its short name, lower case: "lead time". Alerts, badges and the list of affected metrics use it. */
  readonly name: string;
  /** The field of its metrics that is its headline number (what deltas, alerts and outputs read). */
  readonly headline: 'perDay' | 'medianSeconds' | 'rate';
  /** The headline number in words, lower case: "median lead time" (the deltas' descriptions). */
  readonly headlineName: string;
  readonly unit: MetricUnit;
  /** Which direction of the headline number is an improvement. */
  readonly better: 'higher' | 'lower';
  /** False for rework rate: DORA publishes no tiers for it, and it takes no part in the overall tier. */
  readonly tiered: boolean;
  /**
   * Its step outputs (action.yml): the headline number (rounded, for scripts), the same number for
   * people (`text`: `2.2/day`, `1d 15h`, a rate as a percentage `21.5`), the tier (null when
   * untiered) and the count of deployments (deployment frequency only, null otherwise).
   */
  readonly outputs: { readonly value: string; readonly text: string; readonly tier: string | null; readonly count: string | null };
  /** Its name in alert rules (`alert-rules`): "lead-time above 48h". */
  readonly alert: string;
  /** Its badge: `<name>.svg` and `<name>.json`, and the label on it. */
  readonly badge: { readonly name: string; readonly label: string };
  /**
   * True when a gap in its data withholds it. Deployment frequency never is: without the
   * deployments there is no report, and the action fails instead.
   */
  readonly withholdable: boolean;
  readonly needs: readonly MetricData[];
}

export const METRICS = {
  deploymentFrequency: {
    key: 'deploymentFrequency',
    title: 'deployment frequency',
    name: 'deployment frequency',
    headline: 'perDay',
    headlineName: 'deployments per day',
    unit: 'perDay',
    better: 'higher',
    tiered: true,
    outputs: { value: 'deployment-frequency', text: 'deployment-frequency-text', tier: 'deployment-frequency-tier', count: 'deployments' },
    alert: 'deployment-frequency',
    badge: { name: 'deployment-frequency', label: 'deployment frequency' },
    withholdable: false,
    needs: ['deployments'],
  },
  leadTime: {
    key: 'leadTime',
    title: 'lead time for changes',
    name: 'lead time',
    headline: 'medianSeconds',
    headlineName: 'median lead time',
    unit: 'seconds',
    better: 'lower',
    tiered: true,
    outputs: { value: 'lead-time-seconds', text: 'lead-time', tier: 'lead-time-tier', count: null },
    alert: 'lead-time',
    badge: { name: 'lead-time', label: 'lead time' },
    withholdable: true,
    needs: ['deployments', 'history', 'pullRequests'],
  },
  changeFailureRate: {
    key: 'changeFailureRate',
    title: 'change failure rate',
    name: 'change failure rate',
    headline: 'rate',
    headlineName: 'change failure rate',
    unit: 'fraction',
    better: 'lower',
    tiered: true,
    outputs: { value: 'change-failure-rate', text: 'change-failure-rate-percent', tier: 'change-failure-rate-tier', count: null },
    alert: 'change-failure-rate',
    badge: { name: 'change-failure-rate', label: 'change failure rate' },
    withholdable: true,
    // Reverts and hotfixes are found in the history and pull requests; incidents blame deployments too.
    needs: ['deployments', 'history', 'pullRequests', 'incidents'],
  },
  failedDeploymentRecoveryTime: {
    key: 'failedDeploymentRecoveryTime',
    title: 'failed deployment recovery time',
    name: 'recovery time',
    headline: 'medianSeconds',
    headlineName: 'median recovery time',
    unit: 'seconds',
    better: 'lower',
    tiered: true,
    outputs: { value: 'recovery-time-seconds', text: 'recovery-time', tier: 'recovery-time-tier', count: null },
    alert: 'recovery-time',
    badge: { name: 'recovery-time', label: 'recovery time' },
    withholdable: true,
    // It recovers the failures change failure rate finds, so it needs what that needs.
    needs: ['deployments', 'history', 'pullRequests', 'incidents'],
  },
  reworkRate: {
    key: 'reworkRate',
    title: 'deployment rework rate',
    name: 'rework rate',
    headline: 'rate',
    headlineName: 'rework rate',
    unit: 'fraction',
    better: 'lower',
    tiered: false,
    outputs: { value: 'rework-rate', text: 'rework-rate-percent', tier: null, count: null },
    alert: 'rework-rate',
    badge: { name: 'rework-rate', label: 'rework rate' },
    withholdable: true,
    needs: ['deployments', 'history', 'pullRequests'],
  },
} as const satisfies { readonly [K in MetricKey]: MetricSpec & { readonly key: K } };

type Metrics = typeof METRICS;

/** The metrics in table order, as their specs. */
export const METRIC_SPECS: readonly Metrics[MetricKey][] = METRIC_KEYS.map((key) => METRICS[key]);

/** The metrics that can be withheld, in table order. */
export type WithholdableMetric = { [K in MetricKey]: Metrics[K]['withholdable'] extends true ? K : never }[MetricKey];
export const WITHHOLDABLE_METRICS: readonly WithholdableMetric[] = METRIC_KEYS.filter(
  (key): key is WithholdableMetric => METRICS[key].withholdable,
);

/** The metrics DORA publishes tiers for, in table order: the overall tier is the lowest of theirs. */
export type TieredMetric = { [K in MetricKey]: Metrics[K]['tiered'] extends true ? K : never }[MetricKey];
export const TIERED_METRICS: readonly TieredMetric[] = METRIC_KEYS.filter((key): key is TieredMetric => METRICS[key].tiered);

/** A metric's name in alert rules. */
export type AlertMetric = Metrics[MetricKey]['alert'];
/** The alert rule names in table order. */
export const ALERT_METRICS = METRIC_SPECS.map((spec) => spec.alert) as readonly AlertMetric[];

/** The metrics computed from `data`, in table order: those a gap in it understates. */
export function metricsNeeding(data: MetricData): MetricKey[] {
  return METRIC_KEYS.filter((key) => (METRICS[key].needs as readonly MetricData[]).includes(data));
}

/** The metric an alert rule names, or null when it names none. */
export function metricOfAlert(alert: string): MetricKey | null {
  return METRIC_KEYS.find((key) => METRICS[key].alert === alert) ?? null;
}

/**
 * A metric's headline number in a window's metrics: the engine's, a report's or a roll-up's, which
 * all name it by the registry's `headline` field.
 */
export function headlineOf(metrics: { readonly [K in MetricKey]: object }, key: MetricKey): number | null {
  return (metrics[key] as Readonly<Record<string, number | null>>)[METRICS[key].headline] as number | null;
}

/** A metric's step output names (action.yml). */
export type MetricOutputName = Exclude<Metrics[MetricKey]['outputs'][keyof MetricSpec['outputs']], null>;
/** The metrics' step outputs in table order, each metric's value, text, tier and count in that order. */
export const METRIC_OUTPUT_NAMES = METRIC_SPECS.flatMap((spec) =>
  [spec.outputs.value, spec.outputs.text, spec.outputs.tier, spec.outputs.count].filter((name) => name !== null),
) as readonly MetricOutputName[];

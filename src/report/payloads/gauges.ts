/**
 * The numbers the metrics endpoints receive, named once for both the Prometheus and the OTLP
 * payload so that a dashboard reads the same series from either (the OpenTelemetry Collector's
 * Prometheus exporter turns `dora.lead_time` in `s` into `dora_lead_time_seconds`).
 *
 * Only the current window is sent: a metrics backend keeps the history itself. A metric with no
 * data, or withheld, has no point: a backend must see a gap, never a 0 that is not a measurement.
 */
import type { Tier } from '../../dora/model.js';
import type { Report } from '../schema.js';

export interface GaugePoint {
  /** Attributes (labels) of this point, beyond the common ones (repository, source, window_days). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Gauge {
  /** Prometheus metric name, unit suffix included. */
  readonly prometheusName: string;
  /** OpenTelemetry metric name. */
  readonly otlpName: string;
  /** UCUM unit, as OTLP carries it. */
  readonly unit: string;
  readonly description: string;
  readonly points: readonly GaugePoint[];
}

/** The `metric` label of `dora_tier`. */
export const TIER_METRICS = ['deployment_frequency', 'lead_time', 'change_failure_rate', 'recovery_time', 'overall'] as const;

const point = (value: number | null, attributes: Record<string, string> = {}): GaugePoint[] =>
  value === null || !Number.isFinite(value) ? [] : [{ attributes, value }];

const quantiles = (stats: { medianSeconds: number | null; p90Seconds: number | null; p95Seconds: number | null }): GaugePoint[] => [
  ...point(stats.medianSeconds, { quantile: '0.5' }),
  ...point(stats.p90Seconds, { quantile: '0.9' }),
  ...point(stats.p95Seconds, { quantile: '0.95' }),
];

/** The gauges of the report's current window; gauges without a point are left out. */
export function reportGauges(report: Report): Gauge[] {
  const m = report.metrics;
  const tiers: [(typeof TIER_METRICS)[number], Tier | null][] = [
    ['deployment_frequency', m.deploymentFrequency.tier],
    ['lead_time', m.leadTime.tier],
    ['change_failure_rate', m.changeFailureRate.tier],
    ['recovery_time', m.failedDeploymentRecoveryTime.tier],
    ['overall', m.overallTier],
  ];
  const gauges: Gauge[] = [
    {
      prometheusName: 'dora_deployment_frequency_per_day',
      otlpName: 'dora.deployment_frequency',
      unit: '{deployment}/d',
      description: 'Deployment frequency: successful production deployments per day in the window.',
      points: point(m.deploymentFrequency.perDay),
    },
    {
      prometheusName: 'dora_deployments',
      otlpName: 'dora.deployments',
      unit: '{deployment}',
      description: 'Successful production deployments in the window.',
      points: point(m.deploymentFrequency.deployments),
    },
    {
      prometheusName: 'dora_lead_time_seconds',
      otlpName: 'dora.lead_time',
      unit: 's',
      description:
        'Lead time for changes, seconds: median (quantile 0.5, the one tiers use), p90 and p95 over the changes deployed in the window.',
      points: quantiles(m.leadTime),
    },
    {
      prometheusName: 'dora_lead_time_mean_seconds',
      otlpName: 'dora.lead_time.mean',
      unit: 's',
      description: 'Mean lead time for changes, seconds.',
      points: point(m.leadTime.meanSeconds),
    },
    {
      prometheusName: 'dora_lead_time_changes',
      otlpName: 'dora.lead_time.changes',
      unit: '{change}',
      description: 'Changes whose lead time was measured in the window.',
      points: point(m.leadTime.changes),
    },
    {
      prometheusName: 'dora_change_failure_rate',
      otlpName: 'dora.change_failure_rate',
      unit: '1',
      description: 'Change failure rate: failed deployments / deployments, a fraction from 0 to 1.',
      points: point(m.changeFailureRate.rate),
    },
    {
      prometheusName: 'dora_failed_deployments',
      otlpName: 'dora.failed_deployments',
      unit: '{deployment}',
      description: 'Deployments in the window after which production needed remediation.',
      points: point(m.changeFailureRate.failedDeployments),
    },
    {
      prometheusName: 'dora_recovery_time_seconds',
      otlpName: 'dora.recovery_time',
      unit: 's',
      description:
        'Failed deployment recovery time, seconds: median (quantile 0.5), p90 and p95 over the failures recovered in the window.',
      points: quantiles(m.failedDeploymentRecoveryTime),
    },
    {
      prometheusName: 'dora_recovery_time_mean_seconds',
      otlpName: 'dora.recovery_time.mean',
      unit: 's',
      description: 'Mean failed deployment recovery time, seconds.',
      points: point(m.failedDeploymentRecoveryTime.meanSeconds),
    },
    {
      prometheusName: 'dora_recoveries',
      otlpName: 'dora.recoveries',
      unit: '{failure}',
      description: 'Failures in the window remediated by its end.',
      points: point(m.failedDeploymentRecoveryTime.recoveries),
    },
    {
      prometheusName: 'dora_rework_rate',
      otlpName: 'dora.rework_rate',
      unit: '1',
      description: 'Deployment rework rate: remediating deployments / deployments, a fraction from 0 to 1.',
      points: point(m.reworkRate.rate),
    },
    {
      prometheusName: 'dora_tier',
      otlpName: 'dora.tier',
      unit: '1',
      description: `Performance tier of each metric and the overall tier (DORA ${report.benchmark} report): 1 for the tier reached.`,
      points: tiers.flatMap(([metric, tier]) => (tier === null ? [] : point(1, { metric, tier }))),
    },
    {
      prometheusName: 'dora_report_complete',
      otlpName: 'dora.report.complete',
      unit: '1',
      description: '1 when every source was read in full, 0 when some data is missing and metrics may be withheld.',
      points: point(report.complete ? 1 : 0),
    },
    {
      prometheusName: 'dora_window_end_timestamp_seconds',
      otlpName: 'dora.window.end',
      unit: 's',
      description: 'End of the window measured (exclusive), Unix time in seconds.',
      points: point(Date.parse(report.window.end) / 1000),
    },
  ];
  return gauges.filter((g) => g.points.length > 0);
}

/** The labels every point carries. */
export function commonAttributes(report: Report): { source: string; window_days: string } {
  return { source: report.deploymentSource.name, window_days: String(report.window.days) };
}

/**
 * Step outputs: numbers and enums only. Workflows interpolate outputs into `run:` scripts, so no
 * text anyone can write (titles, labels, branch names) may reach them. `report-path` is added by
 * the caller, which knows where the JSON was written.
 */
import { headlineOf, METRIC_OUTPUT_NAMES, METRIC_SPECS, type MetricKey, type MetricOutputName } from '../dora/metrics.js';
import type { Report } from './schema.js';

export const OUTPUT_NAMES = [...METRIC_OUTPUT_NAMES, 'overall-tier', 'deployment-source', 'complete', 'alerts'] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

/** A number or enum as an output value; null (no data) is the empty string. */
export const outputValue = (v: number | string | boolean | null): string => (v === null ? '' : String(v));

/** What the metric outputs read: a report's metrics or a roll-up's (which has no withheld flags). */
type OutputSource = {
  readonly [K in MetricKey]: { readonly withheld?: boolean; readonly tier?: string | null; readonly deployments?: number | null };
};

/**
 * The metrics' outputs, named by the registry: the headline number, the tier, and the count of
 * deployments. A withheld metric's are empty, like no data: `complete` is then false.
 */
export function metricOutputs(m: OutputSource): Record<MetricOutputName, string> {
  const outputs: [MetricOutputName, string][] = [];
  for (const { key, outputs: names } of METRIC_SPECS) {
    const metric = m[key];
    const unlessWithheld = (v: number | string | null | undefined): string => (metric.withheld ? '' : outputValue(v ?? null));
    outputs.push([names.value, unlessWithheld(headlineOf(m, key))]);
    if (names.tier !== null) outputs.push([names.tier, unlessWithheld(metric.tier)]);
    if (names.count !== null) outputs.push([names.count, unlessWithheld(metric.deployments)]);
  }
  return Object.fromEntries(outputs) as Record<MetricOutputName, string>;
}

export function reportOutputs(report: Report): Record<OutputName, string> {
  return {
    ...metricOutputs(report.metrics),
    'overall-tier': outputValue(report.metrics.overallTier),
    'deployment-source': outputValue(report.deploymentSource.name),
    alerts: outputValue(report.alerts?.length ?? 0),
    complete: outputValue(report.complete),
  };
}

/**
 * The Prometheus text exposition format (version 0.0.4), as a Pushgateway accepts it: one
 * `# HELP` and `# TYPE` per family, its samples after them, a final newline.
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */
import type { Report } from '../schema.js';
import { commonAttributes, reportGauges } from './gauges.js';

/** A label value: backslash, double quote and line feed are escaped, as the format requires. */
export function escapePrometheusLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text: backslash and line feed are escaped. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function labelSet(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapePrometheusLabelValue(value)}"`);
  return `{${pairs.join(',')}}`;
}

/** Go's ParseFloat reads what JavaScript prints, exponents included. */
function sampleValue(n: number): string {
  return String(n);
}

export function prometheusBody(report: Report): string {
  const common = { repository: report.repository, ...commonAttributes(report) };
  const lines = reportGauges(report).flatMap((gauge) => [
    `# HELP ${gauge.prometheusName} ${escapeHelp(gauge.description)}`,
    `# TYPE ${gauge.prometheusName} gauge`,
    ...gauge.points.map((p) => `${gauge.prometheusName}${labelSet({ ...common, ...p.attributes })} ${sampleValue(p.value)}`),
  ]);
  return `${lines.join('\n')}\n`;
}

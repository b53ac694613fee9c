/**
 * An OTLP/HTTP JSON `ExportMetricsServiceRequest` (POST to a collector's /v1/metrics), in the
 * protobuf JSON mapping OTLP specifies: lowerCamelCase field names, 64-bit integers as decimal
 * strings (`timeUnixNano`, `intValue`), enums absent.
 * https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 */
import type { Report } from '../schema.js';
import { commonAttributes, reportGauges } from './gauges.js';

export type OtlpAnyValue = { readonly stringValue: string } | { readonly intValue: string } | { readonly doubleValue: number };
export interface OtlpKeyValue {
  readonly key: string;
  readonly value: OtlpAnyValue;
}
export interface OtlpNumberDataPoint {
  readonly attributes: readonly OtlpKeyValue[];
  readonly timeUnixNano: string;
  readonly asDouble: number;
}
export interface OtlpMetric {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly gauge: { readonly dataPoints: readonly OtlpNumberDataPoint[] };
}
export interface OtlpExportMetricsServiceRequest {
  readonly resourceMetrics: readonly {
    readonly resource: { readonly attributes: readonly OtlpKeyValue[] };
    readonly scopeMetrics: readonly {
      readonly scope: { readonly name: string };
      readonly metrics: readonly OtlpMetric[];
    }[];
  }[];
}

/** The instrumentation scope: what produced the metrics. */
export const OTLP_SCOPE_NAME = 'dora-action';

const text = (key: string, value: string): OtlpKeyValue => ({ key, value: { stringValue: value } });

/** Integers as int64 (a decimal string in JSON), anything else as a double. */
const numeric = (key: string, value: number): OtlpKeyValue => ({
  key,
  value: Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value },
});

/** An ISO instant as Unix nanoseconds, exact (a double cannot hold them). */
export function unixNanos(iso: string): string {
  return (BigInt(Date.parse(iso)) * 1_000_000n).toString();
}

export function otlpBody(report: Report): OtlpExportMetricsServiceRequest {
  // The point in time is when the numbers were computed: backends reject points far in the past,
  // which the window end of a report reproducing an old date would be.
  const timeUnixNano = unixNanos(report.generatedAt);
  const { source } = commonAttributes(report);
  const common = [text('source', source), numeric('window_days', report.window.days)];
  return {
    resourceMetrics: [
      {
        resource: {
          // The repository is the service whose delivery is measured.
          attributes: [
            text('service.name', report.repository),
            text('repository', report.repository),
            text('vcs.repository.url.full', report.repositoryUrl),
          ],
        },
        scopeMetrics: [
          {
            scope: { name: OTLP_SCOPE_NAME },
            metrics: reportGauges(report).map((gauge) => ({
              name: gauge.otlpName,
              description: gauge.description,
              unit: gauge.unit,
              gauge: {
                dataPoints: gauge.points.map((p) => ({
                  attributes: [...common, ...Object.entries(p.attributes).map(([key, value]) => text(key, value))],
                  timeUnixNano,
                  asDouble: p.value,
                })),
              },
            })),
          },
        ],
      },
    ],
  };
}

/**
 * What the action POSTs to `endpoint-url`, one body per `endpoint-format`. Every payload is built
 * from the report alone and carries an idempotency key, so a receiver can drop the copies that
 * retries (or a re-run of the same job) deliver.
 */
import { createHash } from 'node:crypto';
import type { PayloadFormat } from '../../inputs/payload-formats.js';
import { serializeReport } from '../json.js';
import type { Report } from '../schema.js';
import { otlpBody } from './otlp.js';
import { prometheusBody } from './prometheus.js';
import { slackBody } from './slack.js';

/** The format names are an input's accepted values: they are defined with the inputs. */
export { PAYLOAD_FORMATS, type PayloadFormat } from '../../inputs/payload-formats.js';

export interface Payload {
  readonly format: PayloadFormat;
  /** The exact text sent (UTF-8); the signature is computed over these bytes. */
  readonly body: string;
  readonly contentType: string;
  /** Sent as the `Idempotency-Key` header, and in the body where the format has a place for it. */
  readonly idempotencyKey: string;
}

/** The Prometheus text exposition format, as a Pushgateway accepts it. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json';

/**
 * sha256 of the repository, the window end and the run id, hex: the same for every attempt and
 * re-run of one job measuring one window, different for any other report.
 */
export function idempotencyKey(report: Report, runId: string): string {
  return createHash('sha256').update([report.repository, report.window.end, runId].join('\n'), 'utf8').digest('hex');
}

/**
 * How each `endpoint-format` is built: a new format is its module in this folder, one line here,
 * and its name in inputs/payload-formats.ts (the input's accepted values).
 */
const FORMATS: { readonly [F in PayloadFormat]: { readonly contentType: string; readonly body: (report: Report, key: string) => string } } =
  {
    // The report exactly as the artifact holds it: its JSON Schema forbids extra properties, so
    // the key travels in the header only.
    json: { contentType: JSON_CONTENT_TYPE, body: (report) => serializeReport(report) },
    prometheus: { contentType: PROMETHEUS_CONTENT_TYPE, body: (report) => prometheusBody(report) },
    otlp: { contentType: JSON_CONTENT_TYPE, body: (report) => JSON.stringify(otlpBody(report)) },
    slack: { contentType: JSON_CONTENT_TYPE, body: (report, key) => JSON.stringify(slackBody(report, key)) },
  };

export function buildPayload(format: PayloadFormat, report: Report, runId: string): Payload {
  const key = idempotencyKey(report, runId);
  const { contentType, body } = FORMATS[format];
  return { format, body: body(report, key), contentType, idempotencyKey: key };
}

export { otlpBody, type OtlpExportMetricsServiceRequest } from './otlp.js';
export { escapePrometheusLabelValue, prometheusBody } from './prometheus.js';
export { escapeSlack, slackBody, type SlackMessage } from './slack.js';

/** The report layer: pure renderers from the engine's result to JSON, Markdown and step outputs. */
export { escapeCode, escapeHtml, escapeMarkdown, markdownLink, safeUrl, sanitizeText } from './escape.js';
export {
  humanizeCount,
  humanizeDuration,
  humanizePerDay,
  humanizePoints,
  humanizeRate,
  humanizeRatio,
  humanizeTier,
} from './humanize.js';
export { buildReport, serializeReport, type ReportContext, type WithheldMetric } from './json.js';
export { OUTPUT_NAMES, reportOutputs, type OutputName } from './outputs.js';
export {
  REPORT_SCHEMA_VERSION,
  reportSchema,
  windowMetricsSchema,
  type MetricKey,
  type Report,
  type ReportChange,
  type ReportDelta,
  type ReportDeployment,
  type ReportFailure,
  type ReportWindowMetrics,
  type WithholdableMetric,
  WITHHOLDABLE_METRICS,
} from './schema.js';
export { ARTIFACT_NAME, SUMMARY_MAX_BYTES, SUMMARY_MAX_ROWS, renderSummary, type SummaryOptions } from './summary.js';

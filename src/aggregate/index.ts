/**
 * The organisation roll-up (docs/org-rollup.md): read the repositories' reports, aggregate them,
 * render the summary. main.ts runs these in `mode: aggregate`.
 */
export { type AggregateOptions, ReportMismatchError, aggregateReports, serializeOrgReport } from './aggregate.js';
export { type ReadReportsResult, REPORT_FILE_NAME, readReports } from './read-reports.js';
export {
  ORG_REPORT_SCHEMA_VERSION,
  type OrgReport,
  type OrgRow,
  type OrgTierCounts,
  type OrgWindowMetrics,
  orgReportSchema,
} from './schema.js';
export { ORG_SUMMARY_MAX_ROWS, type OrgSummaryOptions, renderOrgSummary } from './summary.js';

/**
 * The JSON report: the single source of truth for its shape. The `dora-metrics` artifact, the
 * summary and the step outputs are all read from a value of this schema, and
 * docs/dora-metrics.schema.json is generated from it (__tests__/scripts/json-schema.ts).
 *
 * Units follow docs/metrics.md ("Time", "Statistics"): times are ISO 8601 UTC strings, durations are seconds, rates are
 * fractions from 0 to 1. A metric with no data is null with a reason, never 0.
 */
import { z } from 'zod';
import { ALERT_KINDS, type AlertKind } from '../inputs/alert-rules.js';
import { METRIC_KEYS, type MetricKey } from '../dora/metrics.js';
import { BENCHMARK_YEARS, DEPLOYMENT_SOURCES } from '../dora/model.js';
import { alertSchema, skippedAlertSchema } from './schema/alerts.js';
import { count, source, time } from './schema/common.js';
import { type DeltaSchema, deltaOf, flowSchema, windowMetricsSchema } from './schema/metrics.js';
import { changeSchema, deploymentSchema, failureSchema, unattributedIncidentSchema, weeklyPointSchema } from './schema/records.js';

export { ALERT_METRICS, type AlertMetric, type MetricKey, WITHHOLDABLE_METRICS, type WithholdableMetric } from '../dora/metrics.js';

export const REPORT_SCHEMA_VERSION = 1;

export { alertSchema, flowSchema, windowMetricsSchema };

/** above/below a value, drop/rise against the previous window. */
export { ALERT_KINDS, type AlertKind };

export const reportSchema = z
  .object({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION).describe('Version of this schema; bumped on any incompatible change.'),
    actionVersion: z
      .string()
      .optional()
      .describe(
        'Version of dora-action that produced the report (its package.json version); absent in reports of builds that did not record it yet.',
      ),
    repository: z.string().describe('owner/name.'),
    repositoryUrl: z.string().describe('Web address of the repository, e.g. https://github.com/owner/name.'),
    runUrl: z.string().nullable().describe('Web address of the workflow run that produced the report; null outside Actions.'),
    generatedAt: time.describe('When the report was produced.'),
    window: z
      .object({
        start: time.describe('Inclusive start: end - days.'),
        end: time.describe('Exclusive end: the `until` input, or when the action ran.'),
        days: z.number().positive().describe('Length of the window in days (`days` input).'),
      })
      .describe('The window measured, [start, end).'),
    previousWindow: z
      .object({
        start: time.describe('Inclusive start.'),
        end: time.describe("Exclusive end: the window's start."),
        historyFrom: time
          .nullable()
          // Reports written before it was added read as null.
          .default(null)
          .describe(
            'The first deployment on record, when it completed after this window began: the window holds deployment history only ' +
              'from then, so the deltas call no move better or worse (their trend is null). Null when a deployment before it is on record.',
          ),
      })
      .describe('The window before, [end - 2*days, end - days), for the deltas.'),
    branch: z.string().describe('The production branch. Untrusted text.'),
    deploymentSource: z
      .object({
        name: source.describe('The source the deployments were read from.'),
        requested: z.enum(['auto', ...DEPLOYMENT_SOURCES] as const).describe('The `deployment-source` input.'),
        reason: z.string().describe('Why this source was used.'),
        proxy: z.boolean().describe('True for `merges`: merged pull requests stand in for deployments.'),
        searched: z
          .array(
            z.object({
              source,
              deployments: count.describe('Deployments it yielded in the current and previous windows.'),
              note: z.string().describe('What was searched and found.'),
            }),
          )
          .describe('The sources tried, in order (under `auto`, until one yielded deployments).'),
      })
      .describe('Where deployments came from.'),
    benchmark: z.literal(BENCHMARK_YEARS).describe('The DORA report year whose tiers are used.'),
    complete: z
      .boolean()
      .describe('False when some data could not be read (`missing` says what) or a metric is withheld (its `withheld` is true).'),
    missing: z
      .array(
        z.object({
          what: z.string().describe('The data not read.'),
          reason: z.string().describe('Why (permission, rate limit, API error).'),
          metrics: z.array(z.string()).describe('The metrics it may understate, by their key in `metrics`.'),
        }),
      )
      .describe('Data that could not be read; empty when complete.'),
    config: z
      .object({
        workflows: z.array(z.string()).describe('`workflows` input; empty when detected by name.'),
        environment: z.string().describe('`environment` input: the regex of production environment names.'),
        failureSignals: z.array(z.string()).describe('`failure-signals` input.'),
        hotfixLabels: z.array(z.string()).describe('`hotfix-labels` input.'),
        incidentLabels: z.array(z.string()).describe('`incident-labels` input.'),
        incidentWindowHours: z.number().nonnegative().describe('`incident-window` input, hours.'),
        excludeAuthors: z.array(z.string()).describe('`exclude-authors` input.'),
      })
      .describe('The inputs the numbers depend on.'),
    metrics: windowMetricsSchema.describe('The five metrics of the window.'),
    previous: windowMetricsSchema.describe("The five metrics of the previous window, judged with everything known at the window's end."),
    deltas: z
      // One per metric in table order (the JSON's key order); each keeps its own unit and better literals.
      .object(Object.fromEntries(METRIC_KEYS.map((key) => [key, deltaOf(key)])) as { [K in MetricKey]: DeltaSchema<K> })
      .describe("Each metric's headline number in both windows and how it moved."),
    deployments: z.array(deploymentSchema).describe('Deployments counted in either window, in time order.'),
    changes: z
      .array(changeSchema)
      .describe('Changes deployed in either window, in time order of deployment; empty when lead time is withheld.'),
    failures: z
      .array(failureSchema)
      .describe('Failures attributed to deployments or failed runs in either window; empty when change failure rate is withheld.'),
    unattributedIncidents: z
      .array(unattributedIncidentSchema)
      .describe('Incidents no deployment was blamed for; empty when change failure rate is withheld.'),
    trends: z
      .object({
        weekly: z
          .array(weeklyPointSchema)
          .describe('The window in 7-day buckets from its start, oldest first; a number belongs to the week of its deployment.'),
      })
      .optional()
      .describe('How the metrics moved inside the window.'),
    flow: flowSchema.optional(),
    alerts: z.array(alertSchema).optional().describe('Alert rules (`alerts` input) that fired, in the order of the rules.'),
    skippedAlerts: z
      .array(skippedAlertSchema)
      .optional()
      .describe('Alert rules that were not evaluated: a rule on a metric with no data or withheld never fires.'),
    trigger: z
      .object({
        event: z.string().describe('The event that ran the action (`schedule`, `push`, `pull_request`, `release`, ...).'),
        pullRequest: count.nullable().describe('The pull request number for pull_request events; null otherwise.'),
        releaseTag: z.string().nullable().describe('The release tag for release events; null otherwise. Untrusted text.'),
        sha: z.string().nullable().describe('The commit the event is about (GITHUB_SHA); null when unknown.'),
      })
      .describe('What ran the action.'),
    api: z
      .object({
        requests: count.describe('REST and GraphQL requests made.'),
        graphqlPoints: count.describe('GraphQL rate-limit points spent.'),
        rateLimitRemaining: count.nullable().describe('Core rate limit remaining at the end; null when unknown.'),
      })
      .describe('GitHub API usage of the run.'),
  })
  .meta({
    title: 'dora-action report',
    description:
      'DORA metrics of one repository over one window and the window before, with the records behind them. ' +
      'Times are ISO 8601 UTC, durations seconds, rates fractions from 0 to 1; a metric with no data is null with a reason. ' +
      'A metric whose data could not be read is withheld: `withheld` true, its numbers null, never a number that may be wrong.',
  });

export type Report = z.infer<typeof reportSchema>;
export type ReportWindowMetrics = z.infer<typeof windowMetricsSchema>;
export type ReportDeployment = Report['deployments'][number];
export type ReportChange = Report['changes'][number];
export type ReportFailure = Report['failures'][number];
export type ReportDelta = Report['deltas'][keyof Report['deltas']];
export type ReportWeeklyPoint = NonNullable<Report['trends']>['weekly'][number];
export type ReportFlow = NonNullable<Report['flow']>;
export type ReportAlert = NonNullable<Report['alerts']>[number];
export type ReportSkippedAlert = NonNullable<Report['skippedAlerts']>[number];

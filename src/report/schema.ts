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
import { ALERT_METRICS, METRIC_KEYS, METRICS, type MetricKey, type MetricUnit } from '../dora/metrics.js';
import { BENCHMARK_YEARS, DEPLOYMENT_SOURCES, FAILURE_SIGNALS, TIERS } from '../dora/model.js';

export { ALERT_METRICS, type AlertMetric, type MetricKey, WITHHOLDABLE_METRICS, type WithholdableMetric } from '../dora/metrics.js';

export const REPORT_SCHEMA_VERSION = 1;

const time = z.iso.datetime().describe('UTC instant, ISO 8601.');
const count = z.int().nonnegative();
const seconds = z.number().nonnegative();
const fraction = z.number().min(0).max(1);

const tier = z.enum(TIERS).describe('Performance tier of the benchmark year.');
const nullableTier = z.enum(TIERS).nullable().describe('Performance tier of the benchmark year; null when the metric has no data.');
const reason = z
  .string()
  .nullable()
  .describe('Why the metric has no data or is withheld (its numbers are then null); null when it has data.');
/** Counts a withheld metric nulls: a number the run could not establish is never reported. */
const withheldCount = count.nullable();
const withheld = z
  .boolean()
  .describe(
    'True when the metric is withheld: part of the data it needs could not be read, so none of its numbers are reported ' +
      '(they are null, its tier is null, `reason` says why) rather than a number that may be wrong.',
  );
const source = z.enum(DEPLOYMENT_SOURCES).describe('A deployment source (docs/metrics.md "Deployment").');
const signal = z.enum(FAILURE_SIGNALS).describe('A failure signal (docs/metrics.md "Change failure rate and failures").');
const windowName = z
  .enum(['current', 'previous'])
  .describe('The window the record counts in: `current` is [end - days, end), `previous` the same span before it.');

const durationStats = {
  medianSeconds: seconds
    .nullable()
    .describe('Median, seconds (linear interpolation between closest ranks); null with no data or when withheld.'),
  p90Seconds: seconds.nullable().describe('90th percentile, seconds; null with no data or when withheld.'),
  p95Seconds: seconds.nullable().describe('95th percentile, seconds; null with no data or when withheld.'),
  meanSeconds: seconds.nullable().describe('Mean, seconds; null with no data or when withheld.'),
};

export const windowMetricsSchema = z
  .object({
    deploymentFrequency: z
      .object({
        deployments: count.describe('Deployments in the window.'),
        perDay: z.number().nonnegative().describe('deployments / days.'),
        perWeek: z.number().nonnegative().describe('deployments / (days / 7).'),
        deploymentDays: count.describe('Distinct UTC dates with at least one deployment.'),
        tier: tier
          .nullable()
          .describe(
            'Tier from perDay. Zero deployments is a measurement (tier `low`), not missing data; null when the configuration is likely wrong (see reason).',
          ),
        reason: z
          .string()
          .nullable()
          .describe(
            'Why there is no tier: the chosen source has no deployment in either window while another source (or environment) has; it names the input to set. Null otherwise.',
          ),
        withheld: z
          .literal(false)
          .describe('Always false: deployment frequency is never withheld (when deployments cannot be read the action fails instead).'),
      })
      .describe('Deployment frequency.'),
    leadTime: z
      .object({
        changes: withheldCount.describe(
          'Changes measured: first deployed in this window, not excluded, skipped or unmeasured; null when withheld.',
        ),
        ...durationStats,
        tier: nullableTier.describe('Tier from the median; null when no change was measured or when withheld.'),
        excluded: withheldCount.describe('Changes left out because their author is listed in `exclude-authors`; null when withheld.'),
        skipped: withheldCount.describe('Changes left out because their lead time would be negative (clock skew); null when withheld.'),
        unmeasured: withheldCount.describe('Changes shipped by the first deployment ever, which has no baseline; null when withheld.'),
        reason,
        withheld,
      })
      .describe('Lead time for changes: from the earliest authored commit of a change to the first deployment that contains it.'),
    changeFailureRate: z
      .object({
        deployments: count.describe(
          'Denominator: deployments in the window, plus failed runs when `failed-run` is a signal. Kept when withheld: deployments were read.',
        ),
        failedDeployments: withheldCount.describe(
          'Numerator: failed deployments in the window, plus failed runs when `failed-run` is a signal; null when withheld.',
        ),
        rate: fraction
          .nullable()
          .describe('failedDeployments / deployments, a fraction from 0 to 1; null when the denominator is 0 or when withheld.'),
        tier: nullableTier.describe('Tier from the rate; null when the rate is null (no deployments, or withheld).'),
        failedRuns: withheldCount.describe('Failed deploy-workflow runs included in both counts; null when withheld.'),
        unattributedIncidents: withheldCount.describe(
          'Incident issues opened with no deployment within `incident-window` hours before them; null when withheld.',
        ),
        reason,
        withheld,
      })
      .describe('Change failure rate: the share of deployments after which production needed remediation.'),
    failedDeploymentRecoveryTime: z
      .object({
        recoveries: withheldCount.describe('Failures in the window remediated by the end of the window; null when withheld.'),
        ...durationStats,
        unrecovered: withheldCount.describe(
          'Failures not remediated by the end of the window, left out of the statistics; null when withheld.',
        ),
        tier: nullableTier.describe('Tier from the median; null when nothing was recovered or when withheld.'),
        reason,
        withheld,
      })
      .describe('Failed deployment recovery time: from a failed deployment to its earliest remediation.'),
    reworkRate: z
      .object({
        deployments: count.describe('Deployments in the window. Kept when withheld: deployments were read.'),
        reworkDeployments: withheldCount.describe(
          'Remediating deployments (hotfix, revert or rollback) in the window; null when withheld.',
        ),
        rate: fraction.nullable().describe('reworkDeployments / deployments; null when there are no deployments or when withheld.'),
        reason,
        withheld,
      })
      .describe('Deployment rework rate. DORA publishes no tiers for it.'),
    overallTier: nullableTier.describe('The lowest tier among the metrics that have data and are not withheld; null when none has.'),
  })
  .describe('The five metrics of one window.');

const delta = <U extends MetricUnit, B extends 'higher' | 'lower'>(metric: string, unit: U, better: B) =>
  z
    .object({
      unit: z.literal(unit).describe('Unit of `current`, `previous` and `difference`.'),
      better: z.literal(better).describe('Which direction is an improvement.'),
      current: z.number().nullable().describe(`${metric} in the window; null with no data or when the metric is withheld.`),
      previous: z.number().nullable().describe(`${metric} in the previous window; null with no data or when the metric is withheld.`),
      difference: z
        .number()
        .nullable()
        .describe(
          'current - previous, in `unit` (for rates: a difference of fractions, 0.01 = 1 percentage point); null when either is null.',
        ),
      ratio: z
        .number()
        .nullable()
        .describe('Relative change (current - previous) / previous: 0.5 = 50% more; null when either is null or previous is 0.'),
      trend: z
        .enum(['better', 'worse', 'unchanged'])
        .nullable()
        .describe('The sign of `difference` read with `better`; null when either value is null.'),
    })
    .describe(`Change of ${metric} since the previous window.`);

/** A metric's delta: its headline number, unit and better direction as the registry names them. */
const deltaOf = <K extends MetricKey>(key: K): DeltaSchema<K> => {
  const spec = METRICS[key];
  return delta(capitalize(spec.headlineName), spec.unit, spec.better);
};
type DeltaSchema<K extends MetricKey> = ReturnType<typeof delta<(typeof METRICS)[K]['unit'], (typeof METRICS)[K]['better']>>;

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const deploymentSchema = z.object({
  id: z.string().describe('Id within its source: run id, deployment id, release id or pull request number.'),
  window: windowName,
  time: time.describe('Completion time.'),
  sha: z.string().describe('The commit deployed.'),
  label: z.string().describe('Human label ("Deploy #412", "v1.4.0", "#123 Add cart"). Untrusted text.'),
  url: z.string().nullable().describe('Link to the run, deployment, release or pull request; null when unknown.'),
  baselineId: z.string().nullable().describe('Id of the deployment before it; null for the first deployment ever.'),
  changes: count.nullable().describe('Changes it shipped first; null when lead time is withheld (the changes could not be read).'),
  remediates: z
    .array(signal)
    .nullable()
    .describe(
      'Remediation signals it carries; a rework deployment when non-empty. Null when rework rate is withheld (the signals could not be read).',
    ),
  failed: z
    .boolean()
    .nullable()
    .describe(
      'True when production needed remediation after it; null when change failure rate is withheld (whether it failed is not known).',
    ),
});

const changeSchema = z.object({
  kind: z
    .enum(['pull_request', 'direct_push'])
    .describe('A merged pull request, or a commit on the production branch that no merged pull request contains.'),
  number: count.nullable().describe('Pull request number; null for direct pushes.'),
  sha: z.string().describe('Merge commit (pull request) or the commit itself (direct push).'),
  title: z.string().describe('Pull request title or the commit message subject. Untrusted text.'),
  author: z.string().nullable().describe('GitHub login; null when the author has no GitHub account. Untrusted text.'),
  url: z.string().describe('Link to the pull request or commit.'),
  start: time.describe('Earliest authored date among its commits.'),
  openedAt: time.nullable().describe('When the pull request was opened; null for direct pushes.'),
  mergedAt: time.nullable().describe('When the pull request was merged; null for direct pushes.'),
  deploymentId: z.string().describe('The first deployment that contains it.'),
  deployedAt: time.describe('Completion time of that deployment.'),
  window: windowName,
  status: z
    .enum(['measured', 'excluded', 'skipped', 'unmeasured'])
    .describe('`measured` counts in lead time; the others are counted in leadTime.excluded, .skipped, .unmeasured.'),
  leadTimeSeconds: seconds.nullable().describe('deployedAt - start, seconds; null unless status is `measured`.'),
  stages: z
    .object({
      codingSeconds: seconds.describe('start to pull request opened (0 when commits were authored after it was opened).'),
      reviewSeconds: seconds.describe('Opened to merged.'),
      deploySeconds: seconds.describe('Merged to deployed.'),
    })
    .nullable()
    .describe('Lead time split into stages; null for direct pushes.'),
});

const failureSchema = z.object({
  failedId: z.string().describe('The failed deployment, or the first failed run of an outage.'),
  failedAt: time.describe('Time of the failed deployment or run.'),
  kind: z.enum(['deployment', 'failed-run']).describe('Whether a deployment or a failed deploy run failed.'),
  window: windowName,
  signal: signal.describe('The signal of the earliest remediation.'),
  remediationId: z
    .string()
    .nullable()
    .describe(
      'What remediated it: a deployment id, or an incident issue as "#40"; null when unrecovered by the end of the window, ' +
        'or when failed deployment recovery time is withheld (see metrics.failedDeploymentRecoveryTime.withheld).',
    ),
  remediatedAt: time
    .nullable()
    .describe(
      'Completion of the remediating deployment or close of the incident; null when unrecovered or when recovery time is withheld.',
    ),
  recoverySeconds: seconds
    .nullable()
    .describe('remediatedAt - failedAt, seconds; null when unrecovered or when recovery time is withheld.'),
  reason: z.string().describe('Why it counts, e.g. "reverted by #88 in Deploy #412". Untrusted text.'),
});

const unattributedIncidentSchema = z.object({
  number: count.describe('Issue number.'),
  title: z.string().describe('Issue title. Untrusted text.'),
  url: z.string().describe('Link to the issue.'),
  createdAt: time.describe('When the issue was opened.'),
  window: windowName,
  reason: z.string().describe('Why no deployment was blamed.'),
});

const weeklyPointSchema = z.object({
  start: time.describe('Inclusive start of the week: the window start plus 7 days per week before it.'),
  end: time.describe('Exclusive end: 7 days later, or the window end for a shorter last week.'),
  days: z.number().positive().describe('Length in days: 7, less for the last week when the window is not a whole number of weeks.'),
  deployments: count.describe('Deployments completed in the week. Zero is a measurement.'),
  changes: count.nullable().describe('Changes measured whose first deployment is in the week; null when lead time is withheld.'),
  medianLeadTimeSeconds: seconds
    .nullable()
    .describe('Median lead time of those changes, seconds; null when none was measured or when lead time is withheld.'),
  failedDeployments: count.nullable().describe('Deployments of the week that failed; null when change failure rate is withheld.'),
  failureRate: fraction
    .nullable()
    .describe(
      'failedDeployments / deployments, a fraction from 0 to 1; null with no deployment or when change failure rate is withheld. ' +
        'Failed deploy runs (`failed-run` signal) are not counted in the weekly rates.',
    ),
});

const flowDuration = {
  medianSeconds: seconds.nullable().describe('Median, seconds (linear interpolation between closest ranks); null with no data.'),
  p90Seconds: seconds.nullable().describe('90th percentile, seconds; null with no data.'),
  p95Seconds: seconds.nullable().describe('95th percentile, seconds; null with no data.'),
  meanSeconds: seconds.nullable().describe('Mean, seconds; null with no data.'),
};
const flowReason = z
  .string()
  .nullable()
  .describe('Why the numbers are null (no pull request merged, data not read); null when there is data.');

export const flowSchema = z
  .object({
    pullRequests: count.describe('Pull requests merged into the production branch in the window, excluded authors left out.'),
    excluded: count.describe('Pull requests merged in the window by an author in `exclude-authors`, left out of every number.'),
    cycleTime: z
      .object({
        pullRequests: count.describe('Pull requests measured.'),
        ...flowDuration,
        reason: flowReason,
      })
      .describe('Pull request cycle time: opened to merged.'),
    timeToFirstReview: z
      .object({
        pullRequests: count.describe('Pull requests reviewed by someone other than their author before they were merged.'),
        medianSeconds: flowDuration.medianSeconds,
        p90Seconds: flowDuration.p90Seconds,
        reason: flowReason,
      })
      .describe('Time to first review: opened to the first review submitted by someone other than the author, before the merge.'),
    reviewDepth: z
      .object({
        pullRequests: count.describe('Pull requests whose reviews were read.'),
        meanReviews: z
          .number()
          .nonnegative()
          .nullable()
          .describe('Mean reviews by others per pull request; null when no reviews were read.'),
        medianReviews: z
          .number()
          .nonnegative()
          .nullable()
          .describe('Median reviews by others per pull request; null when no reviews were read.'),
        unreviewed: count
          .nullable()
          .describe('Pull requests merged with no review by someone other than the author; null when no reviews were read.'),
        reason: flowReason,
      })
      .describe('Reviews submitted by someone other than the author, before the merge, per pull request.'),
    size: z
      .object({
        pullRequests: count.describe('Pull requests whose size GitHub gave.'),
        medianLines: z.number().nonnegative().nullable().describe('Median lines changed (additions + deletions); null with no size.'),
        medianChangedFiles: z.number().nonnegative().nullable().describe('Median files changed; null with no size.'),
        reason: flowReason,
      })
      .describe('Pull request size.'),
  })
  .describe(
    'Flow metrics of the pull requests merged in the window. They explain the review stage of lead time; they are not DORA metrics and have no tiers.',
  );

/** above/below a value, drop/rise against the previous window. */
export { ALERT_KINDS, type AlertKind };

// The metrics an alert rule can watch, as written in the `alert-rules` input (the registry's alert names).
const alertMetric = z.enum(ALERT_METRICS).describe('The metric the rule watches, as named in the rule.');
const alertRule = z.string().describe('The rule, in its canonical form, e.g. "lead-time above 48h".');

export const alertSchema = z.object({
  rule: alertRule,
  metric: alertMetric,
  kind: z.enum(ALERT_KINDS).describe('`above` or `below` a value; `drop` or `rise` against the previous window.'),
  unit: z.enum(['perDay', 'seconds', 'fraction']).describe('Unit of `value` and `previous`, and of `threshold` for `above` and `below`.'),
  threshold: z
    .number()
    .describe(
      'For `above` and `below`, the value in `unit`. For `drop` and `rise`, the relative change (current - previous) / previous ' +
        'it takes, as a positive fraction: `drop 50%` is 0.5, `rise 2x` is 1, `rise 50%` is 0.5.',
    ),
  value: z.number().describe('The metric in the window, in `unit` (the headline number of `deltas`).'),
  previous: z.number().nullable().describe('The metric in the previous window, in `unit`; null with no data there.'),
  message: z.string().describe('The alert in words, e.g. "Lead time 20h is above 18h".'),
});

const skippedAlertSchema = z.object({
  rule: alertRule,
  metric: alertMetric,
  reason: z.string().describe('Why the rule was not evaluated (no data, withheld, nothing to compare with).'),
});

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
      .object({ start: time.describe('Inclusive start.'), end: time.describe("Exclusive end: the window's start.") })
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

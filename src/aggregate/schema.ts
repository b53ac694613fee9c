/**
 * The organisation report: the DORA metrics of many repositories over one shared window, rolled up
 * from their dora-metrics.json reports (docs/org-rollup.md). The single source of truth for its
 * shape, like src/report/schema.ts is for one repository's report.
 *
 * Organisation-wide numbers come from the repositories' events taken together (every measured
 * change, every failure), never from averaging per-repository medians or rates. Units follow
 * docs/metrics.md ("Time", "Statistics"): times ISO 8601 UTC, durations seconds, rates fractions from 0 to 1, null with no data.
 */
import { z } from 'zod';
import { METRIC_KEYS, METRICS, type MetricKey, type MetricUnit } from '../dora/metrics.js';
import { BENCHMARK_YEARS, DEPLOYMENT_SOURCES, TIERS } from '../dora/model.js';

export const ORG_REPORT_SCHEMA_VERSION = 1;

const time = z.iso.datetime().describe('UTC instant, ISO 8601.');
const count = z.int().nonnegative();
const seconds = z.number().nonnegative();
const fraction = z.number().min(0).max(1);
const repository = z.string().describe('owner/name. Untrusted text (from the report file).');
const nullableTier = z.enum(TIERS).nullable().describe('Performance tier of the benchmark year; null with no data.');
const reason = z.string().nullable().describe('Why the organisation-wide number is null; null when it has data.');

const leftOut = z
  .array(
    z.object({
      repository,
      withheld: z
        .boolean()
        .describe(
          "True when the repository's report withheld the metric, or the records it is computed from (its data could not be read).",
        ),
      reason: z.string().describe("Why it is left out: the report's reason, or that it had no data for this metric."),
    }),
  )
  .describe(
    "Repositories that add nothing to this metric's headline number: withheld in their report, or null there (no data). " +
      'Counts beside the headline (unrecovered, excluded, ...) still include those that are not withheld.',
  );
const included = count.describe('Repositories whose events make up the headline number.');

const durationStats = {
  medianSeconds: seconds
    .nullable()
    .describe('Median over the events of every repository, seconds (linear interpolation between closest ranks).'),
  p90Seconds: seconds.nullable().describe('90th percentile over the events of every repository, seconds.'),
  meanSeconds: seconds.nullable().describe('Mean over the events of every repository, seconds.'),
};

export const orgWindowMetricsSchema = z
  .object({
    deploymentFrequency: z
      .object({
        deployments: count.describe("Sum of the repositories' deployments in the window."),
        perDay: z.number().nonnegative().describe('deployments / days.'),
        perWeek: z.number().nonnegative().describe('deployments / (days / 7).'),
        deploymentDays: count.describe('Distinct UTC dates on which at least one repository deployed.'),
        tier: z.enum(TIERS).describe("Tier from the organisation's deployments per day: deployments of every repository count."),
        repositories: count.describe('Repositories with at least one deployment in the window.'),
      })
      .describe("Deployment frequency of the organisation: every repository's deployments together."),
    leadTime: z
      .object({
        changes: count.describe('Measured changes of every repository included, deployed in the window.'),
        ...durationStats,
        tier: nullableTier.describe('Tier from the median over all measured changes.'),
        excluded: count.describe('Changes left out by `exclude-authors`, summed over the repositories not withheld.'),
        skipped: count.describe('Changes left out for negative lead time, summed over the repositories not withheld.'),
        unmeasured: count.describe('Changes with no baseline, summed over the repositories not withheld.'),
        repositories: included,
        leftOut,
        reason,
      })
      .describe('Lead time for changes over the measured changes of every repository (not an average of medians).'),
    changeFailureRate: z
      .object({
        deployments: count.describe("Denominator: the included repositories' deployments (with failed runs where they count them)."),
        failedDeployments: count.describe(
          "Numerator: the included repositories' failed deployments (with failed runs where they count them).",
        ),
        rate: fraction.nullable().describe('failedDeployments / deployments; null when no included repository deployed.'),
        tier: nullableTier.describe('Tier from the rate.'),
        failedRuns: count.describe('Failed deploy runs included in both counts.'),
        unattributedIncidents: count.describe('Incidents blamed on no deployment, summed over the included repositories.'),
        repositories: included,
        leftOut,
        reason,
      })
      .describe('Change failure rate: the sum of failed deployments over the sum of deployments (not an average of rates).'),
    failedDeploymentRecoveryTime: z
      .object({
        recoveries: count.describe('Recovered failures of every repository included, in the window.'),
        ...durationStats,
        unrecovered: count.describe(
          'Failures not remediated by the window end, left out of the statistics, summed over the repositories not withheld.',
        ),
        tier: nullableTier.describe('Tier from the median over all recoveries.'),
        repositories: included,
        leftOut,
        reason,
      })
      .describe('Failed deployment recovery time over the recovered failures of every repository (not an average of medians).'),
    reworkRate: z
      .object({
        deployments: count.describe("Denominator: the included repositories' deployments."),
        reworkDeployments: count.describe("Numerator: the included repositories' remediating deployments."),
        rate: fraction.nullable().describe('reworkDeployments / deployments; null when no included repository deployed.'),
        repositories: included,
        leftOut,
        reason,
      })
      .describe('Deployment rework rate: the sum of rework deployments over the sum of deployments. DORA publishes no tiers for it.'),
    overallTier: nullableTier.describe('The lowest tier among the organisation-wide metrics that have data.'),
  })
  .describe('The organisation-wide metrics of one window.');

const delta = <U extends MetricUnit, B extends 'higher' | 'lower'>(metric: string, unit: U, better: B) =>
  z
    .object({
      unit: z.literal(unit),
      better: z.literal(better),
      current: z.number().nullable(),
      previous: z.number().nullable(),
      difference: z.number().nullable().describe('current - previous; null when either is null.'),
      ratio: z.number().nullable().describe('(current - previous) / previous; null when either is null or previous is 0.'),
      trend: z.enum(['better', 'worse', 'unchanged']).nullable(),
    })
    .describe(`Change of the organisation's ${metric} since the previous window.`);

/** A metric's delta: its headline number, unit and better direction as the registry names them. */
const deltaOf = <K extends MetricKey>(key: K): DeltaSchema<K> => {
  const spec = METRICS[key];
  return delta(spec.headlineName, spec.unit, spec.better);
};
type DeltaSchema<K extends MetricKey> = ReturnType<typeof delta<(typeof METRICS)[K]['unit'], (typeof METRICS)[K]['better']>>;

const tierCounts = z
  .object({
    elite: count,
    high: count,
    medium: count,
    low: count,
    noData: count.describe('Repositories without data in the window (see `withoutData`), counted in no tier.'),
  })
  .describe('Repositories by overall tier; the counts add up to the number of repositories.');

const rowMetric = <T extends z.ZodRawShape>(shape: T) =>
  z.object({
    ...shape,
    withheld: z.boolean().describe('True when the report withheld the metric.'),
  });

export const orgRowSchema = z
  .object({
    repository,
    repositoryUrl: z.string().describe('Web address of the repository, from its report. Untrusted text.'),
    runUrl: z.string().nullable().describe('The workflow run that produced the report; null outside Actions.'),
    deploymentSource: z.enum(DEPLOYMENT_SOURCES).describe('The deployment source the report used.'),
    proxy: z.boolean().describe('True for `merges`: merged pull requests stand in for deployments.'),
    complete: z.boolean().describe("The report's `complete`: false when some data could not be read."),
    hasData: z.boolean().describe('False when the repository has no data in the window (see `withoutData`).'),
    overallTier: nullableTier.describe("The report's overall tier in the window."),
    previousOverallTier: nullableTier.describe("The report's overall tier in the previous window."),
    deploymentFrequency: z.object({ deployments: count, perDay: z.number().nonnegative(), tier: nullableTier }),
    leadTime: rowMetric({ changes: count.nullable(), medianSeconds: seconds.nullable(), tier: nullableTier }),
    changeFailureRate: rowMetric({
      deployments: count,
      failedDeployments: count.nullable(),
      rate: fraction.nullable(),
      tier: nullableTier,
    }),
    failedDeploymentRecoveryTime: rowMetric({ recoveries: count.nullable(), medianSeconds: seconds.nullable(), tier: nullableTier }),
    reworkRate: rowMetric({ deployments: count, reworkDeployments: count.nullable(), rate: fraction.nullable() }),
  })
  .describe("One repository's headline numbers in the window, as its report gives them.");

export const orgReportSchema = z
  .object({
    schemaVersion: z.literal(ORG_REPORT_SCHEMA_VERSION).describe('Version of this schema; bumped on any incompatible change.'),
    actionVersion: z.string().optional().describe('Version of dora-action that produced the roll-up (its package.json version).'),
    kind: z.literal('organisation').describe("An organisation roll-up, not one repository's report."),
    generatedAt: time.describe('When the roll-up was produced.'),
    window: z.object({ start: time, end: time, days: z.number().positive() }).describe('The window every report covers, [start, end).'),
    previousWindow: z.object({ start: time, end: time }).describe('The window before, for the deltas.'),
    benchmark: z.literal(BENCHMARK_YEARS).describe("The DORA report year of every report and of the organisation's tiers."),
    repositories: z.array(repository).describe('The repositories rolled up, sorted by name.'),
    complete: z
      .boolean()
      .describe('False when a report is incomplete, an expected repository has no report, or a report file was refused.'),
    incomplete: z.array(repository).describe('Repositories whose report says some data could not be read.'),
    missing: z.array(repository).describe('Repositories expected (the `repositories` input) with no report.'),
    problems: z.array(z.string()).describe('Report files that were refused, and why. Untrusted text (paths).'),
    metrics: orgWindowMetricsSchema.describe('The organisation-wide metrics of the window.'),
    previous: orgWindowMetricsSchema.describe('The organisation-wide metrics of the previous window.'),
    deltas: z
      // One per metric in table order (the JSON's key order); each keeps its own unit and better literals.
      .object(Object.fromEntries(METRIC_KEYS.map((key) => [key, deltaOf(key)])) as { [K in MetricKey]: DeltaSchema<K> })
      .describe('Each organisation-wide headline number in both windows and how it moved.'),
    tierDistribution: z
      .object({ current: tierCounts, previous: tierCounts })
      .describe('How many repositories are in each overall tier, in the window and the one before.'),
    withoutData: z
      .array(z.object({ repository, reason: z.string().describe('Why, e.g. no deployments from its source.') }))
      .describe('Repositories without data in the window: no deployments, or every metric null.'),
    rows: z.array(orgRowSchema).describe('One row per repository, sorted by name.'),
  })
  .meta({
    title: 'dora-action organisation report',
    description:
      'DORA metrics of several repositories over one window, rolled up from their reports: organisation-wide numbers from ' +
      "every repository's events together, the distribution of overall tiers, and one row per repository.",
  });

export type OrgReport = z.infer<typeof orgReportSchema>;
export type OrgWindowMetrics = z.infer<typeof orgWindowMetricsSchema>;
export type OrgRow = z.infer<typeof orgRowSchema>;
export type OrgTierCounts = OrgReport['tierDistribution']['current'];
export type OrgLeftOut = OrgWindowMetrics['leadTime']['leftOut'][number];

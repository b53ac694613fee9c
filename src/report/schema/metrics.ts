/**
 * The metrics of the report schema (../schema.ts): the five DORA metrics of one window, their
 * deltas between the windows, and the flow metrics of the pull requests.
 */
import { z } from 'zod';
import { METRICS, type MetricKey, type MetricUnit } from '../../dora/metrics.js';
import { count, fraction, nullableTier, reason, seconds, tier, withheld, withheldCount } from './common.js';
import { capitalize } from '../../text.js';

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
        .describe(
          'The sign of `difference` read with `better`; null when either value is null, or when the previous window holds only part of a window of history (`previousWindow.historyFrom`).',
        ),
    })
    .describe(`Change of ${metric} since the previous window.`);

/** A metric's delta: its headline number, unit and better direction as the registry names them. */
export const deltaOf = <K extends MetricKey>(key: K): DeltaSchema<K> => {
  const spec = METRICS[key];
  return delta(capitalize(spec.headlineName), spec.unit, spec.better);
};
export type DeltaSchema<K extends MetricKey> = ReturnType<typeof delta<(typeof METRICS)[K]['unit'], (typeof METRICS)[K]['better']>>;

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

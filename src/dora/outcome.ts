/**
 * What the report shows, computed once here: the metrics withheld because their data could not be
 * read (null, with the reason, in both windows), the overall tier of what is left, the deltas
 * between the windows, the weekly trends and the flow metrics. The report layer only shapes this.
 */
import type { FlowMetrics } from './flow.js';
import {
  headlineOf,
  METRIC_KEYS,
  METRICS,
  type MetricKey,
  TIERED_METRICS,
  WITHHOLDABLE_METRICS,
  type WithholdableMetric,
} from './metrics.js';
import type {
  ChangeFailureRate,
  DeploymentFrequency,
  DoraResult,
  FailedDeploymentRecoveryTime,
  LeadTime,
  Missing,
  ReworkRate,
  Tier,
  WindowMetrics,
  WithheldMetric,
} from './model.js';
import { overallTier } from './tiers.js';
import { type WeeklyPoint, weeklyTrends } from './trends.js';

interface NullStats {
  readonly medianSeconds: null;
  readonly p90Seconds: null;
  readonly p95Seconds: null;
  readonly meanSeconds: null;
}

/** A window's metrics as reported: each marked withheld or not, a withheld one with its numbers null. */
export interface ReportedWindowMetrics {
  readonly deploymentFrequency: DeploymentFrequency & { readonly withheld: false };
  readonly leadTime:
    | (LeadTime & { readonly withheld: false })
    | (NullStats & {
        readonly changes: null;
        readonly tier: null;
        readonly excluded: null;
        readonly skipped: null;
        readonly unmeasured: null;
        readonly reason: string;
        readonly withheld: true;
      });
  readonly changeFailureRate:
    | (ChangeFailureRate & { readonly withheld: false })
    | {
        readonly deployments: number;
        readonly failedDeployments: null;
        readonly rate: null;
        readonly tier: null;
        readonly failedRuns: null;
        readonly unattributedIncidents: null;
        readonly reason: string;
        readonly withheld: true;
      };
  readonly failedDeploymentRecoveryTime:
    | (FailedDeploymentRecoveryTime & { readonly withheld: false })
    | (NullStats & {
        readonly recoveries: null;
        readonly unrecovered: null;
        readonly tier: null;
        readonly reason: string;
        readonly withheld: true;
      });
  readonly reworkRate:
    | (ReworkRate & { readonly withheld: false })
    | {
        readonly deployments: number;
        readonly reworkDeployments: null;
        readonly rate: null;
        readonly reason: string;
        readonly withheld: true;
      };
  /** Lowest tier among the tiered metrics reported (withheld ones left out); null when none has one. */
  readonly overallTier: Tier | null;
}

/** A metric's change from the previous window to this one. */
export interface Delta {
  readonly current: number | null;
  readonly previous: number | null;
  readonly difference: number | null;
  readonly ratio: number | null;
  readonly trend: 'better' | 'worse' | 'unchanged' | null;
}

export type Deltas = {
  readonly [K in MetricKey]: Delta & { readonly unit: (typeof METRICS)[K]['unit']; readonly better: (typeof METRICS)[K]['better'] };
};

/** The engine's whole answer: the result, and what the report shows of it. */
export interface DoraOutcome extends DoraResult {
  /** Metrics withheld, each once (several reasons for one joined with "; "), in the order first named. */
  readonly withheld: readonly WithheldMetric[];
  /** The metrics of both windows as reported, withheld ones null. */
  readonly reported: { readonly metrics: ReportedWindowMetrics; readonly previous: ReportedWindowMetrics };
  /** Headline numbers compared across the windows, in table order; none for a withheld metric. */
  readonly deltas: Deltas;
  /** The window's weekly buckets, oldest first; the numbers of withheld metrics null. */
  readonly weekly: readonly WeeklyPoint[];
  /** Pull-request flow metrics of the window, when computed. */
  readonly flow?: FlowMetrics;
}

/** Metrics whose data could not be read: reported as null with the reason, never computed from a part. */
export function withheldMetrics(missing: readonly Missing[]): WithheldMetric[] {
  return WITHHOLDABLE_METRICS.flatMap((metric) => {
    const gap = missing.find((m) => m.metrics.includes(metric));
    return gap ? [{ metric, reason: `${gap.what} could not be read (${gap.reason})` }] : [];
  });
}

/**
 * The outcome of `result` with `withheld` metrics withheld and `flow` (when given) attached.
 * Throws when asked to withhold a metric that cannot be (a caller bug, not user data).
 */
export function outcomeOf(
  result: DoraResult,
  options: { readonly withheld?: readonly WithheldMetric[]; readonly flow?: FlowMetrics } = {},
): DoraOutcome {
  const withheld = withheldByMetric(options.withheld ?? []);
  const { window, previousWindow, source, benchmark, metrics, previous, deployments, changes, failures, unattributedIncidents } = result;
  return {
    // The result's own fields only: an outcome given here is computed afresh, not merged with its old withheld metrics or flow.
    ...{ window, previousWindow, source, benchmark, metrics, previous, deployments, changes, failures, unattributedIncidents },
    withheld: [...withheld].map(([metric, reason]) => ({ metric, reason })),
    reported: { metrics: reportedMetrics(result.metrics, withheld), previous: reportedMetrics(result.previous, withheld) },
    deltas: deltas(result.metrics, result.previous, withheld, { partial: result.previousWindow.historyFrom !== null }),
    weekly: weeklyTrends(result, { withheld: [...withheld.keys()] }),
    ...(options.flow ? { flow: options.flow } : {}),
  };
}

/** Withheld metrics by key, with their reason (several reasons for one metric joined). */
type Withheld = ReadonlyMap<WithholdableMetric, string>;

function withheldByMetric(list: readonly WithheldMetric[]): Withheld {
  const byMetric = new Map<WithholdableMetric, string[]>();
  for (const { metric, reason } of list) {
    // A caller bug, not user data: deployment frequency is never withheld, and a typo must not pass silently.
    if (!(WITHHOLDABLE_METRICS as readonly string[]).includes(metric)) throw new Error(`Cannot withhold metric "${String(metric)}".`);
    const reasons = byMetric.get(metric) ?? [];
    if (!reasons.includes(reason)) reasons.push(reason);
    byMetric.set(metric, reasons);
  }
  return new Map([...byMetric].map(([metric, reasons]) => [metric, reasons.join('; ')]));
}

function reportedMetrics(m: WindowMetrics, withheld: Withheld): ReportedWindowMetrics {
  const reasonOf = (metric: WithholdableMetric) => withheld.get(metric) ?? '';
  const nullStats = { medianSeconds: null, p90Seconds: null, p95Seconds: null, meanSeconds: null };
  const metrics: ReportedWindowMetrics = {
    deploymentFrequency: { ...m.deploymentFrequency, withheld: false },
    leadTime: withheld.has('leadTime')
      ? {
          changes: null,
          ...nullStats,
          tier: null,
          excluded: null,
          skipped: null,
          unmeasured: null,
          reason: reasonOf('leadTime'),
          withheld: true,
        }
      : { ...m.leadTime, withheld: false },
    changeFailureRate: withheld.has('changeFailureRate')
      ? {
          deployments: m.changeFailureRate.deployments,
          failedDeployments: null,
          rate: null,
          tier: null,
          failedRuns: null,
          unattributedIncidents: null,
          reason: reasonOf('changeFailureRate'),
          withheld: true,
        }
      : { ...m.changeFailureRate, withheld: false },
    failedDeploymentRecoveryTime: withheld.has('failedDeploymentRecoveryTime')
      ? {
          recoveries: null,
          ...nullStats,
          unrecovered: null,
          tier: null,
          reason: reasonOf('failedDeploymentRecoveryTime'),
          withheld: true,
        }
      : { ...m.failedDeploymentRecoveryTime, withheld: false },
    reworkRate: withheld.has('reworkRate')
      ? { deployments: m.reworkRate.deployments, reworkDeployments: null, rate: null, reason: reasonOf('reworkRate'), withheld: true }
      : { ...m.reworkRate, withheld: false },
    overallTier: m.overallTier,
  };
  if (withheld.size === 0) return metrics;
  // Withheld tiers are null, so the overall tier is that of the metrics still reported (docs/metrics.md "Performance tiers": those with data).
  return {
    ...metrics,
    overallTier: overallTier(TIERED_METRICS.map((key) => metrics[key].tier)),
  };
}

/**
 * The deltas. With `partial` (the previous window holds only part of a window of history: its
 * first deployment on record came after it began), a move is neither better nor worse: `trend` is null.
 */
function deltas(current: WindowMetrics, previous: WindowMetrics, withheld: Withheld, { partial }: { partial: boolean }): Deltas {
  const delta = (key: MetricKey) => {
    const { unit, better } = METRICS[key];
    /** A withheld metric's headline number is reported in neither window. */
    const gone = (withheld as ReadonlyMap<MetricKey, string>).has(key);
    const moved = compare(gone ? null : headlineOf(current, key), gone ? null : headlineOf(previous, key), better);
    return { unit, better, ...moved, trend: partial ? null : moved.trend };
  };
  // Each metric's unit and better literals are the registry's.
  return Object.fromEntries(METRIC_KEYS.map((key) => [key, delta(key)])) as unknown as Deltas;
}

/** A delta: difference, relative change and its direction (shared with the organisation roll-up). */
export function compare(current: number | null, previous: number | null, better: 'higher' | 'lower') {
  if (current === null || previous === null) {
    return { current, previous, difference: null, ratio: null, trend: null };
  }
  const difference = current - previous;
  const trend: 'better' | 'worse' | 'unchanged' =
    difference === 0 ? 'unchanged' : difference > 0 === (better === 'higher') ? 'better' : 'worse';
  return { current, previous, difference, ratio: previous === 0 ? null : difference / previous, trend };
}

/**
 * Performance tiers of one DORA report year (docs/metrics.md "Performance tiers"). Each table lists the
 * tiers best first with the bar to meet; a value that meets none is `low`. 2022 found no elite cluster.
 */
import { TIERS, type BenchmarkYear, type Tier } from './model.js';
import { DAY_S, HOUR_S, WEEK_S } from './units.js';

/** docs/metrics.md "Performance tiers" counts a month as 30 days and six months as 182 days. */
const MONTH = 30 * DAY_S;
const SIX_MONTHS = 182 * DAY_S;

export interface TierTable {
  /** At least one deployment per this many days. */
  readonly deploymentFrequency: readonly { readonly tier: Tier; readonly onePerDays: number }[];
  /** Median lead time strictly below this many seconds. */
  readonly leadTime: readonly { readonly tier: Tier; readonly belowSeconds: number }[];
  /** Change failure rate at most this fraction. */
  readonly changeFailureRate: readonly { readonly tier: Tier; readonly atMost: number }[];
  /** Median recovery time strictly below this many seconds. */
  readonly recoveryTime: readonly { readonly tier: Tier; readonly belowSeconds: number }[];
}

export const TIER_TABLES: Readonly<Record<BenchmarkYear, TierTable>> = {
  2023: {
    deploymentFrequency: [
      { tier: 'elite', onePerDays: 1 },
      { tier: 'high', onePerDays: 7 },
      { tier: 'medium', onePerDays: 30 },
    ],
    leadTime: [
      { tier: 'elite', belowSeconds: DAY_S },
      { tier: 'high', belowSeconds: WEEK_S },
      { tier: 'medium', belowSeconds: MONTH },
    ],
    changeFailureRate: [
      { tier: 'elite', atMost: 0.05 },
      { tier: 'high', atMost: 0.1 },
      { tier: 'medium', atMost: 0.15 },
    ],
    recoveryTime: [
      { tier: 'elite', belowSeconds: HOUR_S },
      { tier: 'high', belowSeconds: DAY_S },
      { tier: 'medium', belowSeconds: WEEK_S },
    ],
  },
  2022: {
    deploymentFrequency: [
      { tier: 'high', onePerDays: 1 },
      { tier: 'medium', onePerDays: 30 },
    ],
    leadTime: [
      { tier: 'high', belowSeconds: WEEK_S },
      { tier: 'medium', belowSeconds: MONTH },
    ],
    changeFailureRate: [
      { tier: 'high', atMost: 0.15 },
      { tier: 'medium', atMost: 0.3 },
    ],
    recoveryTime: [
      { tier: 'high', belowSeconds: DAY_S },
      { tier: 'medium', belowSeconds: WEEK_S },
    ],
  },
  2021: {
    deploymentFrequency: [
      { tier: 'elite', onePerDays: 1 },
      { tier: 'high', onePerDays: 30 },
      { tier: 'medium', onePerDays: 182 },
    ],
    leadTime: [
      { tier: 'elite', belowSeconds: HOUR_S },
      { tier: 'high', belowSeconds: WEEK_S },
      { tier: 'medium', belowSeconds: SIX_MONTHS },
    ],
    changeFailureRate: [
      { tier: 'elite', atMost: 0.15 },
      { tier: 'high', atMost: 0.2 },
      { tier: 'medium', atMost: 0.3 },
    ],
    recoveryTime: [
      { tier: 'elite', belowSeconds: HOUR_S },
      { tier: 'high', belowSeconds: DAY_S },
      { tier: 'medium', belowSeconds: WEEK_S },
    ],
  },
};

/**
 * Deployment frequency tier from the count and the window length. "At least one per N days" is
 * checked as `deployments * N >= days`, so a boundary such as 4 deployments in 28 days is exact
 * rather than at the mercy of 4/28 against 1/7 in floating point.
 */
export function deploymentFrequencyTier(deployments: number, days: number, benchmark: BenchmarkYear): Tier {
  for (const bar of TIER_TABLES[benchmark].deploymentFrequency) {
    if (deployments * bar.onePerDays >= days) return bar.tier;
  }
  return 'low';
}

/** Tier of a median lead time; null without data. */
export function leadTimeTier(medianSeconds: number | null, benchmark: BenchmarkYear): Tier | null {
  if (medianSeconds === null) return null;
  for (const bar of TIER_TABLES[benchmark].leadTime) {
    if (medianSeconds < bar.belowSeconds) return bar.tier;
  }
  return 'low';
}

/** Tier of a change failure rate (fraction 0..1); null without data. */
export function changeFailureRateTier(rate: number | null, benchmark: BenchmarkYear): Tier | null {
  if (rate === null) return null;
  for (const bar of TIER_TABLES[benchmark].changeFailureRate) {
    if (rate <= bar.atMost) return bar.tier;
  }
  return 'low';
}

/** Tier of a median failed deployment recovery time; null without data. */
export function recoveryTimeTier(medianSeconds: number | null, benchmark: BenchmarkYear): Tier | null {
  if (medianSeconds === null) return null;
  for (const bar of TIER_TABLES[benchmark].recoveryTime) {
    if (medianSeconds < bar.belowSeconds) return bar.tier;
  }
  return 'low';
}

/** The lowest tier among the metrics that have data (docs/metrics.md "Performance tiers"); null when none has. */
export function overallTier(tiers: readonly (Tier | null)[]): Tier | null {
  let lowest: Tier | null = null;
  for (const tier of tiers) {
    if (tier === null) continue;
    if (lowest === null || TIERS.indexOf(tier) > TIERS.indexOf(lowest)) lowest = tier;
  }
  return lowest;
}

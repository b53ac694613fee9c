/**
 * Deployment frequency (docs/metrics.md "Deployment frequency"). Zero deployments is a measurement
 * (tier low), not missing data, unless the configuration is likely wrong: then no tier, and why.
 */
import type { BenchmarkYear, Deployment, DeploymentFrequency } from './model.js';
import { deploymentFrequencyTier } from './tiers.js';
import { utcDate } from './window.js';

/** `deployments` are those in the window; `days` is the window's length. */
export function deploymentFrequencyOf(
  deployments: readonly Deployment[],
  days: number,
  benchmark: BenchmarkYear,
  likelyMisconfigured: string | null = null,
): DeploymentFrequency {
  const count = deployments.length;
  return {
    deployments: count,
    perDay: count / days,
    perWeek: count / (days / 7),
    deploymentDays: new Set(deployments.map((d) => utcDate(d.time))).size,
    tier: likelyMisconfigured === null ? deploymentFrequencyTier(count, days, benchmark) : null,
    reason: likelyMisconfigured,
  };
}

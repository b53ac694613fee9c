/**
 * Failed deployment recovery time (docs/metrics.md "Failed deployment recovery time"): for each failure
 * in the window, its earliest remediation minus the failed deployment's time. Failures with no
 * remediation by `end` are counted as unrecovered and left out of the statistics.
 */
import type { BenchmarkYear, FailedDeploymentRecoveryTime, Failure, WindowName } from './model.js';
import { durationStats } from './stats.js';
import { recoveryTimeTier } from './tiers.js';

export function failedDeploymentRecoveryTimeOf(
  failures: readonly Failure[],
  window: WindowName,
  benchmark: BenchmarkYear,
): FailedDeploymentRecoveryTime {
  const inWindow = failures.filter((f) => f.window === window);
  const seconds = inWindow.filter((f) => f.recoverySeconds !== null).map((f) => f.recoverySeconds as number);
  const unrecovered = inWindow.length - seconds.length;
  const stats = durationStats(seconds);
  let reason: string | null = null;
  if (inWindow.length === 0) reason = 'no failed deployments in the window';
  else if (seconds.length === 0) {
    reason = `no failed deployment in the window was remediated by the end of the report (${unrecovered} unrecovered)`;
  }
  return {
    recoveries: seconds.length,
    ...stats,
    unrecovered,
    tier: recoveryTimeTier(stats.medianSeconds, benchmark),
    reason,
  };
}

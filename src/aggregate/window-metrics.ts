/**
 * The organisation-wide metrics of one window (aggregate.ts): each computed from the events the
 * reports list, taken together, and the repositories each leaves out and why.
 */
import { TIERED_METRICS } from '../dora/metrics.js';
import type { BenchmarkYear } from '../dora/model.js';
import { durationStats } from '../dora/stats.js';
import { changeFailureRateTier, deploymentFrequencyTier, leadTimeTier, overallTier, recoveryTimeTier } from '../dora/tiers.js';
import type { Report, ReportWindowMetrics } from '../report/schema.js';
import type { OrgLeftOut, OrgWindowMetrics } from './schema.js';

export type WindowName = 'current' | 'previous';

/* ---- Organisation-wide metrics ---- */

export const metricsOf = (r: Report, w: WindowName): ReportWindowMetrics => (w === 'current' ? r.metrics : r.previous);

export function windowMetrics(reports: readonly Report[], w: WindowName, days: number, benchmark: BenchmarkYear): OrgWindowMetrics {
  const metrics = {
    deploymentFrequency: rolledUpDeploymentFrequency(reports, w, days, benchmark),
    leadTime: rolledUpLeadTime(reports, w, benchmark),
    changeFailureRate: rolledUpChangeFailureRate(reports, w, benchmark),
    failedDeploymentRecoveryTime: rolledUpRecoveryTime(reports, w, benchmark),
    reworkRate: rolledUpReworkRate(reports, w),
  };
  return { ...metrics, overallTier: overallTier(TIERED_METRICS.map((key) => metrics[key].tier)) };
}

/** Deployments add up; deployment days are the distinct dates of every repository's deployments. */
function rolledUpDeploymentFrequency(
  reports: readonly Report[],
  w: WindowName,
  days: number,
  benchmark: BenchmarkYear,
): OrgWindowMetrics['deploymentFrequency'] {
  let deployments = 0;
  let repositories = 0;
  const dates = new Set<string>();
  for (const r of reports) {
    const n = metricsOf(r, w).deploymentFrequency.deployments;
    deployments += n;
    if (n > 0) repositories++;
    for (const d of r.deployments) if (d.window === w) dates.add(d.time.slice(0, 10));
  }
  return {
    deployments,
    perDay: deployments / days,
    perWeek: deployments / (days / 7),
    deploymentDays: dates.size,
    tier: deploymentFrequencyTier(deployments, days, benchmark),
    repositories,
  };
}

/** Lead time over every measured change of every repository whose lead time is reported. */
function rolledUpLeadTime(reports: readonly Report[], w: WindowName, benchmark: BenchmarkYear): OrgWindowMetrics['leadTime'] {
  const seconds: number[] = [];
  const leftOut: OrgLeftOut[] = [];
  let excluded = 0;
  let skipped = 0;
  let unmeasured = 0;
  let repositories = 0;
  for (const r of reports) {
    const m = metricsOf(r, w).leadTime;
    if (m.withheld) {
      leftOut.push(withheldEntry(r, m.reason));
      continue;
    }
    excluded += m.excluded ?? 0;
    skipped += m.skipped ?? 0;
    unmeasured += m.unmeasured ?? 0;
    const measured = r.changes
      .filter((c) => c.window === w && c.status === 'measured' && c.leadTimeSeconds !== null)
      .map((c) => c.leadTimeSeconds as number);
    if (measured.length !== m.changes) {
      leftOut.push(disagreeing(r, `lists ${measured.length} measured changes but counts ${m.changes ?? 0}`));
      continue;
    }
    if (measured.length === 0) {
      leftOut.push({ repository: r.repository, withheld: false, reason: m.reason ?? 'no change was measured in the window' });
      continue;
    }
    seconds.push(...measured);
    repositories++;
  }
  const stats = durationStats(seconds);
  return {
    changes: seconds.length,
    ...stats,
    tier: leadTimeTier(stats.medianSeconds, benchmark),
    excluded,
    skipped,
    unmeasured,
    repositories,
    leftOut,
    reason: seconds.length === 0 ? 'no repository measured a change in the window' : null,
  };
}

/** Failed deployments over deployments, both summed; failed runs count where a report counts them. */
function rolledUpChangeFailureRate(
  reports: readonly Report[],
  w: WindowName,
  benchmark: BenchmarkYear,
): OrgWindowMetrics['changeFailureRate'] {
  const leftOut: OrgLeftOut[] = [];
  let deployments = 0;
  let failedDeployments = 0;
  let failedRuns = 0;
  let unattributedIncidents = 0;
  let repositories = 0;
  for (const r of reports) {
    const m = metricsOf(r, w).changeFailureRate;
    if (m.withheld) {
      leftOut.push(withheldEntry(r, m.reason));
      continue;
    }
    unattributedIncidents += m.unattributedIncidents ?? 0;
    if (m.rate === null || m.failedDeployments === null) {
      leftOut.push({ repository: r.repository, withheld: false, reason: m.reason ?? 'no deployments in the window' });
      continue;
    }
    deployments += m.deployments;
    failedDeployments += m.failedDeployments;
    failedRuns += m.failedRuns ?? 0;
    repositories++;
  }
  const rate = deployments === 0 ? null : failedDeployments / deployments;
  return {
    deployments,
    failedDeployments,
    rate,
    tier: changeFailureRateTier(rate, benchmark),
    failedRuns,
    unattributedIncidents,
    repositories,
    leftOut,
    reason: rate === null ? 'no repository with a change failure rate deployed in the window' : null,
  };
}

/** Recovery time over every recovered failure of every repository whose recovery time is reported. */
function rolledUpRecoveryTime(
  reports: readonly Report[],
  w: WindowName,
  benchmark: BenchmarkYear,
): OrgWindowMetrics['failedDeploymentRecoveryTime'] {
  const seconds: number[] = [];
  const leftOut: OrgLeftOut[] = [];
  let unrecovered = 0;
  let repositories = 0;
  for (const r of reports) {
    const m = metricsOf(r, w).failedDeploymentRecoveryTime;
    if (m.withheld) {
      leftOut.push(withheldEntry(r, m.reason));
      continue;
    }
    // A report that withholds change failure rate lists no failures (schema.ts), so their recovery times are unknown here.
    if (metricsOf(r, w).changeFailureRate.withheld) {
      leftOut.push({ repository: r.repository, withheld: true, reason: 'its failures are not listed: change failure rate is withheld' });
      continue;
    }
    unrecovered += m.unrecovered ?? 0;
    const recovered = r.failures.filter((f) => f.window === w && f.recoverySeconds !== null).map((f) => f.recoverySeconds as number);
    if (recovered.length !== m.recoveries) {
      leftOut.push(disagreeing(r, `lists ${recovered.length} recovered failures but counts ${m.recoveries ?? 0}`));
      continue;
    }
    if (recovered.length === 0) {
      leftOut.push({ repository: r.repository, withheld: false, reason: m.reason ?? 'no failed deployment was recovered in the window' });
      continue;
    }
    seconds.push(...recovered);
    repositories++;
  }
  const stats = durationStats(seconds);
  return {
    recoveries: seconds.length,
    ...stats,
    unrecovered,
    tier: recoveryTimeTier(stats.medianSeconds, benchmark),
    repositories,
    leftOut,
    reason: seconds.length === 0 ? 'no repository recovered from a failed deployment in the window' : null,
  };
}

/** Rework deployments over deployments, both summed. */
function rolledUpReworkRate(reports: readonly Report[], w: WindowName): OrgWindowMetrics['reworkRate'] {
  const leftOut: OrgLeftOut[] = [];
  let deployments = 0;
  let reworkDeployments = 0;
  let repositories = 0;
  for (const r of reports) {
    const m = metricsOf(r, w).reworkRate;
    if (m.withheld) {
      leftOut.push(withheldEntry(r, m.reason));
      continue;
    }
    if (m.rate === null || m.reworkDeployments === null) {
      leftOut.push({ repository: r.repository, withheld: false, reason: m.reason ?? 'no deployments in the window' });
      continue;
    }
    deployments += m.deployments;
    reworkDeployments += m.reworkDeployments;
    repositories++;
  }
  const rate = deployments === 0 ? null : reworkDeployments / deployments;
  return {
    deployments,
    reworkDeployments,
    rate,
    repositories,
    leftOut,
    reason: rate === null ? 'no repository with a rework rate deployed in the window' : null,
  };
}

function withheldEntry(r: Report, reason: string | null): OrgLeftOut {
  return { repository: r.repository, withheld: true, reason: reason ?? 'withheld: its data could not be read' };
}

/** A report whose event list disagrees with its own count was edited or truncated: its events are not trusted. */
function disagreeing(r: Report, what: string): OrgLeftOut {
  return { repository: r.repository, withheld: false, reason: `its report ${what}` };
}

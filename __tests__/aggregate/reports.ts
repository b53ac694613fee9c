/**
 * Small literal reports for the roll-up tests: a repository's deployments, lead times and recovery
 * times are given as numbers, and the report is built through the real report builder
 * (src/report/json.ts) so every field is consistent and schema-valid.
 */
import type { Change, CountedDeployment, DoraResult, Failure, WindowMetrics, WindowName } from '../../src/dora/model.js';
import { durationStats } from '../../src/dora/stats.js';
import { changeFailureRateTier, deploymentFrequencyTier, leadTimeTier, overallTier, recoveryTimeTier } from '../../src/dora/tiers.js';
import { type WithheldMetric, buildReport } from '../../src/report/json.js';
import type { Report } from '../../src/report/schema.js';
import { DAY, END, HOUR, doraResult, reportContext } from '../report/fixtures.js';

export { DAY, END, HOUR };

export interface WindowSpec {
  /** One deployment per entry, on the day this many days before the window's end (1 = its last day). */
  readonly deployDays?: readonly number[];
  /** Lead times of the measured changes, seconds. */
  readonly leadTimes?: readonly number[];
  /** One failure per entry: its recovery time in seconds, or null when unrecovered. */
  readonly recoveries?: readonly (number | null)[];
  /** Failed deployments for the rate; default one per failure. */
  readonly failed?: number;
  /** Rework deployments; default 0. */
  readonly rework?: number;
  /** Failed deploy runs counted in both counts of the rate; default 0. */
  readonly failedRuns?: number;
}

export interface RepoSpec {
  readonly current?: WindowSpec;
  readonly previous?: WindowSpec;
  readonly withheld?: readonly WithheldMetric[];
  readonly days?: number;
  /** Window end, epoch ms; default END (2026-06-01). */
  readonly end?: number;
  readonly benchmark?: 2021 | 2022 | 2023;
  readonly complete?: boolean;
  readonly repositoryUrl?: string;
}

/** A report of `repository` with exactly the events given. */
export function repoReport(repository: string, spec: RepoSpec = {}): Report {
  const days = spec.days ?? 30;
  const end = spec.end ?? END;
  const benchmark = spec.benchmark ?? 2023;
  let nextId = 0;
  const windowRecords = (w: WindowName, s: WindowSpec) => {
    const windowEnd = w === 'current' ? end : end - days * DAY;
    const deployments: CountedDeployment[] = (s.deployDays ?? []).map((offset, i) => {
      const id = String(1000 + nextId++);
      return {
        deployment: { id, time: windowEnd - offset * DAY + HOUR + i * 60_000, sha: id.padStart(40, 'a'), label: `Deploy ${id}` },
        window: w,
        baselineId: null,
        changes: 0,
        remediates: [],
        failed: false,
      };
    });
    const anchor = deployments[0];
    const leadTimes = s.leadTimes ?? [];
    const recoveries = s.recoveries ?? [];
    if ((leadTimes.length > 0 || recoveries.length > 0) && !anchor) throw new Error('changes and failures need a deployment');
    const changes: Change[] = leadTimes.map((lt, i) => ({
      kind: 'pull_request',
      number: nextId++,
      sha: String(nextId).padStart(40, 'c'),
      title: `Change ${i}`,
      author: 'octocat',
      start: anchor!.deployment.time - lt * 1000,
      openedAt: null,
      mergedAt: null,
      deploymentId: anchor!.deployment.id,
      deployedAt: anchor!.deployment.time,
      window: w,
      status: 'measured',
      leadTimeSeconds: lt,
      stages: null,
    }));
    const failures: Failure[] = recoveries.map((rs) => ({
      failedId: anchor!.deployment.id,
      failedAt: anchor!.deployment.time,
      kind: 'deployment',
      window: w,
      signal: 'revert',
      remediationId: rs === null ? null : anchor!.deployment.id,
      remediatedAt: rs === null ? null : anchor!.deployment.time + rs * 1000,
      recoverySeconds: rs,
      reason: 'reverted',
    }));
    const n = deployments.length;
    const failedRuns = s.failedRuns ?? 0;
    const failed = (s.failed ?? recoveries.length) + failedRuns;
    const lt = durationStats(leadTimes);
    const recovered = recoveries.filter((r): r is number => r !== null);
    const rt = durationStats(recovered);
    const rate = n + failedRuns === 0 ? null : failed / (n + failedRuns);
    const metrics: WindowMetrics = {
      deploymentFrequency: {
        deployments: n,
        perDay: n / days,
        perWeek: n / (days / 7),
        deploymentDays: new Set(deployments.map((d) => new Date(d.deployment.time).toISOString().slice(0, 10))).size,
        tier: deploymentFrequencyTier(n, days, benchmark),
        reason: null,
      },
      leadTime: {
        changes: leadTimes.length,
        ...lt,
        tier: leadTimeTier(lt.medianSeconds, benchmark),
        excluded: 0,
        skipped: 0,
        unmeasured: 0,
        reason: leadTimes.length === 0 ? 'no change was deployed in the window' : null,
      },
      changeFailureRate: {
        deployments: n + failedRuns,
        failedDeployments: failed,
        rate,
        tier: changeFailureRateTier(rate, benchmark),
        failedRuns,
        unattributedIncidents: 0,
        reason: rate === null ? 'no deployments in the window' : null,
      },
      failedDeploymentRecoveryTime: {
        recoveries: recovered.length,
        ...rt,
        unrecovered: recoveries.length - recovered.length,
        tier: recoveryTimeTier(rt.medianSeconds, benchmark),
        reason: recovered.length === 0 ? 'no failed deployment in the window' : null,
      },
      reworkRate: {
        deployments: n,
        reworkDeployments: s.rework ?? 0,
        rate: n === 0 ? null : (s.rework ?? 0) / n,
        reason: n === 0 ? 'no deployments in the window' : null,
      },
      overallTier: null,
    };
    const withTier: WindowMetrics = {
      ...metrics,
      overallTier: overallTier([
        metrics.deploymentFrequency.tier,
        metrics.leadTime.tier,
        metrics.changeFailureRate.tier,
        metrics.failedDeploymentRecoveryTime.tier,
      ]),
    };
    return { deployments, changes, failures, metrics: withTier };
  };
  const previous = windowRecords('previous', spec.previous ?? {});
  const current = windowRecords('current', spec.current ?? {});
  const result: DoraResult = doraResult({
    window: { start: end - days * DAY, end, days },
    previousWindow: { start: end - 2 * days * DAY, end: end - days * DAY, historyFrom: null },
    benchmark,
    metrics: current.metrics,
    previous: previous.metrics,
    deployments: [...previous.deployments, ...current.deployments],
    changes: [...previous.changes, ...current.changes],
    failures: [...previous.failures, ...current.failures],
    unattributedIncidents: [],
  });
  const report = buildReport(result, reportContext({ repository, withheld: spec.withheld ?? [], complete: spec.complete ?? true }));
  return spec.repositoryUrl === undefined ? report : { ...report, repositoryUrl: spec.repositoryUrl };
}

/** Quantile by the docs/metrics.md "Statistics" rule, written out again so the tests do not check src/dora/stats.ts against itself. */
export function quantileOf(values: readonly number[], q: number): number {
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * q;
  const lo = Math.floor(h);
  return x[lo]! + (h - lo) * (x[Math.min(lo + 1, x.length - 1)]! - x[lo]!);
}

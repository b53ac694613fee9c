/**
 * The organisation roll-up: many repositories' reports in, one organisation report out. Pure: no
 * I/O, no @actions imports (read-reports.ts reads the files, summary.ts renders the result).
 *
 * A median of medians is not a median, and an average of rates weighs a repository that deployed
 * twice like one that deployed two hundred times. So every organisation-wide number is computed
 * from the events the reports list, taken together: the lead times of every measured change, the
 * recovery times of every failure, and sums of the counts for the rates (docs/metrics.md "Organisation roll-up", applied to
 * the union of the repositories). Tiers come from the engine's own tier functions.
 */
import { ActionError } from '../errors.js';
import { headlineOf, METRIC_KEYS, METRICS, TIERED_METRICS, WITHHOLDABLE_METRICS } from '../dora/metrics.js';
import type { BenchmarkYear, Tier } from '../dora/model.js';
import { durationStats } from '../dora/stats.js';
import { changeFailureRateTier, deploymentFrequencyTier, leadTimeTier, overallTier, recoveryTimeTier } from '../dora/tiers.js';
import { compare } from '../report/json.js';
import type { Report, ReportWindowMetrics } from '../report/schema.js';
import { ACTION_VERSION } from '../version.js';
import {
  type OrgLeftOut,
  type OrgReport,
  type OrgRow,
  type OrgTierCounts,
  type OrgWindowMetrics,
  ORG_REPORT_SCHEMA_VERSION,
  orgReportSchema,
} from './schema.js';

/** The reports cannot be rolled up together: none, the same repository twice, or different windows or benchmarks. */
export class ReportMismatchError extends ActionError {}

export interface AggregateOptions {
  /** The DORA report year of the organisation's tiers; every report must use the same. */
  readonly benchmark: BenchmarkYear;
  /** Repositories a report is expected for (`owner/name`); those without one are listed as `missing`. */
  readonly expectedRepositories?: readonly string[];
  /** Report files refused while reading them (read-reports.ts), carried into the report. */
  readonly problems?: readonly string[];
  /** When the roll-up is produced, ISO 8601; default now. */
  readonly generatedAt?: string;
}

type WindowName = 'current' | 'previous';

/** Rolls the reports up; throws ReportMismatchError when they cannot be added up. */
export function aggregateReports(reports: readonly Report[], options: AggregateOptions): OrgReport {
  checkReports(reports, options.benchmark);
  const sorted = [...reports].sort((a, b) => byName(a.repository, b.repository));
  const first = sorted[0]!;
  const days = first.window.days;
  const benchmark = options.benchmark;

  const known = new Set(sorted.map((r) => r.repository.toLowerCase()));
  const missing = [...new Set(options.expectedRepositories ?? [])].filter((name) => !known.has(name.toLowerCase())).sort(byName);
  const problems = [...(options.problems ?? [])];
  const incomplete = sorted.filter((r) => !r.complete).map((r) => r.repository);

  const metrics = windowMetrics(sorted, 'current', days, benchmark);
  const previous = windowMetrics(sorted, 'previous', days, benchmark);

  const org: OrgReport = {
    schemaVersion: ORG_REPORT_SCHEMA_VERSION,
    actionVersion: ACTION_VERSION,
    kind: 'organisation',
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    window: { ...first.window },
    previousWindow: { ...first.previousWindow },
    benchmark,
    repositories: sorted.map((r) => r.repository),
    complete: incomplete.length === 0 && missing.length === 0 && problems.length === 0,
    incomplete,
    missing,
    problems,
    metrics,
    previous,
    // Each metric's unit and better literals are the schema's, which reads the same registry.
    deltas: Object.fromEntries(
      METRIC_KEYS.map((key) => {
        const { unit, better } = METRICS[key];
        return [key, { unit, better, ...compare(headlineOf(metrics, key), headlineOf(previous, key), better) }];
      }),
    ) as OrgReport['deltas'],
    tierDistribution: { current: tierCounts(sorted, 'current'), previous: tierCounts(sorted, 'previous') },
    withoutData: sorted.flatMap((r) => {
      const why = noDataReason(r, 'current');
      return why === null ? [] : [{ repository: r.repository, reason: why }];
    }),
    rows: sorted.map(row),
  };
  // A broken shape is a bug here, not user data: fail loudly, as buildReport does.
  return orgReportSchema.parse(org);
}

/* ---- Refusals ---- */

function checkReports(reports: readonly Report[], benchmark: BenchmarkYear): void {
  if (reports.length === 0) {
    throw new ReportMismatchError(
      'No reports to roll up.',
      "Check that every repository's job uploaded its dora-metrics.json (artifacts named `dora-*`) and that `reports-dir` is the folder actions/download-artifact wrote them to.",
    );
  }
  // GitHub names are case-insensitive: acme/Shop and acme/shop are one repository.
  const firstName = new Map<string, string>();
  const twice = new Set<string>();
  for (const r of reports) {
    const key = r.repository.toLowerCase();
    const first = firstName.get(key);
    if (first === undefined) firstName.set(key, r.repository);
    else twice.add(first);
  }
  if (twice.size > 0) {
    throw new ReportMismatchError(
      `More than one report for ${names([...twice])}: each repository can be counted once.`,
      'Give each repository one matrix job and one artifact, and download the artifacts of this run only.',
    );
  }

  // Numbers of different windows cannot be added up: a 30-day count is not a 7-day count, and two
  // windows a minute apart (an empty `until` ends each window when its job runs) do not hold the same events.
  const groups = new Map<string, string[]>();
  for (const r of reports) {
    // The previous window follows from the window ([end - 2 * days, end - days)), so the window is the key.
    const key = `${r.window.start} → ${r.window.end} (${r.window.days} ${r.window.days === 1 ? 'day' : 'days'})`;
    groups.set(key, [...(groups.get(key) ?? []), r.repository]);
  }
  if (groups.size > 1) {
    throw new ReportMismatchError(
      `The reports cover different windows, so their numbers cannot be added up: ${[...groups].map(([window, repos]) => `${window}: ${names(repos)}`).join('; ')}.`,
      'Run every repository with the same `days` and the same fixed `until` (an instant such as 2026-06-01T00:00:00Z, computed once for the whole workflow; ' +
        'an empty `until` ends each window when its own job runs).',
    );
  }

  const otherBenchmark = reports.filter((r) => r.benchmark !== benchmark);
  if (otherBenchmark.length > 0) {
    const years = new Map<number, string[]>();
    for (const r of otherBenchmark) years.set(r.benchmark, [...(years.get(r.benchmark) ?? []), r.repository]);
    throw new ReportMismatchError(
      `The reports use a different DORA benchmark than the roll-up (${benchmark}): ${[...years].map(([year, repos]) => `${year} for ${names(repos)}`).join('; ')}. ` +
        'Tiers of different report years cannot be compared.',
      "Give every repository's run and the aggregate run the same `benchmark`.",
    );
  }
}

function names(repos: readonly string[]): string {
  const shown = repos.slice(0, 20).join(', ');
  return repos.length > 20 ? `${shown} and ${repos.length - 20} more` : shown;
}

/* ---- Organisation-wide metrics ---- */

const metricsOf = (r: Report, w: WindowName): ReportWindowMetrics => (w === 'current' ? r.metrics : r.previous);

function windowMetrics(reports: readonly Report[], w: WindowName, days: number, benchmark: BenchmarkYear): OrgWindowMetrics {
  const metrics = {
    deploymentFrequency: deploymentFrequencyOf(reports, w, days, benchmark),
    leadTime: leadTimeOf(reports, w, benchmark),
    changeFailureRate: changeFailureRateOf(reports, w, benchmark),
    failedDeploymentRecoveryTime: recoveryTimeOf(reports, w, benchmark),
    reworkRate: reworkRateOf(reports, w),
  };
  return { ...metrics, overallTier: overallTier(TIERED_METRICS.map((key) => metrics[key].tier)) };
}

/** Deployments add up; deployment days are the distinct dates of every repository's deployments. */
function deploymentFrequencyOf(
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
function leadTimeOf(reports: readonly Report[], w: WindowName, benchmark: BenchmarkYear): OrgWindowMetrics['leadTime'] {
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
function changeFailureRateOf(reports: readonly Report[], w: WindowName, benchmark: BenchmarkYear): OrgWindowMetrics['changeFailureRate'] {
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
function recoveryTimeOf(
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
function reworkRateOf(reports: readonly Report[], w: WindowName): OrgWindowMetrics['reworkRate'] {
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

/* ---- Repositories ---- */

/**
 * Null when the repository has data in the window; otherwise why not: no deployments, or every
 * metric beside deployment frequency (which is never null) null or withheld.
 */
function noDataReason(r: Report, w: WindowName): string | null {
  const m = metricsOf(r, w);
  if (m.deploymentFrequency.deployments === 0) {
    return `no deployments in the window from ${r.deploymentSource.name}${r.deploymentSource.requested === 'auto' ? ' (deployment-source auto)' : ''}`;
  }
  // Deployment frequency, the one metric never withheld, has data whenever there are deployments.
  if (WITHHOLDABLE_METRICS.every((k) => headlineOf(m, k) === null)) {
    const withheld = WITHHOLDABLE_METRICS.filter((k) => m[k].withheld);
    return withheld.length > 0 ? `every metric is withheld or has no data (withheld: ${withheld.join(', ')})` : 'every metric has no data';
  }
  return null;
}

function tierCounts(reports: readonly Report[], w: WindowName): OrgTierCounts {
  const counts: Record<Tier | 'noData', number> = { elite: 0, high: 0, medium: 0, low: 0, noData: 0 };
  for (const r of reports) {
    const tier = metricsOf(r, w).overallTier;
    if (noDataReason(r, w) !== null || tier === null) counts.noData++;
    else counts[tier]++;
  }
  return counts;
}

function row(r: Report): OrgRow {
  const m = r.metrics;
  return {
    repository: r.repository,
    repositoryUrl: r.repositoryUrl,
    runUrl: r.runUrl,
    deploymentSource: r.deploymentSource.name,
    proxy: r.deploymentSource.proxy,
    complete: r.complete,
    hasData: noDataReason(r, 'current') === null,
    overallTier: m.overallTier,
    previousOverallTier: r.previous.overallTier,
    deploymentFrequency: {
      deployments: m.deploymentFrequency.deployments,
      perDay: m.deploymentFrequency.perDay,
      tier: m.deploymentFrequency.tier,
    },
    leadTime: {
      changes: m.leadTime.changes,
      medianSeconds: m.leadTime.medianSeconds,
      tier: m.leadTime.tier,
      withheld: m.leadTime.withheld,
    },
    changeFailureRate: {
      deployments: m.changeFailureRate.deployments,
      failedDeployments: m.changeFailureRate.failedDeployments,
      rate: m.changeFailureRate.rate,
      tier: m.changeFailureRate.tier,
      withheld: m.changeFailureRate.withheld,
    },
    failedDeploymentRecoveryTime: {
      recoveries: m.failedDeploymentRecoveryTime.recoveries,
      medianSeconds: m.failedDeploymentRecoveryTime.medianSeconds,
      tier: m.failedDeploymentRecoveryTime.tier,
      withheld: m.failedDeploymentRecoveryTime.withheld,
    },
    reworkRate: {
      deployments: m.reworkRate.deployments,
      reworkDeployments: m.reworkRate.reworkDeployments,
      rate: m.reworkRate.rate,
      withheld: m.reworkRate.withheld,
    },
  };
}

/* ---- Pieces ---- */

function byName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** The organisation report as stable JSON: 2-space indent, keys in schema order, a final newline. */
export function serializeOrgReport(org: OrgReport): string {
  return `${JSON.stringify(org, null, 2)}\n`;
}

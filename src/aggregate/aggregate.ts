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
import { headlineOf, METRIC_KEYS, METRICS, WITHHOLDABLE_METRICS } from '../dora/metrics.js';
import type { BenchmarkYear, Tier } from '../dora/model.js';
import { compare } from '../report/json.js';
import type { Report } from '../report/schema.js';
import { ACTION_VERSION } from '../version.js';
import { type OrgReport, type OrgRow, type OrgTierCounts, ORG_REPORT_SCHEMA_VERSION, orgReportSchema } from './schema.js';
import { metricsOf, type WindowName, windowMetrics } from './window-metrics.js';

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
    previousWindow: { start: first.previousWindow.start, end: first.previousWindow.end },
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

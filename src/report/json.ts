/**
 * The engine's result (epoch milliseconds) as the JSON report (ISO strings, seconds, fractions),
 * validated by the schema so that every output reads the same, checked shape.
 */
import { headlineOf, METRIC_KEYS, METRICS, type MetricKey, TIERED_METRICS } from '../dora/metrics.js';
import type { DeploymentSourceName, DoraResult, Millis, WindowMetrics } from '../dora/model.js';
import { overallTier } from '../dora/tiers.js';
import { type Report, type WithholdableMetric, WITHHOLDABLE_METRICS, reportSchema } from './schema.js';
import type { FlowMetrics } from '../dora/flow.js';
import { weeklyTrends } from '../dora/trends.js';
import { evaluateAlerts, type AlertRule } from './alerts.js';
import { ACTION_VERSION } from '../version.js';

/** A metric not reported because part of the data it needs could not be read (see ReportContext.withheld). */
export interface WithheldMetric {
  readonly metric: WithholdableMetric;
  /** Why, in words a reader can act on, e.g. "pull requests could not be read (403: Resource not accessible by integration)". */
  readonly reason: string;
}

/** Withheld metrics by key, with their reason (several reasons for one metric joined). */
type Withheld = ReadonlyMap<WithholdableMetric, string>;

export interface ReportContext {
  /** owner/name. */
  readonly repository: string;
  /** GITHUB_SERVER_URL, e.g. https://github.com. */
  readonly serverUrl: string;
  readonly runUrl: string | null;
  readonly generatedAt: Millis;
  readonly branch: string;
  readonly source: {
    readonly name: DeploymentSourceName;
    readonly requested: 'auto' | DeploymentSourceName;
    readonly reason: string;
    readonly searched: readonly { readonly source: DeploymentSourceName; readonly deployments: number; readonly note: string }[];
  };
  /** False when some data could not be read; the report is also incomplete whenever a metric is withheld. */
  readonly complete: boolean;
  /**
   * Metrics whose data could not be read (in part): none of their numbers is reported, in either
   * window; they are null with `withheld: true` and this reason. Default none. Deployment frequency
   * is never withheld: when deployments cannot be read the action fails instead.
   */
  readonly withheld?: readonly WithheldMetric[];
  readonly missing: readonly { readonly what: string; readonly reason: string; readonly metrics: readonly string[] }[];
  readonly api: { readonly requests: number; readonly graphqlPoints: number; readonly rateLimitRemaining: number | null };
  readonly trigger: {
    readonly event: string;
    readonly pullRequest: number | null;
    readonly releaseTag: string | null;
    /** GITHUB_SHA: lets a release trigger find its deployment when labels do not name the tag. */
    readonly sha?: string | null;
  };
  /** Pull-request flow metrics of the window (src/dora/flow.ts), when computed. */
  readonly flow?: FlowMetrics;
  /** The `alert-rules`, evaluated against the report. */
  readonly alertRules?: readonly AlertRule[];
  readonly config: {
    readonly workflows: readonly string[];
    readonly environment: string;
    readonly failureSignals: readonly string[];
    readonly hotfixLabels: readonly string[];
    readonly incidentLabels: readonly string[];
    readonly incidentWindowHours: number;
    readonly excludeAuthors: readonly string[];
  };
}

const iso = (ms: Millis): string => new Date(ms).toISOString();
const isoOrNull = (ms: Millis | null): string | null => (ms === null ? null : iso(ms));

/** Builds the report; throws a ZodError if the result breaks the schema (an engine bug, not user data). */
export function buildReport(result: DoraResult, ctx: ReportContext): Report {
  const repositoryUrl = `${ctx.serverUrl.replace(/\/+$/, '')}/${ctx.repository}`;
  const withheld = withheldByMetric(ctx.withheld ?? []);
  const lt = withheld.has('leadTime');
  const cfr = withheld.has('changeFailureRate');
  const fdrt = withheld.has('failedDeploymentRecoveryTime');
  const rw = withheld.has('reworkRate');
  const report: Report = {
    schemaVersion: 1,
    actionVersion: ACTION_VERSION,
    repository: ctx.repository,
    repositoryUrl,
    runUrl: ctx.runUrl,
    generatedAt: iso(ctx.generatedAt),
    window: { start: iso(result.window.start), end: iso(result.window.end), days: result.window.days },
    previousWindow: { start: iso(result.previousWindow.start), end: iso(result.previousWindow.end) },
    branch: ctx.branch,
    deploymentSource: {
      name: result.source,
      requested: ctx.source.requested,
      reason: ctx.source.reason,
      proxy: result.source === 'merges',
      searched: ctx.source.searched.map((s) => ({ source: s.source, deployments: s.deployments, note: s.note })),
    },
    benchmark: result.benchmark,
    complete: ctx.complete && withheld.size === 0,
    missing: ctx.missing.map((m) => ({ what: m.what, reason: m.reason, metrics: [...m.metrics] })),
    config: {
      workflows: [...ctx.config.workflows],
      environment: ctx.config.environment,
      failureSignals: [...ctx.config.failureSignals],
      hotfixLabels: [...ctx.config.hotfixLabels],
      incidentLabels: [...ctx.config.incidentLabels],
      incidentWindowHours: ctx.config.incidentWindowHours,
      excludeAuthors: [...ctx.config.excludeAuthors],
    },
    metrics: windowMetrics(result.metrics, withheld),
    previous: windowMetrics(result.previous, withheld),
    deltas: deltas(result.metrics, result.previous, withheld),
    deployments: result.deployments.map((d) => ({
      id: d.deployment.id,
      window: d.window,
      time: iso(d.deployment.time),
      sha: d.deployment.sha,
      label: d.deployment.label,
      url: d.deployment.url ?? null,
      baselineId: d.baselineId,
      changes: lt ? null : d.changes,
      remediates: rw ? null : [...d.remediates],
      failed: cfr ? null : d.failed,
    })),
    changes: (lt ? [] : result.changes).map((c) => ({
      kind: c.kind,
      number: c.number,
      sha: c.sha,
      title: c.title,
      author: c.author,
      url: c.url ?? (c.number !== null ? `${repositoryUrl}/pull/${c.number}` : `${repositoryUrl}/commit/${c.sha}`),
      start: iso(c.start),
      openedAt: isoOrNull(c.openedAt),
      mergedAt: isoOrNull(c.mergedAt),
      deploymentId: c.deploymentId,
      deployedAt: iso(c.deployedAt),
      window: c.window,
      status: c.status,
      leadTimeSeconds: c.leadTimeSeconds,
      stages: c.stages === null ? null : { ...c.stages },
    })),
    failures: (cfr ? [] : result.failures).map((f) => ({
      failedId: f.failedId,
      failedAt: iso(f.failedAt),
      kind: f.kind,
      window: f.window,
      signal: f.signal,
      remediationId: fdrt ? null : f.remediationId,
      remediatedAt: fdrt ? null : isoOrNull(f.remediatedAt),
      recoverySeconds: fdrt ? null : f.recoverySeconds,
      reason: f.reason,
    })),
    unattributedIncidents: (cfr ? [] : result.unattributedIncidents).map((i) => ({
      number: i.number,
      title: i.title,
      url: `${repositoryUrl}/issues/${i.number}`,
      createdAt: iso(i.createdAt),
      window: i.window,
      reason: i.reason,
    })),
    trigger: {
      event: ctx.trigger.event,
      pullRequest: ctx.trigger.pullRequest,
      releaseTag: ctx.trigger.releaseTag,
      sha: ctx.trigger.sha ?? null,
    },
    api: { ...ctx.api },
    trends: {
      weekly: weeklyTrends(result, { withheld: [...withheld.keys()] }).map((w) => ({ ...w, start: iso(w.start), end: iso(w.end) })),
    },
    ...(ctx.flow ? { flow: ctx.flow } : {}),
  };
  // Alerts read the built report (its deltas), so an alert never disagrees with the summary.
  const { alerts, skipped } = evaluateAlerts(report, ctx.alertRules ?? []);
  return reportSchema.parse({ ...report, alerts, skippedAlerts: skipped });
}

/** The report as stable JSON: 2-space indent, keys in schema order, a final newline. */
export function serializeReport(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

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

function windowMetrics(m: WindowMetrics, withheld: Withheld): Report['metrics'] {
  const reasonOf = (metric: WithholdableMetric) => withheld.get(metric) ?? '';
  const nullStats = { medianSeconds: null, p90Seconds: null, p95Seconds: null, meanSeconds: null };
  const metrics: Report['metrics'] = {
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

function deltas(current: WindowMetrics, previous: WindowMetrics, withheld: Withheld): Report['deltas'] {
  const delta = (key: MetricKey) => {
    const { unit, better } = METRICS[key];
    /** A withheld metric's headline number is reported in neither window. */
    const gone = (withheld as ReadonlyMap<MetricKey, string>).has(key);
    return { unit, better, ...compare(gone ? null : headlineOf(current, key), gone ? null : headlineOf(previous, key), better) };
  };
  // Each metric's unit and better literals are the schema's, which reads the same registry.
  return Object.fromEntries(METRIC_KEYS.map((key) => [key, delta(key)])) as Report['deltas'];
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

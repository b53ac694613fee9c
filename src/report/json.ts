/**
 * The engine's result (epoch milliseconds) as the JSON report (ISO strings, seconds, fractions),
 * validated by the schema so that every output reads the same, checked shape.
 */
import type { DeploymentSourceName, DoraResult, Millis, WindowMetrics } from '../dora/model.js';
import { type Report, reportSchema } from './schema.js';

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
  readonly complete: boolean;
  readonly missing: readonly { readonly what: string; readonly reason: string; readonly metrics: readonly string[] }[];
  readonly api: { readonly requests: number; readonly graphqlPoints: number; readonly rateLimitRemaining: number | null };
  readonly trigger: {
    readonly event: string;
    readonly pullRequest: number | null;
    readonly releaseTag: string | null;
    /** GITHUB_SHA: lets a release trigger find its deployment when labels do not name the tag. */
    readonly sha?: string | null;
  };
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
  const report: Report = {
    schemaVersion: 1,
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
    complete: ctx.complete,
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
    metrics: windowMetrics(result.metrics),
    previous: windowMetrics(result.previous),
    deltas: deltas(result.metrics, result.previous),
    deployments: result.deployments.map((d) => ({
      id: d.deployment.id,
      window: d.window,
      time: iso(d.deployment.time),
      sha: d.deployment.sha,
      label: d.deployment.label,
      url: d.deployment.url ?? null,
      baselineId: d.baselineId,
      changes: d.changes,
      remediates: [...d.remediates],
      failed: d.failed,
    })),
    changes: result.changes.map((c) => ({
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
    failures: result.failures.map((f) => ({
      failedId: f.failedId,
      failedAt: iso(f.failedAt),
      kind: f.kind,
      window: f.window,
      signal: f.signal,
      remediationId: f.remediationId,
      remediatedAt: isoOrNull(f.remediatedAt),
      recoverySeconds: f.recoverySeconds,
      reason: f.reason,
    })),
    unattributedIncidents: result.unattributedIncidents.map((i) => ({
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
  };
  return reportSchema.parse(report);
}

/** The report as stable JSON: 2-space indent, keys in schema order, a final newline. */
export function serializeReport(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function windowMetrics(m: WindowMetrics): Report['metrics'] {
  return {
    deploymentFrequency: { ...m.deploymentFrequency },
    leadTime: { ...m.leadTime },
    changeFailureRate: { ...m.changeFailureRate },
    failedDeploymentRecoveryTime: { ...m.failedDeploymentRecoveryTime },
    reworkRate: { ...m.reworkRate },
    overallTier: m.overallTier,
  };
}

function deltas(current: WindowMetrics, previous: WindowMetrics): Report['deltas'] {
  return {
    deploymentFrequency: {
      unit: 'perDay',
      better: 'higher',
      ...compare(current.deploymentFrequency.perDay, previous.deploymentFrequency.perDay, 'higher'),
    },
    leadTime: {
      unit: 'seconds',
      better: 'lower',
      ...compare(current.leadTime.medianSeconds, previous.leadTime.medianSeconds, 'lower'),
    },
    changeFailureRate: {
      unit: 'fraction',
      better: 'lower',
      ...compare(current.changeFailureRate.rate, previous.changeFailureRate.rate, 'lower'),
    },
    failedDeploymentRecoveryTime: {
      unit: 'seconds',
      better: 'lower',
      ...compare(current.failedDeploymentRecoveryTime.medianSeconds, previous.failedDeploymentRecoveryTime.medianSeconds, 'lower'),
    },
    reworkRate: {
      unit: 'fraction',
      better: 'lower',
      ...compare(current.reworkRate.rate, previous.reworkRate.rate, 'lower'),
    },
  };
}

function compare(current: number | null, previous: number | null, better: 'higher' | 'lower') {
  if (current === null || previous === null) {
    return { current, previous, difference: null, ratio: null, trend: null };
  }
  const difference = current - previous;
  const trend: 'better' | 'worse' | 'unchanged' =
    difference === 0 ? 'unchanged' : (difference > 0) === (better === 'higher') ? 'better' : 'worse';
  return { current, previous, difference, ratio: previous === 0 ? null : difference / previous, trend };
}

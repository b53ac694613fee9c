/**
 * The engine's result (epoch milliseconds) as the JSON report (ISO strings, seconds, fractions),
 * validated by the schema so that every output reads the same, checked shape.
 */
import type { FlowMetrics } from '../dora/flow.js';
import type { DeploymentSourceName, DoraResult, Millis, WithheldMetric } from '../dora/model.js';
import { type DoraOutcome, outcomeOf } from '../dora/outcome.js';
import { ACTION_VERSION } from '../version.js';
import { type AlertRule, evaluateAlerts } from './alerts.js';
import { type Report, reportSchema } from './schema.js';

export { compare } from '../dora/outcome.js';
export type { WithheldMetric } from '../dora/model.js';

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
   * window; they are null with `withheld: true` and this reason. Deployment frequency is never
   * withheld: when deployments cannot be read the action fails instead. Given with a result that
   * is not computeMetrics' outcome (or to withhold others): the engine's `outcomeOf` then computes
   * the outcome from it; otherwise the outcome's own withheld metrics are reported.
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
  /** Pull-request flow metrics of the window (src/dora/flow.ts), computed elsewhere; as `withheld`, given only with them. */
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

const isoInstant = (ms: Millis): string => new Date(ms).toISOString();
const isoOrNull = (ms: Millis | null): string | null => (ms === null ? null : isoInstant(ms));

/** Builds the report; throws a ZodError if the result breaks the schema (an engine bug, not user data). */
export function buildReport(computed: DoraResult | DoraOutcome, ctx: ReportContext): Report {
  const result =
    ctx.withheld === undefined && ctx.flow === undefined && isOutcome(computed)
      ? computed
      : outcomeOf(computed, { withheld: ctx.withheld ?? [], ...(ctx.flow ? { flow: ctx.flow } : {}) });
  const repositoryUrl = `${ctx.serverUrl.replace(/\/+$/, '')}/${ctx.repository}`;
  const isWithheld = (metric: WithheldMetric['metric']): boolean => result.withheld.some((w) => w.metric === metric);
  const lt = isWithheld('leadTime');
  const cfr = isWithheld('changeFailureRate');
  const fdrt = isWithheld('failedDeploymentRecoveryTime');
  const rw = isWithheld('reworkRate');
  const report: Report = {
    schemaVersion: 1,
    actionVersion: ACTION_VERSION,
    repository: ctx.repository,
    repositoryUrl,
    runUrl: ctx.runUrl,
    generatedAt: isoInstant(ctx.generatedAt),
    window: { start: isoInstant(result.window.start), end: isoInstant(result.window.end), days: result.window.days },
    previousWindow: {
      start: isoInstant(result.previousWindow.start),
      end: isoInstant(result.previousWindow.end),
      historyFrom: isoOrNull(result.previousWindow.historyFrom),
    },
    branch: ctx.branch,
    deploymentSource: {
      name: result.source,
      requested: ctx.source.requested,
      reason: ctx.source.reason,
      proxy: result.source === 'merges',
      searched: ctx.source.searched.map((s) => ({ source: s.source, deployments: s.deployments, note: s.note })),
    },
    benchmark: result.benchmark,
    complete: ctx.complete && result.withheld.length === 0,
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
    metrics: result.reported.metrics,
    previous: result.reported.previous,
    deltas: result.deltas,
    deployments: result.deployments.map((d) => ({
      id: d.deployment.id,
      window: d.window,
      time: isoInstant(d.deployment.time),
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
      start: isoInstant(c.start),
      openedAt: isoOrNull(c.openedAt),
      mergedAt: isoOrNull(c.mergedAt),
      deploymentId: c.deploymentId,
      deployedAt: isoInstant(c.deployedAt),
      window: c.window,
      status: c.status,
      leadTimeSeconds: c.leadTimeSeconds,
      stages: c.stages === null ? null : { ...c.stages },
    })),
    failures: (cfr ? [] : result.failures).map((f) => ({
      failedId: f.failedId,
      failedAt: isoInstant(f.failedAt),
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
      createdAt: isoInstant(i.createdAt),
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
      weekly: result.weekly.map((w) => ({ ...w, start: isoInstant(w.start), end: isoInstant(w.end) })),
    },
    ...(result.flow ? { flow: result.flow } : {}),
  };
  // Alerts read the built report (its deltas), so an alert never disagrees with the summary.
  const { alerts, skipped } = evaluateAlerts(report, ctx.alertRules ?? []);
  return reportSchema.parse({ ...report, alerts, skippedAlerts: skipped });
}

/** The report as stable JSON: 2-space indent, keys in schema order, a final newline. */
export function serializeReport(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const isOutcome = (result: DoraResult | DoraOutcome): result is DoraOutcome => 'reported' in result;

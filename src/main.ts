import * as core from '@actions/core';
import { context } from '@actions/github';
import { computeMetrics } from './dora/index.js';
import { ActionError, InputError } from './errors.js';
import { createClient } from './github/client.js';
import { collect } from './github/collect.js';
import type { Missing } from './github/scope.js';
import { parseInputs, type InputName } from './inputs.js';
import { writeReportFile, setOutputs, uploadReport, writeJobSummary } from './publish/index.js';
import { buildReport, renderSummary, reportOutputs, serializeReport } from './report/index.js';

/** What triggered the run: a merged PR's run shows its own lead time, a release's what it shipped. */
function trigger(): { event: string; pullRequest: number | null; releaseTag: string | null; sha: string | null } {
  const payload = context.payload as {
    pull_request?: { number?: number; merged?: boolean };
    release?: { tag_name?: string };
  };
  // A pull request closed without merging is no change: the run shows the period report.
  const pullRequest = payload.pull_request?.merged === false ? null : (payload.pull_request?.number ?? null);
  return {
    event: context.eventName ?? process.env.GITHUB_EVENT_NAME ?? 'unknown',
    pullRequest,
    releaseTag: payload.release?.tag_name ?? null,
    sha: context.sha || null,
  };
}

/** inputs -> collect -> compute -> report -> publish. The only place that fails the step. */
export async function run(): Promise<void> {
  try {
    const config = parseInputs((name: InputName) => core.getInput(name));
    core.setSecret(config.token);

    const apiUrl = (process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
    const client = createClient({
      token: config.token,
      apiUrl,
      graphqlUrl: process.env.GITHUB_GRAPHQL_URL ?? `${apiUrl.replace(/\/api\/v3$/, '/api')}/graphql`,
      maxWaitSeconds: config.maxWaitSeconds,
      requestTimeoutSeconds: config.requestTimeoutSeconds,
      log: (m) => core.info(m),
    });

    core.info(`Reading ${config.owner}/${config.repo} for the ${config.days} days before ${new Date(config.until).toISOString()}…`);
    const collected = await collect(client, config);

    const result = computeMetrics({
      end: config.until,
      days: config.days,
      source: collected.source,
      deployments: collected.deployments,
      failedRuns: collected.failedRuns,
      commits: collected.commits,
      pullRequests: collected.pullRequests,
      incidents: collected.incidents,
      config: {
        failureSignals: config.failureSignals,
        hotfixLabels: config.hotfixLabels,
        incidentLabels: config.incidentLabels,
        incidentWindowHours: config.incidentWindowHours,
        excludeAuthors: config.excludeAuthors,
        benchmark: config.benchmark,
      },
    });

    const serverUrl = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
    const runId = process.env.GITHUB_RUN_ID;
    const report = buildReport(result, {
      repository: `${config.owner}/${config.repo}`,
      serverUrl,
      runUrl: runId ? `${serverUrl}/${process.env.GITHUB_REPOSITORY ?? `${config.owner}/${config.repo}`}/actions/runs/${runId}` : null,
      generatedAt: Date.now(),
      branch: collected.branch,
      source: {
        name: collected.source,
        requested: config.deploymentSource,
        reason: collected.sourceReason,
        searched: [...collected.searched],
      },
      complete: collected.missing.length === 0,
      missing: collected.missing.map((m) => ({ ...m, metrics: [...m.metrics] })),
      withheld: withheldMetrics(collected.missing),
      api: { ...client.stats },
      trigger: trigger(),
      config: {
        workflows: [...config.workflows],
        environment: config.environment.source,
        failureSignals: [...config.failureSignals],
        hotfixLabels: [...config.hotfixLabels],
        incidentLabels: [...config.incidentLabels],
        incidentWindowHours: config.incidentWindowHours,
        excludeAuthors: [...config.excludeAuthors],
      },
    });

    // The report file comes first: everything after it may fail without losing the numbers.
    const reportPath = await writeReportFile(config.outputDir, serializeReport(report));
    setOutputs({ ...reportOutputs(report), 'report-path': reportPath });
    core.info(`Report written to ${reportPath} (${client.stats.requests} API requests).`);

    if (config.jobSummary) await writeJobSummary(renderSummary(report, { artifactName: config.artifactName }));
    await uploadReport(config.artifactName, config.outputDir, [reportPath]);
    if (!report.complete) {
      core.warning(`Some data could not be read: ${report.missing.map((m) => `${m.what} (${m.reason})`).join('; ')}.`);
    }
  } catch (error) {
    core.setFailed(failureMessage(error));
  }
}

const WITHHOLDABLE = ['leadTime', 'changeFailureRate', 'failedDeploymentRecoveryTime', 'reworkRate'] as const;
type Withholdable = (typeof WITHHOLDABLE)[number];

/** Metrics whose data could not be read: reported as null with the reason, never computed from a part. */
function withheldMetrics(missing: readonly Missing[]): { metric: Withholdable; reason: string }[] {
  return WITHHOLDABLE.flatMap((metric) => {
    const gap = missing.find((m) => m.metrics.includes(metric));
    return gap ? [{ metric, reason: `not computed: ${gap.what} could not be read (${gap.reason})` }] : [];
  });
}

/** A clear message with the fix, never a stack trace. */
export function failureMessage(error: unknown): string {
  if (error instanceof InputError) return error.message;
  if (error instanceof ActionError) return error.fix ? `${error.message} Fix: ${error.fix}.` : error.message;
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

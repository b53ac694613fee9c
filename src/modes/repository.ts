/** One repository measured: collect -> compute -> report, its files, and its incremental state. */
import * as core from '@actions/core';
import { computeMetrics } from '../dora/index.js';
import type { GitHubClient } from '../github/client.js';
import { collect } from '../github/collect.js';
import type { Config } from '../inputs/index.js';
import { writeFiles, writeReportFile } from '../publish/index.js';
import { renderBadges } from '../report/badges.js';
import { renderCsv } from '../report/csv.js';
import { buildReport, type Report, serializeReport } from '../report/index.js';
import type { RunnerEnvironment } from '../runner.js';
import type { ServiceBudget } from '../services.js';
import { createStateCache, type StateCache, type StateSlot } from '../state/index.js';

/** collect -> compute -> report for the repository `config` names. */
export async function measureRepository(
  client: GitHubClient,
  config: Config,
  runner: RunnerEnvironment,
  state: StateSlot | null = null,
): Promise<Report> {
  core.info(`Reading ${config.owner}/${config.repo} for the ${config.days} days before ${new Date(config.until).toISOString()}…`);
  const collected = await collect(client, config, state);
  const outcome = computeMetrics({
    end: config.until,
    days: config.days,
    source: collected.source,
    deployments: collected.deployments,
    failedRuns: collected.failedRuns,
    commits: collected.commits,
    otherCommits: collected.otherCommits ?? [],
    outside: collected.outside ?? {},
    likelyMisconfigured: collected.likelyMisconfigured ?? null,
    pullRequests: [...collected.pullRequests, ...(collected.otherPullRequests ?? [])],
    incidents: collected.incidents,
    missing: collected.missing,
    flowPullRequests: collected.pullRequests,
    config: {
      failureSignals: config.failureSignals,
      hotfixLabels: config.hotfixLabels,
      incidentLabels: config.incidentLabels,
      incidentWindowHours: config.incidentWindowHours,
      excludeAuthors: config.excludeAuthors,
      benchmark: config.benchmark,
    },
  });

  const { serverUrl, runId } = runner;
  return buildReport(outcome, {
    repository: `${config.owner}/${config.repo}`,
    serverUrl,
    runUrl: runId ? `${serverUrl}/${runner.repository ?? `${config.owner}/${config.repo}`}/actions/runs/${runId}` : null,
    generatedAt: Date.now(),
    branch: collected.branch,
    source: {
      name: collected.source,
      requested: config.deploymentSource,
      reason: collected.sourceReason,
      searched: [...collected.searched],
    },
    complete: collected.missing.length === 0,
    missing: collected.missing,
    alertRules: config.alertRules,
    api: { ...client.stats },
    trigger: runner.trigger,
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
}

/** The repository's incremental state in the Actions cache (never fatal; a miss is a cold run). */
export function stateCacheFor(config: Config, budget: ServiceBudget): StateCache {
  return createStateCache({
    budget,
    enabled: config.cache,
    prefix: config.cacheKeyPrefix,
    owner: config.owner,
    repo: config.repo,
    deploymentSource: config.deploymentSource,
    workflows: config.workflows,
    environment: config.environment,
    includePrereleases: config.includePrereleases,
    info: (m) => core.info(m),
    warning: (m) => core.warning(m),
  });
}

/** The JSON report first, then the CSVs and badges beside it. */
export async function writeRepositoryFiles(
  dir: string,
  report: Report,
): Promise<{ reportPath: string; files: string[]; badges: { path: string; content: string }[] }> {
  const reportPath = await writeReportFile(dir, serializeReport(report));
  const badges = renderBadges(report).map((b) => ({ path: `badges/${b.path}`, content: b.content }));
  const files = [reportPath, ...(await writeFiles(dir, [...renderCsv(report), ...badges]))];
  return { reportPath, files, badges };
}

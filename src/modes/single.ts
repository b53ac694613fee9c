/** One repository, the default: measured, reported, published, and `fail-on` judged. */
import * as core from '@actions/core';
import { TIERS, type Tier } from '../dora/model.js';
import { ActionError, failureMessage } from '../errors.js';
import type { GitHubClient } from '../github/client.js';
import type { Config } from '../inputs/index.js';
import { commitBadges } from '../publish/badges-branch.js';
import { postMetrics } from '../publish/endpoint.js';
import { setOutputs, uploadReport, writeJobSummary } from '../publish/index.js';
import { type Report, renderSummary, reportOutputs } from '../report/index.js';
import { measureRepository, stateCacheFor, writeRepositoryFiles } from './repository.js';
import type { Run } from './run.js';

/** Measures the repository `repository` names, publishes everything, and fails the step as `fail-on` says. */
export async function runSingle(client: GitHubClient, { config, runner, services }: Run): Promise<void> {
  const state = stateCacheFor(config, services);
  const report = await measureRepository(client, config, runner, state);

  // The report file comes first: everything after it may fail without losing the numbers.
  const { reportPath, files, badges } = await writeRepositoryFiles(config.outputDir, report);
  setOutputs({ ...reportOutputs(report), 'report-path': reportPath });
  core.info(`Report written to ${reportPath} (${client.stats.requests} API requests).`);
  await state.save();

  if (config.jobSummary) await writeJobSummary(renderSummary(report, { artifactName: config.artifactName }), runner.stepSummary);
  for (const alert of report.alerts ?? []) core.warning(`DORA alert: ${alert.message}`);
  const doubt = report.metrics.deploymentFrequency.reason;
  if (doubt !== null) core.warning(`No deployments from ${report.deploymentSource.name}, ${doubt}. Deployment frequency gets no tier.`);
  if (!report.complete) {
    core.warning(`Some data could not be read: ${report.missing.map((m) => `${m.what} (${m.reason})`).join('; ')}.`);
  }
  await uploadReport(config.artifactName, config.outputDir, files, services, runner);
  if (config.badgesBranch !== '') await publishBadges(client, config, badges);
  if (config.endpoint) await publishToEndpoint(config.endpoint, report, config.maxWaitSeconds, runner.runId ?? 'local');

  const failure = failOnReason(config.failOn, report);
  if (failure) core.setFailed(failure);
}

/** Commits the badges to `badges-branch`; a failure warns (the badges are in the artifact). */
async function publishBadges(client: GitHubClient, config: Config, badges: { path: string; content: string }[]): Promise<void> {
  try {
    const result = await commitBadges(client.octokit, {
      owner: config.owner,
      repo: config.repo,
      branch: config.badgesBranch,
      files: badges,
      message: `DORA badges for ${config.owner}/${config.repo}`,
    });
    core.info(
      result.committed
        ? `Committed ${result.changed.length} badge file(s) to ${config.badgesBranch} (${result.commitSha}).`
        : `Badges on ${config.badgesBranch} are up to date: no commit.`,
    );
  } catch (error) {
    core.warning(`The badges were not committed to ${config.badgesBranch}: ${failureMessage(error)}`);
  }
}

/** POSTs the metrics; a failure warns unless `fail-on-endpoint-error`, and the report stays intact. */
async function publishToEndpoint(
  endpoint: NonNullable<Config['endpoint']>,
  report: Report,
  maxWaitSeconds: number,
  runId: string,
): Promise<void> {
  const result = await postMetrics({
    url: endpoint.url,
    format: endpoint.format,
    token: endpoint.token,
    secret: endpoint.secret,
    allowHttp: endpoint.allowHttp,
    report,
    runId,
    maxWaitMs: maxWaitSeconds * 1000,
    log: (m) => core.info(m),
  });
  if (result.ok) {
    core.info(`Sent the metrics (${endpoint.format}) to the endpoint: ${result.status} after ${result.attempts} attempt(s).`);
    return;
  }
  const message = `The metrics endpoint did not take the ${endpoint.format} POST after ${result.attempts} attempt(s): ${result.error}`;
  if (endpoint.failOnError) throw new ActionError(message, 'check `endpoint-url` and the endpoint, or unset `fail-on-endpoint-error`');
  core.warning(`${message}. The report and the artifact are intact.`);
}

/** `fail-on`: why the step fails after reporting, or null. */
export function failOnReason(failOn: Config['failOn'], report: Report): string | null {
  if (failOn.kind === 'alert' && (report.alerts?.length ?? 0) > 0) {
    return `fail-on: alert, and ${report.alerts!.length} alert(s) triggered: ${report.alerts!.map((a) => a.message).join('; ')}.`;
  }
  if (failOn.kind === 'tier-below') {
    const rank = (t: string): number => TIERS.indexOf(t as Tier);
    if (report.metrics.overallTier !== null && rank(report.metrics.overallTier) > rank(failOn.tier)) {
      return `fail-on: tier-below-${failOn.tier}, and the overall tier is ${report.metrics.overallTier}.`;
    }
  }
  return null;
}

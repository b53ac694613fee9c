/**
 * `repositories`: several repositories in one job, each measured as on its own, then one
 * organisation roll-up (docs/org-rollup.md).
 */
import * as path from 'node:path';
import * as core from '@actions/core';
import { aggregateReports } from '../aggregate/index.js';
import { ActionError, failureMessage } from '../errors.js';
import type { GitHubClient } from '../github/client.js';
import { organisationRepositories } from '../github/organisation.js';
import type { Config } from '../inputs/index.js';
import { uploadReport } from '../publish/index.js';
import type { Report } from '../report/index.js';
import { publishOrgReport } from './aggregate.js';
import { measureRepository, stateCacheFor, writeRepositoryFiles } from './repository.js';
import type { Run } from './run.js';

/** Repositories measured at once in `repositories` mode: GitHub asks clients not to flood it. */
const REPOSITORY_CONCURRENCY = 3;

/** Measures the repositories `repositories` names (a list, or an organisation's), then rolls them up. */
export async function runRepositories(client: GitHubClient, run: Run): Promise<void> {
  await runMany(client, run, await repositoriesToMeasure(client, run.config.repositories));
}

/**
 * Several repositories in one job: each measured as on its own (one client, so one shared
 * rate-limit budget and request count), its report in `<output-dir>/<owner>/<repo>/`, then one
 * organisation roll-up. A repository that fails is named, and the others still count.
 */
async function runMany(client: GitHubClient, { config, runner, services }: Run, repositories: readonly string[]): Promise<void> {
  const reports: Report[] = [];
  const problems: string[] = [];
  const files: string[] = [];
  const queue = [...repositories];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [owner, repo] = next.split('/') as [string, string];
      try {
        const state = stateCacheFor({ ...config, owner, repo }, services);
        const report = await measureRepository(client, { ...config, owner, repo }, runner, state);
        const written = await writeRepositoryFiles(path.join(config.outputDir, owner, repo), report);
        await state.save();
        reports.push(report);
        files.push(...written.files);
      } catch (error) {
        problems.push(`${next}: ${failureMessage(error)}`);
        core.warning(`${next} was not measured: ${failureMessage(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(REPOSITORY_CONCURRENCY, queue.length) }, worker));
  if (reports.length === 0) throw new ActionError(`No repository could be measured:\n${problems.join('\n')}`);
  const org = aggregateReports(reports, { benchmark: config.benchmark, expectedRepositories: repositories, problems });
  files.unshift(await publishOrgReport(config, runner, org));
  await uploadReport(config.artifactName, config.outputDir, files, services, runner);
  core.info(`Measured ${reports.length} of ${repositories.length} repositories with ${client.stats.requests} API requests.`);
}

/**
 * The repositories `repositories` names: the list itself, or an organisation's repositories that
 * are not archived and carry every `topic:` listed (src/github/organisation.ts).
 */
async function repositoriesToMeasure(client: GitHubClient, wanted: Config['repositories']): Promise<string[]> {
  if (Array.isArray(wanted)) return [...wanted];
  const { organisation, topics } = wanted as { organisation: string; topics: readonly string[] };
  const chosen = await organisationRepositories(client, organisation, topics);
  core.info(
    `Organisation ${organisation}: measuring ${chosen.length} repositories${topics.length > 0 ? ` with the topics ${topics.join(', ')}` : ''}.`,
  );
  return chosen;
}

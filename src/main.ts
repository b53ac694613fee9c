import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as core from '@actions/core';
import { context } from '@actions/github';
import { aggregateReports, readReports, renderOrgSummary, serializeOrgReport, type OrgReport } from './aggregate/index.js';
import { ORG_REPORT_FILE, orgOutputs } from './aggregate/outputs.js';
import { computeMetrics } from './dora/index.js';
import { ActionError, errorText, InputError } from './errors.js';
import { TIERS, type Tier } from './dora/model.js';
import { createClient, type GitHubClient } from './github/client.js';
import { explainRequestError } from './github/explain.js';
import { collect } from './github/collect.js';
import { parseInputs, type Config, type InputName } from './inputs/index.js';
import { commitBadges } from './publish/badges-branch.js';
import { postMetrics } from './publish/endpoint.js';
import { downloadReports, setOutputs, uploadReport, writeFiles, writeJobSummary, writeReportFile } from './publish/index.js';
import { renderBadges } from './report/badges.js';
import { renderCsv } from './report/csv.js';
import { createServiceBudget, type ServiceBudget } from './services.js';
import { createStateCache, type StateCache, type StateSlot } from './state/index.js';
import { buildReport, renderSummary, reportOutputs, serializeReport, type Report } from './report/index.js';

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
    // A Slack webhook URL is a secret too: its path is the credential.
    for (const secret of [config.token, config.endpoint?.token, config.endpoint?.secret, config.endpoint?.url])
      if (secret) core.setSecret(secret);
    // One budget of waiting on the runner's services (cache, artifacts) for the whole step.
    const services = createServiceBudget(config.maxWaitSeconds);
    if (config.mode === 'aggregate') {
      await runAggregate(config, services);
      return;
    }

    const apiUrl = (process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
    const client = createClient({
      token: config.token,
      apiUrl,
      graphqlUrl: process.env.GITHUB_GRAPHQL_URL ?? `${apiUrl.replace(/\/api\/v3$/, '/api')}/graphql`,
      maxWaitSeconds: config.maxWaitSeconds,
      requestTimeoutSeconds: config.requestTimeoutSeconds,
      log: (m) => core.info(m),
    });
    if (!Array.isArray(config.repositories) || config.repositories.length > 0) {
      await runMany(client, config, await repositoriesToMeasure(client, config.repositories), services);
      return;
    }

    const state = stateCacheFor(config, services);
    const report = await measureRepository(client, config, state);

    // The report file comes first: everything after it may fail without losing the numbers.
    const { reportPath, files, badges } = await writeRepositoryFiles(config.outputDir, report);
    setOutputs({ ...reportOutputs(report), 'report-path': reportPath });
    core.info(`Report written to ${reportPath} (${client.stats.requests} API requests).`);
    await state.save();

    if (config.jobSummary) await writeJobSummary(renderSummary(report, { artifactName: config.artifactName }));
    for (const alert of report.alerts ?? []) core.warning(`DORA alert: ${alert.message}`);
    const doubt = report.metrics.deploymentFrequency.reason;
    if (doubt !== null) core.warning(`No deployments from ${report.deploymentSource.name}, ${doubt}. Deployment frequency gets no tier.`);
    if (!report.complete) {
      core.warning(`Some data could not be read: ${report.missing.map((m) => `${m.what} (${m.reason})`).join('; ')}.`);
    }
    await uploadReport(config.artifactName, config.outputDir, files, services);
    if (config.badgesBranch !== '') await publishBadges(client, config, badges);
    if (config.endpoint) await publishToEndpoint(config.endpoint, report, config.maxWaitSeconds);

    const failure = failOnReason(config.failOn, report);
    if (failure) core.setFailed(failure);
  } catch (error) {
    core.setFailed(failureMessage(error));
  }
}

/** collect -> compute -> report for the repository `config` names. */
async function measureRepository(client: GitHubClient, config: Config, state: StateSlot | null = null): Promise<Report> {
  core.info(`Reading ${config.owner}/${config.repo} for the ${config.days} days before ${new Date(config.until).toISOString()}…`);
  const collected = await collect(client, config, state);
  const result = computeMetrics({
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

  const serverUrl = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
  const runId = process.env.GITHUB_RUN_ID;
  return buildReport(result, {
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
    missing: collected.missing,
    alertRules: config.alertRules,
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
}

/** The repository's incremental state in the Actions cache (never fatal; a miss is a cold run). */
function stateCacheFor(config: Config, budget: ServiceBudget): StateCache {
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
async function writeRepositoryFiles(
  dir: string,
  report: Report,
): Promise<{ reportPath: string; files: string[]; badges: { path: string; content: string }[] }> {
  const reportPath = await writeReportFile(dir, serializeReport(report));
  const badges = renderBadges(report).map((b) => ({ path: `badges/${b.path}`, content: b.content }));
  const files = [reportPath, ...(await writeFiles(dir, [...renderCsv(report), ...badges]))];
  return { reportPath, files, badges };
}

/** The artifacts `mode: aggregate` downloads when `reports-dir` is empty (docs/org-rollup.md). */
const REPORT_ARTIFACT_PREFIX = 'dora-';

/** Repositories measured at once in `repositories` mode: GitHub asks clients not to flood it. */
const REPOSITORY_CONCURRENCY = 3;

/**
 * Several repositories in one job: each measured as on its own (one client, so one shared
 * rate-limit budget and request count), its report in `<output-dir>/<owner>/<repo>/`, then one
 * organisation roll-up. A repository that fails is named, and the others still count.
 */
async function runMany(client: GitHubClient, config: Config, repositories: readonly string[], services: ServiceBudget): Promise<void> {
  const reports: Report[] = [];
  const problems: string[] = [];
  const files: string[] = [];
  const queue = [...repositories];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const [owner, repo] = next.split('/') as [string, string];
      try {
        const state = stateCacheFor({ ...config, owner, repo }, services);
        const report = await measureRepository(client, { ...config, owner, repo }, state);
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
  files.unshift(await publishOrgReport(config, org));
  await uploadReport(config.artifactName, config.outputDir, files, services);
  core.info(`Measured ${reports.length} of ${repositories.length} repositories with ${client.stats.requests} API requests.`);
}

/**
 * The repositories `repositories` names: the list itself, or an organisation's repositories that
 * are not archived and carry every `topic:` listed (GET /orgs/{org}/repos, 100 a page).
 */
async function repositoriesToMeasure(client: GitHubClient, wanted: Config['repositories']): Promise<string[]> {
  if (Array.isArray(wanted)) return [...wanted];
  const { organisation, topics } = wanted as { organisation: string; topics: readonly string[] };
  let listed: { full_name: string; archived?: boolean; topics?: string[] }[];
  try {
    listed = await client.octokit.paginate('GET /orgs/{org}/repos', { org: organisation, type: 'all', per_page: 100 });
  } catch (error) {
    throw explainRequestError(error, `the repositories of organisation ${organisation}`, 'metadata: read');
  }
  const chosen = listed
    .filter((r) => !r.archived && topics.every((t) => (r.topics ?? []).map((x) => x.toLowerCase()).includes(t)))
    .map((r) => r.full_name)
    .slice(0, 200);
  if (chosen.length === 0) {
    throw new ActionError(
      `Organisation ${organisation} has no repository to measure${topics.length > 0 ? ` with the topics ${topics.join(', ')}` : ''} (archived ones are skipped).`,
      "check `repositories`, and that the token can see the organisation's repositories (a GitHub App token for other repositories)",
    );
  }
  core.info(
    `Organisation ${organisation}: measuring ${chosen.length} repositories${topics.length > 0 ? ` with the topics ${topics.join(', ')}` : ''}.`,
  );
  return chosen;
}

/** `mode: aggregate`: the reports of a matrix of jobs, downloaded to `reports-dir`, rolled up. */
async function runAggregate(config: Config, services: ServiceBudget): Promise<void> {
  let reportsDir = config.reportsDir;
  if (reportsDir === '') {
    // In Actions, the matrix jobs' artifacts of this run (named `dora-*`, as docs/org-rollup.md uploads them).
    reportsDir = await fs.mkdtemp(path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), 'dora-reports-'));
    await downloadReports(REPORT_ARTIFACT_PREFIX, config.artifactName, reportsDir, services);
  }
  const { reports, problems } = await readReports(reportsDir);
  for (const problem of problems) core.warning(problem);
  const org = aggregateReports(reports, {
    benchmark: config.benchmark,
    expectedRepositories: Array.isArray(config.repositories) && config.repositories.length > 0 ? config.repositories : undefined,
    problems,
  });
  const orgPath = await publishOrgReport(config, org);
  await uploadReport(config.artifactName, config.outputDir, [orgPath], services);
}

/** Writes dora-org.json (first), the org badge, the outputs and the organisation summary. */
async function publishOrgReport(config: Config, org: OrgReport): Promise<string> {
  await fs.mkdir(config.outputDir, { recursive: true });
  const orgPath = path.join(config.outputDir, ORG_REPORT_FILE);
  await fs.writeFile(orgPath, serializeOrgReport(org), 'utf8');
  // The organisation's badges, from its own metrics (not any repository's).
  await writeFiles(
    config.outputDir,
    renderBadges(org).map((b) => ({ path: `badges/org/${b.path}`, content: b.content })),
  );
  setOutputs({ ...orgOutputs(org), 'report-path': orgPath });
  core.info(`Organisation report written to ${orgPath} (${org.repositories.length} repositories).`);
  if (config.jobSummary) await writeJobSummary(renderOrgSummary(org));
  return orgPath;
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
async function publishToEndpoint(endpoint: NonNullable<Config['endpoint']>, report: Report, maxWaitSeconds: number): Promise<void> {
  const result = await postMetrics({
    url: endpoint.url,
    format: endpoint.format,
    token: endpoint.token,
    secret: endpoint.secret,
    allowHttp: endpoint.allowHttp,
    report,
    runId: process.env.GITHUB_RUN_ID ?? 'local',
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

/** A clear message with the fix, never a stack trace. */
export function failureMessage(error: unknown): string {
  if (error instanceof InputError) return error.message;
  if (error instanceof ActionError) return error.fix ? `${error.message} Fix: ${error.fix}.` : error.message;
  return `Unexpected error: ${errorText(error)}`;
}

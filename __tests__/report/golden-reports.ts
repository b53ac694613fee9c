/**
 * Reports of the example datasets (__tests__/fixtures/examples), built in process the way the
 * action builds them: the engine fed the dataset (datasetToRun, as the e2e tests check it), then
 * buildReport with a fixed context. No wall clock, no environment: the same report every time, so
 * its summary can be kept as a golden file (golden.test.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { aggregateReports } from '../../src/aggregate/aggregate.js';
import { flowMetrics } from '../../src/dora/flow.js';
import { computeMetrics } from '../../src/dora/index.js';
import type { Deployment, DeploymentSourceName, DoraInput, FailedRun, PullRequest } from '../../src/dora/model.js';
import { parseAlertRules } from '../../src/report/alerts.js';
import { buildReport, type ReportContext, type WithheldMetric } from '../../src/report/json.js';
import type { Report } from '../../src/report/schema.js';
import type { OrgReport } from '../../src/aggregate/schema.js';
import { type ActionInputs, type Dataset, datasetToRun } from '../support/dataset-to-input.js';
import { ROOT } from '../support/run-action.js';

const EXAMPLES = path.resolve(ROOT, '__tests__/fixtures/examples');
const SERVER = 'https://github.com';
const DEFAULT_ENVIRONMENT = '^(production|prod|live)$';
const AUTO_ORDER: readonly DeploymentSourceName[] = ['deployments', 'workflow', 'releases', 'merges'];

export const loadExample = (name: string): Dataset => JSON.parse(fs.readFileSync(path.join(EXAMPLES, `${name}.json`), 'utf8'));

export interface RepositoryCase {
  readonly dataset: Dataset;
  readonly inputs: ActionInputs;
  /** owner/name; default the dataset's. */
  readonly repository?: string;
  readonly trigger?: ReportContext['trigger'];
  readonly alertRules?: string;
  /** Data the run could not read, with the metrics withheld because of it. */
  readonly missing?: { readonly what: string; readonly reason: string; readonly withheld: readonly WithheldMetric['metric'][] };
}

/** The repository's report for one set of inputs, as main.ts builds it from what the collector read. */
export function repositoryReport(c: RepositoryCase): Report {
  const { input } = datasetToRun(c.dataset, c.inputs);
  const repository = c.repository ?? `${c.dataset.repository.owner}/${c.dataset.repository.name}`;
  const repositoryUrl = `${SERVER}/${repository}`;
  const enriched = withGitHubFields(input, c.dataset, repositoryUrl);
  const result = computeMetrics(enriched);
  const requested = (c.inputs['deployment-source'] as DeploymentSourceName | undefined) ?? 'auto';
  const searched = searchedSources(c.dataset, c.inputs, requested, enriched.source, enriched.end, enriched.days);
  // In the words ReportContext.withheld asks for: the summary adds "not computed" itself.
  const withheld = (c.missing?.withheld ?? []).map((metric) => ({
    metric,
    reason: `${c.missing!.what} could not be read (${c.missing!.reason})`,
  }));
  const parsed = parseAlertRules(c.alertRules ?? '');
  if (parsed.problems.length > 0) throw new Error(`alert-rules: ${parsed.problems.join('; ')}`);
  return buildReport(result, {
    repository,
    serverUrl: SERVER,
    runUrl: `${repositoryUrl}/actions/runs/4242`,
    generatedAt: enriched.end + 90_000,
    branch: String(c.inputs.branch ?? c.dataset.repository.defaultBranch),
    source: {
      name: enriched.source,
      requested,
      reason: sourceReason(requested, searched),
      searched,
    },
    complete: c.missing === undefined,
    missing: c.missing === undefined ? [] : [{ what: c.missing.what, reason: c.missing.reason, metrics: [...c.missing.withheld] }],
    withheld,
    ...(withheld.some((w) => w.metric === 'leadTime')
      ? {}
      : { flow: flowMetrics(enriched.pullRequests, result.window, { excludeAuthors: enriched.config.excludeAuthors }) }),
    alertRules: parsed.rules,
    api: { requests: 57, graphqlPoints: 23, rateLimitRemaining: 4920 },
    trigger: c.trigger ?? { event: 'schedule', pullRequest: null, releaseTag: null },
    config: {
      workflows: String(c.inputs.workflows ?? '')
        .split(',')
        .filter((w) => w !== ''),
      environment: String(c.inputs.environment ?? DEFAULT_ENVIRONMENT),
      failureSignals: [...enriched.config.failureSignals],
      hotfixLabels: [...enriched.config.hotfixLabels],
      incidentLabels: [...enriched.config.incidentLabels],
      incidentWindowHours: enriched.config.incidentWindowHours,
      excludeAuthors: [...enriched.config.excludeAuthors],
    },
  });
}

/**
 * What the collector reads beside the records datasetToRun maps: the links GitHub gives pull
 * requests, runs, releases and issues, and pull requests' reviews (for the flow metrics).
 */
function withGitHubFields(input: DoraInput, dataset: Dataset, repositoryUrl: string): DoraInput {
  const prs = new Map((dataset.pullRequests ?? []).map((pr) => [pr.number, pr as typeof pr & { reviews?: DatasetReview[] }]));
  const releases = new Map((dataset.releases ?? []).map((r) => [String(r.id), r.tagName]));
  const pullRequests: PullRequest[] = input.pullRequests.map((pr) => ({
    ...pr,
    url: `${repositoryUrl}/pull/${pr.number}`,
    reviews: (prs.get(pr.number)?.reviews ?? []).map((r) => ({ author: r.author, state: r.state, submittedAt: Date.parse(r.submittedAt) })),
  }));
  const deploymentUrl = (d: Deployment | FailedRun): string | undefined => {
    switch (input.source) {
      case 'workflow':
        return `${repositoryUrl}/actions/runs/${d.id}`;
      case 'releases':
        return `${repositoryUrl}/releases/tag/${releases.get(d.id)}`;
      case 'merges':
        return `${repositoryUrl}/pull/${d.id}`;
      case 'deployments':
        // A GitHub Deployment has no page of its own.
        return undefined;
    }
  };
  const linked = <T extends Deployment | FailedRun>(d: T): T => {
    const url = deploymentUrl(d);
    return url === undefined ? d : { ...d, url };
  };
  return {
    ...input,
    pullRequests,
    deployments: input.deployments.map(linked),
    failedRuns: input.failedRuns.map(linked),
    incidents: input.incidents.map((i) => ({ ...i, url: `${repositoryUrl}/issues/${i.number}` })),
  };
}

interface DatasetReview {
  author: string | null;
  state: string;
  submittedAt: string;
}

/** The sources the collector reads, in order, each with its deployments in the two windows: up to the chosen one. */
function searchedSources(
  dataset: Dataset,
  inputs: ActionInputs,
  requested: DeploymentSourceName | 'auto',
  chosen: DeploymentSourceName,
  end: number,
  days: number,
): ReportContext['source']['searched'][number][] {
  const order = requested === 'auto' ? AUTO_ORDER.slice(0, AUTO_ORDER.indexOf(chosen) + 1) : [requested];
  const since = end - 2 * days * 86_400_000;
  return order.map((source) => {
    const { input } = datasetToRun(dataset, { ...inputs, 'deployment-source': source });
    const deployments = input.deployments.filter((d) => since <= d.time && d.time < end).length;
    return { source, deployments, note: sourceNote(source, inputs, dataset) };
  });
}

/**
 * Why the source, in the collector's words (src/github/collect.ts). A source set by the input is
 * given by its note alone: the summary already says `set by \`deployment-source: …\``.
 */
function sourceReason(requested: DeploymentSourceName | 'auto', searched: ReportContext['source']['searched']): string {
  const last = searched.at(-1)!;
  if (requested !== 'auto') return last.note;
  if (searched.length === 1) return `the first source tried, with deployments: ${last.note}`;
  const none = searched
    .slice(0, -1)
    .map((s) => `${s.source} had none (${s.note})`)
    .join('; ');
  return `${none}; ${last.deployments > 0 ? `${last.source} has deployments` : `no source has deployments, so ${last.source}`}: ${last.note}`;
}

/** The collector's words for each source (src/github/collect.ts). */
function sourceNote(source: DeploymentSourceName, inputs: ActionInputs, dataset: Dataset): string {
  const branch = String(inputs.branch ?? dataset.repository.defaultBranch);
  switch (source) {
    case 'deployments': {
      const pattern = new RegExp(String(inputs.environment ?? DEFAULT_ENVIRONMENT), 'i');
      const all = [...new Set((dataset.deployments ?? []).map((d) => d.environment))].sort();
      const matching = all.filter((e) => pattern.test(e));
      return matching.length > 0
        ? `GitHub Deployments to ${matching.join(', ')}`
        : `no environment matches ${pattern.source}; its environments are ${all.join(', ')}`;
    }
    case 'workflow':
      return `successful runs of ${String(inputs.workflows ?? 'deploy.yml')} on ${branch}`;
    case 'releases':
      return 'published releases (not prereleases)';
    case 'merges':
      return `pull requests merged into ${branch} (a proxy: merging is not deploying)`;
  }
}

/** The organisation roll-up of the repositories' reports (all of one window), one expected repository without a report. */
export function organisationReport(reports: readonly Report[], expectedRepositories: readonly string[]): OrgReport {
  return aggregateReports(reports, {
    benchmark: 2023,
    expectedRepositories,
    generatedAt: '2026-06-01T01:30:00.000Z',
  });
}

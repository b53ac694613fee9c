/**
 * What counts as a deployment, per source (docs/metrics.md "Deployment"). Collectors read the source
 * records; these pure rules turn them into deployments, so every entry point applies the same rules.
 */
import type {
  Deployment,
  DeploymentRecord,
  DeploymentSourceName,
  FailedRun,
  Millis,
  PullRequest,
  ReleaseRecord,
  WorkflowRunRecord,
} from './model.js';
import { DAY_MS } from './window.js';

/** Runs of these events test code that is not on the production branch yet: never a deployment. */
const NON_DEPLOYING_EVENTS = new Set(['pull_request', 'pull_request_target', 'merge_group']);

/** The order `auto` tries the sources in (docs/metrics.md "Deployment", `auto`). */
export const AUTO_SOURCE_ORDER: readonly DeploymentSourceName[] = ['deployments', 'workflow', 'releases', 'merges'];

/** The default `environment` pattern: production under its usual names, case-insensitively. */
export const DEFAULT_ENVIRONMENT_PATTERN = /^(production|prod|live)$/i;

/**
 * Ids order deployments that complete at the same instant (docs/metrics.md "Deployment", order and ties).
 * GitHub ids are numbers carried as strings, so numeric ids compare as numbers.
 */
export function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) {
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    if (x.length !== y.length) return x.length - y.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Time order, ties by id. */
export function compareDeployments(a: { time: Millis; id: string }, b: { time: Millis; id: string }): number {
  return a.time - b.time || compareIds(a.id, b.id);
}

/** A copy sorted in time order, ties by id. */
export function inDeploymentOrder<T extends { time: Millis; id: string }>(items: readonly T[]): T[] {
  return [...items].sort(compareDeployments);
}

/**
 * Deploy workflows when none are listed: the file name contains `deploy`, `release` or `publish`
 * (case-insensitively), or has `cd` as a whole word. Words are split on anything but letters and
 * digits, so `ci-cd.yaml` and `cd_prod.yml` qualify and `abcd.yml` does not.
 */
export function isDeployWorkflowFile(pathOrName: string): boolean {
  const name = (pathOrName.split('/').pop() ?? '').toLowerCase();
  if (/deploy|release|publish/.test(name)) return true;
  return name.split(/[^a-z0-9]+/).includes('cd');
}

/**
 * Workflow source. The runs are those of the deploy workflows already; a run (one id) counts once
 * whatever its `run_attempt`, with its latest attempt's data, since re-running a job does not
 * deploy twice. Only completed runs on the production branch count, and never runs that test a
 * pull request or a merge queue entry.
 */
export function deploymentsFromWorkflowRuns(
  runs: readonly WorkflowRunRecord[],
  opts: { readonly branch: string },
): { deployments: Deployment[]; failedRuns: FailedRun[] } {
  const latestAttempt = new Map<number, WorkflowRunRecord>();
  for (const run of runs) {
    const known = latestAttempt.get(run.id);
    if (
      known === undefined ||
      run.runAttempt > known.runAttempt ||
      (run.runAttempt === known.runAttempt && run.updatedAt > known.updatedAt)
    ) {
      latestAttempt.set(run.id, run);
    }
  }
  const deployments: Deployment[] = [];
  const failedRuns: FailedRun[] = [];
  for (const run of latestAttempt.values()) {
    if (run.headBranch !== opts.branch || NON_DEPLOYING_EVENTS.has(run.event) || run.status !== 'completed') continue;
    const record = {
      id: String(run.id),
      // updated_at is the completion time of a completed run.
      time: run.updatedAt,
      sha: run.headSha,
      label: `${run.workflowName} #${run.runNumber}`,
      ...(run.url === undefined ? {} : { url: run.url }),
    };
    // Cancelled and skipped runs neither deployed nor failed (docs/metrics.md "Change failure rate and failures", `failed-run`).
    if (run.conclusion === 'success') deployments.push(record);
    else if (run.conclusion === 'failure') failedRuns.push(record);
  }
  return { deployments: inDeploymentOrder(deployments), failedRuns: inDeploymentOrder(failedRuns) };
}

/**
 * Deployments source: the environment matches, and the latest status is `success`. `inactive` is
 * left aside because GitHub sets it on a deployment that a newer one superseded, which says nothing
 * about whether it succeeded. The deployment completed when that success status was created.
 */
export function deploymentsFromGitHubDeployments(
  records: readonly DeploymentRecord[],
  environment: RegExp,
  options: { readonly end?: Millis } = {},
): Deployment[] {
  const end = options.end ?? Number.POSITIVE_INFINITY;
  // A global or sticky pattern keeps state between test() calls; match with a stateless copy.
  const matcher = new RegExp(environment.source, environment.flags.replace(/[gy]/g, ''));
  const deployments: Deployment[] = [];
  for (const record of records) {
    if (!matcher.test(record.environment)) continue;
    // A status posted at or after `end` was not known then (docs/metrics.md "Time").
    const statuses = record.statuses.filter((status) => status.createdAt < end).sort((a, b) => a.createdAt - b.createdAt);
    const latest = statuses.filter((status) => status.state !== 'inactive').pop();
    if (latest?.state !== 'success') continue;
    deployments.push({
      id: String(record.databaseId ?? record.id),
      time: latest.createdAt,
      sha: record.sha,
      label: `${record.environment} ${record.sha.slice(0, 7)}`,
      ...(record.url === undefined ? {} : { url: record.url }),
    });
  }
  return inDeploymentOrder(deployments);
}

/** Releases source: published, not drafts, prereleases only when asked; at the tag's commit. */
export function deploymentsFromReleases(records: readonly ReleaseRecord[], includePrereleases: boolean): Deployment[] {
  const deployments: Deployment[] = [];
  for (const record of records) {
    if (record.draft || record.publishedAt === null || record.sha === null) continue;
    if (record.prerelease && !includePrereleases) continue;
    deployments.push({
      id: String(record.id),
      time: record.publishedAt,
      sha: record.sha,
      label: record.name?.trim() || record.tagName,
      ...(record.url === undefined ? {} : { url: record.url }),
    });
  }
  return inDeploymentOrder(deployments);
}

/** Merges source: each pull request merged into the production branch stands for a deployment (a proxy). */
export function deploymentsFromMerges(prs: readonly PullRequest[]): Deployment[] {
  return inDeploymentOrder(
    prs.map((pr) => ({
      id: String(pr.number),
      time: pr.mergedAt,
      sha: pr.mergeCommitSha,
      label: `#${pr.number} ${pr.title}`,
      ...(pr.url === undefined ? {} : { url: pr.url }),
    })),
  );
}

const SOURCE_WORDS: Readonly<Record<DeploymentSourceName, string>> = {
  deployments: 'GitHub deployments',
  workflow: 'successful deploy workflow runs',
  releases: 'published releases',
  merges: 'merged pull requests',
};

/**
 * `auto`: the first of deployments, workflow, releases, merges that has at least one deployment in
 * the current or previous window; merges when none has. Returns the source and why, in words.
 */
export function chooseSource(
  candidates: readonly { readonly source: DeploymentSourceName; readonly deployments: readonly Deployment[] }[],
  end: Millis,
  days: number,
): { source: DeploymentSourceName; reason: string } {
  const since = end - 2 * days * DAY_MS;
  const span = `the last ${2 * days} days (current and previous window)`;
  const empty: string[] = [];
  for (const source of AUTO_SOURCE_ORDER) {
    const candidate = candidates.find((c) => c.source === source);
    if (candidate === undefined) continue;
    const found = candidate.deployments.filter((d) => since <= d.time && d.time < end).length;
    if (found > 0) {
      const none = empty.length > 0 ? `; none from ${empty.join(', ')}` : '';
      return { source, reason: `${found} ${SOURCE_WORDS[source]} in ${span}${none}` };
    }
    empty.push(SOURCE_WORDS[source]);
  }
  const searched = empty.length > 0 ? `no ${empty.join(', no ')} in ${span}` : 'no source was searched';
  return { source: 'merges', reason: `${searched}: merged pull requests stand for deployments` };
}

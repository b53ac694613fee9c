/**
 * Turns a repository-history dataset (docs/dataset-format.md) plus action-style inputs into the
 * engine's DoraInput. It only maps JSON to the source records; which of them are deployments is
 * decided by src/dora/deployments.ts, so the rules live in one place.
 */
import {
  chooseSource,
  deploymentsFromGitHubDeployments,
  deploymentsFromMerges,
  deploymentsFromReleases,
  deploymentsFromWorkflowRuns,
  isDeployWorkflowFile,
} from '../../src/dora/deployments.js';
import {
  BENCHMARK_YEARS,
  DEPLOYMENT_SOURCES,
  FAILURE_SIGNALS,
  type BenchmarkYear,
  type Commit,
  type Deployment,
  type DeploymentSourceName,
  type DoraInput,
  type FailedRun,
  type FailureSignal,
  type Incident,
  type PullRequest,
  type WorkflowRunRecord,
} from '../../src/dora/model.js';

/* ---- The dataset format (docs/dataset-format.md); unknown keys are ignored, missing lists mean none. ---- */

export interface DatasetCommit {
  sha: string;
  parents: string[];
  message: string;
  author: string | null;
  authoredAt: string;
  committedAt?: string;
  pullRequests?: number[];
}

export interface DatasetPullRequest {
  number: number;
  title: string;
  author: string | null;
  baseRef: string;
  headRef: string;
  createdAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  commits?: string[];
  labels?: string[];
  draft?: boolean;
}

export interface DatasetWorkflow {
  id: number;
  name: string;
  path: string;
  state?: string;
}

export interface DatasetWorkflowRun {
  id: number;
  workflowId: number;
  runNumber: number;
  runAttempt: number;
  event: string;
  headBranch: string | null;
  headSha: string;
  status: string;
  conclusion: string | null;
  createdAt?: string;
  updatedAt: string;
}

export interface DatasetDeployment {
  id: number;
  sha: string;
  ref: string | null;
  environment: string;
  createdAt: string;
  statuses?: { state: string; createdAt: string }[];
}

export interface DatasetRelease {
  id: number;
  tagName: string;
  name: string | null;
  targetSha: string | null;
  draft: boolean;
  prerelease: boolean;
  publishedAt: string | null;
}

export interface DatasetIssue {
  number: number;
  title: string;
  labels?: string[];
  createdAt: string;
  closedAt: string | null;
}

export interface Dataset {
  format: number;
  now: string;
  repository: { owner: string; name: string; defaultBranch: string };
  branches: Record<string, string>;
  commits?: DatasetCommit[];
  pullRequests?: DatasetPullRequest[];
  workflows?: DatasetWorkflow[];
  workflowRuns?: DatasetWorkflowRun[];
  deployments?: DatasetDeployment[];
  releases?: DatasetRelease[];
  issues?: DatasetIssue[];
}

/** The action's inputs, as strings or numbers the way a workflow would write them. */
export type ActionInputs = Partial<
  Record<
    | 'days'
    | 'until'
    | 'deployment-source'
    | 'workflows'
    | 'failure-signals'
    | 'environment'
    | 'branch'
    | 'hotfix-labels'
    | 'incident-labels'
    | 'incident-window'
    | 'exclude-authors'
    | 'include-prereleases'
    | 'benchmark',
    string | number | boolean
  >
>;

const ms = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`Invalid time in dataset: ${iso}`);
  return t;
};

const list = (value: string | number | boolean | undefined, fallback: string): string[] =>
  String(value ?? fallback)
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

export interface DatasetRun {
  readonly input: DoraInput;
  /** Why `auto` chose its source; null when the source was given. */
  readonly sourceReason: string | null;
}

export function datasetToInput(dataset: Dataset, inputs: ActionInputs = {}): DoraInput {
  return datasetToRun(dataset, inputs).input;
}

export function datasetToRun(dataset: Dataset, inputs: ActionInputs = {}): DatasetRun {
  const end = ms(String(inputs.until ?? dataset.now));
  const days = Number(inputs.days ?? 30);
  const branch = String(inputs.branch ?? dataset.repository.defaultBranch);
  const requested = String(inputs['deployment-source'] ?? 'auto');
  if (requested !== 'auto' && !(DEPLOYMENT_SOURCES as readonly string[]).includes(requested)) {
    throw new Error(`Unknown deployment-source: ${requested}`);
  }
  const failureSignals = list(inputs['failure-signals'], 'hotfix,revert,rollback');
  for (const signal of failureSignals) {
    if (!(FAILURE_SIGNALS as readonly string[]).includes(signal)) throw new Error(`Unknown failure signal: ${signal}`);
  }
  const benchmark = Number(inputs.benchmark ?? 2023);
  if (!(BENCHMARK_YEARS as readonly number[]).includes(benchmark)) throw new Error(`Unknown benchmark: ${benchmark}`);

  const datasetCommits = new Map((dataset.commits ?? []).map((c) => [c.sha, c]));
  const commits = branchHistory(datasetCommits, dataset.branches[branch]);
  const pullRequests = mergedPullRequests(dataset, datasetCommits, branch);

  const candidates: Partial<Record<DeploymentSourceName, { deployments: Deployment[]; failedRuns: FailedRun[] }>> = {};
  const wanted = (source: DeploymentSourceName): boolean => requested === 'auto' || requested === source;
  if (wanted('workflow')) candidates.workflow = workflowSource(dataset, list(inputs.workflows, ''), branch);
  if (wanted('deployments')) {
    const environment = new RegExp(String(inputs.environment ?? '^(production|prod|live)$'), 'i');
    candidates.deployments = { deployments: deploymentsFromGitHubDeployments(deploymentRecords(dataset), environment), failedRuns: [] };
  }
  if (wanted('releases')) {
    const include = String(inputs['include-prereleases'] ?? 'false') === 'true';
    candidates.releases = {
      deployments: deploymentsFromReleases(
        (dataset.releases ?? []).map((r) => ({
          id: r.id,
          tagName: r.tagName,
          name: r.name,
          sha: r.targetSha,
          draft: r.draft,
          prerelease: r.prerelease,
          publishedAt: r.publishedAt === null ? null : ms(r.publishedAt),
        })),
        include,
      ),
      failedRuns: [],
    };
  }
  if (wanted('merges')) candidates.merges = { deployments: deploymentsFromMerges(pullRequests), failedRuns: [] };

  let source: DeploymentSourceName;
  let sourceReason: string | null = null;
  if (requested === 'auto') {
    const choice = chooseSource(
      DEPLOYMENT_SOURCES.map((s) => ({ source: s, deployments: candidates[s]?.deployments ?? [] })),
      end,
      days,
    );
    source = choice.source;
    sourceReason = choice.reason;
  } else {
    source = requested as DeploymentSourceName;
  }
  const chosen = candidates[source] ?? { deployments: [], failedRuns: [] };

  const incidentLabels = list(inputs['incident-labels'], 'incident');
  const incidentSet = new Set(incidentLabels.map((l) => l.toLowerCase()));
  const incidents: Incident[] = (dataset.issues ?? [])
    .filter((issue) => (issue.labels ?? []).some((label) => incidentSet.has(label.toLowerCase())))
    .map((issue) => ({
      number: issue.number,
      title: issue.title,
      createdAt: ms(issue.createdAt),
      closedAt: issue.closedAt === null ? null : ms(issue.closedAt),
      labels: issue.labels ?? [],
    }));

  return {
    sourceReason,
    input: {
      end,
      days,
      source,
      deployments: chosen.deployments,
      failedRuns: chosen.failedRuns,
      commits,
      pullRequests,
      incidents,
      config: {
        failureSignals: failureSignals as FailureSignal[],
        hotfixLabels: list(inputs['hotfix-labels'], 'hotfix'),
        incidentLabels,
        incidentWindowHours: Number(inputs['incident-window'] ?? 72),
        excludeAuthors: list(inputs['exclude-authors'], ''),
        benchmark: benchmark as BenchmarkYear,
      },
    },
  };
}

/** The production branch's history: every commit reachable from its head. */
function branchHistory(commits: ReadonlyMap<string, DatasetCommit>, head: string | undefined): Commit[] {
  const history: Commit[] = [];
  const seen = new Set<string>();
  const stack = head === undefined ? [] : [head];
  while (stack.length > 0) {
    const sha = stack.pop() as string;
    if (seen.has(sha)) continue;
    seen.add(sha);
    const commit = commits.get(sha);
    if (commit === undefined) continue;
    history.push({
      sha: commit.sha,
      parents: commit.parents,
      authoredAt: ms(commit.authoredAt),
      message: commit.message,
      author: commit.author,
      pullRequests: commit.pullRequests ?? [],
    });
    stack.push(...commit.parents);
  }
  return history;
}

/** Pull requests merged into the production branch, with their own commits' authored dates. */
function mergedPullRequests(dataset: Dataset, commits: ReadonlyMap<string, DatasetCommit>, branch: string): PullRequest[] {
  const prs: PullRequest[] = [];
  for (const pr of dataset.pullRequests ?? []) {
    if (pr.mergedAt === null || pr.mergeCommitSha === null || pr.baseRef !== branch) continue;
    prs.push({
      number: pr.number,
      title: pr.title,
      author: pr.author,
      headRef: pr.headRef,
      labels: pr.labels ?? [],
      createdAt: ms(pr.createdAt),
      mergedAt: ms(pr.mergedAt),
      mergeCommitSha: pr.mergeCommitSha,
      commits: (pr.commits ?? []).flatMap((sha) => {
        const commit = commits.get(sha);
        return commit === undefined ? [] : [{ sha, authoredAt: ms(commit.authoredAt), message: commit.message }];
      }),
    });
  }
  return prs;
}

/** Deploy workflows: those listed (file name, path or id), else by the file-name rule. */
function workflowSource(
  dataset: Dataset,
  listed: readonly string[],
  branch: string,
): { deployments: Deployment[]; failedRuns: FailedRun[] } {
  const workflows = (dataset.workflows ?? []).filter((w) => {
    const file = w.path.split('/').pop() ?? w.path;
    if (listed.length === 0) return isDeployWorkflowFile(file);
    return listed.some((entry) => entry === file || entry === w.path || entry === String(w.id));
  });
  const byId = new Map(workflows.map((w) => [w.id, w]));
  const runs: WorkflowRunRecord[] = (dataset.workflowRuns ?? []).flatMap((run) => {
    const workflow = byId.get(run.workflowId);
    if (workflow === undefined) return [];
    return [
      {
        id: run.id,
        workflowId: run.workflowId,
        workflowName: workflow.name,
        runNumber: run.runNumber,
        runAttempt: run.runAttempt,
        event: run.event,
        headBranch: run.headBranch,
        headSha: run.headSha,
        status: run.status,
        conclusion: run.conclusion,
        updatedAt: ms(run.updatedAt),
      },
    ];
  });
  return deploymentsFromWorkflowRuns(runs, { branch });
}

function deploymentRecords(dataset: Dataset) {
  return (dataset.deployments ?? []).map((d) => ({
    id: d.id,
    sha: d.sha,
    ref: d.ref,
    environment: d.environment,
    createdAt: ms(d.createdAt),
    statuses: (d.statuses ?? []).map((s) => ({ state: s.state, createdAt: ms(s.createdAt) })),
  }));
}

import type { WorkflowRunRecord } from '../../dora/model.js';
import { deploymentsFromWorkflowRuns, isDeployWorkflowFile } from '../../dora/deployments.js';
import { NotFoundError } from '../../errors.js';
import type { GitHubClient } from '../client.js';
import { plural } from '../incremental.js';
import { calm, inParallel, PARALLEL_READS, wholeSecond } from '../parallel.js';
import { DAY_MS, iso, ms, readFrom, type Scope } from '../scope.js';
import type { DeploymentSource } from './source.js';

/** GitHub serves at most 1,000 results of a filtered workflow-runs listing. */
export const RUNS_RESULT_CAP = 1000;
const PER_PAGE = 100;

export interface Workflow {
  readonly id: number;
  readonly name: string;
  readonly path: string;
}

/** Lists the repository's workflows (one request for up to 100). */
export async function listWorkflows(client: GitHubClient, scope: Scope): Promise<Workflow[]> {
  const workflows = await client.octokit.paginate('GET /repos/{owner}/{repo}/actions/workflows', {
    owner: scope.owner,
    repo: scope.repo,
    per_page: PER_PAGE,
  });
  return workflows.map((w) => ({ id: w.id, name: w.name, path: w.path }));
}

const fileName = (path: string): string => path.split('/').pop() ?? path;

/**
 * The deploy workflows: those named in `workflows` (file name or id), else those whose file
 * name says deploy/release/publish/cd (docs/metrics.md "Deployment"). A named workflow that does not
 * exist is an error that lists the ones that do.
 */
export function selectDeployWorkflows(all: readonly Workflow[], named: readonly string[]): Workflow[] {
  if (named.length === 0) return all.filter((w) => isDeployWorkflowFile(fileName(w.path)));
  const unknown: string[] = [];
  const chosen = named.flatMap((n) => {
    // Exactly as written: GitHub's paths are case-sensitive, so Deploy.yml and deploy.yml are two files.
    const match = all.find((w) => String(w.id) === n || fileName(w.path) === n || w.path === n);
    if (!match) unknown.push(n);
    return match ? [match] : [];
  });
  if (unknown.length > 0) {
    throw new NotFoundError(
      `\`workflows\` names ${unknown.map((u) => `"${u}"`).join(', ')}, which this repository does not have.`,
      `use one of: ${all.map((w) => fileName(w.path)).join(', ') || '(no workflows found)'}`,
    );
  }
  return chosen;
}

interface RunsPage {
  total_count: number;
  workflow_runs: {
    id: number;
    workflow_id: number;
    name?: string | null;
    run_number: number;
    run_attempt?: number;
    event: string;
    head_branch: string | null;
    head_sha: string;
    status: string | null;
    conclusion: string | null;
    created_at: string;
    updated_at: string;
    html_url: string;
  }[];
}

/** A run as kept between runs: the engine's record and when it was created (the listing's order). */
export interface ListedRun extends WorkflowRunRecord {
  readonly createdAt: number;
}

/**
 * Completed runs of one workflow on the branch created in [from, to], newest first. Where the
 * range holds more than GitHub's 1,000-result cap, it is split by time until every part fits.
 *
 * REST numbers the pages, so once a range's first page gives its count, its other pages are read
 * side by side (parallel.ts), and so are the parts of a split range: the same pages as one after
 * the other, a few at a time (one at a time once GitHub has had to be retried).
 */
async function runsCreatedBetween(client: GitHubClient, scope: Scope, workflow: Workflow, from: number, to: number): Promise<ListedRun[]> {
  const fetchPage = (range: { from: number; to: number }, page: number): Promise<RunsPage> =>
    completedRunsPage(client, scope, workflow, { ...range, page, perPage: PER_PAGE });

  /** The ranges that fit under the cap, oldest first, each with its first page. */
  const fitting = async (range: { from: number; to: number }, first: RunsPage): Promise<{ range: typeof range; first: RunsPage }[]> => {
    if (first.total_count <= RUNS_RESULT_CAP || range.to - range.from <= 1000) return [{ range, first }];
    // Split into parts expected to hold ~800 runs each, so one split is usually enough.
    const parts = Math.ceil(first.total_count / (RUNS_RESULT_CAP * 0.8));
    const step = Math.floor((range.to - range.from) / parts);
    const ranges = Array.from({ length: parts }, (_, i) => ({
      from: range.from + i * step + (i === 0 ? 0 : 1000),
      to: i === parts - 1 ? range.to : range.from + (i + 1) * step,
    }));
    const firsts = await inParallel(
      ranges.map((r) => () => fetchPage(r, 1)),
      { limit: calm(client) ? PARALLEL_READS : 1 },
    );
    const out: { range: typeof range; first: RunsPage }[] = [];
    // A part still over the cap (a burst of runs) is split again.
    for (const [i, r] of ranges.entries()) out.push(...(await fitting(r, firsts[i]!)));
    return out;
  };

  const whole = { from, to };
  const parts = await fitting(whole, await fetchPage(whole, 1));
  // Every page after the first of every part, in order; read a few at a time.
  const later = parts.flatMap(({ range, first }) => {
    const pages = Math.ceil(Math.min(first.total_count, RUNS_RESULT_CAP) / PER_PAGE);
    return Array.from({ length: Math.max(0, pages - 1) }, (_, k) => ({ range, page: k + 2 }));
  });
  const pages = await inParallel(
    later.map((p) => () => fetchPage(p.range, p.page)),
    { limit: calm(client) ? PARALLEL_READS : 1 },
  );
  const runs: RunsPage['workflow_runs'] = [];
  let next = 0;
  for (const { first } of parts) {
    runs.push(...first.workflow_runs);
    const count = Math.ceil(Math.min(first.total_count, RUNS_RESULT_CAP) / PER_PAGE) - 1;
    for (let k = 0; k < count; k += 1) runs.push(...pages[next + k]!.workflow_runs);
    next += count;
  }
  return runs.map((r) => toRunRecord(r, workflow));
}

/** One page of the completed runs of one workflow on the branch created in [from, to]. */
async function completedRunsPage(
  client: GitHubClient,
  scope: Scope,
  workflow: Workflow,
  range: { from: number; to: number; page: number; perPage: number },
): Promise<RunsPage> {
  const { data } = await client.octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
    owner: scope.owner,
    repo: scope.repo,
    workflow_id: workflow.id,
    branch: scope.branch,
    status: 'completed',
    created: `${iso(range.from)}..${iso(range.to)}`,
    exclude_pull_requests: true,
    per_page: range.perPage,
    page: range.page,
  });
  return data as RunsPage;
}

/** GitHub's count of the completed runs of one workflow on the branch created in [from, to]: one request. */
async function countRunsCreatedBetween(client: GitHubClient, scope: Scope, workflow: Workflow, from: number, to: number): Promise<number> {
  return (await completedRunsPage(client, scope, workflow, { from, to, page: 1, perPage: 1 })).total_count;
}

function toRunRecord(r: RunsPage['workflow_runs'][number], workflow: Workflow): ListedRun {
  return {
    id: r.id,
    workflowId: r.workflow_id,
    workflowName: r.name ?? workflow.name,
    runNumber: r.run_number,
    runAttempt: r.run_attempt ?? 1,
    event: r.event,
    headBranch: r.head_branch,
    headSha: r.head_sha,
    status: r.status ?? 'completed',
    conclusion: r.conclusion,
    updatedAt: ms(r.updated_at),
    url: r.html_url,
    createdAt: ms(r.created_at),
  };
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'merge_group']);

/**
 * Runs created this long before a run kept its list may still change: complete (runs waiting on
 * an environment's approval take days), or be re-run. Older ones are final.
 */
export const RUN_SLACK = 7 * DAY_MS;

/** What a run keeps of one deploy workflow's runs. */
export interface RunsKept {
  /** The `created` range read, whole seconds: [from, to]. */
  readonly from: number;
  readonly to: number;
  /** The kept read's clock (min of window end and wall clock). */
  readonly asOf: number;
  /** Every completed run created in [from, to] then. */
  readonly runs: readonly ListedRun[];
  /** The baseline query's answer for runs created before `before` (= from): up to 10 successes, newest first. */
  readonly older: { readonly before: number; readonly runs: readonly ListedRun[] } | null;
}

const OLDER_PAGE = 10;
const newestFirst = (a: ListedRun, b: ListedRun): number => b.createdAt - a.createdAt || b.id - a.id;

/**
 * Completed runs of the deploy workflows over both windows, plus the baseline: the last
 * successful run before the previous window (one extra request when the main range has none).
 * With `kept` (by workflow id), only runs created since it was read (less `RUN_SLACK`) are fetched.
 */
export async function collectWorkflowRuns(
  client: GitHubClient,
  scope: Scope,
  workflows: readonly Workflow[],
  options: { asOf: number; kept?: Readonly<Record<string, RunsKept>> | null } = { asOf: scope.end },
): Promise<{ runs: ListedRun[]; kept: Record<string, RunsKept>; fetched: number; reused: number; distrusted: string[] }> {
  const from = wholeSecond(readFrom(scope));
  const to = wholeSecond(scope.end - 1000);
  let fetchedCount = 0;
  let reusedCount = 0;
  const distrusted: string[] = [];
  const perWorkflow = await Promise.all(
    workflows.map(async (w) => {
      const prior = options.kept?.[String(w.id)];
      // The kept runs stand for [from, refetchFrom) when they cover it and it is final by now.
      const refetchFrom =
        prior && prior.from <= from ? Math.max(from, Math.min(wholeSecond(prior.asOf - RUN_SLACK), prior.to + 1000)) : from;
      const fetched = await runsCreatedBetween(client, scope, w, refetchFrom, to);
      let reused = prior && refetchFrom > from ? prior.runs.filter((r) => r.createdAt >= from && r.createdAt < refetchFrom) : [];
      if (refetchFrom > from) {
        // Proved before it is trusted: GitHub's count of the runs the kept ones stand for. Fewer
        // kept (tampered with, or a run deleted) and the range is read again.
        const count = await countRunsCreatedBetween(client, scope, w, from, refetchFrom - 1000);
        if (count !== reused.length) {
          distrusted.push(`${w.path}: GitHub counts ${count} runs where the cache keeps ${reused.length}`);
          fetched.push(...(await runsCreatedBetween(client, scope, w, from, refetchFrom - 1000)));
          reused = [];
        }
      }
      fetchedCount += fetched.length;
      reusedCount += reused.length;
      const seen = new Set(fetched.map((r) => r.id));
      return { workflow: w, prior, runs: [...fetched, ...reused.filter((r) => !seen.has(r.id))].sort(newestFirst) };
    }),
  );
  const runs = perWorkflow.flatMap((p) => p.runs);
  const isBaseline = (r: WorkflowRunRecord): boolean =>
    r.conclusion === 'success' && r.updatedAt < scope.previousStart && !PULL_REQUEST_EVENTS.has(r.event);

  // The baseline query's answer for `from`, from the kept answer for an earlier `from` and the
  // kept runs between, when all of those are final; null when it must be asked.
  const olderFromKept = (prior: RunsKept | undefined): ListedRun[] | null => {
    if (!prior?.older || prior.older.before !== prior.from || prior.from > from || from > wholeSecond(prior.asOf - RUN_SLACK)) return null;
    const between = prior.runs.filter((r) => r.conclusion === 'success' && r.createdAt >= prior.from && r.createdAt < from);
    return [...between.sort(newestFirst), ...prior.older.runs].slice(0, OLDER_PAGE);
  };
  const older = new Map<number, ListedRun[] | null>(perWorkflow.map((p) => [p.workflow.id, olderFromKept(p.prior)]));
  if (workflows.length > 0 && !runs.some(isBaseline)) {
    const found = await Promise.all(
      perWorkflow.map(async ({ workflow: w }) => {
        let answer = older.get(w.id) ?? null;
        if (answer === null) {
          const { data } = await client.octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
            owner: scope.owner,
            repo: scope.repo,
            workflow_id: w.id,
            branch: scope.branch,
            status: 'success',
            created: `<${iso(from)}`,
            exclude_pull_requests: true,
            per_page: OLDER_PAGE,
          });
          answer = (data as RunsPage).workflow_runs.map((r) => toRunRecord(r, w));
          older.set(w.id, answer);
        }
        // Every success of the page: the baseline is the one that completed last, which a re-run
        // may have made another than the one created last.
        return answer.filter((r) => !PULL_REQUEST_EVENTS.has(r.event));
      }),
    );
    runs.push(...found.flat());
  }
  const kept: Record<string, RunsKept> = {};
  for (const p of perWorkflow) {
    const answer = older.get(p.workflow.id) ?? null;
    kept[String(p.workflow.id)] = {
      from,
      to,
      asOf: options.asOf,
      runs: p.runs,
      older: answer === null ? null : { before: from, runs: answer },
    };
  }
  return { runs, kept, fetched: fetchedCount, reused: reusedCount, distrusted };
}

/** Successful runs of the deploy workflows on the production branch (docs/metrics.md "Deployment"). */
export const workflowSource: DeploymentSource = {
  name: 'workflow',
  what: 'workflow runs',
  permission: 'actions: read',
  evidence: true,
  read: async ({ client, scope, config, inc, ahead }) => {
    const workflows = selectDeployWorkflows(await listWorkflows(client, scope), config.workflows);
    if (workflows.length === 0) {
      return {
        deployments: [],
        failedRuns: [],
        note: 'no workflow file name contains deploy, release, publish or cd (set the workflows input)',
        missing: [],
      };
    }
    ahead.readable();
    const read = await collectWorkflowRuns(client, scope, workflows, { asOf: inc.asOf, kept: inc.prior.workflowRuns ?? null });
    inc.next.workflowRuns = read.kept;
    if (inc.prior.workflowRuns) {
      for (const reason of read.distrusted) {
        inc.log(`Incremental: deploy runs: the cached state does not match GitHub (${reason}), so the runs were read again from the API.`);
      }
      inc.log(`Incremental: deploy runs: ${plural(read.fetched, 'run')} from the API, ${plural(read.reused, 'run')} from the cache.`);
    }
    const { deployments, failedRuns } = deploymentsFromWorkflowRuns(read.runs, { branch: scope.branch });
    return {
      deployments,
      fromBranch: new Set(deployments.map((d) => d.sha)),
      failedRuns: config.failureSignals.includes('failed-run') ? failedRuns : [],
      note: `successful runs of ${workflows.map((w) => w.path.split('/').pop()).join(', ')} on ${scope.branch}`,
      missing: [],
    };
  },
};

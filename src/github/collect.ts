import type { Commit, DeploymentSourceName, DoraInput, OutsideHistory, PullRequest } from '../dora/model.js';
import { inDeploymentOrder } from '../dora/deployments.js';
import type { Config } from '../inputs/index.js';
import { errorText } from '../errors.js';
import { STATE_FORMAT, sourceKey, type DoraState, type StateSlot } from '../state/format.js';
import type { GitHubClient } from './client.js';
import { MAX_COMPARISONS, newComparer } from './compare.js';
import { explainRequestError, unavailable } from './explain.js';
import { readSourceFurther } from './extend-source.js';
import { type BranchHistoryPages, branchHistoryPages, collectBranchHistory } from './history.js';
import { type IncidentRead, readIncidents } from './incidents.js';
import { type Incremental, logRead } from './incremental.js';
import { readCarriedPullRequests, readMergedBranches } from './merged-branches.js';
import { misconfiguration } from './misconfiguration.js';
import { readOutsideHistory } from './outside.js';
import { calm, type ReadAhead } from './parallel.js';
import {
  collectMergedPullRequests,
  collectPullRequestsByNumber,
  type ListedPullRequestPage,
  readAheadMergedPullRequests,
} from './pull-requests.js';
import { CHANGE_METRICS, DAY_MS, inWindows, type Missing, type Scope } from './scope.js';
import { type Ahead, type DeploymentSource, type SearchedSource, type SourceResult, sourcesToTry } from './sources/index.js';

/** What the collectors read: the engine's input records plus how they were chosen and gaps. */
export interface Collected
  extends Pick<DoraInput, 'deployments' | 'failedRuns' | 'commits' | 'otherCommits' | 'outside' | 'pullRequests' | 'incidents'> {
  readonly branch: string;
  readonly source: DeploymentSourceName;
  readonly sourceReason: string;
  readonly searched: readonly SearchedSource[];
  readonly missing: readonly Missing[];
  /** Pull requests merged into another branch and deployed from it (a backported hotfix): signals, never changes. */
  readonly otherPullRequests?: readonly PullRequest[];
  /** Why deployment frequency gets no tier (docs/metrics.md "Deployment frequency"); null when it gets one. */
  readonly likelyMisconfigured: string | null;
}

/** The production branch: the `branch` input, else the repository's default branch. */
async function productionBranch(client: GitHubClient, config: Config): Promise<string> {
  if (config.branch !== '') return config.branch;
  const { data } = await client.octokit.request('GET /repos/{owner}/{repo}', { owner: config.owner, repo: config.repo });
  return data.default_branch;
}

/**
 * Reads everything the metrics need, in as few requests as the data allows: the deployment
 * source (tried in `auto` order), then the branch history back to the baseline deployment, then
 * the pull requests merged into that history; incidents in parallel with all of it.
 *
 * With `slot`, the state an earlier run kept for the branch is loaded and only what is new or may
 * have changed since is read (the result is exactly a cold read's); the state for the next run is
 * left in the slot, to be saved once the report is written.
 */
export async function collect(client: GitHubClient, config: Config, slot?: StateSlot | null): Promise<Collected> {
  let branch: string;
  try {
    branch = await productionBranch(client, config);
  } catch (error) {
    throw explainRequestError(error, `the repository ${config.owner}/${config.repo}`);
  }
  const scope: Scope = {
    owner: config.owner,
    repo: config.repo,
    branch,
    end: config.until,
    previousStart: config.until - 2 * config.days * DAY_MS,
  };

  // Incidents do not depend on the source: read them alongside (incidents.ts, `readIncidents`).
  const incidentsPromise = readIncidents(client, scope, config);

  const asOf = Math.min(config.until, Date.now());
  // The cache is never fatal: a state that cannot be loaded is a cold read.
  const kept = slot
    ? await slot.load(branch).catch((error: unknown) => {
        slot.log?.(`The cached state could not be loaded (${errorText(error)}): everything is read from the API.`);
        return null;
      })
    : null;
  const inc: Incremental = {
    prior: kept?.records ?? {},
    priorAsOf: kept?.asOf ?? asOf,
    next: {},
    asOf,
    log: (message) => slot?.log?.(message),
  };

  // Once the deployment source has proved readable, what does not depend on it is read beside it
  // (and beside the branch history): the first page of the history, which every read of it starts
  // with, and on a cold run the merged pull requests listing (pull-requests.ts,
  // readAheadMergedPullRequests); a warm run reads only its first pages, after. Whatever ends the
  // run stops them.
  const history = branchHistoryPages(client, scope);
  const ahead = readBeside(client, scope, history, !inc.prior.pullRequests);
  try {
    return await collectFromSource(client, config, scope, inc, ahead, history, slot, incidentsPromise, asOf);
  } finally {
    ahead.stop();
  }
}

/** The reads started beside the source once it proves readable: `history`'s first page, and the pull requests listing (`cold`). */
function readBeside(client: GitHubClient, scope: Scope, history: BranchHistoryPages, cold: boolean): Ahead & { stop: () => void } {
  let pages: ReadAhead<ListedPullRequestPage> | null = null;
  let started = false;
  return {
    readable: () => {
      if (started) return;
      started = true;
      // Beside the source only while GitHub answers at once (parallel.ts, `calm`); else after it,
      // one read at a time, as before (the same pages either way).
      const now = calm(client);
      if (now) history.readFirst();
      if (cold) pages = readAheadMergedPullRequests(client, scope, { now });
    },
    pullRequests: () => pages,
    stop: () => pages?.stop(),
  };
}

/** `collect` once the scope and the kept state are known: the source, then the history and pull requests. */
async function collectFromSource(
  client: GitHubClient,
  config: Config,
  scope: Scope,
  inc: Incremental,
  ahead: Ahead,
  historyPages: BranchHistoryPages,
  slot: StateSlot | null | undefined,
  incidentsPromise: Promise<IncidentRead>,
  asOf: number,
): Promise<Collected> {
  const branch = scope.branch;
  // The deployment source is the one read nothing can stand in for: failing to read it fails
  // the run, with the cause and the fix.
  const searched: SearchedSource[] = [];
  let chosen: { from: DeploymentSource; result: SourceResult } | null = null;
  for (const candidate of sourcesToTry(config.deploymentSource)) {
    let result: SourceResult;
    try {
      result = await candidate.read({ client, scope, config, inc, ahead });
    } catch (error) {
      await incidentsPromise;
      throw explainRequestError(error, `the ${candidate.what}`, candidate.permission);
    }
    const count = result.deployments.filter(inWindows(scope)).length;
    searched.push({ source: candidate.name, deployments: count, note: result.note });
    chosen = { from: candidate, result };
    if (count > 0) break;
  }
  if (!chosen) throw new Error('no deployment source to read');
  const source = chosen.from.name;
  let { result } = chosen;
  // A source the input sets needs no why (the report's `requested` says it): what was read.
  const sourceReason =
    config.deploymentSource !== 'auto'
      ? result.note
      : searched.length === 1
        ? `the first source tried, with deployments: ${result.note}`
        : `${searched
            .slice(0, -1)
            .map((s) => `${s.source} had none (${s.note})`)
            .join('; ')}; ${
            searched[searched.length - 1]!.deployments > 0
              ? `${source} has deployments: ${result.note}`
              : `no source has deployments, so ${source}: ${result.note}`
          }`;

  const likelyMisconfigured =
    (searched.at(-1)?.deployments ?? 0) === 0 ? await misconfiguration(client, scope, config, source, searched, asOf) : null;

  // The baseline: the last deployment before the previous window. Older history is in it. With
  // none, the history is read back to the first deployment on record, whatever its size.
  const known = inDeploymentOrder(result.deployments.filter((d) => d.time < scope.end));
  const baseline = known.filter((d) => d.time < scope.previousStart).at(-1);
  const first = known[0];
  const missing: Missing[] = [...result.missing];

  // History and pull requests feed lead time and the failure signals; without them those
  // metrics are withheld, while deployment frequency stands.
  let commits: Commit[] = [];
  let otherCommits: Commit[] = [];
  let otherPullRequests: PullRequest[] = [];
  let outside: OutsideHistory = {};
  let pullRequests: PullRequest[] = result.pullRequests ?? [];
  try {
    const history = await collectBranchHistory(
      client,
      scope,
      {
        baseline: baseline ? { sha: baseline.sha, time: baseline.time } : null,
        first: first ? { sha: first.sha, time: first.time } : null,
        unmeasuredCap: UNMEASURED_CAP,
        maxCommits: MAX_HISTORY_COMMITS,
      },
      inc.prior.history,
      historyPages,
    );
    if (inc.prior.history) logRead(inc, 'branch history', history);
    if (!history.complete) {
      missing.push({
        what: 'branch history',
        reason: `more than ${MAX_HISTORY_COMMITS.toLocaleString('en-US')} commits would be needed`,
        metrics: CHANGE_METRICS,
      });
    } else if (history.unmeasuredCut) {
      missing.push({
        what: 'branch history before the first deployment',
        reason: `no deployment precedes the previous window, so the first deployment on record shipped the whole history before it; ${UNMEASURED_CAP.toLocaleString('en-US')} of its commits were read to count them, so \`unmeasured\` is a lower bound`,
        metrics: ['leadTime.unmeasured'],
      });
    }
    commits = history.nodes;
    // Where a commit stands against the branch holds while the branch only moved forward: a
    // history read again from scratch (a force push) asks again. Ancestry always holds.
    const keptOutside =
      inc.prior.outside && (history.reused > 0 || !inc.prior.history)
        ? inc.prior.outside
        : inc.prior.outside && { ...inc.prior.outside, commits: {} };
    const onBranch = new Set(commits.map((c) => c.sha));
    // A pull request whose merge commit a deployment ran is kept too, even off the branch (a history
    // since rewritten): its hotfix label or revert still counts for that deployment.
    const deployed = new Set(result.deployments.map((d) => d.sha));
    if (!result.pullRequests) {
      const prs = await collectMergedPullRequests(
        client,
        scope,
        Math.min(history.oldestCommittedAt ?? scope.previousStart, baseline?.time ?? scope.previousStart) - DAY_MS,
        {
          wanted: (pr) => pr.mergeCommitSha !== null && (onBranch.has(pr.mergeCommitSha) || deployed.has(pr.mergeCommitSha)),
          pages: ahead.pullRequests(),
        },
        inc.prior.pullRequests,
      );
      if (inc.prior.pullRequests) logRead(inc, 'merged pull requests', prs);
      inc.next.pullRequests = prs.listing;
      pullRequests = prs.nodes;
    }
    // A plain merge of an older branch brings commits committed before where the read stopped.
    const comparer = newComparer(client, scope);
    const stop = (baseline ?? first)?.sha ?? null;
    const merged = await readMergedBranches(client, scope, {
      commits: history.nodes,
      stop,
      pullRequests,
      kept: keptOutside?.merged,
      comparer,
    });
    if (merged.commits.length > 0) {
      // Their pull requests (merged into the other branch) come with the ones the history associates below.
      commits = [...commits, ...merged.commits];
      for (const c of merged.commits) onBranch.add(c.sha);
    }
    // A deployment in the windows may ship a commit older than the source read: read it further back.
    result = await readSourceFurther(chosen.from, result, { client, scope, config, inc, known, commits, missing });
    // Pull requests merged into another branch first reach the production branch through a later
    // merge: the history associates them with its commits, the listing by base branch does not.
    // When that merge is itself a merge-commit pull request (`develop` into the branch), their merge
    // commits are among its own commits, older than the history read: GitHub associates those too.
    const listed = new Set(pullRequests.map((pr) => pr.number));
    const carried = await readCarriedPullRequests(client, scope, { commits, pullRequests, kept: keptOutside?.carried });
    const elsewhere = [...new Set([...commits.flatMap((c) => c.pullRequests), ...carried.numbers])]
      .filter((n) => !listed.has(n))
      .sort((a, b) => a - b);
    if (elsewhere.length > 0) {
      const found = await collectPullRequestsByNumber(client, scope, elsewhere);
      const reached = (sha: string): boolean => onBranch.has(sha) || sha in carried.carried;
      pullRequests = [...pullRequests, ...found.filter((pr) => reached(pr.mergeCommitSha))];
    }
    const facts = await readOutsideHistory(client, scope, {
      head: history.head,
      commits: new Map(commits.map((c) => [c.sha, c])),
      deployments: result.deployments,
      fromBranch: result.fromBranch ?? (source === 'merges' ? new Set(result.deployments.map((d) => d.sha)) : new Set()),
      pullRequests,
      signals: { revert: config.failureSignals.includes('revert'), rollback: config.failureSignals.includes('rollback') },
      pullRequestsByNumber: (numbers) => collectPullRequestsByNumber(client, scope, numbers),
      kept: keptOutside,
      comparer,
    });
    inc.next.outside = { ...facts.kept, merged: merged.merged, carried: carried.carried };
    if (!merged.complete) {
      missing.push({
        what: 'commits of branches merged without a pull request',
        reason: `more than ${MAX_COMPARISONS} comparisons would be needed to read them`,
        metrics: CHANGE_METRICS,
      });
    }
    otherCommits = facts.otherCommits;
    otherPullRequests = facts.otherPullRequests;
    outside = facts.outside;
    missing.push(...facts.missing);
    inc.next.history = history.listing;
  } catch (error) {
    const failure = unavailable(
      error,
      `the history and merged pull requests of \`${branch}\``,
      'contents: read, pull-requests: read',
      CHANGE_METRICS,
    );
    missing.push(failure);
    commits = [];
    otherCommits = [];
    otherPullRequests = [];
    outside = {};
    pullRequests = [];
    // Nothing half-read is kept: the next run reads these again.
    delete inc.next.history;
    delete inc.next.pullRequests;
    delete inc.next.outside;
  }

  const incidents = await incidentsPromise;
  if ('fatal' in incidents) throw incidents.fatal;
  if (incidents.missing) missing.push(incidents.missing);

  if (slot) {
    const state: DoraState = {
      format: STATE_FORMAT,
      repository: `${config.owner}/${config.repo}`.toLowerCase(),
      branch,
      source: config.deploymentSource,
      sourceKey: sourceKey(config),
      savedAt: new Date().toISOString(),
      asOf,
      window: { until: config.until, days: config.days },
      records: inc.next,
    };
    slot.keep(state);
  }

  return {
    branch,
    source,
    sourceReason,
    searched,
    likelyMisconfigured,
    deployments: result.deployments,
    failedRuns: result.failedRuns,
    commits,
    otherCommits,
    otherPullRequests,
    outside,
    pullRequests,
    incidents: incidents.nodes,
    missing,
  };
}

/**
 * With no deployment before the previous window, the first deployment on record shipped the whole
 * history before it (`unmeasured`): this many of those commits are read to count them.
 */
const UNMEASURED_CAP = 1_000;
/** A safety bound on the branch history read: past it the change metrics are withheld. */
const MAX_HISTORY_COMMITS = 100_000;

/** The metrics the history and pull requests feed (the registry's `needs`). */

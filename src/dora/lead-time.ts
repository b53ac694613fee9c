/**
 * Lead time for changes (docs/metrics.md "Lead time for changes"): from a change's first authored commit
 * to the first deployment, in time order, whose commit contains it.
 */
import { type History, shipmentOfCommit } from './history.js';
import type { BenchmarkYear, Change, ChangeStatus, LeadTime, Millis, WindowName } from './model.js';
import { durationStats } from './stats.js';
import { leadTimeTier } from './tiers.js';
import { windowOf, type ReportWindows } from './window.js';

/** A change on the production branch, before it is matched to a deployment. */
export type BranchChange = Pick<Change, 'kind' | 'number' | 'sha' | 'title' | 'author' | 'url' | 'start' | 'openedAt' | 'mergedAt'>;

/**
 * The changes on the production branch: each merged pull request whose merge commit is on it, and
 * each branch commit no merged pull request contains (a direct push). A pull request's start is the
 * earliest authored date among its own commits and its associated copies, because authored dates
 * survive rebase and squash merges while committed dates do not; its merge commit's authored date
 * counts only when none of those commits is known (with clock skew it may be the earliest).
 */
export function changesOnBranch(history: History): BranchChange[] {
  const changes: BranchChange[] = [];
  for (const pr of history.pullRequests.values()) {
    const mergeCommit = history.commits.get(pr.mergeCommitSha);
    let mergeAuthoredAt = mergeCommit?.authoredAt;
    if (mergeCommit === undefined) {
      // Merged into another branch that a pull request then merged into this one with a merge commit:
      // its merge commit is one of that pull request's own commits, reachable through the merge (a
      // squash or rebase would have left them out). Otherwise the branch does not hold it (merged
      // elsewhere and never brought here, or the branch was rewritten): no change of the branch.
      const carrier = (history.containingPullRequests.get(pr.mergeCommitSha) ?? [])
        .map((number) => history.pullRequests.get(number))
        .find(
          (other) =>
            other !== undefined && other.number !== pr.number && (history.commits.get(other.mergeCommitSha)?.parents.length ?? 0) > 1,
        );
      if (carrier === undefined) continue;
      mergeAuthoredAt = carrier.commits.find((c) => c.sha === pr.mergeCommitSha)?.authoredAt;
    }
    let start = Number.POSITIVE_INFINITY;
    for (const commit of pr.commits) start = Math.min(start, commit.authoredAt);
    for (const commit of history.associatedCommits.get(pr.number) ?? []) {
      // The merge commit is associated with its pull request too, but it is none of its commits.
      if (commit.sha !== pr.mergeCommitSha || pr.commits.some((c) => c.sha === commit.sha)) start = Math.min(start, commit.authoredAt);
    }
    if (start === Number.POSITIVE_INFINITY && mergeAuthoredAt !== undefined) start = mergeAuthoredAt;
    if (start === Number.POSITIVE_INFINITY) continue;
    changes.push({
      kind: 'pull_request',
      number: pr.number,
      sha: pr.mergeCommitSha,
      title: pr.title,
      author: pr.author,
      ...(pr.url === undefined ? {} : { url: pr.url }),
      start,
      openedAt: pr.createdAt,
      mergedAt: pr.mergedAt,
    });
  }
  for (const commit of history.commits.values()) {
    if (history.containingPullRequests.has(commit.sha)) continue;
    changes.push({
      kind: 'direct_push',
      number: null,
      sha: commit.sha,
      title: commit.message.split('\n', 1)[0] ?? '',
      author: commit.author,
      start: commit.authoredAt,
      openedAt: null,
      mergedAt: null,
    });
  }
  return changes;
}

const secondsBetween = (from: Millis, to: Millis): number => (to - from) / 1000;

/**
 * Every change first shipped by a deployment in the current or previous window, in deployment order,
 * with its status, the first that applies: `unmeasured` (shipped by a deployment with no baseline:
 * the first on record, or the first after the branch's history was rewritten), `excluded` (author in
 * `exclude-authors`, matched case-insensitively as GitHub logins are), `skipped` (negative lead
 * time: clock skew) or `measured`.
 */
export function measureChanges(history: History, windows: ReportWindows, excludeAuthors: readonly string[]): Change[] {
  const excluded = new Set(excludeAuthors.map((login) => login.toLowerCase()));
  const measured: { change: Change; order: number }[] = [];
  for (const change of changesOnBranch(history)) {
    // A pull request merged into a branch a pull request brought here ships with that pull request.
    const order = shipmentOfCommit(history, change.sha);
    if (order === undefined) continue;
    const deployment = history.deployments[order];
    if (deployment === undefined) continue;
    const window: WindowName | null = windowOf(deployment.time, windows);
    if (window === null) continue;
    const leadTimeSeconds = secondsBetween(change.start, deployment.time);
    let status: ChangeStatus = 'measured';
    if (history.baselines[order] === -1) status = 'unmeasured';
    else if (change.author !== null && excluded.has(change.author.toLowerCase())) status = 'excluded';
    else if (leadTimeSeconds < 0) status = 'skipped';
    const stages =
      change.openedAt === null || change.mergedAt === null
        ? null
        : {
            // A stage would be negative when commits were authored after the PR was opened: 0 then.
            codingSeconds: Math.max(0, secondsBetween(change.start, change.openedAt)),
            reviewSeconds: Math.max(0, secondsBetween(change.openedAt, change.mergedAt)),
            deploySeconds: Math.max(0, secondsBetween(change.mergedAt, deployment.time)),
          };
    measured.push({
      order,
      change: {
        kind: change.kind,
        number: change.number,
        sha: change.sha,
        title: change.title,
        author: change.author,
        ...(change.url === undefined ? {} : { url: change.url }),
        start: change.start,
        openedAt: change.openedAt,
        mergedAt: change.mergedAt,
        deploymentId: deployment.id,
        deployedAt: deployment.time,
        window,
        status,
        leadTimeSeconds: status === 'measured' ? leadTimeSeconds : null,
        stages,
      },
    });
  }
  measured.sort(
    (a, b) =>
      a.order - b.order ||
      a.change.start - b.change.start ||
      (a.change.number ?? Number.MAX_SAFE_INTEGER) - (b.change.number ?? Number.MAX_SAFE_INTEGER) ||
      (a.change.sha < b.change.sha ? -1 : a.change.sha > b.change.sha ? 1 : 0),
  );
  return measured.map((m) => m.change);
}

/** The lead time metric of one window, from the changes deployed in it. */
export function leadTimeOf(
  changes: readonly Change[],
  window: WindowName,
  deploymentsInWindow: number,
  benchmark: BenchmarkYear,
): LeadTime {
  const count = (status: ChangeStatus): number => changes.filter((c) => c.window === window && c.status === status).length;
  const seconds = changes.filter((c) => c.window === window && c.status === 'measured').map((c) => c.leadTimeSeconds as number);
  const stats = durationStats(seconds);
  const excluded = count('excluded');
  const skipped = count('skipped');
  const unmeasured = count('unmeasured');
  return {
    changes: seconds.length,
    ...stats,
    tier: leadTimeTier(stats.medianSeconds, benchmark),
    excluded,
    skipped,
    unmeasured,
    reason: seconds.length > 0 ? null : noLeadTimeReason(deploymentsInWindow, { excluded, skipped, unmeasured }),
  };
}

function noLeadTimeReason(
  deployments: number,
  counts: { readonly excluded: number; readonly skipped: number; readonly unmeasured: number },
): string {
  if (deployments === 0) return 'no deployments in the window';
  const parts: string[] = [];
  if (counts.unmeasured > 0) {
    parts.push(
      `${counts.unmeasured} shipped by the first deployment on record of the production branch, which has no earlier deployment to measure from`,
    );
  }
  if (counts.excluded > 0) parts.push(`${counts.excluded} by excluded authors`);
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped because their commits are dated after the deployment (clock skew)`);
  if (parts.length === 0) {
    const noun = deployments === 1 ? 'deployment' : 'deployments';
    return `no changes measured: the ${deployments} ${noun} in the window shipped no new commit of the production branch`;
  }
  return `no changes measured: ${parts.join('; ')}`;
}

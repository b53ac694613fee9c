/**
 * What the engine knows at `end`, indexed once: deployments in order, the production branch's
 * commit graph, which pull request contains which commit, and which deployment first shipped each
 * commit. Lead time, failures and rollbacks all read these facts (docs/metrics.md "Deployment",
 * "Lead time for changes", "Change failure rate and failures").
 */
import { inDeploymentOrder } from './deployments.js';
import type { Commit, Deployment, DoraInput, Millis, PullRequest } from './model.js';

export interface History {
  readonly end: Millis;
  /** Deployments completed before `end` (later ones were not known then), in time order, ties by id. */
  readonly deployments: readonly Deployment[];
  /** The production branch's commits, as read. */
  readonly commits: ReadonlyMap<string, Commit>;
  /** Every commit known: the branch's, and the other commits deployments contain (never changes). */
  readonly graph: ReadonlyMap<string, Commit>;
  readonly pullRequests: ReadonlyMap<number, PullRequest>;
  /** Commit sha to the index (in `deployments`) of the first deployment whose commit contains it. */
  readonly firstShipment: ReadonlyMap<string, number>;
  /** Commit sha to the merged pull requests that contain it: own commits, merge commit, associated copies. */
  readonly containingPullRequests: ReadonlyMap<string, readonly number[]>;
  /** Pull request number to the branch commits GitHub associates with it (the copies a rebase merge makes). */
  readonly associatedCommits: ReadonlyMap<number, readonly Commit[]>;
  /**
   * Per deployment (by index), the index of its baseline: the latest earlier deployment whose commit
   * shares history with the production branch; -1 when none does (the first deployment on record,
   * or the first after the branch's history was rewritten).
   */
  readonly baselines: readonly number[];
  /** Facts about commits outside the history read (docs/metrics.md "Resolved over the whole history"). */
  readonly outside: {
    readonly onBranch: ReadonlySet<string>;
    /** `${ancestor}>${descendant}` for each proper-ancestor pair learned. */
    readonly properAncestors: ReadonlySet<string>;
    readonly revertRefs: ReadonlyMap<string, string | null>;
    readonly mergedPullRequests: ReadonlySet<number>;
  };
}

export function buildHistory(
  input: Pick<DoraInput, 'end' | 'deployments' | 'commits' | 'pullRequests' | 'otherCommits' | 'outside'>,
): History {
  const deployments = inDeploymentOrder(input.deployments.filter((d) => d.time < input.end));
  const commits = new Map(input.commits.map((c) => [c.sha, c]));
  const graph = new Map(commits);
  for (const c of input.otherCommits ?? []) if (!graph.has(c.sha)) graph.set(c.sha, c);
  const pullRequests = new Map(input.pullRequests.map((pr) => [pr.number, pr]));

  const containing = new Map<string, number[]>();
  const claim = (sha: string, number: number): void => {
    const list = containing.get(sha);
    if (list === undefined) containing.set(sha, [number]);
    else if (!list.includes(number)) list.push(number);
  };
  for (const pr of pullRequests.values()) {
    claim(pr.mergeCommitSha, pr.number);
    for (const commit of pr.commits) claim(commit.sha, pr.number);
  }
  const associated = new Map<number, Commit[]>();
  for (const commit of commits.values()) {
    for (const number of commit.pullRequests) {
      // Only merged pull requests whose merge commit reached the production branch contain commits (docs/metrics.md "Lead time for changes").
      if (!pullRequests.has(number)) continue;
      claim(commit.sha, number);
      const list = associated.get(number);
      if (list === undefined) associated.set(number, [commit]);
      else list.push(commit);
    }
  }

  const outside = {
    onBranch: new Set(input.outside?.onBranch ?? []),
    properAncestors: new Set((input.outside?.properAncestors ?? []).map(([a, d]) => `${a}>${d}`)),
    revertRefs: new Map(Object.entries(input.outside?.revertRefs ?? {}).map(([ref, sha]) => [ref.toLowerCase(), sha])),
    mergedPullRequests: new Set(input.outside?.mergedPullRequests ?? []),
  };
  const shares = sharesHistoryWith(commits, graph, outside.onBranch);
  const baselines: number[] = [];
  let latestSharing = -1;
  deployments.forEach((deployment, index) => {
    baselines.push(latestSharing);
    if (shares(deployment.sha)) latestSharing = index;
  });

  return {
    end: input.end,
    deployments,
    commits,
    graph,
    pullRequests,
    firstShipment: withKnownAncestors(shipCommits(deployments, graph), input.outside?.properAncestors ?? []),
    containingPullRequests: containing,
    associatedCommits: associated,
    baselines,
    outside,
  };
}

/**
 * Whether a commit shares history with the production branch: it, or one of its ancestors, is on
 * the branch (a branch commit read, or one known to be older than the history read). A commit the
 * graph does not hold and no fact places on the branch shares nothing provable.
 */
function sharesHistoryWith(
  branch: ReadonlyMap<string, Commit>,
  graph: ReadonlyMap<string, Commit>,
  onBranch: ReadonlySet<string>,
): (sha: string) => boolean {
  const known = new Map<string, boolean>();
  return (sha) => {
    const cached = known.get(sha);
    if (cached !== undefined) return cached;
    const seen = new Set<string>([sha]);
    const stack = [sha];
    let found = false;
    while (stack.length > 0 && !found) {
      const current = stack.pop() as string;
      if (branch.has(current) || onBranch.has(current) || known.get(current) === true) {
        found = true;
        break;
      }
      for (const parent of graph.get(current)?.parents ?? []) {
        if (seen.has(parent)) continue;
        seen.add(parent);
        stack.push(parent);
      }
    }
    known.set(sha, found);
    return found;
  };
}

/**
 * The first deployment, in time order, whose commit contains each commit. One walk over the graph:
 * each deployment marks its commit and the ancestors no earlier deployment marked. The marked set is
 * closed under ancestry, so a walk stops at the first marked commit and every commit is visited once.
 * A deployment whose commit is not in the graph (a history rewritten away, or older than the history
 * read) ships that commit alone: nothing proves which of its ancestors it holds.
 */
export function shipCommits(deployments: readonly Deployment[], commits: ReadonlyMap<string, Commit>): Map<string, number> {
  const shipped = new Map<string, number>();
  const stack: string[] = [];
  deployments.forEach((deployment, index) => {
    if (shipped.has(deployment.sha)) return;
    shipped.set(deployment.sha, index);
    if (!commits.has(deployment.sha)) return;
    stack.push(deployment.sha);
    while (stack.length > 0) {
      const commit = commits.get(stack.pop() as string);
      if (commit === undefined) continue;
      for (const parent of commit.parents) {
        if (shipped.has(parent) || !commits.has(parent)) continue;
        shipped.set(parent, index);
        stack.push(parent);
      }
    }
  });
  return shipped;
}

/**
 * A commit outside the graph that a comparison proved a proper ancestor of another was shipped, at
 * the latest, by the first deployment that shipped that other commit: a rollback to a commit older
 * than the history read ships nothing new, and a revert of it blames the deployment that first held
 * it (docs/metrics.md "Resolved over the whole history").
 */
function withKnownAncestors(shipped: Map<string, number>, pairs: readonly (readonly [string, string])[]): Map<string, number> {
  // A pair's descendant may itself be proved an ancestor of an earlier shipment: settle until nothing moves.
  for (let moved = true; moved; ) {
    moved = false;
    for (const [ancestor, descendant] of pairs) {
      const by = shipped.get(descendant);
      const own = shipped.get(ancestor);
      if (by !== undefined && (own === undefined || by < own)) {
        shipped.set(ancestor, by);
        moved = true;
      }
    }
  }
  return shipped;
}

/**
 * True when `ancestor` is reachable from `descendant` through parents and is not the same commit:
 * walked in the graph, or known from a comparison the collector made for commits outside it.
 */
export function isProperAncestor(history: History, ancestor: string, descendant: string): boolean {
  if (ancestor === descendant) return false;
  if (history.outside.properAncestors.has(`${ancestor}>${descendant}`)) return true;
  const commits = history.graph;
  if (!commits.has(ancestor) || !commits.has(descendant)) return false;
  const seen = new Set<string>([descendant]);
  const stack = [descendant];
  while (stack.length > 0) {
    const commit = commits.get(stack.pop() as string);
    if (commit === undefined) continue;
    for (const parent of commit.parents) {
      if (parent === ancestor) return true;
      if (seen.has(parent)) continue;
      seen.add(parent);
      stack.push(parent);
    }
  }
  return false;
}

/** Index of the last deployment completed at or before `t`, or -1. */
export function lastDeploymentAtOrBefore(history: History, t: Millis): number {
  let low = 0;
  let high = history.deployments.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((history.deployments[mid] as Deployment).time <= t) low = mid + 1;
    else high = mid;
  }
  return low - 1;
}

/** Index of the first deployment completed strictly after `t`, or -1. */
export function firstDeploymentAfter(history: History, t: Millis): number {
  const next = lastDeploymentAtOrBefore(history, t) + 1;
  return next < history.deployments.length ? next : -1;
}

/**
 * The deployment that first shipped a commit: a branch commit directly, or a pull request's own
 * commit (absent from the branch after a squash or rebase merge) through that pull request's merge
 * commit. Undefined when nothing shipped it.
 */
export function shipmentOfCommit(history: History, sha: string): number | undefined {
  const direct = history.firstShipment.get(sha);
  if (direct !== undefined || history.graph.has(sha)) return direct;
  for (const number of history.containingPullRequests.get(sha) ?? []) {
    const pr = history.pullRequests.get(number);
    const shipment = pr === undefined ? undefined : history.firstShipment.get(pr.mergeCommitSha);
    if (shipment !== undefined) return shipment;
  }
  return undefined;
}

/**
 * The commit a `This reverts commit <ref>` names: the full SHA, or a prefix of 7 or more hex digits
 * that matches exactly one commit. The collector's answer for the repository wins; without one, the
 * commits known here (the graph and the pull requests' own commits) are searched. Null: it names none.
 */
export function resolveCommitRef(history: History, ref: string): string | null {
  const wanted = ref.toLowerCase();
  const answered = history.outside.revertRefs.get(wanted);
  if (answered !== undefined) return answered;
  if (wanted.length === 40) return history.graph.has(wanted) || history.containingPullRequests.has(wanted) ? wanted : null;
  const matches = new Set<string>();
  for (const sha of history.graph.keys()) if (sha.startsWith(wanted)) matches.add(sha);
  for (const sha of history.containingPullRequests.keys()) if (sha.startsWith(wanted)) matches.add(sha);
  return matches.size === 1 ? ([...matches][0] as string) : null;
}

/**
 * Facts about commits outside the history read, so that revert targets, rollbacks and deployments
 * of other branches are resolved over the whole history (docs/metrics.md "Resolved over the whole
 * history", "Deployments from other branches and rewritten history") for a few requests, instead of
 * reading the repository's whole history:
 *
 * - a deployed commit the branch history read does not hold is compared with the branch head
 *   (REST compare, one request): on the branch but older (`behind`), off the branch with the commits
 *   it adds (`ahead`/`diverged`: a release branch forked from the production branch), or sharing no
 *   history (404);
 * - a deployment that may roll back past the history read is compared with the deployment before it;
 * - `This reverts commit <ref>` references the commits read do not settle (every abbreviation, and
 *   full SHAs not read) are resolved by the repository, 50 to a GraphQL request, as are pull
 *   requests named by `revert-<N>-` branches that were not read.
 *
 * The requests are bounded (`MAX_COMPARISONS`); past the bound the affected metrics are withheld.
 */
import { inDeploymentOrder } from '../dora/deployments.js';
import { revertReferences } from '../dora/reverts.js';
import type { Commit, Deployment, OutsideHistory, PullRequest } from '../dora/model.js';
import type { GitHubClient } from './client.js';
import { type CommitNode, REFS_PER_QUERY, toHistoryCommit, withAssociatedPullRequests } from './commits.js';
import { type Between, type Comparer, type Comparison, MAX_COMPARISONS, newComparer, toCommit } from './compare.js';
import { COMMIT_HISTORY, type Connection } from './queries.js';
import { committedDate, oldestShippedInWindows } from './extend-source.js';
import { CHANGE_METRICS, DAY_MS, type Missing, type Scope } from './scope.js';
import { pageConnection } from './paginate.js';

/** Where a deployed commit stands against the production branch, as a comparison with its head said. */
export type CommitFact =
  | { readonly kind: 'on-branch' }
  | { readonly kind: 'unrelated' }
  | { readonly kind: 'other'; readonly commits: readonly Commit[]; readonly mergeBase: string };

/**
 * What a run keeps of these facts for the next: git commits and their ancestry never change, so
 * ancestry and resolved references always hold; where a commit stands against the branch holds as
 * long as the branch only moved forward (the caller drops `commits` otherwise).
 */
export interface OutsideKept {
  readonly commits: Readonly<Record<string, CommitFact>>;
  /** `${a}...${b}`: how commit b compares with a (git history never changes, so this always holds). */
  readonly between: Readonly<Record<string, Between>>;
  /** References the repository resolved to a commit (those it did not are asked again). */
  readonly revertRefs: Readonly<Record<string, string>>;
  /**
   * `${stop}...${parent}`: the commits a branch merged into the production branch holds that the
   * commit where the history read stopped does not (`readMergedBranches`), with their pull requests.
   */
  readonly merged?: Readonly<Record<string, Between>>;
  /** Own commits of merge-commit pull requests, outside the history read, to the pull requests GitHub associates with them. */
  readonly carried?: Readonly<Record<string, readonly number[]>>;
}

export interface OutsideInput {
  /** The production branch's newest commit at the window end; null with no history. */
  readonly head: string | null;
  /** The branch commits read. */
  readonly commits: ReadonlyMap<string, Commit>;
  /** Every deployment read, any order. */
  readonly deployments: readonly Deployment[];
  /** Commits deployed from the production branch itself: before the windows, no comparison places them. */
  readonly fromBranch: ReadonlySet<string>;
  readonly pullRequests: readonly PullRequest[];
  readonly signals: { readonly revert: boolean; readonly rollback: boolean };
  /** What an earlier run learned; null for none. */
  readonly kept?: OutsideKept | null;
  /** Reads merged pull requests by number (those deployed from another branch). */
  readonly pullRequestsByNumber: (numbers: readonly number[]) => Promise<PullRequest[]>;
  /** The run's comparisons, shared with `readMergedBranches`; a new one when absent. */
  readonly comparer?: Comparer;
}

export interface OutsideRead {
  readonly otherCommits: Commit[];
  /** Merged pull requests whose merge commit is one of `otherCommits` (merged into another branch, deployed from it). */
  readonly otherPullRequests: PullRequest[];
  readonly outside: OutsideHistory;
  readonly missing: Missing[];
  /** For the next run. */
  readonly kept: OutsideKept;
}

/** Commits of a first deployment's rewritten history read at most (10 requests). */
const FIRST_HISTORY_CAP = 1_000;

/** A commit and its ancestors, newest first, with their associated pull requests: at most `FIRST_HISTORY_CAP`. */
async function readCommitHistory(client: GitHubClient, scope: Scope, sha: string): Promise<{ commits: Commit[]; complete: boolean }> {
  const read = await pageConnection(
    async (after) =>
      (
        await client.graphql<{ repository: { object: { history?: Connection<CommitNode> } | null } | null }>(COMMIT_HISTORY, {
          owner: scope.owner,
          name: scope.repo,
          oid: sha,
          after,
        })
      ).repository?.object?.history,
    () => false,
    FIRST_HISTORY_CAP / 100,
  );
  return { commits: read.nodes.map(toHistoryCommit), complete: read.complete };
}

export async function readOutsideHistory(client: GitHubClient, scope: Scope, input: OutsideInput): Promise<OutsideRead> {
  const onBranch = new Set<string>();
  const unrelated = new Set<string>();
  const properAncestors: [string, string][] = [];
  const otherCommits = new Map<string, Commit>();
  const missing: Missing[] = [];
  let overBudget = false;

  const comparer = input.comparer ?? newComparer(client, scope);
  const compare = async (base: string, head: string): Promise<Comparison | null> => {
    const result = await comparer.compare(base, head);
    if (comparer.overBudget) overBudget = true;
    return result;
  };

  const deployments = inDeploymentOrder(input.deployments.filter((d) => d.time < scope.end));
  const firstInWindows = deployments.findIndex((d) => d.time >= scope.previousStart);
  // The deployments whose commits the numbers need: those in the windows and the one before them,
  // and earlier ones of other branches: one that ran a commit the baseline lacks (a release branch
  // deployed before a rollback) first shipped that commit's changes (docs/metrics.md "Lead time for
  // changes"). An earlier deployment of the production branch that the history read does not hold is
  // older than the baseline's commit, so the baseline holds it; except one that completed after the
  // baseline's commit was committed and after a commit the windows ship first was (less a day for
  // the committer's clock): the baseline then rolled back past it, and a force push may have removed
  // its commit from the branch after it shipped that commit. Placing it costs a comparison, only then.
  const since = firstInWindows < 0 ? deployments.length - 1 : Math.max(0, firstInWindows - 1);
  const oldestShipped = oldestShippedInWindows(scope, deployments, [...input.commits.values()]);
  const baselineCommit = deployments[since] === undefined ? undefined : input.commits.get((deployments[since] as Deployment).sha);
  const baselineCommitted = baselineCommit === undefined ? null : committedDate(baselineCommit);
  const mayHaveShipped = (d: Deployment): boolean =>
    oldestShipped !== null &&
    baselineCommitted !== null &&
    d.time >= Math.max(oldestShipped - DAY_MS, baselineCommitted) &&
    !input.commits.has(d.sha);
  const relevant = deployments.filter((d, i) => i >= since || !input.fromBranch.has(d.sha) || mayHaveShipped(d));
  const inGraph = (sha: string): boolean => input.commits.has(sha) || otherCommits.has(sha);

  const keptFacts: Record<string, CommitFact> = {};
  /** Other commits whose associated pull requests are known (kept from a run that asked). */
  const asked = new Set<string>();
  const keptBetween: Record<string, Between> = {};
  if (input.head !== null) {
    for (const sha of new Set(relevant.map((d) => d.sha))) {
      if (input.commits.has(sha)) continue;
      let fact = input.kept?.commits[sha];
      const fromKept = fact !== undefined;
      if (fact === undefined) {
        const result = await compare(input.head, sha);
        if (overBudget) break;
        fact =
          result === null
            ? { kind: 'unrelated' }
            : result.status === 'identical' || result.status === 'behind'
              ? { kind: 'on-branch' }
              : { kind: 'other', commits: result.commits.map(toCommit), mergeBase: result.merge_base_commit.sha };
      }
      keptFacts[sha] = fact;
      if (fact.kind === 'unrelated') unrelated.add(sha);
      else if (fact.kind === 'on-branch') onBranch.add(sha);
      else {
        for (const c of fact.commits) {
          if (input.commits.has(c.sha)) continue;
          otherCommits.set(c.sha, c);
          if (fromKept) asked.add(c.sha);
        }
        if (!input.commits.has(fact.mergeBase)) onBranch.add(fact.mergeBase);
      }
    }
  }

  // Consecutive deployments not both in the graph: one comparison says whether the later rolled back
  // to an ancestor of the earlier (whatever the branch: a history since rewritten away still rolls
  // back), and, for a deployment sharing no history with the branch, which commits it shipped since.
  for (let i = Math.max(1, firstInWindows); firstInWindows >= 0 && i < deployments.length && !overBudget; i += 1) {
    const before = deployments[i - 1] as Deployment;
    const current = deployments[i] as Deployment;
    if (current.sha === before.sha) continue;
    const shipsUnknown = unrelated.has(current.sha);
    if (!shipsUnknown && !(input.signals.rollback && !(inGraph(current.sha) && inGraph(before.sha)))) continue;
    const key = `${before.sha}...${current.sha}`;
    let between = input.kept?.between[key];
    if (between === undefined) {
      const result = await compare(before.sha, current.sha);
      if (overBudget) break;
      between =
        result === null
          ? { status: 'unrelated', commits: [] }
          : {
              status: result.status,
              commits: result.status === 'ahead' || result.status === 'diverged' ? result.commits.map(toCommit) : [],
            };
    }
    keptBetween[key] = between;
    if (between.status === 'behind') properAncestors.push([current.sha, before.sha]);
    if (shipsUnknown) {
      for (const c of between.commits) if (!input.commits.has(c.sha) && !otherCommits.has(c.sha)) otherCommits.set(c.sha, c);
    }
  }

  // The first deployment on record, of a history since rewritten away, shipped that whole history
  // (docs/metrics.md "Deployments from other branches and rewritten history"): its commits are
  // read, for the hotfix and revert pull requests it ships (signals, never changes: the branch no
  // longer holds them). Rare; bounded like the first deployment's unmeasured commits.
  const firstOnRecord = deployments[0];
  if (firstInWindows === 0 && firstOnRecord !== undefined && unrelated.has(firstOnRecord.sha) && !overBudget) {
    const read = await readCommitHistory(client, scope, firstOnRecord.sha);
    for (const c of read.commits) {
      if (input.commits.has(c.sha)) continue;
      otherCommits.set(c.sha, c);
      asked.add(c.sha);
    }
    if (!read.complete) {
      missing.push({
        what: `the history of the first deployment on record (${firstOnRecord.sha.slice(0, 7)}), since rewritten away`,
        reason: `more than ${FIRST_HISTORY_CAP.toLocaleString('en-US')} commits would be needed`,
        metrics: CHANGE_METRICS,
      });
    }
  }

  // The pull requests merged into another branch that its deployments ship (a backported hotfix or
  // revert): GitHub associates them with their commits. Asked once per commit: kept with the fact.
  const unasked = [...otherCommits.values()].filter((c) => !asked.has(c.sha));
  for (const c of await withAssociatedPullRequests(client, scope, unasked)) otherCommits.set(c.sha, c);
  for (const [sha, fact] of Object.entries(keptFacts)) {
    if (fact.kind === 'other') keptFacts[sha] = { ...fact, commits: fact.commits.map((c) => otherCommits.get(c.sha) ?? c) };
  }

  const listed = new Set(input.pullRequests.map((pr) => pr.number));
  const deployedNumbers = [...new Set([...otherCommits.values()].flatMap((c) => c.pullRequests))].filter((n) => !listed.has(n));
  const otherPullRequests =
    deployedNumbers.length === 0
      ? []
      : (await input.pullRequestsByNumber(deployedNumbers.sort((a, b) => a - b))).filter((pr) => otherCommits.has(pr.mergeCommitSha));

  let revertRefs: Record<string, string | null> = {};
  let mergedPullRequests: number[] = [];
  if (input.signals.revert) {
    const all = { ...input, pullRequests: [...input.pullRequests, ...otherPullRequests] };
    ({ revertRefs, mergedPullRequests } = await resolveRevertTargets(client, scope, all, otherCommits));
  }
  const keptRefs: Record<string, string> = {};
  for (const [ref, sha] of Object.entries(revertRefs)) if (sha !== null) keptRefs[ref] = sha;

  if (overBudget) {
    missing.push({
      what: 'commits deployed or rolled back to outside the history read',
      reason: `more than ${MAX_COMPARISONS} comparisons would be needed to place them`,
      metrics: CHANGE_METRICS,
    });
  }
  return {
    otherCommits: [...otherCommits.values()],
    otherPullRequests,
    outside: { onBranch: [...onBranch], properAncestors, revertRefs, mergedPullRequests },
    missing,
    kept: { commits: keptFacts, between: keptBetween, revertRefs: keptRefs },
  };
}

/** Revert references and reverted pull requests the commits and pull requests read do not settle. */
async function resolveRevertTargets(
  client: GitHubClient,
  scope: Scope,
  input: OutsideInput,
  otherCommits: ReadonlyMap<string, Commit>,
): Promise<{ revertRefs: Record<string, string | null>; mergedPullRequests: number[] }> {
  const known = new Set<string>([...input.commits.keys(), ...otherCommits.keys()]);
  const prNumbers = new Set<number>();
  const messages: string[] = [];
  for (const pr of input.pullRequests) {
    prNumbers.add(pr.number);
    for (const c of pr.commits) {
      known.add(c.sha);
      messages.push(c.message);
    }
  }
  for (const c of input.commits.values()) messages.push(c.message);
  for (const c of otherCommits.values()) messages.push(c.message);
  const answered = input.kept?.revertRefs ?? {};
  const refs = [...new Set(revertReferences(messages))].filter(
    (ref) => (ref.length < 40 || !known.has(ref)) && answered[ref] === undefined,
  );
  const revertedPrs = new Set<number>();
  for (const pr of input.pullRequests) {
    const n = /^revert-(\d+)-/.exec(pr.headRef);
    if (n && !prNumbers.has(Number(n[1]))) revertedPrs.add(Number(n[1]));
  }

  const revertRefs: Record<string, string | null> = {};
  for (const ref of new Set(revertReferences(messages))) if (answered[ref] !== undefined) revertRefs[ref] = answered[ref] as string;
  const mergedPullRequests: number[] = [];
  const items: ({ kind: 'ref'; ref: string } | { kind: 'pr'; number: number })[] = [
    ...refs.map((ref) => ({ kind: 'ref' as const, ref })),
    ...[...revertedPrs].map((number) => ({ kind: 'pr' as const, number })),
  ];
  for (let i = 0; i < items.length; i += REFS_PER_QUERY) {
    const batch = items.slice(i, i + REFS_PER_QUERY);
    // Each reference is hex and each number an integer (checked by the patterns that found them).
    const fields = batch
      .map((item, k) =>
        item.kind === 'ref'
          ? `r${k}: object(expression: "${item.ref}") { ... on Commit { oid } }`
          : `p${k}: pullRequest(number: ${item.number}) { number merged }`,
      )
      .join('\n');
    const query = `query RevertTargets($owner: String!, $name: String!) { rateLimit { cost remaining } repository(owner: $owner, name: $name) { ${fields} } }`;
    const data = await graphqlAllowingNotFound<{ repository: Record<string, { oid?: string; merged?: boolean } | null> | null }>(
      client,
      query,
      { owner: scope.owner, name: scope.repo },
    );
    batch.forEach((item, k) => {
      if (item.kind === 'ref') {
        const oid = data?.repository?.[`r${k}`]?.oid;
        revertRefs[item.ref] = typeof oid === 'string' ? oid.toLowerCase() : null;
      } else if (data?.repository?.[`p${k}`]?.merged === true) {
        mergedPullRequests.push(item.number);
      }
    });
  }
  return { revertRefs, mergedPullRequests };
}

/** A GraphQL read where a field may name nothing: GitHub answers NOT_FOUND beside the data it has. */
async function graphqlAllowingNotFound<T>(client: GitHubClient, query: string, variables: Record<string, unknown>): Promise<T | null> {
  try {
    return await client.graphql<T>(query, variables);
  } catch (error) {
    const e = error as { name?: string; errors?: { type?: string }[]; data?: T };
    if (e.name === 'GraphqlResponseError' && (e.errors ?? []).every((x) => x.type === 'NOT_FOUND')) return e.data ?? null;
    throw error;
  }
}

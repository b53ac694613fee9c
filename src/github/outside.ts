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
import { metricsNeeding } from '../dora/metrics.js';
import type { Commit, Deployment, OutsideHistory, PullRequest } from '../dora/model.js';
import { type CommitNode, loginOfNoreplyEmail, toHistoryCommit } from './history.js';
import { COMMIT_HISTORY, type Connection } from './queries.js';
import type { GitHubClient } from './client.js';
import { ms, type Missing, type Scope } from './scope.js';

/** Comparisons at most in one run; every one is a REST request. Kept facts cost none. */
export const MAX_COMPARISONS = 100;

/** Where a deployed commit stands against the production branch, as a comparison with its head said. */
export type CommitFact =
  | { readonly kind: 'on-branch' }
  | { readonly kind: 'unrelated' }
  | { readonly kind: 'other'; readonly commits: readonly Commit[]; readonly mergeBase: string };

/** Two deployed commits compared: `behind` makes the later one's commit a proper ancestor (a rollback). */
export interface Between {
  readonly status: 'identical' | 'ahead' | 'behind' | 'diverged' | 'unrelated';
  /** The commits the later holds and the earlier does not (ahead or diverged). */
  readonly commits: readonly Commit[];
}

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
/** Commits of one comparison read at most (GitHub pages them 100 at a time). */
const MAX_COMPARE_COMMITS = 300;
const REFS_PER_QUERY = 50;

interface CompareCommit {
  sha: string;
  parents: { sha: string }[];
  commit: { message: string; author: { date?: string; email?: string } | null };
  author: { login: string } | null;
}

interface Comparison {
  status: 'identical' | 'ahead' | 'behind' | 'diverged';
  total_commits: number;
  merge_base_commit: { sha: string };
  commits: CompareCommit[];
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

const CHANGE_METRICS = metricsNeeding('history');

const toCommit = (c: CompareCommit): Commit => ({
  sha: c.sha,
  parents: c.parents.map((p) => p.sha),
  authoredAt: c.commit.author?.date ? ms(c.commit.author.date) : 0,
  message: c.commit.message,
  author: c.author?.login ?? loginOfNoreplyEmail(c.commit.author?.email ?? null),
  pullRequests: [],
});

/** True for the 404 GitHub gives when two commits share no history, or a commit does not exist. */
const isNotFound = (error: unknown): boolean => (error as { status?: number } | null)?.status === 404;

/** REST comparisons of two commits, counted against one bound (`MAX_COMPARISONS`) for the whole run. */
export interface Comparer {
  /** Null when the commits share no history (or one does not exist), or past the bound. */
  compare(base: string, head: string): Promise<Comparison | null>;
  readonly overBudget: boolean;
}

export function newComparer(client: GitHubClient, scope: Scope): Comparer {
  let comparisons = 0;
  const state = {
    overBudget: false,
    async compare(base: string, head: string): Promise<Comparison | null> {
      if (comparisons >= MAX_COMPARISONS) {
        state.overBudget = true;
        return null;
      }
      const pages: Comparison[] = [];
      for (let page = 1; ; page += 1) {
        comparisons += 1;
        try {
          const { data } = await client.octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
            owner: scope.owner,
            repo: scope.repo,
            basehead: `${base}...${head}`,
            per_page: 100,
            page,
          });
          pages.push(data as unknown as Comparison);
        } catch (error) {
          if (isNotFound(error)) return null;
          throw error;
        }
        const read = pages.reduce((n, p) => n + p.commits.length, 0);
        const last = pages[pages.length - 1] as Comparison;
        if (read >= last.total_commits || last.commits.length === 0) break;
        if (read >= MAX_COMPARE_COMMITS || comparisons >= MAX_COMPARISONS) {
          state.overBudget = true;
          break;
        }
      }
      const first = pages[0] as Comparison;
      return { ...first, commits: pages.flatMap((p) => p.commits) };
    },
  };
  return state;
}

/** Commits of a first deployment's rewritten history read at most (10 requests). */
const FIRST_HISTORY_CAP = 1_000;

/** A commit and its ancestors, newest first, with their associated pull requests: at most `FIRST_HISTORY_CAP`. */
async function readCommitHistory(client: GitHubClient, scope: Scope, sha: string): Promise<{ commits: Commit[]; complete: boolean }> {
  const commits: Commit[] = [];
  let after: string | null = null;
  for (;;) {
    const data: { repository: { object: { history?: Connection<CommitNode> } | null } | null } = await client.graphql(COMMIT_HISTORY, {
      owner: scope.owner,
      name: scope.repo,
      oid: sha,
      after,
    });
    const history = data.repository?.object?.history;
    if (!history) return { commits, complete: true };
    commits.push(...history.nodes.map(toHistoryCommit));
    if (!history.pageInfo.hasNextPage) return { commits, complete: true };
    if (commits.length >= FIRST_HISTORY_CAP) return { commits, complete: false };
    after = history.pageInfo.endCursor;
  }
}

/** Each commit with the pull requests GitHub associates with it, 50 commits to a GraphQL request. */
async function withAssociatedPullRequests(client: GitHubClient, scope: Scope, commits: readonly Commit[]): Promise<Commit[]> {
  const out: Commit[] = [];
  for (let i = 0; i < commits.length; i += REFS_PER_QUERY) {
    const batch = commits.slice(i, i + REFS_PER_QUERY);
    const fields = batch.map(
      (c, k) => `c${k}: object(oid: "${c.sha}") { ... on Commit { associatedPullRequests(first: 5) { nodes { number } } } }`,
    );
    const query = `query DeployedPullRequests($owner: String!, $name: String!) { rateLimit { cost remaining } repository(owner: $owner, name: $name) { ${fields.join('\n')} } }`;
    const data = await client.graphql<{
      repository: Record<string, { associatedPullRequests?: { nodes: { number: number }[] } } | null> | null;
    }>(query, { owner: scope.owner, name: scope.repo });
    batch.forEach((c, k) => {
      const numbers = (data.repository?.[`c${k}`]?.associatedPullRequests?.nodes ?? []).map((n) => n.number);
      out.push({ ...c, pullRequests: numbers });
    });
  }
  return out;
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
  // older than the baseline's commit, so the baseline holds it.
  const since = firstInWindows < 0 ? deployments.length - 1 : Math.max(0, firstInWindows - 1);
  const relevant = deployments.filter((d, i) => i >= since || !input.fromBranch.has(d.sha));
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

export interface MergedInput {
  /** The branch commits read, newest first. */
  readonly commits: readonly Commit[];
  /** The commit the read stopped at (the baseline's, or the first deployment's); null: it stopped by date. */
  readonly stop: string | null;
  readonly pullRequests: readonly PullRequest[];
  readonly kept?: Readonly<Record<string, Between>>;
  readonly comparer: Comparer;
}

/**
 * The branch commits the history read lacks. Git lists history by committed date and the read stops
 * at the commit of the baseline (or first) deployment, so a branch merged later without a pull
 * request (`git merge develop`) can hold commits committed before that commit, which it does not
 * contain: they are shipped by the merge's deployment, not before. Such a branch shows as a commit
 * read that the stop commit does not reach and whose parent was not read. One REST compare of the
 * stop commit with that parent lists exactly the commits the stop commit lacks; their pull requests
 * come from one GraphQL request per 50. A pull request's merge is left out (its own commits, read
 * with it, are the change), and so are its own commits. Kept between runs: git history never changes.
 */
export async function readMergedBranches(
  client: GitHubClient,
  scope: Scope,
  input: MergedInput,
): Promise<{ commits: Commit[]; merged: Record<string, Between>; complete: boolean }> {
  const read = new Map(input.commits.map((c) => [c.sha, c]));
  const merged: Record<string, Between> = {};
  if (input.stop === null || !read.has(input.stop)) return { commits: [], merged, complete: true };
  // The commits read that the stop commit reaches: their missing parents are its ancestors.
  const reached = new Set<string>([input.stop]);
  const stack = [input.stop];
  while (stack.length > 0) {
    for (const parent of read.get(stack.pop() as string)?.parents ?? []) {
      if (reached.has(parent) || !read.has(parent)) continue;
      reached.add(parent);
      stack.push(parent);
    }
  }
  const held = new Set(input.pullRequests.flatMap((pr) => pr.commits.map((c) => c.sha)));
  const prMerges = new Set(input.pullRequests.map((pr) => pr.mergeCommitSha));
  const candidates = new Set<string>();
  for (const c of input.commits) {
    if (reached.has(c.sha) || held.has(c.sha)) continue;
    c.parents.forEach((parent, index) => {
      if (index > 0 && prMerges.has(c.sha)) return;
      if (!read.has(parent) && !held.has(parent) && /^[0-9a-f]{40}$/.test(parent)) candidates.add(parent);
    });
  }
  const found = new Map<string, Commit>();
  let complete = true;
  for (const parent of candidates) {
    if (found.has(parent)) continue;
    const key = `${input.stop}...${parent}`;
    let between = input.kept?.[key];
    if (between === undefined) {
      const result = await input.comparer.compare(input.stop, parent);
      if (input.comparer.overBudget) {
        complete = false;
        break;
      }
      const commits = result !== null && (result.status === 'ahead' || result.status === 'diverged') ? result.commits.map(toCommit) : [];
      between = {
        status: result === null ? 'unrelated' : result.status,
        commits: await withAssociatedPullRequests(client, scope, commits),
      };
    }
    merged[key] = between;
    for (const c of between.commits) if (!read.has(c.sha)) found.set(c.sha, c);
  }
  return { commits: [...found.values()], merged, complete };
}

/**
 * The pull requests a merge-commit pull request brings along: merged or rebased into its head branch
 * first (`develop`), their merge commits are among its own commits, which the history read lacks when
 * they are older than where it stopped. GitHub associates each with its pull requests; asked 50
 * commits to a GraphQL request, once (kept between runs). Returns the pull request numbers, the
 * carrier's own left out, and `carried`: those own commits (all on the branch, through the merge) with
 * their pull requests, which is also what to keep.
 */
export async function readCarriedPullRequests(
  client: GitHubClient,
  scope: Scope,
  input: {
    readonly commits: readonly Commit[];
    readonly pullRequests: readonly PullRequest[];
    readonly kept?: Readonly<Record<string, readonly number[]>>;
  },
): Promise<{ numbers: number[]; carried: Record<string, readonly number[]> }> {
  const read = new Map(input.commits.map((c) => [c.sha, c]));
  const carried: Record<string, readonly number[]> = {};
  const ask: Commit[] = [];
  const carriers = new Map<string, number>();
  for (const pr of input.pullRequests) {
    if ((read.get(pr.mergeCommitSha)?.parents.length ?? 0) < 2) continue;
    for (const c of pr.commits) {
      if (read.has(c.sha) || carriers.has(c.sha)) continue;
      carriers.set(c.sha, pr.number);
      const known = input.kept?.[c.sha];
      if (known !== undefined) carried[c.sha] = known;
      else ask.push({ sha: c.sha, parents: [], authoredAt: c.authoredAt, message: c.message, author: null, pullRequests: [] });
    }
  }
  for (const c of await withAssociatedPullRequests(client, scope, ask)) carried[c.sha] = c.pullRequests;
  const numbers = new Set<number>();
  for (const [sha, prs] of Object.entries(carried)) for (const n of prs) if (n !== carriers.get(sha)) numbers.add(n);
  return { numbers: [...numbers], carried };
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

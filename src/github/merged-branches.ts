import type { Commit, PullRequest } from '../dora/model.js';
import type { GitHubClient } from './client.js';
import { withAssociatedPullRequests } from './commits.js';
import { type Between, type Comparer, toCommit } from './compare.js';
import type { Scope } from './scope.js';

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

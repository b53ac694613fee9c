import type { Commit } from '../dora/model.js';
import type { GitHubClient } from './client.js';
import { loginOfNoreplyEmail } from './commits.js';
import { ms, type Scope } from './scope.js';

/** Comparisons at most in one run; every one is a REST request. Kept facts cost none. */
export const MAX_COMPARISONS = 100;

/** Two deployed commits compared: `behind` makes the later one's commit a proper ancestor (a rollback). */
export interface Between {
  readonly status: 'identical' | 'ahead' | 'behind' | 'diverged' | 'unrelated';
  /** The commits the later holds and the earlier does not (ahead or diverged). */
  readonly commits: readonly Commit[];
}

/** Commits of one comparison read at most (GitHub pages them 100 at a time). */
const MAX_COMPARE_COMMITS = 300;

interface CompareCommit {
  sha: string;
  parents: { sha: string }[];
  commit: { message: string; author: { date?: string; email?: string } | null };
  author: { login: string } | null;
}

export interface Comparison {
  status: 'identical' | 'ahead' | 'behind' | 'diverged';
  total_commits: number;
  merge_base_commit: { sha: string };
  commits: CompareCommit[];
}

export const toCommit = (c: CompareCommit): Commit => ({
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

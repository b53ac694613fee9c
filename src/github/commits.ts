import type { Commit } from '../dora/model.js';
import type { GitHubClient } from './client.js';
import { ms, type Scope } from './scope.js';

export interface CommitNode {
  oid: string;
  committedDate: string;
  authoredDate: string;
  message: string;
  author: { email: string | null; user: { login: string } | null } | null;
  parents: { nodes: { oid: string; committedDate: string }[] };
  associatedPullRequests: { nodes: { number: number }[] } | null;
}

/** A commit of the branch history as kept between runs: the engine's record and its committed date. */
export interface HistoryCommit extends Commit {
  readonly committedAt: number;
}

/**
 * The login in a GitHub noreply address (`12345+login@users.noreply.github.com`, or the older
 * `login@users.noreply.github.com`). A bot's commits carry one and no `user` (GraphQL types the
 * author's account as a User, which a bot is not), so `exclude-authors` can still name it.
 */
export function loginOfNoreplyEmail(email: string | null): string | null {
  const m = /^(?:\d+\+)?([^@\s]+)@users\.noreply\.github\.com$/i.exec(email ?? '');
  return m ? (m[1] as string) : null;
}

export const toHistoryCommit = (c: CommitNode): HistoryCommit => ({
  sha: c.oid,
  parents: c.parents.nodes.map((p) => p.oid),
  authoredAt: ms(c.authoredDate),
  message: c.message,
  author: c.author?.user?.login ?? loginOfNoreplyEmail(c.author?.email ?? null),
  pullRequests: (c.associatedPullRequests?.nodes ?? []).map((p) => p.number),
  committedAt: ms(c.committedDate),
});

export const REFS_PER_QUERY = 50;

/** Each commit with the pull requests GitHub associates with it, 50 commits to a GraphQL request. */
export async function withAssociatedPullRequests(client: GitHubClient, scope: Scope, commits: readonly Commit[]): Promise<Commit[]> {
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

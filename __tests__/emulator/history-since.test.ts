/**
 * `Commit.history(since:, until:)` as git's `--since` and `--until`: both inclusive, in whole
 * seconds; `until` leaves newer commits out of the list but walks through them, `since` stops the
 * walk at an older commit (git's documented behaviour, which `--since-as-filter` exists to avoid).
 * The action reads the history in slices with them (src/github/history.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.js';
import { type Emulator, startEmulator } from './server.js';

const T = Date.parse('2026-03-01T00:00:00Z');
const DAY = 86_400_000;
const at = (t: number): string => new Date(t).toISOString();
const sha = (c: string): string => c.repeat(40);

/**
 * main: H (day 10) - A (day 2, dated before its parent) - B (day 8) - C (day 1) - D (day 0.5, at
 * 12:00:00.600, a time with milliseconds git would not keep).
 */
function skewed(): Dataset {
  const commit = (id: string, parent: string | null, t: number) => ({
    sha: sha(id),
    parents: parent ? [sha(parent)] : [],
    message: id,
    author: 'alice',
    authoredAt: at(t),
    committedAt: at(t),
  });
  return {
    format: 1,
    now: at(T + 20 * DAY),
    repository: { owner: 'acme', name: 'skew', defaultBranch: 'main' },
    branches: { main: sha('e') },
    commits: [
      commit('e', 'a', T + 10 * DAY),
      commit('a', 'b', T + 2 * DAY),
      commit('b', 'c', T + 8 * DAY),
      commit('c', 'd', T + DAY),
      commit('d', null, T + DAY / 2 + 600),
    ],
  } as Dataset;
}

const QUERY = `query Slice($since: GitTimestamp, $until: GitTimestamp) {
  repository(owner: "acme", name: "skew") { ref(qualifiedName: "refs/heads/main") { target { ... on Commit {
    history(first: 100, since: $since, until: $until) { totalCount nodes { oid committedDate parents(first: 5) { nodes { oid committedDate } } } }
  } } } }
}`;

describe('history(since:, until:) as git walks them', () => {
  let em: Emulator;
  beforeAll(async () => {
    em = await startEmulator({ dataset: skewed(), port: 0 });
  });
  afterAll(() => em.close());

  const slice = async (variables: { since?: string; until?: string }): Promise<string[]> => {
    const res = await fetch(em.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY, variables }),
    });
    const body = (await res.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(em.requests.at(-1)).toMatchObject({ operation: 'Slice', valid: true });
    return body.data.repository.ref.target.history.nodes.map((n: { oid: string }) => n.oid[0]);
  };

  it('lists in walk order: a commit dated before its parent comes before it', async () => {
    expect(await slice({})).toEqual(['e', 'a', 'b', 'c', 'd']);
  });

  it('`until` leaves newer commits out but walks through them', async () => {
    expect(await slice({ until: at(T + 9 * DAY) })).toEqual(['a', 'b', 'c', 'd']);
  });

  it('`since` stops the walk at an older commit: what is behind it is not listed, however new', async () => {
    // Read as a filter, B (day 8) would be listed too.
    expect(await slice({ since: at(T + 5 * DAY) })).toEqual(['e']);
    expect(await slice({ since: at(T + DAY / 4) })).toEqual(['e', 'a', 'b', 'c', 'd']);
  });

  it('both ends are inclusive, in whole seconds', async () => {
    expect(await slice({ since: at(T + 2 * DAY), until: at(T + 2 * DAY) })).toEqual(['a']);
    // D is committed at 12:00:00.600: the second 12:00:00 holds it, from either end.
    const second = at(T + DAY / 2);
    expect(await slice({ since: second, until: second })).toEqual(['d']);
    expect(await slice({ since: at(T + DAY / 2 + 1000) })).toEqual(['e', 'a', 'b', 'c']);
    expect(await slice({ until: at(T + DAY / 2 - 1000) })).toEqual([]);
  });
});

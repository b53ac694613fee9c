import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from './server.js';
import { SHA, historyDataset } from './synthetic.js';

const SMALL_PATH = fileURLToPath(new URL('../fixtures/examples/small-30d.json', import.meta.url));

async function gql(
  em: Emulator,
  query: string,
  variables: Record<string, unknown> = {},
  url = em.graphqlUrl,
): Promise<{ status: number; body: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() };
}

const REPO = 'repository(owner: "acme", name: "tiny")';

describe('GraphQL over a hand-built history', () => {
  let em: Emulator;
  beforeAll(async () => {
    em = await startEmulator({ dataset: historyDataset() });
  });
  afterAll(() => em.close());

  it("rejects a query GitHub's schema rejects: 200 with errors, logged invalid", async () => {
    const r = await gql(em, `query Bad { ${REPO} { nameWithOwner colour } }`);
    expect(r.status).toBe(200);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors[0].message).toMatch(/Cannot query field "colour" on type "Repository"/);
    expect(em.requests.at(-1)).toMatchObject({ operation: 'Bad', valid: false, status: 200 });

    const syntax = await gql(em, '{ repository(owner: "acme" { id } }');
    expect(syntax.body.errors[0].message).toMatch(/Syntax Error/);
    const badVariable = await gql(
      em,
      'query V($n: Int!) { repository(owner: "acme", name: "tiny") { pullRequest(number: $n) { title } } }',
      { n: 'one' },
    );
    expect(badVariable.body.errors[0].message).toMatch(/Int cannot represent/);
    expect(em.requests.at(-1)!.valid).toBe(false);
  });

  it("enforces GitHub's pagination rules: first/last at most 100, and one of them on every connection asked for records", async () => {
    const tooMany = await gql(em, `query Many { ${REPO} { pullRequests(first: 101) { nodes { number } } } }`);
    expect(tooMany.body.errors).toEqual([
      expect.objectContaining({
        type: 'EXCESSIVE_PAGINATION',
        path: ['query', 'repository', 'pullRequests'],
        message: 'Requesting 101 records on the `pullRequests` connection exceeds the `first` limit of 100 records.',
      }),
    ]);
    expect(em.requests.at(-1)!.valid).toBe(false);

    const viaVariable = await gql(em, `query L($n: Int) { ${REPO} { issues(last: $n) { nodes { number } } } }`, { n: 250 });
    expect(viaVariable.body.errors[0].message).toBe(
      'Requesting 250 records on the `issues` connection exceeds the `last` limit of 100 records.',
    );

    const unbounded = await gql(em, `{ ${REPO} { deployments { nodes { id } } } }`);
    expect(unbounded.body.errors[0]).toMatchObject({
      type: 'MISSING_PAGINATION_BOUNDARIES',
      message: 'You must provide a `first` or `last` value to properly paginate the `deployments` connection.',
    });

    const nested = await gql(em, `{ ${REPO} { pullRequests(first: 5) { nodes { commits { nodes { commit { oid } } } } } } }`);
    expect(nested.body.errors[0].path).toEqual(['query', 'repository', 'pullRequests', 'nodes', 'commits']);

    const countOnly = await gql(em, `{ ${REPO} { pullRequests(states: MERGED) { totalCount } } }`);
    expect(countOnly.body.errors).toBeUndefined();
    expect(countOnly.body.data.repository.pullRequests.totalCount).toBe(3);
  });

  it("reports the rate limit with GitHub's cost formula", async () => {
    const cheap = await gql(
      em,
      `{ rateLimit { cost limit remaining used resetAt nodeCount } ${REPO} { pullRequests(first: 10) { nodes { number } } } }`,
    );
    expect(cheap.body.data.rateLimit).toMatchObject({ cost: 1, limit: 5000, nodeCount: 10 });
    expect(cheap.body.data.rateLimit.remaining).toBe(5000 - cheap.body.data.rateLimit.used);
    // 1 + 100 + 100 x 100 connection requests = 10,101 -> 101 points; 100 + 100 x 100 + 100 x 100 x 40 nodes.
    const heavy = (n: number) =>
      `{ rateLimit { cost nodeCount } ${REPO} { pullRequests(first: 100) { nodes { commits(first: 100) { nodes { commit { associatedPullRequests(first: ${n}) { nodes { number } } } } } } } } }`;
    expect((await gql(em, heavy(40))).body.data.rateLimit).toEqual({ cost: 101, nodeCount: 410_100 });
    const tooBig = await gql(em, heavy(50));
    expect(tooBig.body.errors[0]).toMatchObject({ type: 'MAX_NODE_LIMIT_EXCEEDED' });
    expect(tooBig.body.errors[0].message).toMatch(/510,100/);
  });

  it('pages with opaque cursors and pageInfo, forwards and backwards', async () => {
    const q = `query P($after: String, $before: String, $first: Int, $last: Int) { ${REPO} {
      pullRequests(first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { number } edges { cursor node { number } } } } }`;
    const p1 = (await gql(em, q, { first: 2 })).body.data.repository.pullRequests;
    expect(p1.totalCount).toBe(5);
    expect(p1.nodes.map((n: { number: number }) => n.number)).toEqual([1, 2]);
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(p1.edges[1].cursor).toBe(p1.pageInfo.endCursor);
    expect(() => JSON.parse(p1.pageInfo.endCursor)).toThrow();
    const p2 = (await gql(em, q, { first: 2, after: p1.pageInfo.endCursor })).body.data.repository.pullRequests;
    expect(p2.nodes.map((n: { number: number }) => n.number)).toEqual([3, 5]);
    const p3 = (await gql(em, q, { first: 2, after: p2.pageInfo.endCursor })).body.data.repository.pullRequests;
    expect(p3.nodes.map((n: { number: number }) => n.number)).toEqual([6]);
    expect(p3.pageInfo.hasNextPage).toBe(false);
    const back = (await gql(em, q, { last: 2, before: p3.pageInfo.startCursor })).body.data.repository.pullRequests;
    expect(back.nodes.map((n: { number: number }) => n.number)).toEqual([3, 5]);
    const bad = await gql(em, q, { first: 2, after: 'bm9wZQ==' });
    expect(bad.body.errors[0].message).toMatch(/does not appear to be a valid cursor/);
  });

  it('history is the commit and its ancestors, newest committer date first, ties in walk order', async () => {
    const q = `query H($since: GitTimestamp, $until: GitTimestamp) { ${REPO} { ref(qualifiedName: "refs/heads/main") { name prefix target { ... on Commit {
      history(first: 100, since: $since, until: $until) { totalCount nodes { oid } } } } } } }`;
    const all = (await gql(em, q)).body.data.repository.ref;
    expect(all).toMatchObject({ name: 'main', prefix: 'refs/heads/' });
    expect(all.target.history.nodes.map((n: { oid: string }) => n.oid)).toEqual([
      SHA.rebaseCopy,
      SHA.squash,
      SHA.merge,
      SHA.main2,
      SHA.feat2,
      SHA.feat1,
      SHA.root,
    ]);
    expect(all.target.history.totalCount).toBe(7);
    const window = (await gql(em, q, { since: '2026-01-01T09:00:00Z', until: '2026-01-01T11:00:00Z' })).body.data.repository.ref;
    expect(window.target.history.nodes.map((n: { oid: string }) => n.oid)).toEqual([SHA.squash, SHA.merge, SHA.main2, SHA.feat2]);
  });

  it('history pages continue where the cursor left off', async () => {
    const q = `query H($after: String) { ${REPO} { object(expression: "main") { ... on Commit { history(first: 3, after: $after) { pageInfo { hasNextPage endCursor } nodes { oid } } } } } }`;
    const oids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const h: any = (await gql(em, q, { after })).body.data.repository.object.history;
      oids.push(...h.nodes.map((n: { oid: string }) => n.oid));
      if (!h.pageInfo.hasNextPage) break;
      after = h.pageInfo.endCursor;
    }
    expect(oids).toHaveLength(7);
    expect(new Set(oids).size).toBe(7);
  });

  it("associatedPullRequests covers merge, squash and rebase merges and the PRs' own commits", async () => {
    const q = `query A($oid: GitObjectID!) { ${REPO} { object(oid: $oid) { ... on Commit { associatedPullRequests(first: 5) { totalCount nodes { number mergeCommit { oid } } } } } } }`;
    const prs = async (oid: string) =>
      (await gql(em, q, { oid })).body.data.repository.object.associatedPullRequests.nodes.map((n: { number: number }) => n.number);
    expect(await prs(SHA.merge)).toEqual([1]);
    expect(await prs(SHA.feat1)).toEqual([1]);
    expect(await prs(SHA.squash)).toEqual([2]);
    expect(await prs(SHA.squashSrc2)).toEqual([2]);
    expect(await prs(SHA.rebaseCopy)).toEqual([3]);
    expect(await prs(SHA.rebaseSrc)).toEqual([3]);
    expect(await prs(SHA.main2)).toEqual([]);
  });

  it('serves commits with their messages, authors and parents', async () => {
    const r = await gql(
      em,
      `{ ${REPO} { object(expression: "main~2") { ... on Commit {
      oid abbreviatedOid url message messageHeadline messageBody committedDate authoredDate pushedDate
      author { name email date user { login } } committer { date }
      parents(first: 5) { totalCount nodes { oid } pageInfo { hasNextPage } } } }
      feature: object(expression: "${SHA.feat2.slice(0, 8)}") { ... on Commit { messageHeadline messageBody } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const c = r.body.data.repository.object;
    expect(c).toMatchObject({
      oid: SHA.merge,
      abbreviatedOid: SHA.merge.slice(0, 7),
      url: `https://github.com/acme/tiny/commit/${SHA.merge}`,
      messageHeadline: 'Merge pull request #1 from acme/feature/one',
      committedDate: '2026-01-01T10:00:00Z',
      pushedDate: null,
      author: { name: 'bob', date: '2026-01-01T10:00:00Z', user: { login: 'bob' } },
      parents: { totalCount: 2, nodes: [{ oid: SHA.main2 }, { oid: SHA.feat2 }], pageInfo: { hasNextPage: false } },
    });
    expect(r.body.data.repository.feature).toEqual({ messageHeadline: 'Finish feature', messageBody: 'With a body.' });
  });

  it('bots are Bot with the [bot] suffix dropped; GitActor.user is null for them', async () => {
    const r = await gql(
      em,
      `{ ${REPO} {
      pullRequest(number: 2) { author { __typename login url } commits(first: 1) { nodes { commit { author { name user { login } } } } } }
      deployments(first: 1) { nodes { creator { __typename login } } } } }`,
    );
    const pr = r.body.data.repository.pullRequest;
    expect(pr.author).toEqual({ __typename: 'Bot', login: 'dependabot', url: 'https://github.com/apps/dependabot' });
    expect(pr.commits.nodes[0].commit.author).toEqual({ name: 'dependabot[bot]', user: null });
    expect(r.body.data.repository.deployments.nodes[0].creator).toEqual({ __typename: 'Bot', login: 'github-actions' });
  });

  it('pull requests: state, merge commit, labels, commits, reviews, sizes and filters', async () => {
    const r = await gql(
      em,
      `{ ${REPO} {
      merged: pullRequests(first: 10, states: MERGED, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { number } }
      hotfixes: pullRequests(first: 10, labels: ["hotfix", "nothing"]) { nodes { number } }
      feature: pullRequests(first: 10, headRefName: "feature/one", baseRefName: "main") { nodes { number } }
      open: pullRequests(first: 10, states: [OPEN]) { nodes { number state closedAt mergeCommit { oid } } }
      closed: pullRequests(first: 10, states: [CLOSED]) { nodes { number state merged mergedAt } }
      pullRequest(number: 1) {
        id number title url state isDraft merged createdAt updatedAt closedAt mergedAt author { login } headRefName baseRefName
        mergeCommit { oid } labels(first: 5) { totalCount nodes { name } }
        commits(first: 10) { totalCount pageInfo { hasNextPage } nodes { commit { oid authoredDate committedDate message author { user { login } } } } }
        reviews(first: 5) { totalCount nodes { author { login } state submittedAt } }
        additions deletions changedFiles } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const repo = r.body.data.repository;
    expect(repo.merged.nodes.map((n: { number: number }) => n.number)).toEqual([2, 1, 3]);
    expect(repo.hotfixes.nodes).toEqual([{ number: 3 }]);
    expect(repo.feature.nodes).toEqual([{ number: 1 }]);
    expect(repo.open.nodes).toEqual([{ number: 6, state: 'OPEN', closedAt: null, mergeCommit: null }]);
    expect(repo.closed.nodes).toEqual([{ number: 5, state: 'CLOSED', merged: false, mergedAt: null }]);
    const pr = repo.pullRequest;
    expect(pr).toMatchObject({
      number: 1,
      url: 'https://github.com/acme/tiny/pull/1',
      state: 'MERGED',
      merged: true,
      isDraft: false,
      updatedAt: '2026-01-01T10:00:00Z',
      mergeCommit: { oid: SHA.merge },
      labels: { totalCount: 1, nodes: [{ name: 'enhancement' }] },
      commits: { totalCount: 2, pageInfo: { hasNextPage: false } },
      reviews: { totalCount: 1, nodes: [{ author: { login: 'carol' }, state: 'APPROVED', submittedAt: '2026-01-01T09:30:00Z' }] },
    });
    expect(pr.commits.nodes.map((n: { commit: { oid: string } }) => n.commit.oid)).toEqual([SHA.feat1, SHA.feat2]);
    expect(pr.additions).toBeGreaterThan(0);
    expect(pr.changedFiles).toBeGreaterThan(0);
    const again = await gql(em, `{ ${REPO} { pullRequest(number: 1) { additions deletions changedFiles } } }`);
    expect(again.body.data.repository.pullRequest).toEqual({
      additions: pr.additions,
      deletions: pr.deletions,
      changedFiles: pr.changedFiles,
    });
  });

  it('a missing PR or repository is a NOT_FOUND error, valid request', async () => {
    const r = await gql(em, `{ ${REPO} { pullRequest(number: 99) { title } } }`);
    expect(r.body.errors[0]).toMatchObject({ type: 'NOT_FOUND', path: ['repository', 'pullRequest'] });
    const repo = await gql(em, '{ repository(owner: "acme", name: "nope") { id } }');
    expect(repo.body.data.repository).toBeNull();
    expect(repo.body.errors[0].message).toBe("Could not resolve to a Repository with the name 'acme/nope'.");
    expect(em.requests.at(-1)!.valid).toBe(true);
  });

  it('deployments: environment filter, order, latest status and statuses newest first', async () => {
    const r = await gql(
      em,
      `{ ${REPO} {
      production: deployments(first: 10, environments: ["production"], orderBy: { field: CREATED_AT, direction: DESC }) { totalCount nodes {
        id databaseId commitOid commit { oid } environment ref { name } createdAt updatedAt creator { login } state
        latestStatus { state createdAt } statuses(first: 10) { totalCount nodes { state createdAt } } } }
      all: deployments(first: 10) { nodes { databaseId state } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const [newest, older] = r.body.data.repository.production.nodes;
    expect(r.body.data.repository.production.totalCount).toBe(2);
    expect(newest).toMatchObject({
      databaseId: 502,
      commitOid: SHA.rebaseCopy,
      commit: { oid: SHA.rebaseCopy },
      environment: 'production',
      ref: { name: 'main' },
      updatedAt: '2026-01-01T12:05:00Z',
      creator: { login: 'github-actions' },
      state: 'ACTIVE',
      latestStatus: { state: 'SUCCESS', createdAt: '2026-01-01T12:05:00Z' },
    });
    expect(older.statuses.nodes.map((s: { state: string }) => s.state)).toEqual(['INACTIVE', 'SUCCESS', 'IN_PROGRESS']);
    expect(older.state).toBe('INACTIVE');
    expect(r.body.data.repository.all.nodes).toEqual([
      { databaseId: 501, state: 'INACTIVE' },
      { databaseId: 503, state: 'FAILURE' },
      { databaseId: 502, state: 'ACTIVE' },
    ]);
  });

  it('issues: labels are any-of, filterBy since/states, orderBy', async () => {
    const r = await gql(
      em,
      `{ ${REPO} {
      incidents: issues(first: 10, labels: ["incident", "sev1"], orderBy: { field: CREATED_AT, direction: DESC }) { nodes { number title url state createdAt closedAt author { login } labels(first: 5) { nodes { name } } } }
      open: issues(first: 10, states: OPEN) { nodes { number } }
      recent: issues(first: 10, filterBy: { since: "2026-01-01T13:00:00Z", labels: ["incident"] }) { nodes { number } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const repo = r.body.data.repository;
    expect(repo.incidents.nodes.map((n: { number: number }) => n.number)).toEqual([7, 4]);
    expect(repo.incidents.nodes[1]).toMatchObject({
      url: 'https://github.com/acme/tiny/issues/4',
      state: 'CLOSED',
      closedAt: '2026-01-01T13:00:00Z',
      author: { login: 'carol' },
      labels: { nodes: [{ name: 'incident' }, { name: 'sev1' }] },
    });
    expect(repo.open.nodes).toEqual([{ number: 7 }, { number: 8 }]);
    expect(repo.recent.nodes).toEqual([{ number: 4 }, { number: 7 }]);
  });

  it('releases, default branch, refs and tags', async () => {
    const r = await gql(
      em,
      `{ ${REPO} { id name nameWithOwner url owner { login }
      defaultBranchRef { name target { oid } }
      short: ref(qualifiedName: "main") { name }
      tag: ref(qualifiedName: "refs/tags/v1.0.0") { prefix target { oid } }
      releases(first: 5, orderBy: { field: CREATED_AT, direction: DESC }) { nodes {
        databaseId name tagName url isDraft isPrerelease createdAt publishedAt author { login } tagCommit { oid } } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const repo = r.body.data.repository;
    expect(repo).toMatchObject({ name: 'tiny', nameWithOwner: 'acme/tiny', url: 'https://github.com/acme/tiny', owner: { login: 'acme' } });
    expect(repo.defaultBranchRef).toEqual({ name: 'main', target: { oid: SHA.rebaseCopy } });
    expect(repo.short).toEqual({ name: 'main' });
    expect(repo.tag).toEqual({ prefix: 'refs/tags/', target: { oid: SHA.merge } });
    expect(repo.releases.nodes[0]).toMatchObject({
      databaseId: 302,
      tagName: 'v1.1.0',
      url: 'https://github.com/acme/tiny/releases/tag/v1.1.0',
      author: null,
      tagCommit: { oid: SHA.rebaseCopy },
    });
    expect(repo.releases.nodes[1]).toMatchObject({ databaseId: 301, author: { login: 'alice' } });
  });

  it('a field the emulator does not model is an explicit error, not a silent null', async () => {
    const r = await gql(em, `{ ${REPO} { pullRequest(number: 1) { mergedBy { login } } } }`);
    expect(r.body.errors[0].message).toBe('The emulator does not implement PullRequest.mergedBy.');
  });

  it('serves GHES at /api/graphql', async () => {
    const r = await gql(em, `query Ghes { ${REPO} { name } }`, {}, `${em.url}/api/graphql`);
    expect(r.body.data.repository.name).toBe('tiny');
    expect(em.requests.at(-1)).toMatchObject({ path: '/api/graphql', operation: 'Ghes', valid: true });
  });

  it('resolves node ids it issued', async () => {
    const r = await gql(em, `{ ${REPO} { pullRequest(number: 3) { id } } }`);
    const id = r.body.data.repository.pullRequest.id;
    const node = await gql(em, `query N($id: ID!) { node(id: $id) { __typename ... on PullRequest { number } } }`, { id });
    expect(node.body.data.node).toEqual({ __typename: 'PullRequest', number: 3 });
  });
});

describe('GraphQL over the small example dataset', () => {
  let em: Emulator;
  beforeAll(async () => {
    em = await startEmulator({ dataset: SMALL_PATH });
  });
  afterAll(() => em.close());

  it('a deployment id beyond 32 bits cannot be a GraphQL Int, as on GitHub', async () => {
    const r = await gql(em, '{ repository(owner: "acme", name: "shop") { deployments(first: 1) { nodes { id databaseId } } } }');
    expect(r.body.errors[0].message).toMatch(/Int cannot represent non 32-bit signed integer value/);
  });

  it('walks the whole default branch history in pages of 100', async () => {
    const q = `query H($after: String) { rateLimit { cost } repository(owner: "acme", name: "shop") { defaultBranchRef { target { ... on Commit {
      history(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { oid committedDate associatedPullRequests(first: 5) { nodes { number } } } } } } } } }`;
    let after: string | null = null;
    const dates: string[] = [];
    let total = 0;
    for (;;) {
      const r: any = await gql(em, q, { after });
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.rateLimit.cost).toBe(1);
      const h = r.body.data.repository.defaultBranchRef.target.history;
      total = h.totalCount;
      dates.push(...h.nodes.map((n: { committedDate: string }) => n.committedDate));
      if (!h.pageInfo.hasNextPage) break;
      after = h.pageInfo.endCursor;
    }
    expect(dates).toHaveLength(total);
    expect(dates).toEqual([...dates].sort().reverse());
  });
});

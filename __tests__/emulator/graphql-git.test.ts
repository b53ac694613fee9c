import { fileURLToPath } from 'node:url';
import { decode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.js';
import { type Emulator, startEmulator } from './server.js';
import { SHA, gitDataset, historyDataset } from './synthetic.js';

const SMALL_PATH = fileURLToPath(new URL('../fixtures/examples/small-30d.json', import.meta.url));

async function gql(em: Emulator, query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(em.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() };
}

async function rest(em: Emulator, path: string): Promise<any> {
  return (await fetch(`${em.url}${path}`)).json();
}

/** A GitHub-format node id's MessagePack payload: `[0, repositoryDatabaseId, databaseId]`. */
const payload = (id: string): unknown => decode(Buffer.from(id.slice(id.indexOf('_') + 1), 'base64url'));

const REPO = 'repository(owner: "acme", name: "tiny")';

describe('GraphQL tags, files and pull request files (December 2026 keys)', () => {
  let em: Emulator;
  const dataset = gitDataset();
  beforeAll(async () => {
    em = await startEmulator({ dataset });
  });
  afterAll(() => em.close());

  it("refs/tags lists the dataset tags and the releases' tags: annotated ones target a Tag, lightweight ones the Commit", async () => {
    const r = await gql(
      em,
      `{ ${REPO} { refs(refPrefix: "refs/tags/", first: 10) { totalCount nodes { name prefix target {
        __typename oid
        ... on Tag { name message tagger { name email date user { login } } target { __typename oid } }
      } } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const refs = r.body.data.repository.refs;
    expect(refs.totalCount).toBe(4);
    expect(refs.nodes.map((n: any) => [n.name, n.target.__typename])).toEqual([
      ['v0.9.0', 'Commit'],
      ['v1.0.0', 'Tag'],
      ['v1.0.1', 'Tag'],
      ['v1.1.0', 'Commit'],
    ]);
    const [v090, v100, v101, v110] = refs.nodes;
    expect(v090.target.oid).toBe(SHA.main2);
    expect(v110.target.oid).toBe(SHA.rebaseCopy);
    expect(v100.target).toMatchObject({
      name: 'v1.0.0',
      message: 'Release 1.0.0',
      tagger: { name: 'alice', date: '2026-01-01T10:30:00Z', user: { login: 'alice' } },
      target: { __typename: 'Commit', oid: SHA.merge },
    });
    // The tag object's id: the one REST's ref and tag object give, not the commit's.
    const ref = await rest(em, '/repos/acme/tiny/git/ref/tags/v1.0.0');
    expect(v100.target.oid).toBe(ref.object.sha);
    expect(v100.target.oid).not.toBe(SHA.merge);
    expect(v101.target.tagger).toMatchObject({ name: 'github-actions[bot]', user: null });
  });

  it('ref(qualifiedName:) and a release resolve tags the same way; TAG_COMMIT_DATE orders by the tagged commit', async () => {
    const r = await gql(
      em,
      `{ ${REPO} {
        annotated: ref(qualifiedName: "refs/tags/v1.0.0") { name target { __typename ... on Tag { target { oid } } } }
        lightweight: ref(qualifiedName: "refs/tags/v0.9.0") { target { __typename oid } }
        missing: ref(qualifiedName: "refs/tags/v9") { name }
        release(tagName: "v1.0.0") { tagCommit { oid } tag { target { __typename } } }
        byDate: refs(refPrefix: "refs/tags/", first: 10, orderBy: { field: TAG_COMMIT_DATE, direction: DESC }) { nodes { name } } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const repo = r.body.data.repository;
    expect(repo.annotated).toEqual({ name: 'v1.0.0', target: { __typename: 'Tag', target: { oid: SHA.merge } } });
    expect(repo.lightweight.target).toEqual({ __typename: 'Commit', oid: SHA.main2 });
    expect(repo.missing).toBeNull();
    expect(repo.release).toEqual({ tagCommit: { oid: SHA.merge }, tag: { target: { __typename: 'Tag' } } });
    expect(repo.byDate.nodes.map((n: { name: string }) => n.name)).toEqual(['v1.1.0', 'v1.0.1', 'v1.0.0', 'v0.9.0']);
  });

  it('object(expression: "REV:path") is a Blob with the file at the default branch head; object(oid:) finds blobs and tags', async () => {
    const codeowners = dataset.files!['.github/CODEOWNERS']!;
    const readme = dataset.files!['README.md']!;
    const r = await gql(
      em,
      `{ ${REPO} {
        head: object(expression: "HEAD:.github/CODEOWNERS") { __typename ... on Blob { oid abbreviatedOid text byteSize isBinary isTruncated } }
        main: object(expression: "main:README.md") { ... on Blob { oid text byteSize } }
        missing: object(expression: "HEAD:nope.txt") { __typename }
        tag: object(expression: "v1.0.1") { __typename ... on Tag { name target { oid } } }
        peeled: object(expression: "v1.0.0~1") { __typename oid }
        ambiguous: object(expression: "ab12cd3") { oid }
        unique: object(expression: "ab12cd31") { oid } } }`,
    );
    expect(r.body.errors).toBeUndefined();
    const repo = r.body.data.repository;
    const file = await rest(em, '/repos/acme/tiny/contents/.github/CODEOWNERS');
    expect(repo.head).toEqual({
      __typename: 'Blob',
      oid: file.sha,
      abbreviatedOid: file.sha.slice(0, 7),
      text: codeowners,
      byteSize: Buffer.byteLength(codeowners),
      isBinary: false,
      isTruncated: false,
    });
    expect(repo.main).toMatchObject({ text: readme, byteSize: Buffer.byteLength(readme) });
    expect(repo.missing).toBeNull();
    expect(repo.tag).toEqual({ __typename: 'Tag', name: 'v1.0.1', target: { oid: SHA.squash } });
    expect(repo.peeled).toEqual({ __typename: 'Commit', oid: SHA.main2 });
    expect(repo.ambiguous).toBeNull();
    expect(repo.unique.oid).toMatch(/^ab12cd31/);

    const byOid = await gql(
      em,
      'query O($oid: GitObjectID!) { repository(owner: "acme", name: "tiny") { object(oid: $oid) { __typename } } }',
      {
        oid: file.sha,
      },
    );
    expect(byOid.body.data.repository.object).toEqual({ __typename: 'Blob' });
  });

  it('files at another revision, or a directory, are explicit EMULATOR_UNSUPPORTED errors, not silent nulls', async () => {
    for (const expression of ['v0.9.0:README.md', 'HEAD:services/api']) {
      const r = await gql(em, `query X($e: String!) { ${REPO} { object(expression: $e) { oid } } }`, { e: expression });
      expect(r.body.errors[0], expression).toMatchObject({ type: 'EMULATOR_UNSUPPORTED', path: ['repository', 'object'] });
      expect(em.requests.at(-1)!.valid).toBe(true);
    }
  });

  it("PullRequest.files lists the PR's files (or its commits'), paginated; sizes agree with them and with REST", async () => {
    const q = `query F($n: Int!, $after: String) { ${REPO} { pullRequest(number: $n) { changedFiles additions deletions
      files(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { path additions deletions changeType } } } } }`;
    const first = (await gql(em, q, { n: 1 })).body.data.repository.pullRequest;
    expect(first.files.totalCount).toBe(2);
    expect(first.changedFiles).toBe(2);
    expect(first.files.nodes[0]).toMatchObject({ path: 'services/api/src/cart.ts', changeType: 'MODIFIED' });
    const second = (await gql(em, q, { n: 1, after: first.files.pageInfo.endCursor })).body.data.repository.pullRequest;
    expect(second.files.nodes.map((f: { path: string }) => f.path)).toEqual(['services/api/test/cart.test.ts']);
    expect(second.files.pageInfo.hasNextPage).toBe(false);
    const files = [...first.files.nodes, ...second.files.nodes];
    expect(first.additions).toBe(files.reduce((n, f) => n + f.additions, 0));
    expect(first.deletions).toBe(files.reduce((n, f) => n + f.deletions, 0));
    const viaRest = await rest(em, '/repos/acme/tiny/pulls/1/files');
    expect(viaRest.map((f: any) => [f.filename, f.additions, f.deletions])).toEqual(files.map((f) => [f.path, f.additions, f.deletions]));

    const listed = (await gql(em, q, { n: 2 })).body.data.repository.pullRequest;
    expect(listed.files.totalCount).toBe(2);
    const none = (await gql(em, q, { n: 5 })).body.data.repository.pullRequest;
    expect(none.files).toMatchObject({ totalCount: 0, nodes: [] });
    expect(none.changedFiles).toBeGreaterThan(0);
  });

  it("a commit's sizes come from its files, the same numbers REST gives", async () => {
    const r = await gql(
      em,
      `{ ${REPO} { object(oid: "${SHA.feat2}") { ... on Commit { additions deletions changedFilesIfAvailable } } } }`,
    );
    const commit = await rest(em, `/repos/acme/tiny/commits/${SHA.feat2}`);
    expect(r.body.data.repository.object).toEqual({
      additions: commit.stats.additions,
      deletions: commit.stats.deletions,
      changedFilesIfAvailable: commit.files.length,
    });
  });
});

describe("Deployment node ids in GitHub's format", () => {
  let em: Emulator;
  const other: Dataset = { ...historyDataset(), repository: { owner: 'acme', name: 'other', defaultBranch: 'main' } };
  beforeAll(async () => {
    em = await startEmulator({ datasets: [historyDataset(), other, SMALL_PATH] });
  });
  afterAll(() => em.close());

  const deployments = (repo: string) =>
    gql(
      em,
      `{ repository(owner: "acme", name: "${repo}") { databaseId deployments(first: 3) { nodes { id databaseId statuses(first: 5) { nodes { id state } } } } } }`,
    );

  it('decode with @msgpack/msgpack to [0, repository databaseId, deployment databaseId]; REST node_id is the same id', async () => {
    const r = await deployments('tiny');
    expect(r.body.errors).toBeUndefined();
    const repo = r.body.data.repository;
    for (const d of repo.deployments.nodes) {
      expect(d.id).toMatch(/^DE_kw[A-Za-z0-9_-]+$/);
      expect(payload(d.id)).toEqual([0, repo.databaseId, d.databaseId]);
      const viaRest = await rest(em, `/repos/acme/tiny/deployments/${d.databaseId}`);
      expect(viaRest.node_id).toBe(d.id);
      const statuses = await rest(em, `/repos/acme/tiny/deployments/${d.databaseId}/statuses`);
      expect(statuses.map((s: { node_id: string }) => s.node_id)).toEqual(d.statuses.nodes.map((s: { id: string }) => s.id));
      for (const s of statuses) {
        expect(s.node_id).toMatch(/^DES_kw/);
        expect(payload(s.node_id)).toEqual([0, repo.databaseId, s.id]);
      }
    }
  });

  it("reads back ids beyond GraphQL's 32-bit Int: the REST ids of the example dataset's deployments", async () => {
    const r = await gql(em, '{ repository(owner: "acme", name: "shop") { databaseId deployments(first: 5) { nodes { id commitOid } } } }');
    expect(r.body.errors).toBeUndefined();
    const repo = r.body.data.repository;
    for (const d of repo.deployments.nodes) {
      const [, repositoryId, id] = payload(d.id) as [number, number, number];
      expect(repositoryId).toBe(repo.databaseId);
      expect(id).toBeGreaterThan(2 ** 31 - 1);
      expect(await rest(em, `/repos/acme/shop/deployments/${id}`)).toMatchObject({ id, sha: d.commitOid, node_id: d.id });
    }
  });

  it('node(id:) and nodes(ids:) resolve them in the repository they name; the old emulator form does not resolve', async () => {
    const tiny = (await deployments('tiny')).body.data.repository.deployments.nodes;
    const others = (await deployments('other')).body.data.repository.deployments.nodes;
    // Same deployment ids in both datasets, different repositories: different node ids.
    expect(others.map((d: { databaseId: number }) => d.databaseId)).toEqual(tiny.map((d: { databaseId: number }) => d.databaseId));
    expect(others[0].id).not.toBe(tiny[0].id);
    const q = `query N($id: ID!, $ids: [ID!]!) {
      node(id: $id) { __typename ... on Deployment { databaseId repository { nameWithOwner } } }
      nodes(ids: $ids) { __typename ... on Deployment { databaseId repository { nameWithOwner } } ... on DeploymentStatus { state deployment { databaseId } } } }`;
    const r = await gql(em, q, { id: others[0].id, ids: [tiny[0].id, others[1].id, tiny[0].statuses.nodes[0].id] });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.node).toEqual({
      __typename: 'Deployment',
      databaseId: others[0].databaseId,
      repository: { nameWithOwner: 'acme/other' },
    });
    expect(r.body.data.nodes).toEqual([
      { __typename: 'Deployment', databaseId: tiny[0].databaseId, repository: { nameWithOwner: 'acme/tiny' } },
      { __typename: 'Deployment', databaseId: others[1].databaseId, repository: { nameWithOwner: 'acme/other' } },
      { __typename: 'DeploymentStatus', state: tiny[0].statuses.nodes[0].state, deployment: { databaseId: tiny[0].databaseId } },
    ]);

    const legacy = `DE_${Buffer.from(String(tiny[0].databaseId)).toString('base64url')}`;
    const old = await gql(em, 'query N($id: ID!) { node(id: $id) { id } }', { id: legacy });
    expect(old.body.errors[0]).toMatchObject({ type: 'NOT_FOUND' });
    // Other types keep the emulator's decodable form.
    const pr = await gql(em, `{ ${REPO} { pullRequest(number: 3) { id } } }`);
    const back = await gql(em, 'query N($id: ID!) { node(id: $id) { ... on PullRequest { number } } }', {
      id: pr.body.data.repository.pullRequest.id,
    });
    expect(back.body.data.node).toEqual({ number: 3 });
  });
});

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ajv, responseSchema } from './openapi.js';
import { type Emulator, startEmulator } from './server.js';
import { GIT_SHA, SHA, gitDataset, longHistoryDataset } from './synthetic.js';

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

async function get(em: Emulator, path: string, init?: RequestInit): Promise<Reply> {
  const res = await fetch(`${em.url}${path}`, init);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

function links(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header?.split(', ') ?? []) {
    const m = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
    if (m) out[m[2]!] = m[1]!;
  }
  return out;
}

const validators = new Map<string, ReturnType<ReturnType<typeof ajv>['compile']>>();
/** The body satisfies the response schema GitHub's OpenAPI description gives the operation for `status`. */
function expectSchema(template: string, body: unknown, status = '200'): void {
  const key = `${template} ${status}`;
  let validate = validators.get(key);
  if (!validate) validators.set(key, (validate = ajv().compile(responseSchema('GET', template, status) as object)));
  expect(validate(body), `${key}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
}

const gitBlobSha = (content: string): string => {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
};

const shas = (commits: { sha: string }[]): string[] => commits.map((c) => c.sha);

const REPO = '/repos/acme/tiny';
const COMPARE = '/repos/{owner}/{repo}/compare/{basehead}';
const COMMIT = '/repos/{owner}/{repo}/commits/{ref}';

describe('REST git data over a hand-built history with the December 2026 keys', () => {
  let em: Emulator;
  const dataset = gitDataset();
  beforeAll(async () => {
    em = await startEmulator({ dataset });
  });
  afterAll(() => em.close());

  it('compare: status, ahead_by, behind_by, merge base, commits oldest first, files of the compared commits', async () => {
    const diverged = await get(em, `${REPO}/compare/v0.9.0...feature/one`);
    expect(diverged.status).toBe(200);
    expect(diverged.body).toMatchObject({
      status: 'diverged',
      ahead_by: 2,
      behind_by: 1,
      total_commits: 2,
      base_commit: { sha: SHA.main2 },
      merge_base_commit: { sha: SHA.root },
      url: `${em.url}${REPO}/compare/v0.9.0...feature/one`,
      html_url: 'https://github.com/acme/tiny/compare/v0.9.0...feature/one',
      permalink_url: `https://github.com/acme/tiny/compare/acme:${SHA.main2}...acme:${SHA.feat2}`,
      diff_url: 'https://github.com/acme/tiny/compare/v0.9.0...feature/one.diff',
    });
    expect(shas(diverged.body.commits)).toEqual([SHA.feat1, SHA.feat2]);
    expect(diverged.body.files.map((f: { filename: string }) => f.filename)).toEqual([
      'services/api/src/cart.ts',
      'services/api/test/cart.test.ts',
    ]);
    expect(diverged.body.files[0]).toMatchObject({
      status: 'modified',
      blob_url: `https://github.com/acme/tiny/blob/${SHA.feat2}/services/api/src/cart.ts`,
    });
    for (const f of diverged.body.files) expect(f.changes).toBe(f.additions + f.deletions);
    expectSchema(COMPARE, diverged.body);

    const ahead = await get(em, `${REPO}/compare/v1.0.0...main`);
    expect(ahead.body).toMatchObject({ status: 'ahead', ahead_by: 2, behind_by: 0, merge_base_commit: { sha: SHA.merge } });
    expect(shas(ahead.body.commits)).toEqual([SHA.squash, SHA.rebaseCopy]);
    expect(ahead.body.files.map((f: { filename: string }) => f.filename)).toEqual([
      'package-lock.json',
      'package.json',
      'services/web/app.ts',
    ]);
    expectSchema(COMPARE, ahead.body);

    const behind = await get(em, `${REPO}/compare/main...v1.0.0`);
    expect(behind.body).toMatchObject({ status: 'behind', ahead_by: 0, behind_by: 2, total_commits: 0, commits: [], files: [] });
    const identical = await get(em, `${REPO}/compare/main...${SHA.rebaseCopy}`);
    expect(identical.body).toMatchObject({ status: 'identical', ahead_by: 0, behind_by: 0, merge_base_commit: { sha: SHA.rebaseCopy } });
    expect(em.requests.every((r) => r.valid)).toBe(true);
  });

  it('compare: each side a branch (with slashes, encoded or not), a tag, a full or abbreviated sha, owner:ref, ~n', async () => {
    const forms = [
      `main~2...${SHA.rebaseCopy.slice(0, 7)}`,
      `${SHA.merge}...heads/main`,
      'acme:v1.0.0...acme:main',
      `v1.0.0...${GIT_SHA.amb1.slice(0, 8)}~1`,
      'v1.0.0...refs/heads/main',
    ];
    for (const basehead of forms) {
      const r = await get(em, `${REPO}/compare/${basehead}`);
      expect(r.status, basehead).toBe(200);
      expect(r.body.base_commit.sha, basehead).toBe(SHA.merge);
      expect(shas(r.body.commits), basehead).toEqual([SHA.squash, SHA.rebaseCopy]);
    }
    const encoded = await get(em, `${REPO}/compare/v0.9.0...feature%2Fone`);
    expect(encoded.body).toMatchObject({ status: 'diverged', ahead_by: 2, behind_by: 1 });
    expect((await get(em, `${REPO}/compare/main...feature%2Fone`)).body).toMatchObject({ status: 'behind', ahead_by: 0, behind_by: 4 });
    expect(em.requests.at(-1)).toMatchObject({ status: 200, valid: true });
  });

  it("compare: an unknown or ambiguous name is GitHub's 404 Not Found, unrelated histories a 404 naming both sides", async () => {
    for (const basehead of ['main...nope', 'nope...main', 'ab12cd3...main', 'main..feature/one', 'main', 'someone:main...main']) {
      const r = await get(em, `${REPO}/compare/${basehead}`);
      expect(r.status, basehead).toBe(404);
      expect(r.body).toEqual({
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/commits/commits#compare-two-commits',
        status: '404',
      });
      expect(em.requests.at(-1)!.valid, basehead).toBe(true);
      expectSchema(COMPARE, r.body, '404');
    }
    const unambiguous = await get(em, `${REPO}/compare/ab12cd30...ab12cd31`);
    expect(unambiguous.body).toMatchObject({ status: 'ahead', ahead_by: 1 });
    const unrelated = await get(em, `${REPO}/compare/main...orphan`);
    expect(unrelated.status).toBe(404);
    expect(unrelated.body.message).toBe('No common ancestor between main and orphan.');
  });

  it('get a commit: git data, GitHub users (bots as Bot, unlinked authors null), parents, files and stats', async () => {
    const r = await get(em, `${REPO}/commits/${SHA.feat2}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      sha: SHA.feat2,
      url: `${em.url}${REPO}/commits/${SHA.feat2}`,
      html_url: `https://github.com/acme/tiny/commit/${SHA.feat2}`,
      commit: {
        message: 'Finish feature\n\nWith a body.',
        author: { name: 'bob', date: '2026-01-01T09:00:00Z' },
        committer: { name: 'bob', date: '2026-01-01T09:00:00Z' },
        comment_count: 0,
        verification: { verified: false, reason: 'unsigned' },
      },
      author: { login: 'bob', type: 'User' },
      committer: { login: 'bob' },
      parents: [{ sha: SHA.feat1, url: `${em.url}${REPO}/commits/${SHA.feat1}` }],
    });
    expect(r.body.files.map((f: { filename: string }) => f.filename)).toEqual([
      'services/api/src/cart.ts',
      'services/api/test/cart.test.ts',
    ]);
    const sum = (k: 'additions' | 'deletions') => r.body.files.reduce((n: number, f: any) => n + f[k], 0);
    expect(r.body.stats).toEqual({ additions: sum('additions'), deletions: sum('deletions'), total: sum('additions') + sum('deletions') });
    expectSchema(COMMIT, r.body);

    const bot = await get(em, `${REPO}/commits/${SHA.squash}`);
    expect(bot.body.author).toMatchObject({ login: 'dependabot[bot]', type: 'Bot' });
    expectSchema(COMMIT, bot.body);
    const unlinked = await get(em, `${REPO}/commits/orphan`);
    expect(unlinked.body).toMatchObject({ sha: GIT_SHA.orphan, author: null, committer: null, parents: [], files: [] });
    expect(unlinked.body.commit.author.name).toBe('Unknown');
    expectSchema(COMMIT, unlinked.body);
  });

  it('get a commit by abbreviated sha, branch, heads/, tags/ (an annotated tag peeled to its commit); 422 for what names none', async () => {
    const by = async (ref: string) => (await get(em, `${REPO}/commits/${ref}`)).body.sha;
    expect(await by(SHA.squash.slice(0, 7))).toBe(SHA.squash);
    expect(await by('main')).toBe(SHA.rebaseCopy);
    expect(await by('heads/feature/one')).toBe(SHA.feat2);
    expect(await by('feature%2Fone')).toBe(SHA.feat2);
    expect(await by('tags/v1.0.0')).toBe(SHA.merge);
    expect(await by('v1.0.1')).toBe(SHA.squash);
    expect(await by('v1.1.0')).toBe(SHA.rebaseCopy);
    expect(await by('ab12cd31')).toBe(GIT_SHA.amb2);
    for (const ref of ['nope', 'ab12cd3', 'f'.repeat(40)]) {
      const r = await get(em, `${REPO}/commits/${ref}`);
      expect(r.status, ref).toBe(422);
      expect(r.body).toEqual({
        message: `No commit found for SHA: ${ref}`,
        documentation_url: 'https://docs.github.com/rest/commits/commits#get-a-commit',
        status: '422',
      });
      expect(em.requests.at(-1)!.valid).toBe(true);
      expectSchema(COMMIT, r.body, '422');
    }
  });

  it('list commits: git log order from the default branch or `sha`, with since/until, author, path and pages', async () => {
    const all = await get(em, `${REPO}/commits`);
    expect(shas(all.body)).toEqual([SHA.rebaseCopy, SHA.squash, SHA.merge, SHA.main2, SHA.feat2, SHA.feat1, SHA.root]);
    expectSchema('/repos/{owner}/{repo}/commits', all.body);
    const feature = await get(em, `${REPO}/commits?sha=feature/one`);
    expect(shas(feature.body)).toEqual([SHA.feat2, SHA.feat1, SHA.root]);
    const window = await get(em, `${REPO}/commits?since=2026-01-01T09:00:00Z&until=2026-01-01T10:00:00Z`);
    expect(shas(window.body)).toEqual([SHA.merge, SHA.main2, SHA.feat2]);
    const byAuthor = await get(em, `${REPO}/commits?author=bob`);
    expect(shas(byAuthor.body)).toEqual([SHA.merge, SHA.feat2, SHA.feat1]);
    const byPath = await get(em, `${REPO}/commits?path=services/api`);
    expect(shas(byPath.body)).toEqual([SHA.feat2, SHA.feat1, SHA.root]);
    const page = await get(em, `${REPO}/commits?per_page=3&page=2`);
    expect(shas(page.body)).toEqual([SHA.main2, SHA.feat2, SHA.feat1]);
    expect(Object.keys(links(page.headers.get('link')))).toEqual(['prev', 'next', 'last', 'first']);
    const missing = await get(em, `${REPO}/commits?sha=nope`);
    expect(missing.status).toBe(404);
    expect(em.requests.at(-1)!.valid).toBe(true);
  });

  it("tags: by name descending, the dataset tags and the releases' tags, each with the commit it points to", async () => {
    const r = await get(em, `${REPO}/tags`);
    expect(r.body.map((t: { name: string; commit: { sha: string } }) => [t.name, t.commit.sha])).toEqual([
      ['v1.1.0', SHA.rebaseCopy],
      ['v1.0.1', SHA.squash],
      ['v1.0.0', SHA.merge],
      ['v0.9.0', SHA.main2],
    ]);
    expect(r.body[2]).toMatchObject({
      zipball_url: `${em.url}${REPO}/zipball/refs/tags/v1.0.0`,
      tarball_url: `${em.url}${REPO}/tarball/refs/tags/v1.0.0`,
      commit: { url: `${em.url}${REPO}/commits/${SHA.merge}` },
    });
    expectSchema('/repos/{owner}/{repo}/tags', r.body);
    const page = await get(em, `${REPO}/tags?per_page=3&page=2`);
    expect(page.body.map((t: { name: string }) => t.name)).toEqual(['v0.9.0']);
  });

  it('refs: annotated tags point at a tag object, lightweight tags and branches at the commit', async () => {
    const tags = await get(em, `${REPO}/git/matching-refs/tags`);
    expect(tags.body.map((r: any) => [r.ref, r.object.type])).toEqual([
      ['refs/tags/v0.9.0', 'commit'],
      ['refs/tags/v1.0.0', 'tag'],
      ['refs/tags/v1.0.1', 'tag'],
      ['refs/tags/v1.1.0', 'commit'],
    ]);
    expectSchema('/repos/{owner}/{repo}/git/matching-refs/{ref}', tags.body);
    const [v090, v100] = tags.body;
    expect(v090.object).toEqual({ type: 'commit', sha: SHA.main2, url: `${em.url}${REPO}/git/commits/${SHA.main2}` });
    expect(v100.object.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(v100.object.sha).not.toBe(SHA.merge);
    expect(v100.object.url).toBe(`${em.url}${REPO}/git/tags/${v100.object.sha}`);
    expect((await get(em, `${REPO}/git/matching-refs/tags/v1.0`)).body.map((r: any) => r.ref)).toEqual([
      'refs/tags/v1.0.0',
      'refs/tags/v1.0.1',
    ]);
    expect((await get(em, `${REPO}/git/matching-refs/heads/feature`)).body.map((r: any) => r.ref)).toEqual(['refs/heads/feature/one']);
    expect((await get(em, `${REPO}/git/matching-refs/tags/v9`)).body).toEqual([]);

    const one = await get(em, `${REPO}/git/ref/tags/v1.0.0`);
    expect(one.body).toEqual({ ...v100, url: `${em.url}${REPO}/git/refs/tags/v1.0.0` });
    expectSchema('/repos/{owner}/{repo}/git/ref/{ref}', one.body);
    expect((await get(em, `${REPO}/git/ref/heads/feature/one`)).body.object).toMatchObject({ type: 'commit', sha: SHA.feat2 });
    for (const ref of ['tags/v9', 'heads/nope', 'main', SHA.main2]) {
      const r = await get(em, `${REPO}/git/ref/${ref}`);
      expect(r.status, ref).toBe(404);
      expect(em.requests.at(-1)!.valid).toBe(true);
    }
  });

  it('tag objects: tagger, date, message and the commit for an annotated tag; 404 for anything else', async () => {
    const ref = (await get(em, `${REPO}/git/ref/tags/v1.0.1`)).body;
    const tag = await get(em, `${REPO}/git/tags/${ref.object.sha}`);
    expect(tag.body).toMatchObject({
      tag: 'v1.0.1',
      sha: ref.object.sha,
      url: ref.object.url,
      message: 'Release 1.0.1\n\nDependency bump.',
      tagger: { name: 'github-actions[bot]', date: '2026-01-01T11:30:00Z' },
      object: { type: 'commit', sha: SHA.squash, url: `${em.url}${REPO}/git/commits/${SHA.squash}` },
      verification: { verified: false, reason: 'unsigned' },
    });
    expectSchema('/repos/{owner}/{repo}/git/tags/{tag_sha}', tag.body);
    for (const sha of [SHA.main2, 'f'.repeat(40)]) {
      const r = await get(em, `${REPO}/git/tags/${sha}`);
      expect(r.status).toBe(404);
    }
  });

  it('contents: a file in base64 with its git blob sha, a directory listing, 404 for a missing path', async () => {
    const content = dataset.files!['.github/CODEOWNERS']!;
    const file = await get(em, `${REPO}/contents/.github/CODEOWNERS`);
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({
      type: 'file',
      encoding: 'base64',
      name: 'CODEOWNERS',
      path: '.github/CODEOWNERS',
      size: Buffer.byteLength(content),
      sha: gitBlobSha(content),
      url: `${em.url}${REPO}/contents/.github/CODEOWNERS?ref=main`,
      git_url: `${em.url}${REPO}/git/blobs/${gitBlobSha(content)}`,
      html_url: 'https://github.com/acme/tiny/blob/main/.github/CODEOWNERS',
    });
    expect(Buffer.from(file.body.content, 'base64').toString('utf8')).toBe(content);
    expectSchema('/repos/{owner}/{repo}/contents/{path}', file.body);

    const readme = dataset.files!['README.md']!;
    const unicode = await get(em, `${REPO}/contents/README.md?ref=main`);
    expect(unicode.body.size).toBe(Buffer.byteLength(readme));
    expect(unicode.body.size).toBeGreaterThan(readme.length);
    expect(Buffer.from(unicode.body.content, 'base64').toString('utf8')).toBe(readme);
    // The default branch head, however it is named; an encoded slash is a slash.
    for (const ref of ['main', 'heads/main', SHA.rebaseCopy.slice(0, 7), 'v1.1.0']) {
      const atHead = await get(em, `${REPO}/contents/.github%2FCODEOWNERS?ref=${ref}`);
      expect(atHead.status, ref).toBe(200);
      expect(atHead.body.sha).toBe(gitBlobSha(content));
      expect(atHead.body.url).toBe(`${em.url}${REPO}/contents/.github/CODEOWNERS?ref=${encodeURIComponent(ref)}`);
    }

    const dir = await get(em, `${REPO}/contents/services/api`);
    expect(dir.body.map((e: any) => [e.type, e.name, e.path])).toEqual([['dir', 'src', 'services/api/src']]);
    const src = await get(em, `${REPO}/contents/services/api/src`);
    expect(src.body.map((e: any) => [e.type, e.name, e.size])).toEqual([
      ['file', 'cart.ts', 24],
      ['file', 'index.ts', 11],
    ]);
    expectSchema('/repos/{owner}/{repo}/contents/{path}', src.body);

    const missing = await get(em, `${REPO}/contents/nope.txt`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Not Found');
    expect(em.requests.at(-1)!.valid).toBe(true);
  });

  it('contents at a ref: an unknown ref is a 404, another commit than the default branch head is not emulated (501)', async () => {
    const unknown = await get(em, `${REPO}/contents/README.md?ref=nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('No commit found for the ref nope');
    for (const ref of ['v0.9.0', 'ambiguous']) {
      const elsewhere = await get(em, `${REPO}/contents/README.md?ref=${ref}`);
      expect(elsewhere.status, ref).toBe(501);
      expect(em.requests.at(-1)).toMatchObject({ status: 501, valid: true });
      expect(em.requests.at(-1)!.errors[0]).toMatch(/head of main/);
    }
  });

  it("pull request files: the PR's `files`, else its commits' files; sorted, paginated; 404 for a missing PR", async () => {
    const one = await get(em, `${REPO}/pulls/1/files`);
    expect(one.body.map((f: any) => f.filename)).toEqual(['services/api/src/cart.ts', 'services/api/test/cart.test.ts']);
    // cart.ts changed in both commits: its counts are the sum of theirs.
    const feat1 = (await get(em, `${REPO}/commits/${SHA.feat1}`)).body.files[0];
    const feat2 = (await get(em, `${REPO}/commits/${SHA.feat2}`)).body.files.find((f: any) => f.filename === 'services/api/src/cart.ts');
    expect(one.body[0]).toMatchObject({
      status: 'modified',
      additions: feat1.additions + feat2.additions,
      deletions: feat1.deletions + feat2.deletions,
    });
    expect(one.body[0].blob_url).toBe(`https://github.com/acme/tiny/blob/${SHA.feat2}/services/api/src/cart.ts`);
    expectSchema('/repos/{owner}/{repo}/pulls/{pull_number}/files', one.body);

    const listed = await get(em, `${REPO}/pulls/2/files?per_page=1`);
    expect(listed.body.map((f: any) => f.filename)).toEqual(['package-lock.json']);
    expect(links(listed.headers.get('link')).next).toBe(`${em.url}${REPO}/pulls/2/files?per_page=1&page=2`);
    expect((await get(em, `${REPO}/pulls/5/files`)).body).toEqual([]);
    const missing = await get(em, `${REPO}/pulls/99/files`);
    expect(missing.status).toBe(404);
    expect(em.requests.at(-1)!.valid).toBe(true);
  });

  it('rejects what GitHub rejects: bad parameters (422) and unknown methods or paths (404), logged invalid', async () => {
    for (const path of [
      `${REPO}/tags?per_page=101`,
      `${REPO}/commits?since=yesterday`,
      `${REPO}/commits?sha=main&colour=blue`,
      `${REPO}/git/matching-refs/tags?per_page=5`,
      `${REPO}/pulls/one/files`,
      `${REPO}/compare/main...v1.0.0?page=0x1`,
      `${REPO}/contents/README.md?ref=main&recursive=1`,
    ]) {
      const r = await get(em, path);
      expect(r.status, path).toBe(422);
      expect(em.requests.at(-1)).toMatchObject({ status: 422, valid: false });
    }
    for (const [method, path] of [
      ['DELETE', `${REPO}/compare/main...v1.0.0`],
      ['POST', `${REPO}/tags`],
      ['GET', `${REPO}/git/tag/${SHA.main2}`],
    ] as const) {
      const r = await get(em, path, { method });
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(em.requests.at(-1)).toMatchObject({ status: 404, valid: false });
    }
  });

  it('serves the new routes the GHES way too, with URLs under /api/v3', async () => {
    const r = await get(em, `/api/v3${REPO}/compare/v1.0.0...main`);
    expect(r.body.url).toBe(`${em.url}/api/v3${REPO}/compare/v1.0.0...main`);
    expect(r.body.commits[0].url).toBe(`${em.url}/api/v3${REPO}/commits/${SHA.squash}`);
    const file = await get(em, `/api/v3${REPO}/contents/README.md`);
    expect(file.body.url).toBe(`${em.url}/api/v3${REPO}/contents/README.md?ref=main`);
  });
});

describe("GitHub's caps on long comparisons and large diffs", () => {
  let em: Emulator;
  const dataset = longHistoryDataset(305);
  const root = dataset.commits![0]!.sha;
  const head = dataset.commits!.at(-1)!.sha;
  beforeAll(async () => {
    em = await startEmulator({ dataset });
  });
  afterAll(() => em.close());

  it('compare without per_page or page: the last 250 commits, the head last; at most 300 files', async () => {
    const r = await get(em, `/repos/acme/long/compare/${root}...main`);
    expect(r.body.total_commits).toBe(304);
    expect(r.body.commits).toHaveLength(250);
    expect(r.body.commits.at(-1).sha).toBe(head);
    expect(r.body.commits[0].sha).toBe(dataset.commits![55]!.sha);
    expect(r.body.files).toHaveLength(300);
    expect(r.headers.get('link')).toBeNull();
    expectSchema(COMPARE, r.body);
  });

  it('compare with pagination: pages from the oldest commit, files on the first page only, Link headers', async () => {
    const first = await get(em, `/repos/acme/long/compare/${root}...main?per_page=100`);
    expect(first.body.commits).toHaveLength(100);
    expect(first.body.commits[0].sha).toBe(dataset.commits![1]!.sha);
    expect(first.body.files).toHaveLength(300);
    expect(first.body.total_commits).toBe(304);
    const l = links(first.headers.get('link'));
    expect(l.last).toBe(`${em.url}/repos/acme/long/compare/${root}...main?per_page=100&page=4`);
    const last = await get(em, `/repos/acme/long/compare/${root}...main?per_page=100&page=4`);
    expect(last.body.commits.map((c: { sha: string }) => c.sha)).toEqual(dataset.commits!.slice(301).map((c) => c.sha));
    expect(last.body.files).toEqual([]);
    expectSchema(COMPARE, last.body);
  });

  it('a commit lists 300 files a page by default, per_page pages them, Link headers lead to the rest', async () => {
    const first = await get(em, `/repos/acme/long/commits/${head}`);
    expect(first.body.files).toHaveLength(300);
    expect(links(first.headers.get('link')).next).toBe(`${em.url}/repos/acme/long/commits/${head}?page=2`);
    const second = await get(em, `/repos/acme/long/commits/${head}?page=2`);
    expect(second.body.files).toHaveLength(50);
    expect(second.body.sha).toBe(head);
    const hundred = await get(em, `/repos/acme/long/commits/${head}?per_page=100&page=4`);
    expect(hundred.body.files).toHaveLength(50);
    expect(first.body.stats.additions).toBe(
      [...first.body.files, ...second.body.files].reduce((n: number, f: { additions: number }) => n + f.additions, 0),
    );
  });

  it('a pull request lists at most 3,000 files', async () => {
    const p30 = await get(em, '/repos/acme/long/pulls/1/files?per_page=100&page=30');
    expect(p30.body).toHaveLength(100);
    expect(p30.body.at(-1).filename).toBe('pr/file-02999.ts');
    expect(links(p30.headers.get('link')).next).toBeUndefined();
    const p31 = await get(em, '/repos/acme/long/pulls/1/files?per_page=100&page=31');
    expect(p31.body).toEqual([]);
  });
});

/**
 * commitBadges through Octokit (the one the action builds, from @actions/github) against a Git
 * Data API served over real HTTP.
 */
import { getOctokit } from '@actions/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PermissionError } from '../../src/errors.js';
import { commitBadges, gitBlobSha, type CommitBadgesOptions } from '../../src/publish/badges-branch.js';
import { renderBadges } from '../../src/report/badges.js';
import { buildReport } from '../../src/report/json.js';
import { doraResult, reportContext } from '../report/fixtures.js';
import { GitDataServer } from './git-data-server.js';

let server: GitDataServer;
let octokit: ReturnType<typeof getOctokit>;

beforeEach(async () => {
  server = new GitDataServer('acme', 'shop');
  const baseUrl = await server.start();
  octokit = getOctokit('test-token', { baseUrl });
});
afterEach(() => server.stop());

const report = buildReport(doraResult(), reportContext());
const badgeFiles = renderBadges(report).map((f) => ({ path: `badges/${f.path}`, content: f.content }));

function options(overrides: Partial<CommitBadgesOptions> = {}): CommitBadgesOptions {
  return { owner: 'acme', repo: 'shop', branch: 'dora-badges', files: badgeFiles, message: 'Update DORA badges', ...overrides };
}

const writes = () => server.log.filter((r) => r.method !== 'GET');

describe('gitBlobSha', () => {
  it('is the SHA-1 git gives the blob', () => {
    // `printf 'hello\n' | git hash-object --stdin`, and the empty blob.
    expect(gitBlobSha('hello\n')).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(gitBlobSha('')).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
    // Bytes, not UTF-16 code units, are counted.
    expect(gitBlobSha('é')).toBe(gitBlobSha(Buffer.from('é', 'utf8')));
  });
});

describe('commitBadges', () => {
  it('creates the branch as an orphan commit holding the files', async () => {
    server.commitFiles('main', { 'README.md': '# shop\n' });
    const result = await commitBadges(octokit, options());
    expect(result.committed).toBe(true);
    expect(result.created).toBe(true);
    expect(result.changed).toEqual(badgeFiles.map((f) => f.path));
    expect(server.refs.get('heads/dora-badges')).toBe(result.commitSha);
    const commit = server.commit(result.commitSha!);
    expect(commit.parents).toEqual([]);
    expect(commit.message).toBe('Update DORA badges');
    expect(server.files(result.commitSha!)).toEqual(Object.fromEntries(badgeFiles.map((f) => [f.path, f.content])));
    // The code's branch is untouched.
    expect(Object.keys(server.files(server.refs.get('heads/main')!))).toEqual(['README.md']);
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      ...badgeFiles.map(() => 'POST /repos/acme/shop/git/blobs'),
      'POST /repos/acme/shop/git/trees',
      'POST /repos/acme/shop/git/commits',
      'POST /repos/acme/shop/git/refs',
    ]);
  });

  it('makes no commit and writes nothing when every file is up to date', async () => {
    const first = await commitBadges(octokit, options());
    server.log.length = 0;
    const second = await commitBadges(octokit, options());
    expect(second).toEqual({ committed: false, created: false, commitSha: first.commitSha, changed: [] });
    expect(writes()).toEqual([]);
    expect(server.log.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
    expect(server.refs.get('heads/dora-badges')).toBe(first.commitSha);
  });

  it('uploads only the changed files, in one commit on top of the last', async () => {
    const first = await commitBadges(octokit, options());
    server.log.length = 0;
    const changed = badgeFiles.map((f) => (f.path === 'badges/lead-time.json' ? { ...f, content: '{"schemaVersion":1}\n' } : f));
    const result = await commitBadges(octokit, options({ files: changed }));
    expect(result).toMatchObject({ committed: true, created: false, changed: ['badges/lead-time.json'] });
    const blobs = server.log.filter((r) => r.path.endsWith('/git/blobs'));
    expect(blobs).toHaveLength(1);
    expect(Buffer.from(String((blobs[0]!.body as { content: string }).content), 'base64').toString()).toBe('{"schemaVersion":1}\n');
    const patch = server.log.find((r) => r.method === 'PATCH')!;
    expect(decodeURIComponent(patch.path)).toBe('/repos/acme/shop/git/refs/heads/dora-badges');
    expect(patch.body).toMatchObject({ force: false });
    expect(server.commit(result.commitSha!).parents).toEqual([first.commitSha]);
    expect(server.files(result.commitSha!)['badges/lead-time.json']).toBe('{"schemaVersion":1}\n');
    expect(server.files(result.commitSha!)['badges/lead-time.svg']).toBe(server.files(first.commitSha!)['badges/lead-time.svg']);
  });

  it('keeps the files of the branch it does not write', async () => {
    server.commitFiles('dora-badges', { 'README.md': 'Badges live here.\n', 'badges/custom.svg': '<svg/>' });
    const result = await commitBadges(octokit, options());
    const files = server.files(result.commitSha!);
    expect(files['README.md']).toBe('Badges live here.\n');
    expect(files['badges/custom.svg']).toBe('<svg/>');
    expect(files['badges/overall.svg']).toContain('<svg');
  });

  it('compares with blob SHAs the server computed the same way', async () => {
    server.commitFiles('dora-badges', Object.fromEntries(badgeFiles.map((f) => [f.path, f.content])));
    server.log.length = 0;
    const result = await commitBadges(octokit, options());
    expect(result.committed).toBe(false);
    expect(writes()).toEqual([]);
  });

  it('rebuilds its commit on the new head when another run moved the branch first', async () => {
    await commitBadges(octokit, options());
    let raced = false;
    server.intercept = (method) => {
      if (method === 'PATCH' && !raced) {
        raced = true;
        server.commitFiles('dora-badges', { 'badges/other.svg': '<svg>other</svg>' }, 'another run');
      }
      return undefined;
    };
    const changed = badgeFiles.map((f) => (f.path === 'badges/overall.json' ? { ...f, content: '{}\n' } : f));
    const result = await commitBadges(octokit, options({ files: changed }));
    expect(result.committed).toBe(true);
    expect(server.log.filter((r) => r.method === 'PATCH')).toHaveLength(2);
    const files = server.files(server.refs.get('heads/dora-badges')!);
    expect(files['badges/other.svg']).toBe('<svg>other</svg>');
    expect(files['badges/overall.json']).toBe('{}\n');
    expect(server.commit(result.commitSha!).message).toBe('Update DORA badges');
  });

  it('works with a branch name holding a slash', async () => {
    const result = await commitBadges(octokit, options({ branch: 'dora/badges' }));
    expect(server.refs.get('heads/dora/badges')).toBe(result.commitSha);
    expect((await commitBadges(octokit, options({ branch: 'dora/badges' }))).committed).toBe(false);
  });

  it('explains a token without contents: write', async () => {
    server.intercept = (method) =>
      method === 'POST' ? { status: 403, body: { message: 'Resource not accessible by integration' } } : undefined;
    const attempt = commitBadges(octokit, options());
    await expect(attempt).rejects.toBeInstanceOf(PermissionError);
    await expect(attempt).rejects.toMatchObject({ fix: expect.stringContaining('`contents: write`') });
  });

  it('refuses paths git cannot store, before any request', async () => {
    await expect(commitBadges(octokit, options({ files: [{ path: '../x.svg', content: '' }] }))).rejects.toThrow(/relative path/);
    await expect(commitBadges(octokit, options({ files: [{ path: '/x.svg', content: '' }] }))).rejects.toThrow(/relative path/);
    const twice = [
      { path: 'a.svg', content: '' },
      { path: 'a.svg', content: 'x' },
    ];
    await expect(commitBadges(octokit, options({ files: twice }))).rejects.toThrow(/twice/);
    expect(server.log).toEqual([]);
  });
});

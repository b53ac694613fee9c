/**
 * The release path (docs/releasing.md): .github/scripts/move-major-tag.sh against real local git
 * repositories, a bare "origin" and a clone, as the release workflow runs it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/run-action.js';

const SCRIPT = path.join(ROOT, '.github/scripts/move-major-tag.sh');
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Release Bot',
  GIT_AUTHOR_EMAIL: 'release@example.com',
  GIT_COMMITTER_NAME: 'Release Bot',
  GIT_COMMITTER_EMAIL: 'release@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
};

let tmp: string;
let origin: string;
let work: string;

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' }).trim();
const remoteTag = (name: string) => {
  const line = git(origin, 'for-each-ref', '--format=%(objectname)', `refs/tags/${name}`);
  return line === '' ? null : git(origin, 'rev-parse', `${name}^{commit}`);
};
const move = (...args: string[]) => spawnSync('bash', [SCRIPT, ...args], { cwd: work, env: GIT_ENV, encoding: 'utf8' });

/** Commits a release of `version` (package.json and a dist/index.js unless told otherwise) and tags it. */
function release(version: string, opts: { tag?: string; dist?: boolean; packageVersion?: string } = {}): string {
  fs.writeFileSync(
    path.join(work, 'package.json'),
    `${JSON.stringify({ name: 'dora-action', version: opts.packageVersion ?? version })}\n`,
  );
  fs.rmSync(path.join(work, 'dist'), { recursive: true, force: true });
  if (opts.dist !== false) {
    fs.mkdirSync(path.join(work, 'dist'));
    fs.writeFileSync(path.join(work, 'dist/index.js'), `// ${version}\n`);
  }
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', `Release ${version}`);
  const tag = opts.tag ?? `v${version}`;
  git(work, 'tag', tag);
  git(work, 'push', '-q', 'origin', 'HEAD:main', `refs/tags/${tag}`);
  return git(work, 'rev-parse', 'HEAD');
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dora-release-'));
  origin = path.join(tmp, 'origin.git');
  work = path.join(tmp, 'work');
  git(tmp, 'init', '-q', '--bare', '-b', 'main', origin);
  git(tmp, 'clone', '-q', origin, work);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('move-major-tag.sh', () => {
  it('creates the major tag on the first release and pushes it', () => {
    const c = release('1.0.0');
    const r = move('v1.0.0');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`v1 now points to v1.0.0 (${c})`);
    expect(remoteTag('v1')).toBe(c);
  });

  it('moves it to the next minor release, and says from where', () => {
    const before = remoteTag('v1');
    const c = release('1.1.0');
    const r = move('v1.1.0');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`v1 now points to v1.1.0 (${c}), was ${before}`);
    expect(remoteTag('v1')).toBe(c);
  });

  it('starts a new major tag for a major release and leaves the old one', () => {
    const v1 = remoteTag('v1');
    const c = release('2.0.0');
    expect(move('v2.0.0').status).toBe(0);
    expect(remoteTag('v2')).toBe(c);
    expect(remoteTag('v1')).toBe(v1);
  });

  it('leaves the major tag on the newest release when an older fix is published later', () => {
    const v1 = remoteTag('v1');
    release('1.0.1');
    const r = move('v1.0.1');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('v1.0.1 is older than v1.1.0: v1 stays on v1.1.0.');
    expect(remoteTag('v1')).toBe(v1);
  });

  it('leaves the major tag alone for a prerelease, by suffix or by flag', () => {
    const v2 = remoteTag('v2');
    release('2.1.0-rc.1');
    expect(move('v2.1.0-rc.1').stdout).toContain('v2.1.0-rc.1 is a prerelease: v2 stays where it is.');
    release('2.1.0');
    expect(move('v2.1.0', '--prerelease').stdout).toContain('v2.1.0 is a prerelease');
    expect(remoteTag('v2')).toBe(v2);
  });

  it('refuses a tag whose package.json version differs, naming both', () => {
    release('2.2.0', { packageVersion: '2.1.9' });
    const r = move('v2.2.0');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('v2.2.0 is version 2.2.0 but its package.json says 2.1.9');
  });

  it('refuses a release without a built dist/', () => {
    release('2.3.0', { dist: false });
    const r = move('v2.3.0');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("v2.3.0 has no dist/index.js: run 'npm run build'");
  });

  it('refuses a tag that is not vMAJOR.MINOR.PATCH, and one that does not exist', () => {
    expect(move('release-1').stderr).toContain("'release-1' is not a release tag: use vMAJOR.MINOR.PATCH");
    expect(move('v9.9.9').stderr).toContain('no tag v9.9.9 in this clone');
    expect(remoteTag('v9')).toBeNull();
  });
});

/**
 * The repository works from a plain clone and its GitHub workflows would pass on GitHub: nothing
 * refers outside it, every command a workflow runs exists, CI runs the README's test command on the
 * Node versions the action promises, and `engines` is true of every installed package.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { ROOT } from './support/run-action.js';

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; engines: { node: string }; version: string };
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
const workflowFiles = tracked.filter((f) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(f));
const workflows = workflowFiles.map((file) => ({ file, doc: YAML.parse(read(file)) as any }));

/** Every `run:` script of every step of every job, with where it stands. */
const runScripts = workflows.flatMap(({ file, doc }) =>
  Object.entries<any>(doc.jobs ?? {}).flatMap(([job, j]) =>
    (j.steps ?? []).filter((s: any) => typeof s.run === 'string').map((s: any) => ({ where: `${file} ${job}`, run: s.run as string })),
  ),
);

/** The README's test command: the second command of its opening code block. */
function readmeTestCommand(): string {
  const block = /```sh\n([\s\S]*?)```/.exec(read('README.md'));
  expect(block, 'README opens with a sh code block of two commands').toBeTruthy();
  const commands = block![1]!
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
  expect(commands).toHaveLength(2);
  return commands[1]!;
}

describe('a plain clone', () => {
  it('has no tracked file outside dist/ and node_modules/ that refers outside the repository', () => {
    // Built from parts so that this file does not name what it looks for.
    const outside = ['..', 'shared'].join('/');
    const parent = path.dirname(ROOT);
    const machinePaths = [`${ROOT}/`, ['', 'work', ''].join('/'), ...(parent === '/' ? [] : [`${parent}/`])];
    const offenders: string[] = [];
    for (const file of tracked) {
      if (file.startsWith('dist/') || file.startsWith('node_modules/') || file === 'package-lock.json') continue;
      const full = path.join(ROOT, file);
      if (!fs.existsSync(full)) continue; // deleted in the working tree
      const text = fs.readFileSync(full);
      if (text.includes(0)) continue; // binary
      const s = text.toString('utf8');
      const hit = [outside, ...machinePaths].find((p) => s.includes(p));
      if (hit) offenders.push(`${file} (${hit})`);
    }
    expect(offenders).toEqual([]);
  });

  it('carries its own definitions, dataset format and example datasets', () => {
    for (const file of [
      'docs/metrics.md',
      'docs/dataset-format.md',
      'docs/releasing.md',
      'docs/architecture.md',
      'LICENSE',
      'CHANGELOG.md',
      '__tests__/fixtures/examples/small-30d.json',
      '__tests__/fixtures/examples/small-30d.expected.json',
      '__tests__/fixtures/examples/medium-90d.json',
      '__tests__/fixtures/examples/medium-90d.expected.json',
    ]) {
      expect(tracked, file).toContain(file);
    }
    expect(read('LICENSE')).toMatch(/^MIT License/);
    expect(JSON.parse(read('package.json')).license).toBe('MIT');
  });

  it('runs the README test command in .ci/run', () => {
    expect(read('.ci/run')).toContain(readmeTestCommand().replace(/^npm ci && /, ''));
  });

  it('names the current version at the top of CHANGELOG.md', () => {
    const first = /^## (\S+)/m.exec(read('CHANGELOG.md'));
    expect(first?.[1]).toBe(pkg.version);
  });
});

describe('GitHub workflows', () => {
  it('only run npm scripts that exist', () => {
    const calls = runScripts.flatMap(({ where, run }) =>
      [...run.matchAll(/\bnpm\s+(?:run(?:-script)?\s+(?:-s\s+)?([\w:.-]+)|(test|start)\b)/g)].map((m) => ({
        where,
        script: m[1] ?? m[2]!,
      })),
    );
    expect(calls.length).toBeGreaterThan(0);
    for (const { where, script } of calls) expect(pkg.scripts, `${where}: npm run ${script}`).toHaveProperty([script]);
  });

  it('only run repository scripts that exist', () => {
    for (const { where, run } of runScripts) {
      for (const m of run.matchAll(/\bbash\s+(\.?[\w./-]+\.sh)\b/g))
        expect(tracked, `${where}: ${m[1]}`).toContain(m[1]!.replace(/^\.\//, ''));
    }
  });

  it('only call local workflows that exist', () => {
    for (const { file, doc } of workflows) {
      for (const [job, j] of Object.entries<any>(doc.jobs ?? {})) {
        if (typeof j.uses === 'string' && j.uses.startsWith('./')) {
          const target = j.uses.slice(2);
          expect(tracked, `${file} ${job}`).toContain(target);
          expect(Object.keys(YAML.parse(read(target)).on ?? {}), `${target} is callable`).toContain('workflow_call');
        }
      }
    }
  });

  it('test the README test command on Node 24 (.node-version, runs.using) and on the oldest Node engines allows', () => {
    const ci = workflows.find((w) => w.file === '.github/workflows/ci.yml')!.doc;
    const versions: string[] = ci.jobs.test.strategy.matrix.node.map(String);
    const nodeVersion = read('.node-version').trim();
    expect(versions).toContain(nodeVersion);
    expect(YAML.parse(read('action.yml')).runs.using).toBe(`node${nodeVersion}`);
    expect(versions).toContain(String(semver.minVersion(pkg.engines.node)!.major));
    const steps: string[] = ci.jobs.test.steps.map((s: any) => s.run).filter(Boolean);
    expect(steps.join('\n')).toContain(readmeTestCommand().replace(/^npm ci && /, ''));
  });

  it('check dist/ in CI and before a release moves the major tag', () => {
    const ci = workflows.find((w) => w.file === '.github/workflows/ci.yml')!.doc;
    expect(ci.jobs['check-dist'].steps.map((s: any) => s.run).join('\n')).toContain('npm run build');
    const release = workflows.find((w) => w.file === '.github/workflows/release.yml')!.doc;
    expect(release.on.release.types).toEqual(['published']);
    expect(release.jobs.test.uses).toBe('./.github/workflows/ci.yml');
    expect(release.jobs['move-major-tag'].needs).toBe('test');
  });
});

describe('engines', () => {
  it('is true of every package the lockfile installs, on every Node version CI uses', () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string } }> };
    const wrong = Object.entries(lock.packages)
      .filter(([name, p]) => name !== '' && typeof p.engines?.node === 'string')
      .filter(([, p]) => !semver.subset(pkg.engines.node, p.engines!.node!))
      .map(([name, p]) => `${name} needs node ${p.engines!.node}`);
    expect(wrong).toEqual([]);
    expect(semver.satisfies(process.versions.node, pkg.engines.node)).toBe(true);
  });
});

/**
 * Bad inputs through dist/index.js, as a runner runs it: the step fails with one `::error::`
 * naming every bad input, no stack trace, and not one request reaches GitHub. A `workflows` input
 * naming a workflow the repository does not have fails with the list of the workflows it has.
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { runAction, ROOT, type ActionRun } from '../support/run-action.js';

const DATASET = path.resolve(ROOT, '__tests__/fixtures/examples/small-30d.json');
const UNTIL = '2026-06-01T00:00:00Z';

/** `::error::` lines, with @actions/core's escapes (%0A, %0D, %25) decoded. */
function errorLines(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .map((l) => l.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%'));
}

function expectNoStackTrace(run: ActionRun): void {
  const all = `${run.stdout}\n${run.stderr}`;
  expect(all).not.toMatch(/^\s+at /m);
  expect(all).not.toMatch(/\bat .+\.js:\d+:\d+/);
  expect(all).not.toMatch(/Unexpected error/);
}

describe('bad inputs through dist/index.js', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ dataset: DATASET, port: 0 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('fails with every bad input named, no stack trace and zero requests', async () => {
    const bad: Record<string, string> = {
      days: '0',
      until: '2999-01-01',
      'deployment-source': 'github',
      environment: '(prod',
      'failure-signals': 'hotfix,outage',
      'include-prereleases': 'yes',
      benchmark: '2024',
      'max-wait': 'forever',
    };
    const before = emulator.requests.length;
    const run = await runAction({ apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, inputs: bad });

    expect(run.code, run.stdout + run.stderr).toBe(1);
    const errors = errorLines(run);
    expect(errors, run.stdout).toHaveLength(1);
    const error = errors[0]!;
    expect(error).toMatch(/^::error::Invalid inputs:\n/);
    for (const [name, value] of Object.entries(bad)) {
      expect(error, name).toContain(`\`${name}\` is ${JSON.stringify(value)}: expected `);
    }
    // One problem per line: exactly the bad inputs, no more.
    expect(error.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(Object.keys(bad).length);
    expect(error).toContain('2021, 2022, 2023');
    expectNoStackTrace(run);

    // Nothing is fetched before every input is valid.
    expect(emulator.requests.slice(before)).toEqual([]);
    // Nothing is written either: no report, no outputs, no summary.
    expect(run.report).toBeNull();
    expect(run.outputs).toEqual({});
    expect(run.summary).toBe('');
  }, 30_000);

  it('fails on an empty token and repository before any request', async () => {
    const before = emulator.requests.length;
    const run = await runAction({
      apiUrl: emulator.apiUrl,
      graphqlUrl: emulator.graphqlUrl,
      inputs: { token: '', repository: 'not-a-repository' },
    });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const [error] = errorLines(run);
    expect(error).toContain('`token` is ""');
    expect(error).toContain('`repository` is "not-a-repository"');
    expectNoStackTrace(run);
    expect(emulator.requests.slice(before)).toEqual([]);
  }, 30_000);

  it('names the workflows the repository has when `workflows` names one it does not', async () => {
    const before = emulator.requests.length;
    const run = await runAction({
      apiUrl: emulator.apiUrl,
      graphqlUrl: emulator.graphqlUrl,
      inputs: { until: UNTIL, 'deployment-source': 'workflow', workflows: 'deploy.yml, deploy-prod.yml' },
    });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const errors = errorLines(run);
    expect(errors, run.stdout).toHaveLength(1);
    const error = errors[0]!;
    // Says which name is unknown, and not the one that exists.
    expect(error).toContain('"deploy-prod.yml"');
    expect(error).not.toContain('"deploy.yml"');
    // Lists every workflow the repository has, so the user can pick one.
    for (const file of ['ci.yml', 'deploy.yml', 'nightly.yml', 'codeql.yml']) expect(error, file).toContain(file);
    expect(error).toMatch(/use one of: /);
    expectNoStackTrace(run);

    // A request or two (repository, workflow list), all of them ones GitHub would accept.
    const sent = emulator.requests.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.length).toBeLessThanOrEqual(3);
    expect(sent.filter((r) => !r.valid)).toEqual([]);
    expect(run.report).toBeNull();
  }, 30_000);
});

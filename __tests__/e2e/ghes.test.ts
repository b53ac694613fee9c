/**
 * GitHub Enterprise Server: the API under /api/v3 and GraphQL at /api/graphql, as the runner's
 * GITHUB_API_URL and GITHUB_GRAPHQL_URL say; every REST request valid in the oldest GHES
 * description @octokit/openapi ships; no artifact service, so the upload is skipped with a notice.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oldestGhesDescription, startEmulator, type Emulator } from '../emulator/server.js';
import { runAction, ROOT } from '../support/run-action.js';

const EXAMPLES = path.resolve(ROOT, '__tests__/fixtures/examples');
const expected = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'small-30d.expected.json'), 'utf8')).runs[0];

describe('GitHub Enterprise Server', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      dataset: path.join(EXAMPLES, 'small-30d.json'),
      port: 0,
      openapi: oldestGhesDescription(),
    });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('reads through /api/v3 and /api/graphql with requests valid in the oldest GHES description', async () => {
    const result = await runAction({
      apiUrl: `${emulator.url}/api/v3`,
      graphqlUrl: `${emulator.url}/api/graphql`,
      inputs: expected.inputs,
      env: { GITHUB_SERVER_URL: 'https://ghes.example' },
    });
    expect(result.code, result.stdout).toBe(0);
    expect(emulator.requests.length).toBeGreaterThan(0);
    expect(emulator.requests.every((r) => r.path.startsWith('/api/'))).toBe(true);
    expect(emulator.requests.filter((r) => !r.valid)).toEqual([]);
    expect(result.report.metrics.deploymentFrequency.deployments).toBe(expected.expected.metrics.deploymentFrequency.deployments);
    expect(result.report.metrics.leadTime.medianSeconds).toBeCloseTo(expected.expected.metrics.leadTime.medianSeconds, 6);
  }, 60_000);

  it('skips the artifact upload with a notice and keeps the report', async () => {
    const result = await runAction({
      apiUrl: `${emulator.url}/api/v3`,
      graphqlUrl: `${emulator.url}/api/graphql`,
      inputs: expected.inputs,
      env: { GITHUB_SERVER_URL: 'https://ghes.example', ACTIONS_RUNTIME_TOKEN: 'dummy', ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/' },
    });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/::notice::Artifact upload is not available on GitHub Enterprise Server/);
    expect(result.stdout).not.toMatch(/::warning::/);
    expect(result.report.complete).toBe(true);
  }, 60_000);
});

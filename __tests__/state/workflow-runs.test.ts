/**
 * Deploy runs read incrementally: the kept runs stand for those created long enough ago, and the
 * baseline query (the last success before the range) is answered from the kept answer and the
 * kept runs between, when all of them are final: the same runs as a cold read, fewer requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/github/client.js';
import type { Scope } from '../../src/github/scope.js';
import { collectWorkflowRuns, type Workflow } from '../../src/github/sources/workflow.js';
import type { Dataset, DatasetWorkflowRun } from '../emulator/dataset.js';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { SHA } from '../emulator/synthetic.js';

const DAY = 86_400_000;
const E1 = Date.parse('2026-04-01T00:00:00Z');
const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');

/** Successes 95, 91.5 and 59.5 days before E1, then daily runs in the last 20 days (alternately failing). */
function dataset(): Dataset {
  const run = (i: number, created: number, conclusion: string): DatasetWorkflowRun => ({
    id: 7_000 + i,
    workflowId: 11,
    runNumber: i,
    runAttempt: 1,
    event: 'push',
    headBranch: 'main',
    headSha: SHA.root,
    status: 'completed',
    conclusion,
    createdAt: iso(created),
    runStartedAt: iso(created),
    updatedAt: iso(created + 600_000),
    actor: 'alice',
  });
  const runs = [run(1, E1 - 95 * DAY, 'success'), run(2, E1 - 91.5 * DAY, 'success'), run(3, E1 - 59.5 * DAY, 'success')];
  for (let d = 20; d >= 1; d -= 1) runs.push(run(100 + d, E1 - d * DAY + 3_600_000, d % 2 === 0 ? 'success' : 'failure'));
  return {
    format: 1,
    now: iso(E1 + 10 * DAY),
    repository: { owner: 'acme', name: 'runs', defaultBranch: 'main' },
    branches: { main: SHA.root },
    commits: [{ sha: SHA.root, parents: [], message: 'Initial commit', author: 'alice', authoredAt: '2025-12-31T00:00:00Z' }],
    workflows: [{ id: 11, name: 'Deploy', path: '.github/workflows/deploy.yml' }],
    workflowRuns: runs,
  };
}

describe('collectWorkflowRuns with kept runs', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ dataset: dataset(), port: 0 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const client = () =>
    createClient({ token: 't', apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, maxWaitSeconds: 0, requestTimeoutSeconds: 10 });
  const workflows: Workflow[] = [{ id: 11, name: 'Deploy', path: '.github/workflows/deploy.yml' }];
  // 30-day windows: the range read starts 90 days before the end (30 days of creation slack), where no run succeeded lately.
  const scope = (end: number): Scope => ({ owner: 'acme', repo: 'runs', branch: 'main', end, previousStart: end - 60 * DAY });
  const ids = (runs: readonly { id: number }[]): number[] => runs.map((r) => r.id).sort((a, b) => a - b);

  it('answers the baseline query from the kept answer and the kept runs between', async () => {
    const first = await collectWorkflowRuns(client(), scope(E1), workflows, { asOf: E1 });
    // The range (90 days back) holds no success completed before the previous window (60 days
    // back): the older query found the one 91.5 days back.
    expect(first.runs.map((r) => r.id)).toContain(7_002);
    expect(first.kept['11']!.older!.runs.map((r) => r.id)).toEqual([7_002, 7_001]);

    // 32 days later the range starts after the success 59.5 days back: it heads the answer now,
    // taken from the kept runs.
    const E2 = E1 + 32 * DAY;
    const coldClient = client();
    const cold = await collectWorkflowRuns(coldClient, scope(E2), workflows, { asOf: E2 });
    const warmClient = client();
    const warm = await collectWorkflowRuns(warmClient, scope(E2), workflows, { asOf: E2, kept: first.kept });
    expect(ids(warm.runs)).toEqual(ids(cold.runs));
    expect(warm.kept['11']!.older).toEqual(cold.kept['11']!.older);
    expect(warm.kept['11']!.older!.runs.map((r) => r.id)).toEqual([7_003, 7_002, 7_001]);
    expect(warm.runs.map((r) => r.id)).toContain(7_003);
    expect(warm.kept['11']!.runs).toEqual(cold.kept['11']!.runs);
    // The cold read asks for the older runs; the warm one does not: it fetches only the last week and
    // proves the kept runs with one count.
    expect(coldClient.stats.requests).toBe(2);
    expect(warmClient.stats.requests).toBe(2);
    expect(warm.distrusted).toEqual([]);
    expect(warm.fetched).toBeLessThan(cold.fetched);
    expect(warm.reused).toBeGreaterThan(0);
  });

  it('kept runs fewer than GitHub counts (tampered with, or deleted since) are read again: the cold runs', async () => {
    const first = await collectWorkflowRuns(client(), scope(E1), workflows, { asOf: E1 });
    const E2 = E1 + 32 * DAY;
    const kept = first.kept['11']!;
    const inRange = kept.runs.filter((r) => r.createdAt >= E2 - 90 * DAY && r.createdAt < E1 - 7 * DAY);
    expect(inRange.length).toBeGreaterThan(2);
    const tampered = { '11': { ...kept, runs: kept.runs.filter((r) => r.id !== inRange[1]!.id) } };
    const warmClient = client();
    const warm = await collectWorkflowRuns(warmClient, scope(E2), workflows, { asOf: E2, kept: tampered });
    const cold = await collectWorkflowRuns(client(), scope(E2), workflows, { asOf: E2 });
    expect(warm.distrusted).toEqual([expect.stringMatching(/GitHub counts \d+ runs where the cache keeps \d+/)]);
    expect(ids(warm.runs)).toEqual(ids(cold.runs));
    expect(warm.kept['11']!.runs).toEqual(cold.kept['11']!.runs);
    expect(warm.reused).toBe(0);
  });

  it('asks again when the kept runs between are too recent to be final', async () => {
    const first = await collectWorkflowRuns(client(), scope(E1), workflows, { asOf: E1 - 58 * DAY });
    const warmClient = client();
    const warm = await collectWorkflowRuns(warmClient, scope(E1 + 32 * DAY), workflows, { asOf: E1 + 32 * DAY, kept: first.kept });
    const cold = await collectWorkflowRuns(client(), scope(E1 + 32 * DAY), workflows, { asOf: E1 + 32 * DAY });
    expect(ids(warm.runs)).toEqual(ids(cold.runs));
    expect(warmClient.stats.requests).toBe(2);
  });
});

/**
 * The request budget, measured with the emulator's request log: at most 1.3 x the floor (one
 * page per 100 deploy runs, commits and merged PRs over both windows) plus 5 fixed requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { requestFloor } from '../support/budget.js';
import { generateDataset } from '../support/generate-dataset.js';
import { runAction } from '../support/run-action.js';

const dataset = generateDataset({ days: 180, now: '2026-07-01T00:00:00Z', prsPerDay: 1000 / 180, deploysPerDay: 1000 / 180 });
const floor = requestFloor(dataset, { until: dataset.now, days: 90 });

describe('request budget: 90-day window, ~1,000 deploy runs, 1,000 PRs, ~2,300 commits in 180 days', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ dataset, port: 0 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('has the floor the issue describes', () => {
    expect(floor.deployRuns).toBeGreaterThanOrEqual(900);
    expect(floor.pullRequests).toBe(1000);
    expect(floor.commits).toBeGreaterThan(2000);
    expect(floor.floor).toBeGreaterThanOrEqual(40);
  });

  for (const source of ['workflow', 'deployments', 'auto']) {
    it(`stays within 1.3 x floor + 5 with deployment-source ${source}`, async () => {
      const before = emulator.requests.length;
      const result = await runAction({
        apiUrl: emulator.apiUrl,
        graphqlUrl: emulator.graphqlUrl,
        repository: 'acme/bench',
        inputs: { days: 90, until: dataset.now, 'deployment-source': source },
      });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const sent = emulator.requests.slice(before);
      expect(sent.every((r) => r.valid)).toBe(true);
      expect(result.report.complete).toBe(true);
      expect(result.report.metrics.deploymentFrequency.deployments).toBeGreaterThan(400);
      expect(result.report.metrics.leadTime.changes).toBeGreaterThan(400);
      expect(sent.length, sent.map((r) => r.operation ?? r.path).join('\n')).toBeLessThanOrEqual(floor.budget);
    }, 120_000);
  }
});

/**
 * The request budget, measured with the emulator's request log: at most 1.3 x the floor (one
 * page per 100 deploy runs, commits and merged PRs over both windows) plus 5 fixed requests.
 * A cold run reads in parallel (src/github/parallel.ts) for a few requests more than page after
 * page: each slice of the branch history may end on a part-filled page, a long pull requests
 * listing costs one page from its end to see how far back it goes, and the pages past its stop
 * when it is read from both ends (at most an eighth more). The bounds are unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { requestFloor } from '../support/budget.js';
import { generateDataset } from '../support/generate-dataset.js';
import { runAction } from '../support/run-action.js';
import { compareReport } from '../differential/compare.js';
import { checkConsistency } from '../differential/consistency.js';
import { oracle } from '../oracle/oracle.js';

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

describe('a large repository: 15 deploys and 60 PRs a day, 90-day window (over 1,000 deploy runs)', () => {
  // 200 days of history so that deployments before the previous window give the baseline.
  const large = generateDataset({ days: 200, now: '2026-07-01T00:00:00Z', prsPerDay: 60, deploysPerDay: 15, seed: 2 });
  const largeFloor = requestFloor(large, { until: large.now, days: 90 });
  const PEAK_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss-kb='+process.resourceUsage().maxRSS+'\\n'))`;

  it('is complete, within 1.3 x the floor + 5, and under 300 MB of memory', async () => {
    expect(largeFloor.deployRuns).toBeGreaterThan(2000);
    const emulator = await startEmulator({ dataset: large, port: 0 });
    try {
      const result = await runAction({
        apiUrl: emulator.apiUrl,
        graphqlUrl: emulator.graphqlUrl,
        repository: 'acme/bench',
        inputs: { days: 90, until: large.now, 'deployment-source': 'workflow' },
        env: { NODE_OPTIONS: `--import=${PEAK_RSS}` },
      });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.report.complete).toBe(true);
      expect(emulator.requests.every((r) => r.valid)).toBe(true);
      expect(emulator.requests.length).toBeLessThanOrEqual(largeFloor.budget);
      const peakKb = Number(/peak-rss-kb=(\d+)/.exec(result.stderr)?.[1]);
      expect(peakKb).toBeGreaterThan(0);
      expect(peakKb / 1024).toBeLessThan(300);
    } finally {
      await emulator.close();
    }
  }, 180_000);
});

describe('a large repository whose first deployment falls inside the previous window: 16 deploys and 60 PRs a day', () => {
  // 150 days of history: no deployment precedes the previous window (90 to 180 days back), so the
  // history is read back to the first deployment, about 21,000 commits.
  const large = generateDataset({ days: 150, now: '2026-07-01T00:00:00Z', prsPerDay: 60, deploysPerDay: 16, seed: 3 });
  const largeFloor = requestFloor(large, { until: large.now, days: 90 });

  it('is complete, equals the oracle (docs/metrics.md read naively) in every number and record, within 1.3 x the floor + 5', async () => {
    expect(largeFloor.commits).toBeGreaterThan(20_000);
    const emulator = await startEmulator({ dataset: large, port: 0 });
    try {
      const inputs = { days: '90', until: large.now, 'deployment-source': 'workflow' };
      const result = await runAction({
        apiUrl: emulator.apiUrl,
        graphqlUrl: emulator.graphqlUrl,
        repository: 'acme/bench',
        inputs,
      });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.report.complete, JSON.stringify(result.report.missing)).toBe(true);
      expect(emulator.requests.every((r) => r.valid)).toBe(true);
      expect(emulator.requests.length).toBeLessThanOrEqual(largeFloor.budget);
      const expected = oracle(large, inputs);
      expect(expected.metrics.leadTime.changes).toBeGreaterThan(4_000);
      expect(compareReport(result.report, expected)).toEqual([]);
      expect(checkConsistency(result.report)).toEqual([]);
    } finally {
      await emulator.close();
    }
  }, 300_000);
});

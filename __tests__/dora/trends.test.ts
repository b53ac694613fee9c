import { describe, expect, it } from 'vitest';
import type { Change, CountedDeployment, DoraResult } from '../../src/dora/model.js';
import { weeklyTrends } from '../../src/dora/trends.js';
import { change, DAY, deployment, doraResult, END, HOUR } from '../report/fixtures.js';

/** The fixtures' window: [2026-05-02, 2026-06-01), 30 days: four weeks and two days. */
const START = END - 30 * DAY;

function resultWith(deployments: CountedDeployment[], changes: Change[] = []): DoraResult {
  return doraResult({ deployments, changes, failures: [] });
}

describe('weekly trends', () => {
  it('cuts the window into 7-day buckets from its start; the last one is shorter and says so', () => {
    const weeks = weeklyTrends(resultWith([]));
    expect(weeks.map((w) => new Date(w.start).toISOString().slice(0, 10))).toEqual([
      '2026-05-02',
      '2026-05-09',
      '2026-05-16',
      '2026-05-23',
      '2026-05-30',
    ]);
    expect(weeks.map((w) => w.days)).toEqual([7, 7, 7, 7, 2]);
    expect(weeks.at(-1)?.end).toBe(END);
  });

  it('a window of whole weeks has no short bucket', () => {
    const result = doraResult({ window: { start: END - 14 * DAY, end: END, days: 14 }, deployments: [], changes: [] });
    expect(weeklyTrends(result).map((w) => w.days)).toEqual([7, 7]);
  });

  it('a deployment counts in the bucket of its completion, buckets being half-open', () => {
    const weeks = weeklyTrends(resultWith([deployment(1, START), deployment(2, START + 7 * DAY - 1), deployment(3, START + 7 * DAY)]));
    expect(weeks.map((w) => w.deployments)).toEqual([2, 1, 0, 0, 0]);
  });

  it('deployments of the previous window are not in any bucket', () => {
    const weeks = weeklyTrends(resultWith([deployment(1, START - HOUR)]));
    expect(weeks.every((w) => w.deployments === 0)).toBe(true);
  });

  it('zero deployments in a bucket is a measurement, its failure rate null', () => {
    const [first] = weeklyTrends(resultWith([]));
    expect(first).toMatchObject({ deployments: 0, failedDeployments: 0, failureRate: null });
  });

  it('the median lead time is that of the measured changes deployed in the bucket', () => {
    const d = deployment(1, START + DAY);
    const weeks = weeklyTrends(
      resultWith(
        [d],
        [
          change(1, d, { leadTimeSeconds: 10 * 3600 }),
          change(2, d, { leadTimeSeconds: 20 * 3600 }),
          change(3, d, { leadTimeSeconds: 60 * 3600 }),
          change(4, d, { status: 'unmeasured', leadTimeSeconds: null }),
          change(5, d, { status: 'excluded', leadTimeSeconds: null }),
        ],
      ),
    );
    expect(weeks[0]).toMatchObject({ changes: 3, medianLeadTimeSeconds: 20 * 3600 });
  });

  it('a bucket with no measured change has a null median lead time, not 0', () => {
    const weeks = weeklyTrends(resultWith([deployment(1, START + DAY)]));
    expect(weeks[0]).toMatchObject({ deployments: 1, changes: 0, medianLeadTimeSeconds: null });
  });

  it('the failure rate is the failed deployments of the bucket over its deployments', () => {
    const weeks = weeklyTrends(
      resultWith([
        deployment(1, START + DAY, { failed: true }),
        deployment(2, START + 2 * DAY),
        deployment(3, START + 3 * DAY),
        deployment(4, START + 4 * DAY),
      ]),
    );
    expect(weeks[0]).toMatchObject({ deployments: 4, failedDeployments: 1, failureRate: 0.25 });
  });

  it('withheld metrics have null weekly numbers too', () => {
    const d = deployment(1, START + DAY, { failed: true });
    const [first] = weeklyTrends(resultWith([d], [change(1, d)]), { withheld: ['leadTime', 'changeFailureRate'] });
    expect(first).toMatchObject({
      deployments: 1,
      changes: null,
      medianLeadTimeSeconds: null,
      failedDeployments: null,
      failureRate: null,
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { Change, DoraResult, WindowMetrics } from '../../src/dora/model.js';
import { buildReport } from '../../src/report/json.js';
import type { Report } from '../../src/report/schema.js';
import { largestMoves } from '../../src/report/what-changed.js';
import { change, currentMetrics, DAY, deployment, doraResult, END, previousMetrics, reportContext } from './fixtures.js';

const H = 3600;

/** Both windows equal to `previousMetrics` unless a test moves a metric: only that move is news. */
function report(current: Partial<WindowMetrics>, previous: Partial<WindowMetrics> = {}, result: Partial<DoraResult> = {}): Report {
  return buildReport(
    doraResult({ metrics: { ...previousMetrics, ...current }, previous: { ...previousMetrics, ...previous }, ...result }),
    reportContext(),
  );
}

const leadTime = (hours: number | null): Pick<WindowMetrics, 'leadTime'> => ({
  leadTime: { ...previousMetrics.leadTime, medianSeconds: hours === null ? null : hours * H },
});
const frequency = (perDay: number): Pick<WindowMetrics, 'deploymentFrequency'> => ({
  deploymentFrequency: { ...previousMetrics.deploymentFrequency, deployments: Math.round(perDay * 30), perDay, perWeek: perDay * 7 },
});
const failureRate = (rate: number | null): Pick<WindowMetrics, 'changeFailureRate'> => ({
  changeFailureRate: { ...previousMetrics.changeFailureRate, rate },
});
const reworkRate = (rate: number): Pick<WindowMetrics, 'reworkRate'> => ({ reworkRate: { ...previousMetrics.reworkRate, rate } });

/** Measured changes in both windows whose stages (hours) are given: current first, then previous. */
function stagedChanges(current: [number, number, number], previous: [number, number, number]): Pick<DoraResult, 'changes' | 'deployments'> {
  const now = deployment(1, END - 2 * DAY);
  const before = deployment(2, END - 40 * DAY);
  const staged = (n: number, d: typeof now, [coding, review, deploy]: [number, number, number]): Change =>
    change(n, d, {
      leadTimeSeconds: (coding + review + deploy) * H,
      stages: { codingSeconds: coding * H, reviewSeconds: review * H, deploySeconds: deploy * H },
    });
  return { deployments: [before, now], changes: [staged(1, before, previous), staged(2, now, current)] };
}

describe('what changed', () => {
  it('says how lead time moved, and the stage that moved it most', () => {
    expect(largestMoves(report(leadTime(20), leadTime(9), stagedChanges([2, 15, 3], [2, 4, 3])))).toEqual([
      'Lead time rose from 9h to 20h (×2.2), mostly review time',
    ]);
  });

  it('names no stage when none accounts for half of the move', () => {
    expect(largestMoves(report(leadTime(20), leadTime(9), stagedChanges([5, 8, 7], [2, 4, 3])))).toEqual([
      'Lead time rose from 9h to 20h (×2.2)',
    ]);
  });

  it('a fall in lead time names the stage that shrank most', () => {
    expect(largestMoves(report(leadTime(10), leadTime(20), stagedChanges([2, 5, 3], [2, 5, 13])))).toEqual([
      'Lead time fell from 20h to 10h (-50%), mostly deploy time',
    ]);
  });

  it('rates are written from one percentage to the other', () => {
    expect(largestMoves(report(failureRate(0.05), failureRate(0.12)))).toEqual(['Change failure rate fell from 12% to 5%']);
  });

  it('deployments per day are written with the relative move and both values', () => {
    expect(largestMoves(report(frequency(1.5), frequency(2.5)))).toEqual(['Deployments per day fell by 40% (2.5 → 1.5)']);
  });

  it('infrequent deployments are written per week', () => {
    expect(largestMoves(report(frequency(2 / 7), frequency(4 / 7)))).toEqual(['Deployments per week fell by 50% (4 → 2)']);
  });

  it('moves are ordered by size, and at most `limit` are given', () => {
    const moved = report(
      { ...frequency(1.5), ...leadTime(20), ...reworkRate(0.3) },
      { ...frequency(2.5), ...leadTime(9), ...reworkRate(0.1) },
    );
    expect(largestMoves(moved)).toEqual([
      'Rework rate rose from 10% to 30%',
      'Lead time rose from 9h to 20h (×2.2)',
      'Deployments per day fell by 40% (2.5 → 1.5)',
    ]);
    expect(largestMoves(moved, 1)).toEqual(['Rework rate rose from 10% to 30%']);
  });

  it('moves under 10% are skipped', () => {
    expect(largestMoves(report(leadTime(10.9), leadTime(10)))).toEqual([]);
    expect(largestMoves(report(leadTime(11), leadTime(10)))).toHaveLength(1);
  });

  it('rate moves under one percentage point are skipped, however large relatively', () => {
    expect(largestMoves(report(failureRate(0.008), failureRate(0.004)))).toEqual([]);
  });

  it('metrics with no data in either window are skipped', () => {
    expect(largestMoves(report(failureRate(null), failureRate(0.2)))).toEqual([]);
    expect(largestMoves(report(leadTime(20), leadTime(null)))).toEqual([]);
  });

  it('withheld metrics are skipped', () => {
    const withheld = buildReport(
      doraResult({ metrics: { ...previousMetrics, ...leadTime(40) } }),
      reportContext({ complete: false, withheld: [{ metric: 'leadTime', reason: 'pull requests could not be read' }] }),
    );
    expect(largestMoves(withheld)).toEqual([]);
  });

  it('the fixture report reads as a sentence per move', () => {
    const sentences = largestMoves(buildReport(doraResult({ metrics: currentMetrics }), reportContext()));
    expect(sentences).toEqual([
      'Deployments per day rose by 188% (0.57 → 1.6)',
      'Lead time rose from 1d 9h to 1d 12h (+11%)',
      'Recovery time rose from 1h 40m to 1h 51m (+11%)',
    ]);
  });
});

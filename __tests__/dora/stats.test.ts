import { describe, expect, it } from 'vitest';
import { durationStats, mean, median, p90, p95, quantile } from '../../src/dora/stats.js';

describe('statistics (docs/metrics.md "Statistics")', () => {
  it('median of an odd count is the middle value', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it('median of an even count interpolates between the two middle values', () => {
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });

  it('p90 interpolates linearly between closest ranks: h = (n - 1) * 0.9', () => {
    // n = 10: h = 8.1, so x[8] + 0.1 * (x[9] - x[8]) = 9 + 0.1 * 1.
    expect(p90([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toBeCloseTo(9.1, 12);
    // n = 4: h = 2.7, so x[2] + 0.7 * (x[3] - x[2]) = 30 + 0.7 * 70.
    expect(p90([10, 20, 30, 100])).toBeCloseTo(79, 12);
  });

  it('a quantile of one value is that value', () => {
    expect(quantile([42], 0.9)).toBe(42);
    expect(median([42])).toBe(42);
  });

  it('quantiles 0 and 1 are the minimum and maximum', () => {
    expect(quantile([3, 1, 2], 0)).toBe(1);
    expect(quantile([3, 1, 2], 1)).toBe(3);
  });

  it('mean is the arithmetic mean', () => {
    expect(mean([1, 2, 3, 10])).toBe(4);
  });

  it('no data is null, never 0', () => {
    expect(median([])).toBeNull();
    expect(p90([])).toBeNull();
    expect(mean([])).toBeNull();
    expect(p95([])).toBeNull();
    expect(durationStats([])).toEqual({ medianSeconds: null, p90Seconds: null, p95Seconds: null, meanSeconds: null });
  });

  it('durationStats reports median, p90, p95 and mean of unsorted durations', () => {
    expect(durationStats([300, 100, 200])).toEqual({ medianSeconds: 200, p90Seconds: 280, p95Seconds: 290, meanSeconds: 200 });
  });

  it("does not reorder the caller's array", () => {
    const values = [3, 1, 2];
    median(values);
    durationStats(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

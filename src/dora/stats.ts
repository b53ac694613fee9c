/**
 * Duration statistics (docs/metrics.md "Statistics"): median, p90 and p95 by linear interpolation between
 * closest ranks, and the mean. No data gives null, never 0.
 */
import type { DurationStats } from './model.js';

/**
 * Quantile q (0..1) of the values: for sorted x[0..n-1], h = (n - 1) * q and the result is
 * x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]). Null for no values.
 */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return quantileOfSorted(sorted, q);
}

function quantileOfSorted(sorted: readonly number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lower = Math.floor(h);
  const below = sorted[lower] as number;
  const above = sorted[Math.min(lower + 1, sorted.length - 1)] as number;
  return below + (h - lower) * (above - below);
}

export function median(values: readonly number[]): number | null {
  return quantile(values, 0.5);
}

export function p90(values: readonly number[]): number | null {
  return quantile(values, 0.9);
}

export function p95(values: readonly number[]): number | null {
  return quantile(values, 0.95);
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Median, p90, p95 and mean of durations in seconds. */
export function durationStats(seconds: readonly number[]): DurationStats {
  if (seconds.length === 0) return { medianSeconds: null, p90Seconds: null, p95Seconds: null, meanSeconds: null };
  const sorted = [...seconds].sort((a, b) => a - b);
  return {
    medianSeconds: quantileOfSorted(sorted, 0.5),
    p90Seconds: quantileOfSorted(sorted, 0.9),
    p95Seconds: quantileOfSorted(sorted, 0.95),
    meanSeconds: mean(sorted),
  };
}

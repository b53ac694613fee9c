import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/dora/index.js';
import { isInRange, reportWindows, utcDate, windowOf } from '../../src/dora/window.js';
import { chain, CURRENT_START, DAYS, deployment, doraInput, END, onDay, PREVIOUS_START } from './records.js';

describe('windows (docs/metrics.md "Time")', () => {
  it('the window is [end - days, end) and the previous window [end - 2*days, end - days)', () => {
    expect(reportWindows(END, DAYS)).toEqual({
      current: { start: CURRENT_START, end: END },
      previous: { start: PREVIOUS_START, end: CURRENT_START },
    });
  });

  it('an event exactly at the start is in the window; exactly at the end it is not', () => {
    const { current, previous } = reportWindows(END, DAYS);
    expect(isInRange(CURRENT_START, current)).toBe(true);
    expect(isInRange(END, current)).toBe(false);
    expect(isInRange(END - 1, current)).toBe(true);
    expect(windowOf(CURRENT_START, { current, previous })).toBe('current');
    expect(windowOf(CURRENT_START - 1, { current, previous })).toBe('previous');
    expect(windowOf(PREVIOUS_START, { current, previous })).toBe('previous');
    expect(windowOf(PREVIOUS_START - 1, { current, previous })).toBeNull();
  });

  it('deployment days are UTC dates', () => {
    expect(utcDate(Date.UTC(2026, 0, 1, 23, 59, 59))).toBe('2026-01-01');
    expect(utcDate(Date.UTC(2026, 0, 2, 0, 0, 0))).toBe('2026-01-02');
  });

  it('computeMetrics counts a deployment at the window start, and ignores one at the end', () => {
    const commits = chain(['a', onDay(1)], ['b', onDay(2)], ['c', onDay(3)], ['d', onDay(4)]);
    const result = computeMetrics(
      doraInput({
        commits,
        deployments: [
          deployment(1, PREVIOUS_START, 'a'),
          deployment(2, CURRENT_START, 'b'),
          deployment(3, END - 1, 'c'),
          deployment(4, END, 'd'),
        ],
      }),
    );
    expect(result.previous.deploymentFrequency.deployments).toBe(1);
    expect(result.metrics.deploymentFrequency.deployments).toBe(2);
    expect(result.deployments.map((d) => [d.deployment.id, d.window])).toEqual([
      ['1', 'previous'],
      ['2', 'current'],
      ['3', 'current'],
    ]);
    expect(result.window).toEqual({ start: CURRENT_START, end: END, days: DAYS });
    expect(result.previousWindow).toEqual({ start: PREVIOUS_START, end: CURRENT_START, historyFrom: null });
  });

  it('events at or after end are ignored: a past `until` reproduces what was known then', () => {
    const commits = chain(['a', onDay(1)], ['b', onDay(21)]);
    const input = doraInput({
      commits,
      deployments: [deployment(1, onDay(5), 'a'), deployment(2, onDay(22), 'b')],
    });
    const later = computeMetrics({ ...input, end: END });
    const earlier = computeMetrics({ ...input, end: onDay(22) });
    expect(later.metrics.leadTime.changes).toBe(1);
    expect(earlier.metrics.deploymentFrequency.deployments).toBe(0);
    expect(earlier.metrics.leadTime.changes).toBe(0);
  });
});

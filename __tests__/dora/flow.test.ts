import { describe, expect, it } from 'vitest';
import { flowMetrics } from '../../src/dora/flow.js';
import type { PullRequest, PullRequestReview } from '../../src/dora/model.js';
import { CURRENT_START, END, HOUR, onDay, pullRequest } from './records.js';

const WINDOW = { start: CURRENT_START, end: END };

/** A pull request opened `openedHours` before it was merged on day 22 (in the window). */
function pr(number: number, openedHours: number, extra: Partial<PullRequest> = {}): PullRequest {
  const merged = onDay(22);
  return pullRequest(number, `m${number}`, { opened: merged - openedHours * HOUR, merged }, extra);
}

const review = (author: string | null, submittedAt: number, state = 'APPROVED'): PullRequestReview => ({ author, state, submittedAt });

describe('flow metrics', () => {
  it('counts the pull requests merged in the window, start inclusive and end exclusive', () => {
    const prs = [
      pullRequest(1, 'a', { opened: onDay(19), merged: CURRENT_START }),
      pullRequest(2, 'b', { opened: onDay(19), merged: CURRENT_START - 1 }),
      pullRequest(3, 'c', { opened: onDay(29), merged: END }),
    ];
    expect(flowMetrics(prs, WINDOW).pullRequests).toBe(1);
  });

  it('cycle time is opened to merged: n, median, p90 and mean', () => {
    const flow = flowMetrics([pr(1, 1), pr(2, 2), pr(3, 3), pr(4, 10)], WINDOW);
    expect(flow.cycleTime).toMatchObject({ pullRequests: 4, medianSeconds: 2.5 * 3600, meanSeconds: 4 * 3600, reason: null });
    // h = 3 * 0.9 = 2.7: 3h + 0.7 * (10h - 3h).
    expect(flow.cycleTime.p90Seconds).toBeCloseTo(7.9 * 3600, 6);
  });

  it('time to first review is opened to the first review by someone other than the author', () => {
    const opened = onDay(22) - 10 * HOUR;
    const flow = flowMetrics(
      [
        pr(1, 10, {
          author: 'alice',
          reviews: [review('Alice', opened + HOUR, 'COMMENTED'), review('bob', opened + 3 * HOUR), review('carol', opened + 2 * HOUR)],
        }),
      ],
      WINDOW,
    );
    expect(flow.timeToFirstReview).toEqual({ pullRequests: 1, medianSeconds: 2 * 3600, p90Seconds: 2 * 3600, reason: null });
  });

  it('a review submitted after the merge did not gate it and does not count', () => {
    const flow = flowMetrics([pr(1, 10, { reviews: [review('bob', onDay(22) + HOUR)] })], WINDOW);
    expect(flow.timeToFirstReview.pullRequests).toBe(0);
    expect(flow.reviewDepth).toMatchObject({ pullRequests: 1, meanReviews: 0, unreviewed: 1 });
  });

  it('a reviewer without an account is someone else when the author is known', () => {
    const flow = flowMetrics([pr(1, 10, { reviews: [review(null, onDay(22) - HOUR)] })], WINDOW);
    expect(flow.timeToFirstReview.medianSeconds).toBe(9 * 3600);
  });

  it('review depth counts reviews by others per pull request, and those merged with none', () => {
    const before = onDay(22) - HOUR;
    const flow = flowMetrics(
      [
        pr(1, 10, { reviews: [review('bob', before), review('bob', before), review('carol', before)] }),
        pr(2, 10, { reviews: [review('bob', before)] }),
        pr(3, 10, { reviews: [review('alice', before)] }),
      ],
      WINDOW,
    );
    expect(flow.reviewDepth).toEqual({ pullRequests: 3, meanReviews: 4 / 3, medianReviews: 1, unreviewed: 1, reason: null });
  });

  it('pull requests whose reviews were not read are left out of the review numbers, which are null with a reason when none was read', () => {
    const flow = flowMetrics([pr(1, 10), pr(2, 5)], WINDOW);
    expect(flow.timeToFirstReview).toEqual({ pullRequests: 0, medianSeconds: null, p90Seconds: null, reason: 'reviews were not read' });
    expect(flow.reviewDepth).toEqual({
      pullRequests: 0,
      meanReviews: null,
      medianReviews: null,
      unreviewed: null,
      reason: 'reviews were not read',
    });
    expect(flowMetrics([pr(1, 10), pr(2, 5, { reviews: [] })], WINDOW).reviewDepth).toMatchObject({ pullRequests: 1, unreviewed: 1 });
  });

  it('time to first review is null with a reason when no pull request was reviewed by another', () => {
    const flow = flowMetrics([pr(1, 10, { reviews: [] })], WINDOW);
    expect(flow.timeToFirstReview.medianSeconds).toBeNull();
    expect(flow.timeToFirstReview.reason).toMatch(/no pull request was reviewed/);
  });

  it('size is the median lines changed and files changed of the pull requests with a size', () => {
    const flow = flowMetrics(
      [
        pr(1, 1, { size: { additions: 10, deletions: 0, changedFiles: 1 } }),
        pr(2, 1, { size: { additions: 100, deletions: 50, changedFiles: 5 } }),
        pr(3, 1, { size: { additions: 30, deletions: 10, changedFiles: 2 } }),
        pr(4, 1),
      ],
      WINDOW,
    );
    expect(flow.size).toEqual({ pullRequests: 3, medianLines: 40, medianChangedFiles: 2, reason: null });
  });

  it('size is null with a reason when no size was read', () => {
    expect(flowMetrics([pr(1, 1)], WINDOW).size).toEqual({
      pullRequests: 0,
      medianLines: null,
      medianChangedFiles: null,
      reason: 'pull request sizes were not read',
    });
  });

  it('no pull request merged: every number is null with the reason, never 0', () => {
    const flow = flowMetrics([], WINDOW);
    expect(flow.cycleTime).toEqual({
      pullRequests: 0,
      medianSeconds: null,
      p90Seconds: null,
      p95Seconds: null,
      meanSeconds: null,
      reason: 'no pull request was merged in the window',
    });
    expect(flow.reviewDepth.reason).toBe('no pull request was merged in the window');
    expect(flow.size.reason).toBe('no pull request was merged in the window');
  });

  it('pull requests of excluded authors are left out and counted, matched case-insensitively', () => {
    const flow = flowMetrics([pr(1, 1, { author: 'dependabot[bot]' }), pr(2, 3)], WINDOW, { excludeAuthors: ['Dependabot[bot]'] });
    expect(flow).toMatchObject({ pullRequests: 1, excluded: 1, cycleTime: { medianSeconds: 3 * 3600 } });
  });
});

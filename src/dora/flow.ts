/**
 * Flow metrics of the pull requests merged in the window: how long a pull request stays open, how
 * long it waits for a first review, how many reviews it gets and how large it is. They explain the
 * review stage of lead time; they are not DORA metrics and carry no tiers. A number with no data is
 * null with a reason, never 0 (docs/metrics.md "Statistics").
 */
import type { Millis, PullRequest, PullRequestReview } from './model.js';
import { durationStats, mean, median } from './stats.js';
import { isInRange, type TimeRange } from './window.js';

export interface FlowMetrics {
  /** Pull requests merged in the window, excluded authors left out. */
  readonly pullRequests: number;
  /** Pull requests merged in the window by an author in `excludeAuthors`, left out of every number. */
  readonly excluded: number;
  /** Opened to merged. */
  readonly cycleTime: {
    readonly pullRequests: number;
    readonly medianSeconds: number | null;
    readonly p90Seconds: number | null;
    readonly p95Seconds: number | null;
    readonly meanSeconds: number | null;
    readonly reason: string | null;
  };
  /** Opened to the first review submitted by someone other than the author, before the merge. */
  readonly timeToFirstReview: {
    /** Pull requests reviewed by someone other than the author before they were merged. */
    readonly pullRequests: number;
    readonly medianSeconds: number | null;
    readonly p90Seconds: number | null;
    readonly reason: string | null;
  };
  /** Reviews by others, submitted before the merge, per pull request whose reviews were read. */
  readonly reviewDepth: {
    /** Pull requests whose reviews were read. */
    readonly pullRequests: number;
    readonly meanReviews: number | null;
    readonly medianReviews: number | null;
    /** Of those, merged with no review by someone other than the author; null when no reviews were read. */
    readonly unreviewed: number | null;
    readonly reason: string | null;
  };
  /** Size of the pull requests whose size GitHub gave. */
  readonly size: {
    readonly pullRequests: number;
    /** Median of additions + deletions. */
    readonly medianLines: number | null;
    readonly medianChangedFiles: number | null;
    readonly reason: string | null;
  };
}

export interface FlowOptions {
  /** Logins whose pull requests are left out (matched case-insensitively), as for lead time. */
  readonly excludeAuthors?: readonly string[];
}

const elapsedSeconds = (from: Millis, to: Millis): number => Math.max(0, (to - from) / 1000);

/**
 * Reviews that count: submitted by someone other than the pull request's author, at or before the
 * merge. A review after the merge did not gate it; a reviewer with no account (null) is someone
 * else only when the author is known, since two unknowns cannot be told apart.
 */
function reviewsByOthers(pr: PullRequest, reviews: readonly PullRequestReview[]): PullRequestReview[] {
  const author = pr.author?.toLowerCase() ?? null;
  return reviews.filter((review) => {
    if (review.submittedAt > pr.mergedAt) return false;
    if (review.author === null) return author !== null;
    return review.author.toLowerCase() !== author;
  });
}

/** Flow metrics over the pull requests merged in `window` (`start <= mergedAt < end`). */
export function flowMetrics(pullRequests: readonly PullRequest[], window: TimeRange, options: FlowOptions = {}): FlowMetrics {
  const excludedLogins = new Set((options.excludeAuthors ?? []).map((login) => login.toLowerCase()));
  const merged = pullRequests.filter((pr) => isInRange(pr.mergedAt, window));
  const isExcluded = (pr: PullRequest): boolean => pr.author !== null && excludedLogins.has(pr.author.toLowerCase());
  const counted = merged.filter((pr) => !isExcluded(pr));
  const noneMerged =
    merged.length === 0 ? 'no pull request was merged in the window' : 'every pull request merged in the window was excluded';

  const cycle = counted.map((pr) => elapsedSeconds(pr.createdAt, pr.mergedAt));
  const cycleStats = durationStats(cycle);

  const withReviews = counted.filter((pr) => pr.reviews !== undefined);
  const depths: number[] = [];
  const firstReviews: number[] = [];
  for (const pr of withReviews) {
    const reviews = reviewsByOthers(pr, pr.reviews ?? []);
    depths.push(reviews.length);
    if (reviews.length === 0) continue;
    const first = Math.min(...reviews.map((r) => r.submittedAt));
    firstReviews.push(elapsedSeconds(pr.createdAt, first));
  }
  const firstReviewStats = durationStats(firstReviews);
  const reviewsReason = counted.length === 0 ? noneMerged : withReviews.length === 0 ? 'reviews were not read' : null;

  const sized = counted.flatMap((pr) => (pr.size === undefined ? [] : [pr.size]));
  const sizeReason = counted.length === 0 ? noneMerged : sized.length === 0 ? 'pull request sizes were not read' : null;

  return {
    pullRequests: counted.length,
    excluded: merged.length - counted.length,
    cycleTime: {
      pullRequests: cycle.length,
      ...cycleStats,
      reason: cycle.length === 0 ? noneMerged : null,
    },
    timeToFirstReview: {
      pullRequests: firstReviews.length,
      medianSeconds: firstReviewStats.medianSeconds,
      p90Seconds: firstReviewStats.p90Seconds,
      reason:
        reviewsReason ??
        (firstReviews.length === 0 ? 'no pull request was reviewed by someone other than its author before it was merged' : null),
    },
    reviewDepth: {
      pullRequests: withReviews.length,
      meanReviews: mean(depths),
      medianReviews: median(depths),
      unreviewed: withReviews.length === 0 ? null : depths.filter((n) => n === 0).length,
      reason: reviewsReason,
    },
    size: {
      pullRequests: sized.length,
      medianLines: median(sized.map((s) => s.additions + s.deletions)),
      medianChangedFiles: median(sized.map((s) => s.changedFiles)),
      reason: sizeReason,
    },
  };
}

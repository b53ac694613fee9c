/**
 * The DORA vocabulary: the plain records the engine takes and returns.
 * Times are epoch milliseconds inside the engine; ISO strings live at the edges (report/).
 * Nothing here knows GitHub's API shapes: collectors translate into these records.
 */

import type { MetricKey, WithholdableMetric } from './metrics.js';

export type Millis = number;

export const DEPLOYMENT_SOURCES = ['workflow', 'deployments', 'releases', 'merges'] as const;
export type DeploymentSourceName = (typeof DEPLOYMENT_SOURCES)[number];

export const FAILURE_SIGNALS = ['hotfix', 'revert', 'rollback', 'incident', 'failed-run'] as const;
export type FailureSignal = (typeof FAILURE_SIGNALS)[number];

export const TIERS = ['elite', 'high', 'medium', 'low'] as const;
export type Tier = (typeof TIERS)[number];

export const BENCHMARK_YEARS = [2021, 2022, 2023] as const;
export type BenchmarkYear = (typeof BENCHMARK_YEARS)[number];

/** One successful completion of a release to production (docs/metrics.md "Deployment"). */
export interface Deployment {
  /** Stable id within its source: run id, deployment id, release id or PR number, as a string. */
  readonly id: string;
  /** Completion time. */
  readonly time: Millis;
  /** The commit deployed. */
  readonly sha: string;
  /** Human label: "Deploy #412", "v1.4.0", "#123 Add cart". Untrusted text. */
  readonly label: string;
  readonly url?: string;
}

/** A completed deploy-workflow run with conclusion `failure` (workflow source, `failed-run` signal). */
export interface FailedRun {
  readonly id: string;
  readonly time: Millis;
  readonly sha: string;
  readonly label: string;
  readonly url?: string;
}

/** A commit of the production branch's history (every record here is on the production branch). */
export interface Commit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly authoredAt: Millis;
  readonly message: string;
  /** GitHub login of the author, null when the author has no GitHub account. */
  readonly author: string | null;
  /** Numbers of pull requests GitHub associates with this commit (own commits, merge commit, rebase copies). */
  readonly pullRequests: readonly number[];
}

/** A commit of a pull request's own commit list. */
export interface PullRequestCommit {
  readonly sha: string;
  readonly authoredAt: Millis;
  readonly message: string;
}

/** A pull request merged into the production branch. */
export interface PullRequest {
  readonly number: number;
  readonly title: string;
  readonly author: string | null;
  readonly headRef: string;
  readonly labels: readonly string[];
  readonly createdAt: Millis;
  readonly mergedAt: Millis;
  /** GitHub's merge_commit_sha, whatever the merge method. */
  readonly mergeCommitSha: string;
  /** The PR's own commits, oldest first. */
  readonly commits: readonly PullRequestCommit[];
  readonly url?: string;
  /** Submitted reviews, for the flow metrics; absent when not read. */
  readonly reviews?: readonly PullRequestReview[];
  /** Lines added and deleted and files changed, where GitHub gives them. */
  readonly size?: { readonly additions: number; readonly deletions: number; readonly changedFiles: number };
}

/** A submitted review of a pull request. */
export interface PullRequestReview {
  readonly author: string | null;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED. */
  readonly state: string;
  readonly submittedAt: Millis;
}

/** An issue carrying one of the incident labels. */
export interface Incident {
  readonly number: number;
  readonly title: string;
  readonly createdAt: Millis;
  readonly closedAt: Millis | null;
  readonly labels: readonly string[];
  readonly url?: string;
}

/**
 * Facts about commits the history read does not hold, so revert targets and rollbacks are resolved
 * over the whole history (docs/metrics.md "Resolved over the whole history") at the cost of a few
 * requests instead of reading everything.
 */
export interface OutsideHistory {
  /** Commits on the production branch (ancestors of its head) older than the history read. */
  readonly onBranch?: readonly string[];
  /** Pairs `[ancestor, descendant]` where the first commit is a proper ancestor of the second. */
  readonly properAncestors?: readonly (readonly [string, string])[];
  /**
   * `This reverts commit <ref>` references (lowercase, as written: full or abbreviated) resolved by
   * the repository: the full SHA of the one commit it names, or null when it names none (or several).
   */
  readonly revertRefs?: Readonly<Record<string, string | null>>;
  /** Pull request numbers named by `revert-<N>-` branches that exist and were merged, beyond `pullRequests`. */
  readonly mergedPullRequests?: readonly number[];
}

/** Something the collectors could not read in full, named in the report, with the metrics it withholds. */
export interface Missing {
  readonly what: string;
  readonly reason: string;
  /** Registry keys (src/dora/metrics.ts), or `leadTime.unmeasured` for a count that is a lower bound. */
  readonly metrics: readonly (MetricKey | 'leadTime.unmeasured')[];
}

/** A metric not reported because part of the data it needs could not be read. */
export interface WithheldMetric {
  readonly metric: WithholdableMetric;
  /** Why, in words a reader can act on, e.g. "pull requests could not be read (403: Resource not accessible by integration)". */
  readonly reason: string;
}

export interface EngineConfig {
  readonly failureSignals: readonly FailureSignal[];
  /** Matched case-insensitively. */
  readonly hotfixLabels: readonly string[];
  readonly incidentLabels: readonly string[];
  readonly incidentWindowHours: number;
  /** Logins, matched case-insensitively. */
  readonly excludeAuthors: readonly string[];
  readonly benchmark: BenchmarkYear;
}

/** Everything the engine needs; all lists in any order. */
export interface DoraInput {
  /** The window is [end - days, end); the previous window [end - 2*days, end - days). */
  readonly end: Millis;
  readonly days: number;
  readonly source: DeploymentSourceName;
  /** Every deployment known, at any time (the engine ignores those at or after `end`). */
  readonly deployments: readonly Deployment[];
  /** Failed deploy runs (workflow source only; empty otherwise). */
  readonly failedRuns: readonly FailedRun[];
  /** The production branch's history as far as it was read. */
  readonly commits: readonly Commit[];
  /**
   * Commits off the production branch that deployments contain (a release branch forked from it),
   * with their parents, so a deployment of another branch ships the branch commits its commit
   * contains. They are not changes. Optional: none by default.
   */
  readonly otherCommits?: readonly Commit[];
  /** What the collector learned about commits older than the history read; optional. */
  readonly outside?: OutsideHistory;
  /**
   * Set when the chosen source has no deployment in either window while another source (or, for
   * GitHub Deployments, another environment) has: the configuration is then more likely wrong than
   * the team, and deployment frequency gets no tier, with this reason (docs/metrics.md
   * "Deployment frequency"). Optional.
   */
  readonly likelyMisconfigured?: string | null;
  /**
   * Merged pull requests: those whose merge commit is on the production branch (the changes), and
   * those merged into another branch that a deployment ships (their hotfix labels and reverts count).
   */
  readonly pullRequests: readonly PullRequest[];
  /** Issues with an incident label. */
  readonly incidents: readonly Incident[];
  readonly config: EngineConfig;
  /**
   * What could not be read in full: the metrics it needs are withheld (null, with the reason, in
   * both windows of the outcome). Optional: none.
   */
  readonly missing?: readonly Missing[];
  /**
   * The pull requests the flow metrics measure (those merged into the production branch). Optional:
   * without them, or when lead time is withheld (flow comes from the same pull requests), no flow metrics.
   */
  readonly flowPullRequests?: readonly PullRequest[];
}

export type WindowName = 'current' | 'previous';

/** A metric with no data carries `reason`; its numbers are null, never 0. */
export interface DeploymentFrequency {
  readonly deployments: number;
  readonly perDay: number;
  readonly perWeek: number;
  readonly deploymentDays: number;
  /** Null when the configuration is likely wrong (`reason` says why); zero deployments is otherwise tier `low`. */
  readonly tier: Tier | null;
  /** Why there is no tier; null when there is one. */
  readonly reason: string | null;
}

export interface DurationStats {
  readonly medianSeconds: number | null;
  readonly p90Seconds: number | null;
  readonly p95Seconds: number | null;
  readonly meanSeconds: number | null;
}

export interface LeadTime extends DurationStats {
  readonly changes: number;
  readonly tier: Tier | null;
  readonly excluded: number;
  readonly skipped: number;
  readonly unmeasured: number;
  readonly reason: string | null;
}

export interface ChangeFailureRate {
  readonly deployments: number;
  readonly failedDeployments: number;
  readonly rate: number | null;
  readonly tier: Tier | null;
  readonly failedRuns: number;
  readonly unattributedIncidents: number;
  readonly reason: string | null;
}

export interface FailedDeploymentRecoveryTime extends DurationStats {
  readonly recoveries: number;
  readonly unrecovered: number;
  readonly tier: Tier | null;
  readonly reason: string | null;
}

export interface ReworkRate {
  readonly deployments: number;
  readonly reworkDeployments: number;
  readonly rate: number | null;
  readonly reason: string | null;
}

export interface WindowMetrics {
  readonly deploymentFrequency: DeploymentFrequency;
  readonly leadTime: LeadTime;
  readonly changeFailureRate: ChangeFailureRate;
  readonly failedDeploymentRecoveryTime: FailedDeploymentRecoveryTime;
  readonly reworkRate: ReworkRate;
  /** Lowest tier among the metrics that have data; null when none has. */
  readonly overallTier: Tier | null;
}

/** A deployment counted in one of the windows, with why. */
export interface CountedDeployment {
  readonly deployment: Deployment;
  readonly window: WindowName;
  /** Id of the deployment before it; null for the first deployment ever. */
  readonly baselineId: string | null;
  /** Number of changes it shipped (first deployment containing them). */
  readonly changes: number;
  /** Remediation signals it carries (it is a rework deployment when non-empty). */
  readonly remediates: readonly FailureSignal[];
  /** True when production needed remediation after it. */
  readonly failed: boolean;
}

export type ChangeStatus = 'measured' | 'excluded' | 'skipped' | 'unmeasured';

export interface Change {
  readonly kind: 'pull_request' | 'direct_push';
  /** PR number for pull requests. */
  readonly number: number | null;
  /** Merge commit (PR) or the commit itself (direct push). */
  readonly sha: string;
  readonly title: string;
  readonly author: string | null;
  readonly url?: string;
  readonly start: Millis;
  readonly openedAt: Millis | null;
  readonly mergedAt: Millis | null;
  readonly deploymentId: string;
  readonly deployedAt: Millis;
  readonly window: WindowName;
  readonly status: ChangeStatus;
  /** Null unless status is 'measured'. */
  readonly leadTimeSeconds: number | null;
  /** Coding (start to opened), review (opened to merged), deploy (merged to deployed), seconds; null for direct pushes. */
  readonly stages: { readonly codingSeconds: number; readonly reviewSeconds: number; readonly deploySeconds: number } | null;
}

export interface Failure {
  /** The failed deployment, or the first failed run of an outage. */
  readonly failedId: string;
  readonly failedAt: Millis;
  readonly kind: 'deployment' | 'failed-run';
  readonly window: WindowName;
  /** The signal of the earliest remediation. */
  readonly signal: FailureSignal;
  /** What remediated it: a deployment id, or an incident number as "#40". Null when unrecovered at `end`. */
  readonly remediationId: string | null;
  readonly remediatedAt: Millis | null;
  readonly recoverySeconds: number | null;
  /** Human text: why it counts, e.g. "reverted by #88 in Deploy #412". */
  readonly reason: string;
}

export interface UnattributedIncident {
  readonly number: number;
  readonly title: string;
  readonly createdAt: Millis;
  readonly window: WindowName;
  readonly reason: string;
}

export interface DoraResult {
  readonly window: { readonly start: Millis; readonly end: Millis; readonly days: number };
  readonly previousWindow: {
    readonly start: Millis;
    readonly end: Millis;
    /**
     * The first deployment on record when it completed after the previous window began: the
     * previous window holds deployment history only from then (docs/metrics.md "Comparing with
     * the previous window"), so no move is called better or worse. Null when a deployment before
     * the previous window is on record.
     */
    readonly historyFrom: Millis | null;
  };
  readonly source: DeploymentSourceName;
  readonly benchmark: BenchmarkYear;
  readonly metrics: WindowMetrics;
  readonly previous: WindowMetrics;
  /** Deployments counted in either window, in time order. */
  readonly deployments: readonly CountedDeployment[];
  /** Changes deployed in either window, in time order of deployment. */
  readonly changes: readonly Change[];
  /** Failures attributed to deployments (or failed runs) in either window. */
  readonly failures: readonly Failure[];
  readonly unattributedIncidents: readonly UnattributedIncident[];
}

/* ---- Source records: what collectors read, before the deployment rules of docs/metrics.md "Deployment" apply. ---- */

/** A workflow run as a plain record (workflow source). */
export interface WorkflowRunRecord {
  readonly id: number;
  readonly workflowId: number;
  readonly workflowName: string;
  readonly runNumber: number;
  readonly runAttempt: number;
  readonly event: string;
  readonly headBranch: string | null;
  readonly headSha: string;
  readonly status: string;
  readonly conclusion: string | null;
  /** `updated_at`: the completion time once status is `completed`. */
  readonly updatedAt: Millis;
  readonly url?: string;
}

/** A GitHub Deployment with its statuses (deployments source). */
export interface DeploymentRecord {
  /** REST id, or the GraphQL node id (GraphQL's 32-bit `databaseId` cannot hold today's ids). */
  readonly id: number | string;
  /** The numeric id GitHub gave the deployment, when `id` is a node id it could be read from. */
  readonly databaseId?: string;
  readonly sha: string;
  readonly ref: string | null;
  readonly environment: string;
  readonly createdAt: Millis;
  /** Any order; the rules sort them by time. */
  readonly statuses: readonly { readonly state: string; readonly createdAt: Millis }[];
  readonly url?: string;
}

/** A release (releases source). */
export interface ReleaseRecord {
  readonly id: number;
  readonly tagName: string;
  readonly name: string | null;
  /** The commit the tag points to; null when unknown. */
  readonly sha: string | null;
  readonly draft: boolean;
  readonly prerelease: boolean;
  readonly publishedAt: Millis | null;
  readonly url?: string;
}

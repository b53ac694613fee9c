/** What the action's inputs parse to (`parseInputs`): the one value the rest of the action reads its settings from. */
import type { BenchmarkYear, DeploymentSourceName, FailureSignal, Tier } from '../dora/model.js';
import type { AlertRule } from './alert-rules.js';
import type { PayloadFormat } from './payload-formats.js';

export interface Config {
  readonly token: string;
  readonly owner: string;
  readonly repo: string;
  readonly days: number;
  /** Window end, epoch ms. */
  readonly until: number;
  readonly untilGiven: boolean;
  readonly deploymentSource: DeploymentSourceName | 'auto';
  readonly workflows: readonly string[];
  readonly environment: RegExp;
  /** Empty: the repository's default branch. */
  readonly branch: string;
  readonly failureSignals: readonly FailureSignal[];
  readonly hotfixLabels: readonly string[];
  readonly incidentLabels: readonly string[];
  readonly incidentWindowHours: number;
  readonly excludeAuthors: readonly string[];
  readonly includePrereleases: boolean;
  readonly benchmark: BenchmarkYear;
  readonly jobSummary: boolean;
  readonly artifactName: string;
  readonly outputDir: string;
  /** Longest total time spent waiting on retries and rate limits, seconds. */
  readonly maxWaitSeconds: number;
  /** Seconds before an unanswered request is abandoned and retried. */
  readonly requestTimeoutSeconds: number;
  /** Branch the badges are committed to; empty: not committed. */
  readonly badgesBranch: string;
  /** Where the metrics are POSTed; null: nowhere. */
  readonly endpoint: {
    readonly url: string;
    readonly format: PayloadFormat;
    readonly token: string;
    readonly secret: string;
    readonly allowHttp: boolean;
    readonly failOnError: boolean;
  } | null;
  readonly alertRules: readonly AlertRule[];
  /** `single`: measure (`repository`, or each of `repositories`); `aggregate`: roll up reports from `reports-dir`. */
  readonly mode: 'single' | 'aggregate';
  /**
   * owner/name of each repository to measure in this job (or expected in the roll-up), or an
   * organisation whose repositories (not archived, carrying every topic listed) are measured;
   * an empty list: `repository` alone.
   */
  readonly repositories: readonly string[] | { readonly organisation: string; readonly topics: readonly string[] };
  /** Where `mode: aggregate` finds the dora-metrics.json reports (downloaded artifacts). */
  readonly reportsDir: string;
  /** Keep what was read in the Actions cache and read only what is new next time. */
  readonly cache: boolean;
  readonly cacheKeyPrefix: string;
  /** When the step fails after reporting: never, on any alert, or when the overall tier is below a tier. */
  readonly failOn: { readonly kind: 'never' } | { readonly kind: 'alert' } | { readonly kind: 'tier-below'; readonly tier: Tier };
}

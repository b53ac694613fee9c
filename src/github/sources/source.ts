/**
 * What a deployment source is (docs/architecture.md "Adding a deployment source"): one module per
 * source in this folder exports a `DeploymentSource`, registered in `index.ts`.
 */
import type { Config } from '../../inputs/index.js';
import type { Deployment, DeploymentSourceName, FailedRun, PullRequest } from '../../dora/model.js';
import { metricsNeeding } from '../../dora/metrics.js';
import type { GitHubClient } from '../client.js';
import type { ListedPullRequestPage } from '../pull-requests.js';
import type { Incremental } from '../incremental.js';
import type { ReadAhead } from '../parallel.js';
import type { Missing, Scope } from '../scope.js';

/** What a source read gives the rest of the run. */
export interface SourceResult {
  deployments: Deployment[];
  failedRuns: FailedRun[];
  /** What was read, in words: the summary's "Deployments: …" line. */
  note: string;
  /** Merged PRs already read (merges source), reused for lead time. */
  pullRequests?: PullRequest[];
  missing: Missing[];
  /**
   * Commits deployed from the production branch itself (deploy runs of it, Deployments whose ref is
   * it, merges into it): placed by the history read, never by a comparison. Absent: none known.
   */
  fromBranch?: ReadonlySet<string>;
}

/** What a source read shares with the rest of the run: the pull requests listing read ahead. */
export interface Ahead {
  /** Called once the source's inputs have proved valid: the run goes on to the reads that follow. */
  readonly readable: () => void;
  /** The merged pull requests listing, read ahead, once `readable` started it (cold runs). */
  readonly pullRequests: () => ReadAhead<ListedPullRequestPage> | null;
}

export const NOTHING_AHEAD: Ahead = { readable: () => undefined, pullRequests: () => null };

/** Everything a source's read may use. */
export interface SourceRead {
  readonly client: GitHubClient;
  readonly scope: Scope;
  readonly config: Config;
  readonly inc: Incremental;
  readonly ahead: Ahead;
}

export interface DeploymentSource {
  readonly name: DeploymentSourceName;
  /** What it reads, for messages ("the workflow runs could not be read"). */
  readonly what: string;
  /** The token permission the read needs, for the fix of a permission error. */
  readonly permission: string;
  /**
   * Whether deployments found here while the chosen source has none point at a setting (the
   * `likelyMisconfigured` evidence): true for sources a team sets up, false for a proxy.
   */
  readonly evidence: boolean;
  /** Reads the source over both windows and the baseline before them; records become deployments here too. */
  read(from: SourceRead): Promise<SourceResult>;
}

/** A list whose paging stopped early: every metric needs the deployments. */
export const incompleteList = (what: string): Missing => ({
  what,
  reason: 'paging stopped before the end of the list',
  metrics: metricsNeeding('deployments'),
});

export interface SearchedSource {
  readonly source: DeploymentSourceName;
  /** Deployments found in the current and previous windows. */
  readonly deployments: number;
  readonly note: string;
}

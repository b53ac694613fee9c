/**
 * Small literal records for the engine's tests. Times are hours after T0 unless a test says
 * otherwise; the default report ends at day 30 with a 10-day window, so the current window is
 * [day 20, day 30) and the previous one [day 10, day 20).
 */
import type {
  Commit,
  Deployment,
  DoraInput,
  EngineConfig,
  FailedRun,
  Incident,
  PullRequest,
  PullRequestCommit,
} from '../../src/dora/model.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const T0 = Date.UTC(2026, 0, 1);

/** An instant `hours` after T0. */
export const at = (hours: number): number => T0 + hours * HOUR;
/** An instant `days` (and optional hours) after T0. */
export const onDay = (days: number, hours = 0): number => T0 + days * DAY + hours * HOUR;

export const END = onDay(30);
export const DAYS = 10;
export const CURRENT_START = onDay(20);
export const PREVIOUS_START = onDay(10);

export function commit(sha: string, parents: string[], authoredAt: number, extra: Partial<Commit> = {}): Commit {
  return { sha, parents, authoredAt, message: `Commit ${sha}`, author: 'alice', pullRequests: [], ...extra };
}

/** A linear history: each sha's parent is the one before it. */
export function chain(...links: [sha: string, authoredAt: number][]): Commit[] {
  return links.map(([sha, authoredAt], i) => commit(sha, i === 0 ? [] : [(links[i - 1] as [string, number])[0]], authoredAt));
}

export function prCommit(sha: string, authoredAt: number, message = `Work ${sha}`): PullRequestCommit {
  return { sha, authoredAt, message };
}

export function pullRequest(
  number: number,
  mergeCommitSha: string,
  times: { opened: number; merged: number },
  extra: Partial<PullRequest> = {},
): PullRequest {
  return {
    number,
    title: `Change ${number}`,
    author: 'alice',
    headRef: `feature/${number}`,
    labels: [],
    createdAt: times.opened,
    mergedAt: times.merged,
    mergeCommitSha,
    commits: [],
    ...extra,
  };
}

export function deployment(id: string | number, time: number, sha: string): Deployment {
  return { id: String(id), time, sha, label: `Deploy #${id}` };
}

export function failedRun(id: string | number, time: number, sha: string): FailedRun {
  return { id: String(id), time, sha, label: `Deploy #${id}` };
}

export function incident(number: number, createdAt: number, closedAt: number | null, labels = ['incident']): Incident {
  return { number, title: `Incident ${number}`, createdAt, closedAt, labels };
}

export const DEFAULT_CONFIG: EngineConfig = {
  failureSignals: ['hotfix', 'revert', 'rollback'],
  hotfixLabels: ['hotfix'],
  incidentLabels: ['incident'],
  incidentWindowHours: 72,
  excludeAuthors: [],
  benchmark: 2023,
};

export function doraInput(parts: Partial<Omit<DoraInput, 'config'>> & { config?: Partial<EngineConfig> } = {}): DoraInput {
  return {
    end: END,
    days: DAYS,
    source: 'workflow',
    deployments: [],
    failedRuns: [],
    commits: [],
    pullRequests: [],
    incidents: [],
    ...parts,
    config: { ...DEFAULT_CONFIG, ...parts.config },
  };
}

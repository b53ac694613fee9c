/**
 * The dataset format (docs/dataset-format.md) and the indexed, read-only store the
 * emulator serves from. Loading is lenient the way the format asks: unknown keys are ignored and a
 * missing optional list means "none", so datasets written by any generator load as they are.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface DatasetCommit {
  readonly sha: string;
  readonly parents?: readonly string[];
  readonly message?: string;
  readonly author?: string | null;
  readonly authoredAt: string;
  readonly committedAt?: string;
  /** PRs GitHub associates with the commit beyond own commits and merge commit (rebase copies). */
  readonly pullRequests?: readonly number[];
}

export interface DatasetReview {
  readonly author?: string | null;
  readonly state: string;
  readonly submittedAt: string;
}

export interface DatasetPullRequest {
  readonly number: number;
  readonly title?: string;
  readonly author?: string | null;
  readonly baseRef?: string;
  readonly headRef?: string;
  readonly createdAt: string;
  readonly closedAt?: string | null;
  readonly mergedAt?: string | null;
  readonly mergeCommitSha?: string | null;
  readonly commits?: readonly string[];
  readonly labels?: readonly string[];
  readonly draft?: boolean;
  readonly reviews?: readonly DatasetReview[];
}

export interface DatasetWorkflow {
  readonly id: number;
  readonly name: string;
  readonly path: string;
  readonly state?: string;
}

export interface DatasetWorkflowRun {
  readonly id: number;
  readonly workflowId: number;
  readonly runNumber?: number;
  readonly runAttempt?: number;
  readonly event?: string;
  readonly headBranch?: string | null;
  readonly headSha: string;
  readonly status?: string;
  readonly conclusion?: string | null;
  readonly createdAt: string;
  readonly runStartedAt?: string;
  readonly updatedAt?: string;
  readonly actor?: string | null;
}

export interface DatasetDeploymentStatus {
  readonly state: string;
  readonly createdAt: string;
}

export interface DatasetDeployment {
  readonly id: number;
  readonly sha: string;
  readonly ref?: string;
  readonly environment?: string;
  readonly creator?: string | null;
  readonly createdAt: string;
  /** Oldest first. */
  readonly statuses?: readonly DatasetDeploymentStatus[];
}

export interface DatasetRelease {
  readonly id: number;
  readonly tagName: string;
  readonly name?: string | null;
  readonly targetSha?: string;
  readonly draft?: boolean;
  readonly prerelease?: boolean;
  readonly author?: string | null;
  readonly createdAt: string;
  readonly publishedAt?: string | null;
}

export interface DatasetIssue {
  readonly number: number;
  readonly title?: string;
  readonly author?: string | null;
  readonly labels?: readonly string[];
  readonly createdAt: string;
  readonly closedAt?: string | null;
}

export interface Dataset {
  readonly format?: number;
  readonly now?: string;
  readonly repository: {
    readonly owner: string;
    readonly name: string;
    readonly defaultBranch?: string;
    readonly createdAt?: string;
    /** Emulator extension (beyond the shared keys of docs/dataset-format.md): the repository's topics, for organisation listings. */
    readonly topics?: readonly string[];
    /** Emulator extension: an archived repository. */
    readonly archived?: boolean;
  };
  readonly branches?: Readonly<Record<string, string>>;
  readonly commits?: readonly DatasetCommit[];
  readonly pullRequests?: readonly DatasetPullRequest[];
  readonly workflows?: readonly DatasetWorkflow[];
  readonly workflowRuns?: readonly DatasetWorkflowRun[];
  readonly deployments?: readonly DatasetDeployment[];
  readonly releases?: readonly DatasetRelease[];
  readonly issues?: readonly DatasetIssue[];
}

/** A commit with its times parsed once, so sorting and filtering never re-parse ISO strings. */
export interface StoredCommit {
  readonly sha: string;
  readonly parents: readonly string[];
  readonly message: string;
  readonly author: string | null;
  readonly authoredAt: string;
  readonly committedAt: string;
  readonly committedMs: number;
}

/** The one repository a dataset describes, with the indexes every endpoint needs. */
export interface Store {
  readonly now: string;
  readonly owner: string;
  readonly name: string;
  readonly fullName: string;
  readonly defaultBranch: string;
  readonly createdAt: string;
  readonly repositoryId: number;
  readonly topics: readonly string[];
  readonly archived: boolean;
  readonly branches: ReadonlyMap<string, string>;
  readonly commits: ReadonlyMap<string, StoredCommit>;
  readonly pullRequests: ReadonlyMap<number, DatasetPullRequest>;
  /** Ascending by number. */
  readonly pullRequestList: readonly DatasetPullRequest[];
  /** PRs GitHub associates with a commit: own commits, merge commit, the commit's `pullRequests`. */
  readonly pullRequestsByCommit: ReadonlyMap<string, readonly number[]>;
  readonly workflows: readonly DatasetWorkflow[];
  /** Newest first (created_at desc, id desc), the order GitHub lists runs in. */
  readonly workflowRuns: readonly DatasetWorkflowRun[];
  /** Ascending by created_at, then id. */
  readonly deployments: readonly DatasetDeployment[];
  readonly deploymentsBySha: ReadonlyMap<string, readonly DatasetDeployment[]>;
  /** Ascending by created_at, then id. */
  readonly releases: readonly DatasetRelease[];
  readonly issues: readonly DatasetIssue[];
  /** The newest non-draft, non-prerelease release: GitHub's "latest". */
  readonly latestReleaseId: number | null;
  /** Ancestry in `git log` order, computed on demand and cached (the dataset never changes). */
  readonly historyCache: Map<string, readonly StoredCommit[]>;
}

export function readDataset(input: Dataset | string): Dataset {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(readFileSync(input, 'utf8')) as Dataset;
  } catch (cause) {
    throw new Error(`Cannot read dataset ${input}`, { cause });
  }
}

export function loadStore(input: Dataset | string): Store {
  const dataset = readDataset(input);
  if (!dataset.repository?.owner || !dataset.repository.name) {
    throw new Error('Dataset has no repository.owner/name (see docs/dataset-format.md)');
  }
  const repo = dataset.repository;
  const defaultBranch = repo.defaultBranch ?? 'main';

  const commits = new Map<string, StoredCommit>();
  for (const c of dataset.commits ?? []) {
    const committedAt = c.committedAt ?? c.authoredAt;
    commits.set(c.sha, {
      sha: c.sha,
      parents: c.parents ?? [],
      message: c.message ?? '',
      author: c.author ?? null,
      authoredAt: c.authoredAt,
      committedAt,
      committedMs: Date.parse(committedAt),
    });
  }

  const pullRequestList = [...(dataset.pullRequests ?? [])].sort((a, b) => a.number - b.number);
  const pullRequests = new Map(pullRequestList.map((pr) => [pr.number, pr]));
  const byCommit = new Map<string, Set<number>>();
  const associate = (sha: string | null | undefined, n: number): void => {
    if (!sha) return;
    let set = byCommit.get(sha);
    if (!set) byCommit.set(sha, (set = new Set()));
    set.add(n);
  };
  for (const pr of pullRequestList) {
    for (const sha of pr.commits ?? []) associate(sha, pr.number);
    associate(pr.mergeCommitSha, pr.number);
  }
  for (const c of dataset.commits ?? []) for (const n of c.pullRequests ?? []) associate(c.sha, n);
  const pullRequestsByCommit = new Map([...byCommit].map(([sha, set]) => [sha, [...set].sort((a, b) => a - b)] as const));

  const byTimeThenId = <T extends { createdAt: string; id: number }>(a: T, b: T): number =>
    Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id - b.id;
  const workflowRuns = [...(dataset.workflowRuns ?? [])].sort((a, b) => byTimeThenId(b, a));
  const deployments = [...(dataset.deployments ?? [])].sort(byTimeThenId);
  const deploymentsBySha = new Map<string, DatasetDeployment[]>();
  for (const d of deployments) {
    const list = deploymentsBySha.get(d.sha) ?? [];
    list.push(d);
    deploymentsBySha.set(d.sha, list);
  }
  const releases = [...(dataset.releases ?? [])].sort(byTimeThenId);
  const published = releases.filter((r) => !r.draft && !r.prerelease);
  const latest = published[published.length - 1];

  const now = dataset.now ?? new Date().toISOString();
  return {
    now,
    owner: repo.owner,
    name: repo.name,
    fullName: `${repo.owner}/${repo.name}`,
    defaultBranch,
    createdAt: repo.createdAt ?? now,
    repositoryId: numericId('repository', `${repo.owner}/${repo.name}`),
    topics: [...(repo.topics ?? [])],
    archived: repo.archived === true,
    branches: new Map(Object.entries(dataset.branches ?? {})),
    commits,
    pullRequests,
    pullRequestList,
    pullRequestsByCommit,
    workflows: [...(dataset.workflows ?? [])].sort((a, b) => a.id - b.id),
    workflowRuns,
    deployments,
    deploymentsBySha,
    releases,
    issues: [...(dataset.issues ?? [])].sort((a, b) => a.number - b.number),
    latestReleaseId: latest ? latest.id : null,
    historyCache: new Map(),
  };
}

/**
 * The commit and all its ancestors in `git log` order: newest committer date first, ties in the
 * order the walk reached them. This is the order GitHub's `Commit.history` serves.
 */
export function historyOf(store: Store, sha: string): readonly StoredCommit[] {
  const cached = store.historyCache.get(sha);
  if (cached) return cached;
  const start = store.commits.get(sha);
  if (!start) return [];
  // git's walk: a queue ordered by committer date, ties by insertion order, each commit once.
  const queue: { commit: StoredCommit; seq: number }[] = [{ commit: start, seq: 0 }];
  const seen = new Set([sha]);
  const out: StoredCommit[] = [];
  let seq = 1;
  while (queue.length > 0) {
    let best = 0;
    for (let i = 1; i < queue.length; i++) {
      const a = queue[i]!;
      const b = queue[best]!;
      if (a.commit.committedMs > b.commit.committedMs || (a.commit.committedMs === b.commit.committedMs && a.seq < b.seq)) best = i;
    }
    const [{ commit }] = queue.splice(best, 1) as [{ commit: StoredCommit; seq: number }];
    out.push(commit);
    for (const parent of commit.parents) {
      const p = store.commits.get(parent);
      if (p && !seen.has(parent)) {
        seen.add(parent);
        queue.push({ commit: p, seq: seq++ });
      }
    }
  }
  store.historyCache.set(sha, out);
  return out;
}

/** A stable 32-bit number derived from a key: ids and sizes the dataset leaves out stay the same run to run. */
export function hashNumber(kind: string, key: string | number): number {
  return createHash('sha1').update(`${kind}:${key}`).digest().readUInt32BE(0);
}

/** A plausible positive database id (GitHub ids are large integers) for things the dataset names without one. */
export function numericId(kind: string, key: string | number): number {
  return 1_000_000 + (hashNumber(kind, key) % 900_000_000);
}

/** A deterministic 40-hex object id (tree ids and the like). */
export function fakeSha(kind: string, key: string): string {
  return createHash('sha1').update(`${kind}:${key}`).digest('hex');
}

export const isBot = (login: string): boolean => login.endsWith('[bot]');

export function lastActivity(...times: (string | null | undefined)[]): string {
  let best: string | null = null;
  for (const t of times) if (t && (best === null || Date.parse(t) > Date.parse(best))) best = t;
  if (best === null) throw new Error('lastActivity needs at least one time');
  return best;
}

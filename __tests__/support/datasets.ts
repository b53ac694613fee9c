/**
 * A small builder of repository-history datasets (docs/dataset-format.md) for tests that need a
 * handful of hand-placed events: direct pushes, pull requests merged by squash or merge commit,
 * deployments (served at once as a GitHub Deployment, a deploy workflow run and a release, so a
 * test picks the source with `deployment-source`), failed deploy runs and issues.
 *
 * Calls append to the branch in call order, so call them in time order. Shas are deterministic.
 */
import { createHash } from 'node:crypto';
import type { Dataset } from './dataset-to-input.js';

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** ISO 8601 UTC without milliseconds, as GitHub writes times. */
export const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export interface CommitSpec {
  readonly message?: string;
  readonly author?: string | null;
  readonly authoredAt: number;
  /** Default: `authoredAt`. */
  readonly committedAt?: number;
}

export interface PullRequestSpec {
  readonly title: string;
  readonly author?: string | null;
  readonly headRef?: string;
  readonly labels?: readonly string[];
  readonly openedAt: number;
  readonly mergedAt: number;
  /** The PR's own commits, oldest first; at least one. */
  readonly commits: readonly CommitSpec[];
  /** `squash` (default): one new commit on the branch; `merge`: a merge commit with the PR's commits as second parent. */
  readonly method?: 'squash' | 'merge';
  /** Message of the squash or merge commit; default `<title> (#N)`. */
  readonly mergeMessage?: string;
  /** Branch merged into; default the default branch. */
  readonly base?: string;
  /** Authored date of the squash or merge commit (a merge made on a skewed clock and pushed); default `mergedAt`. */
  readonly mergeAuthoredAt?: number;
}

export interface DeploySpec {
  readonly sha: string;
  /** Completion time. */
  readonly at: number;
  /** Release name (releases source label); default the tag. */
  readonly name?: string | null;
  readonly tagName?: string;
  /** Which sources serve it; default all three. */
  readonly as?: readonly ('deployments' | 'workflow' | 'releases')[];
  readonly environment?: string;
  /** Head branch of the workflow run; default the default branch. */
  readonly branch?: string;
}

export class DatasetBuilder {
  readonly defaultBranch: string;
  private readonly data: {
    now: string;
    owner: string;
    name: string;
    createdAt: string;
  };
  private readonly commits: any[] = [];
  private readonly pullRequests: any[] = [];
  private readonly workflowRuns: any[] = [];
  private readonly deployments: any[] = [];
  private readonly releases: any[] = [];
  private readonly issues: any[] = [];
  private readonly workflows: any[];
  private readonly branches: Record<string, string> = {};
  private counter = 0;
  /** Issue and pull request numbers share one sequence, as on GitHub. */
  private nextNumber = 1;
  private nextId = 1;

  constructor(options: {
    now: string;
    owner?: string;
    name?: string;
    defaultBranch?: string;
    createdAt?: string;
    /** Name of the deploy workflow (`.github/workflows/deploy.yml`), the workflow source's label. */
    workflowName?: string;
  }) {
    this.defaultBranch = options.defaultBranch ?? 'main';
    this.data = {
      now: options.now,
      owner: options.owner ?? 'acme',
      name: options.name ?? 'shop',
      createdAt: options.createdAt ?? '2025-01-01T00:00:00Z',
    };
    this.workflows = [
      { id: 101, name: 'CI', path: '.github/workflows/ci.yml', state: 'active' },
      { id: 102, name: options.workflowName ?? 'Deploy', path: '.github/workflows/deploy.yml', state: 'active' },
    ];
  }

  /** A fresh deterministic 40-hex sha. */
  sha(): string {
    return createHash('sha1')
      .update(`dataset-builder:${(this.counter += 1)}`)
      .digest('hex');
  }

  head(branch = this.defaultBranch): string | undefined {
    return this.branches[branch];
  }

  /** Points a branch at a commit (a force-push when it is not a descendant of the old head). */
  setBranch(branch: string, sha: string): void {
    this.branches[branch] = sha;
  }

  /** A commit with explicit parents, moving no branch (a commit of another branch, or one force-pushed away). */
  commit(spec: CommitSpec & { parents: readonly string[] }): string {
    const sha = this.sha();
    this.commits.push({
      sha,
      parents: [...spec.parents],
      message: spec.message ?? 'Work',
      author: spec.author === undefined ? 'alice' : spec.author,
      authoredAt: iso(spec.authoredAt),
      committedAt: iso(spec.committedAt ?? spec.authoredAt),
    });
    return sha;
  }

  /** A direct push to a branch (the first one is the root commit). */
  push(spec: CommitSpec & { branch?: string }): string {
    const branch = spec.branch ?? this.defaultBranch;
    const parent = this.branches[branch];
    const sha = this.commit({ ...spec, parents: parent === undefined ? [] : [parent] });
    this.branches[branch] = sha;
    return sha;
  }

  /** A pull request merged into `base`; returns its number, merge commit and own commits. */
  pullRequest(spec: PullRequestSpec): { number: number; mergeCommitSha: string; commits: string[] } {
    const base = spec.base ?? this.defaultBranch;
    const baseHead = this.branches[base];
    if (baseHead === undefined) throw new Error(`push a root commit to ${base} first`);
    const number = this.nextNumber++;
    const own: string[] = [];
    let parent = baseHead;
    for (const c of spec.commits) {
      parent = this.commit({ author: spec.author, ...c, parents: [parent] });
      own.push(parent);
    }
    const method = spec.method ?? 'squash';
    const mergeCommitSha = this.commit({
      message: spec.mergeMessage ?? (method === 'merge' ? `Merge pull request #${number}` : `${spec.title} (#${number})`),
      author: spec.author,
      authoredAt: spec.mergeAuthoredAt ?? spec.mergedAt,
      committedAt: spec.mergedAt,
      parents: method === 'merge' ? [baseHead, parent] : [baseHead],
    });
    this.branches[base] = mergeCommitSha;
    this.pullRequests.push({
      number,
      title: spec.title,
      author: spec.author === undefined ? 'alice' : spec.author,
      baseRef: base,
      headRef: spec.headRef ?? `feature/change-${number}`,
      createdAt: iso(spec.openedAt),
      closedAt: iso(spec.mergedAt),
      mergedAt: iso(spec.mergedAt),
      mergeCommitSha,
      commits: own,
      labels: [...(spec.labels ?? [])],
      draft: false,
      reviews: [],
    });
    return { number, mergeCommitSha, commits: own };
  }

  /** One deployment, served as a GitHub Deployment, a successful deploy run and a published release. */
  deploy(spec: DeploySpec): { id: number } {
    const id = this.nextId++;
    const as = new Set(spec.as ?? ['deployments', 'workflow', 'releases']);
    const started = spec.at - 5 * 60_000;
    if (as.has('deployments')) {
      this.deployments.push({
        id: 5000 + id,
        sha: spec.sha,
        ref: spec.branch ?? this.defaultBranch,
        environment: spec.environment ?? 'production',
        creator: 'github-actions[bot]',
        createdAt: iso(started),
        statuses: [
          { state: 'in_progress', createdAt: iso(started + 1000) },
          { state: 'success', createdAt: iso(spec.at) },
        ],
      });
    }
    if (as.has('workflow')) this.run({ id, sha: spec.sha, at: spec.at, conclusion: 'success', branch: spec.branch });
    if (as.has('releases')) {
      const tagName = spec.tagName ?? `v1.0.${id}`;
      this.releases.push({
        id: 3000 + id,
        tagName,
        name: spec.name === undefined ? tagName : spec.name,
        targetSha: spec.sha,
        draft: false,
        prerelease: false,
        author: 'alice',
        createdAt: iso(started),
        publishedAt: iso(spec.at),
      });
    }
    return { id };
  }

  /** A failed run of the deploy workflow (the `failed-run` signal). */
  failedRun(spec: { sha: string; at: number; branch?: string }): void {
    this.run({ id: this.nextId++, sha: spec.sha, at: spec.at, conclusion: 'failure', branch: spec.branch });
  }

  private run(spec: { id: number; sha: string; at: number; conclusion: string; branch?: string | undefined }): void {
    this.workflowRuns.push({
      id: 9_000_000 + spec.id,
      workflowId: 102,
      runNumber: spec.id,
      runAttempt: 1,
      event: 'push',
      headBranch: spec.branch ?? this.defaultBranch,
      headSha: spec.sha,
      status: 'completed',
      conclusion: spec.conclusion,
      createdAt: iso(spec.at - 5 * 60_000),
      runStartedAt: iso(spec.at - 5 * 60_000 + 2000),
      updatedAt: iso(spec.at),
      actor: 'alice',
    });
  }

  /** An issue; `closedAt` null leaves it open. */
  issue(spec: { title: string; labels?: readonly string[]; createdAt: number; closedAt: number | null; author?: string }): number {
    const number = this.nextNumber++;
    this.issues.push({
      number,
      title: spec.title,
      author: spec.author ?? 'carol',
      labels: [...(spec.labels ?? [])],
      createdAt: iso(spec.createdAt),
      closedAt: spec.closedAt === null ? null : iso(spec.closedAt),
    });
    return number;
  }

  build(): Dataset & Record<string, unknown> {
    return {
      format: 1,
      now: this.data.now,
      repository: {
        owner: this.data.owner,
        name: this.data.name,
        defaultBranch: this.defaultBranch,
        createdAt: this.data.createdAt,
      } as Dataset['repository'],
      branches: { ...this.branches },
      commits: structuredClone(this.commits),
      pullRequests: structuredClone(this.pullRequests),
      workflows: structuredClone(this.workflows),
      workflowRuns: structuredClone(this.workflowRuns),
      deployments: structuredClone(this.deployments),
      releases: structuredClone(this.releases),
      issues: structuredClone(this.issues),
    };
  }
}

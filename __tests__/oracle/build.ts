/**
 * A tiny builder of datasets in the format of docs/dataset-format.md, for the oracle's handcrafted tests.
 * SHAs are 40 hex digits derived from a counter (sha1 of the counter), so they are distinct, stable and
 * have distinct 7-digit prefixes; a test that needs a particular SHA can pass one.
 */
import { createHash } from 'node:crypto';

/** 2026-01-01T00:00:00Z plus `d` days, `h` hours, `m` minutes, `s` seconds (any may be fractional/negative). */
export function day(d: number, h = 0, m = 0, s = 0): string {
  return new Date(Date.UTC(2026, 0, 1) + ((d * 24 + h) * 60 + m) * 60_000 + s * 1000).toISOString().replace('.000Z', 'Z');
}

export interface CommitSpec {
  parents?: string[];
  /** authored and committed at (unless given apart) */
  at: string;
  authoredAt?: string;
  committedAt?: string;
  author?: string;
  message?: string;
  pullRequests?: number[];
  sha?: string;
}

export class Builder {
  private counter = 0;
  private number = 0;
  private runId = 1000;
  private deploymentId = 5000;
  private releaseId = 300;
  readonly ds: any;

  constructor(now = day(60)) {
    this.ds = {
      format: 1,
      now,
      repository: { owner: 'acme', name: 'shop', defaultBranch: 'main', createdAt: day(-400) },
      branches: {},
      commits: [],
      pullRequests: [],
      workflows: [{ id: 101, name: 'Deploy', path: '.github/workflows/deploy.yml', state: 'active' }],
      workflowRuns: [],
      deployments: [],
      releases: [],
      issues: [],
      tags: [],
    };
  }

  sha(): string {
    return createHash('sha1')
      .update(`commit-${++this.counter}`)
      .digest('hex');
  }

  /** Issue and pull request numbers share one sequence, as on GitHub. */
  nextNumber(): number {
    return ++this.number;
  }

  branch(name: string, sha: string): this {
    this.ds.branches[name] = sha;
    return this;
  }

  commit(spec: CommitSpec): string {
    const sha = spec.sha ?? this.sha();
    const c: any = {
      sha,
      parents: spec.parents ?? [],
      message: spec.message ?? `Change ${this.counter}`,
      author: spec.author ?? 'alice',
      authoredAt: spec.authoredAt ?? spec.at,
      committedAt: spec.committedAt ?? spec.at,
    };
    if (spec.pullRequests) c.pullRequests = spec.pullRequests;
    this.ds.commits.push(c);
    return sha;
  }

  /** `count` commits in a line on top of `parent`, one hour apart from `at`; returns them oldest first. */
  chain(parent: string | null, count: number, at: string, author = 'alice'): string[] {
    const out: string[] = [];
    let p = parent;
    for (let i = 0; i < count; i++) {
      const t = new Date(Date.parse(at) + i * 3600_000).toISOString().replace('.000Z', 'Z');
      p = this.commit({ parents: p ? [p] : [], at: t, author });
      out.push(p);
    }
    return out;
  }

  /** A pull request record as given (nothing else is created). */
  pr(spec: {
    number?: number;
    title?: string;
    author?: string;
    base?: string;
    head?: string;
    createdAt: string;
    mergedAt?: string | null;
    closedAt?: string | null;
    mergeCommitSha?: string | null;
    commits?: string[];
    labels?: string[];
  }): number {
    const number = spec.number ?? this.nextNumber();
    this.ds.pullRequests.push({
      number,
      title: spec.title ?? `PR ${number}`,
      author: spec.author ?? 'alice',
      baseRef: spec.base ?? 'main',
      headRef: spec.head ?? `feature/${number}`,
      createdAt: spec.createdAt,
      closedAt: spec.closedAt !== undefined ? spec.closedAt : (spec.mergedAt ?? null),
      mergedAt: spec.mergedAt ?? null,
      mergeCommitSha: spec.mergeCommitSha ?? null,
      commits: spec.commits ?? [],
      labels: spec.labels ?? [],
      draft: false,
      reviews: [],
    });
    return number;
  }

  /**
   * A feature branch off `onto` with commits authored at `authored` (one each), opened at `createdAt`, merged
   * with a merge commit (parents: onto, last own commit) at `mergedAt`. Returns the PR number, its commits and
   * its merge commit (which the caller makes a branch head or builds on).
   */
  mergePr(spec: {
    onto: string;
    authored: string[];
    createdAt: string;
    mergedAt: string;
    author?: string;
    title?: string;
    head?: string;
    base?: string;
    labels?: string[];
    mergeAuthoredAt?: string;
    messages?: string[];
  }): { number: number; commits: string[]; merge: string } {
    const number = this.nextNumber();
    const commits: string[] = [];
    let p = spec.onto;
    spec.authored.forEach((at, i) => {
      p = this.commit({ parents: [p], at, author: spec.author ?? 'alice', message: spec.messages?.[i] });
      commits.push(p);
    });
    const merge = this.commit({
      parents: [spec.onto, p],
      at: spec.mergedAt,
      authoredAt: spec.mergeAuthoredAt ?? spec.mergedAt,
      author: spec.author ?? 'alice',
      message: `Merge pull request #${number} from acme/${spec.head ?? `feature/${number}`}`,
    });
    this.pr({
      number,
      title: spec.title,
      author: spec.author,
      base: spec.base,
      head: spec.head,
      createdAt: spec.createdAt,
      mergedAt: spec.mergedAt,
      mergeCommitSha: merge,
      commits,
      labels: spec.labels,
    });
    return { number, commits, merge };
  }

  workflow(id: number, path: string): this {
    this.ds.workflows.push({ id, name: path, path, state: 'active' });
    return this;
  }

  /** A workflow run; `at` is its completion (updated_at). */
  run(spec: {
    sha: string;
    at: string;
    createdAt?: string;
    id?: number;
    workflowId?: number;
    event?: string;
    branch?: string;
    status?: string;
    conclusion?: string | null;
    runAttempt?: number;
  }): number {
    const id = spec.id ?? ++this.runId;
    this.ds.workflowRuns.push({
      id,
      workflowId: spec.workflowId ?? 101,
      runNumber: id,
      runAttempt: spec.runAttempt ?? 1,
      event: spec.event ?? 'push',
      headBranch: spec.branch ?? 'main',
      headSha: spec.sha,
      status: spec.status ?? 'completed',
      conclusion: spec.conclusion === undefined ? 'success' : spec.conclusion,
      createdAt: spec.createdAt ?? spec.at,
      runStartedAt: spec.createdAt ?? spec.at,
      updatedAt: spec.at,
      actor: 'alice',
    });
    return id;
  }

  /** A GitHub deployment with statuses given as [state, time] pairs, oldest first. */
  deployment(spec: { sha: string; statuses: [string, string][]; environment?: string; ref?: string; id?: number }): number {
    const id = spec.id ?? ++this.deploymentId;
    this.ds.deployments.push({
      id,
      sha: spec.sha,
      ref: spec.ref ?? 'main',
      environment: spec.environment ?? 'production',
      creator: 'github-actions[bot]',
      createdAt: spec.statuses[0]?.[1] ?? this.ds.now,
      statuses: spec.statuses.map(([state, createdAt]) => ({ state, createdAt })),
    });
    return id;
  }

  /** A successful production deployment at `at` (deployments source). */
  deploy(sha: string, at: string, extra: { environment?: string; ref?: string; id?: number } = {}): number {
    return this.deployment({ sha, statuses: [['success', at]], ...extra });
  }

  release(spec: { sha: string; publishedAt: string | null; tagName?: string; draft?: boolean; prerelease?: boolean; id?: number }): number {
    const id = spec.id ?? ++this.releaseId;
    this.ds.releases.push({
      id,
      tagName: spec.tagName ?? `v0.${id}`,
      name: spec.tagName ?? `v0.${id}`,
      targetSha: spec.sha,
      draft: spec.draft ?? false,
      prerelease: spec.prerelease ?? false,
      author: 'alice',
      createdAt: spec.publishedAt ?? this.ds.now,
      publishedAt: spec.publishedAt,
    });
    return id;
  }

  tag(spec: { name: string; sha: string; taggerDate?: string }): this {
    this.ds.tags.push(
      spec.taggerDate
        ? { name: spec.name, sha: spec.sha, annotated: true, tagger: 'alice', taggerDate: spec.taggerDate, message: spec.name }
        : { name: spec.name, sha: spec.sha, annotated: false },
    );
    return this;
  }

  issue(spec: { createdAt: string; closedAt?: string | null; labels?: string[]; title?: string }): number {
    const number = this.nextNumber();
    this.ds.issues.push({
      number,
      title: spec.title ?? `Issue ${number}`,
      author: 'carol',
      labels: spec.labels ?? ['incident'],
      createdAt: spec.createdAt,
      closedAt: spec.closedAt ?? null,
    });
    return number;
  }

  build(): any {
    return JSON.parse(JSON.stringify(this.ds));
  }
}

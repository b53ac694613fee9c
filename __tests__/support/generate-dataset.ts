/**
 * Generates repository-history datasets in the format of docs/dataset-format.md, for the
 * request-budget test and the benchmarks: a steady flow of pull requests merged with every
 * method (squash, rebase, merge commit), deploy runs on main, and GitHub Deployments.
 * Deterministic for a given seed.
 */
import { createHash } from 'node:crypto';

export interface GenerateOptions {
  /** Days of history ending at `now`. */
  days: number;
  now: string;
  prsPerDay: number;
  deploysPerDay: number;
  seed?: number;
  /** Extra runs of a CI workflow per deploy run (noise the collectors must not read). */
  ciRunsPerDeploy?: number;
}

/** mulberry32: a tiny, fast, good-enough 32-bit PRNG (the one stream every generator here uses). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

export function generateDataset(options: GenerateOptions): any {
  const random = mulberry32(options.seed ?? 1);
  const now = Date.parse(options.now);
  const start = now - options.days * 86_400_000;
  let counter = 0;
  const sha = (): string =>
    createHash('sha1')
      .update(`${options.seed ?? 1}:${(counter += 1)}`)
      .digest('hex');
  const authors = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'dependabot[bot]'];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

  const commits: any[] = [];
  const pullRequests: any[] = [];
  const root = sha();
  commits.push({
    sha: root,
    parents: [],
    message: 'Initial commit',
    author: 'alice',
    authoredAt: iso(start - 86_400_000),
    committedAt: iso(start - 86_400_000),
  });
  let head = root;

  // Merges at a steady rate with jitter, each PR opened 1-48 h before it is merged.
  const prCount = Math.round(options.days * options.prsPerDay);
  const mergeTimes = Array.from({ length: prCount }, (_, i) => start + ((i + random()) / prCount) * (now - start - 3_600_000)).sort(
    (a, b) => a - b,
  );
  const mainCommitTimes: { sha: string; at: number }[] = [{ sha: root, at: start - 86_400_000 }];
  mergeTimes.forEach((mergedAt, i) => {
    const number = i + 1;
    const opened = mergedAt - (1 + random() * 47) * 3_600_000;
    const own = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, k) => ({
      sha: sha(),
      authoredAt: opened - (3 - k) * 1_800_000,
    }));
    const author = pick(authors);
    const method = pick(['squash', 'rebase', 'merge'] as const);
    // About 2% of pull requests revert an earlier one, the way GitHub's revert button names them.
    const reverted = number > 10 && random() < 0.02 ? number - 1 - Math.floor(random() * 5) : null;
    let parent = head;
    for (const c of own) {
      commits.push({
        sha: c.sha,
        parents: [parent],
        message: `Work on change ${number}`,
        author,
        authoredAt: iso(c.authoredAt),
        committedAt: iso(c.authoredAt),
      });
      parent = c.sha;
    }
    let mergeCommitSha: string;
    if (method === 'squash') {
      mergeCommitSha = sha();
      commits.push({
        sha: mergeCommitSha,
        parents: [head],
        message: `Change ${number} (#${number})`,
        author,
        authoredAt: iso(own[0]!.authoredAt),
        committedAt: iso(mergedAt),
      });
    } else if (method === 'merge') {
      mergeCommitSha = sha();
      commits.push({
        sha: mergeCommitSha,
        parents: [head, parent],
        message: `Merge pull request #${number}`,
        author,
        authoredAt: iso(mergedAt),
        committedAt: iso(mergedAt),
      });
    } else {
      // Rebase: copies of the PR's commits on main, associated with the PR.
      let base = head;
      for (const c of own) {
        const copy = sha();
        commits.push({
          sha: copy,
          parents: [base],
          message: `Work on change ${number}`,
          author,
          authoredAt: iso(c.authoredAt),
          committedAt: iso(mergedAt),
          pullRequests: [number],
        });
        base = copy;
      }
      mergeCommitSha = base;
    }
    head = mergeCommitSha;
    mainCommitTimes.push({ sha: head, at: mergedAt });
    pullRequests.push({
      number,
      title: reverted === null ? `Change ${number}` : `Revert "Change ${reverted}"`,
      author,
      baseRef: 'main',
      headRef: reverted === null ? `feature/change-${number}` : `revert-${reverted}-feature/change-${reverted}`,
      createdAt: iso(opened),
      closedAt: iso(mergedAt),
      mergedAt: iso(mergedAt),
      mergeCommitSha,
      commits: own.map((c) => c.sha),
      labels: random() < 0.03 ? ['hotfix'] : [],
      draft: false,
      reviews: [{ author: pick(authors.slice(0, 6)), state: 'APPROVED', submittedAt: iso(opened + (mergedAt - opened) / 2) }],
    });
  });

  // Deploy runs of main's head at a steady rate; CI runs as noise.
  const workflowRuns: any[] = [];
  const deployments: any[] = [];
  const issues: any[] = [];
  const releases: any[] = [];
  const deployCount = Math.round(options.days * options.deploysPerDay);
  let runId = 9_000_000_000;
  let cursor = 0;
  for (let i = 0; i < deployCount; i += 1) {
    const created = start + ((i + random()) / deployCount) * (now - start - 3_600_000);
    while (cursor + 1 < mainCommitTimes.length && mainCommitTimes[cursor + 1]!.at <= created) cursor += 1;
    // About 1% of deploys roll back to a commit two merges older.
    const headSha = mainCommitTimes[random() < 0.01 && cursor >= 2 ? cursor - 2 : cursor]!.sha;
    const completed = created + 300_000 + Math.floor(random() * 600_000);
    const conclusion = random() < 0.05 ? 'failure' : 'success';
    // About 3% of deploys are re-runs: GitHub keeps one run, its latest attempt (run_attempt 2).
    const runAttempt = random() < 0.03 ? 2 : 1;
    workflowRuns.push({
      id: (runId += 1),
      workflowId: 102,
      runNumber: i + 1,
      runAttempt,
      event: 'push',
      headBranch: 'main',
      headSha,
      status: 'completed',
      conclusion,
      createdAt: iso(created),
      runStartedAt: iso(created + 2000),
      updatedAt: iso(completed),
      actor: 'alice',
    });
    for (let k = 0; k < (options.ciRunsPerDeploy ?? 1); k += 1) {
      workflowRuns.push({
        id: (runId += 1),
        workflowId: 101,
        runNumber: i * 2 + k + 1,
        runAttempt: 1,
        event: 'push',
        headBranch: 'main',
        headSha,
        status: 'completed',
        conclusion: 'success',
        createdAt: iso(created - 1000),
        runStartedAt: iso(created),
        updatedAt: iso(created + 200_000),
        actor: 'alice',
      });
    }
    const opened = completed + (1 + random() * 9) * 3_600_000;
    if (conclusion === 'success' && random() < 0.03 && opened < now) {
      const closed = opened + (1 + random() * 4) * 3_600_000;
      issues.push({
        number: 100_000 + issues.length,
        title: `Incident after deploy ${i + 1}`,
        author: 'carol',
        labels: ['incident'],
        createdAt: iso(opened),
        closedAt: closed < now ? iso(closed) : null,
      });
    }
    if (conclusion === 'success' && i % Math.max(1, Math.round(options.deploysPerDay * 7)) === 0) {
      releases.push({
        id: 150_000_000 + releases.length,
        tagName: `v1.${releases.length}.0`,
        name: `v1.${releases.length}.0`,
        targetSha: headSha,
        draft: false,
        prerelease: false,
        author: 'alice',
        createdAt: iso(completed),
        publishedAt: iso(completed + 60_000),
      });
    }
    if (conclusion === 'success') {
      deployments.push({
        id: 3_100_000_000 + i,
        sha: headSha,
        ref: 'main',
        environment: 'production',
        creator: 'github-actions[bot]',
        createdAt: iso(created + 60_000),
        statuses: [
          { state: 'in_progress', createdAt: iso(created + 61_000) },
          { state: 'success', createdAt: iso(completed) },
        ],
      });
    }
  }

  return {
    format: 1,
    now: options.now,
    repository: { owner: 'acme', name: 'bench', defaultBranch: 'main', createdAt: iso(start - 86_400_000) },
    branches: { main: head },
    commits,
    pullRequests,
    workflows: [
      { id: 101, name: 'CI', path: '.github/workflows/ci.yml', state: 'active' },
      { id: 102, name: 'Deploy', path: '.github/workflows/deploy.yml', state: 'active' },
    ],
    workflowRuns,
    deployments,
    releases,
    issues,
  };
}

/** Main-branch commits of a dataset (reachable from the branch head). */
export function reachableCommits(dataset: any, branch = 'main'): Set<string> {
  const bySha = new Map<string, any>(dataset.commits.map((c: any) => [c.sha, c]));
  const seen = new Set<string>();
  const stack = [dataset.branches[branch]];
  while (stack.length > 0) {
    const s = stack.pop();
    if (seen.has(s) || !bySha.has(s)) continue;
    seen.add(s);
    stack.push(...bySha.get(s).parents);
  }
  return seen;
}

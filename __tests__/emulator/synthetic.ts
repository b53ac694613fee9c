/**
 * Small hand-built datasets for the emulator's own tests: each history shape GitHub treats
 * differently (merge, squash and rebase merges, committer-date ties) in a few commits.
 */
import type { Dataset, DatasetWorkflowRun } from './dataset.js';

export const sha = (label: string): string =>
  label
    .padEnd(40, '0')
    .replace(/[^0-9a-f]/g, 'f')
    .slice(0, 40);

/** Shas named after their role: hex letters only, so the label stays readable in failures. */
export const SHA = {
  root: sha('a0'),
  main2: sha('a2'),
  feat1: sha('f1'),
  feat2: sha('f2'),
  merge: sha('e1'),
  squashSrc1: sha('51'),
  squashSrc2: sha('52'),
  squash: sha('5c'),
  rebaseSrc: sha('b1'),
  rebaseCopy: sha('bc'),
} as const;

const at = (hour: number): string => `2026-01-01T${String(hour).padStart(2, '0')}:00:00Z`;

/**
 * main: root(00) - main2(09) - merge(10, parents main2 + feat2) - squash(11) - rebaseCopy(12)
 * PR 1 merge-merged feat1(08) feat2(09); PR 2 squash-merged from 51/52; PR 3 rebase-merged from b1.
 * main2 and feat2 share a committer date: git log shows main2 first (first parent reached first).
 */
export function historyDataset(): Dataset {
  return {
    format: 1,
    now: '2026-02-01T00:00:00Z',
    repository: { owner: 'acme', name: 'tiny', defaultBranch: 'main', createdAt: '2025-12-01T00:00:00Z' },
    branches: { main: SHA.rebaseCopy, 'feature/one': SHA.feat2 },
    commits: [
      {
        sha: SHA.rebaseCopy,
        parents: [SHA.squash],
        message: 'Rebased change',
        author: 'carol',
        authoredAt: at(7),
        committedAt: at(12),
        pullRequests: [3],
      },
      { sha: SHA.root, parents: [], message: 'Initial commit', author: 'alice', authoredAt: at(0), committedAt: at(0) },
      { sha: SHA.main2, parents: [SHA.root], message: 'Tweak readme', author: 'alice', authoredAt: at(9), committedAt: at(9) },
      { sha: SHA.feat1, parents: [SHA.root], message: 'Start feature', author: 'bob', authoredAt: at(8), committedAt: at(8) },
      {
        sha: SHA.feat2,
        parents: [SHA.feat1],
        message: 'Finish feature\n\nWith a body.',
        author: 'bob',
        authoredAt: at(9),
        committedAt: at(9),
      },
      {
        sha: SHA.merge,
        parents: [SHA.main2, SHA.feat2],
        message: 'Merge pull request #1 from acme/feature/one',
        author: 'bob',
        authoredAt: at(10),
        committedAt: at(10),
      },
      { sha: SHA.squashSrc1, parents: [SHA.merge], message: 'wip', author: 'dependabot[bot]', authoredAt: at(10), committedAt: at(10) },
      {
        sha: SHA.squashSrc2,
        parents: [SHA.squashSrc1],
        message: 'wip 2',
        author: 'dependabot[bot]',
        authoredAt: at(10),
        committedAt: at(10),
      },
      {
        sha: SHA.squash,
        parents: [SHA.merge],
        message: 'Bump lib (#2)',
        author: 'dependabot[bot]',
        authoredAt: at(10),
        committedAt: at(11),
      },
      { sha: SHA.rebaseSrc, parents: [SHA.merge], message: 'Rebased change', author: 'carol', authoredAt: at(7), committedAt: at(7) },
    ],
    pullRequests: [
      {
        number: 1,
        title: 'Feature one',
        author: 'bob',
        baseRef: 'main',
        headRef: 'feature/one',
        createdAt: at(7),
        closedAt: at(10),
        mergedAt: at(10),
        mergeCommitSha: SHA.merge,
        commits: [SHA.feat1, SHA.feat2],
        labels: ['enhancement'],
        draft: false,
        reviews: [{ author: 'carol', state: 'APPROVED', submittedAt: '2026-01-01T09:30:00Z' }],
      },
      {
        number: 2,
        title: 'Bump lib',
        author: 'dependabot[bot]',
        baseRef: 'main',
        headRef: 'dependabot/npm/lib',
        createdAt: at(10),
        closedAt: at(11),
        mergedAt: at(11),
        mergeCommitSha: SHA.squash,
        commits: [SHA.squashSrc1, SHA.squashSrc2],
        labels: ['dependencies'],
      },
      {
        number: 3,
        title: 'Rebased change',
        author: 'carol',
        baseRef: 'main',
        headRef: 'fix/rebase',
        createdAt: at(6),
        closedAt: at(12),
        mergedAt: at(12),
        mergeCommitSha: SHA.rebaseCopy,
        commits: [SHA.rebaseSrc],
        labels: ['hotfix'],
      },
      {
        number: 5,
        title: 'Abandoned',
        author: 'bob',
        baseRef: 'main',
        headRef: 'spike',
        createdAt: at(13),
        closedAt: at(14),
        mergedAt: null,
        mergeCommitSha: null,
        commits: [],
      },
      {
        number: 6,
        title: 'Still open',
        author: 'alice',
        baseRef: 'main',
        headRef: 'wip',
        createdAt: at(15),
        closedAt: null,
        mergedAt: null,
        commits: [],
      },
    ],
    workflows: [{ id: 11, name: 'Deploy', path: '.github/workflows/deploy.yml', state: 'active' }],
    deployments: [
      {
        id: 501,
        sha: SHA.merge,
        ref: 'main',
        environment: 'production',
        creator: 'github-actions[bot]',
        createdAt: at(10),
        statuses: [
          { state: 'in_progress', createdAt: '2026-01-01T10:01:00Z' },
          { state: 'success', createdAt: '2026-01-01T10:05:00Z' },
          { state: 'inactive', createdAt: '2026-01-01T12:05:00Z' },
        ],
      },
      {
        id: 502,
        sha: SHA.rebaseCopy,
        ref: 'main',
        environment: 'production',
        creator: 'github-actions[bot]',
        createdAt: at(12),
        statuses: [
          { state: 'in_progress', createdAt: '2026-01-01T12:01:00Z' },
          { state: 'success', createdAt: '2026-01-01T12:05:00Z' },
        ],
      },
      {
        id: 503,
        sha: SHA.squash,
        ref: 'main',
        environment: 'staging',
        creator: 'alice',
        createdAt: at(11),
        statuses: [{ state: 'failure', createdAt: '2026-01-01T11:03:00Z' }],
      },
    ],
    releases: [
      {
        id: 301,
        tagName: 'v1.0.0',
        name: 'v1.0.0',
        targetSha: SHA.merge,
        draft: false,
        prerelease: false,
        author: 'alice',
        createdAt: at(10),
        publishedAt: at(10),
      },
      {
        id: 302,
        tagName: 'v1.1.0',
        name: 'v1.1.0',
        targetSha: SHA.rebaseCopy,
        draft: false,
        prerelease: false,
        author: 'github-actions[bot]',
        createdAt: at(12),
        publishedAt: at(12),
      },
    ],
    issues: [
      { number: 4, title: 'Checkout down', author: 'carol', labels: ['incident', 'sev1'], createdAt: at(11), closedAt: at(13) },
      { number: 7, title: 'Slow search', author: 'bob', labels: ['incident'], createdAt: at(16), closedAt: null },
      { number: 8, title: 'Docs typo', author: 'alice', labels: ['documentation'], createdAt: at(17), closedAt: null },
    ],
  };
}

/** `count` completed runs of one workflow, one a minute from 2026-01-01, alternating success/failure. */
export function manyRunsDataset(count: number): Dataset {
  const runs: DatasetWorkflowRun[] = [];
  for (let i = 0; i < count; i++) {
    const created = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().replace('.000Z', 'Z');
    runs.push({
      id: 1_000_000 + i,
      workflowId: 11,
      runNumber: i + 1,
      runAttempt: 1,
      event: 'push',
      headBranch: 'main',
      headSha: SHA.root,
      status: 'completed',
      conclusion: i % 2 === 0 ? 'success' : 'failure',
      createdAt: created,
      runStartedAt: created,
      updatedAt: created,
      actor: 'alice',
    });
  }
  return {
    format: 1,
    repository: { owner: 'acme', name: 'busy', defaultBranch: 'main' },
    branches: { main: SHA.root },
    commits: [{ sha: SHA.root, parents: [], message: 'Initial commit', author: 'alice', authoredAt: '2025-12-31T00:00:00Z' }],
    workflows: [{ id: 11, name: 'Deploy', path: '.github/workflows/deploy.yml' }],
    workflowRuns: runs,
  };
}

/** Two commits whose shas share the 7-digit prefix `ab12cd3` (unique from 8 digits), and a root of its own. */
export const GIT_SHA = {
  amb1: sha('ab12cd30'),
  amb2: sha('ab12cd31'),
  orphan: sha('d0'),
} as const;

/**
 * `historyDataset` with the December 2026 keys: commit and PR `files`, `tags`, top-level `files`,
 * `externalIncidents`; plus a branch `ambiguous` (main + amb1 + amb2) and an unrelated root on `orphan`.
 * Tags: v0.9.0 lightweight at main2; v1.0.0 annotated at merge (also a release: `tags` wins);
 * v1.0.1 annotated by a bot at squash; v1.1.0 only a release's tag (lightweight at rebaseCopy).
 */
export function gitDataset(): Dataset {
  const base = historyDataset();
  const files: Record<string, readonly string[]> = {
    [SHA.root]: ['README.md', 'services/api/src/index.ts'],
    [SHA.main2]: ['README.md'],
    [SHA.feat1]: ['services/api/src/cart.ts'],
    [SHA.feat2]: ['services/api/test/cart.test.ts', 'services/api/src/cart.ts'],
    [SHA.squashSrc1]: ['package.json'],
    [SHA.squashSrc2]: ['package-lock.json'],
    [SHA.squash]: ['package.json', 'package-lock.json'],
    [SHA.rebaseSrc]: ['services/web/app.ts'],
    [SHA.rebaseCopy]: ['services/web/app.ts'],
    [GIT_SHA.amb1]: ['services/web/app.ts'],
    [GIT_SHA.amb2]: ['.github/CODEOWNERS'],
  };
  return {
    ...base,
    branches: { ...base.branches, ambiguous: GIT_SHA.amb2, orphan: GIT_SHA.orphan },
    commits: [
      ...(base.commits ?? []).map((c) => (files[c.sha] ? { ...c, files: files[c.sha] } : c)),
      {
        sha: GIT_SHA.amb1,
        parents: [SHA.rebaseCopy],
        message: 'Web tweak',
        author: 'alice',
        authoredAt: '2026-01-01T13:00:00Z',
        files: files[GIT_SHA.amb1],
      },
      {
        sha: GIT_SHA.amb2,
        parents: [GIT_SHA.amb1],
        message: 'Owners',
        author: 'alice',
        authoredAt: '2026-01-01T14:00:00Z',
        files: files[GIT_SHA.amb2],
      },
      { sha: GIT_SHA.orphan, parents: [], message: 'Unrelated root', author: null, authoredAt: '2026-01-01T15:00:00Z' },
    ],
    pullRequests: (base.pullRequests ?? []).map((pr) => (pr.number === 2 ? { ...pr, files: ['package.json', 'package-lock.json'] } : pr)),
    tags: [
      { name: 'v0.9.0', sha: SHA.main2, annotated: false },
      {
        name: 'v1.0.0',
        sha: SHA.merge,
        annotated: true,
        tagger: 'alice',
        taggerDate: '2026-01-01T10:30:00Z',
        message: 'Release 1.0.0',
      },
      {
        name: 'v1.0.1',
        sha: SHA.squash,
        annotated: true,
        tagger: 'github-actions[bot]',
        taggerDate: '2026-01-01T11:30:00Z',
        message: 'Release 1.0.1\n\nDependency bump.',
      },
    ],
    files: {
      '.github/CODEOWNERS': 'services/api/ @acme/api\nservices/web/ @acme/web\n',
      'README.md': '# tiny\n\nA small service. Ünïcode included.\n',
      'services/api/src/cart.ts': 'export const cart = [];\n',
      'services/api/src/index.ts': 'export {};\n',
    },
    externalIncidents: {
      pagerduty: [
        {
          id: 'Q1ABC',
          number: 41,
          title: 'Checkout 500s',
          status: 'resolved',
          urgency: 'high',
          priority: 'P1',
          service: { id: 'PSVC01', name: 'api' },
          createdAt: '2026-01-01T11:00:00Z',
          resolvedAt: '2026-01-01T12:00:00Z',
          url: 'https://acme.pagerduty.com/incidents/Q1ABC',
        },
      ],
      jira: [{ key: 'OPS-12', summary: 'Checkout down', project: 'OPS', createdAt: '2026-01-01T11:00:00Z', resolvedAt: null }],
      linear: [{ id: 'uuid-1', identifier: 'ENG-12', title: 'Checkout down', createdAt: '2026-01-01T11:00:00Z', canceledAt: null }],
      incidentIo: [{ id: '01HZX', reference: 'INC-7', name: 'Checkout down', createdAt: '2026-01-01T11:00:00Z', services: ['api'] }],
    },
  };
}

/**
 * A straight line of `count` commits on main, one a minute, each changing its own file
 * (`src/file-<i>.ts`), except the head, which changes `headFiles` files; PR 1 lists `prFiles` files.
 */
export function longHistoryDataset(count: number, headFiles = 350, prFiles = 3100): Dataset {
  const shaOf = (i: number): string => (i + 1).toString(16).padStart(40, '0');
  const commits = Array.from({ length: count }, (_, i) => ({
    sha: shaOf(i),
    parents: i === 0 ? [] : [shaOf(i - 1)],
    message: `Change ${i}`,
    author: 'alice',
    authoredAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().replace('.000Z', 'Z'),
    files:
      i === count - 1 ? Array.from({ length: headFiles }, (_, f) => `head/file-${String(f).padStart(4, '0')}.ts`) : [`src/file-${i}.ts`],
  }));
  return {
    format: 1,
    repository: { owner: 'acme', name: 'long', defaultBranch: 'main' },
    branches: { main: shaOf(count - 1) },
    commits,
    pullRequests: [
      {
        number: 1,
        title: 'Huge',
        author: 'bob',
        createdAt: '2026-01-02T00:00:00Z',
        closedAt: null,
        mergedAt: null,
        commits: [shaOf(count - 1)],
        files: Array.from({ length: prFiles }, (_, f) => `pr/file-${String(f).padStart(5, '0')}.ts`),
      },
    ],
  };
}

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
  /** December 2026: the paths the commit changed (added, modified, removed, a rename's new path). */
  readonly files?: readonly string[];
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
  /** December 2026: what GitHub lists as the PR's files; absent: the union of its own commits' `files`. */
  readonly files?: readonly string[];
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

/** December 2026: a git tag. Annotated tags have a tag object (tagger, date, message); lightweight tags point at the commit. */
export interface DatasetTag {
  readonly name: string;
  /** The commit the tag points to (through its tag object when annotated). */
  readonly sha: string;
  /** Absent: a lightweight tag. */
  readonly annotated?: boolean;
  readonly tagger?: string | null;
  readonly taggerDate?: string;
  readonly message?: string;
}

/** December 2026 (`externalIncidents`): loaded and typed, not served by the emulator yet. */
export interface DatasetPagerDutyIncident {
  readonly id: string;
  readonly number?: number;
  readonly title?: string;
  readonly status?: string;
  readonly urgency?: string;
  readonly priority?: string | null;
  readonly service?: { readonly id: string; readonly name?: string } | null;
  readonly createdAt: string;
  readonly resolvedAt?: string | null;
  readonly url?: string;
}

export interface DatasetJiraIssue {
  readonly key: string;
  readonly summary?: string;
  readonly project?: string;
  readonly issueType?: string;
  readonly labels?: readonly string[];
  readonly components?: readonly string[];
  readonly status?: string;
  readonly createdAt: string;
  /** Null while unresolved. */
  readonly resolvedAt?: string | null;
}

export interface DatasetLinearIssue {
  readonly id: string;
  readonly identifier?: string;
  readonly title?: string;
  readonly team?: string;
  readonly labels?: readonly string[];
  readonly createdAt: string;
  readonly completedAt?: string | null;
  readonly canceledAt?: string | null;
}

export interface DatasetIncidentIoIncident {
  readonly id: string;
  readonly reference?: string;
  readonly name?: string;
  readonly severity?: string | null;
  readonly status?: string;
  readonly createdAt: string;
  readonly impactStartedAt?: string | null;
  readonly resolvedAt?: string | null;
  readonly services?: readonly string[];
}

export interface DatasetExternalIncidents {
  readonly pagerduty?: readonly DatasetPagerDutyIncident[];
  readonly jira?: readonly DatasetJiraIssue[];
  readonly linear?: readonly DatasetLinearIssue[];
  readonly incidentIo?: readonly DatasetIncidentIoIncident[];
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
  /** December 2026: git tags (a release's tag not listed here is a lightweight tag at its `targetSha`). */
  readonly tags?: readonly DatasetTag[];
  /** December 2026: file path to content, at the head of the default branch. */
  readonly files?: Readonly<Record<string, string>>;
  /** December 2026: incidents of other tools; typed, not served yet. */
  readonly externalIncidents?: DatasetExternalIncidents;
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
  /** The paths it changed, sorted; null when the dataset does not say. */
  readonly files: readonly string[] | null;
}

/** A tag, from `tags` or a release's tag; `objectSha` is the tag object's for an annotated tag, else the commit's. */
export interface StoredTag {
  readonly name: string;
  readonly sha: string;
  readonly annotated: boolean;
  readonly objectSha: string;
  readonly tagger: string | null;
  readonly taggerDate: string;
  readonly message: string;
}

/** A file of `files`: its content and git blob id. */
export interface StoredFile {
  readonly path: string;
  readonly content: string;
  readonly sha: string;
  /** Bytes (UTF-8). */
  readonly size: number;
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
  /** Tags by name: `tags`, then releases' tags that `tags` does not list (lightweight, at `targetSha`). */
  readonly tags: ReadonlyMap<string, StoredTag>;
  /** Annotated tags by tag object sha. */
  readonly tagObjects: ReadonlyMap<string, StoredTag>;
  /** `files`, by path, sorted by path. */
  readonly files: ReadonlyMap<string, StoredFile>;
  /** Files by blob sha. */
  readonly blobs: ReadonlyMap<string, StoredFile>;
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
      files: c.files ? [...new Set(c.files)].sort(byPath) : null,
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

  // Releases' tags first, then `tags`, which win: a tag listed there is the tag as git holds it.
  const tags = new Map<string, StoredTag>();
  for (const r of releases) {
    if (r.targetSha && !tags.has(r.tagName))
      tags.set(r.tagName, storedTag({ name: r.tagName, sha: r.targetSha }, repo.owner, commits, now));
  }
  for (const t of dataset.tags ?? []) tags.set(t.name, storedTag(t, repo.owner, commits, now));
  const sortedTags = new Map([...tags].sort(([a], [b]) => byPath(a, b)));
  const tagObjects = new Map([...sortedTags.values()].filter((t) => t.annotated).map((t) => [t.objectSha, t] as const));

  const files = new Map<string, StoredFile>();
  for (const [path, content] of Object.entries(dataset.files ?? {}).sort(([a], [b]) => byPath(a, b))) {
    if (typeof content !== 'string') continue;
    files.set(path, { path, content, sha: gitBlobSha(content), size: Buffer.byteLength(content) });
  }
  const blobs = new Map([...files.values()].map((f) => [f.sha, f] as const));

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
    tags: sortedTags,
    tagObjects,
    files,
    blobs,
    historyCache: new Map(),
  };
}

/** Git's path order (byte order, which UTF-16 order matches outside astral characters). */
export const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The git identity of a login; no account: "Unknown". */
export function gitIdentity(login: string | null | undefined): { name: string; email: string } {
  if (!login) return { name: 'Unknown', email: 'unknown@example.com' };
  // GitHub writes bots as `id+name[bot]@users.noreply.github.com`, which its own schema's `email`
  // format rejects; the emulator drops the brackets so its payloads validate.
  return { name: login, email: `${numericId('user', login)}+${login.replace(/\[bot\]$/, '')}@users.noreply.github.com` };
}

/** `git hash-object`: the id of a blob with this content. */
export function gitBlobSha(content: string): string {
  const body = Buffer.from(content, 'utf8');
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${body.length}\0`), body]))
    .digest('hex');
}

function storedTag(t: DatasetTag, owner: string, commits: ReadonlyMap<string, StoredCommit>, now: string): StoredTag {
  const annotated = t.annotated === true;
  const tagger = annotated ? (t.tagger ?? owner) : null;
  const taggerDate = t.taggerDate ?? commits.get(t.sha)?.committedAt ?? now;
  const message = t.message ?? '';
  if (!annotated) return { name: t.name, sha: t.sha, annotated, objectSha: t.sha, tagger, taggerDate, message };
  // The tag object as git writes it, so its id is a real git object id (distinct from the commit's).
  const who = gitIdentity(tagger);
  const seconds = Math.floor(Date.parse(taggerDate) / 1000);
  const text = message === '' || message.endsWith('\n') ? message : `${message}\n`;
  const body = Buffer.from(
    `object ${t.sha}\ntype commit\ntag ${t.name}\ntagger ${who.name} <${who.email}> ${seconds} +0000\n\n${text}`,
    'utf8',
  );
  const objectSha = createHash('sha1')
    .update(Buffer.concat([Buffer.from(`tag ${body.length}\0`), body]))
    .digest('hex');
  return { name: t.name, sha: t.sha, annotated, objectSha, tagger, taggerDate, message };
}

/** What a revision names: a commit sha, or why it names none (`ambiguous`: an abbreviated sha several objects share). */
export type Revision = { readonly sha: string } | { readonly error: 'missing' | 'ambiguous' };

/**
 * `git rev-parse <rev>^{commit}` over the dataset: HEAD, a full or abbreviated sha (at least
 * `minAbbrev` hex digits, unique among the objects the dataset knows: commits, tag objects, blobs),
 * `heads/x`, `tags/x`, `refs/...`, or a bare name (a tag before a branch, as git looks them up),
 * then `~n` / `^n` steps. Tag objects are peeled to their commit.
 */
export function resolveRevision(store: Store, rev: string, minAbbrev = 7): Revision {
  const m = /^(.*?)((?:[~^]\d*)*)$/.exec(rev);
  const base = m?.[1] ?? '';
  let sha: string | undefined;
  if (base === 'HEAD' || base === '') sha = store.branches.get(store.defaultBranch);
  else if (/^[0-9a-f]{40}$/i.test(base)) {
    const full = base.toLowerCase();
    sha = store.commits.has(full) ? full : store.tagObjects.get(full)?.sha;
  } else {
    const name = base.replace(/^refs\//, '');
    if (name.startsWith('heads/')) sha = store.branches.get(name.slice('heads/'.length));
    else if (name.startsWith('tags/')) sha = store.tags.get(name.slice('tags/'.length))?.sha;
    sha ??= store.tags.get(base)?.sha ?? store.branches.get(base);
    if (sha === undefined && base.length >= minAbbrev && /^[0-9a-f]{4,39}$/i.test(base)) {
      const prefix = base.toLowerCase();
      const found = new Set<string>();
      for (const ids of [store.commits.keys(), store.tagObjects.keys(), store.blobs.keys()]) {
        for (const id of ids) if (id.startsWith(prefix)) found.add(id);
      }
      if (found.size > 1) return { error: 'ambiguous' };
      const [only] = found;
      if (only !== undefined) sha = store.commits.has(only) ? only : store.tagObjects.get(only)?.sha;
    }
  }
  for (const step of m?.[2]?.match(/[~^]\d*/g) ?? []) {
    if (sha === undefined) break;
    const n = step.length > 1 ? Number(step.slice(1)) : 1;
    if (step[0] === '^') sha = n === 0 ? sha : store.commits.get(sha)?.parents[n - 1];
    else for (let i = 0; i < n && sha !== undefined; i++) sha = store.commits.get(sha)?.parents[0];
  }
  return sha !== undefined && store.commits.has(sha) ? { sha } : { error: 'missing' };
}

/** One file a commit or pull request changed, with line counts (derived: the dataset has paths only). */
export interface FileChange {
  readonly path: string;
  readonly additions: number;
  readonly deletions: number;
}

/** Line counts of one path in one commit (or PR): 1-40 added, 0-19 deleted, stable per key. */
export function fileChange(key: string, path: string): FileChange {
  const h = hashNumber('file-change', `${key}:${path}`);
  return { path, additions: 1 + (h % 40), deletions: (h >>> 8) % 20 };
}

/** A commit's files with their counts; null when the dataset does not list them. */
export function commitFileChanges(store: Store, sha: string): FileChange[] | null {
  const files = store.commits.get(sha)?.files;
  return files ? files.map((path) => fileChange(sha, path)) : null;
}

/** The files several commits changed together, sorted by path, counts summed over the commits. */
export function combinedFileChanges(store: Store, shas: Iterable<string>): FileChange[] {
  const byFile = new Map<string, { additions: number; deletions: number }>();
  for (const sha of shas) {
    for (const f of commitFileChanges(store, sha) ?? []) {
      const sum = byFile.get(f.path) ?? { additions: 0, deletions: 0 };
      sum.additions += f.additions;
      sum.deletions += f.deletions;
      byFile.set(f.path, sum);
    }
  }
  return [...byFile].sort(([a], [b]) => byPath(a, b)).map(([path, n]) => ({ path, ...n }));
}

/** GitHub lists at most 3,000 files of a pull request (REST and GraphQL). */
export const PULL_REQUEST_FILE_LIMIT = 3000;

/**
 * A PR's files, sorted by path: its `files` when the dataset lists them, else the union of its own
 * commits' `files`. Counts: summed over the PR's commits that touched the path, else derived.
 * Null when the dataset says nothing about them. Uncapped (GitHub's `changed_files` counts all).
 */
export function pullRequestFileChanges(store: Store, pr: DatasetPullRequest): FileChange[] | null {
  const own = pr.commits ?? [];
  const combined = combinedFileChanges(store, own);
  if (pr.files) {
    const counts = new Map(combined.map((f) => [f.path, f]));
    return [...new Set(pr.files)].sort(byPath).map((path) => counts.get(path) ?? fileChange(`pr-${pr.number}`, path));
  }
  return own.some((sha) => store.commits.get(sha)?.files) ? combined : null;
}

/** A commit's size: from its `files` when listed, else derived from its sha (the emulator's long-standing values). */
export function commitStats(store: Store, sha: string): { additions: number; deletions: number; changedFiles: number } {
  const files = commitFileChanges(store, sha);
  if (files) {
    return {
      additions: files.reduce((n, f) => n + f.additions, 0),
      deletions: files.reduce((n, f) => n + f.deletions, 0),
      changedFiles: files.length,
    };
  }
  return {
    additions: 1 + (hashNumber('commit-additions', sha) % 80),
    deletions: hashNumber('commit-deletions', sha) % 40,
    changedFiles: 1 + (hashNumber('commit-files', sha) % 8),
  };
}

/**
 * The commit and all its ancestors in `git log` order: newest committer date first, ties in the
 * order the walk reached them. This is the order GitHub's `Commit.history` serves.
 */
export function historyOf(store: Store, sha: string): readonly StoredCommit[] {
  const cached = store.historyCache.get(sha);
  if (cached) return cached;
  const out = walkHistory(store, sha, Number.NEGATIVE_INFINITY);
  store.historyCache.set(sha, out);
  return out;
}

/**
 * `git log --since=<since> <sha>`: git's walk, which drops a commit committed before `since`
 * without going on to its parents. git's documentation says so of the variant that does not stop,
 * `--since-as-filter`: it "visits all commits in the range, rather than stopping at the first
 * commit which is older than <date>". With committer dates that only grow from parent to child this
 * is the walk filtered by date; a commit dated before one of its ancestors (clock skew) hides the
 * ancestors behind it that are newer than `since`. `since` is inclusive (git skips a commit only
 * when its date, in whole seconds, is strictly older). Not cached: GraphQL pages cache their lists.
 */
export function historySince(store: Store, sha: string, since: number): readonly StoredCommit[] {
  return walkHistory(store, sha, wholeSecond(since));
}

/**
 * A time as git holds it: whole seconds. Datasets may give commit times in milliseconds; git's
 * date limits (`--since`, `--until`) compare whole seconds, so the emulator's do too.
 */
export const wholeSecond = (t: number): number => Math.floor(t / 1000) * 1000;

function walkHistory(store: Store, sha: string, since: number): StoredCommit[] {
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
    // `--since`: an older commit ends the walk along this path (git's revision.c, get_revision_1).
    if (wholeSecond(commit.committedMs) < since) continue;
    out.push(commit);
    for (const parent of commit.parents) {
      const p = store.commits.get(parent);
      if (p && !seen.has(parent)) {
        seen.add(parent);
        queue.push({ commit: p, seq: seq++ });
      }
    }
  }
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

/** `git log base..head` and `head..base` as sets, and the merge base (the newest common ancestor, in `git log` order of head). */
export function comparison(
  store: Store,
  base: string,
  head: string,
): { ahead: StoredCommit[]; behind: StoredCommit[]; mergeBase: StoredCommit | null } {
  const headHistory = historyOf(store, head);
  const baseHistory = historyOf(store, base);
  const fromHead = new Set(headHistory.map((c) => c.sha));
  const fromBase = new Set(baseHistory.map((c) => c.sha));
  return {
    ahead: headHistory.filter((c) => !fromBase.has(c.sha)),
    behind: baseHistory.filter((c) => !fromHead.has(c.sha)),
    mergeBase: headHistory.find((c) => fromBase.has(c.sha)) ?? null,
  };
}

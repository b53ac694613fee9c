/**
 * GraphQL objects over the dataset. Each class carries GitHub's field names: plain properties for
 * scalars, methods (called with the field's arguments) for fields that take arguments or build
 * other objects. A field GitHub's schema has but no class here defines is reported as an error by
 * the resolver in graphql.ts, never silently null.
 *
 * Choices where the dataset is silent, fixed so runs are reproducible:
 * - PR sizes (`additions`, `deletions`, `changedFiles`) are derived from a hash of the PR number and
 *   grow with its commit count: additions 10-49 per commit, deletions 0-59% of additions,
 *   changedFiles 1 to min(20, 2 + 3 x commits).
 * - A commit's committer is its author (the dataset has one login per commit).
 * - `Commit.pushedDate` is null: GitHub stopped serving it in 2023 (deprecated in the schema).
 * - Repository owners are organisations.
 * - With the dataset's `files` (December 2026), a commit's and a PR's sizes come from its files
 *   (1-40 lines added and 0-19 deleted per file, derived) and `PullRequest.files` lists them.
 * - Files are known at the default branch head only: `object(expression: "HEAD:path")` serves them,
 *   any other revision's files are an EMULATOR_UNSUPPORTED error.
 */
import { GraphQLError } from 'graphql';
import {
  type DatasetDeployment,
  type DatasetDeploymentStatus,
  type DatasetIssue,
  type DatasetPullRequest,
  type DatasetRelease,
  type DatasetReview,
  type FileChange,
  PULL_REQUEST_FILE_LIMIT,
  type Store,
  type StoredCommit,
  type StoredFile,
  type StoredTag,
  commitStats,
  hashNumber,
  historyOf,
  historySince,
  isBot,
  lastActivity,
  numericId,
  pullRequestFileChanges,
  resolveRevision,
  wholeSecond,
} from './dataset.js';
import { type Connection, type PageArgs, connection } from './graphql-connections.js';
import { decodeNodeId, deploymentNodeId, deploymentStatusNodeId, nodeId } from './node-ids.js';
import { deploymentStatusId, pullRequestUpdatedAt } from './rest-objects.js';

export { decodeNodeId } from './node-ids.js';

const HTML = 'https://github.com';

type Direction = 'ASC' | 'DESC';
interface OrderBy {
  readonly field: string;
  readonly direction: Direction;
}

const ms = (iso: string): number => Date.parse(iso);

function sortBy<T>(items: readonly T[], key: (t: T) => number, tie: (t: T) => number, direction: Direction): T[] {
  const sign = direction === 'DESC' ? -1 : 1;
  // Keys computed once per item, not once per comparison: a listing of 10,000 pull requests is
  // sorted on every page request, and its key (the last activity) parses several dates.
  const keyed = items.map((item) => ({ item, key: key(item), tie: tie(item) }));
  keyed.sort((a, b) => (a.key - b.key || a.tie - b.tie) * sign);
  return keyed.map((k) => k.item);
}

const notFound = (message: string): GraphQLError => new GraphQLError(message, { extensions: { type: 'NOT_FOUND' } });

const LISTS_KEPT = 32;

/** The object graph of one dataset; nodes are built once and reused. */
export class Graph {
  private readonly cache = new Map<string, unknown>();
  readonly repository: RepositoryNode;

  constructor(readonly store: Store) {
    this.repository = new RepositoryNode(this);
  }

  memo<T>(key: string, build: () => T): T {
    let v = this.cache.get(key) as T | undefined;
    if (v === undefined) {
      v = build();
      this.cache.set(key, v);
    }
    return v;
  }

  /** Filtered, ordered lists by their arguments, the last few only (a client pages one list at a time, or a few in parallel). */
  private readonly lists = new Map<string, readonly unknown[]>();

  /**
   * The list a connection pages, built once for all its pages: the dataset never changes under a
   * query, so every page of one listing filters and sorts the same list (10,000 pull requests, or a
   * branch's whole history, per request otherwise). Bounded, as the arguments vary without end.
   */
  list<T>(key: string, build: () => readonly T[]): readonly T[] {
    const kept = this.lists.get(key);
    if (kept) return kept as readonly T[];
    const built = build();
    if (this.lists.size >= LISTS_KEPT) this.lists.delete(this.lists.keys().next().value!);
    this.lists.set(key, built);
    return built;
  }

  get html(): string {
    return `${HTML}/${this.store.fullName}`;
  }

  actor(login: string | null | undefined): UserNode | BotNode | null {
    if (!login) return null;
    return this.memo(`actor:${login}`, () => (isBot(login) ? new BotNode(login) : new UserNode(login)));
  }

  /** Where the schema types the field `User` (GitActor.user, Release.author), bots have no value. */
  user(login: string | null | undefined): UserNode | null {
    const a = this.actor(login);
    return a instanceof UserNode ? a : null;
  }

  commit(sha: string | null | undefined): CommitNode | null {
    if (!sha) return null;
    const c = this.store.commits.get(sha);
    return c ? this.memo(`commit:${sha}`, () => new CommitNode(this, c)) : null;
  }

  pullRequest(n: number): PullRequestNode | null {
    const pr = this.store.pullRequests.get(n);
    return pr ? this.memo(`pr:${n}`, () => new PullRequestNode(this, pr)) : null;
  }

  issue(i: DatasetIssue): IssueNode {
    return this.memo(`issue:${i.number}`, () => new IssueNode(this, i));
  }

  deployment(d: DatasetDeployment): DeploymentNode {
    return this.memo(`deployment:${d.id}`, () => new DeploymentNode(this, d));
  }

  release(r: DatasetRelease): ReleaseNode {
    return this.memo(`release:${r.id}`, () => new ReleaseNode(this, r));
  }

  label(name: string): LabelNode {
    return this.memo(`label:${name}`, () => new LabelNode(this, name));
  }

  /**
   * A branch (`refs/heads/x`) or a tag (`refs/tags/x`: the dataset's `tags`, and releases' tags it
   * does not list) when it exists, as GitHub resolves refs; a short name tries the branch first.
   */
  ref(qualifiedName: string): RefNode | null {
    const name = qualifiedName.replace(/^refs\/(heads|tags)\//, '');
    const wantsTag = qualifiedName.startsWith('refs/tags/');
    const wantsBranch = qualifiedName.startsWith('refs/heads/');
    if (!wantsTag) {
      const sha = this.store.branches.get(name);
      if (sha !== undefined) return this.memo(`ref:refs/heads/${name}`, () => new RefNode(this, 'refs/heads/', name, sha, null));
    }
    if (!wantsBranch) {
      const tag = this.store.tags.get(name);
      if (tag) return this.memo(`ref:refs/tags/${name}`, () => new RefNode(this, 'refs/tags/', name, tag.sha, tag));
    }
    return null;
  }

  /** An annotated tag's tag object. */
  tag(t: StoredTag): TagNode {
    return this.memo(`tag:${t.name}`, () => new TagNode(this, t));
  }

  blob(f: StoredFile): BlobNode {
    return this.memo(`blob:${f.path}`, () => new BlobNode(this, f));
  }

  /**
   * `git rev-parse`-style: HEAD, branch, tag, full or abbreviated sha (4+ hex digits, unique), with
   * `~n` / `^n` suffixes. An annotated tag's bare name is its tag object; `REV:path` is a file, known
   * at the default branch head only.
   */
  resolveExpression(expression: string): CommitNode | TagNode | BlobNode | null {
    const colon = expression.indexOf(':');
    if (colon >= 0) return this.file(expression.slice(0, colon), expression.slice(colon + 1));
    const tag = this.store.tags.get(expression.replace(/^(refs\/)?tags\//, ''));
    // git looks a bare name up as a tag before a branch; an annotated tag names its tag object.
    if (tag?.annotated) return this.tag(tag);
    const r = resolveRevision(this.store, expression, 4);
    return 'sha' in r ? this.commit(r.sha) : null;
  }

  /** `object(expression: "REV:path")`: a file of the dataset's `files`, at the default branch head. */
  private file(rev: string, rawPath: string): BlobNode | null {
    const r = resolveRevision(this.store, rev === '' ? 'HEAD' : rev, 4);
    if (!('sha' in r)) return null;
    const path = rawPath.replace(/^\/+|\/+$/g, '');
    if (r.sha !== this.store.branches.get(this.store.defaultBranch)) {
      throw new GraphQLError(
        `The emulator knows the files at the head of ${this.store.defaultBranch} only, not at ${rev}: object(expression: "${rev}:${rawPath}") is not supported.`,
        { extensions: { type: 'EMULATOR_UNSUPPORTED' } },
      );
    }
    const file = this.store.files.get(path);
    if (file) return this.blob(file);
    if (path === '' || [...this.store.files.keys()].some((p) => p.startsWith(`${path}/`))) {
      throw new GraphQLError(`The emulator has no Tree objects: "${rev}:${rawPath}" is a directory.`, {
        extensions: { type: 'EMULATOR_UNSUPPORTED' },
      });
    }
    return null;
  }

  /** PR filters shared by `Repository.pullRequests` and `Ref.associatedPullRequests`. */
  pullRequests(args: PullRequestArgs, only?: { key: string; keep: (pr: DatasetPullRequest) => boolean }): Connection<PullRequestNode> {
    const states = args.states ? new Set(args.states) : null;
    const labels = args.labels && args.labels.length > 0 ? args.labels.map((l) => l.toLowerCase()) : null;
    const key = JSON.stringify([
      'pullRequests',
      only?.key ?? null,
      args.states ?? null,
      labels,
      args.baseRefName ?? null,
      args.headRefName ?? null,
      args.orderBy ?? null,
    ]);
    const ordered = this.list(key, () =>
      orderIssues(
        this.store.pullRequestList.filter(
          (pr) =>
            (!only || only.keep(pr)) &&
            (!states || states.has(pullRequestState(pr))) &&
            (!args.baseRefName || pr.baseRef === args.baseRefName) &&
            (!args.headRefName || pr.headRef === args.headRefName) &&
            (!labels || (pr.labels ?? []).some((l) => labels.includes(l.toLowerCase()))),
        ),
        args.orderBy,
        pullRequestUpdatedAt,
      ),
    );
    return connection(ordered, args, (pr) => this.pullRequest(pr.number)!);
  }
}

interface PullRequestArgs extends PageArgs {
  readonly states?: readonly string[] | null;
  readonly labels?: readonly string[] | null;
  readonly baseRefName?: string | null;
  readonly headRefName?: string | null;
  readonly orderBy?: OrderBy | null;
}

/** IssueOrder for issues and PRs; without one GitHub lists by number, oldest first. */
function orderIssues<T extends { number: number; createdAt: string }>(
  items: readonly T[],
  orderBy: OrderBy | null | undefined,
  updatedAt: (t: T) => string,
): T[] {
  if (!orderBy) return [...items];
  const key =
    orderBy.field === 'UPDATED_AT' ? (t: T) => ms(updatedAt(t)) : orderBy.field === 'COMMENTS' ? () => 0 : (t: T) => ms(t.createdAt);
  return sortBy(items, key, (t) => t.number, orderBy.direction);
}

export function pullRequestState(pr: DatasetPullRequest): 'OPEN' | 'CLOSED' | 'MERGED' {
  return pr.mergedAt ? 'MERGED' : pr.closedAt ? 'CLOSED' : 'OPEN';
}

const issueUpdatedAt = (i: DatasetIssue): string => lastActivity(i.createdAt, i.closedAt);

export class UserNode {
  readonly __typename = 'User';
  readonly id: string;
  readonly databaseId: number;
  readonly url: string;
  readonly resourcePath: string;
  readonly avatarUrl: string;
  readonly name = null;
  readonly email = '';
  constructor(readonly login: string) {
    this.databaseId = numericId('user', login);
    this.id = nodeId('User', login);
    this.url = `${HTML}/${login}`;
    this.resourcePath = `/${login}`;
    this.avatarUrl = `https://avatars.githubusercontent.com/u/${this.databaseId}?v=4`;
  }
}

/** A GitHub App's bot: REST calls it `name[bot]`, GraphQL's `login` drops the suffix. */
export class BotNode {
  readonly __typename = 'Bot';
  readonly id: string;
  readonly databaseId: number;
  readonly login: string;
  readonly url: string;
  readonly resourcePath: string;
  readonly avatarUrl: string;
  constructor(datasetLogin: string) {
    this.login = datasetLogin.replace(/\[bot\]$/, '');
    this.databaseId = numericId('user', datasetLogin);
    this.id = nodeId('Bot', datasetLogin);
    this.url = `${HTML}/apps/${this.login}`;
    this.resourcePath = `/apps/${this.login}`;
    this.avatarUrl = `https://avatars.githubusercontent.com/in/${this.databaseId % 100000}?v=4`;
  }
}

export class OrganizationNode {
  readonly __typename = 'Organization';
  readonly id: string;
  readonly databaseId: number;
  readonly url: string;
  readonly resourcePath: string;
  readonly avatarUrl: string;
  readonly name: string;
  constructor(readonly login: string) {
    this.databaseId = numericId('user', login);
    this.id = nodeId('Organization', login);
    this.url = `${HTML}/${login}`;
    this.resourcePath = `/${login}`;
    this.avatarUrl = `https://avatars.githubusercontent.com/u/${this.databaseId}?v=4`;
    this.name = login;
  }
}

export class RepositoryNode {
  readonly __typename = 'Repository';
  readonly id: string;
  readonly databaseId: number;
  readonly name: string;
  readonly nameWithOwner: string;
  readonly url: string;
  readonly resourcePath: string;
  readonly createdAt: string;
  readonly isPrivate = true;
  readonly isArchived = false;
  readonly isFork = false;
  readonly isDisabled = false;
  readonly isTemplate = false;
  readonly isEmpty: boolean;
  readonly description = null;
  readonly visibility = 'PRIVATE';
  readonly owner: OrganizationNode;

  constructor(private readonly g: Graph) {
    const s = g.store;
    this.id = nodeId('Repository', s.fullName);
    this.databaseId = s.repositoryId;
    this.name = s.name;
    this.nameWithOwner = s.fullName;
    this.url = g.html;
    this.resourcePath = `/${s.fullName}`;
    this.createdAt = s.createdAt;
    this.isEmpty = s.commits.size === 0;
    this.owner = new OrganizationNode(s.owner);
  }

  get pushedAt(): string {
    const head = this.g.commit(this.g.store.branches.get(this.g.store.defaultBranch));
    return head?.committedDate ?? this.createdAt;
  }

  get updatedAt(): string {
    return lastActivity(this.createdAt, this.pushedAt);
  }

  defaultBranchRef(): RefNode | null {
    return this.g.ref(`refs/heads/${this.g.store.defaultBranch}`);
  }

  ref(args: { qualifiedName: string }): RefNode | null {
    return this.g.ref(args.qualifiedName);
  }

  refs(
    args: PageArgs & { refPrefix: string; query?: string | null; direction?: Direction | null; orderBy?: OrderBy | null },
  ): Connection<RefNode> {
    const all: RefNode[] = [];
    if (args.refPrefix === 'refs/heads/') for (const name of this.g.store.branches.keys()) all.push(this.g.ref(`refs/heads/${name}`)!);
    if (args.refPrefix === 'refs/tags/') for (const name of this.g.store.tags.keys()) all.push(this.g.ref(`refs/tags/${name}`)!);
    const matching = all.filter((r) => !args.query || r.name.includes(args.query));
    const direction = args.orderBy?.direction ?? args.direction ?? 'ASC';
    if (args.orderBy?.field === 'TAG_COMMIT_DATE') {
      // "The underlying commit date": an annotated tag's commit, not its tag object.
      const at = (r: RefNode): number => {
        const c = this.g.commit(r.commitOid);
        return c ? ms(c.committedDate) : 0;
      };
      matching.sort((a, b) => (at(a) - at(b)) * (direction === 'DESC' ? -1 : 1));
    } else {
      matching.sort((a, b) => a.name.localeCompare(b.name) * (direction === 'DESC' ? -1 : 1));
    }
    return connection(matching, args, (r) => r);
  }

  object(args: { oid?: string | null; expression?: string | null }): CommitNode | TagNode | BlobNode | null {
    if (args.oid) {
      const oid = args.oid.toLowerCase();
      const tag = this.g.store.tagObjects.get(oid);
      const blob = this.g.store.blobs.get(oid);
      return this.g.commit(oid) ?? (tag ? this.g.tag(tag) : blob ? this.g.blob(blob) : null);
    }
    if (args.expression) return this.g.resolveExpression(args.expression);
    return null;
  }

  pullRequests(args: PullRequestArgs): Connection<PullRequestNode> {
    return this.g.pullRequests(args);
  }

  pullRequest(args: { number: number }): PullRequestNode {
    const pr = this.g.pullRequest(args.number);
    if (!pr) throw notFound(`Could not resolve to a PullRequest with the number of ${args.number}.`);
    return pr;
  }

  issue(args: { number: number }): IssueNode {
    const i = this.g.store.issues.find((x) => x.number === args.number);
    if (!i) throw notFound(`Could not resolve to an Issue with the number of ${args.number}.`);
    return this.g.issue(i);
  }

  issueOrPullRequest(args: { number: number }): IssueNode | PullRequestNode {
    const i = this.g.store.issues.find((x) => x.number === args.number);
    if (i) return this.g.issue(i);
    const pr = this.g.pullRequest(args.number);
    if (!pr) throw notFound(`Could not resolve to an issue or pull request with the number of ${args.number}.`);
    return pr;
  }

  issues(
    args: PageArgs & {
      labels?: readonly string[] | null;
      states?: readonly string[] | null;
      orderBy?: OrderBy | null;
      filterBy?: {
        since?: string | null;
        labels?: readonly string[] | null;
        states?: readonly string[] | null;
        createdBy?: string | null;
        assignee?: string | null;
        mentioned?: string | null;
        milestone?: string | null;
        milestoneNumber?: string | null;
      } | null;
    },
  ): Connection<IssueNode> {
    const f = args.filterBy ?? {};
    const anyOf = (labels: readonly string[] | null | undefined) =>
      labels && labels.length > 0 ? labels.map((l) => l.toLowerCase()) : null;
    const labels = anyOf(args.labels);
    const filterLabels = anyOf(f.labels);
    const states = args.states ? new Set(args.states) : null;
    const filterStates = f.states ? new Set(f.states) : null;
    const since = f.since ? ms(f.since) : null;
    // No assignees, mentions or milestones in the dataset: asking for one matches nothing.
    const impossible = Boolean(
      (f.assignee && f.assignee !== '*') ||
        f.mentioned ||
        (f.milestone && f.milestone !== '*' && f.milestone !== 'none') ||
        f.milestoneNumber,
    );
    const has = (i: DatasetIssue, wanted: string[] | null) => !wanted || (i.labels ?? []).some((l) => wanted.includes(l.toLowerCase()));
    const state = (i: DatasetIssue) => (i.closedAt ? 'CLOSED' : 'OPEN');
    const list = impossible
      ? []
      : this.g.store.issues.filter(
          (i) =>
            has(i, labels) &&
            has(i, filterLabels) &&
            (!states || states.has(state(i))) &&
            (!filterStates || filterStates.has(state(i))) &&
            (since === null || ms(issueUpdatedAt(i)) >= since) &&
            (!f.createdBy || i.author === f.createdBy),
        );
    return connection(orderIssues(list, args.orderBy, issueUpdatedAt), args, (i) => this.g.issue(i));
  }

  deployments(args: PageArgs & { environments?: readonly string[] | null; orderBy?: OrderBy | null }): Connection<DeploymentNode> {
    return deploymentConnection(this.g, this.g.store.deployments, args);
  }

  releases(args: PageArgs & { orderBy?: OrderBy | null }): Connection<ReleaseNode> {
    const order = args.orderBy ?? { field: 'CREATED_AT', direction: 'ASC' };
    const list =
      order.field === 'NAME'
        ? [...this.g.store.releases].sort(
            (a, b) => (a.name ?? a.tagName).localeCompare(b.name ?? b.tagName) * (order.direction === 'DESC' ? -1 : 1),
          )
        : sortBy(
            this.g.store.releases,
            (r) => ms(r.createdAt),
            (r) => r.id,
            order.direction,
          );
    return connection(list, args, (r) => this.g.release(r));
  }

  release(args: { tagName: string }): ReleaseNode | null {
    const r = this.g.store.releases.find((x) => x.tagName === args.tagName);
    return r ? this.g.release(r) : null;
  }

  latestRelease(): ReleaseNode | null {
    const r = this.g.store.releases.find((x) => x.id === this.g.store.latestReleaseId);
    return r ? this.g.release(r) : null;
  }

  environments(args: PageArgs & { names?: readonly string[] | null }): Connection<EnvironmentNode> {
    const names = [...new Set(this.g.store.deployments.map((d) => d.environment ?? 'production'))].sort();
    const wanted = args.names && args.names.length > 0 ? names.filter((n) => args.names!.includes(n)) : names;
    return connection(wanted, args, (n) => this.g.memo(`env:${n}`, () => new EnvironmentNode(this.g, n)));
  }
}

function deploymentConnection(
  g: Graph,
  deployments: readonly DatasetDeployment[],
  args: PageArgs & { environments?: readonly string[] | null; orderBy?: OrderBy | null },
): Connection<DeploymentNode> {
  const envs = args.environments && args.environments.length > 0 ? new Set(args.environments) : null;
  const list = deployments.filter((d) => !envs || envs.has(d.environment ?? 'production'));
  const direction = args.orderBy?.direction ?? 'ASC';
  return connection(
    sortBy(
      list,
      (d) => ms(d.createdAt),
      (d) => d.id,
      direction,
    ),
    args,
    (d) => g.deployment(d),
  );
}

export class EnvironmentNode {
  readonly __typename = 'Environment';
  readonly id: string;
  readonly databaseId: number;
  constructor(
    g: Graph,
    readonly name: string,
  ) {
    this.id = nodeId('Environment', name);
    this.databaseId = numericId('environment', `${g.store.fullName}:${name}`);
  }
}

export class RefNode {
  readonly __typename = 'Ref';
  readonly id: string;
  /**
   * `commitOid`: the commit the ref leads to (through an annotated tag's object); `tag`: the tag
   * behind a `refs/tags/` ref (null for a branch).
   */
  constructor(
    private readonly g: Graph,
    readonly prefix: string,
    readonly name: string,
    readonly commitOid: string,
    private readonly tag: StoredTag | null,
  ) {
    this.id = nodeId('Ref', `${prefix}${name}`);
  }

  get repository(): RepositoryNode {
    return this.g.repository;
  }

  /** An annotated tag's ref points at its tag object; a branch or lightweight tag at the commit. */
  target(): CommitNode | TagNode | null {
    return this.tag?.annotated ? this.g.tag(this.tag) : this.g.commit(this.commitOid);
  }

  associatedPullRequests(args: PullRequestArgs): Connection<PullRequestNode> {
    // A branch's associated PRs are those with it as head; the schema's filters still apply.
    return this.g.pullRequests(args, {
      key: `head:${this.prefix}${this.name}`,
      keep: (pr) => this.prefix === 'refs/heads/' && pr.headRef === this.name,
    });
  }
}

export class GitActorNode {
  readonly __typename = 'GitActor';
  readonly name: string | null;
  readonly email: string | null;
  readonly avatarUrl: string;
  constructor(
    private readonly g: Graph,
    private readonly login: string | null,
    readonly date: string,
  ) {
    this.name = login ?? 'Unknown';
    this.email = login ? `${numericId('user', login)}+${login}@users.noreply.github.com` : 'unknown@example.com';
    this.avatarUrl = login
      ? `https://avatars.githubusercontent.com/u/${numericId('user', login)}?v=4`
      : 'https://avatars.githubusercontent.com/u/0?v=4';
  }

  /** The schema types this `User`: GitHub returns null for bots here. */
  user(): UserNode | null {
    return this.g.user(this.login);
  }
}

export class CommitNode {
  readonly __typename = 'Commit';
  readonly id: string;
  readonly oid: string;
  readonly abbreviatedOid: string;
  readonly url: string;
  readonly commitUrl: string;
  readonly resourcePath: string;
  readonly commitResourcePath: string;
  readonly message: string;
  readonly messageHeadline: string;
  readonly messageBody: string;
  readonly committedDate: string;
  readonly authoredDate: string;
  readonly pushedDate = null;
  readonly author: GitActorNode;
  readonly committer: GitActorNode;
  readonly authoredByCommitter = true;
  readonly committedViaWeb = false;

  constructor(
    private readonly g: Graph,
    private readonly c: StoredCommit,
  ) {
    this.id = nodeId('Commit', c.sha);
    this.oid = c.sha;
    this.abbreviatedOid = c.sha.slice(0, 7);
    this.url = `${g.html}/commit/${c.sha}`;
    this.commitUrl = this.url;
    this.resourcePath = `/${g.store.fullName}/commit/${c.sha}`;
    this.commitResourcePath = this.resourcePath;
    this.message = c.message;
    const [headline = '', ...rest] = c.message.split('\n');
    this.messageHeadline = headline;
    this.messageBody = rest.join('\n').replace(/^\n+/, '');
    this.committedDate = c.committedAt;
    this.authoredDate = c.authoredAt;
    this.author = new GitActorNode(g, c.author, c.authoredAt);
    this.committer = new GitActorNode(g, c.author, c.committedAt);
  }

  get repository(): RepositoryNode {
    return this.g.repository;
  }

  /** From the commit's `files` when the dataset lists them, else derived from its sha. */
  get additions(): number {
    return commitStats(this.g.store, this.oid).additions;
  }

  get deletions(): number {
    return commitStats(this.g.store, this.oid).deletions;
  }

  get changedFilesIfAvailable(): number {
    return commitStats(this.g.store, this.oid).changedFiles;
  }

  parents(args: PageArgs): Connection<CommitNode | null> {
    return connection(this.c.parents, args, (sha) => this.g.commit(sha));
  }

  /**
   * `git log <sha>`: the commit and its ancestors, newest committer date first; since/until like
   * git, both inclusive (git leaves a commit out only when it is strictly older than `--since` or
   * strictly newer than `--until`). `until` is a filter (newer commits are walked through, not
   * listed); `since` stops the walk at an older commit, as git's does (historySince).
   */
  history(
    args: PageArgs & {
      since?: string | null;
      until?: string | null;
      path?: string | null;
      author?: { id?: string | null; emails?: readonly string[] | null } | null;
    },
  ): Connection<CommitNode> {
    if (args.path) {
      throw new GraphQLError('The emulator has no file trees: history(path:) is not supported.', {
        extensions: { type: 'EMULATOR_UNSUPPORTED' },
      });
    }
    // Whole seconds, as git compares them.
    const since = args.since ? wholeSecond(ms(args.since)) : -Infinity;
    const until = args.until ? wholeSecond(ms(args.until)) : Infinity;
    const authorId = args.author?.id ?? null;
    const emails = args.author?.emails ?? null;
    const key = JSON.stringify(['history', this.oid, since, until, authorId, emails]);
    const list = this.g.list(key, () =>
      (since === -Infinity ? historyOf(this.g.store, this.oid) : historySince(this.g.store, this.oid, since)).filter((c) => {
        if (wholeSecond(c.committedMs) > until) return false;
        if (authorId || emails) {
          const actor = this.g.actor(c.author);
          const email = new GitActorNode(this.g, c.author, c.authoredAt).email;
          if (authorId && actor?.id !== authorId) return false;
          if (emails && !emails.includes(email ?? '')) return false;
        }
        return true;
      }),
    );
    return connection(list, args, (c) => this.g.commit(c.sha)!);
  }

  /** PRs whose own commits contain this commit, whose merge commit it is, or that the dataset links it to (rebase copies). */
  associatedPullRequests(args: PageArgs & { orderBy?: OrderBy | null }): Connection<PullRequestNode> {
    const numbers = this.g.store.pullRequestsByCommit.get(this.oid) ?? [];
    const prs = numbers.map((n) => this.g.store.pullRequests.get(n)).filter((pr): pr is DatasetPullRequest => pr !== undefined);
    const order = args.orderBy ?? { field: 'CREATED_AT', direction: 'ASC' };
    return connection(orderIssues(prs, order, pullRequestUpdatedAt), args, (pr) => this.g.pullRequest(pr.number)!);
  }

  deployments(args: PageArgs & { environments?: readonly string[] | null; orderBy?: OrderBy | null }): Connection<DeploymentNode> {
    return deploymentConnection(this.g, this.g.store.deploymentsBySha.get(this.oid) ?? [], args);
  }
}

export class LabelNode {
  readonly __typename = 'Label';
  readonly id: string;
  readonly color: string;
  readonly description = null;
  readonly isDefault = false;
  readonly url: string;
  readonly resourcePath: string;
  constructor(
    g: Graph,
    readonly name: string,
  ) {
    this.id = nodeId('Label', `${g.store.fullName}:${name}`);
    this.color = (numericId('label', `${g.store.fullName}:${name}`) % 0xffffff).toString(16).padStart(6, '0');
    this.url = `${g.html}/labels/${encodeURIComponent(name)}`;
    this.resourcePath = `/${g.store.fullName}/labels/${encodeURIComponent(name)}`;
  }
}

export class PullRequestCommitNode {
  readonly __typename = 'PullRequestCommit';
  readonly id: string;
  readonly url: string;
  readonly resourcePath: string;
  constructor(
    readonly pullRequest: PullRequestNode,
    readonly commit: CommitNode,
  ) {
    this.id = nodeId('PullRequestCommit', `${pullRequest.number}:${commit.oid}`);
    this.url = `${pullRequest.url}/commits/${commit.oid}`;
    this.resourcePath = `${pullRequest.resourcePath}/commits/${commit.oid}`;
  }
}

export class ReviewNode {
  readonly __typename = 'PullRequestReview';
  readonly id: string;
  readonly databaseId: number;
  readonly state: string;
  readonly submittedAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly publishedAt: string;
  readonly body = '';
  readonly url: string;
  constructor(
    private readonly g: Graph,
    readonly pullRequest: PullRequestNode,
    private readonly r: DatasetReview,
    index: number,
  ) {
    this.databaseId = numericId('review', `${pullRequest.number}:${index}`);
    this.id = nodeId('PullRequestReview', `${pullRequest.number}:${index}`);
    this.state = r.state.toUpperCase();
    this.submittedAt = this.createdAt = this.updatedAt = this.publishedAt = r.submittedAt;
    this.url = `${pullRequest.url}#pullrequestreview-${this.databaseId}`;
  }

  author(): UserNode | BotNode | null {
    return this.g.actor(this.r.author);
  }
}

export class PullRequestNode {
  readonly __typename = 'PullRequest';
  readonly id: string;
  readonly databaseId: number;
  readonly number: number;
  readonly title: string;
  readonly body = '';
  readonly bodyText = '';
  readonly url: string;
  readonly permalink: string;
  readonly resourcePath: string;
  readonly state: 'OPEN' | 'CLOSED' | 'MERGED';
  readonly isDraft: boolean;
  readonly merged: boolean;
  readonly closed: boolean;
  readonly locked = false;
  readonly isCrossRepository = false;
  readonly createdAt: string;
  readonly publishedAt: string;
  readonly updatedAt: string;
  readonly lastEditedAt = null;
  readonly closedAt: string | null;
  readonly mergedAt: string | null;
  readonly headRefName: string;
  readonly baseRefName: string;
  readonly totalCommentsCount = 0;
  readonly additions: number;
  readonly deletions: number;
  readonly changedFiles: number;
  /** Its files when the dataset says (its `files`, or its commits'); null: sizes derived, no file list. */
  private readonly fileChanges: FileChange[] | null;

  constructor(
    private readonly g: Graph,
    private readonly pr: DatasetPullRequest,
  ) {
    this.id = nodeId('PullRequest', pr.number);
    this.databaseId = numericId('pull', pr.number);
    this.number = pr.number;
    this.title = pr.title ?? `#${pr.number}`;
    this.url = this.permalink = `${g.html}/pull/${pr.number}`;
    this.resourcePath = `/${g.store.fullName}/pull/${pr.number}`;
    this.state = pullRequestState(pr);
    this.isDraft = pr.draft ?? false;
    this.merged = Boolean(pr.mergedAt);
    this.closed = Boolean(pr.closedAt ?? pr.mergedAt);
    this.createdAt = this.publishedAt = pr.createdAt;
    this.updatedAt = pullRequestUpdatedAt(pr);
    this.closedAt = pr.closedAt ?? pr.mergedAt ?? null;
    this.mergedAt = pr.mergedAt ?? null;
    this.headRefName = pr.headRef ?? `pr-${pr.number}`;
    this.baseRefName = pr.baseRef ?? g.store.defaultBranch;
    this.fileChanges = pullRequestFileChanges(g.store, pr);
    if (this.fileChanges) {
      this.additions = this.fileChanges.reduce((n, f) => n + f.additions, 0);
      this.deletions = this.fileChanges.reduce((n, f) => n + f.deletions, 0);
      this.changedFiles = this.fileChanges.length;
    } else {
      const h = hashNumber('pull-size', pr.number);
      const commits = Math.max(1, pr.commits?.length ?? 1);
      this.additions = commits * (10 + (h % 40));
      this.deletions = Math.floor((this.additions * ((h >>> 8) % 60)) / 100);
      this.changedFiles = 1 + ((h >>> 16) % Math.min(20, 2 + 3 * commits));
    }
  }

  /** GitHub lists at most 3,000 files; every one `MODIFIED` (the dataset has paths only). */
  files(args: PageArgs): Connection<PullRequestChangedFile> {
    const files = (this.fileChanges ?? []).slice(0, PULL_REQUEST_FILE_LIMIT);
    return connection(files, args, (f) => ({
      path: f.path,
      additions: f.additions,
      deletions: f.deletions,
      changeType: 'MODIFIED',
      viewerViewedState: 'UNVIEWED',
    }));
  }

  get repository(): RepositoryNode {
    return this.g.repository;
  }

  get baseRepository(): RepositoryNode {
    return this.g.repository;
  }

  get headRepository(): RepositoryNode {
    return this.g.repository;
  }

  author(): UserNode | BotNode | null {
    return this.g.actor(this.pr.author);
  }

  get headRefOid(): string {
    const commits = this.pr.commits ?? [];
    return commits[commits.length - 1] ?? this.pr.mergeCommitSha ?? '';
  }

  get baseRefOid(): string {
    const first = this.g.store.commits.get(this.pr.commits?.[0] ?? '');
    return first?.parents[0] ?? this.g.store.branches.get(this.baseRefName) ?? '';
  }

  headRef(): RefNode | null {
    return this.g.ref(`refs/heads/${this.headRefName}`);
  }

  baseRef(): RefNode | null {
    return this.g.ref(`refs/heads/${this.baseRefName}`);
  }

  /** GitHub fills `mergeCommit` once the PR is merged. */
  mergeCommit(): CommitNode | null {
    return this.pr.mergedAt ? this.g.commit(this.pr.mergeCommitSha) : null;
  }

  labels(args: PageArgs & { orderBy?: OrderBy | null }): Connection<LabelNode> {
    const names = [...(this.pr.labels ?? [])];
    if (args.orderBy?.field === 'NAME') names.sort((a, b) => a.localeCompare(b) * (args.orderBy!.direction === 'DESC' ? -1 : 1));
    else if (args.orderBy?.direction === 'DESC') names.reverse();
    return connection(names, args, (n) => this.g.label(n));
  }

  commits(args: PageArgs): Connection<PullRequestCommitNode> {
    const commits = (this.pr.commits ?? []).map((sha) => this.g.commit(sha)).filter((c): c is CommitNode => c !== null);
    return connection(commits, args, (c) => this.g.memo(`prc:${this.number}:${c.oid}`, () => new PullRequestCommitNode(this, c)));
  }

  reviews(args: PageArgs & { states?: readonly string[] | null; author?: string | null }): Connection<ReviewNode> {
    const states = args.states ? new Set(args.states) : null;
    const reviews = (this.pr.reviews ?? [])
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => (!states || states.has(r.state.toUpperCase())) && (!args.author || this.g.actor(r.author)?.login === args.author));
    return connection(reviews, args, ({ r, i }) => this.g.memo(`review:${this.number}:${i}`, () => new ReviewNode(this.g, this, r, i)));
  }
}

interface PullRequestChangedFile {
  readonly path: string;
  readonly additions: number;
  readonly deletions: number;
  readonly changeType: 'MODIFIED';
  readonly viewerViewedState: 'UNVIEWED';
}

export class IssueNode {
  readonly __typename = 'Issue';
  readonly id: string;
  readonly databaseId: number;
  readonly number: number;
  readonly title: string;
  readonly body = '';
  readonly bodyText = '';
  readonly url: string;
  readonly resourcePath: string;
  readonly state: 'OPEN' | 'CLOSED';
  readonly stateReason: 'COMPLETED' | null;
  readonly closed: boolean;
  readonly locked = false;
  readonly createdAt: string;
  readonly publishedAt: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;

  constructor(
    private readonly g: Graph,
    private readonly issue: DatasetIssue,
  ) {
    this.id = nodeId('Issue', issue.number);
    this.databaseId = numericId('issue', issue.number);
    this.number = issue.number;
    this.title = issue.title ?? `#${issue.number}`;
    this.url = `${g.html}/issues/${issue.number}`;
    this.resourcePath = `/${g.store.fullName}/issues/${issue.number}`;
    this.closedAt = issue.closedAt ?? null;
    this.closed = this.closedAt !== null;
    this.state = this.closed ? 'CLOSED' : 'OPEN';
    this.stateReason = this.closed ? 'COMPLETED' : null;
    this.createdAt = this.publishedAt = issue.createdAt;
    this.updatedAt = issueUpdatedAt(issue);
  }

  get repository(): RepositoryNode {
    return this.g.repository;
  }

  author(): UserNode | BotNode | null {
    return this.g.actor(this.issue.author);
  }

  labels(args: PageArgs): Connection<LabelNode> {
    return connection(this.issue.labels ?? [], args, (n) => this.g.label(n));
  }
}

/** Deployment state follows its latest status, as GitHub derives it. */
const DEPLOYMENT_STATE: Record<string, string> = {
  success: 'ACTIVE',
  inactive: 'INACTIVE',
  failure: 'FAILURE',
  error: 'ERROR',
  in_progress: 'IN_PROGRESS',
  queued: 'QUEUED',
  pending: 'PENDING',
  waiting: 'WAITING',
};

export class DeploymentStatusNode {
  readonly __typename = 'DeploymentStatus';
  readonly id: string;
  readonly state: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly description = '';
  readonly environment: string;
  readonly environmentUrl = null;
  readonly logUrl = null;
  constructor(
    readonly deployment: DeploymentNode,
    status: DatasetDeploymentStatus,
    index: number,
  ) {
    this.id = deploymentStatusNodeId(deployment.repositoryId, deploymentStatusId(deployment.record, index));
    this.state = status.state.toUpperCase();
    this.createdAt = this.updatedAt = status.createdAt;
    this.environment = deployment.environment;
  }

  creator(): UserNode | BotNode | null {
    return this.deployment.creator();
  }
}

export class DeploymentNode {
  readonly __typename = 'Deployment';
  readonly id: string;
  readonly databaseId: number;
  readonly commitOid: string;
  readonly environment: string;
  readonly latestEnvironment: string;
  readonly originalEnvironment: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly task = 'deploy';
  readonly payload = '{}';
  readonly description = null;
  readonly state: string;
  readonly repositoryId: number;
  /** Newest first, as GitHub returns a deployment's statuses. */
  private readonly statusNodes: DeploymentStatusNode[];

  constructor(
    private readonly g: Graph,
    readonly record: DatasetDeployment,
  ) {
    const d = record;
    this.repositoryId = g.store.repositoryId;
    // GitHub's new format: [0, repository id, deployment id] in MessagePack, so clients can read the id back.
    this.id = deploymentNodeId(this.repositoryId, d.id);
    this.databaseId = d.id;
    this.commitOid = d.sha;
    this.environment = this.latestEnvironment = this.originalEnvironment = d.environment ?? 'production';
    this.createdAt = d.createdAt;
    const statuses = d.statuses ?? [];
    this.updatedAt = lastActivity(d.createdAt, ...statuses.map((s) => s.createdAt));
    this.statusNodes = statuses.map((s, i) => new DeploymentStatusNode(this, s, i)).reverse();
    const latest = statuses[statuses.length - 1];
    this.state = latest ? (DEPLOYMENT_STATE[latest.state] ?? latest.state.toUpperCase()) : 'PENDING';
  }

  get repository(): RepositoryNode {
    return this.g.repository;
  }

  commit(): CommitNode | null {
    return this.g.commit(this.record.sha);
  }

  creator(): UserNode | BotNode | null {
    return this.g.actor(this.record.creator ?? this.g.store.owner);
  }

  /** The deployed ref when it still exists (GitHub answers null for a deleted branch or a bare sha). */
  ref(): RefNode | null {
    return this.record.ref ? this.g.ref(this.record.ref) : null;
  }

  /** The status at `index` in the dataset's (oldest first) list. */
  statusAt(index: number): DeploymentStatusNode | null {
    return this.statusNodes[this.statusNodes.length - 1 - index] ?? null;
  }

  latestStatus(): DeploymentStatusNode | null {
    return this.statusNodes[0] ?? null;
  }

  statuses(args: PageArgs): Connection<DeploymentStatusNode> {
    return connection(this.statusNodes, args, (s) => s);
  }
}

export class ReleaseNode {
  readonly __typename = 'Release';
  readonly id: string;
  readonly databaseId: number;
  readonly name: string | null;
  readonly tagName: string;
  readonly url: string;
  readonly resourcePath: string;
  readonly isDraft: boolean;
  readonly isPrerelease: boolean;
  readonly isLatest: boolean;
  readonly createdAt: string;
  readonly publishedAt: string | null;
  readonly updatedAt: string;
  readonly description = '';

  constructor(
    private readonly g: Graph,
    private readonly r: DatasetRelease,
  ) {
    this.id = nodeId('Release', r.id);
    this.databaseId = r.id;
    this.name = r.name ?? r.tagName;
    this.tagName = r.tagName;
    this.url = `${g.html}/releases/tag/${encodeURIComponent(r.tagName)}`;
    this.resourcePath = `/${g.store.fullName}/releases/tag/${encodeURIComponent(r.tagName)}`;
    this.isDraft = r.draft ?? false;
    this.isPrerelease = r.prerelease ?? false;
    this.isLatest = g.store.latestReleaseId === r.id;
    this.createdAt = r.createdAt;
    this.publishedAt = this.isDraft ? null : (r.publishedAt ?? r.createdAt);
    this.updatedAt = r.publishedAt ?? r.createdAt;
  }

  get repository(): RepositoryNode {
    return this.g.repository;
  }

  /** Typed `User` in the schema, so a bot-published release has no author here. */
  author(): UserNode | null {
    return this.g.user(this.r.author);
  }

  /** The commit its tag points to: the dataset's `tags` win over the release's `targetSha`. */
  tagCommit(): CommitNode | null {
    return this.g.commit(this.g.store.tags.get(this.r.tagName)?.sha ?? this.r.targetSha);
  }

  tag(): RefNode | null {
    return this.g.ref(`refs/tags/${this.r.tagName}`);
  }
}

/** An annotated tag's tag object (`refs/tags/x` of an annotated tag points here; `target` is the commit). */
export class TagNode {
  readonly __typename = 'Tag';
  readonly id: string;
  readonly oid: string;
  readonly abbreviatedOid: string;
  readonly name: string;
  readonly message: string;
  readonly commitUrl: string;
  readonly commitResourcePath: string;
  readonly tagger: GitActorNode;
  constructor(
    private readonly g: Graph,
    private readonly t: StoredTag,
  ) {
    this.id = nodeId('Tag', t.objectSha);
    this.oid = t.objectSha;
    this.abbreviatedOid = t.objectSha.slice(0, 7);
    this.name = t.name;
    this.message = t.message;
    this.commitUrl = `${g.html}/commit/${t.objectSha}`;
    this.commitResourcePath = `/${g.store.fullName}/commit/${t.objectSha}`;
    this.tagger = new GitActorNode(g, t.tagger, t.taggerDate);
  }

  get repository(): RepositoryNode {
    return this.g.repository;
  }

  target(): CommitNode {
    const c = this.g.commit(this.t.sha);
    if (!c) throw notFound(`The dataset has no commit ${this.t.sha}, the target of tag ${this.t.name}.`);
    return c;
  }
}

/** A file of the dataset's `files`, as it stands at the default branch head. */
export class BlobNode {
  readonly __typename = 'Blob';
  readonly id: string;
  readonly oid: string;
  readonly abbreviatedOid: string;
  readonly byteSize: number;
  readonly isBinary: boolean;
  readonly isTruncated = false;
  readonly text: string | null;
  readonly commitUrl: string;
  readonly commitResourcePath: string;
  constructor(
    private readonly g: Graph,
    f: StoredFile,
  ) {
    this.id = nodeId('Blob', f.sha);
    this.oid = f.sha;
    this.abbreviatedOid = f.sha.slice(0, 7);
    this.byteSize = f.size;
    // Dataset contents are text; one with a NUL byte is what git calls binary.
    this.isBinary = f.content.includes('\0');
    this.text = this.isBinary ? null : f.content;
    this.commitUrl = `${g.html}/commit/${f.sha}`;
    this.commitResourcePath = `/${g.store.fullName}/commit/${f.sha}`;
  }

  get repository(): RepositoryNode {
    return this.g.repository;
  }
}

/** `node(id:)` for the ids this graph issues; GitHub-format ids only in the repository they name. */
export function nodeById(g: Graph, id: string): unknown {
  const decoded = decodeNodeId(id);
  if (!decoded) return null;
  const s = g.store;
  if (decoded.format === 'msgpack') {
    if (decoded.repositoryId !== s.repositoryId) return null;
    if (decoded.type === 'Deployment') {
      const d = s.deployments.find((x) => x.id === decoded.databaseId);
      return d ? g.deployment(d) : null;
    }
    if (decoded.type === 'DeploymentStatus') {
      const byId = g.memo('deployment-status-ids', () => {
        const m = new Map<number, { d: DatasetDeployment; index: number }>();
        for (const d of s.deployments) (d.statuses ?? []).forEach((_, index) => m.set(deploymentStatusId(d, index), { d, index }));
        return m;
      });
      const found = byId.get(decoded.databaseId);
      return found ? g.deployment(found.d).statusAt(found.index) : null;
    }
    return null;
  }
  const { type, key } = decoded;
  switch (type) {
    case 'Repository':
      return key === s.fullName ? g.repository : null;
    case 'Organization':
      return key === s.owner ? g.repository.owner : null;
    case 'User':
    case 'Bot':
      return g.actor(key);
    case 'Commit':
      return g.commit(key);
    case 'Tag': {
      const t = s.tagObjects.get(key);
      return t ? g.tag(t) : null;
    }
    case 'Blob': {
      const f = s.blobs.get(key);
      return f ? g.blob(f) : null;
    }
    case 'PullRequest':
      return g.pullRequest(Number(key));
    case 'Issue': {
      const i = s.issues.find((x) => x.number === Number(key));
      return i ? g.issue(i) : null;
    }
    case 'Release': {
      const r = s.releases.find((x) => x.id === Number(key));
      return r ? g.release(r) : null;
    }
    case 'Ref':
      return g.ref(key);
    case 'Label':
      return g.label(key.slice(s.fullName.length + 1));
    default:
      return null;
  }
}

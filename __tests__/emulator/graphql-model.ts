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
 */
import { GraphQLError } from 'graphql';
import {
  type DatasetDeployment,
  type DatasetDeploymentStatus,
  type DatasetIssue,
  type DatasetPullRequest,
  type DatasetRelease,
  type DatasetReview,
  type Store,
  type StoredCommit,
  hashNumber,
  historyOf,
  isBot,
  lastActivity,
  numericId,
} from './dataset.js';
import { type Connection, type PageArgs, connection } from './graphql-connections.js';
import { pullRequestUpdatedAt } from './rest-objects.js';

const HTML = 'https://github.com';

type Direction = 'ASC' | 'DESC';
interface OrderBy {
  readonly field: string;
  readonly direction: Direction;
}

/** New-style global node ids ("PR_kwDO..."): a type prefix and the record's key, decodable by `node(id:)`. */
const NODE_PREFIX = {
  Repository: 'R_',
  Organization: 'O_',
  User: 'U_',
  Bot: 'BOT_',
  Commit: 'C_',
  PullRequest: 'PR_',
  PullRequestCommit: 'PURC_',
  PullRequestReview: 'PRR_',
  Issue: 'I_',
  Label: 'LA_',
  Deployment: 'DE_',
  DeploymentStatus: 'DES_',
  Release: 'RE_',
  Ref: 'REF_',
  Environment: 'EN_',
} as const;
type NodeType = keyof typeof NODE_PREFIX;

const nodeId = (type: NodeType, key: string | number): string => `${NODE_PREFIX[type]}${Buffer.from(String(key)).toString('base64url')}`;

export function decodeNodeId(id: string): { type: NodeType; key: string } | null {
  for (const [type, prefix] of Object.entries(NODE_PREFIX)) {
    if (id.startsWith(prefix)) return { type: type as NodeType, key: Buffer.from(id.slice(prefix.length), 'base64url').toString('utf8') };
  }
  return null;
}

const ms = (iso: string): number => Date.parse(iso);

function sortBy<T>(items: readonly T[], key: (t: T) => number, tie: (t: T) => number, direction: Direction): T[] {
  const sign = direction === 'DESC' ? -1 : 1;
  return [...items].sort((a, b) => (key(a) - key(b) || tie(a) - tie(b)) * sign);
}

const notFound = (message: string): GraphQLError => new GraphQLError(message, { extensions: { type: 'NOT_FOUND' } });

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

  /** A branch (`refs/heads/x`) or a release tag (`refs/tags/x`) when it exists, as GitHub resolves refs. */
  ref(qualifiedName: string): RefNode | null {
    const name = qualifiedName.replace(/^refs\/(heads|tags)\//, '');
    const wantsTag = qualifiedName.startsWith('refs/tags/');
    const wantsBranch = qualifiedName.startsWith('refs/heads/');
    if (!wantsTag) {
      const sha = this.store.branches.get(name);
      if (sha !== undefined) return this.memo(`ref:refs/heads/${name}`, () => new RefNode(this, 'refs/heads/', name, sha));
    }
    if (!wantsBranch) {
      const release = this.store.releases.find((r) => r.tagName === name);
      if (release?.targetSha) return this.memo(`ref:refs/tags/${name}`, () => new RefNode(this, 'refs/tags/', name, release.targetSha!));
    }
    return null;
  }

  /** `git rev-parse`-style: HEAD, branch, tag, full or abbreviated sha, with `~n` / `^n` suffixes. */
  resolveExpression(expression: string): CommitNode | null {
    const m = /^(.*?)((?:[~^]\d*)*)$/.exec(expression);
    if (!m) return null;
    const base = m[1] ?? '';
    let sha: string | undefined;
    if (base === 'HEAD' || base === '') sha = this.store.branches.get(this.store.defaultBranch);
    else if (/^[0-9a-f]{40}$/i.test(base)) sha = base.toLowerCase();
    else sha = this.ref(base)?.oid;
    if (!sha && /^[0-9a-f]{4,39}$/i.test(base)) {
      const matches = [...this.store.commits.keys()].filter((s) => s.startsWith(base.toLowerCase()));
      if (matches.length === 1) sha = matches[0];
    }
    for (const step of (m[2] ?? '').match(/[~^]\d*/g) ?? []) {
      if (!sha) return null;
      const n = step.length > 1 ? Number(step.slice(1)) : 1;
      if (step[0] === '^') {
        sha = n === 0 ? sha : this.store.commits.get(sha)?.parents[n - 1];
      } else {
        for (let i = 0; i < n && sha; i++) sha = this.store.commits.get(sha)?.parents[0];
      }
    }
    return this.commit(sha);
  }

  /** PR filters shared by `Repository.pullRequests` and `Ref.associatedPullRequests`. */
  pullRequests(args: PullRequestArgs, only?: (pr: DatasetPullRequest) => boolean): Connection<PullRequestNode> {
    const states = args.states ? new Set(args.states) : null;
    const labels = args.labels && args.labels.length > 0 ? args.labels.map((l) => l.toLowerCase()) : null;
    const list = this.store.pullRequestList.filter(
      (pr) =>
        (!only || only(pr)) &&
        (!states || states.has(pullRequestState(pr))) &&
        (!args.baseRefName || pr.baseRef === args.baseRefName) &&
        (!args.headRefName || pr.headRef === args.headRefName) &&
        (!labels || (pr.labels ?? []).some((l) => labels.includes(l.toLowerCase()))),
    );
    return connection(orderIssues(list, args.orderBy, pullRequestUpdatedAt), args, (pr) => this.pullRequest(pr.number)!);
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
    if (args.refPrefix === 'refs/tags/') {
      for (const r of this.g.store.releases) {
        const ref = this.g.ref(`refs/tags/${r.tagName}`);
        if (ref) all.push(ref);
      }
    }
    const matching = all.filter((r) => !args.query || r.name.includes(args.query));
    const direction = args.orderBy?.direction ?? args.direction ?? 'ASC';
    if (args.orderBy?.field === 'TAG_COMMIT_DATE') {
      const at = (r: RefNode): number => (r.target() ? ms(r.target()!.committedDate) : 0);
      matching.sort((a, b) => (at(a) - at(b)) * (direction === 'DESC' ? -1 : 1));
    } else {
      matching.sort((a, b) => a.name.localeCompare(b.name) * (direction === 'DESC' ? -1 : 1));
    }
    return connection(matching, args, (r) => r);
  }

  object(args: { oid?: string | null; expression?: string | null }): CommitNode | null {
    if (args.oid) return this.g.commit(args.oid.toLowerCase());
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
  constructor(
    private readonly g: Graph,
    readonly prefix: string,
    readonly name: string,
    readonly oid: string,
  ) {
    this.id = nodeId('Ref', `${prefix}${name}`);
  }

  get repository(): RepositoryNode {
    return this.g.repository;
  }

  target(): CommitNode | null {
    return this.g.commit(this.oid);
  }

  associatedPullRequests(args: PullRequestArgs): Connection<PullRequestNode> {
    // A branch's associated PRs are those with it as head; the schema's filters still apply.
    return this.g.pullRequests(args, (pr) => this.prefix === 'refs/heads/' && pr.headRef === this.name);
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

  get additions(): number {
    return 1 + (hashNumber('commit-additions', this.oid) % 80);
  }

  get deletions(): number {
    return hashNumber('commit-deletions', this.oid) % 40;
  }

  get changedFilesIfAvailable(): number {
    return 1 + (hashNumber('commit-files', this.oid) % 8);
  }

  parents(args: PageArgs): Connection<CommitNode | null> {
    return connection(this.c.parents, args, (sha) => this.g.commit(sha));
  }

  /** `git log <sha>`: the commit and its ancestors, newest committer date first; since/until like git. */
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
    const since = args.since ? ms(args.since) : -Infinity;
    const until = args.until ? ms(args.until) : Infinity;
    const authorId = args.author?.id ?? null;
    const emails = args.author?.emails ?? null;
    const list = historyOf(this.g.store, this.oid).filter((c) => {
      if (c.committedMs < since || c.committedMs > until) return false;
      if (authorId || emails) {
        const actor = this.g.actor(c.author);
        const email = new GitActorNode(this.g, c.author, c.authoredAt).email;
        if (authorId && actor?.id !== authorId) return false;
        if (emails && !emails.includes(email ?? '')) return false;
      }
      return true;
    });
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
    const h = hashNumber('pull-size', pr.number);
    const commits = Math.max(1, pr.commits?.length ?? 1);
    this.additions = commits * (10 + (h % 40));
    this.deletions = Math.floor((this.additions * ((h >>> 8) % 60)) / 100);
    this.changedFiles = 1 + ((h >>> 16) % Math.min(20, 2 + 3 * commits));
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
    this.id = nodeId('DeploymentStatus', `${deployment.databaseId}:${index}`);
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
  /** Newest first, as GitHub returns a deployment's statuses. */
  private readonly statusNodes: DeploymentStatusNode[];

  constructor(
    private readonly g: Graph,
    private readonly d: DatasetDeployment,
  ) {
    this.id = nodeId('Deployment', d.id);
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
    return this.g.commit(this.d.sha);
  }

  creator(): UserNode | BotNode | null {
    return this.g.actor(this.d.creator ?? this.g.store.owner);
  }

  /** The deployed ref when it still exists (GitHub answers null for a deleted branch or a bare sha). */
  ref(): RefNode | null {
    return this.d.ref ? this.g.ref(this.d.ref) : null;
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

  tagCommit(): CommitNode | null {
    return this.g.commit(this.r.targetSha);
  }

  tag(): RefNode | null {
    return this.g.ref(`refs/tags/${this.r.tagName}`);
  }
}

/** `node(id:)` for the ids this graph issues. */
export function nodeById(g: Graph, id: string): unknown {
  const decoded = decodeNodeId(id);
  if (!decoded) return null;
  const { type, key } = decoded;
  const s = g.store;
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
    case 'PullRequest':
      return g.pullRequest(Number(key));
    case 'Issue': {
      const i = s.issues.find((x) => x.number === Number(key));
      return i ? g.issue(i) : null;
    }
    case 'Deployment': {
      const d = s.deployments.find((x) => x.id === Number(key));
      return d ? g.deployment(d) : null;
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

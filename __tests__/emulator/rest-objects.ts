/**
 * The JSON GitHub's REST API returns for the dataset's records, shaped after the OpenAPI response
 * schemas (every required field present) and GitHub's real payloads. `url`s point at the
 * emulator (`api` is its REST root, with `/api/v3` when reached the GHES way); `html_url`s point at
 * github.com. Values the dataset does not hold are derived deterministically from the record.
 */
import {
  type DatasetDeployment,
  type DatasetDeploymentStatus,
  type DatasetIssue,
  type DatasetPullRequest,
  type DatasetRelease,
  type DatasetWorkflow,
  type DatasetWorkflowRun,
  type Store,
  fakeSha,
  gitIdentity,
  isBot,
  lastActivity,
  numericId,
} from './dataset.js';
import { deploymentNodeId, deploymentStatusNodeId } from './node-ids.js';

export const HTML = 'https://github.com';

/**
 * Users and repositories repeat in every run of a page (actor, triggering_actor, repository,
 * head_repository): build each once per dataset and REST root. Keyed by store, not by URL alone,
 * since a later emulator may reuse a port with another dataset.
 */
const shared = new WeakMap<Store, Map<string, Record<string, unknown>>>();
function once(store: Store, key: string, build: () => Record<string, unknown>): Record<string, unknown> {
  let m = shared.get(store);
  if (!m) shared.set(store, (m = new Map()));
  let v = m.get(key);
  if (!v) m.set(key, (v = build()));
  return v;
}

const nodeId = (kind: string, id: number | string): string => Buffer.from(`0${kind.length}:${kind}${id}`).toString('base64');

export function userId(login: string): number {
  return numericId('user', login);
}

/** `simple-user`: bots keep their `name[bot]` login with `type: "Bot"`, as REST shows them. */
export function simpleUser(api: string, login: string): Record<string, unknown> {
  const id = userId(login);
  const bot = isBot(login);
  const slug = bot ? login.slice(0, -'[bot]'.length) : login;
  const url = `${api}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: nodeId(bot ? 'Bot' : 'User', id),
    avatar_url: bot ? `https://avatars.githubusercontent.com/in/${id % 100000}?v=4` : `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: bot ? `${HTML}/apps/${slug}` : `${HTML}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: bot ? 'Bot' : 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

/** `simple-user` of a login, built once per dataset and REST root (it repeats on every commit and run of a page). */
export function sharedUser(api: string, store: Store, login: string): Record<string, unknown> {
  return once(store, `user:${api}:${login}`, () => simpleUser(api, login));
}

/** The repository owner: datasets describe organisation repositories (`acme/shop`). */
function owner(api: string, store: Store): Record<string, unknown> {
  return { ...simpleUser(api, store.owner), node_id: nodeId('Organization', userId(store.owner)), type: 'Organization' };
}

export function repoApi(api: string, store: Store): string {
  return `${api}/repos/${store.owner}/${store.name}`;
}

export function repoHtml(store: Store): string {
  return `${HTML}/${store.owner}/${store.name}`;
}

/** `minimal-repository`, the form embedded in workflow runs. */
export function minimalRepository(api: string, store: Store): Record<string, unknown> {
  return once(store, `repo:${api}`, () => buildMinimalRepository(api, store));
}

function buildMinimalRepository(api: string, store: Store): Record<string, unknown> {
  const url = repoApi(api, store);
  return {
    id: store.repositoryId,
    node_id: nodeId('Repository', store.repositoryId),
    name: store.name,
    full_name: store.fullName,
    private: true,
    owner: owner(api, store),
    html_url: repoHtml(store),
    description: null,
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    hooks_url: `${url}/hooks`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
  };
}

/** `full-repository` (GET /repos/{owner}/{repo}). */
export function fullRepository(api: string, store: Store): Record<string, unknown> {
  const openIssues = store.issues.filter((i) => !i.closedAt).length + store.pullRequestList.filter((p) => !p.closedAt).length;
  const headSha = store.branches.get(store.defaultBranch);
  const pushedAt = (headSha && store.commits.get(headSha)?.committedAt) ?? store.createdAt;
  return {
    ...minimalRepository(api, store),
    git_url: `git://github.com/${store.fullName}.git`,
    ssh_url: `git@github.com:${store.fullName}.git`,
    clone_url: `${repoHtml(store)}.git`,
    svn_url: repoHtml(store),
    mirror_url: null,
    homepage: null,
    language: 'TypeScript',
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 100 + (store.repositoryId % 5000),
    default_branch: store.defaultBranch,
    open_issues: openIssues,
    open_issues_count: openIssues,
    is_template: false,
    topics: [...store.topics],
    has_issues: true,
    has_projects: true,
    has_wiki: false,
    has_pages: false,
    has_discussions: false,
    has_downloads: true,
    archived: false,
    disabled: false,
    visibility: 'private',
    license: null,
    allow_forking: false,
    web_commit_signoff_required: false,
    pushed_at: pushedAt,
    created_at: store.createdAt,
    updated_at: lastActivity(store.createdAt, pushedAt),
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    network_count: 0,
    subscribers_count: 1,
    organization: owner(api, store),
  };
}

export function workflowFile(workflow: DatasetWorkflow): string {
  return workflow.path.split('/').pop() ?? workflow.path;
}

export function workflowJson(api: string, store: Store, workflow: DatasetWorkflow): Record<string, unknown> {
  return {
    id: workflow.id,
    node_id: nodeId('Workflow', workflow.id),
    name: workflow.name,
    path: workflow.path,
    state: workflow.state ?? 'active',
    created_at: store.createdAt,
    updated_at: store.createdAt,
    url: `${repoApi(api, store)}/actions/workflows/${workflow.id}`,
    html_url: `${repoHtml(store)}/blob/${store.defaultBranch}/${workflow.path}`,
    badge_url: `${repoHtml(store)}/workflows/${encodeURIComponent(workflow.name)}/badge.svg`,
  };
}

/** A check suite id per run: the dataset has none, GitHub always has one. */
export const checkSuiteId = (run: DatasetWorkflowRun): number => numericId('check-suite', run.id);

/** PRs GitHub lists on a run: open-at-the-time PRs whose head branch the run built. */
function runPullRequests(api: string, store: Store, run: DatasetWorkflowRun): Record<string, unknown>[] {
  if (run.event !== 'pull_request' && run.event !== 'pull_request_target') return [];
  return store.pullRequestList
    .filter((pr) => pr.headRef === run.headBranch && (pr.commits ?? []).includes(run.headSha))
    .map((pr) => {
      const repo = { id: store.repositoryId, url: repoApi(api, store), name: store.name };
      const base = pr.baseRef ?? store.defaultBranch;
      return {
        id: numericId('pull', pr.number),
        number: pr.number,
        url: `${repoApi(api, store)}/pulls/${pr.number}`,
        head: { ref: pr.headRef ?? `pr-${pr.number}`, sha: run.headSha, repo },
        base: { ref: base, sha: store.branches.get(base) ?? run.headSha, repo },
      };
    });
}

export function workflowRunJson(
  api: string,
  store: Store,
  run: DatasetWorkflowRun,
  workflow: DatasetWorkflow | undefined,
  excludePullRequests: boolean,
): Record<string, unknown> {
  const repoUrl = repoApi(api, store);
  const url = `${repoUrl}/actions/runs/${run.id}`;
  const commit = store.commits.get(run.headSha);
  const message = commit?.message ?? '';
  const actor = run.actor ?? store.owner;
  const attempt = run.runAttempt ?? 1;
  const suite = checkSuiteId(run);
  const pullRequests = excludePullRequests ? [] : runPullRequests(api, store, run);
  const prTitle = pullRequests.length > 0 ? store.pullRequests.get(pullRequests[0]!.number as number)?.title : undefined;
  const status = run.status ?? 'completed';
  return {
    id: run.id,
    name: workflow?.name ?? null,
    node_id: nodeId('WorkflowRun', run.id),
    head_branch: run.headBranch ?? null,
    head_sha: run.headSha,
    path: workflow ? `${workflow.path}@${run.headBranch ?? store.defaultBranch}` : '',
    display_title: prTitle ?? (message.split('\n')[0] || workflow?.name || `Run ${run.id}`),
    run_number: run.runNumber ?? 1,
    run_attempt: attempt,
    event: run.event ?? 'push',
    status,
    conclusion: status === 'completed' ? (run.conclusion ?? null) : null,
    workflow_id: run.workflowId,
    check_suite_id: suite,
    check_suite_node_id: nodeId('CheckSuite', suite),
    url,
    html_url: `${repoHtml(store)}/actions/runs/${run.id}`,
    pull_requests: pullRequests,
    created_at: run.createdAt,
    updated_at: run.updatedAt ?? run.createdAt,
    actor: sharedUser(api, store, actor),
    triggering_actor: sharedUser(api, store, actor),
    run_started_at: run.runStartedAt ?? run.createdAt,
    referenced_workflows: [],
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${repoUrl}/check-suites/${suite}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: attempt > 1 ? `${url}/attempts/${attempt - 1}` : null,
    workflow_url: `${repoUrl}/actions/workflows/${run.workflowId}`,
    head_commit: {
      id: run.headSha,
      tree_id: fakeSha('tree', run.headSha),
      message,
      timestamp: commit?.committedAt ?? run.createdAt,
      author: gitIdentity(commit?.author ?? null),
      committer: gitIdentity(commit?.author ?? null),
    },
    repository: minimalRepository(api, store),
    head_repository: minimalRepository(api, store),
  };
}

export interface Environment {
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Environments exist where deployments went: first deployment creates one, the last one touches it. */
export function environmentsOf(store: Store): Environment[] {
  const byName = new Map<string, { createdAt: string; updatedAt: string }>();
  for (const d of store.deployments) {
    const name = d.environment ?? 'production';
    const env = byName.get(name);
    if (!env) byName.set(name, { createdAt: d.createdAt, updatedAt: d.createdAt });
    else env.updatedAt = lastActivity(env.updatedAt, d.createdAt);
  }
  return [...byName].map(([name, t]) => ({ name, ...t })).sort((a, b) => a.name.localeCompare(b.name));
}

export function environmentJson(api: string, store: Store, env: Environment): Record<string, unknown> {
  const id = numericId('environment', `${store.fullName}:${env.name}`);
  return {
    id,
    node_id: nodeId('Environment', id),
    name: env.name,
    url: `${repoApi(api, store)}/environments/${encodeURIComponent(env.name)}`,
    html_url: `${repoHtml(store)}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    created_at: env.createdAt,
    updated_at: env.updatedAt,
    protection_rules: [],
    deployment_branch_policy: null,
  };
}

export function releaseJson(api: string, store: Store, release: DatasetRelease): Record<string, unknown> {
  const url = `${repoApi(api, store)}/releases/${release.id}`;
  const author = release.author ?? store.owner;
  return {
    url,
    html_url: `${repoHtml(store)}/releases/tag/${encodeURIComponent(release.tagName)}`,
    assets_url: `${url}/assets`,
    upload_url: `https://uploads.github.com/repos/${store.fullName}/releases/${release.id}/assets{?name,label}`,
    tarball_url: `${repoApi(api, store)}/tarball/${encodeURIComponent(release.tagName)}`,
    zipball_url: `${repoApi(api, store)}/zipball/${encodeURIComponent(release.tagName)}`,
    id: release.id,
    node_id: nodeId('Release', release.id),
    tag_name: release.tagName,
    target_commitish: release.targetSha ?? store.defaultBranch,
    name: release.name ?? release.tagName,
    body: '',
    draft: release.draft ?? false,
    prerelease: release.prerelease ?? false,
    immutable: false,
    created_at: release.createdAt,
    published_at: release.draft ? null : (release.publishedAt ?? release.createdAt),
    updated_at: release.publishedAt ?? release.createdAt,
    author: simpleUser(api, author),
    assets: [],
  };
}

export function deploymentJson(api: string, store: Store, d: DatasetDeployment): Record<string, unknown> {
  const url = `${repoApi(api, store)}/deployments/${d.id}`;
  const environment = d.environment ?? 'production';
  const statuses = d.statuses ?? [];
  return {
    url,
    id: d.id,
    // GitHub's new-format id, the same as GraphQL's Deployment.id.
    node_id: deploymentNodeId(store.repositoryId, d.id),
    sha: d.sha,
    ref: d.ref ?? d.sha,
    task: 'deploy',
    payload: {},
    original_environment: environment,
    environment,
    description: null,
    creator: simpleUser(api, d.creator ?? store.owner),
    created_at: d.createdAt,
    updated_at: lastActivity(d.createdAt, ...statuses.map((s) => s.createdAt)),
    statuses_url: `${url}/statuses`,
    repository_url: repoApi(api, store),
    transient_environment: false,
    production_environment: environment === 'production',
  };
}

/** Deployment status ids: stable per deployment and position. */
export const deploymentStatusId = (d: DatasetDeployment, index: number): number => numericId('deployment-status', `${d.id}:${index}`);

export function deploymentStatusJson(
  api: string,
  store: Store,
  d: DatasetDeployment,
  status: DatasetDeploymentStatus,
  index: number,
): Record<string, unknown> {
  const id = deploymentStatusId(d, index);
  const depUrl = `${repoApi(api, store)}/deployments/${d.id}`;
  const environment = d.environment ?? 'production';
  return {
    url: `${depUrl}/statuses/${id}`,
    id,
    node_id: deploymentStatusNodeId(store.repositoryId, id),
    state: status.state,
    creator: simpleUser(api, d.creator ?? store.owner),
    description: '',
    environment,
    // GitHub sends "" when a deployer set no URL, though its schema types these `uri`; the
    // environment's activity page keeps the payload valid and plausible.
    target_url: `${repoHtml(store)}/deployments/${encodeURIComponent(environment)}`,
    log_url: `${repoHtml(store)}/deployments/${encodeURIComponent(environment)}`,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    deployment_url: depUrl,
    repository_url: repoApi(api, store),
  };
}

function labelJson(api: string, store: Store, name: string): Record<string, unknown> {
  const id = numericId('label', `${store.fullName}:${name}`);
  return {
    id,
    node_id: nodeId('Label', id),
    url: `${repoApi(api, store)}/labels/${encodeURIComponent(name)}`,
    name,
    color: (id % 0xffffff).toString(16).padStart(6, '0'),
    default: false,
    description: null,
  };
}

/** An issue, or a pull request in the issues listing (then with its `pull_request` key). */
export function issueJson(api: string, store: Store, item: DatasetIssue | DatasetPullRequest, isPull: boolean): Record<string, unknown> {
  const repoUrl = repoApi(api, store);
  const url = `${repoUrl}/issues/${item.number}`;
  const closedAt = item.closedAt ?? null;
  const author = item.author ?? 'ghost';
  const pr = isPull ? (item as DatasetPullRequest) : null;
  const updatedAt = pr ? pullRequestUpdatedAt(pr) : lastActivity(item.createdAt, closedAt);
  return {
    id: numericId(isPull ? 'pull-issue' : 'issue', item.number),
    node_id: nodeId(isPull ? 'PullRequest' : 'Issue', item.number),
    url,
    repository_url: repoUrl,
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${repoHtml(store)}/${isPull ? 'pull' : 'issues'}/${item.number}`,
    number: item.number,
    state: closedAt ? 'closed' : 'open',
    state_reason: closedAt && !isPull ? 'completed' : null,
    title: item.title ?? `#${item.number}`,
    body: null,
    user: simpleUser(api, author),
    labels: (item.labels ?? []).map((l) => labelJson(api, store, l)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: 0,
    ...(pr
      ? {
          pull_request: {
            url: `${repoUrl}/pulls/${pr.number}`,
            html_url: `${repoHtml(store)}/pull/${pr.number}`,
            diff_url: `${repoHtml(store)}/pull/${pr.number}.diff`,
            patch_url: `${repoHtml(store)}/pull/${pr.number}.patch`,
            merged_at: pr.mergedAt ?? null,
          },
          draft: pr.draft ?? false,
        }
      : {}),
    closed_at: closedAt,
    created_at: item.createdAt,
    updated_at: updatedAt,
    closed_by: null,
    author_association: 'MEMBER',
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    reactions: {
      url: `${url}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
  };
}

/** GitHub bumps a PR's updated_at on every event; the dataset's events are open, close, merge and reviews. */
export function pullRequestUpdatedAt(pr: DatasetPullRequest): string {
  return lastActivity(pr.createdAt, pr.closedAt, pr.mergedAt, ...(pr.reviews ?? []).map((r) => r.submittedAt));
}

export function rateLimitJson(resources: Record<string, { limit: number; used: number; reset: number }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, r] of Object.entries(resources)) {
    out[name] = { limit: r.limit, used: r.used, remaining: Math.max(0, r.limit - r.used), reset: r.reset };
  }
  return { resources: out, rate: out.core };
}

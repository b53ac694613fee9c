/**
 * REST routes over the dataset, keyed by the OpenAPI operationId the request matched. Requests
 * reach here already validated against GitHub's parameter schemas (openapi.ts).
 */
import type { DatasetIssue, DatasetPullRequest, DatasetWorkflowRun, Store } from './dataset.js';
import {
  checkSuiteId,
  deploymentJson,
  deploymentStatusJson,
  environmentJson,
  environmentsOf,
  fullRepository,
  issueJson,
  pullRequestUpdatedAt,
  releaseJson,
  workflowFile,
  workflowJson,
  workflowRunJson,
} from './rest-objects.js';
import { type RestRequest, type RestResponse, notFound, paginate, str } from './rest-common.js';
import { gitHandlers } from './rest-git.js';
import { inRange, parseSearchDateRange } from './search-dates.js';

export { notFound, type RestRequest, type RestResponse } from './rest-common.js';

/** `status` filters on status or conclusion: GitHub accepts both in the one parameter. */
const RUN_STATUSES = new Set(['queued', 'in_progress', 'completed', 'requested', 'waiting', 'pending']);

/** Filters that make GitHub serve at most 1,000 workflow runs per query (its search backend cap). */
const CAPPING_RUN_FILTERS = ['actor', 'branch', 'check_suite_id', 'created', 'event', 'head_sha', 'status'];
const RUN_SEARCH_CAP = 1000;

function listRuns(store: Store, req: RestRequest, workflowId: number | null): RestResponse {
  const p = req.params;
  const created = str(p.created) ? parseSearchDateRange(p.created as string) : null;
  const status = str(p.status);
  const runs = store.workflowRuns.filter((run: DatasetWorkflowRun) => {
    if (workflowId !== null && run.workflowId !== workflowId) return false;
    if (str(p.branch) && run.headBranch !== p.branch) return false;
    if (str(p.event) && (run.event ?? 'push') !== p.event) return false;
    if (str(p.actor) && run.actor !== p.actor) return false;
    if (str(p.head_sha) && run.headSha !== p.head_sha) return false;
    if (typeof p.check_suite_id === 'number' && checkSuiteId(run) !== p.check_suite_id) return false;
    if (status) {
      const runStatus = run.status ?? 'completed';
      if (RUN_STATUSES.has(status) ? runStatus !== status : runStatus !== 'completed' || run.conclusion !== status) return false;
    }
    if (created && !inRange(created, Date.parse(run.createdAt))) return false;
    return true;
  });
  const capped = CAPPING_RUN_FILTERS.some((name) => p[name] !== undefined && p[name] !== '');
  const { page, headers } = paginate(req, runs, capped ? RUN_SEARCH_CAP : runs.length);
  const workflows = new Map(store.workflows.map((w) => [w.id, w]));
  const exclude = p.exclude_pull_requests === true;
  return {
    status: 200,
    headers,
    body: {
      total_count: runs.length,
      workflow_runs: page.map((run) => workflowRunJson(req.api, store, run, workflows.get(run.workflowId), exclude)),
    },
  };
}

/** `workflow_id` is the numeric id or the file name ("deploy.yml"), as GitHub accepts both. */
function findWorkflow(store: Store, id: unknown) {
  return store.workflows.find((w) => (typeof id === 'number' ? w.id === id : workflowFile(w) === id || w.path === id));
}

function listIssues(store: Store, req: RestRequest): RestResponse {
  const p = req.params;
  const state = str(p.state) ?? 'open';
  const labels =
    str(p.labels)
      ?.split(',')
      .map((l) => l.trim())
      .filter(Boolean) ?? [];
  const since = str(p.since) ? Date.parse(p.since as string) : null;
  const sort = str(p.sort) ?? 'created';
  const direction = str(p.direction) ?? 'desc';
  const creator = str(p.creator);
  // The dataset has no assignees, milestones, mentions or issue types: filters asking for "none"
  // match everything, filters asking for any value match nothing.
  const none = (v: unknown) => v === undefined || v === '' || v === 'none';
  const emptyFilter =
    !none(p.assignee) || !none(p.milestone) || !none(p.type) || str(p.mentioned) !== undefined || str(p.issue_field_values) !== undefined;
  type Item = { item: DatasetIssue | DatasetPullRequest; isPull: boolean; updatedAt: string };
  const all: Item[] = [
    ...store.issues.map((i) => ({ item: i, isPull: false, updatedAt: issueUpdatedAt(i) })),
    ...store.pullRequestList.map((pr) => ({ item: pr, isPull: true, updatedAt: pullRequestUpdatedAt(pr) })),
  ];
  const items = emptyFilter
    ? []
    : all.filter(({ item, updatedAt }) => {
        const closed = Boolean(item.closedAt);
        if (state === 'open' && closed) return false;
        if (state === 'closed' && !closed) return false;
        // `labels` is "all of them", as GitHub's comma-separated list means.
        if (labels.some((l) => !(item.labels ?? []).some((have) => have.toLowerCase() === l.toLowerCase()))) return false;
        if (since !== null && Date.parse(updatedAt) < since) return false;
        if (creator && item.author !== creator) return false;
        return true;
      });
  const key = (i: Item): number => (sort === 'updated' ? Date.parse(i.updatedAt) : sort === 'comments' ? 0 : Date.parse(i.item.createdAt));
  items.sort((a, b) => (key(a) - key(b) || a.item.number - b.item.number) * (direction === 'asc' ? 1 : -1));
  const { page, headers } = paginate(req, items);
  return { status: 200, headers, body: page.map(({ item, isPull }) => issueJson(req.api, store, item, isPull)) };
}

const issueUpdatedAt = (i: DatasetIssue): string =>
  i.closedAt && Date.parse(i.closedAt) > Date.parse(i.createdAt) ? i.closedAt : i.createdAt;

type Handler = (store: Store, req: RestRequest) => RestResponse;

const handlers: Record<string, Handler> = {
  'repos/get': (store, req) => ({ status: 200, body: fullRepository(req.api, store) }),

  'actions/list-repo-workflows': (store, req) => {
    const { page, headers } = paginate(req, store.workflows);
    return {
      status: 200,
      headers,
      body: { total_count: store.workflows.length, workflows: page.map((w) => workflowJson(req.api, store, w)) },
    };
  },

  'actions/get-workflow': (store, req) => {
    const w = findWorkflow(store, req.params.workflow_id);
    return w ? { status: 200, body: workflowJson(req.api, store, w) } : notFound(req.operation.documentationUrl);
  },

  'actions/list-workflow-runs-for-repo': (store, req) => listRuns(store, req, null),

  'actions/list-workflow-runs': (store, req) => {
    const w = findWorkflow(store, req.params.workflow_id);
    return w ? listRuns(store, req, w.id) : notFound(req.operation.documentationUrl);
  },

  'actions/get-workflow-run': (store, req) => {
    const run = store.workflowRuns.find((r) => r.id === req.params.run_id);
    if (!run) return notFound(req.operation.documentationUrl);
    const w = store.workflows.find((x) => x.id === run.workflowId);
    return { status: 200, body: workflowRunJson(req.api, store, run, w, req.params.exclude_pull_requests === true) };
  },

  'repos/get-all-environments': (store, req) => {
    const envs = environmentsOf(store);
    const { page, headers } = paginate(req, envs);
    return { status: 200, headers, body: { total_count: envs.length, environments: page.map((e) => environmentJson(req.api, store, e)) } };
  },

  'repos/get-environment': (store, req) => {
    const env = environmentsOf(store).find((e) => e.name === req.params.environment_name);
    return env ? { status: 200, body: environmentJson(req.api, store, env) } : notFound(req.operation.documentationUrl);
  },

  'repos/list-releases': (store, req) => {
    const newestFirst = [...store.releases].reverse();
    const { page, headers } = paginate(req, newestFirst);
    return { status: 200, headers, body: page.map((r) => releaseJson(req.api, store, r)) };
  },

  'repos/get-release': (store, req) => {
    const r = store.releases.find((x) => x.id === req.params.release_id);
    return r ? { status: 200, body: releaseJson(req.api, store, r) } : notFound(req.operation.documentationUrl);
  },

  'repos/get-latest-release': (store, req) => {
    const r = store.releases.find((x) => x.id === store.latestReleaseId);
    return r ? { status: 200, body: releaseJson(req.api, store, r) } : notFound(req.operation.documentationUrl);
  },

  'repos/get-release-by-tag': (store, req) => {
    const r = store.releases.find((x) => x.tagName === req.params.tag);
    return r ? { status: 200, body: releaseJson(req.api, store, r) } : notFound(req.operation.documentationUrl);
  },

  'repos/list-deployments': (store, req) => {
    const p = req.params;
    const list = store.deployments
      .filter(
        (d) =>
          (!str(p.sha) || d.sha === p.sha) &&
          (!str(p.ref) || (d.ref ?? d.sha) === p.ref) &&
          (!str(p.task) || p.task === 'deploy') &&
          (!str(p.environment) || (d.environment ?? 'production') === p.environment),
      )
      .reverse();
    const { page, headers } = paginate(req, list);
    return { status: 200, headers, body: page.map((d) => deploymentJson(req.api, store, d)) };
  },

  'repos/get-deployment': (store, req) => {
    const d = store.deployments.find((x) => x.id === req.params.deployment_id);
    return d ? { status: 200, body: deploymentJson(req.api, store, d) } : notFound(req.operation.documentationUrl);
  },

  'repos/list-deployment-statuses': (store, req) => {
    const d = store.deployments.find((x) => x.id === req.params.deployment_id);
    if (!d) return notFound(req.operation.documentationUrl);
    // The dataset lists statuses oldest first; GitHub serves them newest first.
    const statuses = (d.statuses ?? []).map((s, i) => ({ s, i })).reverse();
    const { page, headers } = paginate(req, statuses);
    return { status: 200, headers, body: page.map(({ s, i }) => deploymentStatusJson(req.api, store, d, s, i)) };
  },

  'issues/list-for-repo': listIssues,

  'issues/get': (store, req) => {
    const n = req.params.issue_number;
    const issue = store.issues.find((i) => i.number === n);
    if (issue) return { status: 200, body: issueJson(req.api, store, issue, false) };
    const pr = typeof n === 'number' ? store.pullRequests.get(n) : undefined;
    return pr ? { status: 200, body: issueJson(req.api, store, pr, true) } : notFound(req.operation.documentationUrl);
  },

  ...gitHandlers,
};

export const implementedOperations = (): string[] => Object.keys(handlers);

/** Serve a validated REST request; `null` when the operation is valid on GitHub but not emulated. */
export function handleRest(store: Store, req: RestRequest): RestResponse | null {
  const handler = handlers[req.operation.operationId];
  if (!handler) return null;
  const { owner, repo } = req.params;
  if (typeof owner === 'string' && typeof repo === 'string') {
    // GitHub resolves owner and repository names case-insensitively.
    if (owner.toLowerCase() !== store.owner.toLowerCase() || repo.toLowerCase() !== store.name.toLowerCase()) {
      return notFound(req.operation.documentationUrl);
    }
  }
  return handler(store, req);
}

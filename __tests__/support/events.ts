/**
 * Real webhook payloads (@octokit/webhooks-examples, the examples GitHub's docs show) adapted to a
 * dataset, for running dist/index.js as a workflow triggered by that event would.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './run-action.js';

interface WebhookExamples {
  name: string;
  examples: Record<string, any>[];
}

let cache: WebhookExamples[] | null = null;

function examples(): WebhookExamples[] {
  cache ??= JSON.parse(
    fs.readFileSync(path.join(ROOT, 'node_modules/@octokit/webhooks-examples/api.github.com/index.json'), 'utf8'),
  ) as WebhookExamples[];
  return cache;
}

/** A deep copy of the first example of `event` with `action` (any action when undefined). */
export function webhookExample(event: string, action?: string): Record<string, any> {
  const group = examples().find((e) => e.name === event);
  if (!group) throw new Error(`@octokit/webhooks-examples has no ${event} examples`);
  const example = group.examples.find((e) => action === undefined || e.action === action);
  if (!example) throw new Error(`@octokit/webhooks-examples has no ${event}.${action} example`);
  return structuredClone(example);
}

/** The example's repository object renamed to the dataset's repository. */
function withRepository(payload: Record<string, any>, owner: string, name: string): Record<string, any> {
  if (payload.repository) {
    payload.repository.name = name;
    payload.repository.full_name = `${owner}/${name}`;
    if (payload.repository.owner) payload.repository.owner.login = owner;
    payload.repository.default_branch = 'main';
  }
  return payload;
}

export interface DatasetPullRequestLike {
  number: number;
  title: string;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  baseRef: string;
  headRef: string;
}

/** `pull_request` `closed` with the dataset's PR, merged. */
export function pullRequestClosedPayload(owner: string, name: string, pr: DatasetPullRequestLike): Record<string, any> {
  const payload = withRepository(webhookExample('pull_request', 'closed'), owner, name);
  payload.number = pr.number;
  Object.assign(payload.pull_request, {
    number: pr.number,
    title: pr.title,
    state: 'closed',
    merged: true,
    merged_at: pr.mergedAt,
    closed_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
  });
  payload.pull_request.base.ref = pr.baseRef;
  payload.pull_request.head.ref = pr.headRef;
  return payload;
}

/** `release` `published` with the dataset's release. */
export function releasePublishedPayload(
  owner: string,
  name: string,
  release: { tagName: string; name: string | null; publishedAt: string | null },
): Record<string, any> {
  const payload = withRepository(webhookExample('release', 'published'), owner, name);
  Object.assign(payload.release, {
    tag_name: release.tagName,
    name: release.name,
    published_at: release.publishedAt,
    target_commitish: 'main',
    draft: false,
    prerelease: false,
  });
  return payload;
}

/** `push` to refs/heads/<branch> ending at `after`. */
export function pushPayload(owner: string, name: string, branch: string, after: string): Record<string, any> {
  const group = examples().find((e) => e.name === 'push')!;
  const example = group.examples.find((e) => String(e.ref).startsWith('refs/heads/')) ?? group.examples[0]!;
  const payload = withRepository(structuredClone(example), owner, name);
  payload.ref = `refs/heads/${branch}`;
  payload.after = after;
  if (payload.head_commit) payload.head_commit.id = after;
  return payload;
}

/** What GitHub puts in the event file of a scheduled run: the cron line and the repository. */
export function schedulePayload(owner: string, name: string): Record<string, any> {
  const repository = withRepository({ repository: webhookExample('push').repository }, owner, name).repository;
  return { schedule: '0 6 * * 1', repository };
}

/** The summary's "Triggered by" section: from its heading to the next heading or details block. */
export function triggerSection(summary: string): string {
  const start = summary.indexOf('### Triggered by');
  if (start < 0) return '';
  const rest = summary.slice(start + 1);
  const ends = [rest.search(/\n#{2,3} /), rest.indexOf('\n<details>'), rest.indexOf('\n<sub>')].filter((i) => i >= 0);
  return summary.slice(start, start + 1 + (ends.length > 0 ? Math.min(...ends) : rest.length)).trim();
}

/**
 * The step outputs hold numbers, enums, empty strings and text of the action's own only (plus
 * `report-path`): a metric's form for people (`2.2/day`, `1d 15h`, `21.5`) and `summary-line`, which keeps
 * to characters no shell treats specially inside double quotes.
 */
export const OUTPUT_VALUE = {
  number: /^(?:0|[1-9]\d*)(?:\.\d+)?(?:e-?\d+)?$/,
  text: /^(?:|[\d.,]+(?:\/day|\/week|\/month)?|\d+[smhd](?: \d+[smhd])?)$/,
  line: /^[A-Za-z0-9 _.,:/%()-]+\.$/,
  tier: /^(?:elite|high|medium|low)?$/,
  source: /^(?:workflow|deployments|releases|merges)$/,
  boolean: /^(?:true|false)$/,
};

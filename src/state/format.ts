/**
 * The state one run keeps for the next (incremental runs): the records the collectors read, as
 * they produce them, with what says which of them may still change. Versioned; an entry of
 * another format, repository, branch, source or source-shaping inputs is never used.
 */
import { errorText } from '../errors.js';
import { z } from 'zod';
import type { DeploymentRecord } from '../dora/model.js';
import type { HistoryCommit } from '../github/commits.js';
import type { ListedPullRequest } from '../github/pull-requests.js';
import type { Listing } from '../github/listing.js';
import type { ListedRun, RunsKept } from '../github/sources/workflow.js';
import type { OutsideKept } from '../github/outside.js';

export const STATE_FORMAT = 'dora-state/1';

export interface DoraState {
  readonly format: typeof STATE_FORMAT;
  /** owner/name, lower case (GitHub resolves names case-insensitively). */
  readonly repository: string;
  readonly branch: string;
  /** The `deployment-source` input (`auto` or a source). */
  readonly source: string;
  /** The inputs that shape which records are read (see `sourceKey`). */
  readonly sourceKey: string;
  /** Wall clock when the state was built, ISO 8601. */
  readonly savedAt: string;
  /**
   * The reads' clock: the window end, or the wall clock when earlier. Records created since
   * `asOf` less a slack (a day for deployments, 7 for runs) or not final then are re-read.
   */
  readonly asOf: number;
  /** The window the state was read for (information; coverage is checked list by list). */
  readonly window: { readonly until: number; readonly days: number };
  readonly records: StateRecords;
}

/**
 * Each list newest first as the API lists it, cut where the metrics stop needing it. Releases,
 * incidents, environments and the workflow list are small and re-read every run.
 */
export interface StateRecords {
  /** The production branch's history back to the baseline deployment's commit. */
  readonly history?: Listing<HistoryCommit>;
  /** Pull requests merged into the branch by last update; `updatedAt` of the first is the high-water mark. */
  readonly pullRequests?: Listing<ListedPullRequest>;
  /** GitHub Deployments to the environments named (deployments source). */
  readonly deployments?: { readonly environments: readonly string[]; readonly listing: Listing<DeploymentRecord> };
  /** Completed runs of each deploy workflow, by workflow id (workflow source; failed runs derive from them). */
  readonly workflowRuns?: Readonly<Record<string, RunsKept>>;
  /** What comparisons and lookups taught about commits outside the history read (src/github/outside.ts). */
  readonly outside?: OutsideKept;
}

/** What shapes the records read beyond repository, branch and source; another value means another state. */
export function sourceKey(config: {
  readonly workflows: readonly string[];
  readonly environment: RegExp;
  readonly includePrereleases: boolean;
}): string {
  return JSON.stringify({
    workflows: [...config.workflows].map((w) => w.toLowerCase()).sort(),
    environment: config.environment.source,
    includePrereleases: config.includePrereleases,
  });
}

/** What a state must match to be used. */
export interface StateIdentity {
  readonly repository: string;
  readonly branch: string;
  readonly source: string;
  readonly sourceKey: string;
}

const millis = z.number().finite();
const listing = <T extends z.ZodType>(node: T) =>
  z.object({ nodes: z.array(node), reachedEnd: z.boolean(), olderCount: z.number().int().nonnegative().optional() });

// Loose objects: a field the collectors add later is kept, not silently dropped.
const commit = z.looseObject({
  sha: z.string(),
  parents: z.array(z.string()),
  authoredAt: millis,
  message: z.string(),
  author: z.string().nullable(),
  pullRequests: z.array(z.number()),
  committedAt: millis,
});

const pullRequest = z.looseObject({
  number: z.number(),
  title: z.string(),
  author: z.string().nullable(),
  headRef: z.string(),
  labels: z.array(z.string()),
  createdAt: millis,
  mergedAt: millis,
  mergeCommitSha: z.string(),
  commits: z.array(z.looseObject({ sha: z.string(), authoredAt: millis, message: z.string() })),
  url: z.string().optional(),
  reviews: z.array(z.looseObject({ author: z.string().nullable(), state: z.string(), submittedAt: millis })).optional(),
  size: z.looseObject({ additions: z.number(), deletions: z.number(), changedFiles: z.number() }).optional(),
  updatedAt: millis,
  commitsAfter: z.string().nullable(),
});

const deployment = z.looseObject({
  id: z.union([z.string(), z.number()]),
  databaseId: z.string().optional(),
  sha: z.string(),
  ref: z.string().nullable(),
  environment: z.string(),
  createdAt: millis,
  statuses: z.array(z.looseObject({ state: z.string(), createdAt: millis })),
  url: z.string().optional(),
});

const run = z.looseObject({
  id: z.number(),
  workflowId: z.number(),
  workflowName: z.string(),
  runNumber: z.number(),
  runAttempt: z.number(),
  event: z.string(),
  headBranch: z.string().nullable(),
  headSha: z.string(),
  status: z.string(),
  conclusion: z.string().nullable(),
  updatedAt: millis,
  url: z.string().optional(),
  createdAt: millis,
});

const runsKept = z.object({
  from: millis,
  to: millis,
  asOf: millis,
  runs: z.array(run),
  older: z.object({ before: millis, runs: z.array(run) }).nullable(),
});

const stateSchema = z.object({
  format: z.literal(STATE_FORMAT),
  repository: z.string(),
  branch: z.string(),
  source: z.string(),
  sourceKey: z.string(),
  savedAt: z.string(),
  asOf: millis,
  window: z.object({ until: millis, days: z.number() }),
  records: z.object({
    history: listing(commit).optional(),
    pullRequests: listing(pullRequest).optional(),
    deployments: z.object({ environments: z.array(z.string()), listing: listing(deployment) }).optional(),
    workflowRuns: z.record(z.string(), runsKept).optional(),
    outside: z
      .object({
        commits: z.record(
          z.string(),
          z.discriminatedUnion('kind', [
            z.object({ kind: z.literal('on-branch') }),
            z.object({ kind: z.literal('unrelated') }),
            z.object({ kind: z.literal('other'), commits: z.array(commit.omit({ committedAt: true })), mergeBase: z.string() }),
          ]),
        ),
        between: z.record(
          z.string(),
          z.object({
            status: z.enum(['identical', 'ahead', 'behind', 'diverged', 'unrelated']),
            commits: z.array(commit.omit({ committedAt: true })),
          }),
        ),
        revertRefs: z.record(z.string(), z.string()),
        carried: z.record(z.string(), z.array(z.number().int())).optional(),
        merged: z
          .record(
            z.string(),
            z.object({
              status: z.enum(['identical', 'ahead', 'behind', 'diverged', 'unrelated']),
              commits: z.array(commit.omit({ committedAt: true })),
            }),
          )
          .optional(),
      })
      .optional(),
  }),
});

/**
 * The state in `text` if it is one this run may use; otherwise why not, in words for the log
 * (corrupt, an old or unknown format, or another repository, branch, source or inputs).
 */
export function parseState(text: string, expected: StateIdentity): { state: DoraState } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { problem: `corrupt (not JSON: ${errorText(error)})` };
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== STATE_FORMAT) {
    return {
      problem: `of ${typeof format === 'string' ? `format ${JSON.stringify(format.slice(0, 40))}` : 'no known format'}, not ${STATE_FORMAT}`,
    };
  }
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `corrupt (${issue ? `${issue.path.join('.') || 'state'}: ${issue.message}` : 'invalid'})` };
  }
  const state = parsed.data as unknown as DoraState;
  for (const field of ['repository', 'branch', 'source'] as const) {
    if (state[field] !== expected[field]) {
      return {
        problem: `for another ${field}: ${JSON.stringify(state[field]).slice(0, 120)}, not ${JSON.stringify(expected[field]).slice(0, 120)}`,
      };
    }
  }
  if (state.sourceKey !== expected.sourceKey) {
    return {
      problem: `saved with other \`workflows\`, \`environment\` or \`include-prereleases\` inputs (${state.sourceKey.slice(0, 160)})`,
    };
  }
  return { state };
}

/** Where the collectors find the kept state and leave the next one. */
export interface StateSlot {
  /** The state an earlier run kept for this branch, checked; null when there is none or it is unusable (logged). */
  load(branch: string): Promise<DoraState | null>;
  /** The state to save once the report is written. */
  keep(state: DoraState): void;
  /** Where the collectors say what they read incrementally. */
  log?(message: string): void;
}

export type { ListedRun };

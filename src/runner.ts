/**
 * The runner's environment, read once at the start of a run (GITHUB_* variables and the event that
 * triggered it) and passed down, so nothing below main.ts reads process.env for it. (The toolkit's
 * packages, @actions/core, cache and artifact, still read what they need themselves.)
 */
import * as os from 'node:os';
import { context } from '@actions/github';

/** What triggered the run: a merged PR's run shows its own lead time, a release's what it shipped. */
export interface Trigger {
  readonly event: string;
  readonly pullRequest: number | null;
  readonly releaseTag: string | null;
  readonly sha: string | null;
}

export interface RunnerEnvironment {
  /** GITHUB_API_URL without trailing slashes; https://api.github.com outside Actions. */
  readonly apiUrl: string;
  /** GITHUB_GRAPHQL_URL, or the one GitHub (Enterprise Server) serves beside `apiUrl`. */
  readonly graphqlUrl: string;
  /** GITHUB_SERVER_URL; https://github.com outside Actions. */
  readonly serverUrl: string;
  /** GITHUB_RUN_ID, as given (undefined outside Actions). */
  readonly runId: string | undefined;
  /** GITHUB_REPOSITORY, as given: the repository the workflow runs in. */
  readonly repository: string | undefined;
  /** RUNNER_TEMP, or the system's temporary directory outside Actions. */
  readonly tempDir: string;
  /** GITHUB_STEP_SUMMARY: the job summary's file, as given (undefined outside Actions). */
  readonly stepSummary: string | undefined;
  /** ACTIONS_RUNTIME_TOKEN is set: the runner's services (artifacts, cache) can be reached. */
  readonly actionsRuntime: boolean;
  readonly trigger: Trigger;
}

/** The event payload and names @actions/github read from the runner (GITHUB_EVENT_PATH, GITHUB_SHA…). */
interface EventContext {
  readonly eventName: string | undefined;
  readonly sha: string | undefined;
  readonly payload: unknown;
}

export function runnerEnvironment(env: NodeJS.ProcessEnv = process.env, event: EventContext = context): RunnerEnvironment {
  const apiUrl = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  return {
    apiUrl,
    graphqlUrl: env.GITHUB_GRAPHQL_URL ?? `${apiUrl.replace(/\/api\/v3$/, '/api')}/graphql`,
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    runId: env.GITHUB_RUN_ID,
    repository: env.GITHUB_REPOSITORY,
    tempDir: env.RUNNER_TEMP ?? os.tmpdir(),
    stepSummary: env.GITHUB_STEP_SUMMARY,
    actionsRuntime: Boolean(env.ACTIONS_RUNTIME_TOKEN),
    trigger: triggerOf(event, env),
  };
}

function triggerOf(event: EventContext, env: NodeJS.ProcessEnv): Trigger {
  const payload = event.payload as {
    pull_request?: { number?: number; merged?: boolean };
    release?: { tag_name?: string };
  };
  // A pull request closed without merging is no change: the run shows the period report.
  const pullRequest = payload.pull_request?.merged === false ? null : (payload.pull_request?.number ?? null);
  return {
    event: event.eventName ?? env.GITHUB_EVENT_NAME ?? 'unknown',
    pullRequest,
    releaseTag: payload.release?.tag_name ?? null,
    sha: event.sha || null,
  };
}

import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { PermissionError, RateLimitError, NotFoundError, ActionError } from '../errors.js';

/** What the run cost, reported in the JSON and the summary. */
export interface ApiStats {
  requests: number;
  graphqlPoints: number;
  rateLimitRemaining: number | null;
}

export interface ClientOptions {
  token: string;
  /** GITHUB_API_URL: https://api.github.com, https://ghes.example/api/v3, or the emulator. */
  apiUrl: string;
  /** GITHUB_GRAPHQL_URL: https://api.github.com/graphql, https://ghes.example/api/graphql. */
  graphqlUrl: string;
  /** Total seconds the client may spend waiting on rate limits and retries. */
  maxWaitSeconds: number;
  log?: (message: string) => void;
}

export type Octokit = ReturnType<typeof getOctokit>;

export interface GitHubClient {
  readonly octokit: Octokit;
  readonly stats: ApiStats;
  /** Runs a GraphQL document; `rateLimit { cost remaining }` in it is accounted. */
  graphql<T>(query: string, variables: Record<string, unknown>): Promise<T>;
}

/** The fix to show when a request is refused for lack of a permission. */
const PERMISSION_FIX =
  'give the workflow read access, e.g. `permissions: { contents: read, actions: read, deployments: read, pull-requests: read, issues: read }`';

/**
 * Octokit with throttling (primary and secondary rate limits) and retries (5xx, network errors),
 * and request accounting: every HTTP request, retries included, passes through `countingFetch`.
 */
export function createClient(options: ClientOptions): GitHubClient {
  const stats: ApiStats = { requests: 0, graphqlPoints: 0, rateLimitRemaining: null };
  const log = options.log ?? (() => undefined);
  let waitedSeconds = 0;

  const countingFetch: typeof fetch = async (input, init) => {
    stats.requests += 1;
    const response = await fetch(input, init);
    const remaining = response.headers.get('x-ratelimit-remaining');
    if (remaining !== null && remaining !== '') stats.rateLimitRemaining = Number(remaining);
    return response;
  };

  /** Waits when the limit allows it within max-wait; otherwise gives up (the caller degrades). */
  const mayWait = (retryAfter: number, what: string, retryCount: number): boolean => {
    if (retryCount >= 3 || waitedSeconds + retryAfter > options.maxWaitSeconds) {
      log(`${what}: not waiting ${retryAfter}s more (max-wait ${options.maxWaitSeconds}s).`);
      return false;
    }
    waitedSeconds += retryAfter;
    log(`${what}: waiting ${retryAfter}s before retrying.`);
    return true;
  };

  const octokit = getOctokit(
    options.token,
    {
      baseUrl: options.apiUrl.replace(/\/+$/, ''),
      request: { fetch: countingFetch },
      throttle: {
        // The plugin spaces every GraphQL request 1 s apart, as GitHub asks of writes. Ours are
        // read-only queries of a few points each (GitHub's secondary limit for GraphQL is 2,000
        // points a minute), so they share a read-sized limiter: a few at once, lightly spaced.
        write: new Bottleneck.Group({ id: 'dora-graphql-reads', maxConcurrent: 4, minTime: 50 }),
        onRateLimit: (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
          mayWait(retryAfter, 'Primary rate limit reached', retryCount),
        onSecondaryRateLimit: (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
          mayWait(retryAfter, 'Secondary rate limit reached', retryCount),
      },
      retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
    },
    throttling,
    retry,
  );

  return {
    octokit,
    stats,
    async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
      // The object form takes `url` (GITHUB_GRAPHQL_URL) as a request option, not a variable.
      const data = await octokit.graphql<T & { rateLimit?: { cost: number; remaining: number } }>({
        query,
        url: options.graphqlUrl,
        ...variables,
      });
      if (data.rateLimit) {
        stats.graphqlPoints += data.rateLimit.cost;
        stats.rateLimitRemaining = data.rateLimit.remaining;
      }
      return data;
    },
  };
}

/** Turns an Octokit error into a typed error with the cause and the fix. */
export function explainRequestError(error: unknown, what: string): ActionError {
  const status = (error as { status?: number }).status;
  const message = error instanceof Error ? error.message : String(error);
  if (status === 401) {
    return new PermissionError(
      `GitHub refused the token while reading ${what} (401 Bad credentials).`,
      'check the `token` input: it must be a valid token for this repository',
      { cause: error },
    );
  }
  if (status === 403 && /rate limit/i.test(message)) {
    return new RateLimitError(
      `GitHub's rate limit stopped the action while reading ${what}.`,
      'run it less often, raise `max-wait`, or use a GitHub App token with its own limit',
      { cause: error },
    );
  }
  if (status === 403 || /Resource not accessible/i.test(message)) {
    return new PermissionError(`The token may not read ${what} (${message}).`, PERMISSION_FIX, {
      cause: error,
    });
  }
  if (status === 404) {
    return new NotFoundError(`GitHub found no ${what} (404).`, 'check the `repository`, `branch` and `workflows` inputs', {
      cause: error,
    });
  }
  return new ActionError(`Reading ${what} failed: ${message}`, undefined, { cause: error });
}

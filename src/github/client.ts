import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { ActionError, NotFoundError, PermissionError, RateLimitError, UnavailableError } from '../errors.js';

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
  /** A request still unanswered after this long is abandoned (and retried). */
  requestTimeoutSeconds: number;
  log?: (message: string) => void;
}

export type Octokit = ReturnType<typeof getOctokit>;

export interface GitHubClient {
  readonly octokit: Octokit;
  readonly stats: ApiStats;
  /** Runs a GraphQL document; `rateLimit { cost remaining }` in it is accounted. */
  graphql<T>(query: string, variables: Record<string, unknown>): Promise<T>;
}

/**
 * Octokit with throttling (primary and secondary rate limits) and retries (5xx, network errors),
 * and request accounting: every HTTP request, retries included, passes through `countingFetch`.
 */
export function createClient(options: ClientOptions): GitHubClient {
  const stats: ApiStats = { requests: 0, graphqlPoints: 0, rateLimitRemaining: null };
  const log = options.log ?? (() => undefined);
  let waitedSeconds = 0;

  /**
   * Every HTTP request, retries included, passes here: it is counted, bounded by the request
   * timeout, and a 200 whose JSON body is cut short or corrupt becomes a 502, so the retry plugin
   * tries again instead of the run failing on a parse error.
   */
  const countingFetch: typeof fetch = async (input, init) => {
    stats.requests += 1;
    const timeout = AbortSignal.timeout(options.requestTimeoutSeconds * 1000);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const response = await fetch(input, { ...init, signal });
    const remaining = response.headers.get('x-ratelimit-remaining');
    if (remaining !== null && remaining !== '') stats.rateLimitRemaining = Number(remaining);
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return response;
    // Read a clone: the original keeps its url and headers, which pagination relies on.
    const body = await response.clone().text();
    try {
      JSON.parse(body);
    } catch {
      log(`GitHub sent an unreadable JSON body (${body.length} bytes) for ${String(input)}; retrying.`);
      return new Response(JSON.stringify({ message: 'Unreadable JSON body from GitHub' }), {
        status: 502,
        headers: { 'content-type': 'application/json' },
      });
    }
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
      // Backoff is retryCount^2 x base: 1 s, 4 s, 9 s by default. A small max-wait shrinks it, so
      // the three retries of a 5xx never outlast what the user allowed.
      retry: {
        doNotRetry: [400, 401, 403, 404, 410, 422, 451],
        retryAfterBaseValue: Math.max(10, Math.min(1000, (options.maxWaitSeconds * 1000) / 30)),
      },
    },
    throttling,
    retry,
  );

  return {
    octokit,
    stats,
    async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
      // GraphQL errors beside partial data (200 with `errors`) are often passing: try twice more.
      for (let attempt = 0; ; attempt += 1) {
        try {
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
        } catch (error) {
          const types = graphqlErrorTypes(error);
          const passing = types !== null && !types.some((t) => FINAL_GRAPHQL_ERRORS.has(t));
          if (!passing || attempt >= 2) throw error;
          log(`GraphQL answered with errors (${types.join(', ') || 'no type'}); retrying.`);
        }
      }
    },
  };
}

/** GraphQL error types that retrying does not change. */
const FINAL_GRAPHQL_ERRORS = new Set(['FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED', 'INSUFFICIENT_SCOPES', 'UNAUTHORIZED']);

/** The `type`s of a GraphQL response's errors, or null when the error is not a GraphQL response. */
function graphqlErrorTypes(error: unknown): string[] | null {
  const errors = (error as { errors?: { type?: string }[] }).errors;
  if ((error as { name?: string }).name !== 'GraphqlResponseError' || !Array.isArray(errors)) return null;
  return errors.map((e) => e.type ?? '');
}

/**
 * Turns an Octokit error into a typed error with the cause and the fix. `permission` names the
 * `permissions:` entry the data needs. Rate limits come first: a secondary limit is a 403 too,
 * and reporting it as a missing permission sends users the wrong way.
 */
export function explainRequestError(error: unknown, what: string, permission?: string): ActionError {
  if (error instanceof ActionError) return error;
  const status = (error as { status?: number }).status;
  const message = error instanceof Error ? error.message : String(error);
  const headers = (error as { response?: { headers?: Record<string, string> } }).response?.headers ?? {};
  const types = graphqlErrorTypes(error) ?? [];
  if (
    /rate limit/i.test(message) ||
    types.includes('RATE_LIMITED') ||
    ((status === 403 || status === 429) && headers['x-ratelimit-remaining'] === '0')
  ) {
    return new RateLimitError(
      `GitHub's rate limit stopped the reading of ${what} (${message}).`,
      'run the action less often, raise `max-wait` to wait for the limit to reset, or use a GitHub App token, which has its own limit',
      { cause: error },
    );
  }
  if (status === 401) {
    return new PermissionError(
      `GitHub refused the token while reading ${what} (401 Bad credentials).`,
      'check the `token` input: it must be a valid token with access to the repository',
      { cause: error },
    );
  }
  if (status === 403 || types.includes('FORBIDDEN') || /Resource not accessible/i.test(message)) {
    return new PermissionError(
      `The token may not read ${what} (${message}).`,
      permission
        ? `add \`${permission}\` to the workflow's \`permissions:\` (all the action needs: ${PERMISSIONS})`
        : `give the workflow read access: ${PERMISSIONS}`,
      { cause: error },
    );
  }
  if (status === 404 || types.includes('NOT_FOUND')) {
    return new NotFoundError(`GitHub found no ${what} (404).`, 'check the `repository`, `branch` and `workflows` inputs', {
      cause: error,
    });
  }
  const detail = status && status >= 500 ? `GitHub answered ${status}` : message;
  return new UnavailableError(
    `GitHub could not give ${what} (${detail}), even after retries.`,
    'run the action again later; raise `max-wait` or `request-timeout` if this keeps happening',
    { cause: error },
  );
}

const PERMISSIONS = '`permissions: { contents: read, actions: read, deployments: read, pull-requests: read, issues: read }`';

import { getOctokit } from '@actions/github';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { ActionError, errorText, NotFoundError, PermissionError, RateLimitError, UnavailableError } from '../errors.js';
import { limitConcurrency, MAX_CONCURRENT_REQUESTS } from './parallel.js';

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
  /** Seconds spent so far waiting on retries and rate limits (bounded by `maxWaitSeconds`). */
  readonly waitedSeconds: number;
  /** Runs a GraphQL document; `rateLimit { cost remaining }` in it is accounted. */
  graphql<T>(query: string, variables: Record<string, unknown>): Promise<T>;
}

/** GraphQL queries sent at once before the pacing of GitHub's 2,000 points a minute starts. */
const GRAPHQL_BURST = 1_000;

/** Retries of a request that failed in transit (5xx, reset, timeout, unreadable body). */
export const TRANSPORT_RETRIES = 3;
/** Retries of a GraphQL answer carrying `errors` beside partial data. */
export const GRAPHQL_RETRIES = 2;
/** Waits for the same request on a rate limit. */
const RATE_LIMIT_RETRIES = 3;
/**
 * GitHub asks to wait at least a minute after a secondary rate limit without `retry-after`
 * ("Otherwise, wait for at least one minute before retrying"): the action does, or gives up.
 */
export const SECONDARY_FALLBACK_SECONDS = 60;

/** The message of the 502 that stands for a 200 whose JSON body could not be read. */
const UNREADABLE_BODY = 'GitHub sent an unreadable JSON body';

/**
 * Why the client stopped retrying a request, for the error message: which attempt, and whether
 * the retries or `max-wait` ran out. Keyed by the error object (errors cross Octokit's layers).
 */
const gaveUp = new WeakMap<object, string>();

/** Why a rate limit was not waited out: the wait it needed and what `max-wait` had left, or too many waits. */
type Declined = { readonly wait: number; readonly left: number; readonly max: number } | { readonly waits: number };
const declinedLimits = new WeakMap<object, Declined>();

/** A request that got no usable answer: the message says why (timeout, connection failure). */
class TransportError extends Error {
  override name = 'TransportError';
}

const seconds = (s: number): string => `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Octokit with throttling (primary and secondary rate limits), retries (5xx, resets, timeouts,
 * unreadable bodies, GraphQL errors beside partial data) and request accounting. Every wait, a
 * rate limit's or a retry's backoff, is taken from one budget of `maxWaitSeconds` for the run: when
 * the next wait does not fit, the request fails with what happened, and the caller degrades or fails.
 */
export function createClient(options: ClientOptions): GitHubClient {
  const stats: ApiStats = { requests: 0, graphqlPoints: 0, rateLimitRemaining: null };
  const log = options.log ?? (() => undefined);
  let waited = 0;

  /** Takes `s` seconds from the budget, or says no (then nothing is taken). */
  const mayWait = (s: number, why: string): boolean => {
    if (waited + s > options.maxWaitSeconds + 1e-9) {
      log(`${why}: not waiting ${seconds(s)} (waited ${seconds(waited)} of max-wait ${options.maxWaitSeconds} s).`);
      return false;
    }
    waited += s;
    log(`${why}: waiting ${seconds(s)} before retrying (waited ${seconds(waited)} of max-wait ${options.maxWaitSeconds} s).`);
    return true;
  };

  // Backoff before retry n is n^2 x base: 1 s, 4 s, 9 s with a max-wait of 60 s or more (300 s by
  // default); a smaller max-wait shrinks it, so the three retries of one request use under a
  // quarter of it and a few failing requests in a run can still be retried.
  const backoffBase = Math.max(0.01, Math.min(1, options.maxWaitSeconds / 60));
  const backoff = (retry: number): number => Math.round(retry * retry * backoffBase * 1000) / 1000;

  // Every request, REST and GraphQL, waits for one of a few slots before it is sent (parallel.ts
  // says why so few); its timeout starts once it is sent.
  const inFlight = limitConcurrency(MAX_CONCURRENT_REQUESTS);

  /**
   * Every HTTP request, retries included, passes here: it is counted and bounded by the request
   * timeout (the body included). A 200 whose JSON body is cut short or corrupt becomes a 502 so
   * it is retried; a timeout or a dropped connection becomes an error that says which it was.
   * A success's body is parsed here, once (`parsedBodies`).
   */
  const countingFetch: typeof fetch = (input, init) => inFlight(() => sendCounted(input, init));
  const sendCounted: typeof fetch = async (input, init) => {
    stats.requests += 1;
    const timeout = AbortSignal.timeout(options.requestTimeoutSeconds * 1000);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response;
    let body: string | null = null;
    try {
      response = await fetch(input, { ...init, signal });
      if (hasSuccessBody(response, init?.method)) body = await response.text();
    } catch (error) {
      if (init?.signal?.aborted) throw error;
      if (timeout.aborted) {
        throw new TransportError(`no answer within \`request-timeout\` (${options.requestTimeoutSeconds} s)`, { cause: error });
      }
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const what = cause?.code ?? cause?.message ?? errorText(error);
      throw new TransportError(`the connection failed (${what})`, { cause: error });
    }
    const remaining = response.headers.get('x-ratelimit-remaining');
    if (remaining !== null && remaining !== '') stats.rateLimitRemaining = Number(remaining);
    if (body === null) return response;
    // Every endpoint the action reads answers JSON: anything else on a 200 is not GitHub's answer.
    const json = (response.headers.get('content-type') ?? '').includes('json');
    let data: unknown = body;
    let readable = json || response.status !== 200;
    if (json) {
      try {
        data = JSON.parse(body);
      } catch {
        // Another success's body stays text, as octokit leaves it.
        readable = response.status !== 200;
      }
    }
    if (readable) {
      // What octokit hands on as the body (parseSuccessResponseBody: false): the stream read above.
      if (response.body) parsedBodies.set(response.body, data);
      return response;
    }
    log(`${UNREADABLE_BODY} (${body.length} bytes) for ${describeUrl(String(input))}.`);
    return new Response(JSON.stringify({ message: UNREADABLE_BODY }), {
      status: 502,
      headers: { 'content-type': 'application/json' },
    });
  };

  /** Rate limits the client declined to wait for, by request, for the error message. */
  const declined = new WeakMap<object, Declined>();
  const left = (): number => Math.max(0, options.maxWaitSeconds - waited);
  const onLimit =
    (kind: 'primary' | 'secondary') =>
    (retryAfter: number, request: object, _octokit: unknown, retryCount: number): boolean => {
      const why = `${kind === 'primary' ? 'Primary' : 'Secondary'} rate limit on ${describeRequest(request)}`;
      if (retryCount >= RATE_LIMIT_RETRIES) {
        declined.set(request, { waits: RATE_LIMIT_RETRIES });
        log(`${why}: still limited after ${RATE_LIMIT_RETRIES} waits, giving up.`);
        return false;
      }
      if (!mayWait(retryAfter, why)) {
        declined.set(request, { wait: retryAfter, left: left(), max: options.maxWaitSeconds });
        return false;
      }
      return true;
    };

  const octokit = getOctokit(
    options.token,
    {
      baseUrl: options.apiUrl.replace(/\/+$/, ''),
      // Bodies are parsed once, in countingFetch; `parsedBody` puts them back in place.
      request: { fetch: countingFetch, parseSuccessResponseBody: false },
      throttle: {
        // The plugin spaces every GraphQL request 1 s apart, as GitHub asks of writes. Ours are
        // read-only queries, which GitHub's secondary limit counts one point each, 2,000 points a
        // minute at most: a bucket of 1,000 that refills 100 every 6 s keeps any minute under
        // 2,000 (1,000 at once, 1,000 refilled), and a run of fewer never waits on it.
        write: new Bottleneck.Group({
          id: 'dora-graphql-reads',
          reservoir: GRAPHQL_BURST,
          reservoirIncreaseAmount: GRAPHQL_BURST / 10,
          reservoirIncreaseInterval: 6_000,
          reservoirIncreaseMaximum: GRAPHQL_BURST,
        }),
        fallbackSecondaryRateRetryAfter: SECONDARY_FALLBACK_SECONDS,
        // Both must return true for the plugin to retry; they take the wait from the budget.
        onRateLimit: onLimit('primary'),
        onSecondaryRateLimit: onLimit('secondary'),
      },
    },
    // Before the throttling plugin, so its hooks (and everything after) see the parsed body.
    parsedBody,
    throttling,
  );

  // Retries of requests that failed in transit, outermost, so a rate limit's wait (inside, by the
  // throttling plugin) is not retried twice. 4xx are final: 401, 403 and 404 need the user, and a
  // rate limit the plugin declined to wait for must not be hammered.
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let retry = 1; ; retry += 1) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const reason = declined.get(requestOptions);
        if (reason !== undefined && error !== null && typeof error === 'object') {
          declined.delete(requestOptions);
          declinedLimits.set(error, reason);
        }
        if (!isTransient(error)) throw error;
        const attempts = `after ${retry} attempt${retry > 1 ? 's' : ''}`;
        if (retry > TRANSPORT_RETRIES) {
          gaveUp.set(error as object, attempts);
          throw error;
        }
        const wait = backoff(retry);
        if (!mayWait(wait, `${describeRequest(requestOptions)}: ${transportCause(error)}`)) {
          gaveUp.set(error as object, `${attempts}; \`max-wait\` (${options.maxWaitSeconds} s) allowed no further retry`);
          throw error;
        }
        await sleep(wait * 1000);
      }
    }
  });

  return {
    octokit,
    stats,
    get waitedSeconds() {
      return waited;
    },
    async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
      // GraphQL errors beside partial data (200 with `errors`) are often passing: try twice more.
      for (let retry = 1; ; retry += 1) {
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
          if (types === null) throw error;
          const what = `GraphQL ${operationName(query)}`;
          // RATE_LIMITED in a 200 reaches here only where the throttling plugin does not look
          // (GHES's /api/graphql): wait for the reset the headers give, within the budget.
          if (types.includes('RATE_LIMITED')) {
            const reset = Number((error as { headers?: Record<string, string> }).headers?.['x-ratelimit-reset']);
            const wait =
              Number.isFinite(reset) && reset > 0 ? Math.max(0, Math.ceil(reset - Date.now() / 1000) + 1) : SECONDARY_FALLBACK_SECONDS;
            if (retry > RATE_LIMIT_RETRIES) {
              declinedLimits.set(error as object, { waits: RATE_LIMIT_RETRIES });
              throw error;
            }
            const before = left();
            if (!mayWait(wait, `Primary rate limit on ${what}`)) {
              declinedLimits.set(error as object, { wait, left: before, max: options.maxWaitSeconds });
              throw error;
            }
            await sleep(wait * 1000);
            continue;
          }
          if (types.some((t) => FINAL_GRAPHQL_ERRORS.has(t))) throw error;
          const attempts = `after ${retry} attempt${retry > 1 ? 's' : ''}`;
          if (retry > GRAPHQL_RETRIES) {
            gaveUp.set(error as object, attempts);
            throw error;
          }
          const wait = backoff(retry);
          if (!mayWait(wait, `${what}: GraphQL errors (${types.join(', ') || 'no type'})`)) {
            gaveUp.set(error as object, `${attempts}; \`max-wait\` (${options.maxWaitSeconds} s) allowed no further retry`);
            throw error;
          }
          await sleep(wait * 1000);
        }
      }
    },
  };
}

/**
 * Success bodies read and parsed by countingFetch, by the stream object octokit hands on as the
 * response's `data` when told not to parse (`parseSuccessResponseBody: false`). Octokit would parse
 * each body a second time, with a regular expression pass and a reviver for numbers past 2^53
 * (json-with-bigint; GitHub sends none): on a large read, a sixth of the client's time and much of
 * its garbage.
 */
const parsedBodies = new WeakMap<object, unknown>();

/** True when octokit would read the body as a success's (not a HEAD, not 204/205). */
function hasSuccessBody(response: Response, method: string | undefined): boolean {
  return response.status >= 200 && response.status < 300 && response.status !== 204 && response.status !== 205 && method !== 'HEAD';
}

/**
 * The innermost hook: puts countingFetch's parsed body where octokit puts a body. An empty body
 * is "" as octokit has it.
 */
function parsedBody(octokit: { hook: Octokit['hook'] }): void {
  octokit.hook.wrap('request', async (request, requestOptions) => {
    const response = await request(requestOptions);
    const data: unknown = response.data;
    if (data === null || data === undefined) response.data = '';
    else if (typeof data === 'object' && parsedBodies.has(data)) response.data = parsedBodies.get(data);
    return response;
  });
}

/** A failure in transit, worth another attempt: 5xx (ours for unreadable bodies too), resets, timeouts. */
function isTransient(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 500;
}

/** What went wrong in transit, in words. */
function transportCause(error: unknown): string {
  const e = error as { status?: number; message?: string; response?: unknown; cause?: unknown };
  if (e.cause instanceof TransportError) return e.cause.message;
  if (e.message === UNREADABLE_BODY) return UNREADABLE_BODY;
  if (e.response !== undefined && typeof e.status === 'number') return `GitHub answered ${e.status}`;
  return e.message ?? String(error);
}

/** `GET /repos/{owner}/{repo}/actions/workflows` or `GraphQL BranchHistory`, for the log. */
function describeRequest(request: object): string {
  const r = request as { method?: string; url?: string; query?: unknown };
  if (typeof r.query === 'string') return `GraphQL ${operationName(r.query)}`;
  return `${r.method ?? 'GET'} ${describeUrl(r.url ?? '')}`;
}

/** A URL without its query string (the log does not need the parameters). */
const describeUrl = (url: string): string => url.replace(/\?.*$/, '');

const operationName = (query: string): string => /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? 'query';

/** GraphQL error types that retrying does not change (RATE_LIMITED is waited for instead). */
const FINAL_GRAPHQL_ERRORS = new Set(['FORBIDDEN', 'NOT_FOUND', 'INSUFFICIENT_SCOPES', 'UNAUTHORIZED']);

/** The `type`s of a GraphQL response's errors, or null when the error is not a GraphQL response. */
function graphqlErrorTypes(error: unknown): string[] | null {
  const errors = (error as { errors?: { type?: string }[] }).errors;
  if ((error as { name?: string }).name !== 'GraphqlResponseError' || !Array.isArray(errors)) return null;
  return errors.map((e) => e.type ?? '');
}

/** The messages of a GraphQL response's errors, shortened. */
function graphqlMessages(error: unknown): string {
  const errors = (error as { errors?: { message?: string }[] }).errors ?? [];
  const text = [...new Set(errors.map((e) => (e.message ?? '').trim()))].join('; ');
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/**
 * Turns an Octokit error into a typed error with the cause and the fix. `permission` names the
 * `permissions:` entry the data needs. Rate limits come first: a secondary limit is a 403 too,
 * and reporting it as a missing permission sends users the wrong way.
 */
export function explainRequestError(error: unknown, what: string, permission?: string): ActionError {
  if (error instanceof ActionError) return error;
  const status = (error as { status?: number }).status;
  const message = errorText(error);
  const headers =
    (error as { response?: { headers?: Record<string, string> } }).response?.headers ??
    (error as { headers?: Record<string, string> }).headers ??
    {};
  const types = graphqlErrorTypes(error) ?? [];
  const note = error !== null && typeof error === 'object' ? gaveUp.get(error) : undefined;
  const declined = error !== null && typeof error === 'object' ? declinedLimits.get(error) : undefined;
  const secondary = /secondary rate limit/i.test(message);
  if (
    secondary ||
    declined !== undefined ||
    /rate limit/i.test(message) ||
    types.includes('RATE_LIMITED') ||
    status === 429 ||
    (status === 403 && headers['x-ratelimit-remaining'] === '0')
  ) {
    const reset = Number(headers['x-ratelimit-reset']);
    const resetAt =
      !secondary && Number.isFinite(reset) && reset > 0 ? ` (it resets at ${new Date(reset * 1000).toISOString().slice(11, 19)} UTC)` : '';
    const limit = `GitHub's ${secondary ? 'secondary' : 'primary'} rate limit${resetAt}`;
    let why = '';
    if (declined && 'waits' in declined) why = `still limited after ${declined.waits} waits`;
    else if (declined) {
      const asked = !secondary
        ? `waiting for the reset takes ${seconds(declined.wait)}`
        : headers['retry-after']
          ? `GitHub asked to wait ${seconds(declined.wait)} (\`retry-after\`)`
          : `GitHub sent no \`retry-after\`, so the wait is its one-minute minimum (${seconds(declined.wait)})`;
      why = `${asked}, but only ${seconds(declined.left)} of \`max-wait\` (${declined.max} s) was left`;
    }
    const detail = why ? `${limit}: ${why}` : limit;
    return new RateLimitError(
      `${limit} stopped the reading of ${what}${why ? `: ${why}` : ''}.`,
      'raise `max-wait` so the action may wait for the limit, run the action less often, or use a GitHub App token, which has its own limit',
      { cause: error, detail },
    );
  }
  if (status === 401) {
    return new PermissionError(
      `GitHub refused the token while reading ${what} (401 Bad credentials).`,
      'check the `token` input: it must be a valid, unexpired token with access to the repository',
      { cause: error },
    );
  }
  if (status === 403 || types.includes('FORBIDDEN') || /Resource not accessible/i.test(message)) {
    const said = types.length > 0 ? graphqlMessages(error) : message.replace(/ - https:\/\/\S+$/, '');
    return new PermissionError(
      `The token may not read ${what} (GitHub: "${said}").`,
      permission
        ? `add \`${permission}\` to the workflow's \`permissions:\` (all the action needs: ${PERMISSIONS})`
        : `give the workflow read access: ${PERMISSIONS}`,
      { cause: error },
    );
  }
  if (status === 404 || types.includes('NOT_FOUND')) {
    return new NotFoundError(
      `GitHub answered 404 Not Found for ${what}.`,
      'check the `repository`, `branch` and `workflows` inputs, and that the token can see the repository (GitHub answers 404 for a private repository it cannot see)',
      { cause: error },
    );
  }
  const cause =
    types.length > 0 || (error as { name?: string }).name === 'GraphqlResponseError'
      ? `GraphQL errors: ${graphqlMessages(error)}`
      : transportCause(error);
  const detail = note ? `${cause} (${note})` : cause;
  return new UnavailableError(
    `GitHub could not give ${what}: ${detail}.`,
    'run the action again later; raise `max-wait` or `request-timeout` if this keeps happening',
    { cause: error, detail },
  );
}

const PERMISSIONS = '`permissions: { contents: read, actions: read, deployments: read, pull-requests: read, issues: read }`';

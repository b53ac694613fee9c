import { getOctokit } from '@actions/github';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { errorText } from '../errors.js';
import {
  type Declined,
  type GaveUp,
  graphqlErrorTypes,
  RequestFailure,
  seconds,
  TransportError,
  transportCause,
  UNREADABLE_BODY,
} from './failure.js';
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

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Octokit with pacing, retries (5xx, resets, timeouts, unreadable bodies, GraphQL errors beside
 * partial data), rate-limit waits and request accounting. Every wait, a rate limit's or a retry's
 * backoff, is taken from one budget of `maxWaitSeconds` for the run: when the next wait does not
 * fit, the request fails with what happened (a `RequestFailure`), and the caller degrades or fails.
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

  /** A rate limit: waited for within the budget (null), or why not. `waits`: those already waited for. */
  const declineLimit = (why: string, wait: number, waits: number): Declined | null => {
    if (waits >= RATE_LIMIT_RETRIES) return { waits: RATE_LIMIT_RETRIES };
    if (!mayWait(wait, why)) return { wait, left: Math.max(0, options.maxWaitSeconds - waited), max: options.maxWaitSeconds };
    return null;
  };

  /**
   * The one retry loop, for every REST request and every GraphQL query: it sends `send()` until an
   * answer comes, and decides each failure. A rate limit is waited for (at most 3 times); a failure
   * in transit is retried after a backoff (3 times); GraphQL errors beside partial data are retried
   * (twice), and a RATE_LIMITED among them waited for, each time as a new query, whose own
   * failures are counted afresh. Every wait comes from the one budget. 4xx and GraphQL errors that
   * retrying does not change are final: they are thrown as they came. When the retries run out or
   * a limit is not waited for, a `RequestFailure` says why. `url`: the request's, for the limits
   * only GraphQL's endpoint has (a GraphQL query's error carries its own).
   */
  const retrying = async <T>(what: string, url: string | undefined, send: () => Promise<T>): Promise<T> => {
    let answers = 1; // the GraphQL query's attempts
    let transport = 0; // failures in transit, of this attempt
    let limits = 0; // rate limits waited for, of this attempt
    for (;;) {
      try {
        return await send();
      } catch (error) {
        const types = graphqlErrorTypes(error);
        if (types === null) {
          let declined: Declined | undefined;
          const limit = rateLimit(error, url);
          if (limit !== null) {
            const why = `${limit.kind === 'primary' ? 'Primary' : 'Secondary'} rate limit on ${what}`;
            declined = declineLimit(why, limit.wait, limits) ?? undefined;
            if (declined === undefined) {
              limits += 1;
              await sleep(limit.wait * 1000);
              continue;
            }
            if ('waits' in declined) log(`${why}: still limited after ${RATE_LIMIT_RETRIES} waits, giving up.`);
          }
          if (!isTransient(error)) throw declined ? new RequestFailure(error, undefined, declined) : error;
          transport += 1;
          const gaveUp = retryOrGiveUp(transport, TRANSPORT_RETRIES, `${what}: ${transportCause(error)}`);
          if (gaveUp) throw new RequestFailure(error, gaveUp, declined);
          await sleep(backoff(transport) * 1000);
          continue;
        }
        // RATE_LIMITED in a 200 reaches here only where the throttling plugin does not look (GHES's
        // /api/graphql): wait for the reset the headers give, within the budget.
        if (types.includes('RATE_LIMITED')) {
          const reset = Number((error as { headers?: Record<string, string> }).headers?.['x-ratelimit-reset']);
          const wait =
            Number.isFinite(reset) && reset > 0 ? Math.max(0, Math.ceil(reset - Date.now() / 1000) + 1) : SECONDARY_FALLBACK_SECONDS;
          const declined = declineLimit(`Primary rate limit on ${what}`, wait, answers - 1);
          if (declined) throw new RequestFailure(error, undefined, declined);
          await sleep(wait * 1000);
        } else {
          if (types.some((t) => FINAL_GRAPHQL_ERRORS.has(t))) throw error;
          const gaveUp = retryOrGiveUp(answers, GRAPHQL_RETRIES, `${what}: GraphQL errors (${types.join(', ') || 'no type'})`);
          if (gaveUp) throw new RequestFailure(error, gaveUp);
          await sleep(backoff(answers) * 1000);
        }
        answers += 1;
        transport = 0;
        limits = 0;
      }
    }
  };

  /** Failure `n` of at most `retries` + 1: its backoff taken from the budget (null), or why no retry. */
  const retryOrGiveUp = (n: number, retries: number, why: string): GaveUp | null => {
    if (n > retries) return { attempts: n };
    if (!mayWait(backoff(n), why)) return { attempts: n, maxWait: options.maxWaitSeconds };
    return null;
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
        // The plugin paces; it retries nothing: a rate limit reaches the retry loop, which waits
        // for it from the one budget (`rateLimit` knows the limits as the plugin does).
        onRateLimit: () => false,
        onSecondaryRateLimit: () => false,
      },
    },
    // Before the throttling plugin, so its hooks (and everything after) see the parsed body.
    parsedBody,
    throttling,
  );

  // Outermost: every REST request goes through the retry loop once, its rate-limit waits included.
  // A GraphQL query passes through here as it is: `graphql` runs the loop around the whole query,
  // whose answer (errors beside data) is read after this hook.
  octokit.hook.wrap('request', async (request, requestOptions) => {
    const send = async () => request(requestOptions);
    if (typeof (requestOptions as { query?: unknown }).query === 'string') return send();
    return retrying(describeRequest(requestOptions), requestOptions.url, send);
  });

  return {
    octokit,
    stats,
    get waitedSeconds() {
      return waited;
    },
    graphql: <T>(query: string, variables: Record<string, unknown>): Promise<T> =>
      retrying(describeRequest({ query }), undefined, async () => {
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
      }),
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

/**
 * The rate limit an error reports, read as the throttling plugin reads it: a 403 or 429 (or, on
 * GitHub's /graphql, anything but a 401, the plugin's own RATE_LIMITED error among them) whose
 * message says secondary rate limit (wait `retry-after`, or a minute), or whose headers say none is
 * left or whose GraphQL errors say RATE_LIMITED (wait until a second past `x-ratelimit-reset`). An
 * answer the plugin could not read (no headers) is no rate limit, as it is not one to the plugin.
 */
function rateLimit(error: unknown, url: string | undefined): { kind: 'primary' | 'secondary'; wait: number } | null {
  type Answer = { url?: string; headers: Record<string, string>; data?: { errors?: { type?: string }[] } };
  const e = error as { status?: number; message?: string; request?: { url?: string }; response: Answer };
  try {
    const { pathname } = new URL(url ?? e.request?.url ?? e.response?.url ?? '', 'http://github.test');
    if (!((pathname.startsWith('/graphql') && e.status !== 401) || e.status === 403 || e.status === 429)) return null;
    const headers = e.response.headers;
    if (/\bsecondary rate\b/i.test(String(e.message))) {
      return { kind: 'secondary', wait: Number(headers['retry-after']) || SECONDARY_FALLBACK_SECONDS };
    }
    if (
      (headers != null && headers['x-ratelimit-remaining'] === '0') ||
      (e.response.data?.errors ?? []).some((x) => x.type === 'RATE_LIMITED')
    ) {
      const reset = new Date(~~Number(headers['x-ratelimit-reset']) * 1000).getTime();
      return { kind: 'primary', wait: Math.max(Math.ceil((reset - Date.now()) / 1000) + 1, 0) };
    }
  } catch {
    // What the plugin's reading throws on (an answer without headers, say) it takes for no limit.
  }
  return null;
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

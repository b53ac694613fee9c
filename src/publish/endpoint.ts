/**
 * Sends the metrics to `endpoint-url`: a metrics receiver, a Prometheus Pushgateway, an
 * OpenTelemetry collector or a Slack incoming webhook.
 *
 * - HTTPS only unless `endpoint-allow-http`: the body is signed, not encrypted, and a bearer
 *   token sent in clear is a token given away.
 * - Signed like GitHub's webhooks: `X-Dora-Signature-256: sha256=<hex HMAC-SHA256 of the body>`.
 * - Retried on network errors, timeouts, 408, 429 and 5xx, with exponential backoff or the
 *   server's `Retry-After`, all within `maxWaitMs`. The same `Idempotency-Key` goes with every
 *   attempt, so a receiver can keep one copy.
 * - It never throws for an HTTP failure: it returns what happened, and the caller warns or fails
 *   per `fail-on-endpoint-error`. Only a URL that may not be used throws (an input error).
 *
 * Neither the token, the secret nor the URL's path and query (a Slack webhook's path is its
 * secret) appear in a message or a log line: the endpoint is named by its origin.
 */
import { createHmac } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { InputError, errorText } from '../errors.js';
import { endpointUrlProblem } from '../inputs/endpoint-url.js';
import { sanitizeText } from '../report/escape.js';
import { buildPayload, type PayloadFormat } from '../report/payloads/index.js';
import type { Report } from '../report/schema.js';
import { plural } from '../text.js';

/** The URL rules live with the inputs (they are checked with them); postMetrics checks them again. */
export { endpointUrlProblem };

export const SIGNATURE_HEADER = 'X-Dora-Signature-256';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export interface PostMetricsOptions {
  /** `endpoint-url`. */
  readonly url: string;
  /** `endpoint-format`. */
  readonly format: PayloadFormat;
  /**
   * Default POST, and PUT for `prometheus`: a Pushgateway replaces the whole group on PUT, so a
   * metric without data now does not keep its last value (POST replaces only the names sent).
   */
  readonly method?: 'POST' | 'PUT';
  /** Sent as `Authorization: Bearer <token>` when set and not empty. */
  readonly token?: string;
  /** Signs the body (HMAC-SHA256) when set and not empty. */
  readonly secret?: string;
  /** `endpoint-allow-http`: accept an http:// URL. */
  readonly allowHttp: boolean;
  readonly report: Report;
  /** GITHUB_RUN_ID: part of the idempotency key. */
  readonly runId: string;
  /**
   * Longest total time, in milliseconds, spent on all attempts and the waits between them; no
   * retry starts when it could not end in time. 0 allows one attempt and no retry.
   */
  readonly maxWaitMs: number;
  /** Longest time one attempt may take, in milliseconds. Default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Attempts at most, the first included. Default 6. */
  readonly maxAttempts?: number;
  readonly fetch?: typeof fetch;
  /** Progress lines (retries); never holds a credential. */
  readonly log?: (message: string) => void;
  /**
   * The clock `maxWaitMs`, each attempt's timeout and an HTTP-date `Retry-After` are measured
   * against, in milliseconds since the epoch. Default `Date.now`; a test passes a fake one.
   */
  readonly now?: () => number;
  /** Waits between attempts. Default a timer (`node:timers/promises`); a test passes a fake one. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface PostMetricsResult {
  /** True when the endpoint answered 2xx. */
  readonly ok: boolean;
  /** HTTP status of the last answer; null when none came (network error, timeout). */
  readonly status: number | null;
  /** Requests sent. */
  readonly attempts: number;
  /** What went wrong, for a warning or a failure; absent when ok. */
  readonly error?: string;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_ATTEMPTS = 6;
/** Backoff of the first retry when the time allows it: 1 s, then 2 s, 4 s, 8 s... */
const BASE_BACKOFF_MS = 1_000;
/** How much of a response body an error shows. */
const MAX_MESSAGE_LENGTH = 300;

/** The HMAC-SHA256 signature header value of a body: `sha256=<hex>`, as GitHub signs webhooks. */
export function signBody(body: Uint8Array | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Sends the report in `format` to `url`. Throws InputError only when the URL may not be used;
 * every HTTP or network failure is returned.
 */
export async function postMetrics(options: PostMetricsOptions): Promise<PostMetricsResult> {
  const problem = endpointUrlProblem(options.url, options.allowHttp);
  if (problem !== null) throw new InputError([problem]);

  const fetchImpl = options.fetch ?? fetch;
  const log = options.log ?? (() => undefined);
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const maxWaitMs = Math.max(0, options.maxWaitMs);
  const origin = new URL(options.url).origin;
  const secrets = [options.token, options.secret].filter((s): s is string => !!s);

  const payload = buildPayload(options.format, options.report, options.runId);
  const method = options.method ?? (options.format === 'prometheus' ? 'PUT' : 'POST');
  // The bytes signed are the bytes sent.
  const body = new TextEncoder().encode(payload.body);
  const headers: Record<string, string> = {
    'Content-Type': payload.contentType,
    'User-Agent': 'dora-action',
    [IDEMPOTENCY_HEADER]: payload.idempotencyKey,
  };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.secret) headers[SIGNATURE_HEADER] = signBody(body, options.secret);

  const started = now();
  const deadline = started + maxWaitMs;
  // Backoff scaled down when max-wait is short, so that a few retries still fit in it.
  const baseBackoffMs = Math.min(BASE_BACKOFF_MS, maxWaitMs / 16);

  let attempts = 0;
  for (;;) {
    attempts += 1;
    // Whole milliseconds (AbortSignal.timeout takes only integers), rounded down to end in time:
    // an injected clock, or a scaled-down backoff slept on it, may have fractions.
    const timeoutMs = maxWaitMs > 0 ? Math.min(requestTimeoutMs, Math.max(1, Math.floor(deadline - now()))) : requestTimeoutMs;
    const outcome = await attempt(fetchImpl, options.url, method, headers, body, timeoutMs, now);
    if (outcome.kind === 'ok') return { ok: true, status: outcome.status, attempts };

    const what = redact(outcome.kind === 'network' ? outcome.message : httpError(origin, outcome), secrets);
    const status = outcome.kind === 'network' ? null : outcome.status;
    if (outcome.kind === 'http' && !outcome.retryable) return { ok: false, status, attempts, error: what };
    if (attempts >= maxAttempts) {
      return { ok: false, status, attempts, error: `${what} Gave up after ${plural(attempts, 'attempt')}.` };
    }

    const backoffMs = baseBackoffMs * 2 ** (attempts - 1);
    const retryAfterMs = outcome.kind === 'http' ? outcome.retryAfterMs : null;
    const waitMs = retryAfterMs ?? backoffMs;
    const remaining = deadline - now();
    // A retry needs time to wait and then to be answered: never start one that cannot end in time.
    if (waitMs >= remaining) {
      const why =
        retryAfterMs !== null
          ? `The endpoint asked to retry after ${msAsSeconds(retryAfterMs)}, later than the ${msAsSeconds(maxWaitMs)} of \`max-wait\` allow: gave up after ${plural(attempts, 'attempt')}.`
          : `Gave up after ${plural(attempts, 'attempt')} within the ${msAsSeconds(maxWaitMs)} allowed by \`max-wait\`.`;
      return { ok: false, status, attempts, error: `${what} ${why}` };
    }
    log(`${what} Retrying in ${msAsSeconds(waitMs)} (attempt ${attempts + 1} of at most ${maxAttempts}).`);
    await sleep(waitMs);
  }
}

type Outcome =
  | { readonly kind: 'ok'; readonly status: number }
  | {
      readonly kind: 'http';
      readonly status: number;
      readonly retryable: boolean;
      readonly retryAfterMs: number | null;
      readonly message: string;
      readonly location: string | null;
    }
  | { readonly kind: 'network'; readonly message: string };

async function attempt(
  fetchImpl: typeof fetch,
  url: string,
  method: 'POST' | 'PUT',
  headers: Record<string, string>,
  body: Uint8Array,
  timeoutMs: number,
  now: () => number,
): Promise<Outcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    // A redirect is not followed: fetch would turn a POST into a GET (301, 302) or send the
    // token to wherever the endpoint points.
    const response = await fetchImpl(url, { method, headers, body, redirect: 'manual', signal });
    const text = await response.text().catch(() => '');
    if (response.status >= 200 && response.status < 300) return { kind: 'ok', status: response.status };
    const status = response.status;
    return {
      kind: 'http',
      status,
      retryable: status === 408 || status === 429 || status >= 500,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now()),
      message: sanitizeText(text, MAX_MESSAGE_LENGTH),
      location: status >= 300 && status < 400 ? response.headers.get('location') : null,
    };
  } catch (error) {
    if (signal.aborted) return { kind: 'network', message: `The endpoint did not answer within ${msAsSeconds(timeoutMs)}.` };
    return { kind: 'network', message: `The endpoint could not be reached (${networkReason(error)}).` };
  }
}

/** `Retry-After` as milliseconds from now: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its weekday and month ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse would
  // also read "-1" as a year.
  if (!/^[A-Za-z]{3},? /.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function httpError(origin: string, o: Extract<Outcome, { kind: 'http' }>): string {
  if (o.status >= 300 && o.status < 400) {
    const to = o.location ? ` to ${originOf(o.location)}` : '';
    return `The endpoint ${origin} answered ${o.status} (a redirect${to}), which is not followed: set \`endpoint-url\` to the final address.`;
  }
  const said = o.message === '' ? '' : `: ${o.message}`;
  return `The endpoint ${origin} answered ${o.status}${said}${/[.!?…]$/.test(said) ? '' : '.'}`;
}

/** The origin of a redirect target, resolved like the client would; never its path or query. */
function originOf(location: string): string {
  try {
    return new URL(location).origin;
  } catch {
    return 'another address';
  }
}

/** Node's fetch says "fetch failed" and puts the reason (ECONNREFUSED, ENOTFOUND, TLS...) in `cause`. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const parts = [cause?.code, cause?.message ?? errorText(error)].filter((p): p is string => !!p);
  return sanitizeText([...new Set(parts)].join(': '), MAX_MESSAGE_LENGTH);
}

/** A response could echo what was sent: the credentials never reach a log. */
function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, s) => t.split(s).join('***'), text);
}

/** `2s`, `0.8s`, `0.05s`. */
function msAsSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 1000 ? 2 : 1))}s`;
}

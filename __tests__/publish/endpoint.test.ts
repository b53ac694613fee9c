/**
 * postMetrics against a real HTTP receiver (node:http on a random local port): what arrives is
 * what a receiver reads, headers and bytes included.
 *
 * Time is a fake clock's (`fakeClock`): it moves when the code sleeps, recording every wait the
 * code decided, and when a test says a request took time. No assertion reads the wall clock, so
 * none depends on how loaded the machine is.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { endpointUrlProblem, parseRetryAfter, postMetrics, type PostMetricsOptions } from '../../src/publish/endpoint.js';
import { buildReport, serializeReport } from '../../src/report/json.js';
import { idempotencyKey } from '../../src/report/payloads/index.js';
import { doraResult, reportContext } from '../report/fixtures.js';

const report = buildReport(doraResult(), reportContext());
const TOKEN = 'tok_3f9a8b7c6d5e';
const SECRET = 'whsec_1a2b3c4d5e6f';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** When the request arrived, by the receiver's clock (a test's fake clock when it has one). */
  readonly at: number;
}
interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Never answer (a hung server). */
  readonly hang?: boolean;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/**
 * A clock that moves only when told: `sleep` records the wait, moves the clock by it and returns
 * at once; `advance` stands for a request that took time. Starts on a whole second in the past,
 * so an HTTP-date `Retry-After` read against the real clock instead would be a wait of 0.
 */
function fakeClock(start = Date.parse('2020-01-01T00:00:00Z')) {
  let t = start;
  /** Every wait the code decided, in order, in milliseconds. */
  const sleeps: number[] = [];
  const now = () => t;
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
    t += ms;
  };
  return {
    sleeps,
    now,
    advance: (ms: number) => void (t += ms),
    /** Milliseconds since the start. */
    elapsed: () => t - start,
    /** To spread into postMetrics' options. */
    options: { now, sleep } satisfies Partial<PostMetricsOptions>,
  };
}
type FakeClock = ReturnType<typeof fakeClock>;

/**
 * A receiver that records every request and answers with `answer(n)` for the n-th (1-based);
 * `at` is read from `clock` when given.
 */
async function receiver(answer: (n: number, request: Received) => Answer = () => ({ status: 200, body: 'ok' }), clock?: FakeClock) {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
        at: clock ? clock.now() : Date.now(),
      };
      requests.push(request);
      const a = answer(requests.length, request);
      if (a.hang) return;
      res.writeHead(a.status, { 'content-type': 'text/plain', ...a.headers });
      res.end(a.body ?? '');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { requests, url: `http://127.0.0.1:${port}/ingest/s3cr3t-path`, origin: `http://127.0.0.1:${port}` };
}

function options(url: string, overrides: Partial<PostMetricsOptions> = {}): PostMetricsOptions {
  return { url, format: 'json', allowHttp: true, report, runId: '77', maxWaitMs: 3_000, ...overrides };
}

/** What a receiver does with GitHub-style signatures: recompute, compare in constant time. */
function signatureValid(body: Buffer, header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const received = Buffer.from(header);
  return expected.length === received.length && timingSafeEqual(expected, received);
}

describe('postMetrics', () => {
  it('POSTs the payload with the idempotency key, bearer token and a signature a receiver can verify', async () => {
    const r = await receiver();
    const result = await postMetrics(options(r.url, { token: TOKEN, secret: SECRET }));
    expect(result).toEqual({ ok: true, status: 200, attempts: 1 });
    expect(r.requests).toHaveLength(1);
    const [request] = r.requests;
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/ingest/s3cr3t-path');
    expect(request!.body.toString('utf8')).toBe(serializeReport(report));
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['idempotency-key']).toBe(idempotencyKey(report, '77'));
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(signatureValid(request!.body, request!.headers['x-dora-signature-256'], SECRET)).toBe(true);
    expect(signatureValid(request!.body, request!.headers['x-dora-signature-256'], 'another secret')).toBe(false);
    // The signature covers the exact bytes: one byte changed, it no longer matches.
    const tampered = Buffer.from(request!.body);
    tampered[10] = tampered[10]! ^ 1;
    expect(signatureValid(tampered, request!.headers['x-dora-signature-256'], SECRET)).toBe(false);
  });

  it('sends neither Authorization nor a signature when no token or secret is set', async () => {
    const r = await receiver();
    await postMetrics(options(r.url, { token: '', secret: undefined }));
    expect(r.requests[0]!.headers.authorization).toBeUndefined();
    expect(r.requests[0]!.headers['x-dora-signature-256']).toBeUndefined();
  });

  it('sends each format with its content type', async () => {
    const r = await receiver();
    for (const format of ['prometheus', 'otlp', 'slack'] as const) {
      expect((await postMetrics(options(r.url, { format }))).ok).toBe(true);
    }
    expect(r.requests.map((q) => q.headers['content-type'])).toEqual([
      'text/plain; version=0.0.4; charset=utf-8',
      'application/json',
      'application/json',
    ]);
    // A Pushgateway replaces the whole group on PUT: a metric without data does not linger.
    expect(r.requests.map((q) => q.method)).toEqual(['PUT', 'POST', 'POST']);
    expect(r.requests[0]!.body.toString()).toContain('# TYPE dora_deployment_frequency_per_day gauge');
    expect(JSON.parse(r.requests[1]!.body.toString())).toHaveProperty('resourceMetrics');
    expect(JSON.parse(r.requests[2]!.body.toString())).toHaveProperty('blocks');
  });

  it('retries a 503 and succeeds, with the same body, key and signature on every attempt', async () => {
    const clock = fakeClock();
    const r = await receiver((n) => (n <= 2 ? { status: 503, body: 'busy' } : { status: 202 }), clock);
    const log: string[] = [];
    // max-wait long enough for the backoff not to be scaled down: 1 s, then 2 s.
    const result = await postMetrics(
      options(r.url, { secret: SECRET, token: TOKEN, maxWaitMs: 60_000, log: (m) => log.push(m), ...clock.options }),
    );
    expect(result).toEqual({ ok: true, status: 202, attempts: 3 });
    expect(r.requests).toHaveLength(3);
    expect(new Set(r.requests.map((q) => q.headers['idempotency-key'])).size).toBe(1);
    expect(new Set(r.requests.map((q) => q.headers['x-dora-signature-256'])).size).toBe(1);
    expect(new Set(r.requests.map((q) => q.body.toString('base64'))).size).toBe(1);
    // Exponential backoff: the second wait is twice the first, and each retry is sent after it.
    expect(clock.sleeps).toEqual([1_000, 2_000]);
    const [a, b, c] = r.requests.map((q) => q.at);
    expect([b! - a!, c! - b!]).toEqual(clock.sleeps);
    expect(c! - b!).toBeGreaterThanOrEqual((b! - a!) * 1.5);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/answered 503: busy\. Retrying in .* \(attempt 2 of at most 6\)\./);
    expect(log[0]).toMatch(/Retrying in 1s \(attempt 2 of at most 6\)\.$/);
    expect(log[1]).toMatch(/Retrying in 2s \(attempt 3 of at most 6\)\.$/);
  });

  it('retries a 429 after the Retry-After it was given, in seconds', async () => {
    const clock = fakeClock();
    const r = await receiver(
      (n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' } : { status: 200 }),
      clock,
    );
    const result = await postMetrics(options(r.url, clock.options));
    expect(result).toEqual({ ok: true, status: 200, attempts: 2 });
    // 1 s as asked, not the backoff (3 s of max-wait / 16 = 0.1875 s).
    expect(clock.sleeps).toEqual([1_000]);
    expect(r.requests[1]!.at - r.requests[0]!.at).toBe(1_000);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    const clock = fakeClock();
    let retryAt = 0;
    const r = await receiver((n) => {
      if (n > 1) return { status: 200 };
      // HTTP dates have whole seconds: two seconds ahead is at least one second of wait.
      retryAt = Math.ceil((clock.now() + 2_000) / 1000) * 1000;
      return { status: 503, headers: { 'retry-after': new Date(retryAt).toUTCString() } };
    }, clock);
    const result = await postMetrics(options(r.url, { maxWaitMs: 5_000, ...clock.options }));
    expect(result.ok).toBe(true);
    expect(result.attempts).toBe(2);
    // The date is read against the same clock as max-wait: the wait is the time until that date.
    expect(clock.sleeps).toEqual([retryAt - r.requests[0]!.at]);
    expect(clock.sleeps).toEqual([2_000]);
    expect(r.requests[1]!.at).toBeGreaterThanOrEqual(retryAt);
  });

  it('does not retry a 400, and shows its message, truncated', async () => {
    const clock = fakeClock();
    const r = await receiver(
      () => ({ status: 400, body: `{"message":"schemaVersion 1 is not supported"}${' padding'.repeat(100)}` }),
      clock,
    );
    const result = await postMetrics(options(r.url, clock.options));
    expect(result.ok).toBe(false);
    expect(result.status).toBe(400);
    expect(result.attempts).toBe(1);
    expect(r.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
    expect(result.error).toMatch(
      /^The endpoint http:\/\/127\.0\.0\.1:\d+ answered 400: \{"message":"schemaVersion 1 is not supported"\} padding/,
    );
    expect(result.error!.length).toBeLessThan(400);
    expect(result.error).toContain('…');
  });

  it('gives up within the total time allowed, and says so', async () => {
    const clock = fakeClock();
    // Each answer takes 20 ms of the 800 allowed.
    const r = await receiver(() => {
      clock.advance(20);
      return { status: 503 };
    }, clock);
    const result = await postMetrics(options(r.url, { maxWaitMs: 800, ...clock.options }));
    expect(result.ok).toBe(false);
    expect(result.status).toBe(503);
    expect(result.attempts).toBeGreaterThan(2);
    expect(r.requests).toHaveLength(result.attempts);
    // Backoff scaled to max-wait (800 / 16 = 50 ms) and doubled on each retry: 50, 100, 200.
    // Requests sent at 0, 70, 190 and 410 ms; the last answer came at 430 ms, and the next wait
    // (400 ms) would leave no time for a fifth answer: no fifth attempt is started.
    expect(clock.sleeps).toEqual([50, 100, 200]);
    expect(r.requests.map((q) => q.at - r.requests[0]!.at)).toEqual([0, 70, 190, 410]);
    expect(result.attempts).toBe(4);
    expect(clock.elapsed()).toBe(430);
    expect(clock.elapsed()).toBeLessThanOrEqual(800);
    expect(result.error).toMatch(/answered 503\. Gave up after \d+ attempts within the 0\.8s allowed by `max-wait`\./);
    expect(result.error).toMatch(/Gave up after 4 attempts within/);
  });

  it('does not wait for a Retry-After beyond the time allowed', async () => {
    const clock = fakeClock();
    const r = await receiver(() => ({ status: 503, headers: { 'retry-after': '120' } }), clock);
    const result = await postMetrics(options(r.url, { maxWaitMs: 2_000, ...clock.options }));
    // No wait at all: it gives up at once rather than sleep into a retry that cannot happen.
    expect(clock.sleeps).toEqual([]);
    expect(clock.elapsed()).toBe(0);
    expect(result).toMatchObject({ ok: false, status: 503, attempts: 1 });
    expect(result.error).toMatch(
      /answered 503\. The endpoint asked to retry after 120s, later than the 2s of `max-wait` allow: gave up after 1 attempt\.$/,
    );
  });

  it('bounds a request the endpoint never answers', async () => {
    // A real hung server and a real 0.2 s timeout per attempt; without that bound an attempt
    // would wait the default 30 s and the test would time out. On the fake clock the 1 s wait
    // between the two attempts takes no real time, and max-wait is far from reached.
    const clock = fakeClock();
    const r = await receiver(() => ({ status: 200, hang: true }), clock);
    const result = await postMetrics(options(r.url, { maxWaitMs: 60_000, requestTimeoutMs: 200, maxAttempts: 2, ...clock.options }));
    expect(result.ok).toBe(false);
    expect(result.status).toBeNull();
    expect(result.error).toMatch(/did not answer within/);
    expect(result).toEqual({
      ok: false,
      status: null,
      attempts: 2,
      error: 'The endpoint did not answer within 0.2s. Gave up after 2 attempts.',
    });
    expect(clock.sleeps).toEqual([1_000]);
  });

  it('gives an attempt only the time max-wait leaves, by the same clock', async () => {
    const clock = fakeClock();
    const r = await receiver((n) => {
      if (n > 1) return { status: 200, hang: true };
      // The first answer takes 9.125 s of the 10 allowed.
      clock.advance(9_125);
      return { status: 503 };
    }, clock);
    const result = await postMetrics(options(r.url, { maxWaitMs: 10_000, ...clock.options }));
    // The 625 ms backoff (10 s / 16) fits in the 875 ms left, leaving the second attempt 250 ms,
    // not the default 30 s; then the next backoff (1.25 s) does not fit.
    expect(clock.sleeps).toEqual([625]);
    expect(result).toEqual({
      ok: false,
      status: null,
      attempts: 2,
      error: 'The endpoint did not answer within 0.25s. Gave up after 2 attempts within the 10s allowed by `max-wait`.',
    });
  });

  it('retries network errors, and reports them without throwing', async () => {
    const clock = fakeClock();
    const r = await receiver(undefined, clock);
    const closed = r.url;
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const result = await postMetrics(options(closed, { maxWaitMs: 500, ...clock.options }));
    expect(result.ok).toBe(false);
    expect(result.status).toBeNull();
    expect(result.attempts).toBeGreaterThan(1);
    expect(result.error).toMatch(/could not be reached \(ECONNREFUSED/);
    // 500 / 16 ms doubled each time, while it fits in the 500 ms: 4 retries.
    expect(clock.sleeps).toEqual([31.25, 62.5, 125, 250]);
    expect(result.attempts).toBe(5);
    expect(result.error).toMatch(/Gave up after 5 attempts within the 0\.5s allowed by `max-wait`\.$/);
  });

  it('does not follow a redirect, which would drop the body or hand the token elsewhere', async () => {
    const elsewhere = await receiver();
    const r = await receiver(() => ({ status: 307, headers: { location: `${elsewhere.url}?stolen=1` } }));
    const result = await postMetrics(options(r.url, { token: TOKEN }));
    expect(result).toMatchObject({ ok: false, status: 307, attempts: 1 });
    expect(elsewhere.requests).toHaveLength(0);
    expect(result.error).toContain(`(a redirect to ${elsewhere.origin})`);
  });

  it('never shows the token, the secret or the URL path in what it reports', async () => {
    const clock = fakeClock();
    // A receiver echoing the request back in its error, as some do.
    const r = await receiver(
      (n, q) =>
        n === 1
          ? { status: 500, body: `${String(q.headers.authorization)} at ${q.url}` }
          : { status: 401, body: `bad ${String(q.headers.authorization)}` },
      clock,
    );
    const log: string[] = [];
    const result = await postMetrics(options(r.url, { token: TOKEN, secret: SECRET, log: (m) => log.push(m), ...clock.options }));
    expect(result.status).toBe(401);
    expect(result.attempts).toBe(2);
    const said = [...log, result.error!].join('\n');
    expect(said).not.toContain(TOKEN);
    expect(said).not.toContain(SECRET);
    expect(said).toContain('Bearer ***');
    expect(said).toContain(r.origin);
    expect(log.join('\n')).not.toMatch(/127\.0\.0\.1:\d+\/ingest/);
  });

  it('refuses http unless endpoint-allow-http, naming both inputs, and sends nothing', async () => {
    const r = await receiver();
    const attempt = postMetrics(options(r.url, { allowHttp: false }));
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toThrow(/`endpoint-url` uses http .*`endpoint-allow-http: true`/s);
    expect(r.requests).toHaveLength(0);
  });
});

describe('endpointUrlProblem', () => {
  it('accepts https, and http only when allowed', () => {
    expect(endpointUrlProblem('https://metrics.example.com/dora', false)).toBeNull();
    expect(endpointUrlProblem('http://pushgateway:9091/metrics/job/dora', true)).toBeNull();
    expect(endpointUrlProblem('http://pushgateway:9091/metrics/job/dora', false)).toContain('endpoint-allow-http');
  });

  it('refuses what is not a URL, other schemes and credentials in the URL', () => {
    expect(endpointUrlProblem('metrics.example.com', false)).toMatch(/^`endpoint-url` is not a URL/);
    expect(endpointUrlProblem('ftp://metrics.example.com', true)).toMatch(/uses ftp/);
    expect(endpointUrlProblem('https://user:pass@metrics.example.com', false)).toMatch(/user name or password/);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Mon, 01 Jun 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sun, 31 May 2026 23:59:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-1', now)).toBeNull();
  });
});

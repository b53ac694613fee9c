/**
 * postMetrics against a real HTTP receiver (node:http on a random local port): what arrives is
 * what a receiver reads, headers, bytes and timing included.
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

/** A receiver that records every request and answers with `answer(n)` for the n-th (1-based). */
async function receiver(answer: (n: number, request: Received) => Answer = () => ({ status: 200, body: 'ok' })) {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), at: Date.now() };
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
    const r = await receiver((n) => (n <= 2 ? { status: 503, body: 'busy' } : { status: 202 }));
    const log: string[] = [];
    const result = await postMetrics(options(r.url, { secret: SECRET, token: TOKEN, log: (m) => log.push(m) }));
    expect(result).toEqual({ ok: true, status: 202, attempts: 3 });
    expect(r.requests).toHaveLength(3);
    expect(new Set(r.requests.map((q) => q.headers['idempotency-key'])).size).toBe(1);
    expect(new Set(r.requests.map((q) => q.headers['x-dora-signature-256'])).size).toBe(1);
    expect(new Set(r.requests.map((q) => q.body.toString('base64'))).size).toBe(1);
    // Exponential backoff: the second wait is about twice the first.
    const [a, b, c] = r.requests.map((q) => q.at);
    expect(c! - b!).toBeGreaterThanOrEqual((b! - a!) * 1.5);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/answered 503: busy\. Retrying in .* \(attempt 2 of at most 6\)\./);
  });

  it('retries a 429 after the Retry-After it was given, in seconds', async () => {
    const r = await receiver((n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' } : { status: 200 }));
    const result = await postMetrics(options(r.url));
    expect(result).toEqual({ ok: true, status: 200, attempts: 2 });
    expect(r.requests[1]!.at - r.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    let retryAt = 0;
    const r = await receiver((n) => {
      if (n > 1) return { status: 200 };
      // HTTP dates have whole seconds: two seconds ahead is at least one second of wait.
      retryAt = Math.ceil((Date.now() + 2_000) / 1000) * 1000;
      return { status: 503, headers: { 'retry-after': new Date(retryAt).toUTCString() } };
    });
    const result = await postMetrics(options(r.url, { maxWaitMs: 5_000 }));
    expect(result.ok).toBe(true);
    expect(r.requests[1]!.at).toBeGreaterThanOrEqual(retryAt - 50);
  });

  it('does not retry a 400, and shows its message, truncated', async () => {
    const r = await receiver(() => ({ status: 400, body: `{"message":"schemaVersion 1 is not supported"}${' padding'.repeat(100)}` }));
    const result = await postMetrics(options(r.url));
    expect(result.ok).toBe(false);
    expect(result.status).toBe(400);
    expect(result.attempts).toBe(1);
    expect(r.requests).toHaveLength(1);
    expect(result.error).toMatch(/^The endpoint http:\/\/127\.0\.0\.1:\d+ answered 400: \{"message":"schemaVersion 1 is not supported"\} padding/);
    expect(result.error!.length).toBeLessThan(400);
    expect(result.error).toContain('…');
  });

  it('gives up within the total time allowed, and says so', async () => {
    const r = await receiver(() => ({ status: 503 }));
    const started = Date.now();
    const result = await postMetrics(options(r.url, { maxWaitMs: 800 }));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(800 + 250);
    expect(result.ok).toBe(false);
    expect(result.status).toBe(503);
    expect(result.attempts).toBeGreaterThan(2);
    expect(r.requests).toHaveLength(result.attempts);
    expect(result.error).toMatch(/answered 503\. Gave up after \d+ attempts within the 0\.8s allowed by `max-wait`\./);
  });

  it('does not wait for a Retry-After beyond the time allowed', async () => {
    const r = await receiver(() => ({ status: 503, headers: { 'retry-after': '120' } }));
    const started = Date.now();
    const result = await postMetrics(options(r.url, { maxWaitMs: 2_000 }));
    expect(Date.now() - started).toBeLessThan(500);
    expect(result).toMatchObject({ ok: false, status: 503, attempts: 1 });
    expect(result.error).toMatch(/answered 503\. The endpoint asked to retry after 120s, later than the 2s of `max-wait` allow: gave up after 1 attempt\.$/);
  });

  it('bounds a request the endpoint never answers', async () => {
    const r = await receiver(() => ({ status: 200, hang: true }));
    const started = Date.now();
    const result = await postMetrics(options(r.url, { maxWaitMs: 600, requestTimeoutMs: 200 }));
    expect(Date.now() - started).toBeLessThan(600 + 250);
    expect(result.ok).toBe(false);
    expect(result.status).toBeNull();
    expect(result.error).toMatch(/did not answer within/);
  });

  it('retries network errors, and reports them without throwing', async () => {
    const r = await receiver();
    const closed = r.url;
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const result = await postMetrics(options(closed, { maxWaitMs: 500 }));
    expect(result.ok).toBe(false);
    expect(result.status).toBeNull();
    expect(result.attempts).toBeGreaterThan(1);
    expect(result.error).toMatch(/could not be reached \(ECONNREFUSED/);
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
    // A receiver echoing the request back in its error, as some do.
    const r = await receiver((n, q) =>
      n === 1 ? { status: 500, body: `${String(q.headers.authorization)} at ${q.url}` } : { status: 401, body: `bad ${String(q.headers.authorization)}` },
    );
    const log: string[] = [];
    const result = await postMetrics(options(r.url, { token: TOKEN, secret: SECRET, log: (m) => log.push(m) }));
    expect(result.status).toBe(401);
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

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FaultSpec, formatFault, parseFault, parseFaults } from './faults.js';
import { availableDescriptions, ghesDescriptions } from './openapi.js';
import { type Emulator, oldestGhesDescription, startEmulator } from './server.js';
import { historyDataset } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'emulator-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REPO = '/repos/acme/tiny';
const WORKFLOW_FILE = `${REPO}/actions/workflows/deploy.yml`;
const BRANCH_HISTORY = `query BranchHistory($after: String) {
  rateLimit { cost remaining }
  repository(owner: "acme", name: "tiny") {
    ref(qualifiedName: "main") { target { ... on Commit { history(first: 5, after: $after) { pageInfo { hasNextPage endCursor } nodes { oid } } } } }
  }
}`;
const RELEASES = 'query Releases { repository(owner: "acme", name: "tiny") { releases(first: 5) { nodes { tagName } } } }';

async function get(em: Emulator, path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; text: string; body: any }> {
  const res = await fetch(`${em.url}${path}`, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

const gql = (em: Emulator, query: string, variables: Record<string, unknown> = {}, path = '/graphql') =>
  get(em, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });

describe('fault specs in the compact text form', () => {
  it('reads mode, count, nth, target and options', () => {
    expect(
      parseFaults(
        '502x3, secondary403:retry-after=2, graphql-partial@BranchHistory, 503#2x3, not-found@/actions/workflows/deploy\\.yml, ' +
          'slow:ms=1500:method=get, graphql-rate-limited:status=403:reset-in=5, primary:reset-in=7, partial@Q:field=repository.ref:type=FORBIDDEN, reset#4, ' +
          'secondary-429@/releases:retry-after=1x2#3',
      ),
    ).toEqual([
      { mode: '502', times: 3 },
      { mode: 'secondary-403', retryAfter: 2 },
      { mode: 'graphql-errors-partial', operation: 'BranchHistory' },
      { mode: '503', nth: 2, times: 3 },
      { mode: 'not-found', path: '/actions/workflows/deploy\\.yml' },
      { mode: 'slow', delayMs: 1500, method: 'get' },
      { mode: 'graphql-rate-limited', status: 403, resetIn: 5 },
      { mode: 'primary-exhausted', resetIn: 7 },
      { mode: 'graphql-errors-partial', operation: 'Q', field: 'repository.ref', type: 'FORBIDDEN' },
      { mode: 'reset', nth: 4 },
      { mode: 'secondary-429', path: '/releases', retryAfter: 1, times: 2, nth: 3 },
    ]);
    expect(parseFaults('')).toEqual([]);
    // Commas inside a regex's braces do not split specs; colons not followed by `key=` stay in the regex.
    expect(parseFaults('forbidden@/deployments/\\d{1,3}/statuses,500@/a:b/x2')).toEqual([
      { mode: 'forbidden', path: '/deployments/\\d{1,3}/statuses' },
      { mode: '500', path: '/a:b/x2' },
    ]);
  });

  it('round-trips through formatFault', () => {
    for (const spec of parseFaults(
      '502x3,secondary-429:retry-after=0,graphql-errors-partial@B:field=a.b,503#2x1@/repos,slow:ms=10:method=POST',
    )) {
      expect(parseFault(formatFault(spec))).toEqual(spec);
    }
  });

  it('rejects unknown modes, misplaced options and bad numbers with the reason', () => {
    expect(() => parseFault('504')).toThrow(/unknown fault mode "504"/);
    expect(() => parseFault('502:retry-after=2')).toThrow(/applies to secondary-403, secondary-429, not 502/);
    expect(() => parseFault('slow:ms=soon')).toThrow(/whole number/);
    expect(() => parseFault('slow:colour=red')).toThrow(/unknown fault option "colour"/);
    expect(() => parseFault('502#0')).toThrow(/nth must be an integer >= 1/);
    expect(() => parseFault('502@not an operation')).toThrow(/not a GraphQL operation name/);
    expect(() => parseFault('graphql-rate-limited:status=500')).toThrow(/200 or 403/);
    expect(() => parseFault('500@/(unclosed')).toThrow();
  });
});

describe('faults', () => {
  let em: Emulator;
  beforeAll(async () => {
    em = await startEmulator({ dataset: historyDataset(), rateLimit: 1000 });
  });
  afterAll(() => em.close());
  afterEach(() => em.setFaults([]));

  const last = () => em.requests.at(-1)!;

  it('5xx bursts: the first N matching requests, GitHub-style JSON, logged with the fault, not charged', async () => {
    em.setFaults([{ mode: '502', times: 3 }]);
    const statuses: number[] = [];
    const remaining: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await get(em, REPO);
      statuses.push(r.status);
      remaining.push(r.headers.get('x-ratelimit-remaining')!);
      if (r.status === 502)
        expect(r.body).toEqual({
          message: 'Server Error',
          documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com\/rest/),
          status: '502',
        });
    }
    expect(statuses).toEqual([502, 502, 502, 200]);
    // Faults that answer in GitHub's place spend nothing; the one served request spends one.
    expect(remaining.slice(0, 3)).toEqual([remaining[0], remaining[0], remaining[0]]);
    expect(Number(remaining[3])).toBe(Number(remaining[0]) - 1);
    expect(em.requests.slice(-4).map((e) => [e.status, e.fault])).toEqual([
      [502, '502'],
      [502, '502'],
      [502, '502'],
      [200, undefined],
    ]);
    expect(em.faultStats()).toEqual([{ spec: { mode: '502', times: 3 }, matched: 4, fired: 3 }]);

    em.setFaults('500x1,503x1');
    expect([(await get(em, REPO)).status, (await get(em, REPO)).status, (await get(em, REPO)).status]).toEqual([500, 503, 200]);
    expect(em.faultStats().map((s) => [s.matched, s.fired])).toEqual([
      [3, 1],
      [2, 1],
    ]);
  });

  it('nth picks one request; times after nth picks a run of them', async () => {
    em.setFaults('503#2');
    const one = [];
    for (let i = 0; i < 4; i++) one.push((await get(em, REPO)).status);
    expect(one).toEqual([200, 503, 200, 200]);
    em.setFaults([{ mode: '503', nth: 2, times: 2 }]);
    const run = [];
    for (let i = 0; i < 4; i++) run.push((await get(em, REPO)).status);
    expect(run).toEqual([200, 503, 503, 200]);
  });

  it('targets a REST path regex, a method, or a GraphQL operation', async () => {
    em.setFaults([{ mode: 'not-found', path: /\/actions\/workflows\/deploy\.yml$/ }]);
    const missing = await get(em, WORKFLOW_FILE);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ message: 'Not Found', status: '404' });
    expect((await get(em, `${REPO}/actions/workflows`)).status).toBe(200);
    expect((await get(em, `/api/v3${WORKFLOW_FILE}`)).status).toBe(404);
    expect(em.faultStats()[0]).toMatchObject({ matched: 2, fired: 2 });

    em.setFaults('502:method=HEAD');
    expect((await get(em, REPO)).status).toBe(200);
    expect((await get(em, REPO, { method: 'HEAD' })).status).toBe(502);

    em.setFaults('502@Releases');
    expect((await gql(em, BRANCH_HISTORY)).status).toBe(200);
    expect((await get(em, REPO)).status).toBe(200);
    expect((await gql(em, RELEASES)).status).toBe(502);
    expect(last()).toMatchObject({ operation: 'Releases', status: 502, fault: '502', valid: true });
    expect(em.faultStats()[0]).toMatchObject({ matched: 1, fired: 1 });
  });

  it('a fault does not make an invalid request valid', async () => {
    em.setFaults('502');
    expect((await get(em, `${REPO}/releases?per_page=500`)).status).toBe(502);
    expect(last()).toMatchObject({ status: 502, fault: '502', valid: false, errors: [expect.stringMatching(/per_page/)] });
    expect((await get(em, `${REPO}/nowhere`)).status).toBe(502);
    expect(last()).toMatchObject({ valid: false, fault: '502' });
    expect((await gql(em, 'query Bad { repository(owner: "acme", name: "tiny") { colour } }')).status).toBe(502);
    expect(last()).toMatchObject({ operation: 'Bad', valid: false, fault: '502' });
  });

  it("secondary rate limits: 403 or 429, GitHub's message, retry-after when asked, remaining untouched", async () => {
    em.setFaults('secondary403:retry-after=2x1,secondary-429x1');
    const a = await get(em, REPO);
    expect(a.status).toBe(403);
    expect(a.headers.get('retry-after')).toBe('2');
    expect(Number(a.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
    expect(a.body.message).toMatch(/^You have exceeded a secondary rate limit\. Please wait a few minutes before you try again\./);
    expect(a.body.message).toContain(a.headers.get('x-github-request-id'));
    expect(a.body.documentation_url).toBe(
      'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
    );
    const b = await gql(em, RELEASES);
    expect(b.status).toBe(429);
    expect(b.headers.get('retry-after')).toBeNull();
    expect(b.body.message).toMatch(/secondary rate limit/);
    expect(em.requests.slice(-2).map((e) => e.fault)).toEqual(['secondary-403', 'secondary-429']);
  });

  it('primary-exhausted: 403, remaining 0, reset the configured seconds ahead', async () => {
    em.setFaults([{ mode: 'primary-exhausted', resetIn: 30, times: 1 }]);
    const before = Math.floor(Date.now() / 1000);
    const r = await get(em, `${REPO}/releases`);
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/^API rate limit exceeded for user ID 1\./);
    expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(r.headers.get('x-ratelimit-used')).toBe('1000');
    const reset = Number(r.headers.get('x-ratelimit-reset'));
    expect(reset - before).toBeGreaterThanOrEqual(30);
    expect(reset - before).toBeLessThanOrEqual(31);
    expect(Number((await get(em, `${REPO}/releases`)).headers.get('x-ratelimit-remaining'))).toBeGreaterThan(0);
  });

  it('reset: the connection is reset without a response, and logged with status 0', async () => {
    em.setFaults('resetx1');
    const error = await fetch(`${em.url}${REPO}`).then(
      () => null,
      (e: unknown) => e as Error & { cause?: { code?: string } },
    );
    expect(error).not.toBeNull();
    expect(error!.cause?.code).toBe('ECONNRESET');
    expect(last()).toMatchObject({ path: REPO, status: 0, fault: 'reset', valid: true });
    expect((await get(em, REPO)).status).toBe(200);
    expect(em.faultStats()[0]).toMatchObject({ fired: 1 });
  });

  it('slow: the response comes after the client gave up', async () => {
    em.setFaults([{ mode: 'slow', delayMs: 400, times: 1 }]);
    await expect(fetch(`${em.url}${REPO}`, { signal: AbortSignal.timeout(100) })).rejects.toThrow(/timeout|aborted/i);
    expect(last()).toMatchObject({ status: 200, fault: 'slow' });
    em.setFaults([{ mode: 'slow', delayMs: 80 }]);
    const t1 = performance.now();
    expect((await get(em, REPO)).body.full_name).toBe('acme/tiny');
    expect(performance.now() - t1).toBeGreaterThanOrEqual(75);
  });

  it('truncated-json and invalid-json: 200 with a JSON content type and a body that does not parse', async () => {
    em.setFaults('truncated-jsonx1,invalid-jsonx1,truncated@Releases');
    for (const r of [await get(em, `${REPO}/releases`), await get(em, `${REPO}/nowhere`), await gql(em, RELEASES)]) {
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(Number(r.headers.get('content-length'))).toBe(Buffer.byteLength(r.text));
      expect(() => JSON.parse(r.text)).toThrow();
      expect(r.text.length).toBeGreaterThan(0);
    }
    // The 404 stays invalid in the log although the client saw a 200.
    expect(em.requests.slice(-3).map((e) => [e.status, e.fault, e.valid])).toEqual([
      [200, 'truncated-json', true],
      [200, 'invalid-json', false],
      [200, 'truncated-json', true],
    ]);
  });

  it('graphql-errors-partial: 200 with errors and data, one field null, like GitHub', async () => {
    em.setFaults('graphql-partial@BranchHistory');
    const r = await gql(em, BRANCH_HISTORY);
    expect(r.status).toBe(200);
    expect(r.body.data.rateLimit).toMatchObject({ cost: 1 });
    expect(r.body.data.repository).toEqual({ ref: null });
    expect(r.body.errors).toEqual([
      {
        message: expect.stringMatching(/^Something went wrong while executing your query\. This may be the result of a timeout/),
        path: ['repository', 'ref'],
        locations: [{ line: 4, column: 5 }],
      },
    ]);
    expect(last()).toMatchObject({ operation: 'BranchHistory', fault: 'graphql-errors-partial', valid: true, status: 200 });
    // Other operations and REST requests are not matched.
    expect((await gql(em, RELEASES)).body.errors).toBeUndefined();
    expect((await get(em, REPO)).status).toBe(200);
    expect(em.faultStats()[0]).toMatchObject({ matched: 1, fired: 1 });

    // A chosen field and error type; a non-null field nulls its nearest nullable parent, as graphql-js and GitHub do.
    em.setFaults([{ mode: 'graphql-errors-partial', field: 'repository.releases.nodes.tagName', type: 'FORBIDDEN' }]);
    const f = await gql(em, RELEASES);
    expect(f.body.errors).toEqual([
      expect.objectContaining({
        type: 'FORBIDDEN',
        message: 'Resource not accessible by integration',
        path: ['repository', 'releases', 'nodes', 0, 'tagName'],
      }),
    ]);
    expect(f.body.data.repository.releases.nodes[0]).toBeNull();
    expect(f.body.data.repository.releases.nodes[1]).toEqual({ tagName: expect.any(String) });

    // Nothing nullable below the top level: the top-level field goes.
    em.setFaults('partial');
    const top = await gql(em, 'query Cost { rateLimit { cost remaining } }');
    expect(top.body).toMatchObject({ data: { rateLimit: null }, errors: [{ path: ['rateLimit'] }] });
  });

  it('graphql-rate-limited: 200 (or 403) with RATE_LIMITED, remaining 0; REST requests untouched', async () => {
    em.setFaults('graphql-rate-limitedx1,graphql-rate-limited:status=403:reset-in=9x1');
    expect((await get(em, REPO)).status).toBe(200);
    const a = await gql(em, RELEASES);
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.' }] });
    expect(a.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(a.headers.get('x-ratelimit-resource')).toBe('graphql');
    const b = await gql(em, RELEASES, {}, '/api/graphql');
    expect(b.status).toBe(403);
    expect(b.body.errors[0].type).toBe('RATE_LIMITED');
    expect(Number(b.headers.get('x-ratelimit-reset')) - Date.now() / 1000).toBeGreaterThan(7);
    expect((await gql(em, RELEASES)).body.data.repository.releases.nodes.length).toBeGreaterThan(0);
    expect(em.faultStats().map((s) => s.fired)).toEqual([1, 1]);
  });

  it('forbidden: 403 "Resource not accessible by integration" citing the endpoint\'s documentation', async () => {
    em.setFaults('forbidden@/deployments');
    const r = await get(em, `${REPO}/deployments?environment=production`);
    expect(r.status).toBe(403);
    expect(r.body).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: expect.stringMatching(/^https:\/\/docs\.github\.com\/rest\/deployments\/deployments#list-deployments$/),
      status: '403',
    });
    expect(last()).toMatchObject({ status: 403, fault: 'forbidden', valid: true });
  });

  it('writes the fault into the JSON log too', async () => {
    const logPath = join(dir, 'faults.jsonl');
    const logged = await startEmulator({ dataset: historyDataset(), logPath, faults: '503x1' });
    try {
      await get(logged, REPO);
      await get(logged, REPO);
    } finally {
      await logged.close();
    }
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(logPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { method: 'GET', path: REPO, query: {}, status: 503, operation: null, valid: true, errors: [], fault: '503' },
      { method: 'GET', path: REPO, query: {}, status: 200, operation: null, valid: true, errors: [] },
    ]);
  });

  it('close() does not wait for a slow response', async () => {
    // The response would take 65 s (the default delay): had close() waited for it, the test would
    // pass vitest's 5 s limit and fail. No stopwatch: only the order of events is asserted.
    const slow = await startEmulator({ dataset: historyDataset(), faults: [{ mode: 'slow' }] });
    const pending = fetch(`${slow.url}${REPO}`).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await slow.close();
    expect(await pending).toBeInstanceOf(Error);
  });

  it('rejects a bad spec given to startEmulator or setFaults', async () => {
    await expect(startEmulator({ dataset: historyDataset(), faults: [{ mode: 'teapot' } as unknown as FaultSpec] })).rejects.toThrow(
      /unknown fault mode/,
    );
    expect(() => em.setFaults('502x')).toThrow(/cannot read fault|unknown fault mode/);
  });
});

describe('the rate limit runs out', () => {
  it('REST: remaining counts down to 0, then the primary-limit 403 with reset headers', async () => {
    const em = await startEmulator({ dataset: historyDataset(), rateLimit: 3 });
    try {
      const seen = [];
      for (let i = 0; i < 5; i++) {
        const r = await get(em, REPO);
        seen.push([r.status, r.headers.get('x-ratelimit-remaining')]);
        if (r.status === 403) {
          expect(r.body.message).toMatch(/^API rate limit exceeded for user ID 1/);
          expect(Number(r.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
          expect(r.headers.get('x-ratelimit-used')).toBe('3');
        }
      }
      expect(seen).toEqual([
        [200, '2'],
        [200, '1'],
        [200, '0'],
        [403, '0'],
        [403, '0'],
      ]);
      // Reading the limit is free and still answers.
      expect((await get(em, '/rate_limit')).body.resources.core).toMatchObject({ remaining: 0, used: 3, limit: 3 });
    } finally {
      await em.close();
    }
  });

  it('GraphQL: points run out, then RATE_LIMITED', async () => {
    const em = await startEmulator({ dataset: historyDataset(), rateLimit: 2 });
    try {
      const a = await gql(em, BRANCH_HISTORY);
      const b = await gql(em, BRANCH_HISTORY);
      expect([a.body.data.rateLimit.remaining, b.body.data.rateLimit.remaining]).toEqual([1, 0]);
      expect(b.headers.get('x-ratelimit-remaining')).toBe('0');
      const c = await gql(em, BRANCH_HISTORY);
      expect(c.status).toBe(200);
      expect(c.body).toEqual({
        errors: [{ type: 'RATE_LIMITED', message: expect.stringMatching(/^API rate limit (already )?exceeded for user ID 1\.$/) }],
      });
      expect(c.headers.get('x-ratelimit-remaining')).toBe('0');
    } finally {
      await em.close();
    }
  });
});

describe('GHES descriptions', () => {
  it('finds the oldest ghes-* description shipped', () => {
    const oldest = oldestGhesDescription();
    expect(oldest).toMatch(/^ghes-\d+\.\d+$/);
    expect(ghesDescriptions()[0]).toBe(oldest);
    const [major, minor] = oldest.slice(5).split('.').map(Number);
    for (const name of availableDescriptions().filter((n) => n.startsWith('ghes-'))) {
      const [ma, mi] = name.slice(5).split('.').map(Number);
      expect(ma! > major! || (ma === major && mi! >= minor!)).toBe(true);
    }
    expect(availableDescriptions()).toContain('api.github.com');
  });

  it("the action's request sequence validates under the oldest GHES description, at /api/v3 and /api/graphql", async () => {
    const em = await startEmulator({ dataset: historyDataset(), openapi: oldestGhesDescription() });
    try {
      expect(em.openapi).toBe(oldestGhesDescription());
      const v3 = `/api/v3${REPO}`;
      const paths = [
        v3,
        `${v3}/actions/workflows?per_page=100`,
        `${v3}/actions/workflows/11/runs?branch=main&status=completed&created=2026-01-01T00:00:00Z..2026-02-01T00:00:00Z&exclude_pull_requests=true&per_page=100&page=1`,
        `${v3}/actions/workflows/11/runs?branch=main&status=success&created=%3C2026-01-01T00:00:00Z&exclude_pull_requests=true&per_page=10`,
        `${v3}/environments?per_page=100`,
        `${v3}/deployments?environment=production&per_page=100`,
        `${v3}/releases?per_page=100`,
        `${v3}/issues?state=all&labels=incident&per_page=100`,
        '/api/v3/rate_limit',
      ];
      for (const p of paths) expect((await get(em, p)).status, p).toBe(200);
      const deployments = (await get(em, `${v3}/deployments?per_page=1`)).body;
      if (deployments.length > 0) expect((await get(em, `${v3}/deployments/${deployments[0].id}/statuses?per_page=100`)).status).toBe(200);
      expect((await gql(em, BRANCH_HISTORY, {}, '/api/graphql')).body.data.repository.ref).not.toBeNull();
      expect(em.requests.filter((e) => !e.valid || e.errors.length > 0)).toEqual([]);

      // An endpoint api.github.com has and this GHES release lacks is a 404 there.
      const timing = await get(em, `${v3}/actions/workflows/11/timing`);
      expect(timing.status).toBe(404);
      expect(em.requests.at(-1)).toMatchObject({ valid: false });
    } finally {
      await em.close();
    }
  });

  it('rejects an unknown description', async () => {
    await expect(startEmulator({ dataset: historyDataset(), openapi: 'ghes-1.0' })).rejects.toThrow(
      /Unknown OpenAPI description "ghes-1\.0".*api\.github\.com/,
    );
  });
});

describe('CLI --faults', () => {
  const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
  const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

  function run(args: string[]): {
    child: ReturnType<typeof spawn>;
    url: Promise<string>;
    exit: Promise<{ code: number | null; stderr: string }>;
  } {
    const child = spawn(process.execPath, [tsx, cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
    const url = new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      void exit.then(({ code }) => reject(new Error(`cli exited ${code}: ${stderr}`)));
    });
    url.catch(() => undefined);
    return { child, url, exit };
  }

  it('serves the faults given on the command line, and refuses a bad spec', async () => {
    const data = join(dir, 'tiny.json');
    writeFileSync(data, JSON.stringify(historyDataset()));
    const good = run(['--data', data, '--port', '0', '--faults', '502x2,graphql-partial@BranchHistory', '--openapi', 'oldest-ghes']);
    const bad = run(['--data', data, '--faults', '502x2,teapot']);
    try {
      const url = await good.url;
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${url}/api/v3${REPO}`)).status);
      expect(statuses).toEqual([502, 502, 200]);
      const partial = await fetch(`${url}/api/graphql`, { method: 'POST', body: JSON.stringify({ query: BRANCH_HISTORY }) });
      expect(((await partial.json()) as { errors: unknown[] }).errors).toHaveLength(1);
      const { code, stderr } = await bad.exit;
      expect(code).toBe(2);
      expect(stderr).toMatch(/--faults: unknown fault mode "teapot"/);
    } finally {
      good.child.kill('SIGTERM');
      await good.exit;
    }
  }, 20_000);
});

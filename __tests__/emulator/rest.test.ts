import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ajv, responseSchema } from './openapi.js';
import { type Emulator, startEmulator } from './server.js';
import { historyDataset, manyRunsDataset } from './synthetic.js';

/** The example datasets live in the repository (__tests__/fixtures/examples). */
const SMALL_PATH = fileURLToPath(new URL('../fixtures/examples/small-30d.json', import.meta.url));

interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

async function get(em: Emulator, path: string, init?: RequestInit): Promise<Reply> {
  const res = await fetch(`${em.url}${path}`, init);
  return { status: res.status, headers: res.headers, body: await res.json() };
}

/** `Link` header as { rel: url }. */
function links(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of header?.split(', ') ?? []) {
    const m = /^<([^>]+)>; rel="(\w+)"$/.exec(part);
    if (m) out[m[2]!] = m[1]!;
  }
  return out;
}

describe('REST over the small example dataset', () => {
  let em: Emulator;
  beforeAll(async () => {
    em = await startEmulator({ dataset: SMALL_PATH });
  });
  afterAll(() => em.close());

  it('paginates with per_page and page, and Link headers keeping the query', async () => {
    const first = await get(em, '/repos/acme/shop/actions/runs?event=push&per_page=50');
    expect(first.status).toBe(200);
    expect(first.body.workflow_runs).toHaveLength(50);
    const total = first.body.total_count as number;
    const lastPage = Math.ceil(total / 50);
    const l = links(first.headers.get('link'));
    expect(Object.keys(l)).toEqual(['next', 'last']);
    expect(l.next).toBe(`${em.url}/repos/acme/shop/actions/runs?event=push&per_page=50&page=2`);
    expect(l.last).toBe(`${em.url}/repos/acme/shop/actions/runs?event=push&per_page=50&page=${lastPage}`);

    const second = await get(em, '/repos/acme/shop/actions/runs?event=push&per_page=50&page=2');
    expect(Object.keys(links(second.headers.get('link')))).toEqual(['prev', 'next', 'last', 'first']);
    expect(second.body.workflow_runs[0].id).not.toBe(first.body.workflow_runs[0].id);

    const last = await get(em, `/repos/acme/shop/actions/runs?event=push&per_page=50&page=${lastPage}`);
    expect(Object.keys(links(last.headers.get('link')))).toEqual(['prev', 'first']);
    expect(last.body.workflow_runs).toHaveLength(total - 50 * (lastPage - 1));
  });

  it('defaults to 30 per page', async () => {
    const r = await get(em, '/repos/acme/shop/issues?state=all');
    expect(r.body).toHaveLength(30);
  });

  it('lists runs newest first, every one of them across pages', async () => {
    const seen: { id: number; created_at: string }[] = [];
    let url: string | undefined = `${em.url}/repos/acme/shop/actions/workflows/deploy.yml/runs?per_page=100`;
    while (url) {
      const res = await fetch(url);
      const body = (await res.json()) as { total_count: number; workflow_runs: { id: number; created_at: string }[] };
      seen.push(...body.workflow_runs);
      url = links(res.headers.get('link')).next;
    }
    const byId = await get(em, '/repos/acme/shop/actions/workflows/deploy.yml/runs?per_page=1');
    expect(seen).toHaveLength(byId.body.total_count);
    for (let i = 1; i < seen.length; i++) {
      const a = seen[i - 1]!;
      const b = seen[i]!;
      expect(a.created_at > b.created_at || (a.created_at === b.created_at && a.id > b.id)).toBe(true);
    }
  });

  it('accepts a workflow by numeric id or file name, and 404s an unknown one', async () => {
    const workflows = await get(em, '/repos/acme/shop/actions/workflows');
    const deploy = workflows.body.workflows.find((w: { path: string }) => w.path.endsWith('/deploy.yml'));
    const byName = await get(em, '/repos/acme/shop/actions/workflows/deploy.yml/runs?per_page=1');
    const byId = await get(em, `/repos/acme/shop/actions/workflows/${deploy.id}/runs?per_page=1`);
    expect(byName.body.total_count).toBeGreaterThan(0);
    expect(byId.body.total_count).toBe(byName.body.total_count);
    expect(byName.body.workflow_runs[0].workflow_id).toBe(deploy.id);
    const missing = await get(em, '/repos/acme/shop/actions/workflows/nope.yml/runs');
    expect(missing.status).toBe(404);
    expect(em.requests.at(-1)!.valid).toBe(true);
  });

  it('filters runs by created ranges, status and conclusion', async () => {
    const all = await get(em, '/repos/acme/shop/actions/runs?created=2026-05-01..2026-05-10&per_page=100');
    expect(all.body.total_count).toBeGreaterThan(0);
    for (const run of all.body.workflow_runs) {
      expect(run.created_at >= '2026-05-01T00:00:00Z' && run.created_at < '2026-05-11T00:00:00Z').toBe(true);
    }
    const lower = await get(em, '/repos/acme/shop/actions/runs?created=%3E%3D2026-05-01T00:00:00Z&per_page=1');
    const upper = await get(em, '/repos/acme/shop/actions/runs?created=%3C2026-05-01T00:00:00Z&per_page=1');
    const everything = await get(em, '/repos/acme/shop/actions/runs?per_page=1');
    expect(lower.body.total_count + upper.body.total_count).toBe(everything.body.total_count);
    const open = await get(em, '/repos/acme/shop/actions/runs?created=2026-05-01..*&per_page=1');
    expect(open.body.total_count).toBe(lower.body.total_count);

    const failures = await get(em, '/repos/acme/shop/actions/runs?status=failure&per_page=100');
    expect(failures.body.workflow_runs.every((r: { conclusion: string }) => r.conclusion === 'failure')).toBe(true);
    const completed = await get(em, '/repos/acme/shop/actions/runs?status=completed&per_page=1');
    const success = await get(em, '/repos/acme/shop/actions/runs?status=success&per_page=1');
    expect(completed.body.total_count).toBeGreaterThan(success.body.total_count);
  });

  it('rejects a bad parameter with 422 and logs it invalid', async () => {
    for (const query of [
      'per_page=101',
      'status=exploded',
      'per_page=ten',
      'created=last-week',
      'colour=blue',
      'exclude_pull_requests=maybe',
    ]) {
      const r = await get(em, `/repos/acme/shop/actions/runs?${query}`);
      expect(r.status, query).toBe(422);
      expect(r.body.message).toMatch(/^Invalid request/);
      expect(r.body.documentation_url).toMatch(/^https:\/\/docs\.github\.com\//);
      expect(r.body.errors.length).toBeGreaterThan(0);
      const entry = em.requests.at(-1)!;
      expect(entry.valid).toBe(false);
      expect(entry.status).toBe(422);
    }
  });

  it('answers an unknown path or method with 404, logged invalid', async () => {
    const r = await get(em, '/repos/acme/shop/deploymentz');
    expect(r.status).toBe(404);
    expect(r.body.message).toBe('Not Found');
    expect(em.requests.at(-1)).toMatchObject({ status: 404, valid: false });
    const wrongMethod = await get(em, '/repos/acme/shop/actions/workflows', { method: 'POST' });
    expect(wrongMethod.status).toBe(404);
    expect(em.requests.at(-1)!.valid).toBe(false);
  });

  it('404s another repository (a valid request GitHub would answer the same way)', async () => {
    const r = await get(em, '/repos/acme/other/releases');
    expect(r.status).toBe(404);
    expect(em.requests.at(-1)!.valid).toBe(true);
  });

  it('serves the GitHub Enterprise Server layout under /api/v3 with URLs under it', async () => {
    const r = await get(em, '/api/v3/repos/acme/shop/releases?per_page=2');
    expect(r.status).toBe(200);
    expect(r.body[0].url).toMatch(new RegExp(`^${em.url}/api/v3/repos/acme/shop/releases/\\d+$`));
    expect(r.body[0].html_url).toMatch(/^https:\/\/github\.com\/acme\/shop\/releases\/tag\//);
    expect(links(r.headers.get('link')).next).toMatch(new RegExp(`^${em.url}/api/v3/repos/acme/shop/releases\\?`));
    const bad = await get(em, '/api/v3/repos/acme/shop/releases?per_page=500');
    expect(bad.status).toBe(422);
  });

  it('sends rate limit headers that count down, and /rate_limit does not count', async () => {
    const a = await get(em, '/repos/acme/shop');
    const b = await get(em, '/repos/acme/shop');
    expect(a.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(a.headers.get('x-github-request-id')).toBeTruthy();
    expect(a.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(a.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(b.headers.get('x-ratelimit-remaining'))).toBe(Number(a.headers.get('x-ratelimit-remaining')) - 1);
    expect(Number(b.headers.get('x-ratelimit-used'))).toBe(Number(a.headers.get('x-ratelimit-used')) + 1);
    expect(Number(a.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    const rl1 = await get(em, '/rate_limit');
    const rl2 = await get(em, '/rate_limit');
    expect(rl2.body.resources.core.remaining).toBe(rl1.body.resources.core.remaining);
    expect(rl1.body.rate).toEqual(rl1.body.resources.core);
  });

  it('lists releases newest first and deployment statuses newest first', async () => {
    const releases = await get(em, '/repos/acme/shop/releases?per_page=100');
    const created = releases.body.map((r: { created_at: string }) => r.created_at);
    expect(created).toEqual([...created].sort().reverse());
    const deployments = await get(em, '/repos/acme/shop/deployments?environment=production&per_page=5');
    expect(deployments.body.every((d: { environment: string }) => d.environment === 'production')).toBe(true);
    const statuses = await get(em, `/repos/acme/shop/deployments/${deployments.body[0].id}/statuses`);
    const times = statuses.body.map((s: { created_at: string }) => s.created_at);
    expect(times.length).toBeGreaterThan(0);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('lists the environments deployments went to', async () => {
    const r = await get(em, '/repos/acme/shop/environments');
    expect(r.body.environments.map((e: { name: string }) => e.name)).toEqual(['production', 'staging']);
    expect(r.body.total_count).toBe(2);
  });

  it('issues: comma-separated labels mean all of them; PRs carry pull_request', async () => {
    const both = await get(em, '/repos/acme/shop/issues?labels=incident,sev2&state=all&per_page=100');
    expect(both.body.length).toBeGreaterThan(0);
    for (const issue of both.body)
      expect(issue.labels.map((l: { name: string }) => l.name)).toEqual(expect.arrayContaining(['incident', 'sev2']));
    const one = await get(em, '/repos/acme/shop/issues?labels=incident&state=all&per_page=100');
    expect(one.body.length).toBeGreaterThan(both.body.length);

    const all = await get(em, '/repos/acme/shop/issues?state=all&per_page=100&sort=created&direction=asc');
    const pulls = all.body.filter((i: { pull_request?: unknown }) => i.pull_request);
    expect(pulls.length).toBeGreaterThan(0);
    expect(pulls.length).toBeLessThan(all.body.length);
    const numbers = all.body.map((i: { created_at: string }) => i.created_at);
    expect(numbers).toEqual([...numbers].sort());

    const since = await get(em, '/repos/acme/shop/issues?state=closed&since=2026-05-25T00:00:00Z&per_page=100');
    for (const i of since.body) {
      expect(i.state).toBe('closed');
      expect(i.updated_at >= '2026-05-25T00:00:00Z').toBe(true);
    }
  });

  it('shows bots as name[bot] with type Bot', async () => {
    const r = await get(em, '/repos/acme/shop/deployments?per_page=1');
    expect(r.body[0].creator).toMatchObject({ login: 'github-actions[bot]', type: 'Bot' });
  });

  const samples: [string, string][] = [
    ['/repos/{owner}/{repo}', '/repos/acme/shop'],
    ['/repos/{owner}/{repo}/actions/workflows', '/repos/acme/shop/actions/workflows'],
    ['/repos/{owner}/{repo}/actions/runs', '/repos/acme/shop/actions/runs?event=pull_request&per_page=100'],
    ['/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', '/repos/acme/shop/actions/workflows/deploy.yml/runs?per_page=100'],
    ['/repos/{owner}/{repo}/environments', '/repos/acme/shop/environments'],
    ['/repos/{owner}/{repo}/releases', '/repos/acme/shop/releases?per_page=100'],
    ['/repos/{owner}/{repo}/deployments', '/repos/acme/shop/deployments?per_page=100'],
    ['/repos/{owner}/{repo}/issues', '/repos/acme/shop/issues?state=all&per_page=100'],
    ['/rate_limit', '/rate_limit'],
  ];
  it.each(samples)('%s responds with what the OpenAPI response schema requires', async (template, path) => {
    const r = await get(em, path);
    expect(r.status).toBe(200);
    const validate = ajv().compile(responseSchema('GET', template) as object);
    expect(validate(r.body), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('deployment statuses match the OpenAPI response schema', async () => {
    const deployments = await get(em, '/repos/acme/shop/deployments?per_page=1');
    const r = await get(em, `/repos/acme/shop/deployments/${deployments.body[0].id}/statuses`);
    const validate = ajv().compile(responseSchema('GET', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses') as object);
    expect(validate(r.body), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });
});

describe('workflow runs search cap', () => {
  let em: Emulator;
  beforeAll(async () => {
    em = await startEmulator({ dataset: manyRunsDataset(1050) });
  });
  afterAll(() => em.close());

  it('serves only the first 1,000 results of a filtered query, with the full total_count', async () => {
    const p10 = await get(em, '/repos/acme/busy/actions/runs?status=completed&per_page=100&page=10');
    expect(p10.body.total_count).toBe(1050);
    expect(p10.body.workflow_runs).toHaveLength(100);
    expect(links(p10.headers.get('link')).next).toBeUndefined();
    const p11 = await get(em, '/repos/acme/busy/actions/runs?status=completed&per_page=100&page=11');
    expect(p11.body.total_count).toBe(1050);
    expect(p11.body.workflow_runs).toHaveLength(0);
    const created = await get(em, '/repos/acme/busy/actions/workflows/deploy.yml/runs?created=*..2026-01-02&per_page=100&page=11');
    expect(created.body.workflow_runs).toHaveLength(0);
  });

  it('serves everything when no capping filter is used', async () => {
    const p11 = await get(em, '/repos/acme/busy/actions/runs?per_page=100&page=11');
    expect(p11.body.workflow_runs).toHaveLength(50);
    expect(p11.body.workflow_runs.at(-1).id).toBe(1_000_000);
  });

  it('a split created range reaches every run', async () => {
    const a = await get(em, '/repos/acme/busy/actions/runs?created=%3C2026-01-01T12:00:00Z&per_page=1');
    const b = await get(em, '/repos/acme/busy/actions/runs?created=%3E%3D2026-01-01T12:00:00Z&per_page=1');
    expect(a.body.total_count).toBe(720);
    expect(a.body.total_count + b.body.total_count).toBe(1050);
  });
});

describe('authentication', () => {
  let em: Emulator;
  beforeAll(async () => {
    em = await startEmulator({ dataset: historyDataset(), token: 's3cret' });
  });
  afterAll(() => em.close());

  it('accepts `token <t>` and `Bearer <t>`, rejects anything else with 401 Bad credentials', async () => {
    expect((await get(em, '/repos/acme/tiny', { headers: { authorization: 'token s3cret' } })).status).toBe(200);
    expect((await get(em, '/repos/acme/tiny', { headers: { authorization: 'Bearer s3cret' } })).status).toBe(200);
    const wrong = await get(em, '/repos/acme/tiny', { headers: { authorization: 'token nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('Bad credentials');
    expect(em.requests.at(-1)!.valid).toBe(false);
    const none = await fetch(`${em.graphqlUrl}`, { method: 'POST', body: JSON.stringify({ query: '{ rateLimit { cost } }' }) });
    expect(none.status).toBe(401);
  });
});

describe('rate limit exhaustion', () => {
  it('answers 403 with remaining 0 once the budget is spent', async () => {
    const em = await startEmulator({ dataset: historyDataset(), rateLimit: 2 });
    try {
      expect((await get(em, '/repos/acme/tiny')).status).toBe(200);
      const second = await get(em, '/repos/acme/tiny');
      expect(second.status).toBe(200);
      expect(second.headers.get('x-ratelimit-remaining')).toBe('0');
      const third = await get(em, '/repos/acme/tiny');
      expect(third.status).toBe(403);
      expect(third.body.message).toMatch(/rate limit exceeded/);
      expect(third.headers.get('x-ratelimit-remaining')).toBe('0');
    } finally {
      await em.close();
    }
  });
});

/**
 * Several repositories in one emulator (`datasets`), as one token sees an organisation: each
 * request is answered from the dataset its path or `repository(owner, name)` names, a repository no
 * dataset describes is GitHub's 404 / NOT_FOUND, and the rate limits are one budget.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dataset } from './dataset.js';
import { startEmulator } from './server.js';
import { historyDataset, manyRunsDataset } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'emulator-multi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** historyDataset under another repository name. */
function renamed(owner: string, name: string): Dataset {
  const d = historyDataset();
  return { ...d, repository: { ...d.repository, owner, name } };
}

const gql = async (url: string, query: string): Promise<any> =>
  (await fetch(url, { method: 'POST', body: JSON.stringify({ query }) })).json();

describe('emulator serving several repositories', () => {
  it('routes REST requests by /repos/{owner}/{repo}, case-insensitively, on both layouts', async () => {
    const em = await startEmulator({ datasets: [historyDataset(), manyRunsDataset(3), renamed('globex', 'tiny')] });
    try {
      const names = [];
      for (const path of ['/repos/acme/tiny', '/repos/acme/busy', '/repos/GLOBEX/Tiny', '/api/v3/repos/acme/busy']) {
        const r = await fetch(`${em.url}${path}`);
        expect(r.status, path).toBe(200);
        names.push(((await r.json()) as { full_name: string }).full_name);
      }
      expect(names).toEqual(['acme/tiny', 'acme/busy', 'globex/tiny', 'acme/busy']);

      // Each repository's own records: busy has 3 runs, tiny none.
      const busy = (await (await fetch(`${em.url}/repos/acme/busy/actions/runs?per_page=100`)).json()) as { total_count: number };
      const tiny = (await (await fetch(`${em.url}/repos/acme/tiny/actions/runs?per_page=100`)).json()) as { total_count: number };
      expect([busy.total_count, tiny.total_count]).toEqual([3, 0]);
      const releases = (await (await fetch(`${em.url}/repos/globex/tiny/releases`)).json()) as { tag_name: string }[];
      expect(releases.map((r) => r.tag_name)).toEqual(['v1.1.0', 'v1.0.0']);
      expect(em.requests.every((r) => r.valid)).toBe(true);
    } finally {
      await em.close();
    }
  });

  it("answers a repository no dataset describes with GitHub's 404, a valid request", async () => {
    const em = await startEmulator({ datasets: [historyDataset(), manyRunsDataset(1)] });
    try {
      for (const path of ['/repos/acme/nope', '/repos/acme/nope/releases', '/repos/other/tiny/actions/workflows/deploy.yml/runs']) {
        const r = await fetch(`${em.url}${path}`);
        expect(r.status, path).toBe(404);
        expect(await r.json()).toMatchObject({ message: 'Not Found', status: '404' });
      }
      expect(em.requests.map((r) => [r.status, r.valid])).toEqual([
        [404, true],
        [404, true],
        [404, true],
      ]);
    } finally {
      await em.close();
    }
  });

  it('resolves GraphQL repository(owner, name) per dataset, and NOT_FOUND for an unknown one', async () => {
    const em = await startEmulator({ datasets: [historyDataset(), manyRunsDataset(1), renamed('globex', 'tiny')] });
    try {
      const both = await gql(
        em.graphqlUrl,
        '{ a: repository(owner: "acme", name: "tiny") { nameWithOwner pullRequests(first: 1) { totalCount } } ' +
          'b: repository(owner: "Acme", name: "BUSY") { nameWithOwner pullRequests(first: 1) { totalCount } } ' +
          'c: repository(owner: "globex", name: "tiny") { nameWithOwner } }',
      );
      expect(both).toEqual({
        data: {
          a: { nameWithOwner: 'acme/tiny', pullRequests: { totalCount: 5 } },
          b: { nameWithOwner: 'acme/busy', pullRequests: { totalCount: 0 } },
          c: { nameWithOwner: 'globex/tiny' },
        },
      });
      const missing = await gql(em.graphqlUrl, '{ repository(owner: "acme", name: "nope") { name } }');
      expect(missing.data).toEqual({ repository: null });
      expect(missing.errors).toEqual([
        expect.objectContaining({
          type: 'NOT_FOUND',
          path: ['repository'],
          message: "Could not resolve to a Repository with the name 'acme/nope'.",
        }),
      ]);
    } finally {
      await em.close();
    }
  });

  it('shares one rate limit across repositories, REST and GraphQL alike', async () => {
    const em = await startEmulator({ datasets: [historyDataset(), manyRunsDataset(1)], rateLimit: 3 });
    try {
      const remaining: string[] = [];
      const statuses: number[] = [];
      for (const repo of ['tiny', 'busy', 'tiny', 'busy']) {
        const r = await fetch(`${em.url}/repos/acme/${repo}`);
        statuses.push(r.status);
        remaining.push(r.headers.get('x-ratelimit-remaining') ?? '');
      }
      expect(statuses).toEqual([200, 200, 200, 403]);
      expect(remaining).toEqual(['2', '1', '0', '0']);

      const points: number[] = [];
      for (const repo of ['tiny', 'busy', 'tiny']) {
        const body = await gql(em.graphqlUrl, `{ repository(owner: "acme", name: "${repo}") { name } rateLimit { remaining } }`);
        points.push(body.data.rateLimit.remaining);
      }
      expect(points).toEqual([2, 1, 0]);
      const limited = await gql(em.graphqlUrl, '{ repository(owner: "acme", name: "busy") { name } }');
      expect(limited.errors[0]).toMatchObject({ type: 'RATE_LIMITED' });
    } finally {
      await em.close();
    }
  });

  it('serves `dataset` and `datasets` together, and refuses none or one repository twice', async () => {
    const em = await startEmulator({ dataset: historyDataset(), datasets: [manyRunsDataset(1)] });
    try {
      expect((await fetch(`${em.url}/repos/acme/tiny`)).status).toBe(200);
      expect((await fetch(`${em.url}/repos/acme/busy`)).status).toBe(200);
    } finally {
      await em.close();
    }
    await expect(startEmulator({})).rejects.toThrow('needs `dataset` or `datasets`');
    await expect(startEmulator({ datasets: [] })).rejects.toThrow('needs `dataset` or `datasets`');
    await expect(startEmulator({ datasets: [historyDataset(), renamed('ACME', 'Tiny')] })).rejects.toThrow(
      'Two datasets describe the repository ACME/Tiny',
    );
  });

  it('CLI serves every --data given', async () => {
    const a = join(dir, 'tiny.json');
    const b = join(dir, 'busy.json');
    writeFileSync(a, JSON.stringify(historyDataset()));
    writeFileSync(b, JSON.stringify(manyRunsDataset(2)));
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
    const child = spawn(process.execPath, [tsx, cli, '--data', a, '--data', b, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`cli exited ${code}: ${stderr}`)));
      });
      const names = await Promise.all(
        ['tiny', 'busy'].map(async (r) => ((await (await fetch(`${url}/repos/acme/${r}`)).json()) as { full_name: string }).full_name),
      );
      expect(names).toEqual(['acme/tiny', 'acme/busy']);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }, 20_000);
});

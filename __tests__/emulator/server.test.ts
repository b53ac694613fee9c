import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type LogEntry, startEmulator } from './server.js';
import { historyDataset } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'emulator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('emulator server', () => {
  it('writes one JSON line per request to the log file, as in `requests`', async () => {
    const logPath = join(dir, 'requests.jsonl');
    const em = await startEmulator({ dataset: historyDataset(), logPath });
    try {
      await fetch(`${em.url}/repos/acme/tiny/releases?per_page=1`);
      await fetch(`${em.url}/repos/acme/tiny/nowhere`);
      await fetch(em.graphqlUrl, {
        method: 'POST',
        body: JSON.stringify({ query: 'query Name { repository(owner: "acme", name: "tiny") { name } }' }),
      });
      await fetch(em.graphqlUrl, { method: 'POST', body: 'not json' });
    } finally {
      await em.close();
    }
    const lines = readFileSync(logPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as LogEntry);
    expect(lines).toEqual(em.requests);
    expect(lines).toEqual([
      { method: 'GET', path: '/repos/acme/tiny/releases', query: { per_page: '1' }, status: 200, operation: null, valid: true, errors: [] },
      expect.objectContaining({ method: 'GET', path: '/repos/acme/tiny/nowhere', status: 404, valid: false }),
      { method: 'POST', path: '/graphql', query: {}, status: 200, operation: 'Name', valid: true, errors: [] },
      expect.objectContaining({ method: 'POST', path: '/graphql', status: 400, valid: false }),
    ]);
  });

  it('loads a dataset file, tolerating missing lists and unknown keys', async () => {
    const path = join(dir, 'bare.json');
    writeFileSync(path, JSON.stringify({ format: 1, extra: { anything: true }, repository: { owner: 'o', name: 'r' } }));
    const em = await startEmulator({ dataset: path });
    try {
      const runs = await (await fetch(`${em.url}/repos/o/r/actions/runs`)).json();
      expect(runs).toEqual({ total_count: 0, workflow_runs: [] });
      const gql = await (
        await fetch(em.graphqlUrl, {
          method: 'POST',
          body: JSON.stringify({
            query: '{ repository(owner: "o", name: "r") { defaultBranchRef { name } pullRequests(first: 5) { totalCount } } }',
          }),
        })
      ).json();
      expect(gql).toEqual({ data: { repository: { defaultBranchRef: null, pullRequests: { totalCount: 0 } } } });
    } finally {
      await em.close();
    }
  });

  it('delays responses by latencyMs', async () => {
    const em = await startEmulator({ dataset: historyDataset(), latencyMs: 60 });
    try {
      const t0 = performance.now();
      await fetch(`${em.url}/rate_limit`);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    } finally {
      await em.close();
    }
  });

  it('answers a valid but unemulated endpoint with 501, not a fake success', async () => {
    const em = await startEmulator({ dataset: historyDataset() });
    try {
      const r = await fetch(`${em.url}/repos/acme/tiny/pulls?state=closed`);
      expect(r.status).toBe(501);
      expect(em.requests.at(-1)).toMatchObject({ valid: true, status: 501 });
    } finally {
      await em.close();
    }
  });

  it('CLI prints the listening line and exits cleanly on SIGTERM', async () => {
    const data = join(dir, 'tiny.json');
    writeFileSync(data, JSON.stringify(historyDataset()));
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
    const child = spawn(process.execPath, [tsx, cli, '--data', data, '--port', '0', '--latency', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
    const repo = (await (await fetch(`${url}/repos/acme/tiny`)).json()) as { full_name: string };
    expect(repo.full_name).toBe('acme/tiny');
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(stdout).toBe(`listening on ${url}\n`);
  }, 20_000);
});

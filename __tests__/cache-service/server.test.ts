/**
 * The cache stand-in against the real @actions/cache client (v1 protocol, over HTTP): what is
 * saved comes back, lookup picks keys as the service does, and a broken entry or a refused save is
 * the client's usual warning, never an exception.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { restoreCache, saveCache } from '@actions/cache';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCacheService, type CacheService } from './server.js';

const ENV_KEYS = [
  'ACTIONS_CACHE_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_RESULTS_URL',
  'GITHUB_WORKSPACE',
  'RUNNER_TEMP',
  'GITHUB_SERVER_URL',
] as const;

describe('cache service stand-in with @actions/cache', () => {
  let service: CacheService;
  let dir: string;
  let file: string;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>> = {};

  beforeAll(async () => {
    service = await startCacheService();
    for (const key of ENV_KEYS) saved[key] = process.env[key];
  });
  afterAll(async () => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await service.close();
  });
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dora-cache-'));
    await fs.mkdir(path.join(dir, 'work'));
    await fs.mkdir(path.join(dir, 'temp'));
    file = path.join(dir, 'temp', 'state.json');
    process.env.ACTIONS_CACHE_URL = service.url;
    process.env.ACTIONS_RUNTIME_TOKEN = service.token;
    process.env.GITHUB_WORKSPACE = path.join(dir, 'work');
    process.env.RUNNER_TEMP = path.join(dir, 'temp');
    process.env.GITHUB_SERVER_URL = 'https://github.com';
    delete process.env.ACTIONS_CACHE_SERVICE_V2;
    delete process.env.ACTIONS_RESULTS_URL;
  });
  afterEach(async () => {
    service.fail('lookup', null);
    service.fail('reserve', null);
    service.fail('download', null);
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('gives back what was saved, matched by a restore key prefix', async () => {
    await fs.writeFile(file, '{"hello":"cache"}');
    const id = await saveCache([file], 'roundtrip-run-1');
    expect(id).toBeGreaterThan(0);
    expect(service.committed('roundtrip-').map((e) => e.key)).toEqual(['roundtrip-run-1']);
    await fs.rm(file);

    const hit = await restoreCache([file], 'roundtrip-run-2', ['roundtrip-']);
    expect(hit).toBe('roundtrip-run-1');
    expect(await fs.readFile(file, 'utf8')).toBe('{"hello":"cache"}');
    // Every call the client made was one the service understood.
    expect(service.requests.filter((r) => r.status >= 400)).toEqual([]);
    expect(service.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /_apis/artifactcache/caches',
        `PATCH /_apis/artifactcache/caches/${id}`,
        `POST /_apis/artifactcache/caches/${id}`,
        'GET /_apis/artifactcache/cache',
        `GET /_download/${id}`,
      ]),
    );
  });

  it('prefers an exact key, else the newest prefix match; another path is another version', async () => {
    for (const [key, text] of [
      ['pick-a', 'a'],
      ['pick-b', 'b'],
      ['pick-c', 'c'],
    ] as const) {
      await fs.writeFile(file, text);
      expect(await saveCache([file], key)).toBeGreaterThan(0);
    }
    expect(await restoreCache([file], 'pick-b', ['pick-'])).toBe('pick-b');
    expect(await fs.readFile(file, 'utf8')).toBe('b');
    expect(await restoreCache([file], 'pick-z', ['pick-'])).toBe('pick-c');
    expect(await restoreCache([file], 'nothing-1', ['nothing-'])).toBeUndefined();
    const other = path.join(dir, 'temp', 'other.json');
    expect(await restoreCache([other], 'pick-z', ['pick-'])).toBeUndefined();
  });

  it('refuses a second entry under the same key: the client logs it and returns -1', async () => {
    await fs.writeFile(file, 'one');
    expect(await saveCache([file], 'twice')).toBeGreaterThan(0);
    expect(await saveCache([file], 'twice')).toBe(-1);
    expect(service.requests.some((r) => r.method === 'POST' && r.status === 409)).toBe(true);
  });

  it('a garbage archive or a failing service is a miss for the client, not an exception', async () => {
    await fs.writeFile(file, 'good');
    expect(await saveCache([file], 'garbage-run-1')).toBeGreaterThan(0);
    service.overwrite('garbage-', Buffer.from('this is not a zstd tar archive'));
    await fs.rm(file);
    expect(await restoreCache([file], 'garbage-run-2', ['garbage-'])).toBeUndefined();
    await expect(fs.readFile(file, 'utf8')).rejects.toThrow();

    service.fail('lookup', 500);
    expect(await restoreCache([file], 'garbage-run-2', ['garbage-'])).toBeUndefined();
    service.fail('lookup', null);
    service.fail('reserve', 500);
    await fs.writeFile(file, 'again');
    expect(await saveCache([file], 'garbage-run-3')).toBe(-1);
  });

  it('speaks only the protocol: token, api version, whole chunks, a complete commit', async () => {
    const api = `${service.url}_apis/artifactcache/`;
    const headers = {
      authorization: `Bearer ${service.token}`,
      accept: 'application/json;api-version=6.0-preview.1',
      'content-type': 'application/json',
    };
    expect((await fetch(`${api}cache?keys=a&version=v`, { headers: { ...headers, authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${api}cache?keys=a&version=v`, { headers: { ...headers, accept: 'application/json' } })).status).toBe(400);
    expect((await fetch(`${api}cache?keys=a&version=v`, { headers })).status).toBe(204);

    const reserve = await fetch(`${api}caches`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ key: 'raw', version: 'v', cacheSize: 4 }),
    });
    expect(reserve.status).toBe(201);
    const { cacheId } = (await reserve.json()) as { cacheId: number };
    const patch = (range: string, body: string) =>
      fetch(`${api}caches/${cacheId}`, {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/octet-stream', 'content-range': range },
        body,
      });
    expect((await patch('bytes 0-2/*', 'ab')).status).toBe(400);
    expect((await patch('bytes 0-1/*', 'ab')).status).toBe(204);
    const commit = (size: number) => fetch(`${api}caches/${cacheId}`, { method: 'POST', headers, body: JSON.stringify({ size }) });
    expect((await commit(4)).status).toBe(400);
    expect((await patch('bytes 2-3/*', 'cd')).status).toBe(204);
    expect((await commit(4)).status).toBe(204);
    const found = await fetch(`${api}cache?keys=raw&version=v`, { headers });
    const entry = (await found.json()) as { cacheKey: string; archiveLocation: string };
    expect(entry.cacheKey).toBe('raw');
    expect(await (await fetch(entry.archiveLocation)).text()).toBe('abcd');
  });
});

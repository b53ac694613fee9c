/**
 * The Results service stand-in against the real toolkit clients, in-process: @actions/cache 6 on
 * its v2 path (Twirp + Azure SDK upload/download of the archive) and @actions/artifact 6 (Twirp +
 * block-blob upload of the zip, HTTP download), both talking to a real Azurite through signed URLs.
 * Azurite starts once for the file. Clients report failures as warnings (cache) or rejections
 * (artifact); the annotations they print are captured from stdout.
 */
import { randomBytes } from 'node:crypto';
import dns from 'node:dns';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { ArtifactNotFoundError, DefaultArtifactClient } from '@actions/artifact';
import { restoreCache, saveCache } from '@actions/cache';
import { BlockBlobClient } from '@azure/storage-blob';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { ARTIFACT_SERVICE, CACHE_SERVICE, type ResultsService, startResultsService } from './server.js';

const ENV_KEYS = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_CACHE_URL',
  'ACTIONS_CACHE_MODE',
  'GITHUB_SERVER_URL',
  'GITHUB_RETENTION_DAYS',
  'GITHUB_WORKSPACE',
  'RUNNER_TEMP',
  'RUNNER_DEBUG',
] as const;

/** Taken before any service hooks the lookup of the blob host name. */
const unhookedLookup = dns.lookup;
let service: ResultsService;
let dir: string;
let stdout: MockInstance<typeof process.stdout.write>;
const saved: Partial<Record<(typeof ENV_KEYS)[number], string | undefined>> = {};

/** What the clients printed (annotations such as `::warning::`, info lines), one string. */
const printed = () => stdout.mock.calls.map((call) => String(call[0])).join('');

/** A raw Twirp call, for what the clients never send. */
async function twirp(
  service: ResultsService,
  target: string,
  body: unknown,
  init: { token?: string | null; contentType?: string; method?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/json' };
  const token = init.token === undefined ? service.runtimeToken : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${service.url}twirp/${target}`, {
    method: init.method ?? 'POST',
    headers,
    ...(init.method === 'GET' ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  for (const key of ENV_KEYS) saved[key] = process.env[key];
  service = await startResultsService();
});

afterAll(async () => {
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  await service?.close();
  // Nothing is left behind: the host name hook is gone and the listeners are closed.
  expect(dns.lookup).toBe(unhookedLookup);
  await expect(fetch(service.url)).rejects.toThrow();
  await expect(fetch(service.azuriteUrl)).rejects.toThrow();
});

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dora-results-'));
  await fs.mkdir(path.join(dir, 'work'));
  await fs.mkdir(path.join(dir, 'temp'));
  for (const key of ENV_KEYS) delete process.env[key];
  Object.assign(process.env, service.env(), {
    GITHUB_WORKSPACE: path.join(dir, 'work'),
    RUNNER_TEMP: path.join(dir, 'temp'),
  });
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(async () => {
  stdout.mockRestore();
  for (const operation of [
    'CreateCacheEntry',
    'FinalizeCacheEntryUpload',
    'GetCacheEntryDownloadURL',
    'CreateArtifact',
    'FinalizeArtifact',
    'ListArtifacts',
    'GetSignedArtifactURL',
    'DeleteArtifact',
    'blob-upload',
    'blob-download',
    'blob-properties',
  ] as const) {
    service.fail(operation, null);
  }
  await fs.rm(dir, { recursive: true, force: true });
});

describe('@actions/cache v2 against the Results service stand-in', () => {
  let file: string;
  beforeEach(() => {
    file = path.join(dir, 'temp', 'state.json');
  });

  it('saves through a signed URL and restores by exact key and by restore-key prefix', async () => {
    await fs.writeFile(file, '{"hello":"results"}');
    const from = service.requests.length;
    const id = await saveCache([file], 'roundtrip-run-1');
    expect(id).toBeGreaterThan(0);
    const [entry] = service.entries().filter((e) => e.key === 'roundtrip-run-1');
    expect(entry).toMatchObject({ id, finalized: true, scope: 'refs/heads/main' });
    expect((await service.readBlob(entry!))?.length).toBe(entry!.sizeBytes);

    await fs.rm(file);
    expect(await restoreCache([file], 'roundtrip-run-1')).toBe('roundtrip-run-1');
    expect(await fs.readFile(file, 'utf8')).toBe('{"hello":"results"}');
    await fs.rm(file);
    expect(await restoreCache([file], 'roundtrip-run-2', ['roundtrip-'])).toBe('roundtrip-run-1');
    expect(await fs.readFile(file, 'utf8')).toBe('{"hello":"results"}');
    expect(printed()).toContain('Cache hit for restore-key: roundtrip-run-1');

    const calls = service.requests.slice(from);
    expect(calls.filter((r) => r.status >= 400 || r.status === 0)).toEqual([]);
    expect(calls.map((r) => (r.service === 'blob' ? `blob ${r.method}` : r.method))).toEqual([
      'CreateCacheEntry',
      'blob PUT',
      'FinalizeCacheEntryUpload',
      // The archive URL looks like Azure's, so the client takes its SDK path: HEAD, then ranged GETs.
      'GetCacheEntryDownloadURL',
      'blob HEAD',
      'blob GET',
      'GetCacheEntryDownloadURL',
      'blob HEAD',
      'blob GET',
    ]);
  });

  it('prefers the exact key, then the newest prefix match; a miss is undefined; another path is another version', async () => {
    for (const key of ['pick-a', 'pick-b', 'pick-c']) {
      await fs.writeFile(file, key);
      expect(await saveCache([file], key)).toBeGreaterThan(0);
    }
    expect(await restoreCache([file], 'pick-b', ['pick-'])).toBe('pick-b');
    expect(await fs.readFile(file, 'utf8')).toBe('pick-b');
    expect(await restoreCache([file], 'pick-z', ['pick-'])).toBe('pick-c');
    expect(await restoreCache([file], 'pick')).toBe('pick-c');
    expect(await restoreCache([file], 'nothing-1', ['nothing-'])).toBeUndefined();
    const other = path.join(dir, 'temp', 'other.json');
    expect(await restoreCache([other], 'pick-a', ['pick-'])).toBeUndefined();
    expect(service.requests.filter((r) => r.method === 'GetCacheEntryDownloadURL').every((r) => r.status === 200)).toBe(true);
  });

  it('refuses a second entry under a taken key: 409 already_exists, and saveCache returns -1', async () => {
    await fs.writeFile(file, 'one');
    expect(await saveCache([file], 'twice')).toBeGreaterThan(0);
    await fs.writeFile(file, 'two');
    expect(await saveCache([file], 'twice')).toBe(-1);
    expect(service.requests.at(-1)).toMatchObject({ method: 'CreateCacheEntry', status: 409, code: 'already_exists' });
    expect(printed()).toContain('Failed to save: Unable to reserve cache with key twice');
    expect(service.entries().filter((e) => e.key === 'twice')).toHaveLength(1);
  });

  it('honours ACTIONS_CACHE_MODE=read, and a read-only token is refused a write', async () => {
    await fs.writeFile(file, 'mode');
    expect(await saveCache([file], 'mode-1')).toBeGreaterThan(0);

    process.env.ACTIONS_CACHE_MODE = 'read';
    const from = service.requests.length;
    expect(await saveCache([file], 'mode-2')).toBe(-1);
    expect(service.requests.length).toBe(from);
    expect(printed()).toContain("Cache save skipped: the effective cache-mode 'read' does not permit writes.");
    await fs.rm(file);
    expect(await restoreCache([file], 'mode-1')).toBe('mode-1');

    delete process.env.ACTIONS_CACHE_MODE;
    process.env.ACTIONS_RUNTIME_TOKEN = service.issueToken({ scopes: [{ scope: 'refs/heads/main', permission: 1 }] });
    expect(await saveCache([file], 'mode-3')).toBe(-1);
    expect(service.requests.at(-1)).toMatchObject({ method: 'CreateCacheEntry', status: 200 });
    expect(service.entries().some((e) => e.key === 'mode-3')).toBe(false);
    expect(await restoreCache([file], 'mode-1')).toBe('mode-1');

    process.env.ACTIONS_RUNTIME_TOKEN = service.issueToken({ scopes: [] });
    expect(await restoreCache([file], 'mode-1')).toBeUndefined();
    expect(service.requests.at(-1)).toMatchObject({ method: 'GetCacheEntryDownloadURL', status: 403 });
    expect(printed()).toContain('cache read denied:');
  });

  it('keeps scopes apart: a feature branch reads main, writes its own scope', async () => {
    await fs.writeFile(file, 'from main');
    expect(await saveCache([file], 'scoped-1')).toBeGreaterThan(0);
    process.env.ACTIONS_RUNTIME_TOKEN = service.issueToken({
      scopes: [
        { scope: 'refs/heads/feature', permission: 3 },
        { scope: 'refs/heads/main', permission: 1 },
      ],
    });
    expect(await restoreCache([file], 'scoped-1')).toBe('scoped-1');
    // Same key again is free in the feature scope, and found there first.
    await fs.writeFile(file, 'from feature');
    expect(await saveCache([file], 'scoped-1')).toBeGreaterThan(0);
    await fs.rm(file);
    expect(await restoreCache([file], 'scoped-1')).toBe('scoped-1');
    expect(await fs.readFile(file, 'utf8')).toBe('from feature');
    expect(
      service
        .entries()
        .filter((e) => e.key === 'scoped-1')
        .map((e) => e.scope),
    ).toEqual(['refs/heads/main', 'refs/heads/feature']);
  });

  it('a corrupted archive restores nothing and reports it', async () => {
    await fs.writeFile(file, 'good');
    expect(await saveCache([file], 'garbage-run-1')).toBeGreaterThan(0);
    await service.overwriteBlob('garbage-', Buffer.from('this is not a compressed tar archive'));
    await fs.rm(file);
    expect(await restoreCache([file], 'garbage-run-2', ['garbage-'])).toBeUndefined();
    await expect(fs.readFile(file, 'utf8')).rejects.toThrow();
    expect(printed()).toMatch(/::warning::Failed to restore: /);
  });

  it('reports injected faults as the client does: 429, 401, reset, failed blob upload, stalled download', async () => {
    await fs.writeFile(file, 'faulty');
    expect(await saveCache([file], 'fault-1')).toBeGreaterThan(0);

    service.fail('GetCacheEntryDownloadURL', 429);
    expect(await restoreCache([file], 'fault-1')).toBeUndefined();
    expect(printed()).toContain('Rate limited: Failed request: (429)');
    service.fail('GetCacheEntryDownloadURL', 401);
    expect(await restoreCache([file], 'fault-1')).toBeUndefined();
    expect(printed()).toContain('Received non-retryable error: Failed request: (401) Unauthorized: injected fault');
    service.fail('GetCacheEntryDownloadURL', null);

    service.fail('CreateCacheEntry', 'reset');
    expect(await saveCache([file], 'fault-2')).toBe(-1);
    expect(service.requests.at(-1)).toMatchObject({ method: 'CreateCacheEntry', status: 0, fault: 'reset' });
    service.fail('CreateCacheEntry', null);

    // 403 is not retried by the storage SDK; the reservation stays unfinalized.
    service.fail('blob-upload', 403);
    expect(await saveCache([file], 'fault-3')).toBe(-1);
    expect(service.entries().find((e) => e.key === 'fault-3')).toMatchObject({ finalized: false });
    expect(service.requests.some((r) => r.method === 'FinalizeCacheEntryUpload' && r.status !== 200)).toBe(false);
    expect(printed()).toContain('uploadCacheArchiveSDK: internal error uploading cache archive');
    service.fail('blob-upload', null);

    // The ranged GET never answers: the client's segment timeout (1 s here) gives up.
    service.fail('blob-download', 'stall');
    await fs.rm(file);
    expect(await restoreCache([file], 'fault-1', [], { segmentTimeoutInMs: 1000 })).toBeUndefined();
    expect(printed()).toContain('Aborting cache download as the download time exceeded the timeout.');
    expect(service.requests.some((r) => r.service === 'blob' && r.fault === 'stall')).toBe(true);

    // A forged token is a 401 for every call.
    service.fail('blob-download', null);
    process.env.ACTIONS_RUNTIME_TOKEN = `${service.runtimeToken.slice(0, -4)}AAAA`;
    expect(await restoreCache([file], 'fault-1')).toBeUndefined();
    expect(service.requests.at(-1)).toMatchObject({ method: 'GetCacheEntryDownloadURL', status: 401, code: 'unauthenticated' });
  });

  it('retries a single 500 after its backoff (about 3 s) and then hits', async () => {
    await fs.writeFile(file, 'transient');
    expect(await saveCache([file], 'transient-1')).toBeGreaterThan(0);
    await fs.rm(file);
    service.fail('GetCacheEntryDownloadURL', 500, { times: 1 });
    expect(await restoreCache([file], 'transient-1')).toBe('transient-1');
    expect(
      service.requests
        .filter((r) => r.method === 'GetCacheEntryDownloadURL')
        .slice(-2)
        .map((r) => r.status),
    ).toEqual([500, 200]);
    expect(printed()).toContain('Attempt 1 of 5 failed with error: Failed request: (500) Internal Server Error: injected fault');
  });
});

describe('Twirp protocol checks', () => {
  const create = `${CACHE_SERVICE}/CreateCacheEntry`;
  const finalize = `${CACHE_SERVICE}/FinalizeCacheEntryUpload`;

  it('requires a valid, unexpired bearer token on every call', async () => {
    const body = { key: 'k', version: 'v' };
    expect(await twirp(service, create, body, { token: null })).toEqual({
      status: 401,
      json: { code: 'unauthenticated', msg: 'missing bearer token' },
    });
    expect((await twirp(service, create, body, { token: 'not-a-jwt' })).status).toBe(401);
    expect((await twirp(service, create, body, { token: `${service.runtimeToken}x` })).json.code).toBe('unauthenticated');
    expect((await twirp(service, create, body, { token: service.issueToken({ expiresInSeconds: -10 }) })).json).toEqual({
      code: 'unauthenticated',
      msg: 'token expired',
    });
    expect(service.requests.slice(-4).map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(service.entries().some((e) => e.key === 'k')).toBe(false);
  });

  it('answers Twirp errors for bad routes, content types, unknown fields and missing arguments', async () => {
    expect(await twirp(service, create, {}, { method: 'GET' })).toMatchObject({ status: 404, json: { code: 'bad_route' } });
    expect(await twirp(service, `${CACHE_SERVICE}/DeleteCacheEntry`, {})).toMatchObject({ status: 404, json: { code: 'bad_route' } });
    expect(await twirp(service, create, {}, { contentType: 'text/plain' })).toMatchObject({ status: 404, json: { code: 'bad_route' } });
    const unknown = await twirp(service, create, { key: 'k', version: 'v', colour: 'blue' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.code).toBe('malformed');
    expect(String(unknown.json.msg)).toContain('colour');
    expect(await twirp(service, create, { key: 'k' })).toMatchObject({ status: 400, json: { code: 'invalid_argument' } });
    // Proto field names and JSON (camelCase) names are both accepted, as protojson does.
    const camel = await twirp(service, `${CACHE_SERVICE}/GetCacheEntryDownloadURL`, { key: 'k', restoreKeys: ['x'], version: 'v' });
    expect(camel).toEqual({ status: 200, json: { ok: false, signed_download_url: '', matched_key: '' } });
  });

  it('finalizes a cache entry only when its blob exists with exactly size_bytes', async () => {
    const created = await twirp(service, create, { key: 'raw-1', version: 'v1' });
    expect(created.status).toBe(200);
    const uploadUrl = String(created.json.signed_upload_url);
    expect(new URL(uploadUrl).hostname).toBe('devstoreaccount1.blob.core.windows.net');
    expect(new URL(uploadUrl).searchParams.get('sp')).toBe('cw');

    expect(await twirp(service, finalize, { key: 'raw-1', version: 'v1', size_bytes: '3' })).toMatchObject({
      status: 412,
      json: { code: 'failed_precondition' },
    });
    await new BlockBlobClient(uploadUrl).uploadData(Buffer.from('abc'));
    expect(await twirp(service, finalize, { key: 'raw-1', version: 'v1', size_bytes: '4' })).toMatchObject({
      status: 400,
      json: { code: 'invalid_argument' },
    });
    expect(await twirp(service, finalize, { key: 'raw-1', version: 'v1', size_bytes: '3' })).toMatchObject({
      status: 200,
      json: { ok: true, message: '' },
    });
    expect(await twirp(service, finalize, { key: 'raw-1', version: 'v1', size_bytes: '3' })).toMatchObject({ status: 409 });
    expect(await twirp(service, finalize, { key: 'raw-2', version: 'v1', size_bytes: '3' })).toMatchObject({ status: 404 });
    expect(await twirp(service, create, { key: 'raw-1', version: 'v1' })).toMatchObject({ status: 409, json: { code: 'already_exists' } });
    // The same key under another version is another entry.
    expect(await twirp(service, create, { key: 'raw-1', version: 'v2' })).toMatchObject({ status: 200, json: { ok: true } });

    const found = await twirp(service, `${CACHE_SERVICE}/GetCacheEntryDownloadURL`, { key: 'raw', version: 'v1' });
    expect(found.json).toMatchObject({ ok: true, matched_key: 'raw-1' });
    const readUrl = String(found.json.signed_download_url);
    expect(new URL(readUrl).searchParams.get('sp')).toBe('r');
    expect((await new BlockBlobClient(readUrl).downloadToBuffer()).toString()).toBe('abc');
    // A read URL cannot write.
    await expect(new BlockBlobClient(readUrl).uploadData(Buffer.from('x'))).rejects.toMatchObject({ statusCode: 403 });
  });

  it('leaves a stalled call unanswered until the caller gives up', async () => {
    service.fail('ListArtifacts', 'stall', { times: 1 });
    const controller = new AbortController();
    const pending = fetch(`${service.url}twirp/${ARTIFACT_SERVICE}/ListArtifacts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${service.runtimeToken}` },
      body: '{}',
      signal: controller.signal,
    });
    await vi.waitFor(() => expect(service.requests.at(-1)).toMatchObject({ method: 'ListArtifacts', fault: 'stall' }));
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});

describe('@actions/artifact against the Results service stand-in', () => {
  const client = new DefaultArtifactClient();
  let root: string;
  let files: Record<string, Buffer>;

  beforeEach(async () => {
    root = path.join(dir, 'work', 'out');
    files = {
      'report.json': Buffer.from('{"deployments":3}'),
      'nested/summary.md': Buffer.from('# DORA\n'),
      'nested/deeper/blob.bin': randomBytes(200_000),
    };
    for (const [name, bytes] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
      await fs.writeFile(path.join(root, name), bytes);
    }
  });
  const paths = () => Object.keys(files).map((name) => path.join(root, name));

  it('uploads a few files, lists them, and downloads byte-identical copies', async () => {
    const uploaded = await client.uploadArtifact('dora-report', paths(), root);
    expect(uploaded.id).toBeGreaterThan(0);
    const stored = service.artifacts().find((a) => a.id === uploaded.id)!;
    expect(stored).toMatchObject({
      name: 'dora-report',
      finalized: true,
      mimeType: 'application/zip',
      size: uploaded.size,
      digest: `sha256:${uploaded.digest}`,
      workflowRunBackendId: service.workflowRunBackendId,
      workflowJobRunBackendId: service.workflowJobRunBackendId,
    });
    expect((await service.readBlob(stored))?.length).toBe(uploaded.size);
    expect(stored.blobName).toMatch(/\.zip$/);

    const { artifacts } = await client.listArtifacts();
    expect(artifacts.filter((a) => a.name === 'dora-report')).toEqual([
      { name: 'dora-report', id: uploaded.id, size: uploaded.size, createdAt: expect.any(Date), digest: `sha256:${uploaded.digest}` },
    ]);
    expect((await client.getArtifact('dora-report')).artifact.id).toBe(uploaded.id);

    const target = path.join(dir, 'download');
    const result = await client.downloadArtifact(uploaded.id!, { path: target, expectedHash: `sha256:${uploaded.digest}` });
    expect(result).toEqual({ downloadPath: target, digestMismatch: false });
    for (const [name, bytes] of Object.entries(files)) {
      expect((await fs.readFile(path.join(target, name))).equals(bytes)).toBe(true);
    }
    const calls = service.requests.filter((r) => r.service === 'ArtifactService').map((r) => `${r.method} ${r.status}`);
    expect(calls).toEqual(
      expect.arrayContaining(['CreateArtifact 200', 'FinalizeArtifact 200', 'ListArtifacts 200', 'GetSignedArtifactURL 200']),
    );
    expect(service.requests.some((r) => r.service === 'blob' && r.method === 'PUT' && r.path?.endsWith('.zip'))).toBe(true);
  });

  it('refuses a second artifact with the same name in the run; another run may use the name', async () => {
    await client.uploadArtifact('twice', paths(), root);
    await expect(client.uploadArtifact('twice', paths(), root)).rejects.toThrow(
      /\(409\) Conflict: an artifact with this name already exists on the workflow run/,
    );
    expect(service.requests.filter((r) => r.service === 'ArtifactService').at(-1)).toMatchObject({
      method: 'CreateArtifact',
      status: 409,
      code: 'already_exists',
    });

    process.env.ACTIONS_RUNTIME_TOKEN = service.issueToken({ workflowRunBackendId: 'other-run', workflowJobRunBackendId: 'other-job' });
    const elsewhere = await client.uploadArtifact('twice', paths(), root);
    expect((await client.listArtifacts()).artifacts.map((a) => a.id)).toEqual([elsewhere.id]);
    await expect(client.getArtifact('dora-report')).rejects.toBeInstanceOf(ArtifactNotFoundError);
  });

  it('lets another job of the run download it, not another run; delete removes artifact and blob', async () => {
    const uploaded = await client.uploadArtifact('shared', paths(), root);
    process.env.ACTIONS_RUNTIME_TOKEN = service.issueToken({ workflowJobRunBackendId: 'second-job' });
    const target = path.join(dir, 'second-job');
    await client.downloadArtifact(uploaded.id!, { path: target });
    expect((await fs.readFile(path.join(target, 'report.json'))).equals(files['report.json']!)).toBe(true);

    process.env.ACTIONS_RUNTIME_TOKEN = service.issueToken({ workflowRunBackendId: 'third-run' });
    await expect(client.downloadArtifact(uploaded.id!, { path: path.join(dir, 'third-run') })).rejects.toBeInstanceOf(
      ArtifactNotFoundError,
    );

    process.env.ACTIONS_RUNTIME_TOKEN = service.runtimeToken;
    expect(await client.deleteArtifact('shared')).toEqual({ id: uploaded.id });
    const stored = service.artifacts().find((a) => a.id === uploaded.id)!;
    expect(stored.deleted).toBe(true);
    expect(await service.readBlob(stored)).toBeUndefined();
    expect((await client.listArtifacts()).artifacts.some((a) => a.id === uploaded.id)).toBe(false);
  });

  it('uploads a single file unzipped and downloads it under its own name', async () => {
    const single = path.join(root, 'report.json');
    const uploaded = await client.uploadArtifact('ignored', [single], root, { skipArchive: true });
    const stored = service.artifacts().find((a) => a.id === uploaded.id)!;
    expect(stored).toMatchObject({ name: 'report.json', mimeType: 'application/json' });
    expect(stored.blobName).not.toMatch(/\.zip$/);
    const target = path.join(dir, 'raw');
    await client.downloadArtifact(uploaded.id!, { path: target });
    expect(await fs.readFile(path.join(target, 'report.json'), 'utf8')).toBe('{"deployments":3}');
  });

  it('checks run and job ids against the token, and the size at finalize', async () => {
    const ids = { workflow_run_backend_id: service.workflowRunBackendId, workflow_job_run_backend_id: service.workflowJobRunBackendId };
    const target = (method: string) => `${ARTIFACT_SERVICE}/${method}`;
    expect(
      await twirp(service, target('CreateArtifact'), { ...ids, workflow_run_backend_id: 'someone-else', name: 'x', version: 7 }),
    ).toMatchObject({ status: 403, json: { code: 'permission_denied' } });
    expect(
      await twirp(service, target('CreateArtifact'), { ...ids, workflow_job_run_backend_id: 'other-job', name: 'x', version: 7 }),
    ).toMatchObject({ status: 403 });
    expect(await twirp(service, target('ListArtifacts'), { workflow_run_backend_id: 'someone-else' })).toMatchObject({ status: 403 });

    const created = await twirp(service, target('CreateArtifact'), { ...ids, name: 'sized', version: 7 });
    expect(created.json.ok).toBe(true);
    await new BlockBlobClient(String(created.json.signed_upload_url)).uploadData(Buffer.from('12345'));
    expect(await twirp(service, target('FinalizeArtifact'), { ...ids, name: 'sized', size: '6' })).toMatchObject({
      status: 400,
      json: { code: 'invalid_argument' },
    });
    const done = await twirp(service, target('FinalizeArtifact'), { ...ids, name: 'sized', size: '5' });
    expect(done.json).toMatchObject({ ok: true });
    const listed = await twirp(service, target('ListArtifacts'), { ...ids, id_filter: done.json.artifact_id });
    expect(listed.json.artifacts).toEqual([
      expect.objectContaining({ name: 'sized', size: '5', database_id: done.json.artifact_id, digest: null }),
    ]);
    expect(await twirp(service, target('GetSignedArtifactURL'), { ...ids, name: 'absent' })).toMatchObject({
      status: 404,
      json: { code: 'not_found' },
    });
  });
});

describe('options', () => {
  it('path-style 127.0.0.1 URLs send the cache client down its plain HTTP download; strictJson false ignores unknown fields', async () => {
    const second = await startResultsService({ productionHostnames: false, strictJson: false, cacheMode: 'write' });
    try {
      expect(second.env()).toMatchObject({ ACTIONS_CACHE_MODE: 'write', ACTIONS_CACHE_SERVICE_V2: 'True' });
      Object.assign(process.env, second.env());
      const file = path.join(dir, 'temp', 'plain.txt');
      await fs.writeFile(file, 'plain');
      expect(await saveCache([file], 'plain-1')).toBeGreaterThan(0);
      await fs.rm(file);
      expect(await restoreCache([file], 'plain-1')).toBe('plain-1');
      expect(await fs.readFile(file, 'utf8')).toBe('plain');
      expect(second.requests.filter((r) => r.service === 'blob').map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 201', 'GET 200']);
      expect(second.blobUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/$/);
      // The first service's token is not valid here.
      expect(
        (await twirp(second, `${CACHE_SERVICE}/CreateCacheEntry`, { key: 'k', version: 'v' }, { token: service.runtimeToken })).status,
      ).toBe(401);
      expect(await twirp(second, `${CACHE_SERVICE}/CreateCacheEntry`, { key: 'k', version: 'v', colour: 'blue' })).toMatchObject({
        status: 200,
        json: { ok: true },
      });
    } finally {
      await second.close();
    }
    await expect(fetch(second.url)).rejects.toThrow();
    await expect(fetch(second.azuriteUrl)).rejects.toThrow();
    expect(dns.lookup).not.toBe(unhookedLookup);
    // The first service (and its blob host name) still works after the second one closed.
    Object.assign(process.env, service.env());
    const file = path.join(dir, 'temp', 'after.txt');
    await fs.writeFile(file, 'after');
    expect(await saveCache([file], 'after-1')).toBeGreaterThan(0);
    await fs.rm(file);
    expect(await restoreCache([file], 'after-1')).toBe('after-1');
  });

  it('speaks application/protobuf as well', async () => {
    const { CreateCacheEntryRequest, CreateCacheEntryResponse } = await import(
      '../../node_modules/@actions/cache/lib/generated/results/api/v1/cache.js'
    );
    const response = await fetch(`${service.url}twirp/${CACHE_SERVICE}/CreateCacheEntry`, {
      method: 'POST',
      headers: { 'content-type': 'application/protobuf', authorization: `Bearer ${service.runtimeToken}` },
      body: CreateCacheEntryRequest.toBinary(CreateCacheEntryRequest.create({ key: 'binary-1', version: 'v' })),
    });
    expect(response.headers.get('content-type')).toBe('application/protobuf');
    const decoded = CreateCacheEntryResponse.fromBinary(new Uint8Array(await response.arrayBuffer()));
    expect(decoded.ok).toBe(true);
    expect(decoded.signedUploadUrl).toContain('sp=cw');
  });
});

/**
 * A local stand-in for the Actions cache service, speaking the v1 protocol (`_apis/artifactcache`)
 * that @actions/cache uses when ACTIONS_CACHE_SERVICE_V2 is unset, so tests run the real client
 * over HTTP. Entries live in memory.
 *
 *   GET   _apis/artifactcache/cache?keys=k1,k2&version=v  -> 200 {cacheKey, archiveLocation, ...} or 204
 *   GET   _apis/artifactcache/caches?key=k                -> 200 {totalCount, artifactCaches} (diagnostics)
 *   POST  _apis/artifactcache/caches {key, version, cacheSize} -> 201 {cacheId}, or 409 when it exists
 *   PATCH _apis/artifactcache/caches/{id}  (Content-Range: bytes a-b/*, octet-stream body) -> 204
 *   POST  _apis/artifactcache/caches/{id} {size}          -> 204 once every byte arrived, else 400
 *   GET   archiveLocation (/_download/{id})               -> the archive, with Content-Length
 *
 * Lookup follows the service: for each key in order, an exact match, else the newest entry whose
 * key starts with it; only committed entries of the same version. `_apis` requests must carry the
 * runtime token as a bearer token and ask for `api-version=6.0-preview.1`.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CacheEntry {
  readonly id: number;
  readonly key: string;
  readonly version: string;
  /** Size announced at reservation (may be absent, as the client allows). */
  readonly reservedSize: number | null;
  committed: boolean;
  /** Committed archive bytes (chunks until then). */
  data: Buffer;
  readonly createdAt: number;
  readonly chunks: { start: number; data: Buffer }[];
}

export interface CacheRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/** Which operation answers with which status instead of doing its work (one-shot or persistent). */
export type CacheOperation = 'lookup' | 'reserve' | 'upload' | 'commit' | 'download';

export interface CacheService {
  /** Base URL with the trailing slash the client expects: set it as ACTIONS_CACHE_URL. */
  readonly url: string;
  readonly token: string;
  readonly requests: CacheRequest[];
  /** Every entry, oldest first. */
  entries(): CacheEntry[];
  /** Committed entries whose key starts with `prefix`, newest last. */
  committed(prefix?: string): CacheEntry[];
  /** Replaces the archive bytes of the newest committed entry whose key starts with `prefix` (e.g. garbage). */
  overwrite(prefix: string, data: Buffer): CacheEntry;
  /** Makes `operation` answer `status` (until cleared with null). */
  fail(operation: CacheOperation, status: number | null): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startCacheService(options: { token?: string; port?: number } = {}): Promise<CacheService> {
  const token = options.token ?? 'cache-runtime-token';
  const entries: CacheEntry[] = [];
  const requests: CacheRequest[] = [];
  const failures = new Map<CacheOperation, number>();
  let nextId = 1;
  let clock = 0;
  let base = '';

  const json = (res: ServerResponse, status: number, body?: unknown): number => {
    if (body === undefined) {
      res.writeHead(status);
      res.end();
    } else {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    }
    return status;
  };

  const entryJson = (e: CacheEntry) => ({
    cacheKey: e.key,
    scope: 'refs/heads/main',
    cacheVersion: e.version,
    creationTime: new Date(e.createdAt).toISOString(),
    archiveLocation: `${base}_download/${e.id}`,
  });

  const lookup = (keys: string[], version: string): CacheEntry | undefined => {
    const usable = entries.filter((e) => e.committed && e.version === version);
    for (const key of keys) {
      const exact = usable.filter((e) => e.key === key);
      const found = exact.length > 0 ? exact : usable.filter((e) => e.key.startsWith(key));
      if (found.length > 0) return found.reduce((a, b) => (b.createdAt >= a.createdAt ? b : a));
    }
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<number> => {
    const url = new URL(req.url ?? '/', base);
    const method = (req.method ?? 'GET').toUpperCase();
    const failWith = (operation: CacheOperation): number | undefined => failures.get(operation);

    const download = /^\/_download\/(\d+)$/.exec(url.pathname);
    if (download && method === 'GET') {
      const status = failWith('download');
      if (status !== undefined) return json(res, status, { message: 'injected failure' });
      const entry = entries.find((e) => e.id === Number(download[1]) && e.committed);
      if (!entry) return json(res, 404, { message: 'archive not found' });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': entry.data.length });
      res.end(entry.data);
      return 200;
    }

    if (!url.pathname.startsWith('/_apis/artifactcache/')) return json(res, 404, { message: 'not a cache service path' });
    if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, { message: 'bad runtime token' });
    if (!String(req.headers.accept ?? '').includes('api-version=6.0-preview.1')) {
      return json(res, 400, { message: `unsupported Accept ${String(req.headers.accept)}` });
    }
    const resource = url.pathname.slice('/_apis/artifactcache/'.length);

    if (resource === 'cache' && method === 'GET') {
      const status = failWith('lookup');
      if (status !== undefined) return json(res, status, { message: 'injected failure' });
      const keys = (url.searchParams.get('keys') ?? '').split(',').filter((k) => k !== '');
      const version = url.searchParams.get('version') ?? '';
      if (keys.length === 0 || version === '') return json(res, 400, { message: 'keys and version are required' });
      const entry = lookup(keys, version);
      return entry ? json(res, 200, entryJson(entry)) : json(res, 204);
    }

    if (resource === 'caches' && method === 'GET') {
      const key = url.searchParams.get('key') ?? '';
      const found = entries.filter((e) => e.committed && e.key.startsWith(key));
      return json(res, 200, { totalCount: found.length, artifactCaches: found.map(entryJson) });
    }

    if (resource === 'caches' && method === 'POST') {
      const status = failWith('reserve');
      if (status !== undefined) return json(res, status, { message: 'injected failure' });
      const body = JSON.parse((await readBody(req)).toString('utf8')) as { key?: string; version?: string; cacheSize?: number };
      if (!body.key || !body.version) return json(res, 400, { message: 'key and version are required' });
      if (entries.some((e) => e.key === body.key && e.version === body.version)) {
        return json(res, 409, { message: `Cache already exists. Scope: refs/heads/main, Key: ${body.key}, Version: ${body.version}` });
      }
      const entry: CacheEntry = {
        id: nextId++,
        key: body.key,
        version: body.version,
        reservedSize: typeof body.cacheSize === 'number' ? body.cacheSize : null,
        committed: false,
        data: Buffer.alloc(0),
        createdAt: ++clock,
        chunks: [],
      };
      entries.push(entry);
      return json(res, 201, { cacheId: entry.id });
    }

    const byId = /^caches\/(\d+)$/.exec(resource);
    const entry = byId ? entries.find((e) => e.id === Number(byId[1])) : undefined;
    if (byId && !entry) return json(res, 404, { message: 'no such cache' });

    if (entry && method === 'PATCH') {
      const status = failWith('upload');
      if (status !== undefined) return json(res, status, { message: 'injected failure' });
      if (entry.committed) return json(res, 409, { message: 'cache already committed' });
      const range = /^bytes (\d+)-(\d+)\/\*$/.exec(String(req.headers['content-range'] ?? ''));
      const data = await readBody(req);
      if (!range) return json(res, 400, { message: 'Content-Range bytes a-b/* required' });
      const start = Number(range[1]);
      const end = Number(range[2]);
      if (end - start + 1 !== data.length)
        return json(res, 400, { message: `Content-Range says ${end - start + 1} bytes, body has ${data.length}` });
      entry.chunks.push({ start, data });
      return json(res, 204);
    }

    if (entry && method === 'POST') {
      const status = failWith('commit');
      if (status !== undefined) return json(res, status, { message: 'injected failure' });
      const { size } = JSON.parse((await readBody(req)).toString('utf8')) as { size?: number };
      if (typeof size !== 'number') return json(res, 400, { message: 'size is required' });
      const archive = Buffer.alloc(size);
      let covered = 0;
      for (const chunk of [...entry.chunks].sort((a, b) => a.start - b.start)) {
        if (chunk.start !== covered || chunk.start + chunk.data.length > size) {
          return json(res, 400, { message: `chunks do not make ${size} bytes (gap or overlap at ${covered})` });
        }
        chunk.data.copy(archive, chunk.start);
        covered += chunk.data.length;
      }
      if (covered !== size) return json(res, 400, { message: `received ${covered} of ${size} bytes` });
      entry.data = archive;
      entry.committed = true;
      return json(res, 204);
    }

    return json(res, 404, { message: `${method} ${url.pathname} is not part of the cache service` });
  };

  const server = createServer((req, res) => {
    handle(req, res)
      .then((status) => requests.push({ method: req.method ?? 'GET', path: (req.url ?? '/').replace(/\?.*$/, ''), status }))
      .catch((error: unknown) => {
        requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', status: 500 });
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `cache service error: ${error instanceof Error ? error.message : String(error)}` }));
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    url: base,
    token,
    requests,
    entries: () => [...entries],
    committed: (prefix = '') => entries.filter((e) => e.committed && e.key.startsWith(prefix)),
    overwrite(prefix, data) {
      const found = entries.filter((e) => e.committed && e.key.startsWith(prefix)).pop();
      if (!found) throw new Error(`no committed cache entry starts with ${prefix}`);
      found.data = data;
      return found;
    },
    fail(operation, status) {
      if (status === null) failures.delete(operation);
      else failures.set(operation, status);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

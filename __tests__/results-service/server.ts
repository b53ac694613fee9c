/**
 * A local stand-in for GitHub's Actions Results service (the "v2" protocol of github.com), which
 * @actions/cache 6 speaks when ACTIONS_CACHE_SERVICE_V2 is set and @actions/artifact 6 always
 * speaks. Metadata calls are Twirp over HTTP; archive bytes never pass through the service: it hands
 * out SAS-signed URLs and the clients' own @azure/storage-blob code talks to a REAL blob server,
 * Azurite, started in-process with in-memory persistence on a free loopback port.
 *
 * Twirp (POST, `Content-Type: application/json` or `application/protobuf`, at the ORIGIN of
 * ACTIONS_RESULTS_URL; `Authorization: Bearer <ACTIONS_RUNTIME_TOKEN>` on every call):
 *
 *   /twirp/github.actions.results.api.v1.CacheService/
 *     CreateCacheEntry         {key, version}            -> {ok, signed_upload_url, message}
 *                              409 already_exists when key+version is taken in the write scope
 *                              (finalized or merely reserved); ok:false "cache write denied: ..."
 *                              when the token grants no writable cache scope
 *     FinalizeCacheEntryUpload {key, version, size_bytes} -> {ok, entry_id, message}
 *                              404 no reservation, 409 already finalized, 412 blob missing,
 *                              400 size_bytes differs from the blob's Content-Length
 *     GetCacheEntryDownloadURL {key, restore_keys, version} -> {ok, signed_download_url, matched_key}
 *                              ok:false on a miss; 403 "cache read denied: ..." without a readable scope
 *   /twirp/github.actions.results.api.v1.ArtifactService/
 *     CreateArtifact       {workflow_run_backend_id, workflow_job_run_backend_id, name, version,
 *                           expires_at?, mime_type?}   -> {ok, signed_upload_url}
 *                           409 "an artifact with this name already exists on the workflow run"
 *     FinalizeArtifact     {ids, name, size, hash?}    -> {ok, artifact_id}   (404/412/400 as above)
 *     ListArtifacts        {ids, name_filter?, id_filter?} -> {artifacts: [MonolithArtifact]}
 *     GetSignedArtifactURL {ids, name}                 -> {signed_url}  (404 when absent)
 *     DeleteArtifact       {ids, name}                 -> {ok, artifact_id}
 *
 * Requests and responses are decoded/encoded with the toolkit's own generated protobuf-ts message
 * types. JSON requests are read strictly by default: a field the message type does not know is a
 * 400 `malformed` (Go Twirp v8 servers discard unknown fields; `strictJson: false` does the same).
 * Responses use proto field names and emit defaults, as Go Twirp does. Errors are Twirp error JSON
 * `{code, msg}` with the HTTP status Twirp assigns to the code (unauthenticated 401,
 * permission_denied 403, not_found/bad_route 404, already_exists 409, failed_precondition 412,
 * invalid_argument/malformed 400, resource_exhausted 429, internal 500, unavailable 503).
 *
 * The runtime token is an HS256 JWT signed by the stand-in, shaped like the runner's: `scp` carries
 * `Actions.GenericRead:<runBackendId> Actions.Results:<workflowRunBackendId>:<workflowJobRunBackendId>`
 * (the artifact client parses the ids out of it), `ac` the cache scopes as
 * `[{"Scope":"refs/heads/main","Permission":3}]` (1 read, 2 write), plus iat/nbf/exp. Every call
 * checks signature and expiry (401); artifact calls must name the token's run (and for Create and
 * Finalize its job) or get 403. Cache entries are written to the token's first writable scope and
 * looked up across its readable scopes in order: per scope, the exact primary key, then the newest
 * entry starting with the primary key, then for each restore key the newest entry starting with it;
 * only finalized entries of the same version. Artifact names are unique per run once finalized (an
 * unfinalized one may be created again, as an interrupted upload retries); list filters by run,
 * name_filter and id_filter.
 *
 * Blob storage: container `actions-cache` for cache archives, `actions-results` for artifacts
 * (`<run>/workflow-job-run-<job>/artifacts/<sha256(name)>[.zip]`). Upload URLs carry SAS `cw`,
 * download URLs `r` (artifact downloads also set `rscd`, the Content-Disposition). With
 * `productionHostnames` (the default) signed URLs use `http://devstoreaccount1.blob.core.windows.net:<port>/`
 * so @actions/cache takes its Azure SDK download path (HEAD, then ranged GETs via downloadToBuffer);
 * that host name is resolved to 127.0.0.1 by a dns.lookup hook installed for the service's lifetime.
 * The port is a small proxy in front of Azurite that logs each blob request and injects faults
 * (PUT = blob-upload, GET = blob-download, HEAD = blob-properties).
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import dns from 'node:dns';
import { type IncomingMessage, type Server, type ServerResponse, createServer, request as httpRequest } from 'node:http';
import { createRequire, Module } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import {
  BlobSASPermissions,
  BlobServiceClient,
  generateBlobSASQueryParameters,
  SASProtocol,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import type { JsonValue, MessageType } from '@protobuf-ts/runtime';
// The generated message types are not in the packages' export maps, hence the file paths.
import {
  CreateArtifactRequest,
  CreateArtifactResponse,
  DeleteArtifactRequest,
  DeleteArtifactResponse,
  FinalizeArtifactRequest,
  FinalizeArtifactResponse,
  GetSignedArtifactURLRequest,
  GetSignedArtifactURLResponse,
  ListArtifactsRequest,
  ListArtifactsResponse,
  type ListArtifactsResponse_MonolithArtifact,
  StringValue,
  Timestamp,
} from '../../node_modules/@actions/artifact/lib/generated/index.js';
import {
  CreateCacheEntryRequest,
  CreateCacheEntryResponse,
  FinalizeCacheEntryUploadRequest,
  FinalizeCacheEntryUploadResponse,
  GetCacheEntryDownloadURLRequest,
  GetCacheEntryDownloadURLResponse,
} from '../../node_modules/@actions/cache/lib/generated/results/api/v1/cache.js';

export const CACHE_SERVICE = 'github.actions.results.api.v1.CacheService';
export const ARTIFACT_SERVICE = 'github.actions.results.api.v1.ArtifactService';

export type CacheMethod = 'CreateCacheEntry' | 'FinalizeCacheEntryUpload' | 'GetCacheEntryDownloadURL';
export type ArtifactMethod = 'CreateArtifact' | 'FinalizeArtifact' | 'ListArtifacts' | 'GetSignedArtifactURL' | 'DeleteArtifact';
export type BlobOperation = 'blob-upload' | 'blob-download' | 'blob-properties';
export type ResultsOperation = CacheMethod | ArtifactMethod | BlobOperation;

/** An HTTP status to answer with, `stall` (accept, never answer) or `reset` (destroy the socket). */
export type Fault = number | 'stall' | 'reset';

/** A cache scope grant as the runtime token's `ac` claim carries it (Permission: 1 read, 2 write, 3 both). */
export interface CacheScopeGrant {
  readonly scope: string;
  readonly permission: number;
}

export interface TokenOptions {
  workflowRunBackendId?: string;
  workflowJobRunBackendId?: string;
  runBackendId?: string;
  /** Cache scopes in lookup order; writes go to the first writable one. */
  scopes?: readonly CacheScopeGrant[];
  /** Seconds until `exp` (negative: already expired). Default 6 h. */
  expiresInSeconds?: number;
}

export interface ResultsServiceOptions extends TokenOptions {
  /** Port of the Twirp listener (default: a free one). */
  port?: number;
  /** Reject JSON fields the message type does not know (default true). */
  strictJson?: boolean;
  /** Signed URLs on devstoreaccount1.blob.core.windows.net (resolved to loopback) rather than 127.0.0.1 (default true). */
  productionHostnames?: boolean;
  /** ACTIONS_CACHE_MODE to put in env(); also the token's permission when `scopes` is not given. */
  cacheMode?: 'read' | 'write' | 'write-only' | 'none';
  /** Lifetime of signed URLs (default 1 h). */
  sasLifetimeSeconds?: number;
  /** Byte limit of Azurite's in-memory extent store (default 256 MiB). */
  blobMemoryLimit?: number;
}

export interface ResultsRequest {
  readonly service: 'CacheService' | 'ArtifactService' | 'blob' | 'unknown';
  /** Twirp method, or the HTTP method for blob requests. */
  readonly method: string;
  /** HTTP status sent; 0 when the fault was `stall` or `reset`. */
  readonly status: number;
  /** Twirp error code of an error answer. */
  readonly code?: string;
  /** Blob requests: which fault operation the request counts as, and its path (no SAS). */
  readonly operation?: BlobOperation;
  readonly path?: string;
  /** Set when the answer was an injected fault. */
  readonly fault?: Fault;
}

export interface ResultsCacheEntry {
  readonly id: number;
  readonly key: string;
  readonly version: string;
  readonly scope: string;
  readonly finalized: boolean;
  /** Size confirmed at finalize. */
  readonly sizeBytes: number | null;
  readonly container: string;
  readonly blobName: string;
  /** Logical creation order (larger is newer). */
  readonly createdAt: number;
}

export interface ResultsArtifact {
  readonly id: number;
  readonly name: string;
  readonly workflowRunBackendId: string;
  readonly workflowJobRunBackendId: string;
  readonly version: number;
  readonly mimeType: string | null;
  readonly expiresAt: Date | null;
  readonly finalized: boolean;
  readonly deleted: boolean;
  readonly size: number | null;
  /** `sha256:<hex>` as the client reported it at finalize. */
  readonly digest: string | null;
  readonly container: string;
  readonly blobName: string;
  readonly createdAt: Date;
}

export interface ResultsService {
  /** Set as ACTIONS_RESULTS_URL (trailing slash, as the runner sets it). */
  readonly url: string;
  /** Base of the signed blob URLs (the logging/fault proxy in front of Azurite). */
  readonly blobUrl: string;
  /** Azurite's own endpoint, path-style (`http://127.0.0.1:<port>/devstoreaccount1`). */
  readonly azuriteUrl: string;
  /** ACTIONS_RUNTIME_TOKEN for the default run/job/scopes. */
  readonly runtimeToken: string;
  readonly runBackendId: string;
  readonly workflowRunBackendId: string;
  readonly workflowJobRunBackendId: string;
  /** Environment a github.com runner sets for these clients. */
  env(): Record<string, string>;
  /** Mints another token signed by this service (another job or run, other scopes, expired...). */
  issueToken(options?: TokenOptions): string;
  readonly requests: ResultsRequest[];
  /** Cache entries, oldest first (snapshots). */
  entries(): ResultsCacheEntry[];
  /** Artifacts, oldest first, including unfinalized and deleted ones (snapshots). */
  artifacts(): ResultsArtifact[];
  /** Makes `operation` answer `fault` (the next `times` requests, default all) until cleared with null. */
  fail(operation: ResultsOperation, fault: Fault | null, options?: { times?: number }): void;
  /** Replaces the blob of the newest finalized cache entry whose key starts with `keyPrefix`. */
  overwriteBlob(keyPrefix: string, bytes: Buffer): Promise<ResultsCacheEntry>;
  /** The stored bytes of an entry's or artifact's blob (undefined when absent). */
  readBlob(ref: { container: string; blobName: string }): Promise<Buffer | undefined>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Azurite (no type declarations ship with it; only what is used here is declared).

/** Azurite's well-known development account (public, documented credentials). */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const CACHE_CONTAINER = 'actions-cache';
const ARTIFACT_CONTAINER = 'actions-results';

interface AzuriteBlobServer {
  start(): Promise<void>;
  close(): Promise<void>;
  clean(): Promise<void>;
  readonly httpServer: Server;
}

async function startAzurite(memoryLimit: number): Promise<{ server: AzuriteBlobServer; port: number }> {
  const require = createRequire(import.meta.url);
  // Azurite's request pipeline requires its telemetry module, which loads the Application Insights
  // SDK at require time; that SDK (via diagnostic-channel) patches Module.prototype.require for the
  // whole process. Telemetry is only switched on by Azurite's CLI entry points, never used here, so
  // an empty module stands in for the SDK: nothing is patched and nothing can phone home.
  const insightsId = require.resolve('applicationinsights', { paths: [dirname(require.resolve('azurite/package.json'))] });
  if (!require.cache[insightsId]) {
    const stub = new Module(insightsId);
    stub.filename = insightsId;
    stub.loaded = true;
    stub.exports = {};
    require.cache[insightsId] = stub;
  }
  const { default: BlobServer } = require('azurite/dist/src/blob/BlobServer') as {
    default: new (config: unknown) => AzuriteBlobServer;
  };
  const { default: BlobConfiguration } = require('azurite/dist/src/blob/BlobConfiguration') as {
    default: new (...args: unknown[]) => unknown;
  };
  const { MemoryExtentChunkStore } = require('azurite/dist/src/common/persistence/MemoryExtentStore') as {
    MemoryExtentChunkStore: new (sizeLimit: number) => unknown;
  };
  // BlobConfiguration(host, port, keepAliveTimeout, metadataDBPath, extentDBPath, persistencePathArray,
  //   enableAccessLog, accessLogWriteStream, enableDebugLog, debugLogFilePath, loose, skipApiVersionCheck,
  //   cert, key, pwd, oauth, disableProductStyleUrl, isMemoryPersistence, memoryStore).
  // skipApiVersionCheck: the toolkit's @azure/storage-blob sends an x-ms-version newer than Azurite knows.
  // With in-memory persistence the DB paths are names only; nothing is written to disk. The blob
  // main.js (with its telemetry) is not used, so nothing leaves loopback.
  const config = new BlobConfiguration(
    '127.0.0.1',
    0,
    undefined,
    'results-service-blob-metadata',
    'results-service-blob-extents',
    undefined,
    false,
    undefined,
    false,
    undefined,
    false,
    true,
    '',
    '',
    '',
    undefined,
    false,
    true,
    new MemoryExtentChunkStore(memoryLimit),
  );
  const server = new BlobServer(config);
  await server.start();
  return { server, port: (server.httpServer.address() as AddressInfo).port };
}

// ---------------------------------------------------------------------------------------------
// Resolving <account>.blob.core.windows.net to loopback while a service runs.

const loopbackHosts = new Map<string, number>();
let originalLookup: typeof dns.lookup | undefined;

function resolveToLoopback(hostname: string): () => void {
  const host = hostname.toLowerCase();
  loopbackHosts.set(host, (loopbackHosts.get(host) ?? 0) + 1);
  if (!originalLookup) {
    const original = dns.lookup;
    originalLookup = original;
    const hooked = function (this: unknown, name: string, options: unknown, callback?: unknown) {
      const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
      const opts = (typeof options === 'object' && options !== null ? options : {}) as { all?: boolean };
      if (typeof name === 'string' && loopbackHosts.has(name.toLowerCase())) {
        if (opts.all) process.nextTick(cb, null, [{ address: '127.0.0.1', family: 4 }]);
        else process.nextTick(cb, null, '127.0.0.1', 4);
        return {};
      }
      return (original as (...args: unknown[]) => unknown).call(this, name, options, callback);
    };
    (dns as { lookup: unknown }).lookup = hooked;
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (loopbackHosts.get(host) ?? 1) - 1;
    if (left > 0) loopbackHosts.set(host, left);
    else loopbackHosts.delete(host);
    if (loopbackHosts.size === 0 && originalLookup) {
      (dns as { lookup: unknown }).lookup = originalLookup;
      originalLookup = undefined;
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Twirp plumbing.

type TwirpCode =
  | 'canceled'
  | 'unknown'
  | 'invalid_argument'
  | 'malformed'
  | 'deadline_exceeded'
  | 'not_found'
  | 'bad_route'
  | 'already_exists'
  | 'permission_denied'
  | 'unauthenticated'
  | 'resource_exhausted'
  | 'failed_precondition'
  | 'aborted'
  | 'out_of_range'
  | 'unimplemented'
  | 'internal'
  | 'unavailable'
  | 'dataloss';

const TWIRP_STATUS: Record<TwirpCode, number> = {
  canceled: 408,
  unknown: 500,
  invalid_argument: 400,
  malformed: 400,
  deadline_exceeded: 408,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  permission_denied: 403,
  unauthenticated: 401,
  resource_exhausted: 429,
  failed_precondition: 412,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  dataloss: 500,
};

function codeForStatus(status: number): TwirpCode {
  const found = (Object.entries(TWIRP_STATUS) as [TwirpCode, number][]).find(
    ([code, s]) => s === status && code !== 'malformed' && code !== 'bad_route' && code !== 'aborted' && code !== 'unknown',
  );
  return found ? found[0] : status >= 500 ? 'internal' : 'unknown';
}

class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string,
  ) {
    super(message);
  }
}

interface Identity {
  readonly workflowRunBackendId: string | null;
  readonly workflowJobRunBackendId: string | null;
  readonly scopes: CacheScopeGrant[];
}

type Rpc = (body: Buffer, binary: boolean, who: Identity) => Promise<{ body: Buffer | string; contentType: string }>;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const b64url = (text: string) => Buffer.from(text).toString('base64url');

// ---------------------------------------------------------------------------------------------

export async function startResultsService(options: ResultsServiceOptions = {}): Promise<ResultsService> {
  const strict = options.strictJson ?? true;
  const productionHostnames = options.productionHostnames ?? true;
  const sasLifetimeMs = (options.sasLifetimeSeconds ?? 3600) * 1000;
  const secret = randomBytes(32);
  const runBackendId = options.runBackendId ?? randomUUID();
  const workflowRunBackendId = options.workflowRunBackendId ?? randomUUID();
  const workflowJobRunBackendId = options.workflowJobRunBackendId ?? randomUUID();
  const modePermission = { read: 1, write: 3, 'write-only': 2, none: 0 } as const;
  const defaultScopes: readonly CacheScopeGrant[] = options.scopes ?? [
    { scope: 'refs/heads/main', permission: options.cacheMode ? modePermission[options.cacheMode] : 3 },
  ];

  const requests: ResultsRequest[] = [];
  const cacheEntries: ResultsCacheEntry[] = [];
  const artifactList: ResultsArtifact[] = [];
  const faults = new Map<ResultsOperation, { fault: Fault; remaining: number }>();
  let nextCacheId = 1;
  let nextArtifactId = 1001;
  let clock = 0;

  const takeFault = (operation: ResultsOperation): Fault | undefined => {
    const armed = faults.get(operation);
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) faults.delete(operation);
    return armed.fault;
  };

  // --- tokens -----------------------------------------------------------------------------------

  const issueToken = (token: TokenOptions = {}): string => {
    const now = Math.floor(Date.now() / 1000);
    const run = token.workflowRunBackendId ?? workflowRunBackendId;
    const job = token.workflowJobRunBackendId ?? workflowJobRunBackendId;
    const claims = {
      nameid: 'dddddddd-dddd-dddd-dddd-dddddddddddd',
      scp: `Actions.GenericRead:${token.runBackendId ?? runBackendId} Actions.Results:${run}:${job}`,
      ac: JSON.stringify((token.scopes ?? defaultScopes).map((s) => ({ Scope: s.scope, Permission: s.permission }))),
      iss: 'vstoken.actions.githubusercontent.com',
      aud: 'vstoken.actions.githubusercontent.com',
      iat: now,
      nbf: now - 60,
      exp: now + (token.expiresInSeconds ?? options.expiresInSeconds ?? 6 * 3600),
    };
    const head = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }))}.${b64url(JSON.stringify(claims))}`;
    return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
  };
  const runtimeToken = issueToken();

  const authenticate = (header: string | undefined): Identity => {
    const match = /^Bearer (\S+)$/.exec(header ?? '');
    if (!match) throw new TwirpError('unauthenticated', 'missing bearer token');
    const parts = match[1]!.split('.');
    if (parts.length !== 3) throw new TwirpError('unauthenticated', 'malformed bearer token');
    const [head, payload, sig] = parts as [string, string, string];
    const expected = createHmac('sha256', secret).update(`${head}.${payload}`).digest();
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new TwirpError('unauthenticated', 'invalid token signature');
    }
    let claims: { scp?: unknown; ac?: unknown; exp?: unknown; nbf?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      throw new TwirpError('unauthenticated', 'malformed token payload');
    }
    const now = Date.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= now) throw new TwirpError('unauthenticated', 'token expired');
    if (typeof claims.nbf === 'number' && claims.nbf > now) throw new TwirpError('unauthenticated', 'token not yet valid');
    let run: string | null = null;
    let job: string | null = null;
    for (const scope of String(claims.scp ?? '').split(' ')) {
      const bits = scope.split(':');
      if (bits[0] === 'Actions.Results' && bits.length === 3) [run, job] = [bits[1]!, bits[2]!];
    }
    let scopes: CacheScopeGrant[] = [];
    try {
      const parsed = JSON.parse(String(claims.ac ?? '[]')) as { Scope?: unknown; Permission?: unknown }[];
      scopes = parsed.map((g) => ({ scope: String(g.Scope), permission: Number(g.Permission) }));
    } catch {
      throw new TwirpError('unauthenticated', 'malformed ac claim');
    }
    return { workflowRunBackendId: run, workflowJobRunBackendId: job, scopes };
  };

  // --- blob storage -------------------------------------------------------------------------------

  const { server: azurite, port: azuritePort } = await startAzurite(options.blobMemoryLimit ?? 256 * 1024 * 1024);
  const credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY);
  const azuriteUrl = `http://127.0.0.1:${azuritePort}/${ACCOUNT}`;
  const admin = new BlobServiceClient(azuriteUrl, credential);
  await admin.getContainerClient(CACHE_CONTAINER).create();
  await admin.getContainerClient(ARTIFACT_CONTAINER).create();
  let blobUrl = '';

  const blobSize = async (container: string, blobName: string): Promise<number | undefined> => {
    try {
      const properties = await admin.getContainerClient(container).getBlobClient(blobName).getProperties();
      return properties.contentLength ?? 0;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  };

  const signedUrl = (container: string, blobName: string, permissions: string, contentDisposition?: string): string => {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: container,
        blobName,
        permissions: BlobSASPermissions.parse(permissions),
        expiresOn: new Date(Date.now() + sasLifetimeMs),
        protocol: SASProtocol.HttpsAndHttp,
        ...(contentDisposition ? { contentDisposition } : {}),
      },
      credential,
    ).toString();
    return `${blobUrl}${container}/${blobName.split('/').map(encodeURIComponent).join('/')}?${sas}`;
  };

  // --- cache ---------------------------------------------------------------------------------------

  const writeScope = (who: Identity): string | undefined => who.scopes.find((s) => (s.permission & 2) !== 0)?.scope;
  const readScopes = (who: Identity): string[] => who.scopes.filter((s) => (s.permission & 1) !== 0).map((s) => s.scope);
  const newest = (found: ResultsCacheEntry[]) =>
    found.reduce<ResultsCacheEntry | undefined>((a, b) => (!a || b.createdAt > a.createdAt ? b : a), undefined);
  const requireKey = (key: string, version: string) => {
    if (key === '') throw new TwirpError('invalid_argument', 'key is required');
    if (key.length > 512) throw new TwirpError('invalid_argument', 'key is longer than 512 characters');
    if (version === '') throw new TwirpError('invalid_argument', 'version is required');
  };

  const lookup = (who: Identity, key: string, restoreKeys: readonly string[], version: string): ResultsCacheEntry | undefined => {
    for (const scope of readScopes(who)) {
      const usable = cacheEntries.filter((e) => e.finalized && e.scope === scope && e.version === version);
      const hit =
        usable.find((e) => e.key === key) ??
        newest(usable.filter((e) => e.key.startsWith(key))) ??
        restoreKeys.map((prefix) => newest(usable.filter((e) => e.key.startsWith(prefix)))).find((e) => e !== undefined);
      if (hit) return hit;
    }
    return undefined;
  };

  const cache: Record<CacheMethod, Rpc> = {
    CreateCacheEntry: rpc(CreateCacheEntryRequest, CreateCacheEntryResponse, (req, who) => {
      requireKey(req.key, req.version);
      const scope = writeScope(who);
      if (scope === undefined) {
        return { ok: false, signedUploadUrl: '', message: 'cache write denied: the token grants no writable cache scope' };
      }
      if (cacheEntries.some((e) => e.scope === scope && e.key === req.key && e.version === req.version)) {
        throw new TwirpError('already_exists', 'cache entry with the same key, version, and scope already exists');
      }
      const id = nextCacheId++;
      const digest = createHash('sha256').update(`${scope}\0${req.key}\0${req.version}`).digest('hex').slice(0, 32);
      const entry: ResultsCacheEntry = {
        id,
        key: req.key,
        version: req.version,
        scope,
        finalized: false,
        sizeBytes: null,
        container: CACHE_CONTAINER,
        blobName: `${id}-${digest}`,
        createdAt: ++clock,
      };
      cacheEntries.push(entry);
      return { ok: true, signedUploadUrl: signedUrl(entry.container, entry.blobName, 'cw'), message: '' };
    }),

    FinalizeCacheEntryUpload: rpc(FinalizeCacheEntryUploadRequest, FinalizeCacheEntryUploadResponse, async (req, who) => {
      requireKey(req.key, req.version);
      const scope = writeScope(who);
      if (scope === undefined) return { ok: false, entryId: '0', message: 'cache write denied: the token grants no writable cache scope' };
      const index = cacheEntries.findIndex((e) => e.scope === scope && e.key === req.key && e.version === req.version);
      const entry = cacheEntries[index];
      if (!entry) throw new TwirpError('not_found', 'no cache entry reserved for this key and version');
      if (entry.finalized) throw new TwirpError('already_exists', 'cache entry is already finalized');
      const size = await blobSize(entry.container, entry.blobName);
      if (size === undefined) throw new TwirpError('failed_precondition', 'the cache archive was not uploaded');
      if (String(size) !== req.sizeBytes) {
        throw new TwirpError('invalid_argument', `size_bytes ${req.sizeBytes} does not match the uploaded archive (${size} bytes)`);
      }
      cacheEntries[index] = { ...entry, finalized: true, sizeBytes: size };
      return { ok: true, entryId: String(entry.id), message: '' };
    }),

    GetCacheEntryDownloadURL: rpc(GetCacheEntryDownloadURLRequest, GetCacheEntryDownloadURLResponse, (req, who) => {
      requireKey(req.key, req.version);
      if (req.restoreKeys.length > 9) throw new TwirpError('invalid_argument', 'at most 10 keys may be given');
      if (readScopes(who).length === 0)
        throw new TwirpError('permission_denied', 'cache read denied: the token grants no readable cache scope');
      const hit = lookup(who, req.key, req.restoreKeys, req.version);
      if (!hit) return { ok: false, signedDownloadUrl: '', matchedKey: '' };
      return { ok: true, signedDownloadUrl: signedUrl(hit.container, hit.blobName, 'r'), matchedKey: hit.key };
    }),
  };

  // --- artifacts ------------------------------------------------------------------------------------

  const requireRun = (who: Identity, run: string, job: string | null) => {
    if (run === '') throw new TwirpError('invalid_argument', 'workflow_run_backend_id is required');
    if (who.workflowRunBackendId === null) throw new TwirpError('permission_denied', 'the token carries no Actions.Results scope');
    if (run !== who.workflowRunBackendId) throw new TwirpError('permission_denied', 'workflow_run_backend_id does not match the token');
    if (job !== null && job !== who.workflowJobRunBackendId) {
      throw new TwirpError('permission_denied', 'workflow_job_run_backend_id does not match the token');
    }
  };
  const live = (run: string) => artifactList.filter((a) => a.workflowRunBackendId === run && !a.deleted);
  const findFinalized = (run: string, job: string, name: string) => {
    const found = live(run).find((a) => a.finalized && a.name === name && (job === '' || a.workflowJobRunBackendId === job));
    if (!found) throw new TwirpError('not_found', `artifact ${name} not found`);
    return found;
  };
  const replace = (artifact: ResultsArtifact, changes: Partial<ResultsArtifact>) => {
    const updated = { ...artifact, ...changes };
    artifactList[artifactList.indexOf(artifact)] = updated;
    return updated;
  };

  const artifact: Record<ArtifactMethod, Rpc> = {
    CreateArtifact: rpc(CreateArtifactRequest, CreateArtifactResponse, (req, who) => {
      requireRun(who, req.workflowRunBackendId, req.workflowJobRunBackendId);
      if (req.name === '') throw new TwirpError('invalid_argument', 'name is required');
      if (req.version < 4) throw new TwirpError('invalid_argument', `artifact version ${req.version} is not supported`);
      const expiresAt = req.expiresAt ? Timestamp.toDate(req.expiresAt) : null;
      if (expiresAt && expiresAt.getTime() <= Date.now()) throw new TwirpError('invalid_argument', 'expires_at is in the past');
      const existing = live(req.workflowRunBackendId).filter((a) => a.name === req.name);
      if (existing.some((a) => a.finalized)) {
        throw new TwirpError('already_exists', 'an artifact with this name already exists on the workflow run');
      }
      for (const stale of existing) replace(stale, { deleted: true });
      const mimeType = req.mimeType?.value ?? null;
      const isZip = mimeType === null || mimeType === 'application/zip';
      const hash = createHash('sha256').update(req.name).digest('hex');
      const created: ResultsArtifact = {
        id: nextArtifactId++,
        name: req.name,
        workflowRunBackendId: req.workflowRunBackendId,
        workflowJobRunBackendId: req.workflowJobRunBackendId,
        version: req.version,
        mimeType,
        expiresAt,
        finalized: false,
        deleted: false,
        size: null,
        digest: null,
        container: ARTIFACT_CONTAINER,
        blobName: `${req.workflowRunBackendId}/workflow-job-run-${req.workflowJobRunBackendId}/artifacts/${hash}${isZip ? '.zip' : ''}`,
        createdAt: new Date(),
      };
      artifactList.push(created);
      return { ok: true, signedUploadUrl: signedUrl(created.container, created.blobName, 'cw') };
    }),

    FinalizeArtifact: rpc(FinalizeArtifactRequest, FinalizeArtifactResponse, async (req, who) => {
      requireRun(who, req.workflowRunBackendId, req.workflowJobRunBackendId);
      const pending = live(req.workflowRunBackendId).find(
        (a) => a.name === req.name && !a.finalized && a.workflowJobRunBackendId === req.workflowJobRunBackendId,
      );
      if (!pending) {
        if (live(req.workflowRunBackendId).some((a) => a.name === req.name && a.finalized)) {
          throw new TwirpError('already_exists', `artifact ${req.name} is already finalized`);
        }
        throw new TwirpError('not_found', `no artifact ${req.name} was created by this job`);
      }
      const size = await blobSize(pending.container, pending.blobName);
      if (size === undefined) throw new TwirpError('failed_precondition', 'the artifact was not uploaded');
      if (String(size) !== req.size)
        throw new TwirpError('invalid_argument', `size ${req.size} does not match the uploaded blob (${size} bytes)`);
      replace(pending, { finalized: true, size, digest: req.hash?.value ?? null });
      return { ok: true, artifactId: String(pending.id) };
    }),

    ListArtifacts: rpc(ListArtifactsRequest, ListArtifactsResponse, (req, who) => {
      requireRun(who, req.workflowRunBackendId, null);
      const found = live(req.workflowRunBackendId).filter(
        (a) =>
          a.finalized &&
          (req.nameFilter === undefined || a.name === req.nameFilter.value) &&
          (req.idFilter === undefined || String(a.id) === req.idFilter.value),
      );
      const artifacts: ListArtifactsResponse_MonolithArtifact[] = found.map((a) => ({
        workflowRunBackendId: a.workflowRunBackendId,
        workflowJobRunBackendId: a.workflowJobRunBackendId,
        databaseId: String(a.id),
        name: a.name,
        size: String(a.size ?? 0),
        createdAt: Timestamp.fromDate(a.createdAt),
        ...(a.digest ? { digest: StringValue.create({ value: a.digest }) } : {}),
      }));
      return { artifacts };
    }),

    GetSignedArtifactURL: rpc(GetSignedArtifactURLRequest, GetSignedArtifactURLResponse, (req, who) => {
      requireRun(who, req.workflowRunBackendId, null);
      const found = findFinalized(req.workflowRunBackendId, req.workflowJobRunBackendId, req.name);
      const fileName = found.blobName.endsWith('.zip') ? `${found.name}.zip` : found.name;
      return { signedUrl: signedUrl(found.container, found.blobName, 'r', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`) };
    }),

    DeleteArtifact: rpc(DeleteArtifactRequest, DeleteArtifactResponse, async (req, who) => {
      requireRun(who, req.workflowRunBackendId, null);
      const found = findFinalized(req.workflowRunBackendId, req.workflowJobRunBackendId, req.name);
      replace(found, { deleted: true });
      await admin.getContainerClient(found.container).getBlobClient(found.blobName).deleteIfExists();
      return { ok: true, artifactId: String(found.id) };
    }),
  };

  function rpc<I extends object, O extends object>(
    input: MessageType<I>,
    output: MessageType<O>,
    handle: (request: I, who: Identity) => O | Promise<O>,
  ): Rpc {
    return async (body, binary, who) => {
      let request: I;
      if (binary) {
        try {
          request = input.fromBinary(body, { readUnknownField: strict ? 'throw' : true });
        } catch (error) {
          throw new TwirpError('malformed', `the protobuf request could not be decoded: ${(error as Error).message}`);
        }
      } else {
        let json: JsonValue;
        try {
          json = JSON.parse(body.toString('utf8')) as JsonValue;
          request = input.fromJson(json, { ignoreUnknownFields: !strict });
        } catch (error) {
          throw new TwirpError('malformed', `the json request could not be decoded: ${(error as Error).message}`);
        }
      }
      const response = await handle(request, who);
      return binary
        ? { body: Buffer.from(output.toBinary(response)), contentType: 'application/protobuf' }
        : {
            body: JSON.stringify(output.toJson(response, { useProtoFieldName: true, emitDefaultValues: true })),
            contentType: 'application/json',
          };
    };
  }

  // --- Twirp HTTP server ------------------------------------------------------------------------------

  const routes = new Map<string, { service: 'CacheService' | 'ArtifactService'; method: CacheMethod | ArtifactMethod; call: Rpc }>();
  for (const [method, call] of Object.entries(cache) as [CacheMethod, Rpc][]) {
    routes.set(`/twirp/${CACHE_SERVICE}/${method}`, { service: 'CacheService', method, call });
  }
  for (const [method, call] of Object.entries(artifact) as [ArtifactMethod, Rpc][]) {
    routes.set(`/twirp/${ARTIFACT_SERVICE}/${method}`, { service: 'ArtifactService', method, call });
  }

  const twirpError = (res: ServerResponse, code: TwirpCode, msg: string, status = TWIRP_STATUS[code]) => {
    const text = JSON.stringify({ code, msg });
    const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
    if (status === 429) headers['retry-after'] = '1';
    res.writeHead(status, headers);
    res.end(text);
    return { status, code };
  };

  const handleTwirp = async (req: IncomingMessage, res: ServerResponse): Promise<Omit<ResultsRequest, 'service' | 'method'>> => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.get(pathname);
    if (route) {
      const fault = takeFault(route.method);
      if (fault === 'reset') {
        req.socket.destroy();
        return { status: 0, fault };
      }
      if (fault === 'stall') return { status: 0, fault };
      if (fault !== undefined) return { ...twirpError(res, codeForStatus(fault), 'injected fault', fault), fault };
    }
    let who: Identity;
    try {
      who = authenticate(req.headers.authorization);
    } catch (error) {
      const e = error as TwirpError;
      return twirpError(res, e.code, e.message);
    }
    if (req.method !== 'POST') return twirpError(res, 'bad_route', `unsupported method ${req.method} (only POST is allowed)`);
    if (!route) return twirpError(res, 'bad_route', `no handler for path ${pathname}`);
    const contentType = String(req.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (contentType !== 'application/json' && contentType !== 'application/protobuf') {
      return twirpError(res, 'bad_route', `unexpected Content-Type: ${JSON.stringify(req.headers['content-type'] ?? '')}`);
    }
    const body = await readBody(req);
    try {
      const answer = await route.call(body, contentType === 'application/protobuf', who);
      res.writeHead(200, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.body) });
      res.end(answer.body);
      return { status: 200 };
    } catch (error) {
      if (error instanceof TwirpError) return twirpError(res, error.code, error.message);
      return twirpError(res, 'internal', `results service error: ${(error as Error).message}`);
    }
  };

  const twirpServer = createServer((req, res) => {
    const route = routes.get(new URL(req.url ?? '/', 'http://localhost').pathname);
    const service = route?.service ?? 'unknown';
    const method = route?.method ?? `${req.method} ${req.url}`;
    handleTwirp(req, res)
      .then((outcome) => requests.push({ service, method, ...outcome }))
      .catch((error: unknown) => {
        requests.push({ service, method, status: 500, code: 'internal' });
        if (!res.headersSent) twirpError(res, 'internal', `results service error: ${(error as Error).message}`);
        else res.destroy();
      });
  });

  // --- blob proxy ---------------------------------------------------------------------------------------

  const blobErrorCodes: Record<number, string> = {
    400: 'InvalidInput',
    401: 'NoAuthenticationInformation',
    403: 'AuthenticationFailed',
    404: 'BlobNotFound',
    409: 'LeaseIdMissing',
    412: 'ConditionNotMet',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServerBusy',
  };

  const proxy = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const operation: BlobOperation | undefined =
      method === 'PUT' ? 'blob-upload' : method === 'GET' ? 'blob-download' : method === 'HEAD' ? 'blob-properties' : undefined;
    const log = (status: number, fault?: Fault) =>
      requests.push({
        service: 'blob',
        method,
        status,
        path,
        ...(operation ? { operation } : {}),
        ...(fault !== undefined ? { fault } : {}),
      });
    const fault = operation ? takeFault(operation) : undefined;
    if (fault === 'reset') {
      log(0, fault);
      req.socket.destroy();
      return;
    }
    if (fault === 'stall') {
      log(0, fault);
      req.resume();
      return;
    }
    if (fault !== undefined) {
      req.resume();
      const code = blobErrorCodes[fault] ?? 'InternalError';
      const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>injected fault</Message></Error>`;
      res.writeHead(fault, {
        'content-type': 'application/xml',
        'x-ms-error-code': code,
        'content-length': method === 'HEAD' ? 0 : Buffer.byteLength(xml),
      });
      res.end(method === 'HEAD' ? undefined : xml);
      log(fault, fault);
      return;
    }
    const upstream = httpRequest(
      { host: '127.0.0.1', port: azuritePort, method, path: req.url, headers: { ...req.headers, connection: 'close' }, agent: false },
      (answer) => {
        const { connection: _connection, 'keep-alive': _keepAlive, ...headers } = answer.headers;
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
        answer.on('end', () => log(answer.statusCode ?? 502));
      },
    );
    upstream.on('error', (error) => {
      log(502);
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`blob proxy: ${error.message}`);
      } else res.destroy();
    });
    req.on('aborted', () => upstream.destroy());
    req.pipe(upstream);
  });

  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });

  let releaseHost: (() => void) | undefined;
  let twirpPort: number;
  try {
    const proxyPort = await listen(proxy, 0);
    twirpPort = await listen(twirpServer, options.port ?? 0);
    const blobHost = `${ACCOUNT}.blob.core.windows.net`;
    if (productionHostnames) {
      releaseHost = resolveToLoopback(blobHost);
      blobUrl = `http://${blobHost}:${proxyPort}/`;
    } else {
      blobUrl = `http://127.0.0.1:${proxyPort}/${ACCOUNT}/`;
    }
  } catch (error) {
    twirpServer.close();
    proxy.close();
    await azurite.close();
    throw error;
  }
  const url = `http://127.0.0.1:${twirpPort}/`;

  const stop = (server: Server) =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });

  let closed = false;
  return {
    url,
    blobUrl,
    azuriteUrl,
    runtimeToken,
    runBackendId,
    workflowRunBackendId,
    workflowJobRunBackendId,
    env: () => ({
      ACTIONS_RUNTIME_TOKEN: runtimeToken,
      ACTIONS_RESULTS_URL: url,
      ACTIONS_CACHE_SERVICE_V2: 'True',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RETENTION_DAYS: '90',
      ...(options.cacheMode ? { ACTIONS_CACHE_MODE: options.cacheMode } : {}),
    }),
    issueToken,
    requests,
    entries: () => cacheEntries.map((e) => ({ ...e })),
    artifacts: () => artifactList.map((a) => ({ ...a })),
    fail(operation, fault, failOptions = {}) {
      if (fault === null) faults.delete(operation);
      else faults.set(operation, { fault, remaining: failOptions.times ?? Number.POSITIVE_INFINITY });
    },
    async overwriteBlob(keyPrefix, bytes) {
      const entry = newest(cacheEntries.filter((e) => e.finalized && e.key.startsWith(keyPrefix)));
      if (!entry) throw new Error(`no finalized cache entry starts with ${keyPrefix}`);
      await admin.getContainerClient(entry.container).getBlockBlobClient(entry.blobName).uploadData(bytes);
      return { ...entry };
    },
    async readBlob(ref) {
      try {
        return await admin.getContainerClient(ref.container).getBlobClient(ref.blobName).downloadToBuffer();
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return undefined;
        throw error;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      faults.clear();
      await Promise.all([stop(twirpServer), stop(proxy)]);
      releaseHost?.();
      await azurite.close();
      await azurite.clean();
    },
  };
}

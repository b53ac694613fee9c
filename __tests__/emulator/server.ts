/**
 * A local stand-in for api.github.com serving one dataset, or several (one repository each), through
 * GitHub's REST and GraphQL APIs.
 * Every request is checked against GitHub's published descriptions first: a request GitHub would
 * reject is answered the way GitHub answers it and logged with `valid: false`, so tests fail on it.
 *
 * Layouts: REST at `/` (github.com) and `/api/v3/` (GitHub Enterprise Server); GraphQL at
 * `POST /graphql` and `POST /api/graphql`. REST requests are validated against api.github.com's
 * description or, with `openapi`, a GHES release's.
 *
 * Faults (faults.ts) make chosen requests fail the way GitHub fails; a faulted request is still
 * validated, and logged with its status and a `fault` field.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Dataset, type Store, loadStore } from './dataset.js';
import {
  type FaultMode,
  type FaultSpec,
  type FaultStat,
  DEFAULT_SLOW_MS,
  FaultPlan,
  corrupt,
  faultReply,
  partialError,
  replacesResponse,
  truncate,
} from './faults.js';
import { githubSchema, graphqlOperationName, handleGraphql } from './graphql.js';
import { DEFAULT_OPENAPI, type OpenApiName, loadOpenApi, matchRoute, validateParameters } from './openapi.js';
import { type RestResponse, handleRest, notFound } from './rest.js';
import { fullRepository, rateLimitJson } from './rest-objects.js';

export interface EmulatorOptions {
  /** A dataset (docs/dataset-format.md) or the path of its JSON file. */
  readonly dataset?: Dataset | string;
  /**
   * Several datasets served at once, each under its `repository.owner/name` (REST
   * `/repos/{owner}/{repo}/...`, GraphQL `repository(owner, name)`), as one token sees an
   * organisation: the rate limits are shared. With `dataset` too, it is served first. A repository
   * no dataset describes is GitHub's 404 (REST) or NOT_FOUND error (GraphQL).
   */
  readonly datasets?: readonly (Dataset | string)[];
  /** 0 or absent: a free port. */
  readonly port?: number;
  /** Added before every response, to make timing realistic. */
  readonly latencyMs?: number;
  /** One JSON line per request. */
  readonly logPath?: string;
  /** When set, requests must authenticate with it (`token <t>` or `Bearer <t>`). */
  readonly token?: string;
  /** Hourly budget of each resource (REST core, GraphQL points); default 5000 like a user token. */
  readonly rateLimit?: number;
  /** Failures to inject (faults.ts): specs, or their compact text form ("502x3,secondary403:retry-after=2"). */
  readonly faults?: readonly FaultSpec[] | string;
  /**
   * The REST description requests are validated against, from `@octokit/openapi/generated/`:
   * `api.github.com` (default), `ghec`, `ghes-3.17`, ... (see `oldestGhesDescription()`).
   */
  readonly openapi?: OpenApiName;
}

export interface LogEntry {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly status: number;
  /** The GraphQL operation name; null for REST and anonymous operations. */
  readonly operation: string | null;
  /** False when GitHub would reject the request (unknown path, bad parameter, invalid query, bad credentials). */
  readonly valid: boolean;
  readonly errors: string[];
  /** Present when a fault answered the request; `status` is then the fault's (0 for `reset`: no response). */
  readonly fault?: FaultMode;
}

export interface Emulator {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** REST root, github.com layout (the same as `url`). */
  readonly apiUrl: string;
  readonly graphqlUrl: string;
  readonly requests: LogEntry[];
  /** The REST description requests are validated against. */
  readonly openapi: OpenApiName;
  /** Replace the faults (specs or compact text); their counts restart from zero. */
  setFaults(specs: readonly FaultSpec[] | string): void;
  /** Per spec, in order: requests matched and requests faulted. */
  faultStats(): FaultStat[];
  close(): Promise<void>;
}

interface Budget {
  readonly limit: number;
  used: number;
  reset: number;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
  readonly operation?: string | null;
  readonly valid: boolean;
  readonly errors: string[];
  /** Which rate-limit resource the headers describe. */
  readonly resource: 'core' | 'graphql';
  /** The matched REST operation's documentation (fault bodies cite it). */
  readonly docs?: string;
  /** graphql-errors-partial: where the failure was injected (null: nowhere). */
  readonly failedAt?: (string | number)[] | null;
}

const DOCS = 'https://docs.github.com/rest';
const HOUR = 3600;

function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The stores of `dataset` and `datasets`, in that order. Two datasets of one repository (GitHub
 * resolves names case-insensitively) would make every answer ambiguous, so they are refused.
 */
export function loadStores(opts: Pick<EmulatorOptions, 'dataset' | 'datasets'>): Store[] {
  const inputs = [...(opts.dataset !== undefined ? [opts.dataset] : []), ...(opts.datasets ?? [])];
  if (inputs.length === 0) throw new Error('startEmulator needs `dataset` or `datasets`');
  const stores = inputs.map((input) => loadStore(input));
  const seen = new Set<string>();
  for (const s of stores) {
    const key = s.fullName.toLowerCase();
    if (seen.has(key)) throw new Error(`Two datasets describe the repository ${s.fullName}: each repository can be served once`);
    seen.add(key);
  }
  return stores;
}

/** The store of `owner/repo` (case-insensitively, as GitHub resolves names); undefined when none. */
export function storeOf(stores: readonly Store[], owner: string, repo: string): Store | undefined {
  const o = owner.toLowerCase();
  const r = repo.toLowerCase();
  return stores.find((s) => s.owner.toLowerCase() === o && s.name.toLowerCase() === r);
}

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const stores: Store[] = loadStores(opts);
  // Endpoints that name no repository (none the action uses yet) answer from the first dataset.
  const primary = stores[0]!;
  const openapi = opts.openapi ?? DEFAULT_OPENAPI;
  // Parse GitHub's descriptions now rather than on the first request, so request timings stay flat.
  loadOpenApi(openapi);
  githubSchema();
  const faults = new FaultPlan(opts.faults ?? []);

  const limit = opts.rateLimit ?? 5000;
  const budgets: Record<'core' | 'graphql', Budget> = {
    core: { limit, used: 0, reset: Math.floor(Date.now() / 1000) + HOUR },
    graphql: { limit, used: 0, reset: Math.floor(Date.now() / 1000) + HOUR },
  };
  const budget = (name: 'core' | 'graphql'): Budget => {
    const b = budgets[name];
    const now = Math.floor(Date.now() / 1000);
    if (now >= b.reset) {
      b.used = 0;
      b.reset = now + HOUR;
    }
    return b;
  };

  const requests: LogEntry[] = [];
  const logFd = opts.logPath ? openSync(opts.logPath, 'w') : null;
  let requestCount = 0;
  let baseUrl = '';

  // Delays (latency, `slow` faults) end early when the emulator closes, so a hung client cannot
  // keep the process alive.
  const sleeping = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  const sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          sleeping.delete(entry);
          resolve();
        }, ms),
        wake: resolve,
      };
      sleeping.add(entry);
    });

  const authorized = (req: IncomingMessage): boolean => {
    if (!opts.token) return true;
    const header = req.headers.authorization ?? '';
    return header === `token ${opts.token}` || header === `Bearer ${opts.token}` || header === `bearer ${opts.token}`;
  };

  const rest = (method: string, restPath: string, query: URLSearchParams, api: string): Reply => {
    const core = budget('core');
    // GitHub answers HEAD wherever it answers GET; the description lists only the GET.
    const matched = matchRoute(method === 'HEAD' ? 'GET' : method, restPath, openapi);
    if (matched.kind === 'not-found') {
      core.used++;
      return { ...notFound(), valid: false, errors: [`${method} ${restPath} is not an endpoint of GitHub's REST API`], resource: 'core' };
    }
    const { operation, pathParams } = matched.match;
    const docs = operation.documentationUrl;
    const { errors, params } = validateParameters(operation, pathParams, query);
    // GitHub does not charge the rate limit for reading it.
    if (operation.operationId !== 'rate-limit/get') core.used++;
    if (errors.length > 0) {
      return {
        status: 422,
        body: {
          message: `Invalid request.\n\n${errors.join('\n')}`,
          errors: errors.map((message) => ({ resource: operation.resource, code: 'invalid', message })),
          documentation_url: operation.documentationUrl,
          status: '422',
        },
        valid: false,
        errors,
        resource: 'core',
        docs,
      };
    }
    if (core.used > core.limit) {
      core.used = core.limit;
      return {
        status: 403,
        body: {
          message: 'API rate limit exceeded for user ID 1.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
          status: '403',
        },
        valid: true,
        errors: ['rate limit exceeded'],
        resource: 'core',
        docs,
      };
    }
    if (operation.operationId === 'rate-limit/get') {
      const g = budget('graphql');
      const search = { limit: 30, used: 0, reset: Math.floor(Date.now() / 1000) + 60 };
      return { status: 200, body: rateLimitJson({ core, search, graphql: g }), valid: true, errors: [], resource: 'core', docs };
    }
    // An organisation's repositories: every dataset it owns (GET /orgs/{org}/repos).
    if (operation.operationId === 'repos/list-for-org') {
      const org = String(params.org ?? '').toLowerCase();
      const owned = stores.filter((st) => st.owner.toLowerCase() === org);
      if (owned.length === 0) return { ...notFound(docs), valid: true, errors: [], resource: 'core', docs };
      const perPage = typeof params.per_page === 'number' ? Math.min(100, params.per_page) : 30;
      const page = typeof params.page === 'number' ? params.page : 1;
      const slice = owned.slice((page - 1) * perPage, page * perPage);
      const last = Math.max(1, Math.ceil(owned.length / perPage));
      const link = (p: number, rel: string): string => {
        const q = new URLSearchParams(query);
        q.set('page', String(p));
        return `<${api}${restPath}?${q.toString()}>; rel="${rel}"`;
      };
      const headers = page < last ? { link: [link(page + 1, 'next'), link(last, 'last')].join(', ') } : undefined;
      return {
        status: 200,
        body: slice.map((st) => ({ ...fullRepository(api, st), archived: st.archived })),
        ...(headers ? { headers } : {}),
        valid: true,
        errors: [],
        resource: 'core',
        docs,
      };
    }
    // Route by the repository the path names; one that no dataset describes is GitHub's 404.
    const { owner, repo } = params;
    const store = typeof owner === 'string' && typeof repo === 'string' ? storeOf(stores, owner, repo) : primary;
    if (!store) {
      return { ...notFound(docs), valid: true, errors: [], resource: 'core', docs };
    }
    const response: RestResponse | null = handleRest(store, { operation, params, query, api, path: restPath });
    if (!response) {
      const note = `${operation.operationId} (${method} ${operation.template}) is valid on GitHub but not emulated`;
      return {
        status: 501,
        body: { message: `Not implemented by the emulator: ${operation.operationId}`, documentation_url: docs },
        valid: true,
        errors: [note],
        resource: 'core',
        docs,
      };
    }
    return { ...response, valid: true, errors: response.note ? [response.note] : [], resource: 'core', docs };
  };

  const graphql = (text: string, fail: FaultSpec | null, requestId: string): Reply => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      budget('graphql');
      return {
        status: 400,
        body: { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/graphql', status: '400' },
        valid: false,
        errors: ['request body is not JSON'],
        resource: 'graphql',
      };
    }
    const result = handleGraphql(
      stores,
      body,
      budget('graphql'),
      fail ? { fail: { ...partialError(fail, requestId), ...(fail.field ? { path: fail.field } : {}) } } : {},
    );
    return {
      status: 200,
      body: result.body,
      operation: result.operation,
      valid: result.valid,
      errors: result.errors,
      resource: 'graphql',
      ...(result.failedAt !== undefined ? { failedAt: result.failedAt } : {}),
    };
  };

  const log = (entry: LogEntry): void => {
    requests.push(entry);
    if (logFd !== null) writeSync(logFd, `${JSON.stringify(entry)}\n`);
  };

  const respond = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const isGraphql = path === '/graphql' || path === '/api/graphql';
    const graphqlPost = isGraphql && method === 'POST';
    const ghes = path === '/api/v3' || path.startsWith('/api/v3/');
    const resource = isGraphql ? 'graphql' : 'core';
    // The body first: a fault may select on the GraphQL operation it names.
    const text = graphqlPost ? await readBody(req) : null;
    let operationName: string | null | undefined;
    const fault = faults.active
      ? faults.select({
          method,
          path,
          graphql: graphqlPost,
          operation: () =>
            operationName === undefined ? (operationName = text === null ? null : graphqlOperationName(text)) : operationName,
        })
      : null;

    // Roll the hourly windows, then remember the budgets: a fault that answers in place of GitHub
    // (a 502, a secondary limit) is validated like any request but not charged.
    budget('core');
    budget('graphql');
    const charged = { core: budgets.core.used, graphql: budgets.graphql.used };
    requestCount++;
    const requestId = `E${(requestCount % 0xfff).toString(16).toUpperCase().padStart(3, '0')}:${(0x1000 + requestCount).toString(16).toUpperCase()}:${(0x10000 + requestCount * 7).toString(16).toUpperCase()}:${(0x100000 + requestCount * 13).toString(16).toUpperCase()}:${budgets[resource].reset.toString(16).toUpperCase()}`;

    let reply: Reply;
    if (!authorized(req)) {
      reply = {
        status: 401,
        body: { message: 'Bad credentials', documentation_url: DOCS, status: '401' },
        valid: false,
        errors: ['Bad credentials'],
        resource,
      };
    } else if (graphqlPost) {
      reply = graphql(text ?? '', fault?.mode === 'graphql-errors-partial' ? fault : null, requestId);
    } else if (isGraphql) {
      reply = {
        ...notFound('https://docs.github.com/graphql'),
        valid: false,
        errors: [`GraphQL takes POST, not ${method}`],
        resource: 'graphql',
      };
    } else {
      const restPath = ghes ? path.slice('/api/v3'.length) || '/' : path;
      reply = rest(method, restPath, url.searchParams, ghes ? `${baseUrl}/api/v3` : baseUrl);
    }

    const b = budget(resource);
    let status = reply.status;
    let body = reply.body;
    let replyHeaders = reply.headers ?? {};
    const errors = [...reply.errors];
    if (fault && replacesResponse(fault.mode)) {
      budgets.core.used = charged.core;
      budgets.graphql.used = charged.graphql;
      if (fault.mode === 'reset') status = 0;
      else {
        const f = faultReply(fault, {
          graphql: isGraphql,
          requestId,
          documentationUrl: reply.docs ?? null,
          limit: b.limit,
          nowSeconds: Math.floor(Date.now() / 1000),
        });
        ({ status, body } = f);
        replyHeaders = f.headers;
      }
    } else if (fault?.mode === 'truncated-json' || fault?.mode === 'invalid-json') {
      status = 200;
    } else if (fault?.mode === 'graphql-errors-partial' && reply.failedAt == null) {
      errors.push('graphql-errors-partial: no field of the response could be failed');
    }

    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': requestId,
      'x-ratelimit-limit': String(b.limit),
      'x-ratelimit-remaining': String(Math.max(0, b.limit - b.used)),
      'x-ratelimit-used': String(b.used),
      'x-ratelimit-reset': String(b.reset),
      'x-ratelimit-resource': resource,
      ...replyHeaders,
    };
    log({
      method,
      path,
      query: queryObject(url.searchParams),
      status,
      operation: reply.operation ?? null,
      valid: reply.valid,
      errors,
      ...(fault ? { fault: fault.mode } : {}),
    });
    if (opts.latencyMs && opts.latencyMs > 0) await sleep(opts.latencyMs);
    if (fault?.mode === 'slow') await sleep(fault.delayMs ?? DEFAULT_SLOW_MS);
    // The client may have given up (a timeout) or the emulator closed meanwhile.
    if (res.destroyed || req.socket.destroyed) return;
    if (fault?.mode === 'reset') {
      // A TCP RST: the client sees ECONNRESET, no status line.
      req.socket.resetAndDestroy();
      return;
    }
    // For HEAD, node:http sends the headers (length included) and drops the body itself.
    let payload = JSON.stringify(body);
    if (fault?.mode === 'truncated-json') payload = truncate(payload);
    if (fault?.mode === 'invalid-json') payload = corrupt(payload);
    res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(payload)) });
    res.end(payload);
  };

  const server = createServer((req, res) => {
    respond(req, res).catch((error: unknown) => {
      // An emulator bug must surface in the test, not as a hung request.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        query: {},
        status: 500,
        operation: null,
        valid: true,
        errors: [`emulator error: ${message}`],
      });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ message: `Emulator error: ${error instanceof Error ? error.message : String(error)}` }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    apiUrl: baseUrl,
    graphqlUrl: `${baseUrl}/graphql`,
    requests,
    openapi,
    setFaults: (specs) => faults.set(specs),
    faultStats: () => faults.stats(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const entry of sleeping) {
          clearTimeout(entry.timer);
          entry.wake();
        }
        sleeping.clear();
        server.close((error) => {
          if (logFd !== null) closeSync(logFd);
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}

export type { Dataset } from './dataset.js';
export type { FaultMode, FaultSpec, FaultStat } from './faults.js';
export { FAULT_MODES, formatFault, parseFault, parseFaults } from './faults.js';
export { availableDescriptions, oldestGhesDescription, type OpenApiName } from './openapi.js';

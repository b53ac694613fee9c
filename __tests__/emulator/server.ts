/**
 * A local stand-in for api.github.com serving one dataset through GitHub's REST and GraphQL APIs.
 * Every request is checked against GitHub's published descriptions first: a request GitHub would
 * reject is answered the way GitHub answers it and logged with `valid: false`, so tests fail on it.
 *
 * Layouts: REST at `/` (github.com) and `/api/v3/` (GitHub Enterprise Server); GraphQL at
 * `POST /graphql` and `POST /api/graphql`.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Dataset, type Store, loadStore } from './dataset.js';
import { githubSchema, handleGraphql } from './graphql.js';
import { loadOpenApi, matchRoute, validateParameters } from './openapi.js';
import { type RestResponse, handleRest, notFound } from './rest.js';
import { rateLimitJson } from './rest-objects.js';

export interface EmulatorOptions {
  /** A dataset (FORMAT.md) or the path of its JSON file. */
  readonly dataset: Dataset | string;
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
}

export interface Emulator {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** REST root, github.com layout (the same as `url`). */
  readonly apiUrl: string;
  readonly graphqlUrl: string;
  readonly requests: LogEntry[];
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

export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const store: Store = loadStore(opts.dataset);
  // Parse GitHub's descriptions now rather than on the first request, so request timings stay flat.
  loadOpenApi();
  githubSchema();

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

  const authorized = (req: IncomingMessage): boolean => {
    if (!opts.token) return true;
    const header = req.headers.authorization ?? '';
    return header === `token ${opts.token}` || header === `Bearer ${opts.token}` || header === `bearer ${opts.token}`;
  };

  const rest = (method: string, restPath: string, query: URLSearchParams, api: string): Reply => {
    const core = budget('core');
    // GitHub answers HEAD wherever it answers GET; the description lists only the GET.
    const matched = matchRoute(method === 'HEAD' ? 'GET' : method, restPath);
    if (matched.kind === 'not-found') {
      core.used++;
      return { ...notFound(), valid: false, errors: [`${method} ${restPath} is not an endpoint of GitHub's REST API`], resource: 'core' };
    }
    const { operation, pathParams } = matched.match;
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
      };
    }
    if (operation.operationId === 'rate-limit/get') {
      const g = budget('graphql');
      const search = { limit: 30, used: 0, reset: Math.floor(Date.now() / 1000) + 60 };
      return { status: 200, body: rateLimitJson({ core, search, graphql: g }), valid: true, errors: [], resource: 'core' };
    }
    const response: RestResponse | null = handleRest(store, { operation, params, query, api, path: restPath });
    if (!response) {
      const note = `${operation.operationId} (${method} ${operation.template}) is valid on GitHub but not emulated`;
      return { status: 501, body: { message: `Not implemented by the emulator: ${operation.operationId}`, documentation_url: operation.documentationUrl }, valid: true, errors: [note], resource: 'core' };
    }
    return { ...response, valid: true, errors: response.note ? [response.note] : [], resource: 'core' };
  };

  const graphql = async (req: IncomingMessage): Promise<Reply> => {
    const text = await readBody(req);
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
    const result = handleGraphql(store, body, budget('graphql'));
    return { status: 200, body: result.body, operation: result.operation, valid: result.valid, errors: result.errors, resource: 'graphql' };
  };

  const respond = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const isGraphql = path === '/graphql' || path === '/api/graphql';
    const ghes = path === '/api/v3' || path.startsWith('/api/v3/');
    let reply: Reply;
    if (!authorized(req)) {
      reply = {
        status: 401,
        body: { message: 'Bad credentials', documentation_url: DOCS, status: '401' },
        valid: false,
        errors: ['Bad credentials'],
        resource: isGraphql ? 'graphql' : 'core',
      };
    } else if (isGraphql && method === 'POST') {
      reply = await graphql(req);
    } else if (isGraphql) {
      reply = { ...notFound('https://docs.github.com/graphql'), valid: false, errors: [`GraphQL takes POST, not ${method}`], resource: 'graphql' };
    } else {
      const restPath = ghes ? path.slice('/api/v3'.length) || '/' : path;
      reply = rest(method, restPath, url.searchParams, ghes ? `${baseUrl}/api/v3` : baseUrl);
    }

    const b = budget(reply.resource);
    requestCount++;
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': `E${(requestCount % 0xfff).toString(16).toUpperCase().padStart(3, '0')}:${(0x1000 + requestCount).toString(16).toUpperCase()}:${(0x10000 + requestCount * 7).toString(16).toUpperCase()}:${(0x100000 + requestCount * 13).toString(16).toUpperCase()}:${b.reset.toString(16).toUpperCase()}`,
      'x-ratelimit-limit': String(b.limit),
      'x-ratelimit-remaining': String(Math.max(0, b.limit - b.used)),
      'x-ratelimit-used': String(b.used),
      'x-ratelimit-reset': String(b.reset),
      'x-ratelimit-resource': reply.resource,
      ...(reply.headers ?? {}),
    };
    const entry: LogEntry = {
      method,
      path,
      query: queryObject(url.searchParams),
      status: reply.status,
      operation: reply.operation ?? null,
      valid: reply.valid,
      errors: reply.errors,
    };
    requests.push(entry);
    if (logFd !== null) writeSync(logFd, `${JSON.stringify(entry)}\n`);
    if (opts.latencyMs && opts.latencyMs > 0) await new Promise((r) => setTimeout(r, opts.latencyMs));
    // For HEAD, node:http sends the headers (length included) and drops the body itself.
    const payload = JSON.stringify(reply.body);
    res.writeHead(reply.status, { ...headers, 'content-length': String(Buffer.byteLength(payload)) });
    res.end(payload);
  };

  const server = createServer((req, res) => {
    respond(req, res).catch((error: unknown) => {
      // An emulator bug must surface in the test, not as a hung request.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      const entry: LogEntry = { method: req.method ?? 'GET', path: req.url ?? '/', query: {}, status: 500, operation: null, valid: true, errors: [`emulator error: ${message}`] };
      requests.push(entry);
      if (logFd !== null) writeSync(logFd, `${JSON.stringify(entry)}\n`);
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
    close: () =>
      new Promise<void>((resolve, reject) => {
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

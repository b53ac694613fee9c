/**
 * What every REST route shares: the request and response shapes, GitHub's 404 body, and its
 * pagination (page sizes, `Link` headers).
 */
import type { Operation } from './openapi.js';

export interface RestRequest {
  readonly operation: Operation;
  /** Path and query parameters, coerced to their schema types. */
  readonly params: Record<string, unknown>;
  readonly query: URLSearchParams;
  /** REST root as the client reached it: `http://127.0.0.1:PORT` or `http://127.0.0.1:PORT/api/v3`. */
  readonly api: string;
  /** The request path below the REST root, for `Link` headers. */
  readonly path: string;
}

export interface RestResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
  /** Set when the emulator cannot answer a request GitHub would accept. */
  readonly note?: string;
}

export const notFound = (documentationUrl = 'https://docs.github.com/rest'): RestResponse => ({
  status: 404,
  body: { message: 'Not Found', documentation_url: documentationUrl, status: '404' },
});

/** GitHub's page size rules: default 30 (a commit's files: 300), at most 100 (larger values are rejected by validation). */
export function pageParams(params: Record<string, unknown>, defaultPerPage = 30): { perPage: number; page: number } {
  const perPage = typeof params.per_page === 'number' && params.per_page >= 1 ? Math.min(100, Math.floor(params.per_page)) : defaultPerPage;
  const page = typeof params.page === 'number' && params.page >= 1 ? Math.floor(params.page) : 1;
  return { perPage, page };
}

/**
 * One page of a list with GitHub's `Link` header: absolute URLs that keep the request's query, with
 * `prev`/`next`/`last`/`first` as GitHub gives them. `servable` caps how far pages go (the 1,000
 * results GitHub serves for filtered workflow run queries); pages past it are empty.
 */
export function paginate<T>(
  req: RestRequest,
  items: readonly T[],
  servable = items.length,
  defaultPerPage = 30,
): { page: T[]; headers: Record<string, string> } {
  const { perPage, page } = pageParams(req.params, defaultPerPage);
  const limit = Math.min(servable, items.length);
  const start = (page - 1) * perPage;
  const slice = start < limit ? items.slice(start, Math.min(start + perPage, limit)) : [];
  return { page: slice, headers: linkHeader(req, page, Math.max(1, Math.ceil(limit / perPage))) };
}

/** GitHub's `Link` header for page `page` of `lastPage`: absolute URLs that keep the request's query. */
export function linkHeader(req: RestRequest, page: number, lastPage: number): Record<string, string> {
  const link = (p: number, rel: string): string => {
    const q = new URLSearchParams(req.query);
    q.set('page', String(p));
    return `<${req.api}${req.path}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, lastPage), 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return links.length > 0 ? { link: links.join(', ') } : {};
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

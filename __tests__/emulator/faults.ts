/**
 * Fault injection: the failures GitHub really serves (5xx bursts, secondary and primary rate
 * limits, resets, slow and corrupt responses, partial GraphQL failures, 404s and 403s for a
 * missing permission), selected per emulator by a list of FaultSpecs, so the action's hardening
 * can be tested against them. The server (server.ts) still validates every faulted request and
 * logs it with a `fault` field; this module only says which request gets which fault and what
 * GitHub's answer looks like.
 *
 * Compact text form (CLI `--faults`), specs separated by commas:
 *
 *   MODE[xN][#K][@TARGET][:key=value...]
 *
 *   502x3                         the first 3 requests get a 502
 *   503#2                         only the 2nd request
 *   503#2x3                       the 2nd, 3rd and 4th
 *   secondary403:retry-after=2    every request, with `retry-after: 2`
 *   graphql-partial@BranchHistory every BranchHistory query
 *   not-found@/actions/workflows/deploy\.yml   requests whose path matches the regex
 *   slowx1:ms=1500                the first request waits 1.5 s
 *
 * The full grammar is at `parseFault`.
 */

export type FaultMode =
  | '500'
  | '502'
  | '503'
  | 'secondary-403'
  | 'secondary-429'
  | 'primary-exhausted'
  | 'reset'
  | 'slow'
  | 'truncated-json'
  | 'invalid-json'
  | 'graphql-errors-partial'
  | 'graphql-rate-limited'
  | 'not-found'
  | 'forbidden';

export const FAULT_MODES: readonly FaultMode[] = [
  '500',
  '502',
  '503',
  'secondary-403',
  'secondary-429',
  'primary-exhausted',
  'reset',
  'slow',
  'truncated-json',
  'invalid-json',
  'graphql-errors-partial',
  'graphql-rate-limited',
  'not-found',
  'forbidden',
];

export interface FaultSpec {
  readonly mode: FaultMode;
  /**
   * Requests whose URL path (query string excluded, `/api/v3` prefix included) matches this
   * regex, unanchored; a string is compiled with `new RegExp`. Absent: any path.
   */
  readonly path?: RegExp | string;
  /** Only GraphQL requests running this operation (by name). */
  readonly operation?: string;
  /** Only requests with this HTTP method. */
  readonly method?: string;
  /** Fault the Nth matching request (1-based) and, with `times`, the ones after it. */
  readonly nth?: number;
  /** How many matching requests to fault. Default: all of them; 1 when `nth` is set. */
  readonly times?: number;
  /** secondary-403/429: seconds sent in `retry-after`. Absent: no `retry-after` header. */
  readonly retryAfter?: number;
  /** primary-exhausted, graphql-rate-limited: seconds until `x-ratelimit-reset`. Default 60. */
  readonly resetIn?: number;
  /** slow: milliseconds added before the response. Default 65,000 (past the action's default 60 s timeout). */
  readonly delayMs?: number;
  /** graphql-rate-limited: HTTP status, 200 (default) or 403. */
  readonly status?: 200 | 403;
  /** graphql-errors-partial: the response path to fail ("repository.ref", aliases, no list indices). */
  readonly field?: string;
  /**
   * graphql-errors-partial: the error's `type`: absent for GitHub's untyped "Something went
   * wrong ... timeout" error, or "FORBIDDEN", "NOT_FOUND", ... .
   */
  readonly type?: string;
}

export interface FaultStat {
  readonly spec: FaultSpec;
  /** Requests the spec matched (those a spec listed before it already faulted are not offered to it). */
  readonly matched: number;
  /** Requests it faulted. */
  readonly fired: number;
}

/** What the server knows about a request when choosing its fault. */
export interface FaultRequest {
  readonly method: string;
  readonly path: string;
  readonly graphql: boolean;
  /** The GraphQL operation name (computed only when a spec asks for it). */
  readonly operation: () => string | null;
}

const GRAPHQL_ONLY = new Set<FaultMode>(['graphql-errors-partial', 'graphql-rate-limited']);
/** Modes that answer in place of the emulated response; the others alter or delay the real one. */
const REPLACING = new Set<FaultMode>([
  '500',
  '502',
  '503',
  'secondary-403',
  'secondary-429',
  'primary-exhausted',
  'reset',
  'graphql-rate-limited',
  'not-found',
  'forbidden',
]);

export const replacesResponse = (mode: FaultMode): boolean => REPLACING.has(mode);

export const DEFAULT_RESET_IN = 60;
export const DEFAULT_SLOW_MS = 65_000;

const squash = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');

const ALIASES = new Map<string, FaultMode>([
  ...FAULT_MODES.map((m) => [squash(m), m] as [string, FaultMode]),
  ['secondary', 'secondary-403'],
  ['primary', 'primary-exhausted'],
  ['ratelimit', 'primary-exhausted'],
  ['econnreset', 'reset'],
  ['timeout', 'slow'],
  ['truncated', 'truncated-json'],
  ['graphqlpartial', 'graphql-errors-partial'],
  ['partial', 'graphql-errors-partial'],
  ['graphqlratelimit', 'graphql-rate-limited'],
  ['404', 'not-found'],
]);

const OPTION_KEYS: Record<string, { key: keyof FaultSpec; modes?: readonly FaultMode[]; kind: 'int' | 'string' }> = {
  'retry-after': { key: 'retryAfter', modes: ['secondary-403', 'secondary-429'], kind: 'int' },
  'reset-in': { key: 'resetIn', modes: ['primary-exhausted', 'graphql-rate-limited'], kind: 'int' },
  ms: { key: 'delayMs', modes: ['slow'], kind: 'int' },
  status: { key: 'status', modes: ['graphql-rate-limited'], kind: 'int' },
  field: { key: 'field', modes: ['graphql-errors-partial'], kind: 'string' },
  type: { key: 'type', modes: ['graphql-errors-partial'], kind: 'string' },
  method: { key: 'method', kind: 'string' },
  times: { key: 'times', kind: 'int' },
  nth: { key: 'nth', kind: 'int' },
};

function nonNegativeInteger(what: string, value: unknown, min = 0): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new Error(`fault ${what} must be an integer >= ${min}, got ${String(value)}`);
}

/** Checks a spec (from code or from the text form); throws with the reason when it is unusable. */
export function checkFault(spec: FaultSpec): FaultSpec {
  if (!FAULT_MODES.includes(spec.mode)) throw new Error(`unknown fault mode "${String(spec.mode)}"; modes: ${FAULT_MODES.join(', ')}`);
  nonNegativeInteger('nth', spec.nth, 1);
  nonNegativeInteger('times', spec.times);
  nonNegativeInteger('retryAfter', spec.retryAfter);
  nonNegativeInteger('resetIn', spec.resetIn);
  nonNegativeInteger('delayMs', spec.delayMs);
  if (spec.status !== undefined && spec.status !== 200 && spec.status !== 403)
    throw new Error(`fault status must be 200 or 403, got ${String(spec.status)}`);
  if (typeof spec.path === 'string') new RegExp(spec.path);
  if (spec.operation !== undefined && !/^[_A-Za-z][_0-9A-Za-z]*$/.test(spec.operation))
    throw new Error(`"${spec.operation}" is not a GraphQL operation name`);
  return spec;
}

/** Split on commas outside (), [] and {}: a path regex may hold `{1,3}`. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    if (c === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

/**
 * One spec in the compact form `MODE[xN][#K][@TARGET][:key=value...]`:
 * - MODE: a FaultMode; case, `-` and `_` are ignored (`secondary403`, `graphql_partial`), and a
 *   few aliases are taken (`graphql-partial`, `partial`, `primary`, `404`, `timeout`, ...).
 * - `xN`: fault N requests (`times`); `#K`: start at the Kth matching request (`nth`).
 * - `@TARGET`: starting with `/`, a regex on the URL path; otherwise a GraphQL operation name.
 * - options: `retry-after=S`, `reset-in=S`, `ms=N` (slow), `status=200|403` (graphql-rate-limited),
 *   `field=a.b` and `type=T` (graphql-errors-partial), `method=GET`, `times=N`, `nth=K`.
 *   An option starts at a `:` followed by `key=`, so a path regex may hold other colons.
 *   `xN`/`#K` may also follow a whole-number option's value: `secondary403:retry-after=2x3`.
 */
export function parseFault(text: string): FaultSpec {
  const item = text.trim();
  const [head = '', ...options] = item.split(/:(?=[a-z][a-z-]*=)/i);
  const m = /^([a-z0-9_-]+?)((?:[x#]\d+)*)(?:@(.+))?$/i.exec(head.trim());
  if (!m) throw new Error(`cannot read fault "${item}": expected MODE[xN][#K][@TARGET][:key=value...]`);
  const mode = ALIASES.get(squash(m[1]!));
  if (!mode) throw new Error(`unknown fault mode "${m[1]}" in "${item}"; modes: ${FAULT_MODES.join(', ')}`);
  const spec: Record<string, unknown> = { mode };
  for (const [, sign, n] of m[2]!.matchAll(/([x#])(\d+)/g)) spec[sign === 'x' ? 'times' : 'nth'] = Number(n);
  const target = m[3]?.trim();
  if (target) {
    if (target.startsWith('/')) spec.path = target;
    else spec.operation = target;
  }
  for (const option of options) {
    const eq = option.indexOf('=');
    const key = option.slice(0, eq).trim().toLowerCase();
    const value = option.slice(eq + 1).trim();
    const known = OPTION_KEYS[key];
    if (!known) throw new Error(`unknown fault option "${key}" in "${item}"; options: ${Object.keys(OPTION_KEYS).join(', ')}`);
    if (known.modes && !known.modes.includes(mode))
      throw new Error(`fault option "${key}" applies to ${known.modes.join(', ')}, not ${mode}`);
    if (known.kind === 'int') {
      // The count may also close the spec: `secondary403:retry-after=2x3`.
      const n = /^(\d+)((?:[x#]\d+)*)$/.exec(value);
      if (!n) throw new Error(`fault option "${key}" takes a whole number, got "${value}"`);
      spec[known.key] = Number(n[1]);
      for (const [, sign, count] of n[2]!.matchAll(/([x#])(\d+)/g)) spec[sign === 'x' ? 'times' : 'nth'] = Number(count);
    } else spec[known.key] = value;
  }
  return checkFault(spec as unknown as FaultSpec);
}

/** A comma-separated list of compact specs (the CLI's `--faults`). Empty text: no faults. */
export function parseFaults(text: string): FaultSpec[] {
  return splitTopLevel(text)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(parseFault);
}

/** The compact form of a spec, for messages (`parseFault(formatFault(s))` gives `s` back). */
export function formatFault(spec: FaultSpec): string {
  let out: string = spec.mode;
  if (spec.times !== undefined) out += `x${spec.times}`;
  if (spec.nth !== undefined) out += `#${spec.nth}`;
  if (spec.path !== undefined) out += `@${typeof spec.path === 'string' ? spec.path : spec.path.source}`;
  else if (spec.operation !== undefined) out += `@${spec.operation}`;
  for (const [name, { key }] of Object.entries(OPTION_KEYS)) {
    if (key === 'times' || key === 'nth') continue;
    const value = spec[key];
    if (value !== undefined) out += `:${name}=${String(value)}`;
  }
  return out;
}

interface Armed {
  readonly spec: FaultSpec;
  readonly path: RegExp | null;
  matched: number;
  fired: number;
}

/** The faults of one emulator, in order: a request gets the fault of the first spec that fires. */
export class FaultPlan {
  private armed: Armed[] = [];

  constructor(specs: readonly FaultSpec[] | string = []) {
    this.set(specs);
  }

  /** Replace the specs; counts start again from zero. */
  set(specs: readonly FaultSpec[] | string): void {
    const list = typeof specs === 'string' ? parseFaults(specs) : specs.map(checkFault);
    this.armed = list.map((spec) => ({
      spec,
      path: spec.path === undefined ? null : typeof spec.path === 'string' ? new RegExp(spec.path) : spec.path,
      matched: 0,
      fired: 0,
    }));
  }

  get active(): boolean {
    return this.armed.length > 0;
  }

  stats(): FaultStat[] {
    return this.armed.map(({ spec, matched, fired }) => ({ spec, matched, fired }));
  }

  /** The fault for this request, counted; null when none fires. */
  select(request: FaultRequest): FaultSpec | null {
    for (const a of this.armed) {
      const { spec } = a;
      if (spec.method !== undefined && spec.method.toUpperCase() !== request.method) continue;
      if ((GRAPHQL_ONLY.has(spec.mode) || spec.operation !== undefined) && !request.graphql) continue;
      if (a.path && !a.path.test(request.path)) continue;
      if (spec.operation !== undefined && request.operation() !== spec.operation) continue;
      a.matched++;
      const start = spec.nth ?? 1;
      const count = spec.times ?? (spec.nth !== undefined ? 1 : Number.POSITIVE_INFINITY);
      if (a.matched >= start && a.matched < start + count) {
        a.fired++;
        return spec;
      }
    }
    return null;
  }
}

export interface FaultReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Record<string, string>;
}

export interface FaultContext {
  readonly graphql: boolean;
  readonly requestId: string;
  /** The matched REST operation's documentation, when there is one. */
  readonly documentationUrl: string | null;
  readonly limit: number;
  readonly nowSeconds: number;
}

export const SECONDARY_DOCS =
  'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';
export const PRIMARY_DOCS = 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api';

/** Rate-limit headers of an exhausted budget, resetting `resetIn` seconds from now. */
function exhausted(spec: FaultSpec, ctx: FaultContext): Record<string, string> {
  return {
    'x-ratelimit-limit': String(ctx.limit),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-used': String(ctx.limit),
    'x-ratelimit-reset': String(ctx.nowSeconds + (spec.resetIn ?? DEFAULT_RESET_IN)),
  };
}

/** GitHub's answer for a replacing fault (see `replacesResponse`); `reset` has none. */
export function faultReply(spec: FaultSpec, ctx: FaultContext): FaultReply {
  const docs = ctx.documentationUrl ?? (ctx.graphql ? 'https://docs.github.com/graphql' : 'https://docs.github.com/rest');
  switch (spec.mode) {
    case '500':
      return { status: 500, body: { message: 'Server Error', documentation_url: docs, status: '500' }, headers: {} };
    case '502':
      return { status: 502, body: { message: 'Server Error', documentation_url: docs, status: '502' }, headers: {} };
    case '503':
      return { status: 503, body: { message: 'Service Unavailable', documentation_url: docs, status: '503' }, headers: {} };
    case 'secondary-403':
    case 'secondary-429': {
      const status = spec.mode === 'secondary-403' ? 403 : 429;
      return {
        status,
        body: {
          message: `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${ctx.requestId}.`,
          documentation_url: SECONDARY_DOCS,
          status: String(status),
        },
        headers: spec.retryAfter !== undefined ? { 'retry-after': String(spec.retryAfter) } : {},
      };
    }
    case 'primary-exhausted':
      return {
        status: 403,
        body: {
          message: `API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID ${ctx.requestId}.`,
          documentation_url: PRIMARY_DOCS,
          status: '403',
        },
        headers: exhausted(spec, ctx),
      };
    case 'graphql-rate-limited':
      return {
        status: spec.status ?? 200,
        body: { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.' }] },
        headers: exhausted(spec, ctx),
      };
    case 'not-found':
      return { status: 404, body: { message: 'Not Found', documentation_url: docs, status: '404' }, headers: {} };
    case 'forbidden':
      return {
        status: 403,
        body: { message: 'Resource not accessible by integration', documentation_url: docs, status: '403' },
        headers: {},
      };
    default:
      throw new Error(`fault ${spec.mode} does not replace the response`);
  }
}

/** The error a `graphql-errors-partial` fault throws in one field. */
export function partialError(spec: FaultSpec, requestId: string): { type?: string; message: string } {
  switch (spec.type) {
    case undefined:
    case '':
      return {
        message: `Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include \`${requestId}\` when reporting this issue.`,
      };
    case 'FORBIDDEN':
      return { type: 'FORBIDDEN', message: 'Resource not accessible by integration' };
    case 'NOT_FOUND':
      return { type: 'NOT_FOUND', message: 'Could not resolve to a node with the global id of the requested object.' };
    default:
      return { type: spec.type, message: `Injected partial failure (${spec.type}).` };
  }
}

/** A 200 body cut in half: the JSON ends mid-value. */
export function truncate(payload: string): string {
  return payload.slice(0, Math.max(1, Math.min(payload.length - 1, Math.floor(payload.length / 2))));
}

/** A 200 body that is almost JSON: a trailing comma before the closing bracket. */
export function corrupt(payload: string): string {
  return payload.length < 2 ? `${payload},` : `${payload.slice(0, -1)},${payload.slice(-1)}`;
}

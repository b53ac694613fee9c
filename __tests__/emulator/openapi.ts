/**
 * GitHub's REST description (@octokit/openapi: api.github.com by default, or a GitHub Enterprise
 * Server release such as `ghes-3.17`) as the emulator's gatekeeper: every request is matched
 * against its templated paths and its parameters are validated against the operation's real
 * parameter schemas, so a request GitHub would reject fails the test.
 *
 * The bundled (non-dereferenced) description is used: it parses in ~0.1 s where the dereferenced
 * one takes ~0.7 s. `$ref`s are resolved only for the operations actually requested, and each
 * operation's validators are compiled once and cached.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { packageFile } from './package-files.js';
import { parseSearchDateRange } from './search-dates.js';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: JsonObject;
}

export interface Operation {
  readonly operationId: string;
  readonly method: string;
  readonly template: string;
  readonly documentationUrl: string;
  readonly parameters: readonly OpenApiParameter[];
  /** Tag of the operation ("actions", "repos"): GitHub names the `resource` of 422 errors after it. */
  readonly resource: string;
}

export interface RouteMatch {
  readonly operation: Operation;
  readonly pathParams: Record<string, string>;
}

export interface ValidationResult {
  readonly errors: string[];
  /** Parameters coerced to their schema types (numbers, booleans), defaults not applied. */
  readonly params: Record<string, unknown>;
}

interface Route {
  readonly template: string;
  readonly regex: RegExp;
  readonly names: readonly string[];
  /** Literal segments first: `/releases/latest` must win over `/releases/{release_id}`. */
  readonly specificity: number[];
  readonly methods: ReadonlyMap<string, JsonObject>;
}

interface Description {
  readonly doc: JsonObject;
  readonly routes: readonly Route[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** A description in `@octokit/openapi/generated/`: `api.github.com`, `ghec`, `ghes-3.17`, ... */
export type OpenApiName = 'api.github.com' | 'ghec' | `ghes-${number}.${number}`;

export const DEFAULT_OPENAPI: OpenApiName = 'api.github.com';

const descriptions = new Map<string, Description>();

const generatedDir = (): string => dirname(packageFile('@octokit/openapi', 'generated/api.github.com.json'));

/** The descriptions the installed @octokit/openapi ships (bundled form, not `.deref`). */
export function availableDescriptions(): OpenApiName[] {
  return readdirSync(generatedDir())
    .filter((f) => f.endsWith('.json') && !f.endsWith('.deref.json'))
    .map((f) => f.slice(0, -'.json'.length) as OpenApiName)
    .sort();
}

/** GHES releases shipped, oldest first ("ghes-3.9" before "ghes-3.17"). */
export function ghesDescriptions(): OpenApiName[] {
  const version = (n: string): number[] => n.slice('ghes-'.length).split('.').map(Number);
  return availableDescriptions()
    .filter((n) => /^ghes-\d+\.\d+$/.test(n))
    .sort((a, b) => {
      const [va, vb] = [version(a), version(b)];
      return va[0]! - vb[0]! || va[1]! - vb[1]!;
    });
}

/** The oldest GitHub Enterprise Server description in the installed @octokit/openapi. */
export function oldestGhesDescription(): OpenApiName {
  const oldest = ghesDescriptions()[0];
  if (!oldest) throw new Error('The installed @octokit/openapi ships no ghes-* description');
  return oldest;
}

/** Parse a description and build its route table, once per process and description. */
export function loadOpenApi(name: string = DEFAULT_OPENAPI): Description {
  const cached = descriptions.get(name);
  if (cached) return cached;
  const available = availableDescriptions();
  if (!(available as string[]).includes(name)) {
    throw new Error(`Unknown OpenAPI description "${name}"; @octokit/openapi ships: ${available.join(', ')}`);
  }
  const doc = JSON.parse(readFileSync(`${generatedDir()}/${name}.json`, 'utf8')) as JsonObject;
  const paths = doc.paths as Record<string, JsonObject>;
  const routes: Route[] = [];
  for (const [template, item] of Object.entries(paths)) {
    const names: string[] = [];
    const segments = template.split('/').slice(1);
    const multi = multiSegmentParameters(item, doc);
    const pattern = segments
      .map((segment) => {
        const m = /^\{([^}]+)\}$/.exec(segment);
        if (m) {
          names.push(m[1]!);
          // `x-multi-segment` parameters (a branch `feature/x`, a file path, `BASE...HEAD`) may hold slashes.
          return multi.has(m[1]!) ? '(.+?)' : '([^/]+)';
        }
        // Templated fragments inside a segment ("{basehead}" style is whole-segment in GitHub's
        // description, but be safe): each placeholder matches a run of non-slash characters.
        return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_s, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
      })
      .join('/');
    const methods = new Map<string, JsonObject>();
    for (const m of METHODS) if (item[m]) methods.set(m.toUpperCase(), item[m] as JsonObject);
    routes.push({
      template,
      regex: new RegExp(`^/${pattern}/?$`),
      names,
      specificity: segments.map((s) => (s.includes('{') ? 0 : 1)),
      methods,
    });
  }
  routes.sort((a, b) => {
    for (let i = 0; i < Math.min(a.specificity.length, b.specificity.length); i++) {
      const d = b.specificity[i]! - a.specificity[i]!;
      if (d !== 0) return d;
    }
    return b.specificity.length - a.specificity.length;
  });
  const description = { doc, routes };
  descriptions.set(name, description);
  return description;
}

/** Path parameters that GitHub's description marks `x-multi-segment`: their values may contain `/`. */
function multiSegmentParameters(item: JsonObject, doc: JsonObject): Set<string> {
  const names = new Set<string>();
  const lists = [item.parameters, ...METHODS.map((m) => (item[m] as JsonObject | undefined)?.parameters)];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const p = deref(raw, doc);
      if (
        p &&
        typeof p === 'object' &&
        !Array.isArray(p) &&
        p.in === 'path' &&
        p['x-multi-segment'] === true &&
        typeof p.name === 'string'
      ) {
        names.add(p.name);
      }
    }
  }
  return names;
}

/** Follow a local `$ref` ("#/components/parameters/per-page") to its target in `doc`. */
function deref(node: Json | undefined, doc: JsonObject): Json | undefined {
  let current = node;
  for (let hops = 0; current && typeof current === 'object' && !Array.isArray(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`$ref loop at ${current.$ref}`);
    const ref: string = current.$ref;
    let target: Json | undefined = doc;
    for (const part of ref.replace(/^#\//, '').split('/')) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      target = target && typeof target === 'object' && !Array.isArray(target) ? target[key] : undefined;
    }
    current = target;
  }
  return current;
}

/**
 * Inline every `$ref` below a node, for ajv. GitHub's schemas have a few recursive types; a ref
 * met again on its own path is replaced by `{}` (accept anything) rather than looping.
 */
export function resolveRefs(node: Json | undefined, doc: JsonObject, stack: readonly string[] = []): Json {
  if (node === undefined) return {};
  if (Array.isArray(node)) return node.map((n) => resolveRefs(n, doc, stack));
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    if (stack.includes(node.$ref)) return {};
    return resolveRefs(deref(node, doc), doc, [...stack, node.$ref]);
  }
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) out[k] = resolveRefs(v, doc, stack);
  return out;
}

const operations = new Map<JsonObject, Operation>();

function toOperation(doc: JsonObject, route: Route, method: string, raw: JsonObject): Operation {
  const cached = operations.get(raw);
  if (cached) return cached;
  const params = ((raw.parameters as Json[] | undefined) ?? []).map((p) => resolveRefs(p, doc) as unknown as OpenApiParameter);
  const docs = raw.externalDocs as JsonObject | undefined;
  const tags = raw.tags as string[] | undefined;
  const op: Operation = {
    operationId: String(raw.operationId),
    method,
    template: route.template,
    documentationUrl: typeof docs?.url === 'string' ? docs.url : 'https://docs.github.com/rest',
    parameters: params,
    resource: tags?.[0] ?? 'Resource',
  };
  operations.set(raw, op);
  return op;
}

export type MatchResult = { kind: 'match'; match: RouteMatch } | { kind: 'not-found' };

/** Match a request path (without the GHES `/api/v3` prefix) against a description's templated paths. */
export function matchRoute(method: string, path: string, name: string = DEFAULT_OPENAPI): MatchResult {
  const { doc, routes } = loadOpenApi(name);
  for (const route of routes) {
    const m = route.regex.exec(path);
    if (!m) continue;
    const raw = route.methods.get(method);
    // GitHub answers a known path with an unsupported method with 404 as well.
    if (!raw) continue;
    const pathParams: Record<string, string> = {};
    route.names.forEach((name, i) => {
      const raw = m[i + 1]!;
      try {
        pathParams[name] = decodeURIComponent(raw);
      } catch {
        // Malformed percent-encoding: validate the segment as sent rather than fail the request.
        pathParams[name] = raw;
      }
    });
    return { kind: 'match', match: { operation: toOperation(doc, route, method, raw), pathParams } };
  }
  return { kind: 'not-found' };
}

let ajvInstance: Ajv | null = null;

/** One ajv for parameters and responses: OpenAPI keywords (`nullable`, `example`, `x-github`) allowed. */
export function ajv(): Ajv {
  if (!ajvInstance) {
    ajvInstance = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajvInstance);
  }
  return ajvInstance;
}

/**
 * Where GitHub's own behaviour is stricter or looser than the schema it publishes:
 * - `per_page` says "max 100" in prose only; GitHub silently clamps, but a client asking for more
 *   has a bug (it will page wrongly), so the emulator rejects it.
 * - `created` on workflow runs is typed `date-time` but takes the search date syntax
 *   (`2026-01-01..2026-02-01`, `>=...`); it is checked by the search syntax parser instead.
 */
function schemaFor(param: OpenApiParameter): JsonObject {
  const schema = { ...(nullableForAjv(param.schema ?? {}) as JsonObject) };
  if (param.in === 'query' && param.name === 'per_page') schema.maximum = 100;
  if (param.in === 'query' && param.name === 'created') delete schema.format;
  return schema;
}

const validators = new WeakMap<OpenApiParameter, ValidateFunction>();

function validatorFor(param: OpenApiParameter): ValidateFunction {
  let v = validators.get(param);
  if (!v) {
    v = ajv().compile(schemaFor(param));
    validators.set(param, v);
  }
  return v;
}

function typesOf(schema: Json | undefined): Set<string> {
  const types = new Set<string>();
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return types;
  if (typeof schema.type === 'string') types.add(schema.type);
  if (Array.isArray(schema.type)) for (const t of schema.type) types.add(String(t));
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const branches = schema[key];
    if (Array.isArray(branches)) for (const b of branches) for (const t of typesOf(b)) types.add(t);
  }
  return types;
}

/**
 * URL parameters are strings; turn them into what the schema expects before validating. Done by
 * hand rather than with ajv's `coerceTypes`, which makes `oneOf: [integer, string]` (workflow_id)
 * match both branches and fail.
 */
function coerce(value: string, schema: Json | undefined): unknown {
  const types = typesOf(schema);
  if ((types.has('integer') || types.has('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (types.has('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function describe(name: string, value: unknown, errors: ValidateFunction['errors']): string {
  const first = errors?.[0];
  if (!first) return `For '${name}', ${JSON.stringify(value)} is not valid.`;
  const p = first.params as Record<string, unknown>;
  switch (first.keyword) {
    case 'maximum':
      return `For '${name}', ${JSON.stringify(value)} is greater than the maximum of ${String(p.limit)}.`;
    case 'minimum':
      return `For '${name}', ${JSON.stringify(value)} is less than the minimum of ${String(p.limit)}.`;
    case 'enum':
      return `For '${name}', ${JSON.stringify(value)} is not a member of ${JSON.stringify(p.allowedValues)}.`;
    case 'type':
      return `For '${name}', ${JSON.stringify(value)} is not ${/^[aeiou]/.test(String(p.type)) ? 'an' : 'a'} ${String(p.type)}.`;
    case 'format':
      return `For '${name}', ${JSON.stringify(value)} is not a valid ${String(p.format)}.`;
    default:
      return `For '${name}', ${JSON.stringify(value)} ${first.message ?? 'is not valid'}.`;
  }
}

/** Validate path and query parameters against the operation's parameter schemas. */
export function validateParameters(operation: Operation, pathParams: Record<string, string>, query: URLSearchParams): ValidationResult {
  const errors: string[] = [];
  const params: Record<string, unknown> = {};
  const known = new Set<string>();
  for (const param of operation.parameters) {
    if (param.in !== 'path' && param.in !== 'query') continue;
    if (param.in === 'query') known.add(param.name);
    const isArray = typesOf(param.schema).has('array');
    let value: unknown;
    if (param.in === 'path') {
      const raw = pathParams[param.name];
      value = raw === undefined ? undefined : coerce(raw, param.schema);
    } else if (isArray) {
      const raws = [...query.getAll(param.name), ...query.getAll(`${param.name}[]`)];
      known.add(`${param.name}[]`);
      const items = (param.schema as JsonObject | undefined)?.items;
      value = raws.length > 0 ? raws.map((r) => coerce(r, items)) : undefined;
    } else {
      const raws = query.getAll(param.name);
      value = raws.length > 0 ? coerce(raws[raws.length - 1]!, param.schema) : undefined;
    }
    if (value === undefined) {
      if (param.required) errors.push(`'${param.name}' wasn't supplied.`);
      continue;
    }
    params[param.name] = value;
    const validate = validatorFor(param);
    if (!validate(value)) {
      errors.push(describe(param.name, value, validate.errors));
      continue;
    }
    if (param.in === 'query' && param.name === 'created' && typeof value === 'string') {
      try {
        parseSearchDateRange(value);
      } catch (error) {
        errors.push(`For 'created', ${(error as Error).message}`);
      }
    }
  }
  for (const name of new Set(query.keys())) {
    if (!known.has(name)) errors.push(`'${name}' is not a parameter of ${operation.method} ${operation.template}.`);
  }
  return { errors, params };
}

/** The JSON schema GitHub publishes for an operation's response, `$ref`s inlined (for tests). */
export function responseSchema(method: string, template: string, status = '200', name: string = DEFAULT_OPENAPI): Json {
  const { doc } = loadOpenApi(name);
  const item = (doc.paths as Record<string, JsonObject>)[template];
  const op = item?.[method.toLowerCase()] as JsonObject | undefined;
  if (!op) throw new Error(`No operation ${method} ${template}`);
  const response = deref((op.responses as JsonObject)[status], doc) as JsonObject | undefined;
  const content = response?.content as JsonObject | undefined;
  const json = content?.['application/json'] as JsonObject | undefined;
  if (!json) throw new Error(`No JSON response ${status} for ${method} ${template}`);
  return nullableForAjv(resolveRefs(json.schema, doc));
}

/**
 * OpenAPI 3.0 writes "may be null" as `nullable: true`; ajv understands that only next to `type`.
 * Elsewhere (a nullable `allOf`/`anyOf`) it becomes an explicit `anyOf` with null.
 */
export function nullableForAjv(node: Json): Json {
  if (Array.isArray(node)) return node.map(nullableForAjv);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === 'properties' || k === 'items' || typeof v === 'object' ? nullableForAjv(v) : v;
  // ajv checks `enum` even when the value is null, so a nullable enum must list null itself.
  if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/**
 * GitHub's GraphQL endpoint: parse and validate against GitHub's published schema
 * (@octokit/graphql-schema), apply GitHub's own static checks (pagination boundaries, the 100
 * record limit, the 500,000 node limit), charge the rate limit with GitHub's cost formula, then
 * execute with graphql-js over the dataset's object graph (graphql-model.ts).
 */
import { readFileSync } from 'node:fs';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  GraphQLError,
  buildSchema,
  execute,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  validate,
} from 'graphql';
import type { Store } from './dataset.js';
import { Graph, nodeById } from './graphql-model.js';
import { packageFile } from './package-files.js';

let schema: GraphQLSchema | null = null;

/**
 * GitHub's schema, built once per process (~0.15 s). `assumeValidSDL`: the published SDL defines
 * two EnterpriseOwnerInfo fields twice (identically), which graphql-js's SDL validation rejects.
 */
export function githubSchema(): GraphQLSchema {
  if (!schema) {
    const sdl = readFileSync(packageFile('@octokit/graphql-schema', 'schema.graphql'), 'utf8');
    schema = buildSchema(sdl, { assumeValidSDL: true });
  }
  return schema;
}

/** An error as GitHub's GraphQL API writes it: `type` next to `message`, `path`, `locations`. */
export interface GitHubGraphQLError {
  readonly type?: string;
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly locations?: readonly { line: number; column: number }[];
  readonly extensions?: Record<string, unknown>;
}

function toGitHubError(error: GraphQLError): GitHubGraphQLError {
  const { type, ...extensions } = (error.extensions ?? {}) as Record<string, unknown>;
  return {
    ...(typeof type === 'string' ? { type } : {}),
    message: error.message,
    ...(error.path ? { path: error.path } : {}),
    ...(error.locations ? { locations: error.locations.map((l) => ({ line: l.line, column: l.column })) } : {}),
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
  };
}

export interface QueryAnalysis {
  readonly errors: GitHubGraphQLError[];
  /** Connection requests: each connection once per parent node that may hold it. */
  readonly requests: number;
  readonly nodeCount: number;
  /** GitHub's formula: requests / 100, rounded, at least 1. */
  readonly cost: number;
}

const RECORD_LIMIT = 100;
const NODE_LIMIT = 500_000;

/**
 * GitHub's static checks and cost, over the operation as sent (variables applied): every
 * connection that selects `nodes` or `edges` needs `first` or `last`, at most 100; the query may
 * ask for at most 500,000 nodes. A connection asked only for `totalCount` needs no boundary.
 */
export function analyzeQuery(
  s: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): QueryAnalysis {
  const errors: GitHubGraphQLError[] = [];
  let requests = 0;
  let nodeCount = 0;

  const fieldsOf = (
    set: SelectionSetNode,
    type: GraphQLCompositeType,
    seen: Set<string>,
  ): { node: FieldNode; parent: GraphQLCompositeType }[] => {
    const out: { node: FieldNode; parent: GraphQLCompositeType }[] = [];
    for (const sel of set.selections) {
      if (sel.kind === 'Field') out.push({ node: sel, parent: type });
      else if (sel.kind === 'InlineFragment') {
        const t = sel.typeCondition ? s.getType(sel.typeCondition.name.value) : type;
        if (t && isCompositeType(t)) out.push(...fieldsOf(sel.selectionSet, t, seen));
      } else {
        const frag = fragments[sel.name.value];
        if (!frag || seen.has(frag.name.value)) continue;
        const t = s.getType(frag.typeCondition.name.value);
        if (t && isCompositeType(t)) out.push(...fieldsOf(frag.selectionSet, t, new Set([...seen, frag.name.value])));
      }
    }
    return out;
  };

  const walk = (set: SelectionSetNode, type: GraphQLCompositeType, multiplier: number, path: string[]): void => {
    for (const { node, parent } of fieldsOf(set, type, new Set())) {
      const name = node.name.value;
      if (name.startsWith('__') || !(isObjectType(parent) || isInterfaceType(parent))) continue;
      const def = parent.getFields()[name];
      if (!def) continue;
      const fieldPath = [...path, node.alias?.value ?? name];
      const named = getNamedType(def.type);
      let childMultiplier = multiplier;
      const isConnection =
        named.name.endsWith('Connection') && def.args.some((a) => a.name === 'first') && def.args.some((a) => a.name === 'last');
      if (isConnection) {
        let args: Record<string, unknown> = {};
        try {
          args = getArgumentValues(def, node, variables);
        } catch {
          // Bad argument values are reported by execution with graphql-js's message.
        }
        const first = typeof args.first === 'number' ? args.first : null;
        const last = typeof args.last === 'number' ? args.last : null;
        const selectsRecords =
          node.selectionSet !== undefined &&
          isCompositeType(named) &&
          fieldsOf(node.selectionSet, named, new Set()).some((f) => f.node.name.value === 'nodes' || f.node.name.value === 'edges');
        const location = node.loc ? [{ line: node.loc.startToken.line, column: node.loc.startToken.column }] : undefined;
        if (selectsRecords && first === null && last === null) {
          errors.push({
            type: 'MISSING_PAGINATION_BOUNDARIES',
            path: fieldPath,
            ...(location ? { locations: location } : {}),
            message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
          });
        }
        for (const [argName, value] of [
          ['first', first],
          ['last', last],
        ] as const) {
          if (value !== null && value > RECORD_LIMIT) {
            errors.push({
              type: 'EXCESSIVE_PAGINATION',
              path: fieldPath,
              ...(location ? { locations: location } : {}),
              message: `Requesting ${value} records on the \`${name}\` connection exceeds the \`${argName}\` limit of ${RECORD_LIMIT} records.`,
            });
          }
        }
        const n = Math.min(RECORD_LIMIT, Math.max(0, first ?? last ?? 0));
        requests += multiplier;
        nodeCount += multiplier * n;
        childMultiplier = multiplier * n;
      }
      if (node.selectionSet && isCompositeType(named)) walk(node.selectionSet, named, childMultiplier, fieldPath);
    }
  };

  const root = operation.operation === 'mutation' ? s.getMutationType() : s.getQueryType();
  if (root) walk(operation.selectionSet, root, 1, [operation.operation]);
  if (nodeCount > NODE_LIMIT) {
    errors.push({
      type: 'MAX_NODE_LIMIT_EXCEEDED',
      message: `This query requests up to ${nodeCount.toLocaleString('en-US')} possible nodes which exceeds the maximum limit of ${NODE_LIMIT.toLocaleString('en-US')}.`,
    });
  }
  return { errors, requests, nodeCount, cost: Math.max(1, Math.round(requests / 100)) };
}

/** The caller's GraphQL budget: the server owns it; one query spends its cost. */
export interface GraphqlBudget {
  readonly limit: number;
  used: number;
  /** Epoch seconds. */
  readonly reset: number;
}

export interface GraphqlResult {
  readonly body: { data?: unknown; errors?: GitHubGraphQLError[] };
  readonly operation: string | null;
  /** False when GitHub would reject the request itself (syntax, schema, pagination rules). */
  readonly valid: boolean;
  readonly errors: string[];
  readonly cost: number;
  readonly rateLimited: boolean;
  /** With `options.fail`: where the failure was injected; null when no field qualified. */
  readonly failedAt?: (string | number)[] | null;
}

export interface GraphqlOptions {
  readonly fail?: PartialFailure;
}

/** The operation a request body names (or its only operation), without validating it; null if none. */
export function graphqlOperationName(text: string): string | null {
  try {
    const request = JSON.parse(text) as { query?: unknown; operationName?: unknown } | null;
    if (typeof request?.operationName === 'string' && request.operationName !== '') return request.operationName;
    if (typeof request?.query !== 'string') return null;
    const ops = parse(request.query).definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    return ops.length === 1 ? (ops[0]!.name?.value ?? null) : null;
  } catch {
    return null;
  }
}

/**
 * A partial failure to inject (fault `graphql-errors-partial`): one field's resolver throws, so
 * graphql-js nulls it (or, for a non-null field, its nearest nullable parent) and reports the
 * error with its `path`, exactly as GitHub answers when part of a query fails.
 */
export interface PartialFailure {
  /** Response path with aliases, list indices left out ("repository.ref"); absent: the first nullable object or list field below the top level. */
  readonly path?: string;
  readonly type?: string;
  readonly message: string;
}

interface FailState extends PartialFailure {
  /** The path the failure was thrown at, once it has been. */
  thrownAt: (string | number)[] | null;
}

interface Context {
  readonly graph: Graph;
  readonly rateLimit: Record<string, unknown>;
  readonly fail: FailState | null;
}

function responsePath(info: GraphQLResolveInfo): (string | number)[] {
  const out: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) out.unshift(p.key);
  return out;
}

function shouldFail(fail: FailState, info: GraphQLResolveInfo): boolean {
  if (fail.thrownAt || info.fieldName.startsWith('__')) return false;
  const keys = responsePath(info).filter((k): k is string => typeof k === 'string');
  if (fail.path !== undefined) return keys.join('.') === fail.path;
  if (keys.length < 2 || isNonNullType(info.returnType)) return false;
  return isListType(info.returnType) || isCompositeType(getNamedType(info.returnType));
}

/** Every schema field the graph does not model is an explicit error, never a silent null. */
const fieldResolver: GraphQLFieldResolver<unknown, Context> = (source, args, context, info) => {
  if (source === null || typeof source !== 'object') return null;
  const fail = context.fail;
  if (fail && shouldFail(fail, info)) {
    fail.thrownAt = responsePath(info);
    throw new GraphQLError(fail.message, { extensions: fail.type ? { type: fail.type } : {} });
  }
  if (!(info.fieldName in source)) {
    throw new GraphQLError(`The emulator does not implement ${info.parentType.name}.${info.fieldName}.`, {
      extensions: { type: 'EMULATOR_UNSUPPORTED' },
    });
  }
  const value = (source as Record<string, unknown>)[info.fieldName];
  return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).call(source, args, context, info) : value;
};

const graphs = new WeakMap<Store, Graph>();

function graphOf(store: Store): Graph {
  let graph = graphs.get(store);
  if (!graph) graphs.set(store, (graph = new Graph(store)));
  return graph;
}

/**
 * The root fields over every repository served. `repository(owner, name)` picks its dataset
 * (case-insensitively, as GitHub resolves names); `node`/`nodes` take the first dataset that knows
 * the id (deployment and deployment status ids name their repository, as GitHub's do; the
 * emulator's other ids are not scoped by repository).
 */
function rootValue(all: readonly Graph[]): Record<string, unknown> {
  const find = (id: string): unknown => {
    for (const graph of all) {
      const node = nodeById(graph, id);
      if (node) return node;
    }
    return null;
  };
  return {
    repository(args: { owner: string; name: string }) {
      const owner = args.owner.toLowerCase();
      const name = args.name.toLowerCase();
      const graph = all.find((g) => g.store.owner.toLowerCase() === owner && g.store.name.toLowerCase() === name);
      if (!graph) {
        throw new GraphQLError(`Could not resolve to a Repository with the name '${args.owner}/${args.name}'.`, {
          extensions: { type: 'NOT_FOUND' },
        });
      }
      return graph.repository;
    },
    rateLimit(_args: unknown, context: Context) {
      return context.rateLimit;
    },
    node(args: { id: string }) {
      const node = find(args.id);
      if (!node)
        throw new GraphQLError(`Could not resolve to a node with the global id of '${args.id}'`, { extensions: { type: 'NOT_FOUND' } });
      return node;
    },
    nodes(args: { ids: string[] }) {
      return args.ids.map((id) => find(id));
    },
  };
}

interface ParsedDocument {
  readonly document: DocumentNode;
  readonly validationErrors: readonly GraphQLError[];
}

/** The documents seen last, by text: a client pages with one document and new variables. */
const parsedDocuments = new Map<string, ParsedDocument>();
const PARSED_DOCUMENTS_KEPT = 64;

/**
 * The document parsed and validated against the schema, once per distinct text: validation
 * depends on the text alone (variables are checked per request below), and walking GitHub's whole
 * schema for each of a few hundred pages would make the emulator, not the latency it models, the
 * cost of a benchmark. A syntax error throws, as `parse` does.
 */
function parseAndValidate(s: GraphQLSchema, text: string): ParsedDocument {
  const kept = parsedDocuments.get(text);
  if (kept) return kept;
  const document = parse(text);
  const parsed = { document, validationErrors: validate(s, document) };
  if (parsedDocuments.size >= PARSED_DOCUMENTS_KEPT) parsedDocuments.delete(parsedDocuments.keys().next().value!);
  parsedDocuments.set(text, parsed);
  return parsed;
}

/** `stores`: the repositories served (one dataset each); the budget is the one token's, shared by all. */
export function handleGraphql(
  stores: Store | readonly Store[],
  body: unknown,
  budget: GraphqlBudget,
  options: GraphqlOptions = {},
): GraphqlResult {
  const s = githubSchema();
  const reject = (errors: GitHubGraphQLError[], operation: string | null = null): GraphqlResult => ({
    body: { errors },
    operation,
    valid: false,
    errors: errors.map((e) => e.message),
    cost: 0,
    rateLimited: false,
  });
  const request = body as { query?: unknown; variables?: unknown; operationName?: unknown } | null;
  if (!request || typeof request.query !== 'string') {
    return reject([{ message: 'A query attribute must be specified and must be a string.' }]);
  }
  const operationName = typeof request.operationName === 'string' && request.operationName !== '' ? request.operationName : null;
  let parsed: ParsedDocument;
  try {
    parsed = parseAndValidate(s, request.query);
  } catch (error) {
    return reject([toGitHubError(error as GraphQLError)], operationName);
  }
  const { document, validationErrors } = parsed;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations.length === 1
      ? operations[0]
      : undefined;
  const name = operation?.name?.value ?? operationName;
  if (validationErrors.length > 0) return reject(validationErrors.map(toGitHubError), name);
  if (!operation) {
    return reject(
      [
        {
          message: operationName
            ? `Unknown operation named "${operationName}".`
            : 'An operation name is required when the document has several operations.',
        },
      ],
      name,
    );
  }
  if (operation.operation !== 'query') {
    return reject([{ message: `The emulator serves a read-only dataset: ${operation.operation} is not supported.` }], name);
  }
  const rawVariables = request.variables ?? {};
  if (typeof rawVariables !== 'object' || rawVariables === null || Array.isArray(rawVariables)) {
    return reject([{ message: 'Variables must be an object.' }], name);
  }
  const coerced = getVariableValues(s, operation.variableDefinitions ?? [], rawVariables as Record<string, unknown>);
  if (coerced.errors) return reject(coerced.errors.map(toGitHubError), name);
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === 'FragmentDefinition') fragments[d.name.value] = d;
  const analysis = analyzeQuery(s, operation, fragments, coerced.coerced);
  if (analysis.errors.length > 0) return reject(analysis.errors, name);

  const remaining = budget.limit - budget.used;
  const dryRun = hasDryRun(operation, coerced.coerced, s);
  if (!dryRun && analysis.cost > remaining) {
    const errors = [{ type: 'RATE_LIMITED', message: 'API rate limit already exceeded for user ID 1.' }];
    return { body: { errors }, operation: name, valid: true, errors: errors.map((e) => e.message), cost: 0, rateLimited: true };
  }
  if (!dryRun) budget.used += analysis.cost;

  const all = (Array.isArray(stores) ? stores : [stores]).map(graphOf);
  const graph = all[0]!;
  const rateLimit = {
    cost: analysis.cost,
    limit: budget.limit,
    remaining: Math.max(0, budget.limit - budget.used),
    used: budget.used,
    resetAt: new Date(budget.reset * 1000).toISOString(),
    nodeCount: analysis.nodeCount,
  };
  const run = (fail: FailState | null) => {
    const result = execute({
      schema: s,
      document,
      operationName: name,
      rootValue: rootValue(all),
      contextValue: { graph, rateLimit, fail } satisfies Context,
      variableValues: rawVariables as Record<string, unknown>,
      fieldResolver,
    });
    if (result instanceof Promise) throw new Error('Resolvers are synchronous; execution should not return a promise');
    return result;
  };
  let fail: FailState | null = options.fail ? { ...options.fail, thrownAt: null } : null;
  let result = run(fail);
  if (fail && !fail.thrownAt && fail.path === undefined) {
    // No nullable object or list below the top level: fail the first top-level field instead.
    const first = Object.keys(result.data ?? {})[0];
    if (first !== undefined) result = run((fail = { ...fail, path: first }));
  }
  const errors = result.errors?.map(toGitHubError);
  return {
    body: errors && errors.length > 0 ? { data: result.data ?? null, errors } : { data: result.data ?? null },
    operation: name,
    valid: true,
    errors: errors?.map((e) => (e.type ? `${e.type}: ${e.message}` : e.message)) ?? [],
    cost: dryRun ? 0 : analysis.cost,
    rateLimited: false,
    ...(fail ? { failedAt: fail.thrownAt } : {}),
  };
}

/** `rateLimit(dryRun: true)` asks what a query would cost without spending it. */
function hasDryRun(operation: OperationDefinitionNode, variables: Record<string, unknown>, s: GraphQLSchema): boolean {
  const def = s.getQueryType()?.getFields().rateLimit;
  if (!def) return false;
  return operation.selectionSet.selections.some((sel) => {
    if (sel.kind !== 'Field' || sel.name.value !== 'rateLimit') return false;
    try {
      return getArgumentValues(def, sel, variables).dryRun === true;
    } catch {
      return false;
    }
  });
}

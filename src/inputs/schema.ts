/**
 * The inputs' zod schema and `parseInputs`: every input checked at once, each problem naming the
 * input, the value given and what it accepts.
 */
import { z } from 'zod';
import {
  BENCHMARK_YEARS,
  type BenchmarkYear,
  DEPLOYMENT_SOURCES,
  type DeploymentSourceName,
  FAILURE_SIGNALS,
  TIERS,
  type Tier,
} from '../dora/model.js';
import { InputError } from '../errors.js';
import { parseAlertRules } from './alert-rules.js';
import type { Config } from './config.js';
import { endpointUrlProblem } from './endpoint-url.js';
import { INPUT_DEFAULTS, INPUT_NAMES, type InputName } from './names.js';
import { PAYLOAD_FORMATS, type PayloadFormat } from './payload-formats.js';

/** Splits a comma- or newline-separated list, trimming blanks. */
export function parseList(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const show = (v: string): string => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);

/** A field whose raw string must satisfy `parse`, which returns the value or an error text. */
function inputField<T>(name: InputName, accepts: string, parse: (raw: string) => T | undefined) {
  return z.string().transform((raw, ctx) => {
    const value = parse(raw);
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: `\`${name}\` is ${show(raw)}: expected ${accepts}.` });
      return z.NEVER;
    }
    return value;
  });
}

function wholeNumber(min: number, max: number) {
  return (raw: string): number | undefined => {
    if (!/^\d+$/.test(raw)) return undefined;
    const n = Number(raw);
    return n >= min && n <= max ? n : undefined;
  };
}

/** YAML 1.2 core-schema booleans, as @actions/core's getBooleanInput accepts. */
function yamlBoolean(raw: string): boolean | undefined {
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  if (['false', 'False', 'FALSE'].includes(raw)) return false;
  return undefined;
}

function listOf<T extends string>(allowed: readonly T[]) {
  return (raw: string): T[] | undefined => {
    const items = parseList(raw.toLowerCase());
    return items.every((i) => (allowed as readonly string[]).includes(i)) ? (items as T[]) : undefined;
  };
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** `until` is ISO 8601; a date-time without offset is UTC. Future instants are refused. */
function parseUntil(now: number) {
  return (raw: string): { at: number; given: boolean } | undefined => {
    if (raw === '') return { at: now, given: false };
    if (!ISO_8601.test(raw)) return undefined;
    const text = raw.length === 10 ? `${raw}T00:00:00Z` : raw.replace(' ', 'T');
    const at = Date.parse(/(?:Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`);
    // Date.parse rolls 2026-02-30 over to March 2nd: a date that does not exist is refused.
    const [year, month, day] = raw.slice(0, 10).split('-').map(Number) as [number, number, number];
    const calendar = new Date(Date.UTC(year, month - 1, day));
    if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
    if (Number.isNaN(at) || at > now + 60_000) return undefined;
    return { at, given: true };
  };
}

/** `owner/name` as GitHub allows them; `.` and `..` match the characters but are not names (and would change the request path). */
function repositoryName(text: string): { owner: string; repo: string } | undefined {
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(text);
  return m && m[2] !== '.' && m[2] !== '..' ? { owner: m[1]!, repo: m[2]! } : undefined;
}

/** git check-ref-format's rules for a branch name. */
function isBranchName(name: string): boolean {
  return (
    /^[^\s~^:?*[\\\x00-\x1f\x7f]+$/.test(name) &&
    !name.includes('..') &&
    !name.includes('@{') &&
    !name.includes('//') &&
    !/^[/.]|[/.]$|\.lock$|\/\.|\.lock\//.test(name) &&
    name !== '@'
  );
}

function schemaFor(now: number) {
  return z.object({
    token: inputField('token', 'a GitHub token (the default `${{ github.token }}` works)', (raw) =>
      raw.trim() === '' ? undefined : raw.trim(),
    ),
    repository: inputField('repository', '`owner/name`, e.g. `octo-org/shop`', (raw) => {
      return repositoryName(raw.trim());
    }),
    days: inputField('days', 'a whole number of days from 1 to 365', wholeNumber(1, 365)),
    until: inputField(
      'until',
      'an ISO 8601 date or date-time not in the future, e.g. `2026-06-01` or `2026-06-01T00:00:00Z` (empty: now)',
      parseUntil(now),
    ),
    'deployment-source': inputField(
      'deployment-source',
      `one of ${['auto', ...DEPLOYMENT_SOURCES].map((s) => `\`${s}\``).join(', ')}`,
      (raw) => {
        const v = raw.trim().toLowerCase();
        return v === 'auto' || (DEPLOYMENT_SOURCES as readonly string[]).includes(v) ? (v as DeploymentSourceName | 'auto') : undefined;
      },
    ),
    workflows: inputField('workflows', 'workflow file names (e.g. `deploy.yml`) or numeric ids, separated by commas or newlines', (raw) => {
      const items = parseList(raw).map((w) => w.replace(/^\.github\/workflows\//, ''));
      return items.every((w) => /^\d+$/.test(w) || /^[^/\\]+\.ya?ml$/i.test(w)) ? items : undefined;
    }),
    environment: inputField(
      'environment',
      'a valid regular expression matched case-insensitively against deployment environments, e.g. `^(production|prod)$`',
      (raw) => {
        try {
          return new RegExp(raw.trim() === '' ? INPUT_DEFAULTS.environment : raw.trim(), 'i');
        } catch {
          return undefined;
        }
      },
    ),
    branch: inputField('branch', 'a branch name such as `main` (empty: the default branch)', (raw) => {
      const v = raw.trim().replace(/^refs\/heads\//, '');
      return v === '' || isBranchName(v) ? v : undefined;
    }),
    'failure-signals': inputField(
      'failure-signals',
      `a comma-separated list of ${FAILURE_SIGNALS.map((s) => `\`${s}\``).join(', ')}`,
      listOf(FAILURE_SIGNALS),
    ),
    'hotfix-labels': inputField('hotfix-labels', 'a comma-separated list of label names', (raw) => parseList(raw)),
    'incident-labels': inputField('incident-labels', 'a comma-separated list of label names', (raw) => parseList(raw)),
    'incident-window': inputField('incident-window', 'a whole number of hours from 1 to 8760', wholeNumber(1, 8760)),
    'exclude-authors': inputField('exclude-authors', 'a comma-separated list of GitHub logins', (raw) => {
      const items = parseList(raw);
      // Logins are case-insensitive, the `[bot]` suffix too (`Renovate[BOT]` names renovate[bot]).
      return items.every((l) => /^[A-Za-z0-9-]+(\[bot\])?$/i.test(l)) ? items : undefined;
    }),
    'include-prereleases': inputField('include-prereleases', '`true` or `false`', yamlBoolean),
    benchmark: inputField(
      'benchmark',
      `a DORA report year: ${BENCHMARK_YEARS.join(', ')} (2024's clusters are not ordered on failure rate and 2025 dropped tiers)`,
      (raw) => {
        const n = Number(raw.trim());
        return (BENCHMARK_YEARS as readonly number[]).includes(n) ? (n as BenchmarkYear) : undefined;
      },
    ),
    'job-summary': inputField('job-summary', '`true` or `false`', yamlBoolean),
    'artifact-name': inputField('artifact-name', 'a name without the characters " : < > | * ? \\ / or a line break', (raw) =>
      raw.trim() !== '' && !/["<>|*?\r\n\\/:]/.test(raw) ? raw.trim() : undefined,
    ),
    'output-dir': inputField('output-dir', 'a directory path', (raw) =>
      raw.trim() !== '' && !raw.includes('\0') ? raw.trim() : undefined,
    ),
    'max-wait': inputField('max-wait', 'a whole number of seconds from 0 to 3600', wholeNumber(0, 3600)),
    'request-timeout': inputField('request-timeout', 'a whole number of seconds from 1 to 600', wholeNumber(1, 600)),
    'badges-branch': inputField('badges-branch', 'a branch name such as `dora-badges` (empty: badges are not committed)', (raw) => {
      const v = raw.trim();
      return v === '' || isBranchName(v) ? v : undefined;
    }),
    'endpoint-url': z.string(),
    'endpoint-format': inputField('endpoint-format', `one of ${PAYLOAD_FORMATS.map((f) => `\`${f}\``).join(', ')}`, (raw) =>
      (PAYLOAD_FORMATS as readonly string[]).includes(raw.trim().toLowerCase()) ? (raw.trim().toLowerCase() as PayloadFormat) : undefined,
    ),
    'endpoint-token': z.string(),
    'endpoint-secret': z.string(),
    'endpoint-allow-http': inputField('endpoint-allow-http', '`true` or `false`', yamlBoolean),
    'fail-on-endpoint-error': inputField('fail-on-endpoint-error', '`true` or `false`', yamlBoolean),
    'alert-rules': z.string(),
    mode: inputField('mode', '`single` or `aggregate`', (raw) => {
      const v = raw.trim().toLowerCase();
      return v === 'single' || v === 'aggregate' ? v : undefined;
    }),
    repositories: inputField(
      'repositories',
      'repositories as `owner/name` separated by commas or newlines (at most 200), or `org:<name>` with optional `topic:<topic>` filters',
      (raw): Config['repositories'] | undefined => {
        const items = parseList(raw);
        const org = items.find((i) => /^org:/i.test(i));
        if (org !== undefined) {
          const name = org.slice(4).trim();
          const rest = items.filter((i) => i !== org);
          const topics = rest.map((i) => /^topic:([a-z0-9][a-z0-9-]{0,49})$/i.exec(i)?.[1]?.toLowerCase());
          return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(name) && topics.every((t) => t !== undefined)
            ? { organisation: name, topics: topics as string[] }
            : undefined;
        }
        const ok = items.every((r) => repositoryName(r) !== undefined);
        return ok && items.length <= 200
          ? [...new Set(items.map((r) => r.toLowerCase()))].map((l) => items.find((r) => r.toLowerCase() === l)!)
          : undefined;
      },
    ),
    'reports-dir': z.string(),
    cache: inputField('cache', '`true` or `false`', yamlBoolean),
    'cache-key-prefix': inputField('cache-key-prefix', 'letters, digits, `.`, `_` and `-` (at most 100)', (raw) =>
      /^[A-Za-z0-9._-]{1,100}$/.test(raw.trim()) ? raw.trim() : undefined,
    ),
    'fail-on': inputField(
      'fail-on',
      `\`never\`, \`alert\` or \`tier-below-<tier>\` with a tier of ${TIERS.map((t) => `\`${t}\``).join(', ')} (e.g. \`tier-below-high\`)`,
      (raw): Config['failOn'] | undefined => {
        const v = raw.trim().toLowerCase();
        if (v === 'never' || v === 'alert') return { kind: v };
        const tier = /^tier-below-(\w+)$/.exec(v)?.[1];
        return tier && (TIERS as readonly string[]).includes(tier) ? { kind: 'tier-below', tier: tier as Tier } : undefined;
      },
    ),
  });
}

/** Problems that need more than one input, or a parser of their own (URLs, alert rules). */
function crossProblems(raw: Record<string, string>, env: NodeJS.ProcessEnv): string[] {
  const signals = parseList((raw['failure-signals'] ?? '').toLowerCase());
  const labels = (
    [
      ['hotfix', 'hotfix-labels'],
      ['incident', 'incident-labels'],
    ] as const
  ).flatMap(([signal, input]) =>
    signals.includes(signal) && parseList(raw[input] ?? '').length === 0
      ? [`\`${input}\` is ${show(raw[input] ?? '')}: expected at least one label name while \`failure-signals\` includes \`${signal}\`.`]
      : [],
  );
  const url = (raw['endpoint-url'] ?? '').trim();
  const endpoint = url === '' ? null : endpointUrlProblem(url, yamlBoolean(raw['endpoint-allow-http'] ?? 'false') === true);
  const alerts = parseAlertRules(raw['alert-rules'] ?? '').problems.map((p) => `\`alert-rules\`: ${p}`);
  const failOnAlert =
    (raw['fail-on'] ?? '').trim().toLowerCase() === 'alert' && parseAlertRules(raw['alert-rules'] ?? '').rules.length === 0;
  // In Actions an empty reports-dir means "download this run's dora-* artifacts"; elsewhere there is nothing to download.
  const aggregateWithoutDir =
    (raw.mode ?? '').trim().toLowerCase() === 'aggregate' && (raw['reports-dir'] ?? '').trim() === '' && !env.ACTIONS_RUNTIME_TOKEN
      ? ['`reports-dir` is empty: outside GitHub Actions, `mode: aggregate` needs the folder holding the reports to roll up.']
      : [];
  return [
    ...aggregateWithoutDir,
    ...labels,
    ...(endpoint ? [endpoint] : []),
    ...alerts,
    ...(failOnAlert
      ? ['`fail-on` is "alert" but `alert-rules` is empty: add rules such as `lead-time above 48h`, or set `fail-on: never`.']
      : []),
  ];
}

/** The placeholders of action.yml's defaults, resolved as a runner would. */
function resolveDefault(name: InputName, env: NodeJS.ProcessEnv): string {
  if (name === 'token') return env.GITHUB_TOKEN ?? '';
  if (name === 'repository') return env.GITHUB_REPOSITORY ?? '';
  return INPUT_DEFAULTS[name];
}

/**
 * Parses every input at once. Throws InputError listing every problem (input, value, what it
 * accepts) so a user fixes them in one go; nothing is fetched before this succeeds.
 */
export function parseInputs(getInput: (name: InputName) => string, env: NodeJS.ProcessEnv = process.env, now: number = Date.now()): Config {
  const raw = Object.fromEntries(
    INPUT_NAMES.map((name) => {
      const given = getInput(name).trim();
      return [name, given === '' ? resolveDefault(name, env) : given];
    }),
  );
  const parsed = schemaFor(now).safeParse(raw);
  const problems = [...(parsed.success ? [] : parsed.error.issues.map((i) => i.message)), ...crossProblems(raw, env)];
  if (!parsed.success || problems.length > 0) throw new InputError(problems);
  const v = parsed.data;
  return {
    token: v.token,
    owner: v.repository.owner,
    repo: v.repository.repo,
    days: v.days,
    until: v.until.at,
    untilGiven: v.until.given,
    deploymentSource: v['deployment-source'],
    workflows: v.workflows,
    environment: v.environment,
    branch: v.branch,
    failureSignals: v['failure-signals'],
    hotfixLabels: v['hotfix-labels'],
    incidentLabels: v['incident-labels'],
    incidentWindowHours: v['incident-window'],
    excludeAuthors: v['exclude-authors'],
    includePrereleases: v['include-prereleases'],
    benchmark: v.benchmark,
    jobSummary: v['job-summary'],
    artifactName: v['artifact-name'],
    outputDir: v['output-dir'],
    maxWaitSeconds: v['max-wait'],
    requestTimeoutSeconds: v['request-timeout'],
    badgesBranch: v['badges-branch'],
    endpoint:
      v['endpoint-url'].trim() === ''
        ? null
        : {
            url: v['endpoint-url'].trim(),
            format: v['endpoint-format'],
            token: v['endpoint-token'],
            secret: v['endpoint-secret'],
            allowHttp: v['endpoint-allow-http'],
            failOnError: v['fail-on-endpoint-error'],
          },
    alertRules: parseAlertRules(v['alert-rules']).rules,
    failOn: v['fail-on'],
    mode: v.mode,
    repositories: v.repositories,
    reportsDir: v['reports-dir'].trim(),
    cache: v.cache,
    cacheKeyPrefix: v['cache-key-prefix'],
  };
}

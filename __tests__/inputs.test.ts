/**
 * parseInputs: every input's invalid values are refused with one problem each, naming the input,
 * the value given and what is accepted; several bad inputs give all their problems at once;
 * empty inputs take the defaults; valid edge values parse.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { INPUT_DEFAULTS, INPUT_NAMES, parseInputs, type Config, type InputName } from '../src/inputs/index.js';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const ENV = { GITHUB_TOKEN: 'ghs_env_token', GITHUB_REPOSITORY: 'acme/shop' };
const VALID: Partial<Record<InputName, string>> = { token: 'ghs_test', repository: 'acme/shop' };

function parse(inputs: Partial<Record<InputName, string>>, env: NodeJS.ProcessEnv = ENV): Config {
  const given = { ...VALID, ...inputs };
  return parseInputs((name) => given[name] ?? '', env, NOW);
}

/** The problems of an InputError; fails the test if parsing succeeds or throws anything else. */
function problemsOf(inputs: Partial<Record<InputName, string>>, env: NodeJS.ProcessEnv = ENV): readonly string[] {
  let config: Config | undefined;
  try {
    config = parse(inputs, env);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).problems;
  }
  throw new Error(
    `parseInputs accepted ${JSON.stringify(inputs)}: ${JSON.stringify(config, (_k, v) => (v instanceof RegExp ? String(v) : v))}`,
  );
}

interface BadCase {
  /** The value as given (getInput trims, so this is what the message should show). */
  value: string;
  why: string;
  /** Some words of what is accepted, which the message must contain. */
  accepts: string;
  /** Environment for the run, when it matters (empty token/repository fall back to it). */
  env?: NodeJS.ProcessEnv;
}

/** Partial so that a new input compiles; the first test fails until its bad values are listed here. */
const BAD: Partial<Record<InputName, BadCase[]>> = {
  token: [
    { value: '', why: 'empty, and no GITHUB_TOKEN to fall back to', accepts: 'a GitHub token', env: { GITHUB_REPOSITORY: 'acme/shop' } },
  ],
  repository: [
    { value: '', why: 'empty, and no GITHUB_REPOSITORY to fall back to', accepts: '`owner/name`', env: { GITHUB_TOKEN: 't' } },
    { value: 'shop', why: 'no owner', accepts: '`owner/name`' },
    { value: 'acme/shop/extra', why: 'three parts', accepts: '`owner/name`' },
    { value: 'https://github.com/acme/shop', why: 'a URL', accepts: '`owner/name`' },
    { value: 'acme/', why: 'no name', accepts: '`owner/name`' },
    { value: 'ac me/shop', why: 'a space in the owner', accepts: '`owner/name`' },
    { value: '-acme/shop', why: 'owner starting with a hyphen', accepts: '`owner/name`' },
    { value: 'acme/..', why: '`..` is not a repository name (and would change the request path)', accepts: '`owner/name`' },
    { value: 'acme/.', why: '`.` is not a repository name', accepts: '`owner/name`' },
  ],
  days: [
    { value: '0', why: 'below the range', accepts: '1 to 365' },
    { value: '366', why: 'above the range', accepts: '1 to 365' },
    { value: '-7', why: 'negative', accepts: '1 to 365' },
    { value: '7.5', why: 'not whole', accepts: '1 to 365' },
    { value: 'thirty', why: 'not a number', accepts: '1 to 365' },
    { value: '1e2', why: 'exponent notation', accepts: '1 to 365' },
  ],
  until: [
    { value: '2026-06-16', why: 'a date in the future', accepts: 'not in the future' },
    { value: '2026-06-15T12:05:00Z', why: 'five minutes in the future', accepts: 'not in the future' },
    { value: '2027-01-01T00:00:00Z', why: 'next year', accepts: 'not in the future' },
    { value: 'yesterday', why: 'not a date', accepts: 'ISO 8601' },
    { value: '06/01/2026', why: 'US date format', accepts: 'ISO 8601' },
    { value: '2026-13-01', why: 'month 13', accepts: 'ISO 8601' },
    { value: '2026-02-30', why: 'February 30th does not exist (Date.parse rolls it over to March 2nd)', accepts: 'ISO 8601' },
    { value: '2026-04-31T00:00:00Z', why: 'April 31st does not exist', accepts: 'ISO 8601' },
    { value: '2026-06-01T25:00:00Z', why: 'hour 25', accepts: 'ISO 8601' },
    { value: '1780272000', why: 'epoch seconds', accepts: 'ISO 8601' },
  ],
  'deployment-source': [
    { value: 'github', why: 'unknown source', accepts: '`auto`, `workflow`, `deployments`, `releases`, `merges`' },
    { value: 'workflows', why: 'plural of a source', accepts: '`workflow`' },
    { value: 'deployment', why: 'singular of a source', accepts: '`deployments`' },
    { value: 'workflow,releases', why: 'a list', accepts: '`auto`' },
  ],
  workflows: [
    { value: 'deploy', why: 'no .yml extension', accepts: '`deploy.yml`' },
    { value: 'deploy.yml, Deploy to prod', why: 'a workflow name, not a file', accepts: 'numeric ids' },
    { value: 'ci/deploy.yml', why: 'a path outside .github/workflows', accepts: 'workflow file names' },
    { value: 'deploy.json', why: 'not YAML', accepts: 'workflow file names' },
  ],
  environment: [
    { value: '(prod', why: 'unclosed group', accepts: 'a valid regular expression' },
    { value: '*prod', why: 'nothing to repeat', accepts: 'a valid regular expression' },
    { value: '[prod', why: 'unclosed class', accepts: 'a valid regular expression' },
    { value: 'prod\\', why: 'trailing backslash', accepts: 'a valid regular expression' },
  ],
  branch: [
    { value: 'main branch', why: 'a space', accepts: 'a branch name' },
    { value: 'feature..x', why: '`..`', accepts: 'a branch name' },
    { value: 'main~1', why: 'a revision expression', accepts: 'a branch name' },
    { value: 'a:b', why: 'a colon', accepts: 'a branch name' },
    { value: 'rel*', why: 'a glob', accepts: 'a branch name' },
    { value: 'main/', why: 'git refuses a branch name ending in /', accepts: 'a branch name' },
    { value: 'main.lock', why: 'git refuses a branch name ending in .lock', accepts: 'a branch name' },
    { value: 'main@{1}', why: 'git refuses @{ in a branch name (a reflog expression)', accepts: 'a branch name' },
  ],
  'failure-signals': [
    {
      value: 'hotfix,outage',
      why: 'one unknown signal among known ones',
      accepts: '`hotfix`, `revert`, `rollback`, `incident`, `failed-run`',
    },
    { value: 'hotfixes', why: 'plural', accepts: '`hotfix`' },
    { value: 'failed_run', why: 'underscore instead of hyphen', accepts: '`failed-run`' },
    { value: 'hotfix;revert', why: 'semicolon separator', accepts: 'comma-separated' },
  ],
  'hotfix-labels': [],
  'incident-labels': [],
  'incident-window': [
    { value: '0', why: 'below the range', accepts: '1 to 8760' },
    { value: '8761', why: 'above the range', accepts: '1 to 8760' },
    { value: '1.5', why: 'not whole', accepts: '1 to 8760' },
    { value: '72h', why: 'a unit suffix', accepts: 'hours from 1 to 8760' },
  ],
  'exclude-authors': [
    { value: '@dependabot', why: 'an @-mention, not a login', accepts: 'GitHub logins' },
    { value: 'alice, bob smith', why: 'a space in a login', accepts: 'GitHub logins' },
    { value: 'alice@example.com', why: 'an email address', accepts: 'GitHub logins' },
  ],
  'include-prereleases': [
    { value: 'yes', why: 'YAML 1.1 boolean, not 1.2', accepts: '`true` or `false`' },
    { value: 'on', why: 'YAML 1.1 boolean, not 1.2', accepts: '`true` or `false`' },
    { value: '1', why: 'a number', accepts: '`true` or `false`' },
    { value: 'tRUE', why: 'mixed case', accepts: '`true` or `false`' },
  ],
  benchmark: [
    { value: '2024', why: "2024's clusters are not ordered on change failure rate", accepts: '2024' },
    { value: '2025', why: '2025 replaced tiers with team profiles', accepts: '2025 dropped tiers' },
    { value: '2020', why: 'not offered', accepts: '2021, 2022, 2023' },
    { value: 'latest', why: 'not a year', accepts: '2021, 2022, 2023' },
    { value: '2023.5', why: 'not a year', accepts: '2021, 2022, 2023' },
  ],
  'job-summary': [
    { value: 'no', why: 'YAML 1.1 boolean, not 1.2', accepts: '`true` or `false`' },
    { value: '0', why: 'a number', accepts: '`true` or `false`' },
    { value: 'disabled', why: 'a word', accepts: '`true` or `false`' },
  ],
  'artifact-name': [
    { value: 'dora/metrics', why: 'a slash', accepts: 'a name without the characters' },
    { value: 'dora:metrics', why: 'a colon', accepts: 'a name without the characters' },
    { value: 'dora?', why: 'a question mark', accepts: 'a name without the characters' },
    { value: 'dora<metrics>', why: 'angle brackets', accepts: 'a name without the characters' },
  ],
  'output-dir': [{ value: 'dora\0report', why: 'a NUL byte', accepts: 'a directory path' }],
  'max-wait': [
    { value: '-1', why: 'negative', accepts: '0 to 3600' },
    { value: '3601', why: 'above the range', accepts: '0 to 3600' },
    { value: '5m', why: 'a unit suffix', accepts: 'seconds from 0 to 3600' },
    { value: 'forever', why: 'not a number', accepts: '0 to 3600' },
  ],
  'request-timeout': [
    { value: '0', why: 'below the range', accepts: '1 to 600' },
    { value: '601', why: 'above the range', accepts: '1 to 600' },
    { value: '30s', why: 'a unit suffix', accepts: 'seconds from 1 to 600' },
    { value: '2.5', why: 'not whole', accepts: '1 to 600' },
  ],
  'badges-branch': [
    { value: 'badges..old', why: 'git refuses `..`', accepts: 'a branch name' },
    { value: 'a b', why: 'a space', accepts: 'a branch name' },
  ],
  'endpoint-format': [
    { value: 'xml', why: 'unknown format', accepts: '`json`, `prometheus`, `otlp`, `slack`' },
    { value: 'influx', why: 'unknown format', accepts: '`prometheus`' },
  ],
  'endpoint-allow-http': [{ value: 'maybe', why: 'not a boolean', accepts: '`true` or `false`' }],
  'fail-on-endpoint-error': [{ value: '1', why: 'not a YAML boolean', accepts: '`true` or `false`' }],
  'fail-on': [
    { value: 'always', why: 'unknown', accepts: '`tier-below-<tier>`' },
    { value: 'tier-below-great', why: 'unknown tier', accepts: '`elite`, `high`, `medium`, `low`' },
  ],
  mode: [{ value: 'rollup', why: 'unknown mode', accepts: '`single` or `aggregate`' }],
  repositories: [
    { value: 'acme', why: 'no name', accepts: '`owner/name`' },
    { value: 'org:', why: 'an organisation without a name', accepts: '`org:<name>`' },
    { value: 'org:acme, topic:', why: 'an empty topic', accepts: '`topic:<topic>`' },
    { value: 'acme/shop, acme/..', why: '`..` is not a name', accepts: '`owner/name`' },
  ],
  cache: [{ value: 'no', why: 'not a YAML 1.2 boolean', accepts: '`true` or `false`' }],
  'cache-key-prefix': [
    { value: 'dora action', why: 'a space', accepts: 'letters, digits' },
    { value: 'a,b', why: 'a comma (cache keys take none)', accepts: 'letters, digits' },
  ],
  // The folder is checked when it is read (a clear error naming it); empty is refused with mode: aggregate.
  'reports-dir': [],
  // Tokens and secrets take any text; the URL and the alert rules have messages of their own
  // (tested below): a webhook URL is a secret and is never echoed.
  'endpoint-token': [],
  'endpoint-secret': [],
  'endpoint-url': [],
  'alert-rules': [],
};

describe('parseInputs: one problem per bad input', () => {
  it('covers every input the action declares', () => {
    expect(Object.keys(BAD).sort()).toEqual([...INPUT_NAMES].sort());
    // Label lists accept any label names: there is nothing to refuse.
    const without = INPUT_NAMES.filter((n) => BAD[n]?.length === 0);
    expect(without).toEqual([
      'hotfix-labels',
      'incident-labels',
      'endpoint-url',
      'endpoint-token',
      'endpoint-secret',
      'alert-rules',
      'reports-dir',
    ]);
  });

  for (const name of INPUT_NAMES) {
    for (const bad of BAD[name] ?? []) {
      it(`refuses ${name}=${JSON.stringify(bad.value)} (${bad.why})`, () => {
        const problems = problemsOf({ [name]: bad.value }, bad.env ?? ENV);
        expect(problems).toHaveLength(1);
        const problem = problems[0]!;
        // Names the input, shows the value given, says what is accepted.
        expect(problem.startsWith(`\`${name}\` is ${JSON.stringify(bad.value)}: expected `), problem).toBe(true);
        expect(problem).toContain(bad.accepts);
        expect(problem).toMatch(/\.$/);
      });
    }
  }

  it('says why 2024 is not offered as a benchmark', () => {
    const [problem] = problemsOf({ benchmark: '2024' });
    expect(problem).toContain('2021, 2022, 2023');
    expect(problem).toMatch(/2024.*not ordered on failure rate/);
  });

  it('shortens a very long value in the message', () => {
    const long = 'x'.repeat(500);
    const [problem] = problemsOf({ days: long });
    expect(problem).toContain(`"${'x'.repeat(80)}…"`);
    expect(problem!.length).toBeLessThan(200);
  });

  it('gives every problem at once, in input order, for several bad inputs', () => {
    const bad: Partial<Record<InputName, string>> = {
      repository: 'shop',
      days: '0',
      until: 'yesterday',
      'deployment-source': 'github',
      environment: '(prod',
      'failure-signals': 'hotfix,outage',
      'include-prereleases': 'yes',
      benchmark: '2024',
      'max-wait': '-1',
    };
    let error: unknown;
    try {
      parse(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    const names = Object.keys(bad);
    expect(problems).toHaveLength(names.length);
    const order = INPUT_NAMES.filter((n) => n in bad);
    problems.forEach((p, i) => {
      expect(p.startsWith(`\`${order[i]}\` is ${JSON.stringify(bad[order[i]!])}`), p).toBe(true);
    });
    // The error's message lists them all, one per line.
    const message = (error as InputError).message;
    expect(message).toMatch(/^Invalid inputs:\n/);
    for (const p of problems) expect(message).toContain(`  - ${p}`);
  });

  it('uses the singular for one problem', () => {
    expect(() => parse({ days: '0' })).toThrow(/^Invalid input:\n {2}- `days`/);
  });
});

describe('parseInputs: defaults', () => {
  const EMPTY = Object.fromEntries(INPUT_NAMES.map((n) => [n, ''])) as Record<InputName, string>;

  it('applies the documented default to every empty input', () => {
    const config = parseInputs(() => '', ENV, NOW);
    expect({ ...config, environment: String(config.environment) }).toMatchObject({
      token: 'ghs_env_token',
      owner: 'acme',
      repo: 'shop',
      days: 30,
      until: NOW,
      untilGiven: false,
      deploymentSource: 'auto',
      workflows: [],
      environment: '/^(production|prod|live)$/i',
      branch: '',
      failureSignals: ['hotfix', 'revert', 'rollback'],
      hotfixLabels: ['hotfix'],
      incidentLabels: ['incident'],
      incidentWindowHours: 72,
      excludeAuthors: [],
      includePrereleases: false,
      benchmark: 2023,
      jobSummary: true,
      artifactName: 'dora-metrics',
      outputDir: 'dora-report',
      maxWaitSeconds: 300,
      requestTimeoutSeconds: 60,
    });
    expect(INPUT_DEFAULTS.environment).toBe(config.environment.source);
  });

  it('gives the same config for empty inputs as for every INPUT_DEFAULTS value given explicitly', () => {
    const explicit = (name: InputName): string =>
      name === 'token' ? ENV.GITHUB_TOKEN : name === 'repository' ? ENV.GITHUB_REPOSITORY : INPUT_DEFAULTS[name];
    expect(parseInputs(explicit, {}, NOW)).toEqual(parseInputs(() => '', ENV, NOW));
  });

  it('treats whitespace-only inputs as empty', () => {
    const blank = Object.fromEntries(INPUT_NAMES.map((n) => [n, '  \n\t '])) as Record<InputName, string>;
    expect(parseInputs((n) => blank[n], ENV, NOW)).toEqual(parseInputs((n) => EMPTY[n], ENV, NOW));
  });

  it('prefers the token and repository inputs over the environment', () => {
    const config = parse({ token: 'ghp_input', repository: 'other-org/other.repo' });
    expect(config.token).toBe('ghp_input');
    expect([config.owner, config.repo]).toEqual(['other-org', 'other.repo']);
  });

  it('refuses empty token and repository with nothing to fall back to, both at once', () => {
    const problems = problemsOf({ token: '', repository: '' }, {});
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^`token` is "": expected /);
    expect(problems[1]).toMatch(/^`repository` is "": expected /);
  });
});

describe('parseInputs: valid edge values', () => {
  it.each([
    ['2026-06-01', '2026-06-01T00:00:00.000Z'],
    ['2026-06-15', '2026-06-15T00:00:00.000Z'],
    ['2026-06-01T00:00:00Z', '2026-06-01T00:00:00.000Z'],
    ['2026-06-01T08:30', '2026-06-01T08:30:00.000Z'],
    ['2026-06-01T08:30:15', '2026-06-01T08:30:15.000Z'],
    ['2026-06-01T02:00:00+02:00', '2026-06-01T00:00:00.000Z'],
    ['2026-05-31T19:00:00-05:00', '2026-06-01T00:00:00.000Z'],
    ['2026-06-01T00:00:00.250Z', '2026-06-01T00:00:00.250Z'],
    ['2026-05-31 12:00:00Z', '2026-05-31T12:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('parses until=%s as %s (a date-time without offset is UTC)', (until, expected) => {
    const config = parse({ until });
    expect(new Date(config.until).toISOString()).toBe(expected);
    expect(config.untilGiven).toBe(true);
  });

  it('accepts until up to a minute ahead of the clock (runner clock skew), not more', () => {
    expect(parse({ until: '2026-06-15T12:00:30Z' }).until).toBe(NOW + 30_000);
    expect(parse({ until: '2026-06-15T12:01:00Z' }).until).toBe(NOW + 60_000);
    expect(problemsOf({ until: '2026-06-15T12:01:01Z' })).toHaveLength(1);
  });

  it('accepts the ends of every numeric range', () => {
    expect(parse({ days: '1' }).days).toBe(1);
    expect(parse({ days: '365' }).days).toBe(365);
    expect(parse({ 'incident-window': '1' }).incidentWindowHours).toBe(1);
    expect(parse({ 'incident-window': '8760' }).incidentWindowHours).toBe(8760);
    expect(parse({ 'max-wait': '0' }).maxWaitSeconds).toBe(0);
    expect(parse({ 'max-wait': '3600' }).maxWaitSeconds).toBe(3600);
  });

  it('normalises workflow paths to file names and keeps ids', () => {
    expect(parse({ workflows: '.github/workflows/deploy.yml' }).workflows).toEqual(['deploy.yml']);
    expect(parse({ workflows: '.github/workflows/deploy.yml, release.YAML\n61000102' }).workflows).toEqual([
      'deploy.yml',
      'release.YAML',
      '61000102',
    ]);
  });

  it('normalises refs/heads/ branches', () => {
    expect(parse({ branch: 'refs/heads/main' }).branch).toBe('main');
    expect(parse({ branch: 'refs/heads/release/2.x' }).branch).toBe('release/2.x');
    expect(parse({ branch: 'feature/a-b_c.d' }).branch).toBe('feature/a-b_c.d');
  });

  it('reads enums and lists case-insensitively, trimming blanks', () => {
    expect(parse({ 'deployment-source': ' Workflow ' }).deploymentSource).toBe('workflow');
    expect(parse({ 'failure-signals': 'Hotfix, INCIDENT,\nfailed-run,' }).failureSignals).toEqual(['hotfix', 'incident', 'failed-run']);
    expect(parse({ 'exclude-authors': 'dependabot[bot], renovate[bot],Alice-B' }).excludeAuthors).toEqual([
      'dependabot[bot]',
      'renovate[bot]',
      'Alice-B',
    ]);
    expect(parse({ 'hotfix-labels': 'hotfix, P0 Fix' }).hotfixLabels).toEqual(['hotfix', 'P0 Fix']);
    // A login in any case, the [bot] suffix too: GitHub logins are case-insensitive.
    expect(parse({ 'exclude-authors': 'RENOVATE[BOT],Dependabot[Bot]' }).excludeAuthors).toEqual(['RENOVATE[BOT]', 'Dependabot[Bot]']);
  });

  it('accepts YAML 1.2 booleans and every offered benchmark year', () => {
    for (const [raw, value] of [
      ['true', true],
      ['True', true],
      ['TRUE', true],
      ['false', false],
      ['False', false],
      ['FALSE', false],
    ] as const) {
      expect(parse({ 'include-prereleases': raw }).includePrereleases).toBe(value);
      expect(parse({ 'job-summary': raw }).jobSummary).toBe(value);
    }
    for (const year of [2021, 2022, 2023]) expect(parse({ benchmark: String(year) }).benchmark).toBe(year);
  });

  it('compiles environment case-insensitively', () => {
    const { environment } = parse({ environment: '^prod-(eu|us)$' });
    expect(environment.test('PROD-EU')).toBe(true);
    expect(environment.test('staging')).toBe(false);
  });
});

describe('parseInputs: inputs that depend on each other', () => {
  it('refuses an empty hotfix-labels while failure-signals includes hotfix, with the other problems', () => {
    const problems = problemsOf({ ...VALID, 'hotfix-labels': ',', days: '0' });
    expect(problems).toHaveLength(2);
    expect(problems[1]).toMatch(/^`hotfix-labels` is ",": .*`failure-signals` includes `hotfix`/);
  });

  it('refuses an empty incident-labels only when the incident signal is on', () => {
    expect(problemsOf({ ...VALID, 'failure-signals': 'incident', 'incident-labels': ' , ' })).toEqual([
      '`incident-labels` is ",": expected at least one label name while `failure-signals` includes `incident`.',
    ]);
    expect(parse({ ...VALID, 'failure-signals': 'revert', 'incident-labels': ',', 'hotfix-labels': ',' }).hotfixLabels).toEqual([]);
  });
});

describe('parseInputs: endpoint and alert inputs', () => {
  it('refuses a plain-http endpoint without endpoint-allow-http, never echoing the URL', () => {
    const problems = problemsOf({ ...VALID, 'endpoint-url': 'http://hooks.example/T000/secret-path' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('`endpoint-url`');
    expect(problems[0]).toContain('`endpoint-allow-http: true`');
    expect(problems[0]).not.toContain('secret-path');
    expect(parse({ ...VALID, 'endpoint-url': 'http://hooks.example/x', 'endpoint-allow-http': 'true' }).endpoint?.allowHttp).toBe(true);
  });

  it('refuses an endpoint-url that is not a URL', () => {
    expect(problemsOf({ ...VALID, 'endpoint-url': 'metrics.example.com' })[0]).toMatch(/^`endpoint-url` is not a URL/);
  });

  it('parses the endpoint settings, with no endpoint when the URL is empty', () => {
    expect(parse(VALID).endpoint).toBeNull();
    expect(
      parse({ ...VALID, 'endpoint-url': 'https://push.example/metrics', 'endpoint-format': 'Prometheus', 'endpoint-token': 'tok' })
        .endpoint,
    ).toEqual({
      url: 'https://push.example/metrics',
      format: 'prometheus',
      token: 'tok',
      secret: '',
      allowHttp: false,
      failOnError: false,
    });
  });

  it('reports every invalid alert rule with the accepted forms, together with other problems', () => {
    const problems = problemsOf({ ...VALID, days: '0', 'alert-rules': 'lead-time above 48h\nlead-time sideways 2x, rework-rate above 15' });
    expect(problems).toHaveLength(3);
    expect(problems.slice(1).every((p) => p.startsWith('`alert-rules`: ') && p.includes('Accepted forms'))).toBe(true);
    expect(parse({ ...VALID, 'alert-rules': 'lead-time above 48h, change-failure-rate above 15%' }).alertRules).toHaveLength(2);
  });

  it('parses fail-on and refuses fail-on: alert without rules', () => {
    expect(parse({ ...VALID, 'fail-on': 'tier-below-high' }).failOn).toEqual({ kind: 'tier-below', tier: 'high' });
    expect(parse(VALID).failOn).toEqual({ kind: 'never' });
    expect(problemsOf({ ...VALID, 'fail-on': 'alert' })[0]).toMatch(/`fail-on` is "alert" but `alert-rules` is empty/);
  });
});

describe('parseInputs: repositories of an organisation', () => {
  it('reads org:<name> with topic filters', () => {
    expect(parse({ ...VALID, repositories: 'org:acme, topic:Payments\ntopic:eu' }).repositories).toEqual({
      organisation: 'acme',
      topics: ['payments', 'eu'],
    });
    expect(parse({ ...VALID, repositories: 'acme/shop, acme/api' }).repositories).toEqual(['acme/shop', 'acme/api']);
  });
});

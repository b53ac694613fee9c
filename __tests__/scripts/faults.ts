/**
 * `npm run test:faults`: every fault mode of the emulator against the bundled action
 * (dist/index.js) on small-30d, as a Markdown table: what the action did (exact numbers, metrics
 * withheld, or a failure with its message), whether every number it reported equals the fault-free
 * run's, how many requests it sent, and how long it waited.
 *
 * The scenarios and the lab that runs them are shared with __tests__/e2e/faults.test.ts, which
 * asserts on them; this script only prints.
 */
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { pool } from '../differential/compare.js';
import { formatFault, type FaultSpec } from '../emulator/faults.js';
import { EDGE_MAX_WAIT, EDGE_SCENARIOS, EdgeLab } from '../results-service/fault-lab.js';
import { startEmulator, type Emulator, type LogEntry } from '../emulator/server.js';
import { runAction, ROOT, type ActionRun } from '../support/run-action.js';

export const DATASET = path.resolve(ROOT, '__tests__/fixtures/examples/small-30d.json');
/** A token-shaped secret: it must never show in the logs, the summary, the outputs or the report. */
export const TOKEN = 'ghs_FaultLabToken0123456789abcdefABCDEF';
export const MAX_WAIT = 6;
export const REQUEST_TIMEOUT = 2;
export const BASE_INPUTS: Readonly<Record<string, string | number>> = {
  days: 30,
  until: '2026-06-01T00:00:00Z',
  'deployment-source': 'workflow',
  workflows: 'deploy.yml',
  'max-wait': MAX_WAIT,
  'request-timeout': REQUEST_TIMEOUT,
};
const WITH_INCIDENTS = { 'failure-signals': 'hotfix,revert,rollback,incident' };

export const METRICS = ['deploymentFrequency', 'leadTime', 'changeFailureRate', 'failedDeploymentRecoveryTime', 'reworkRate'] as const;
export type Metric = (typeof METRICS)[number];
const CHANGE_METRICS: Metric[] = ['leadTime', 'changeFailureRate', 'failedDeploymentRecoveryTime', 'reworkRate'];
const INCIDENT_METRICS: Metric[] = ['changeFailureRate', 'failedDeploymentRecoveryTime'];

export type Expected =
  /** Retried or waited, and every number equals the fault-free run's. */
  | { readonly kind: 'exact' }
  /** complete: false, these metrics null with `withheld: true`, the others exact. */
  | { readonly kind: 'withheld'; readonly metrics: readonly Metric[]; readonly reason: RegExp }
  /** The step fails; the `::error::` message matches every pattern (the cause and the fix). */
  | { readonly kind: 'failed'; readonly message: readonly RegExp[] };

export interface Scenario {
  /** Compact fault text for the table (computed from `faults` when absent). */
  readonly label?: string;
  readonly faults: readonly FaultSpec[];
  readonly inputs?: Readonly<Record<string, string | number>>;
  /** The emulator requires this token; the action sends TOKEN (401). */
  readonly emulatorToken?: string;
  /** GHES URLs (/api/v3, /api/graphql): GraphQL then bypasses the throttling plugin. */
  readonly ghes?: boolean;
  /** Requests the faults answered (faultStats' `fired` summed): how many attempts the action made. */
  readonly fired: number;
  readonly expected: Expected;
}

const f = (text: Omit<FaultSpec, 'mode'> & { mode: FaultSpec['mode'] }): FaultSpec => text;
const RUNS = '/actions/workflows/\\d+/runs';

const retried = (reason: RegExp): Expected => ({ kind: 'withheld', metrics: CHANGE_METRICS, reason });

export const SCENARIOS: readonly Scenario[] = [
  // (a) retried or waited out: the exact numbers.
  { faults: [f({ mode: '500', times: 1 })], fired: 1, expected: { kind: 'exact' } },
  { faults: [f({ mode: '502', times: 2 })], fired: 2, expected: { kind: 'exact' } },
  { faults: [f({ mode: '503', times: 3 })], fired: 3, expected: { kind: 'exact' } },
  { faults: [f({ mode: '502', times: 3, path: RUNS })], fired: 3, expected: { kind: 'exact' } },
  { faults: [f({ mode: '503', times: 3, operation: 'BranchHistory' })], fired: 3, expected: { kind: 'exact' } },
  { faults: [f({ mode: 'secondary-403', times: 1, retryAfter: 1 })], fired: 1, expected: { kind: 'exact' } },
  { faults: [f({ mode: 'secondary-429', times: 1, retryAfter: 1, path: RUNS })], fired: 1, expected: { kind: 'exact' } },
  {
    faults: [f({ mode: 'secondary-403', times: 2, retryAfter: 1, operation: 'MergedPullRequests' })],
    fired: 2,
    expected: { kind: 'exact' },
  },
  { faults: [f({ mode: 'primary-exhausted', times: 1, resetIn: 1, path: RUNS })], fired: 1, expected: { kind: 'exact' } },
  { faults: [f({ mode: 'reset', times: 2 })], fired: 2, expected: { kind: 'exact' } },
  { faults: [f({ mode: 'reset', times: 1, operation: 'BranchHistory' })], fired: 1, expected: { kind: 'exact' } },
  { faults: [f({ mode: 'slow', times: 1, delayMs: 4000, path: RUNS })], fired: 1, expected: { kind: 'exact' } },
  { faults: [f({ mode: 'slow', times: 1, delayMs: 4000, operation: 'MergedPullRequests' })], fired: 1, expected: { kind: 'exact' } },
  { faults: [f({ mode: 'truncated-json', times: 1, path: RUNS })], fired: 1, expected: { kind: 'exact' } },
  { faults: [f({ mode: 'invalid-json', times: 1, operation: 'BranchHistory' })], fired: 1, expected: { kind: 'exact' } },
  { faults: [f({ mode: 'graphql-errors-partial', times: 1, operation: 'BranchHistory' })], fired: 1, expected: { kind: 'exact' } },
  { faults: [f({ mode: 'graphql-errors-partial', times: 2, operation: 'MergedPullRequests' })], fired: 2, expected: { kind: 'exact' } },
  {
    faults: [f({ mode: 'graphql-rate-limited', times: 1, resetIn: 1, operation: 'BranchHistory' })],
    fired: 1,
    expected: { kind: 'exact' },
  },
  {
    faults: [f({ mode: 'graphql-rate-limited', times: 1, resetIn: 1, status: 403, operation: 'MergedPullRequests' })],
    fired: 1,
    expected: { kind: 'exact' },
  },
  {
    label: 'graphql-rate-limitedx1@BranchHistory:reset-in=1 (GHES URLs)',
    ghes: true,
    faults: [f({ mode: 'graphql-rate-limited', times: 1, resetIn: 1, operation: 'BranchHistory' })],
    fired: 1,
    expected: { kind: 'exact' },
  },

  // (b) what cannot be read within the retries and max-wait is withheld, never guessed.
  { faults: [f({ mode: '502', operation: 'BranchHistory' })], fired: 4, expected: retried(/GitHub answered 502 \(after 4 attempts\)/) },
  {
    faults: [f({ mode: '502', operation: 'MergedPullRequests' })],
    fired: 4,
    expected: retried(/GitHub answered 502 \(after 4 attempts\)/),
  },
  { faults: [f({ mode: 'reset', operation: 'MergedPullRequests' })], fired: 4, expected: retried(/connection failed .*after 4 attempts/) },
  {
    faults: [f({ mode: 'slow', delayMs: 4000, operation: 'BranchHistory' })],
    fired: 4,
    expected: retried(/no answer within `request-timeout` \(2 s\) \(after 4 attempts\)/),
  },
  {
    faults: [f({ mode: 'graphql-errors-partial', operation: 'BranchHistory' })],
    fired: 3,
    expected: retried(/GraphQL errors: Something went wrong.*after 3 attempts/),
  },
  {
    faults: [f({ mode: 'graphql-rate-limited', resetIn: 600, operation: 'BranchHistory' })],
    fired: 1,
    expected: retried(
      /primary rate limit \(it resets at \d\d:\d\d:\d\d UTC\): waiting for the reset takes 60\d s, but only 6 s of `max-wait` \(6 s\) was left/,
    ),
  },
  {
    faults: [f({ mode: 'secondary-403', operation: 'MergedPullRequests' })],
    fired: 1,
    expected: retried(
      /secondary rate limit: GitHub sent no `retry-after`, so the wait is its one-minute minimum \(60 s\), but only 6 s of `max-wait` \(6 s\) was left/,
    ),
  },
  {
    faults: [f({ mode: 'secondary-429', retryAfter: 30, operation: 'BranchHistory' })],
    fired: 1,
    expected: retried(/secondary rate limit: GitHub asked to wait 30 s \(`retry-after`\), but only 6 s of `max-wait` \(6 s\) was left/),
  },
  {
    label: '502x3 on each of 5 reads in a row (7 s of backoff > max-wait 6 s)',
    faults: [
      f({ mode: '502', times: 3, path: '^/repos/acme/shop$' }),
      f({ mode: '502', times: 3, path: '/actions/workflows$' }),
      f({ mode: '502', times: 3, path: RUNS }),
      f({ mode: '502', times: 3, operation: 'BranchHistory' }),
      f({ mode: '502', times: 3, operation: 'MergedPullRequests' }),
    ],
    fired: 14,
    expected: retried(/GitHub answered 502 \(after 2 attempts; `max-wait` \(6 s\) allowed no further retry\)/),
  },
  {
    inputs: WITH_INCIDENTS,
    faults: [f({ mode: '503', operation: 'IncidentIssues' })],
    fired: 4,
    expected: { kind: 'withheld', metrics: INCIDENT_METRICS, reason: /GitHub answered 503 \(after 4 attempts\)/ },
  },
  {
    inputs: WITH_INCIDENTS,
    faults: [f({ mode: 'graphql-errors-partial', operation: 'IncidentIssues' })],
    fired: 3,
    expected: { kind: 'withheld', metrics: INCIDENT_METRICS, reason: /GraphQL errors/ },
  },

  // (c) what the user must fix, or a deployment source that cannot be read: a clear failure.
  {
    faults: [f({ mode: 'forbidden', path: RUNS })],
    fired: 1,
    expected: {
      kind: 'failed',
      message: [/may not read the workflow runs/, /Resource not accessible by integration/, /Fix: add `actions: read`/],
    },
  },
  {
    inputs: WITH_INCIDENTS,
    faults: [f({ mode: 'forbidden', operation: 'IncidentIssues' })],
    fired: 1,
    expected: { kind: 'failed', message: [/may not read incident issues/, /Fix: add `issues: read`/] },
  },
  {
    faults: [f({ mode: 'graphql-errors-partial', type: 'FORBIDDEN', operation: 'BranchHistory' })],
    fired: 1,
    expected: { kind: 'failed', message: [/may not read the history/, /Fix: add `contents: read, pull-requests: read`/] },
  },
  {
    faults: [f({ mode: 'not-found', path: RUNS })],
    fired: 1,
    expected: {
      kind: 'failed',
      message: [/404 Not Found for the workflow runs/, /Fix: check the `repository`, `branch` and `workflows` inputs/],
    },
  },
  {
    label: '401 (emulator requires another token)',
    emulatorToken: 'ghs_TheRightToken',
    faults: [],
    fired: 0,
    expected: { kind: 'failed', message: [/refused the token .*401 Bad credentials/, /Fix: check the `token` input/] },
  },
  {
    faults: [f({ mode: '502', path: RUNS })],
    fired: 4,
    expected: {
      kind: 'failed',
      message: [
        /could not give the workflow runs: GitHub answered 502 \(after 4 attempts\)/,
        /Fix: run the action again later; raise `max-wait`/,
      ],
    },
  },
  {
    faults: [f({ mode: 'reset', path: RUNS })],
    fired: 4,
    expected: {
      kind: 'failed',
      message: [/could not give the workflow runs: the connection failed .*after 4 attempts/, /Fix: run the action again later/],
    },
  },
  {
    faults: [f({ mode: 'slow', delayMs: 4000 })],
    fired: 4,
    expected: {
      kind: 'failed',
      message: [
        /could not give the repository acme\/shop: no answer within `request-timeout` \(2 s\) \(after 4 attempts\)/,
        /raise `max-wait` or `request-timeout`/,
      ],
    },
  },
  {
    faults: [f({ mode: 'primary-exhausted', resetIn: 600, path: RUNS })],
    fired: 1,
    expected: {
      kind: 'failed',
      message: [
        /primary rate limit \(it resets at \d\d:\d\d:\d\d UTC\) stopped the reading of the workflow runs: waiting for the reset takes 60\d s, but only 6 s of `max-wait` \(6 s\) was left/,
        /Fix: raise `max-wait`/,
      ],
    },
  },
  {
    faults: [f({ mode: 'secondary-429', path: RUNS })],
    fired: 1,
    expected: {
      kind: 'failed',
      message: [
        /secondary rate limit stopped the reading of the workflow runs: GitHub sent no `retry-after`, so the wait is its one-minute minimum \(60 s\)/,
        /Fix: raise `max-wait`/,
      ],
    },
  },
];

export const scenarioLabel = (s: Scenario): string => s.label ?? s.faults.map(formatFault).join(',');

export interface Baseline {
  readonly run: ActionRun;
  readonly requests: number;
  /** The requests it sent, as the emulator logged them. */
  readonly sent: readonly LogEntry[];
  readonly wallMs: number;
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly run: ActionRun;
  readonly baseline: Baseline;
  /** The requests the action sent, as the emulator logged them. */
  readonly sent: readonly LogEntry[];
  /** Requests the faults answered. */
  readonly fired: number;
  readonly wallMs: number;
  /** Seconds the faults cost, measured at the emulator (see FaultLab.measuredWait). */
  readonly measuredWaitSeconds: number;
  /** Seconds of waiting the action logged (rate limits and retry backoffs). */
  readonly waitedSeconds: number;
  /** The highest running total of waits the action logged against max-wait. */
  readonly waitedTotal: number;
  /** `exact`, `withheld: m1, m2`, `failed: <message>`, or `complete, but numbers differ`. */
  readonly outcome: string;
  /** The `::error::` message, unescaped; null when the step did not fail. */
  readonly error: string | null;
  /** Withheld metrics (current window). */
  readonly withheld: readonly Metric[];
  /** Every reported number equals the fault-free run's; withheld ones are null. */
  readonly numbersCorrect: boolean;
  /** Where the numbers differ, for the test message. */
  readonly differences: readonly string[];
}

/** `::error::` text as @actions/core escapes it (%25, %0D, %0A). */
const unescapeCommand = (s: string): string => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');

const stable = (value: unknown): string => JSON.stringify(value);

/** Compares the metric blocks of a run with the fault-free run's; withheld ones must hold no number. */
export function compareNumbers(report: any, baseline: any): string[] {
  const differences: string[] = [];
  for (const window of ['metrics', 'previous'] as const) {
    for (const metric of METRICS) {
      const got = report?.[window]?.[metric];
      const want = baseline?.[window]?.[metric];
      if (got?.withheld === true) {
        // Kept when withheld: deployments were read. Everything else is null.
        for (const [key, value] of Object.entries(got)) {
          if (['withheld', 'reason', 'deployments'].includes(key)) continue;
          if (value !== null) differences.push(`${window}.${metric}.${key} is ${stable(value)} though withheld`);
        }
        if (got.deployments !== undefined && got.deployments !== want?.deployments) {
          differences.push(`${window}.${metric}.deployments ${stable(got.deployments)} != ${stable(want?.deployments)}`);
        }
      } else if (stable(got) !== stable(want)) {
        differences.push(`${window}.${metric}: ${stable(got)} != ${stable(want)}`);
      }
    }
  }
  return differences;
}

/**
 * One emulator for the fault scenarios (faults swapped with setFaults), one requiring a token for
 * the 401 scenario, and the fault-free run of each input set, run once.
 */
export class FaultLab {
  private readonly baselines = new Map<string, Baseline>();
  private tokenEmulators = new Map<string, Emulator>();

  private constructor(readonly emulator: Emulator) {
    this.clock(emulator);
  }

  static async start(): Promise<FaultLab> {
    return new FaultLab(await startEmulator({ dataset: DATASET, port: 0 }));
  }

  /** When each request reached the emulator (its log is appended as requests arrive). */
  private readonly arrivals = new WeakMap<LogEntry, number>();

  private clock(emulator: Emulator): void {
    const push = emulator.requests.push.bind(emulator.requests);
    emulator.requests.push = (...entries: LogEntry[]): number => {
      for (const entry of entries) this.arrivals.set(entry, performance.now());
      return push(...entries);
    };
  }

  /**
   * Seconds the faults cost, measured at the emulator: for each faulted request, the time from its
   * arrival to the arrival of its next attempt (backoff, rate-limit wait, or timeout then backoff);
   * for the last attempt, to the next request of the run, or the run's end.
   */
  private measuredWait(sent: readonly LogEntry[], endedAt: number): number {
    const key = (q: LogEntry): string => `${q.method} ${q.path} ${q.operation ?? ''}`;
    let total = 0;
    sent.forEach((q, i) => {
      if (q.fault === undefined) return;
      const later = sent.slice(i + 1);
      const next = later.find((r) => key(r) === key(q)) ?? later[0];
      const at = this.arrivals.get(q) ?? endedAt;
      total += ((next ? this.arrivals.get(next) : undefined) ?? endedAt) - at;
    });
    return total / 1000;
  }

  async close(): Promise<void> {
    await this.emulator.close();
    for (const e of this.tokenEmulators.values()) await e.close();
  }

  private async emulatorFor(s: Scenario): Promise<Emulator> {
    if (!s.emulatorToken) return this.emulator;
    let e = this.tokenEmulators.get(s.emulatorToken);
    if (!e) {
      e = await startEmulator({ dataset: DATASET, port: 0, token: s.emulatorToken });
      this.clock(e);
      this.tokenEmulators.set(s.emulatorToken, e);
    }
    return e;
  }

  private async timedRun(
    emulator: Emulator,
    s: Pick<Scenario, 'inputs' | 'ghes'>,
  ): Promise<{ run: ActionRun; sent: LogEntry[]; wallMs: number; endedAt: number }> {
    const before = emulator.requests.length;
    const started = performance.now();
    const run = await runAction({
      apiUrl: s.ghes ? `${emulator.url}/api/v3` : emulator.apiUrl,
      graphqlUrl: s.ghes ? `${emulator.url}/api/graphql` : emulator.graphqlUrl,
      inputs: { ...BASE_INPUTS, ...s.inputs, token: TOKEN },
    });
    const endedAt = performance.now();
    return { run, sent: emulator.requests.slice(before), wallMs: endedAt - started, endedAt };
  }

  /** The fault-free run with the scenario's inputs. */
  async baseline(s: Pick<Scenario, 'inputs' | 'ghes'>): Promise<Baseline> {
    const key = stable({ inputs: s.inputs ?? {}, ghes: s.ghes ?? false });
    let b = this.baselines.get(key);
    if (!b) {
      this.emulator.setFaults([]);
      const { run, sent, wallMs } = await this.timedRun(this.emulator, s);
      if (run.code !== 0 || run.report?.complete !== true) throw new Error(`the fault-free run failed:\n${run.stdout}\n${run.stderr}`);
      b = { run, requests: sent.length, sent, wallMs };
      this.baselines.set(key, b);
    }
    return b;
  }

  /** The fault-free runs the scenarios compare with, made before any fault is set. */
  async baselinesFor(scenarios: readonly Scenario[]): Promise<void> {
    for (const s of scenarios) await this.baseline(s);
  }

  async run(s: Scenario): Promise<ScenarioResult> {
    const baseline = await this.baseline(s);
    const emulator = await this.emulatorFor(s);
    emulator.setFaults(s.faults);
    const { run, sent, wallMs, endedAt } = await this.timedRun(emulator, s);
    const fired = emulator.faultStats().reduce((sum, stat) => sum + stat.fired, 0);
    emulator.setFaults([]);

    const waits = [...run.stdout.matchAll(/waiting ([\d.]+) s before retrying/g)].map((m) => Number(m[1]));
    const totals = [...run.stdout.matchAll(/waited ([\d.]+) s of max-wait/g)].map((m) => Number(m[1]));
    const errorLine = /^::error::(.*)$/m.exec(run.stdout)?.[1];
    const error = errorLine === undefined ? null : unescapeCommand(errorLine);
    const withheld = METRICS.filter((m) => run.report?.metrics?.[m]?.withheld === true);

    let differences: string[];
    let outcome: string;
    if (run.code !== 0) {
      // A failed run reports no number at all: nothing can be wrong.
      const reported = [
        'deployments',
        'lead-time-seconds',
        'lead-time',
        'change-failure-rate',
        'change-failure-rate-percent',
        'recovery-time-seconds',
        'recovery-time',
        'rework-rate',
        'rework-rate-percent',
        'summary-line',
      ].filter((o) => (run.outputs[o] ?? '') !== '');
      differences = reported.map((o) => `output ${o} set by a failed run`);
      if (run.report !== null) differences.push('a failed run wrote a report');
      outcome = `failed: ${error ?? `exit code ${run.code}, no ::error:: line`}`;
    } else {
      differences = compareNumbers(run.report, baseline.run.report);
      outcome =
        withheld.length > 0
          ? `withheld: ${withheld.join(', ')}`
          : run.report?.complete === true
            ? differences.length === 0
              ? 'exact'
              : 'complete, but numbers differ'
            : 'incomplete, nothing withheld';
    }
    return {
      scenario: s,
      run,
      baseline,
      sent,
      fired,
      wallMs,
      waitedSeconds: Math.round(waits.reduce((a, b) => a + b, 0) * 1000) / 1000,
      measuredWaitSeconds: this.measuredWait(sent, endedAt),
      waitedTotal: totals.length > 0 ? Math.max(...totals) : 0,
      outcome,
      error,
      withheld,
      numbersCorrect: differences.length === 0,
      differences,
    };
  }
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

async function main(): Promise<void> {
  const lab = await FaultLab.start();
  try {
    const base = await lab.baseline({});
    console.log(
      `small-30d, workflow source (deploy.yml), 30 days to 2026-06-01, max-wait ${MAX_WAIT} s, request-timeout ${REQUEST_TIMEOUT} s; ` +
        `fault-free run: ${base.requests} requests, ${(base.wallMs / 1000).toFixed(1)} s.\n`,
    );
    console.log('| fault mode | outcome | numbers correct | requests | time waited (s) |');
    console.log('| --- | --- | --- | --- | --- |');
    let failures = 0;
    for (const s of SCENARIOS) {
      const r = await lab.run(s);
      const kindOk = s.expected.kind === 'exact' ? r.outcome === 'exact' : r.outcome.startsWith(s.expected.kind);
      if (!kindOk || !r.numbersCorrect) failures += 1;
      const extra = r.sent.length - r.baseline.requests;
      console.log(
        `| \`${cell(scenarioLabel(s))}\` | ${cell(r.outcome)} | ${r.numbersCorrect ? (r.run.code !== 0 ? 'yes (none reported)' : 'yes') : `no: ${cell(r.differences.join('; '))}`} | ${r.sent.length} (${extra >= 0 ? '+' : ''}${extra}) | ${r.measuredWaitSeconds.toFixed(1)} (budgeted ${r.waitedSeconds.toFixed(1)}) |`,
      );
    }
    console.log(
      `\nrequests: sent by the action (and the difference with the fault-free run). time waited: measured at the emulator, ` +
        `from each faulted request to the action's next attempt (or its next request, or the end of the run): backoffs, ` +
        `rate-limit waits and request timeouts. "budgeted": the waits the action took from max-wait (${MAX_WAIT} s), ` +
        `rate limits and backoffs; timeouts are bounded by request-timeout instead.`,
    );
    if (failures > 0) {
      console.log(`\n${failures} scenario(s) did not do what they are expected to: see __tests__/e2e/faults.test.ts.`);
      process.exitCode = 1;
    }
  } finally {
    await lab.close();
  }
  await edgeTable();
}

/** The runner's services (v2 Results service, Azurite): one row per fault, six scenarios at a time. */
async function edgeTable(): Promise<void> {
  const lab = await EdgeLab.start();
  try {
    console.log(
      `\nThe runner's services: the v2 Results service (Twirp) and its blob storage (Azurite), small-30d, deployments source, ` +
        `max-wait ${EDGE_MAX_WAIT} s (the services' budget is its 10 s floor).\n`,
    );
    console.log('| fault | outcome | numbers correct | log line | seconds |');
    console.log('| --- | --- | --- | --- | --- |');
    const results = await pool(EDGE_SCENARIOS, 6, (s) => lab.run(s));
    let failures = 0;
    for (const r of results) {
      const s = r.scenario;
      const outcome = s.fails
        ? r.run.code === 1
          ? 'step failed (as it must)'
          : `exit ${r.run.code}`
        : r.run.code === 0
          ? r.reportWritten
            ? 'green, report written'
            : 'green, NO report'
          : `exit ${r.run.code}`;
      const ok = r.line !== null && (s.fails ? r.run.code === 1 : r.run.code === 0 && r.numbersCorrect);
      if (!ok) failures += 1;
      const line = (r.line ?? '(none)').replace(/^::(warning|error|notice)::/, '$1: ').slice(0, 220);
      console.log(
        `| ${cell(s.name)} | ${outcome} | ${s.fails ? (r.numbersCorrect ? 'none reported' : 'no') : r.numbersCorrect ? 'yes' : 'no'} | ${cell(line)} | ${r.seconds.toFixed(1)} |`,
      );
    }
    if (failures > 0) {
      console.log(`\n${failures} scenario(s) did not do what they are expected to: see __tests__/e2e/results-faults.test.ts.`);
      process.exitCode = 1;
    }
  } finally {
    await lab.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}

/**
 * Every fault mode of the emulator, end to end through dist/index.js on small-30d (workflow source,
 * deploy.yml, 30 days to 2026-06-01, max-wait 6 s, request-timeout 2 s). Each scenario states what
 * the action does:
 *   exact     it retries or waits, and every number equals the fault-free run's;
 *   withheld  it finishes with complete: false, the metrics that need the missing data null with
 *             `withheld: true` and the reason, the others exact;
 *   failed    the step fails with a message naming the cause and the fix.
 * And for every scenario: no stack trace, the token nowhere, every request valid, the waits within
 * max-wait, and exactly as many attempts as the retry rules allow (counted, not timed).
 * The scenarios live in __tests__/scripts/faults.ts, which prints them as a table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEntry } from '../emulator/server.js';
import { FaultLab, MAX_WAIT, SCENARIOS, TOKEN, scenarioLabel, type Metric, type ScenarioResult } from '../scripts/faults.js';

const OUTPUTS: Record<Metric, string[]> = {
  deploymentFrequency: ['deployment-frequency', 'deployment-frequency-text', 'deployment-frequency-tier', 'deployments'],
  leadTime: ['lead-time-seconds', 'lead-time', 'lead-time-tier'],
  changeFailureRate: ['change-failure-rate', 'change-failure-rate-percent', 'change-failure-rate-tier'],
  failedDeploymentRecoveryTime: ['recovery-time-seconds', 'recovery-time', 'recovery-time-tier'],
  reworkRate: ['rework-rate', 'rework-rate-percent'],
};

/** The requests of `sent` beyond those of `baseline`, counted per method, path, query and GraphQL operation. */
function beyond(sent: readonly LogEntry[], baseline: readonly LogEntry[]): number {
  const key = (q: LogEntry): string => JSON.stringify([q.method, q.path, q.query, q.operation]);
  const counts = new Map<string, number>();
  for (const q of baseline) counts.set(key(q), (counts.get(key(q)) ?? 0) + 1);
  let extra = 0;
  for (const q of sent) {
    const left = counts.get(key(q)) ?? 0;
    if (left > 0) counts.set(key(q), left - 1);
    else extra += 1;
  }
  return extra;
}

function expectInvariants(r: ScenarioResult): void {
  const { run, scenario } = r;
  const log = `${run.stdout}\n${run.stderr}`;
  // It finished on its own: succeeded or failed the step, nothing else.
  expect([0, 1], log).toContain(run.code);
  // No stack trace, in the log or anywhere a user reads.
  expect(log, 'stack trace in the output').not.toMatch(/^ {4}at /m);
  expect(run.summary).not.toMatch(/^ {4}at /m);
  // The token is masked by the runner (`::add-mask::`), and never written anywhere.
  const visible = run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
  for (const [where, text] of Object.entries({
    stdout: visible,
    stderr: run.stderr,
    summary: run.summary,
    report: JSON.stringify(run.report ?? {}),
    outputs: JSON.stringify(run.outputs),
  })) {
    expect(text.includes(TOKEN), `token in ${where}`).toBe(false);
  }
  // Every request is one GitHub accepts (the 401 scenario's only fault is the token itself).
  const invalid = r.sent.filter((q) => !q.valid && !(scenario.emulatorToken && q.errors.join() === 'Bad credentials'));
  expect(invalid).toEqual([]);
  // The faults fired exactly as often as the retry rules allow: no more attempts, no fewer.
  expect(r.fired, 'requests the faults answered').toBe(scenario.fired);
  expect(r.sent.length).toBeLessThanOrEqual(r.baseline.requests + r.fired);
  if (run.report) expect(run.report.api.requests).toBe(r.sent.length);
  // All waits of the run together stayed within max-wait.
  expect(r.waitedSeconds).toBeLessThanOrEqual(MAX_WAIT);
  expect(r.waitedTotal).toBeLessThanOrEqual(MAX_WAIT);
}

/**
 * Most of a fault run is waiting (backoffs, rate limits, timeouts), so the scenarios run in a few
 * lanes at once, each with its own emulator (faults are per emulator); each test awaits its own.
 */
const LANES = 3;

describe('fault modes through dist/index.js (small-30d, max-wait 6 s, request-timeout 2 s)', () => {
  const labs: FaultLab[] = [];
  const results = new Map<(typeof SCENARIOS)[number], Promise<ScenarioResult>>();
  beforeAll(async () => {
    for (let i = 0; i < LANES; i += 1) labs.push(await FaultLab.start());
    let next = 0;
    const lane = async (lab: FaultLab): Promise<void> => {
      while (next < SCENARIOS.length) {
        const scenario = SCENARIOS[next++]!;
        const result = lab.run(scenario);
        results.set(scenario, result);
        await result.catch(() => undefined);
      }
    };
    // Baselines first, so every lane compares with a run made before any fault.
    await Promise.all(labs.map((lab) => lab.baselinesFor(SCENARIOS)));
    void Promise.all(labs.map(lane));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...results.values()].map((r) => r.catch(() => undefined)));
    for (const lab of labs) await lab.close();
  }, 60_000);

  for (const scenario of SCENARIOS) {
    const { expected } = scenario;
    const says =
      expected.kind === 'exact'
        ? 'retries and gets the exact numbers'
        : expected.kind === 'withheld'
          ? `withholds ${expected.metrics.join(', ')} and reports the rest exactly`
          : 'fails with the cause and the fix';

    it(`${scenarioLabel(scenario)}: ${says}`, async () => {
      await expect.poll(() => results.has(scenario), { timeout: 120_000, interval: 100 }).toBe(true);
      const r = await results.get(scenario)!;
      const { run } = r;
      const log = `${run.stdout}\n${run.stderr}`;
      expectInvariants(r);

      switch (expected.kind) {
        case 'exact': {
          expect(run.code, log).toBe(0);
          expect(run.report.complete, log).toBe(true);
          expect(r.differences).toEqual([]);
          expect(r.outcome).toBe('exact');
          // Each faulted request was retried once, and nothing else was sent: per endpoint and
          // operation, no more requests than the fault-free run sent, but one attempt a fault. Not
          // the exact total: the reads beside the source start only while no wait has happened yet
          // (src/github/parallel.ts, `calm`), so a fault whose wait begins as they start (on a
          // request sent beside them) can leave a page the fault-free run read ahead unread.
          expect(beyond(r.sent, r.baseline.sent)).toBeLessThanOrEqual(r.fired);
          expect(run.outputs.complete).toBe('true');
          expect(run.outputs['overall-tier']).toBe(r.baseline.run.outputs['overall-tier']);
          break;
        }
        case 'withheld': {
          expect(run.code, log).toBe(0);
          expect(run.report.complete).toBe(false);
          expect(run.outputs.complete).toBe('false');
          expect(r.withheld).toEqual(expected.metrics);
          for (const window of ['metrics', 'previous'] as const) {
            for (const metric of expected.metrics) {
              const block = run.report[window][metric];
              expect(block.withheld, `${window}.${metric}.withheld`).toBe(true);
              expect(block.reason, `${window}.${metric}.reason`).toMatch(expected.reason);
            }
          }
          expect(run.report.metrics.deploymentFrequency.withheld).toBe(false);
          // No wrong number: the withheld ones are null, all others equal the fault-free run's.
          expect(r.differences).toEqual([]);
          for (const metric of expected.metrics) {
            for (const output of OUTPUTS[metric]) expect(run.outputs[output], output).toBe('');
          }
          expect(run.outputs.deployments).toBe(r.baseline.run.outputs.deployments);
          expect(run.report.missing.map((m: { reason: string }) => m.reason).join('\n')).toMatch(expected.reason);
          expect(run.stdout).toMatch(/^::warning::Some data could not be read/m);
          break;
        }
        case 'failed': {
          expect(run.code, log).toBe(1);
          expect(r.error, log).not.toBeNull();
          for (const pattern of expected.message) expect(r.error).toMatch(pattern);
          expect(r.error).not.toMatch(/Unexpected error/);
          // Nothing half-read is published.
          expect(run.report).toBeNull();
          expect(r.differences).toEqual([]);
          break;
        }
      }
    }, 150_000);
  }
});

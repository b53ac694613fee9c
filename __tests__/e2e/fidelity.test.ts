/**
 * The classes of wrong numbers of issue 9, end to end: each class runs the bundled action (dist/index.js,
 * or DORA_DIST) against the GitHub API emulator on a dataset of a few commits (fidelity-datasets.ts), and
 * checks the records and numbers of the JSON report that show the class, then that the window metrics and
 * the records behind them are what the oracle (__tests__/oracle/oracle.ts, an independent reading of
 * docs/metrics.md) computes. The engine-level tests of the same classes are __tests__/dora/fidelity.test.ts.
 *
 * Every test failed on the bundle of dc8be57, before the fixes, on its class's own assertion:
 *   DORA_DIST=<worktree of dc8be57>/dist/index.js npx vitest run __tests__/e2e/fidelity.test.ts
 * (classes 13 to 17 on the bundles before their own fixes, named in their commits; class 18 on e6cee5f's,
 * class 19 on 2f07d5a's, class 20 on ca990c4's).
 *
 * One emulator serves every dataset (one repository each), and the runs start together.
 */
import * as fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeNodeId } from '../emulator/node-ids.js';
import { type Emulator, startEmulator } from '../emulator/server.js';
import { day } from '../oracle/build.js';
import { type OracleResult, type OracleWindow, oracle } from '../oracle/oracle.js';
import { type ActionRun, runAction } from '../support/run-action.js';
import * as datasets from './fidelity-datasets.js';
import { LARGE_COMMITS, UNTIL } from './fidelity-datasets.js';

const H = 3600;
const D = 86_400;
const TIMEOUT = 120_000;

const CASES = {
  c1: datasets.class1(),
  c2: datasets.class2(),
  c3: datasets.class3(),
  c4a: datasets.class4a(),
  c4b: datasets.class4b(),
  c5: datasets.class5(),
  c6: datasets.class6(),
  c7: datasets.class7(),
  c8: datasets.class8(),
  c9: datasets.class9(),
  c10: datasets.class10(),
  c11a: datasets.class11rerun(),
  c11b: datasets.class11baseline(),
  c11c: datasets.class11deployments(),
  c12: datasets.class12(),
  c13: datasets.class13(),
  c14: datasets.class14(),
  c15: datasets.class15(),
  c16: datasets.class16(),
  c17: datasets.class17(),
  c18: datasets.class18(),
  c19d: datasets.class19('deployments'),
  c19w: datasets.class19('workflow'),
  c20: datasets.class20(),
  c21: datasets.class21(),
  c22: datasets.class22(),
  c23: datasets.class23(),
  c24: datasets.class24(),
};
type CaseKey = keyof typeof CASES;

interface Outcome {
  run: ActionRun;
  /** The report, with deployment ids as GitHub's numeric ids (see `plainId`). */
  report: any;
  expected: OracleResult;
}

let emulator: Emulator;
const outcomes = new Map<CaseKey, Promise<Outcome>>();

beforeAll(async () => {
  emulator = await startEmulator({ datasets: Object.values(CASES).map((c) => c.dataset), port: 0 });
  for (const [key, c] of Object.entries(CASES) as [CaseKey, (typeof CASES)[CaseKey]][]) {
    const inputs = { until: UNTIL, days: '30', ...c.inputs };
    const outcome = runAction({
      apiUrl: emulator.apiUrl,
      graphqlUrl: emulator.graphqlUrl,
      repository: c.repository,
      inputs: { ...inputs, cache: 'false', 'job-summary': 'false' },
    }).then(async (run) => {
      await fs.rm(run.dir, { recursive: true, force: true });
      return { run, report: run.report && withPlainIds(run.report), expected: oracle(c.dataset, inputs) };
    });
    // Awaited by its test; a rejection must not go unhandled meanwhile.
    outcome.catch(() => {});
    outcomes.set(key, outcome);
  }
}, TIMEOUT);

afterAll(async () => {
  await Promise.allSettled(outcomes.values());
  await emulator?.close();
});

/** The action's outcome on a case: it ran to the end and wrote its report. */
async function outcomeOf(key: CaseKey): Promise<Outcome> {
  const o = await outcomes.get(key)!;
  expect(o.run.code, o.run.stdout + o.run.stderr).toBe(0);
  expect(o.report, o.run.stdout + o.run.stderr).not.toBeNull();
  return o;
}

/**
 * A deployment id as the numeric id GitHub gave it. Reports name GitHub Deployments by that id; a report
 * naming one by its node id (`DE_kw...`, GitHub's format the emulator serves) is read back to it, so the
 * tests below hold each class to its own rule and not to the id format.
 */
function plainId(id: string | null): string | null {
  if (id === null) return null;
  const decoded = decodeNodeId(id);
  return decoded?.type === 'Deployment' ? decoded.key : id;
}

function withPlainIds(report: any): any {
  return {
    ...report,
    deployments: report.deployments.map((d: any) => ({ ...d, id: plainId(d.id), baselineId: plainId(d.baselineId) })),
    changes: report.changes.map((c: any) => ({ ...c, deploymentId: plainId(c.deploymentId) })),
    failures: report.failures.map((f: any) => ({ ...f, failedId: plainId(f.failedId), remediationId: plainId(f.remediationId) })),
  };
}

const seconds = (iso: string): number => Date.parse(iso) / 1000;
/** `day(...)` as the report writes instants (ISO 8601 with milliseconds). */
const at = (...args: Parameters<typeof day>): string => new Date(day(...args)).toISOString();
const change = (report: any, where: (c: any) => boolean): any => {
  const found = report.changes.filter(where);
  expect(found, JSON.stringify(report.changes)).toHaveLength(1);
  return found[0];
};
const prChange = (report: any, number: number) => change(report, (c) => c.kind === 'pull_request' && c.number === number);
const pushChange = (report: any, sha: string) => change(report, (c) => c.kind === 'direct_push' && c.sha === sha);
const deploymentOf = (report: any, id: number | string) => {
  const found = report.deployments.find((d: any) => d.id === String(id));
  expect(found, `deployment ${id} in ${JSON.stringify(report.deployments.map((d: any) => d.id))}`).toBeDefined();
  return found;
};
/** [kind, number or sha, window, status] of every change in the report, in its order. */
const changeRows = (report: any) => report.changes.map((c: any) => [c.kind, c.number ?? c.sha, c.window, c.status]);

/** `actual` restricted to the keys of `expected`, numbers within a relative 1e-9 of it taken as equal. */
function projectOnto(actual: unknown, expected: unknown): unknown {
  if (typeof expected === 'number' && typeof actual === 'number') {
    return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)) ? expected : actual;
  }
  if (expected !== null && typeof expected === 'object' && actual !== null && typeof actual === 'object') {
    return Object.fromEntries(Object.keys(expected).map((k) => [k, projectOnto((actual as any)[k], (expected as any)[k])]));
  }
  return actual;
}

/** The oracle's window without the key the report keeps elsewhere (`deploymentSource`). */
const oracleWindow = ({ source: _source, ...rest }: OracleWindow) => rest;

const byKey = (rows: unknown[][]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/**
 * The report agrees with the oracle: every window metric of both windows, the deployments, changes and
 * failures of the windows (ids, times, baselines, statuses, lead times, recovery times), complete data,
 * and no metric withheld.
 */
function expectOracle({ report, expected }: Outcome): void {
  expect(report.deploymentSource.name).toBe(expected.source);
  expect(projectOnto(report.metrics, oracleWindow(expected.metrics))).toEqual(oracleWindow(expected.metrics));
  expect(projectOnto(report.previous, oracleWindow(expected.previous))).toEqual(oracleWindow(expected.previous));

  expect(
    report.deployments.map((d: any) => [d.id, d.window, seconds(d.time), d.sha, d.baselineId, d.failed, [...(d.remediates ?? [])].sort()]),
  ).toEqual(
    expected.deployments
      .filter((d) => d.window !== null)
      .map((d) => [
        String(d.id),
        d.window,
        seconds(d.time),
        d.sha,
        d.baseline === null ? null : String(d.baseline),
        d.failed,
        d.reworkSignals,
      ]),
  );
  expect(
    byKey(report.changes.map((c: any) => [c.kind === 'pull_request' ? 'pr' : 'push', c.number, c.sha, c.window, c.status, c.deploymentId])),
  ).toEqual(
    byKey(
      expected.changes
        .filter((c) => c.window !== null)
        .map((c) => [c.kind, c.number, c.sha, c.window, c.status, c.deployment === null ? null : String(c.deployment)]),
    ),
  );
  const leadTimes = (rows: [string, number | null][]) => Object.fromEntries(rows);
  expect(
    leadTimes(report.changes.filter((c: any) => c.status === 'measured').map((c: any) => [`${c.number ?? c.sha}`, c.leadTimeSeconds])),
  ).toEqual(
    leadTimes(
      expected.changes.filter((c) => c.window !== null && c.status === 'measured').map((c) => [`${c.number ?? c.sha}`, c.leadSeconds]),
    ),
  );
  expect(report.failures.map((f: any) => [f.kind, f.failedId, f.window, f.recoverySeconds])).toEqual(
    expected.failures.filter((f) => f.window !== null).map((f) => [f.kind, String(f.deployment), f.window, f.recoverySeconds]),
  );
  expect(report.complete, JSON.stringify(report.missing)).toBe(true);
}

describe('issue 9, end to end: each class of wrong numbers, on a dataset of a few commits', () => {
  it(
    "1. a pull request's start is its own first commit, not its merge commit's authored date",
    async () => {
      const o = await outcomeOf('c1');
      const { prA, prB } = CASES.c1;
      // A: own commit authored day 40, merge commit (skewed) day 20; deployed day 42.
      expect(prChange(o.report, prA)).toMatchObject({ start: at(40), status: 'measured', leadTimeSeconds: 2 * D });
      // B: own commit authored (skewed) day 43, after its deployment: skipped, not measured from the merge commit.
      expect(prChange(o.report, prB)).toMatchObject({ start: at(43), status: 'skipped', leadTimeSeconds: null });
      expect(o.report.metrics.leadTime).toMatchObject({ changes: 1, medianSeconds: 2 * D, skipped: 1 });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    "2. a deployment of a branch forked from the production branch is the production branch's first deployment's baseline",
    async () => {
      const o = await outcomeOf('c2');
      const { root, B, C, deployX, deployC } = CASES.c2;
      expect(deploymentOf(o.report, deployC).baselineId).toBe(String(deployX));
      expect(changeRows(o.report)).toEqual([
        ['direct_push', root, 'previous', 'unmeasured'],
        ['direct_push', B, 'previous', 'unmeasured'],
        ['direct_push', C, 'current', 'measured'],
      ]);
      expect(pushChange(o.report, C)).toMatchObject({ deploymentId: String(deployC), leadTimeSeconds: 5 * D });
      expect(o.report.metrics.leadTime).toMatchObject({ changes: 1, unmeasured: 0, medianSeconds: 5 * D });
      expect(o.report.previous.leadTime).toMatchObject({ changes: 0, unmeasured: 2 });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    "3. a deployment of another branch containing a production-branch change is that change's first deployment",
    async () => {
      const o = await outcomeOf('c3');
      const { B, C, deployX, deployC } = CASES.c3;
      expect(pushChange(o.report, B)).toMatchObject({ deploymentId: String(deployX), deployedAt: at(36), leadTimeSeconds: D });
      expect(pushChange(o.report, C)).toMatchObject({ deploymentId: String(deployC), leadTimeSeconds: 3 * D });
      expect(o.report.metrics.leadTime).toMatchObject({ changes: 2, medianSeconds: 2 * D });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '4a. a rollback to a commit older than the history read is a rollback',
    async () => {
      const o = await outcomeOf('c4a');
      const { deployC, rollback } = CASES.c4a;
      expect(o.report.failures.map((f: any) => [f.failedId, f.signal, f.remediationId, f.recoverySeconds])).toEqual([
        [String(deployC), 'rollback', String(rollback), 4 * D],
      ]);
      expect(deploymentOf(o.report, rollback).remediates).toEqual(['rollback']);
      expect(o.report.metrics.changeFailureRate).toMatchObject({ deployments: 2, failedDeployments: 1, rate: 0.5 });
      expect(o.report.metrics.reworkRate).toMatchObject({ reworkDeployments: 1, rate: 0.5 });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '4b. a revert whose target shipped before the deployments read fails nothing in the windows (no hotfix fallback)',
    async () => {
      const o = await outcomeOf('c4b');
      const { deployC, deployV } = CASES.c4b;
      expect(o.report.failures).toEqual([]);
      expect(deploymentOf(o.report, deployC).failed).toBe(false);
      expect(deploymentOf(o.report, deployV).remediates).toEqual(['revert']);
      expect(o.report.metrics.changeFailureRate).toMatchObject({ deployments: 2, failedDeployments: 0, rate: 0 });
      expect(o.report.metrics.reworkRate).toMatchObject({ reworkDeployments: 1, rate: 0.5 });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '5. `This reverts commit <sha>` with a 7-digit abbreviated SHA names the commit',
    async () => {
      const o = await outcomeOf('c5');
      const { deployB, deployV } = CASES.c5;
      expect(o.report.failures.map((f: any) => [f.failedId, f.signal, f.remediationId, f.recoverySeconds])).toEqual([
        [String(deployB), 'revert', String(deployV), 2 * D],
      ]);
      expect(deploymentOf(o.report, deployV).remediates).toEqual(['revert']);
      expect(o.report.metrics.changeFailureRate).toMatchObject({ deployments: 2, failedDeployments: 1 });
      expect(o.report.metrics.failedDeploymentRecoveryTime).toMatchObject({ recoveries: 1, medianSeconds: 2 * D });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '6. a pull request reverting a commit it also ships makes a rework deployment, and no failure',
    async () => {
      const o = await outcomeOf('c6');
      const { deploy } = CASES.c6;
      expect(deploymentOf(o.report, deploy)).toMatchObject({ remediates: ['revert'], failed: false });
      expect(o.report.metrics.reworkRate).toMatchObject({ deployments: 1, reworkDeployments: 1, rate: 1 });
      expect(o.report.failures).toEqual([]);
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '7. deployments completed in the same second are ordered by numeric id, not by node id text (no phantom rollback)',
    async () => {
      const o = await outcomeOf('c7');
      const { small, large, B, C } = CASES.c7;
      expect(o.report.failures).toEqual([]);
      expect(o.report.deployments.map((d: any) => [d.id, d.sha, d.remediates, d.failed])).toEqual([
        [String(small), B, [], false],
        [String(large), C, [], false],
      ]);
      expect(o.report.metrics.changeFailureRate).toMatchObject({ deployments: 2, failedDeployments: 0 });
      expect(o.report.metrics.reworkRate.reworkDeployments).toBe(0);
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '8. with a past `until`, a Deployment status created at or after `until` is not used',
    async () => {
      const o = await outcomeOf('c8');
      const { B, deployB } = CASES.c8;
      expect(o.report.deployments.map((d: any) => [d.id, d.time])).toEqual([[String(deployB), at(40, 1)]]);
      expect(o.report.metrics.deploymentFrequency.deployments).toBe(1);
      expect(pushChange(o.report, B)).toMatchObject({ status: 'measured', leadTimeSeconds: 5 * D + H });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '9. a pull request merged into another branch that reached the production branch through a later merge is a pull-request change',
    async () => {
      const o = await outcomeOf('c9');
      const { pr1, pr2, deploy } = CASES.c9;
      expect(changeRows(o.report)).toEqual([
        ['pull_request', pr1, 'current', 'measured'],
        ['pull_request', pr2, 'current', 'measured'],
      ]);
      expect(prChange(o.report, pr1)).toMatchObject({ deploymentId: String(deploy), start: at(34), leadTimeSeconds: 4 * D });
      expect(o.report.metrics.leadTime).toMatchObject({ changes: 2, medianSeconds: 4 * D });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '10. a direct push by a bot listed in exclude-authors is excluded',
    async () => {
      const o = await outcomeOf('c10');
      const { K, H: human } = CASES.c10;
      expect(pushChange(o.report, K)).toMatchObject({ author: 'renovate[bot]', status: 'excluded', leadTimeSeconds: null });
      expect(pushChange(o.report, human)).toMatchObject({ author: 'alice', status: 'measured', leadTimeSeconds: 23 * H });
      expect(o.report.metrics.leadTime).toMatchObject({ changes: 1, excluded: 1, medianSeconds: 23 * H });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '11a. a deploy re-run created long before the previous window and completed inside it is a deployment there',
    async () => {
      const o = await outcomeOf('c11a');
      const { c1, c2, rerun, deploy } = CASES.c11a;
      expect(o.report.deployments.map((d: any) => [d.id, d.window, d.time])).toEqual([
        [String(rerun), 'previous', at(10)],
        [String(deploy), 'current', at(40)],
      ]);
      expect(o.report.previous.deploymentFrequency.deployments).toBe(1);
      expect(pushChange(o.report, c1)).toMatchObject({ deploymentId: String(rerun), window: 'previous', leadTimeSeconds: 16 * D });
      expect(pushChange(o.report, c2)).toMatchObject({ deploymentId: String(deploy), leadTimeSeconds: D });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '11b. the baseline is the deploy run completed last before the previous window, not the one created last',
    async () => {
      const o = await outcomeOf('c11b');
      const { c3, w1, deploy } = CASES.c11b;
      expect(deploymentOf(o.report, deploy).baselineId).toBe(String(w1));
      expect(changeRows(o.report)).toEqual([['direct_push', c3, 'current', 'measured']]);
      expect(o.report.metrics.leadTime).toMatchObject({ changes: 1, medianSeconds: D });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '11c. a Deployment created long before the previous window and successful inside it is a deployment there',
    async () => {
      const o = await outcomeOf('c11c');
      const { c1, c2, late, deploy } = CASES.c11c;
      expect(o.report.deployments.map((d: any) => [d.id, d.window, d.time])).toEqual([
        [String(late), 'previous', at(10)],
        [String(deploy), 'current', at(40)],
      ]);
      expect(pushChange(o.report, c1)).toMatchObject({ deploymentId: String(late), window: 'previous', leadTimeSeconds: 16 * D });
      expect(pushChange(o.report, c2)).toMatchObject({ deploymentId: String(deploy), leadTimeSeconds: D });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '12. a change both excluded and shipped by a deployment with no baseline is unmeasured',
    async () => {
      const o = await outcomeOf('c12');
      const { root, K } = CASES.c12;
      expect(changeRows(o.report)).toEqual([
        ['direct_push', root, 'current', 'unmeasured'],
        ['direct_push', K, 'current', 'unmeasured'],
      ]);
      expect(o.report.metrics.leadTime).toMatchObject({ changes: 0, unmeasured: 2, excluded: 0 });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    `13. with no deployment before the previous window, the history is read back to the first deployment (${LARGE_COMMITS.toLocaleString('en-US')} commits after it)`,
    async () => {
      const o = await outcomeOf('c13');
      const { root, deploy } = CASES.c13;
      expect(o.report.complete, JSON.stringify(o.report.missing)).toBe(true);
      expect(o.report.missing).toEqual([]);
      expect(o.report.previous.leadTime).toMatchObject({ changes: 0, unmeasured: 1 });
      expect(pushChange(o.report, root).status).toBe('unmeasured');
      expect(o.report.metrics.leadTime).toMatchObject({ changes: LARGE_COMMITS, unmeasured: 0 });
      expect(deploymentOf(o.report, deploy).changes).toBe(LARGE_COMMITS);
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '14. a hotfix pull request merged into a release branch and deployed from it remediates the deployment before',
    async () => {
      const o = await outcomeOf('c14');
      const { failed, fix } = CASES.c14;
      expect(o.report.metrics.changeFailureRate).toMatchObject({ failedDeployments: 1 });
      expect(o.report.failures.map((f: any) => [f.failedId, f.signal, f.remediationId, f.recoverySeconds])).toEqual([
        [String(failed), 'hotfix', String(fix), 2 * D],
      ]);
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    "15. a branch merged without a pull request brings the changes its older commits hold, which the baseline's commit lacks",
    async () => {
      const o = await outcomeOf('c15');
      const { K, D2, deploy } = CASES.c15;
      expect(prChange(o.report, K)).toMatchObject({ deploymentId: String(deploy), status: 'measured' });
      expect(pushChange(o.report, D2)).toMatchObject({ deploymentId: String(deploy), leadTimeSeconds: 3 * D });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '16. a pull request merged into a branch that a pull request then merges is a change of the deployment that ships that merge',
    async () => {
      const o = await outcomeOf('c16');
      const { K, R, deploy } = CASES.c16;
      expect(prChange(o.report, K)).toMatchObject({ deploymentId: String(deploy), status: 'measured', leadTimeSeconds: 57 * D });
      expect(prChange(o.report, R)).toMatchObject({ deploymentId: String(deploy), status: 'measured' });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '17. a pull request rebased into a branch that a pull request then merges is a change of the deployment that ships that merge',
    async () => {
      const o = await outcomeOf('c17');
      const { K, R, deploy } = CASES.c17;
      expect(prChange(o.report, K)).toMatchObject({ deploymentId: String(deploy), status: 'measured', leadTimeSeconds: 57 * D });
      expect(prChange(o.report, R)).toMatchObject({ deploymentId: String(deploy), status: 'measured' });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '18. with a past until, a deployment shares history with the branch through a merge made after it',
    async () => {
      const o = await outcomeOf('c18');
      const { O1, O2, N, early, deployN } = CASES.c18;
      expect(pushChange(o.report, N)).toMatchObject({ deploymentId: String(deployN), status: 'measured', leadTimeSeconds: 5 * D });
      expect(pushChange(o.report, O1)).toMatchObject({ deploymentId: String(early), status: 'unmeasured' });
      expect(pushChange(o.report, O2)).toMatchObject({ deploymentId: String(early), status: 'unmeasured' });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it.each(['c19d', 'c19w'] as const)(
    '19. a roll-forward to a commit a deployment older than the read range shipped ships no change (%s)',
    async (key) => {
      const o = await outcomeOf(key);
      const { X, N, forward, deployN } = CASES[key];
      expect(o.report.changes.filter((c: any) => c.sha === X)).toEqual([]);
      expect(pushChange(o.report, N)).toMatchObject({ deploymentId: String(deployN), status: 'measured', leadTimeSeconds: 5 * D });
      expect(o.report.changes.filter((c: any) => c.deploymentId === String(forward))).toEqual([]);
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '20. the first deployment on record, of a history since rewritten away, ships that history: a hotfix in it makes it rework',
    async () => {
      const o = await outcomeOf('c20');
      const { first, deployN } = CASES.c20;
      expect(o.report.metrics.reworkRate.reworkDeployments).toBe(0);
      expect(o.report.previous.reworkRate.reworkDeployments).toBe(1);
      expect(deploymentOf(o.report, first)).toMatchObject({ window: 'previous' });
      expect(deploymentOf(o.report, deployN)).toMatchObject({ window: 'current' });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '21. a revert of a commit a rollback reached outside the history read blames the deployment that first shipped it, outside the windows',
    async () => {
      const o = await outcomeOf('c21');
      const { rollback, forward, deployV } = CASES.c21;
      expect(o.report.previous.changeFailureRate.failedDeployments).toBe(0);
      expect(o.report.failures).toEqual([]);
      expect(deploymentOf(o.report, rollback)).toMatchObject({ window: 'previous', remediates: ['rollback'], failed: false });
      expect(deploymentOf(o.report, forward)).toMatchObject({ changes: 0, failed: false });
      expect(deploymentOf(o.report, deployV)).toMatchObject({ remediates: ['revert'], failed: false });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '22. an older history merged back after until: its commit deployed from main before until is a direct push at until',
    async () => {
      const o = await outcomeOf('c22');
      const { O, first } = CASES.c22;
      expect(pushChange(o.report, O)).toMatchObject({ deploymentId: String(first), status: 'unmeasured', window: 'current' });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    "23. the history is read a day past the baseline's commit: a parent listed after it (a fast clock) is known, so a change the baseline holds is no change of a later deployment",
    async () => {
      const o = await outcomeOf('c23');
      const { M, N, deployN } = CASES.c23;
      expect(o.report.changes.filter((c: any) => c.number === M)).toEqual([]);
      expect(pushChange(o.report, N)).toMatchObject({ deploymentId: String(deployN), status: 'measured' });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    '24. a deployment a force push removed, before a rollback baseline, is placed: a change it shipped first is no change of the windows',
    async () => {
      const o = await outcomeOf('c24');
      const { M, Y, deployY } = CASES.c24;
      expect(o.report.changes.filter((c: any) => c.number === M)).toEqual([]);
      expect(pushChange(o.report, Y)).toMatchObject({ deploymentId: String(deployY), status: 'measured', leadTimeSeconds: 7 * D });
      expectOracle(o);
    },
    TIMEOUT,
  );

  it(
    'every request the runs made is one GitHub would accept',
    async () => {
      await Promise.allSettled(outcomes.values());
      expect(emulator.requests.filter((r) => !r.valid)).toEqual([]);
    },
    TIMEOUT,
  );
});

/**
 * Data edge cases through dist/index.js, as a runner runs it: each gives clear and correct output.
 * Numbers are checked against docs/metrics.md by hand and against the engine fed the same dataset
 * (`computeMetrics(datasetToInput(...))`), and the summary's hints say what to set.
 */
import { describe, expect, it } from 'vitest';
import { computeMetrics, type DoraResult } from '../../src/dora/index.js';
import { startEmulator, type LogEntry } from '../emulator/server.js';
import { datasetToInput, type ActionInputs, type Dataset } from '../support/dataset-to-input.js';
import { DatasetBuilder, DAY, HOUR, iso } from '../support/datasets.js';
import { runAction, type ActionRun } from '../support/run-action.js';

const NOW = '2026-06-01T00:00:00Z';
const END = Date.parse(NOW);
const MINUTE = 60_000;
/** `days` before the end, plus hours. */
const t = (days: number, hours = 0): number => END - days * DAY + hours * HOUR;

async function runOn(dataset: Dataset, inputs: Record<string, string | number> = {}): Promise<{ run: ActionRun; requests: LogEntry[] }> {
  const emulator = await startEmulator({ dataset: dataset as any, port: 0 });
  try {
    const run = await runAction({ apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, inputs: { until: NOW, ...inputs } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.report, run.stdout + run.stderr).not.toBeNull();
    expect(emulator.requests.filter((r) => !r.valid)).toEqual([]);
    return { run, requests: [...emulator.requests] };
  } finally {
    await emulator.close();
  }
}

const engine = (dataset: Dataset, inputs: ActionInputs = {}, likelyMisconfigured: string | null = null): DoraResult =>
  computeMetrics({ ...datasetToInput(dataset, { until: NOW, ...inputs }), likelyMisconfigured });

/** The report's numbers are the engine's, in both windows, and so are its changes. */
function expectEngineNumbers(report: any, result: DoraResult): void {
  expect(report.metrics).toMatchObject(result.metrics);
  expect(report.previous).toMatchObject(result.previous);
  const key = (c: any) => ({
    kind: c.kind,
    number: c.number,
    sha: c.sha,
    window: c.window,
    status: c.status,
    leadTimeSeconds: c.leadTimeSeconds,
  });
  expect(report.changes.map(key)).toEqual(result.changes.map(key));
}

/** Rows of the summary's metrics table, by metric name. */
function metricRow(summary: string, name: string): string {
  const row = summary.split('\n').find((line) => line.startsWith(`| ${name} |`));
  expect(row, name).toBeDefined();
  return row!;
}

/** No duration or stage in the report is negative. */
function expectNoNegativeDurations(value: unknown, path = 'report'): void {
  if (Array.isArray(value)) value.forEach((v, i) => expectNoNegativeDurations(v, `${path}[${i}]`));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // Deltas compare two windows: a difference may be negative.
      if (k === 'deltas') continue;
      if (typeof v === 'number') expect(v, `${path}.${k}`).toBeGreaterThanOrEqual(0);
      else expectNoNegativeDurations(v, `${path}.${k}`);
    }
  }
}

/** A pull request of one commit, opened an hour after it and merged `review` hours later. */
function simplePr(b: DatasetBuilder, authoredAt: number, mergedAt: number, extra: { title?: string; base?: string } = {}) {
  return b.pullRequest({
    title: extra.title ?? 'Change',
    ...(extra.base ? { base: extra.base } : {}),
    openedAt: authoredAt + HOUR,
    mergedAt,
    commits: [{ message: 'Work', authoredAt }],
  });
}

describe('data edge cases through dist/index.js', () => {
  it('an empty repository: zero deployments is a measurement, the rest is null with reasons and hints', async () => {
    const b = new DatasetBuilder({ now: NOW });
    b.push({ message: 'Initial commit', authoredAt: t(100) });
    const dataset = b.build();
    const { run } = await runOn(dataset);
    const r = run.report;

    expect(r.deploymentSource).toMatchObject({ name: 'merges', requested: 'auto', proxy: true });
    expect(r.deploymentSource.searched.map((s: any) => [s.source, s.deployments])).toEqual([
      ['deployments', 0],
      ['workflow', 0],
      ['releases', 0],
      ['merges', 0],
    ]);
    expect(r.complete).toBe(true);
    expect(r.metrics.deploymentFrequency).toMatchObject({ deployments: 0, perDay: 0, perWeek: 0, deploymentDays: 0, tier: 'low' });
    expect(r.metrics.overallTier).toBe('low');
    expect(r.metrics.leadTime).toMatchObject({ changes: 0, medianSeconds: null, tier: null, reason: 'no deployments in the window' });
    expect(r.metrics.changeFailureRate).toMatchObject({ deployments: 0, rate: null, tier: null, reason: 'no deployments in the window' });
    expect(r.metrics.failedDeploymentRecoveryTime).toMatchObject({ medianSeconds: null, tier: null });
    expect(r.metrics.failedDeploymentRecoveryTime.reason).toBeTruthy();
    expect(r.metrics.reworkRate).toMatchObject({ rate: null, reason: 'no deployments in the window' });
    expectEngineNumbers(r, engine(dataset));

    expect(run.outputs).toMatchObject({
      deployments: '0',
      'deployment-frequency': '0',
      'deployment-frequency-tier': 'low',
      'lead-time-seconds': '',
      'lead-time-tier': '',
      'change-failure-rate': '',
      'recovery-time-seconds': '',
      'rework-rate': '',
      'overall-tier': 'low',
      'deployment-source': 'merges',
      complete: 'true',
      'deployment-frequency-text': '0/day',
      'lead-time': '',
      'change-failure-rate-percent': '',
      'recovery-time': '',
      'rework-rate-percent': '',
      'summary-line':
        'acme/shop, 30 days to 2026-06-01: deployment frequency 0/day (Low), lead time no data, change failure rate no data, ' +
        'recovery time no data, rework rate no data, overall Low.',
    });

    const s = run.summary;
    expect(metricRow(s, 'Deployment frequency (merges as proxy)')).toContain('| 0/day | 🔴 Low | 0 deployments on 0 days |');
    expect(metricRow(s, 'Change failure rate')).toContain('| no data |');
    expect(metricRow(s, 'Deployment rework rate')).toContain('| no data |');
    expect(metricRow(s, 'Lead time for changes')).toContain('| no data |');
    expect(s).not.toMatch(/\| 0(\.0)?% \|/);
    expect(s).toContain('### Why no data, and what to set');
    // The hint names every source auto searched and what to configure for each.
    expect(s).toContain(
      '**No deployments** in the window or the one before: `deployment-source: auto` searched `deployments`, `workflow`, `releases`, `merges` and found none.',
    );
    for (const fix of ['`environment`', '`workflows: deploy.yml`', 'publish releases', 'merge pull requests into <code>main</code>'])
      expect(s).toContain(fix);
    expect(s).toContain('Deployment frequency is then `low`: zero is a measurement');
    expect(s).toContain('**Lead time for changes**: no deployments in the window. It needs deployments (above).');
  }, 30_000);

  it('no deployments from the chosen source while another source and another environment have some: no tier, and what to set', async () => {
    const b = new DatasetBuilder({ now: NOW });
    b.push({ message: 'Initial commit', authoredAt: t(100) });
    b.deploy({ sha: b.head()!, at: t(90), as: ['workflow'] });
    for (const day of [25, 15, 5]) {
      const pr = simplePr(b, t(day, -5), t(day));
      b.deploy({ sha: pr.mergeCommitSha, at: t(day, 1), as: ['workflow'] });
      // Deployments to staging only: the default `environment` matches none.
      b.deploy({ sha: pr.mergeCommitSha, at: t(day, 1), as: ['deployments'], environment: 'staging' });
    }
    const dataset = b.build();
    const inputs = { 'deployment-source': 'deployments' };
    const { run } = await runOn(dataset, inputs);
    const r = run.report;

    expect(r.deploymentSource).toMatchObject({ name: 'deployments', requested: 'deployments' });
    expect(r.deploymentSource.searched).toEqual([
      { source: 'deployments', deployments: 0, note: 'no environment matches ^(production|prod|live)$; its environments are staging' },
    ]);
    // The team deploys (workflow runs, and Deployments to staging): the setting is more likely wrong than the team.
    const reason =
      'but workflow runs hold 3 deployments there: set deployment-source to workflow, or to auto; ' +
      'and 3 successful deployments went to staging, which environment (^(production|prod|live)$) does not match: set environment to your production environment';
    expect(r.metrics.deploymentFrequency).toMatchObject({ deployments: 0, perDay: 0, tier: null, reason });
    expect(r.previous.deploymentFrequency).toMatchObject({ tier: null, reason });
    expect(r.metrics.overallTier).toBeNull();
    expect(run.outputs['deployment-frequency-tier']).toBe('');
    expect(run.outputs['summary-line']).toMatch(
      /^acme\/shop, 30 days to 2026-06-01: deployment frequency 0\/day \(no tier\), .*, no overall tier\.$/,
    );
    expect(run.stdout).toContain(`::warning::No deployments from deployments, ${reason}. Deployment frequency gets no tier.`);
    for (const metric of ['changeFailureRate', 'reworkRate']) expect(r.metrics[metric].rate, metric).toBeNull();
    expect(r.metrics.leadTime.medianSeconds).toBeNull();
    expect(r.metrics.failedDeploymentRecoveryTime.medianSeconds).toBeNull();
    expectEngineNumbers(r, engine(dataset, inputs, reason));
    expect(run.outputs['change-failure-rate']).toBe('');
    expect(run.outputs['rework-rate']).toBe('');

    const s = run.summary;
    expect(metricRow(s, 'Change failure rate')).toContain('| no data |');
    expect(metricRow(s, 'Deployment rework rate')).toContain('| no data |');
    expect(s).toContain(
      '**No deployments** in the window or the one before from `deployments`, but workflow runs hold 3 deployments there',
    );
    expect(s).toContain('Deployment frequency gets no tier until then: the configuration is more likely wrong than the team.');
    expect(s.split('\n')[0]).toMatch(/ · ⚠️ no deployments found$/);
    expect(metricRow(s, 'Deployment frequency')).toContain('| ⚪ n/a |');
    expect(s).toContain('**Change failure rate**: no deployments in the window. It needs deployments (above).');
  }, 30_000);

  it('a single deployment: counted, its changes unmeasured (no baseline), a 0% failure rate', async () => {
    const b = new DatasetBuilder({ now: NOW });
    b.push({ message: 'Initial commit', authoredAt: t(40) });
    const pr = simplePr(b, t(12), t(10));
    b.deploy({ sha: pr.mergeCommitSha, at: t(9) });
    const dataset = b.build();
    const { run } = await runOn(dataset);
    const r = run.report;

    expect(r.deploymentSource.name).toBe('deployments');
    expect(r.deployments).toHaveLength(1);
    expect(r.deployments[0]).toMatchObject({ window: 'current', baselineId: null, changes: 2, failed: false, remediates: [] });
    // 1 in 30 days: at least one a month (30 days) is medium.
    expect(r.metrics.deploymentFrequency).toMatchObject({
      deployments: 1,
      perDay: 1 / 30,
      perWeek: 7 / 30,
      deploymentDays: 1,
      tier: 'medium',
    });
    expect(r.metrics.leadTime).toMatchObject({ changes: 0, unmeasured: 2, medianSeconds: null, tier: null });
    expect(r.metrics.leadTime.reason).toMatch(/^no changes measured: 2 shipped by the first deployment on record/);
    expect(r.changes.map((c: any) => c.status)).toEqual(['unmeasured', 'unmeasured']);
    expect(r.metrics.changeFailureRate).toMatchObject({ deployments: 1, failedDeployments: 0, rate: 0, tier: 'elite' });
    expect(r.metrics.failedDeploymentRecoveryTime).toMatchObject({
      recoveries: 0,
      medianSeconds: null,
      reason: 'no failed deployments in the window',
    });
    expect(r.metrics.reworkRate).toMatchObject({ deployments: 1, reworkDeployments: 0, rate: 0 });
    expect(r.metrics.overallTier).toBe('medium');
    expectEngineNumbers(r, engine(dataset));
    // Outputs round (1/30 a day is 0.03), and say the same in words.
    expect(run.outputs).toMatchObject({
      'deployment-frequency': '0.03',
      'deployment-frequency-text': '1/month',
      'change-failure-rate': '0',
      'change-failure-rate-percent': '0',
      'rework-rate': '0',
      'rework-rate-percent': '0',
      'lead-time': '',
      'summary-line':
        'acme/shop, 30 days to 2026-06-01: deployment frequency 1/month (Medium), lead time no data, ' +
        'change failure rate 0% (Elite), recovery time no data, rework rate 0%, overall Medium.',
    });

    const s = run.summary;
    expect(metricRow(s, 'Lead time for changes')).toContain('0 changes (2 unmeasured)');
    expect(s).toContain('lead time starts with the next deployment');
    expect(metricRow(s, 'Change failure rate')).toContain('| 0% |');
  }, 30_000);

  describe('deployments at the exact window bounds', () => {
    const days = 7;
    const b = new DatasetBuilder({ now: NOW });
    b.push({ message: 'Initial commit', authoredAt: t(30) });
    const at = [
      t(2 * days, -1), // before the previous window: the baseline
      t(2 * days), // the previous window's start: previous
      t(days) - 1000, // a second before the window: previous
      t(days), // the window's start, `until - days`: current
      END - 1000, // a second before `until`: current
      END, // `until`: in neither
      END + HOUR, // after it: in neither
    ];
    for (const time of at) {
      // Each deployment ships one pull request authored 4 h before it.
      const pr = simplePr(b, time - 4 * HOUR, time - 30 * MINUTE);
      b.deploy({ sha: pr.mergeCommitSha, at: time });
    }
    const dataset = b.build();

    for (const source of ['deployments', 'workflow', 'releases']) {
      it(`counts \`until - days\` in the window and \`until\` in neither (${source})`, async () => {
        const inputs = { days, 'deployment-source': source };
        const { run } = await runOn(dataset, inputs);
        const r = run.report;
        expect(r.window).toEqual({ start: iso(t(days)).replace('Z', '.000Z'), end: '2026-06-01T00:00:00.000Z', days });
        expect(r.metrics.deploymentFrequency).toMatchObject({ deployments: 2, deploymentDays: 2 });
        expect(r.previous.deploymentFrequency).toMatchObject({ deployments: 2, deploymentDays: 2 });
        expect(r.deployments.map((d: any) => [Date.parse(d.time), d.window])).toEqual(
          [
            [at[0], null],
            [at[1], 'previous'],
            [at[2], 'previous'],
            [at[3], 'current'],
            [at[4], 'current'],
          ].filter(([, w]) => w !== null),
        );
        // Each window's two changes took exactly 4 h; the change deployed at `until` counts nowhere.
        expect(r.metrics.leadTime).toMatchObject({ changes: 2, medianSeconds: 4 * 3600, unmeasured: 0 });
        expect(r.previous.leadTime).toMatchObject({ changes: 2, medianSeconds: 4 * 3600, unmeasured: 0 });
        expect(r.changes).toHaveLength(4);
        expectEngineNumbers(r, engine(dataset, inputs));
      }, 30_000);
    }
  });

  it('a renamed default branch (`trunk`) is read without configuration', async () => {
    const b = new DatasetBuilder({ now: NOW, defaultBranch: 'trunk' });
    b.push({ message: 'Initial commit', authoredAt: t(60) });
    b.deploy({ sha: b.head()!, at: t(59) });
    for (const day of [20, 12, 4]) {
      const pr = simplePr(b, t(day, -6), t(day));
      b.deploy({ sha: pr.mergeCommitSha, at: t(day, 2) });
    }
    const dataset = b.build();
    expect(dataset.branches).toEqual({ trunk: expect.any(String) });
    const inputs = { 'deployment-source': 'workflow' };
    const { run, requests } = await runOn(dataset, inputs);
    const r = run.report;

    expect(r.branch).toBe('trunk');
    expect(r.metrics.deploymentFrequency.deployments).toBe(3);
    expect(r.metrics.leadTime).toMatchObject({ changes: 3, medianSeconds: 8 * 3600 });
    expectEngineNumbers(r, engine(dataset, inputs));
    // Runs were listed on trunk, and the summary names it.
    expect(requests.some((q) => q.path.endsWith('/runs') && q.query.branch === 'trunk')).toBe(true);
    expect(requests.some((q) => q.query.branch === 'main')).toBe(false);
    expect(run.summary).toContain('on branch <code>trunk</code>');
  }, 30_000);

  describe('a force-pushed branch', () => {
    it('deployments of commits no longer on the branch ship no change; the others are measured', async () => {
      const b = new DatasetBuilder({ now: NOW });
      const root = b.push({ message: 'Initial commit', authoredAt: t(70) });
      b.deploy({ sha: root, at: t(69) });
      const pr1 = simplePr(b, t(21), t(20), { title: 'Kept' });
      b.deploy({ sha: pr1.mergeCommitSha, at: t(20, 1) });
      const lost = simplePr(b, t(16), t(15), { title: 'Force-pushed away' });
      b.deploy({ sha: lost.mergeCommitSha, at: t(15, 1) });
      // `git push --force` back to pr1's merge commit: `lost` is no longer on main.
      b.setBranch('main', pr1.mergeCommitSha);
      const pr3 = simplePr(b, t(11), t(10), { title: 'After the force-push' });
      b.deploy({ sha: pr3.mergeCommitSha, at: t(10, 1) });
      // A redeploy of the lost commit: off the branch, no rollback, nothing shipped.
      b.deploy({ sha: lost.mergeCommitSha, at: t(8) });
      const pr4 = simplePr(b, t(6), t(5), { title: 'Later' });
      b.deploy({ sha: pr4.mergeCommitSha, at: t(5, 1) });
      const dataset = b.build();
      const inputs = { 'deployment-source': 'deployments' };
      const { run } = await runOn(dataset, inputs);
      const r = run.report;

      expect(r.metrics.deploymentFrequency.deployments).toBe(5);
      expect(r.deployments.filter((d: any) => d.window === 'current').map((d: any) => [d.sha, d.changes, d.remediates, d.failed])).toEqual([
        [pr1.mergeCommitSha, 1, [], false],
        [lost.mergeCommitSha, 0, [], false],
        [pr3.mergeCommitSha, 1, [], false],
        [lost.mergeCommitSha, 0, [], false],
        [pr4.mergeCommitSha, 1, [], false],
      ]);
      expect(r.changes.map((c: any) => [c.number, c.status, c.leadTimeSeconds])).toEqual([
        [pr1.number, 'measured', (DAY + HOUR) / 1000],
        [pr3.number, 'measured', (DAY + HOUR) / 1000],
        [pr4.number, 'measured', (DAY + HOUR) / 1000],
      ]);
      expect(r.metrics.changeFailureRate).toMatchObject({ failedDeployments: 0, rate: 0 });
      expectEngineNumbers(r, engine(dataset, inputs));
    }, 30_000);

    it('a rewritten history whose baseline commit is gone: the first deployment on the new history is unmeasured', async () => {
      const b = new DatasetBuilder({ now: NOW });
      const oldRoot = b.push({ message: 'Initial commit', authoredAt: t(200) });
      b.deploy({ sha: oldRoot, at: t(199) });
      // The whole history rewritten (a new root, e.g. to purge a secret) and force-pushed.
      const newRoot = b.commit({ message: 'Initial commit (rewritten)', authoredAt: t(200), committedAt: t(30), parents: [] });
      b.setBranch('main', newRoot);
      const pr1 = simplePr(b, t(21), t(20));
      b.deploy({ sha: pr1.mergeCommitSha, at: t(20, 1) });
      const pr2 = simplePr(b, t(11), t(10));
      b.deploy({ sha: pr2.mergeCommitSha, at: t(10, 1) });
      const dataset = b.build();
      const inputs = { 'deployment-source': 'deployments' };
      const { run } = await runOn(dataset, inputs);
      const r = run.report;

      // The rewritten root (authored 200 days ago) and pr1 were not proven new in that deployment:
      // no 180-day lead time is made up from them.
      expect(r.changes.map((c: any) => [c.sha, c.status, c.leadTimeSeconds])).toEqual([
        [newRoot, 'unmeasured', null],
        [pr1.mergeCommitSha, 'unmeasured', null],
        [pr2.mergeCommitSha, 'measured', (DAY + HOUR) / 1000],
      ]);
      expect(r.metrics.leadTime).toMatchObject({ changes: 1, unmeasured: 2, medianSeconds: (DAY + HOUR) / 1000 });
      expectEngineNumbers(r, engine(dataset, inputs));
    }, 30_000);
  });

  it('a pull request of 260 commits starts at the earliest authored commit, read from its third page', async () => {
    const b = new DatasetBuilder({ now: NOW });
    const root = b.push({ message: 'Initial commit', authoredAt: t(70) });
    b.deploy({ sha: root, at: t(69) });
    const earliest = t(12);
    const commits = Array.from({ length: 260 }, (_, i) => ({
      message: `Step ${i}`,
      // In order, except commit 230 (a cherry-pick of old work), authored first.
      authoredAt: i === 230 ? earliest : t(5) + i * MINUTE,
    }));
    const big = b.pullRequest({ title: 'Big change', openedAt: t(3), mergedAt: t(2), commits });
    const deployedAt = t(2, 1);
    b.deploy({ sha: big.mergeCommitSha, at: deployedAt });
    const dataset = b.build();
    const { run, requests } = await runOn(dataset, { 'deployment-source': 'deployments' });
    const r = run.report;

    // Commits 101-200 and 201-260: two more pages of the pull request's commits.
    expect(requests.filter((q) => q.operation === 'PullRequestCommits')).toHaveLength(2);
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0]).toMatchObject({
      number: big.number,
      status: 'measured',
      start: new Date(earliest).toISOString(),
      leadTimeSeconds: (deployedAt - earliest) / 1000,
      stages: { codingSeconds: (t(3) - earliest) / 1000, reviewSeconds: DAY / 1000, deploySeconds: HOUR / 1000 },
    });
    expect(r.metrics.leadTime).toMatchObject({ changes: 1, medianSeconds: (10 * DAY + HOUR) / 1000 });
    expectEngineNumbers(r, engine(dataset, { 'deployment-source': 'deployments' }));
  }, 30_000);

  it('future-dated commits: skipped and counted, never a negative number', async () => {
    const b = new DatasetBuilder({ now: NOW });
    const root = b.push({ message: 'Initial commit', authoredAt: t(80) });
    b.deploy({ sha: root, at: t(79) });
    // Previous window: a normal change; a direct push authored 4 h after its deployment; a pull
    // request with one commit from the future and one not, which starts at the earlier.
    const normal = simplePr(b, t(45), t(44));
    b.deploy({ sha: normal.mergeCommitSha, at: t(44, 1) });
    const skewedPush = b.push({ message: 'Skewed clock', authoredAt: t(40, 5), committedAt: t(40) });
    b.deploy({ sha: skewedPush, at: t(40, 1) });
    const mixed = b.pullRequest({
      title: 'Mixed',
      openedAt: t(34),
      mergedAt: t(33),
      commits: [{ authoredAt: t(35) }, { authoredAt: t(-1), committedAt: t(34) }],
    });
    b.deploy({ sha: mixed.mergeCommitSha, at: t(33, 1) });
    // Window: a pull request whose commits, merge commit included (merged on the same skewed
    // machine and pushed), are all authored 10 days after `until`, and a direct push authored two
    // days after its deployment. (A squash merge made by GitHub would be authored at the merge, and
    // start the change there: the merge commit is one of its commits.)
    const future = b.pullRequest({
      title: 'From the future',
      openedAt: t(20),
      mergedAt: t(19),
      method: 'merge',
      mergeAuthoredAt: t(-10),
      commits: [{ authoredAt: t(-10), committedAt: t(20) }],
    });
    b.deploy({ sha: future.mergeCommitSha, at: t(19, 1) });
    const skewedPush2 = b.push({ message: 'Skewed again', authoredAt: t(8), committedAt: t(10) });
    b.deploy({ sha: skewedPush2, at: t(10, 1) });
    const dataset = b.build();
    const inputs = { 'deployment-source': 'deployments' };
    const { run } = await runOn(dataset, inputs);
    const r = run.report;

    const status = (sha: string) => r.changes.find((c: any) => c.sha === sha);
    expect(status(normal.mergeCommitSha)).toMatchObject({ status: 'measured', leadTimeSeconds: (DAY + HOUR) / 1000 });
    expect(status(skewedPush)).toMatchObject({ status: 'skipped', leadTimeSeconds: null });
    expect(status(mixed.mergeCommitSha)).toMatchObject({ status: 'measured', leadTimeSeconds: (2 * DAY + HOUR) / 1000 });
    expect(status(future.mergeCommitSha)).toMatchObject({ status: 'skipped', leadTimeSeconds: null, stages: { codingSeconds: 0 } });
    expect(status(skewedPush2)).toMatchObject({ status: 'skipped', leadTimeSeconds: null });
    expect(r.previous.leadTime).toMatchObject({ changes: 2, skipped: 1 });
    expect(r.metrics.leadTime).toMatchObject({ changes: 0, skipped: 2, medianSeconds: null, tier: null });
    expect(r.metrics.leadTime.reason).toContain('2 skipped because their commits are dated after the deployment (clock skew)');
    expectNoNegativeDurations({ ...r, deltas: undefined });
    expectEngineNumbers(r, engine(dataset, inputs));

    const s = run.summary;
    expect(metricRow(s, 'Lead time for changes')).toContain('0 changes (2 skipped)');
    expect(s).toContain('2 changes had a negative lead time (commit dates after the deployment: clock skew) and were skipped.');
    expect(s).not.toMatch(/-\d+[smhd]\b/);
    expect(run.outputs['lead-time-seconds']).toBe('');
    expect(run.outputs['lead-time']).toBe('');
    expect(run.outputs['summary-line']).toContain(', lead time no data, ');
  }, 30_000);
});

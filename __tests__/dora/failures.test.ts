import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/dora/index.js';
import type { Commit, Deployment, DoraInput, EngineConfig, FailureSignal, PullRequest } from '../../src/dora/model.js';
import { commit, deployment, doraInput, END, failedRun, HOUR, incident, onDay, prCommit, pullRequest } from './records.js';

/** Full-length shas, since revert messages name commits by their 40 hex digits. */
const [A, B, C, D, E] = ['a', 'b', 'c', 'd', 'e'].map((x) => x.repeat(40)) as [string, string, string, string, string];

/** A linear branch a <- b <- c <- d <- e, authored on days 0, 20, 21, 22, 23. */
function branch(messages: Partial<Record<string, string>> = {}): Commit[] {
  const shas = [A, B, C, D, E];
  const days = [0, 20, 21, 22, 23];
  return shas.map((sha, i) =>
    commit(sha, i === 0 ? [] : [shas[i - 1] as string], onDay(days[i] as number), {
      message: messages[sha] ?? `Change ${sha.slice(0, 1)}`,
    }),
  );
}

/** D1 ships a long before both windows; D2..D5 ship b..e half a day after each was authored. */
const D1 = deployment(1, onDay(1), A);
const D2 = deployment(2, onDay(20, 12), B);
const D3 = deployment(3, onDay(21, 12), C);
const D4 = deployment(4, onDay(22, 12), D);
const D5 = deployment(5, onDay(23, 12), E);

function run(
  parts: { deployments?: Deployment[]; pullRequests?: PullRequest[]; commits?: Commit[] } & Partial<Omit<DoraInput, 'config'>>,
  config: Partial<EngineConfig> = {},
) {
  return computeMetrics(
    doraInput({
      commits: branch(),
      deployments: [D1, D2, D3, D4, D5],
      ...parts,
      config,
    }),
  );
}

const failedIds = (result: ReturnType<typeof computeMetrics>) => result.failures.map((f) => [f.failedId, f.signal, f.remediationId]);

describe('hotfix', () => {
  it('a deployment shipping a hotfix-labelled pull request remediates the last deployment completed at or before it was opened', () => {
    // Opened exactly when D3 completed: D3 counts as "at or before".
    const hotfix = pullRequest(20, D, { opened: D3.time, merged: onDay(22) }, { labels: ['HotFix'] });
    const result = run({ pullRequests: [hotfix] });
    expect(failedIds(result)).toEqual([['3', 'hotfix', '4']]);
    expect(result.failures[0]?.recoverySeconds).toBe(86_400);
    expect(result.metrics.changeFailureRate).toMatchObject({ deployments: 4, failedDeployments: 1, rate: 0.25, tier: 'low' });
    expect(result.deployments.find((d) => d.deployment.id === '4')?.remediates).toEqual(['hotfix']);
  });

  it('uses the hotfix-labels input', () => {
    const pr = pullRequest(20, D, { opened: onDay(21, 13), merged: onDay(22) }, { labels: ['urgent'] });
    expect(run({ pullRequests: [pr] }).failures).toEqual([]);
    expect(failedIds(run({ pullRequests: [pr] }, { hotfixLabels: ['Urgent'] }))).toEqual([['3', 'hotfix', '4']]);
  });

  it('a hotfix opened before any deployment blames none, but its deployment is still rework', () => {
    const commits = branch();
    const pr = pullRequest(20, B, { opened: onDay(0, 1), merged: onDay(20) }, { labels: ['hotfix'] });
    const result = run({ commits, deployments: [D2, D3], pullRequests: [pr] });
    expect(result.failures).toEqual([]);
    expect(result.metrics.reworkRate.reworkDeployments).toBe(1);
  });
});

describe('revert', () => {
  const reverted = pullRequest(30, B, { opened: onDay(19), merged: onDay(20) });

  it('a revert-<N>- head branch names the reverted pull request: the deployment that first shipped it failed', () => {
    // Opened after D3: the hotfix rule would blame D3; the target says D2.
    const revert = pullRequest(
      31,
      D,
      { opened: onDay(22), merged: onDay(22, 1) },
      {
        title: 'Revert "Change 30"',
        headRef: 'revert-30-feature/30',
      },
    );
    const result = run({ pullRequests: [reverted, revert] });
    expect(failedIds(result)).toEqual([['2', 'revert', '4']]);
    expect(result.failures[0]?.reason).toBe('reverted by #31 in Deploy #4');
  });

  it('"This reverts commit <sha>" in a direct push names the reverted commit', () => {
    const commits = branch({ [D]: `Revert "Change b"\n\nThis reverts commit ${B}.` });
    const result = run({ commits });
    expect(failedIds(result)).toEqual([['2', 'revert', '4']]);
  });

  it('"This reverts commit <sha>" in a pull request\'s commits names the reverted commit', () => {
    const revert = pullRequest(
      31,
      D,
      { opened: onDay(22), merged: onDay(22, 1) },
      {
        title: 'Undo b',
        headRef: 'undo-b',
        commits: [prCommit('f'.repeat(40), onDay(22), `Revert "Change b"\n\nThis reverts commit ${B}.`)],
      },
    );
    expect(failedIds(run({ pullRequests: [revert] }))).toEqual([['2', 'revert', '4']]);
  });

  it('a pull request whose commit reverts one of its own commits ships the revert with its target: no failure, but rework', () => {
    const own = '1'.repeat(40);
    const pr = pullRequest(
      33,
      D,
      { opened: onDay(22), merged: onDay(22, 1) },
      {
        commits: [prCommit(own, onDay(22)), prCommit('2'.repeat(40), onDay(22), `Revert "WIP"\n\nThis reverts commit ${own}.`)],
      },
    );
    const result = run({ pullRequests: [pr] });
    expect(result.failures).toEqual([]);
    expect(result.metrics.reworkRate.reworkDeployments).toBe(1);
    expect(result.deployments.find((d) => d.deployment.id === '4')?.remediates).toEqual(['revert']);
  });

  it("a reverted commit that was squashed away resolves through its pull request's merge commit", () => {
    const own = '1'.repeat(40);
    const squashed = pullRequest(30, B, { opened: onDay(19), merged: onDay(20) }, { commits: [prCommit(own, onDay(19))] });
    const commits = branch({ [D]: `Revert "Work"\n\nThis reverts commit ${own}.` });
    expect(failedIds(run({ commits, pullRequests: [squashed] }))).toEqual([['2', 'revert', '4']]);
  });

  it('a revert with no target found (a title alone names none) falls back to the hotfix rule', () => {
    const revert = pullRequest(32, D, { opened: onDay(22), merged: onDay(22, 1) }, { title: 'Revert "Something"', headRef: 'undo' });
    const result = run({ pullRequests: [revert] });
    expect(failedIds(result)).toEqual([['3', 'revert', '4']]);
    expect(result.failures[0]?.reason).toContain('names no reverted change');
  });

  it('a direct-push revert with an unknown target falls back to the hotfix rule with its authored time', () => {
    const commits = branch({ [D]: `Revert "Old"\n\nThis reverts commit ${'9'.repeat(40)}.` });
    // d is authored on day 22, after D3 completed.
    expect(failedIds(run({ commits }))).toEqual([['3', 'revert', '4']]);
  });

  it('a revert shipped in the same deployment as its target never reached production: no failure, still rework', () => {
    const target = pullRequest(30, C, { opened: onDay(20), merged: onDay(21) });
    const revert = pullRequest(
      31,
      D,
      { opened: onDay(22), merged: onDay(22, 1) },
      {
        title: 'Revert "Change 30"',
        headRef: 'revert-30-feature/30',
      },
    );
    const result = run({ deployments: [D1, D2, D4, D5], pullRequests: [target, revert] });
    expect(result.failures).toEqual([]);
    expect(result.metrics.changeFailureRate.failedDeployments).toBe(0);
    expect(result.metrics.reworkRate.reworkDeployments).toBe(1);
    expect(result.deployments.find((d) => d.deployment.id === '4')?.remediates).toEqual(['revert']);
  });

  it('a target shipped before both windows counts in neither', () => {
    const commits = branch({ [D]: `Revert "Initial"\n\nThis reverts commit ${A}.` });
    const result = run({ commits });
    expect(result.failures).toEqual([]);
    expect(result.metrics.changeFailureRate.failedDeployments).toBe(0);
    expect(result.metrics.reworkRate.reworkDeployments).toBe(1);
  });
});

describe('rollback', () => {
  it("a deployment of a proper ancestor of the previous deployment's commit rolls it back: that deployment failed", () => {
    const rollback = deployment(6, onDay(21, 14), B);
    const result = run({ deployments: [D1, D2, D3, rollback] });
    expect(failedIds(result)).toEqual([['3', 'rollback', '6']]);
    expect(result.failures[0]?.recoverySeconds).toBe(2 * 3600);
    expect(result.deployments.find((d) => d.deployment.id === '6')?.remediates).toEqual(['rollback']);
  });

  it('a redeploy of the same commit is not a rollback', () => {
    const redeploy = deployment(6, onDay(21, 14), C);
    const result = run({ deployments: [D1, D2, D3, redeploy] });
    expect(result.failures).toEqual([]);
    expect(result.metrics.reworkRate.reworkDeployments).toBe(0);
  });

  it('a deployment of a commit that is not in the history proves no rollback', () => {
    const other = deployment(6, onDay(21, 14), 'elsewhere');
    expect(run({ deployments: [D1, D2, D3, other] }).failures).toEqual([]);
  });

  it('moving forward again after a rollback is not a rollback', () => {
    const rollback = deployment(6, onDay(21, 14), B);
    const forward = deployment(7, onDay(21, 16), C);
    expect(failedIds(run({ deployments: [D1, D2, D3, rollback, forward] }))).toEqual([['3', 'rollback', '6']]);
  });
});

describe('incident', () => {
  const signals: FailureSignal[] = ['incident'];

  it('an incident issue points at the last deployment at or before it was opened, within the incident window; its close remediates', () => {
    const issue = incident(40, D3.time + 2 * HOUR, D3.time + 7 * HOUR);
    const result = run({ incidents: [issue] }, { failureSignals: signals });
    expect(failedIds(result)).toEqual([['3', 'incident', '#40']]);
    expect(result.failures[0]?.recoverySeconds).toBe(7 * 3600);
    // Incidents remediate by closing an issue, not by deploying: no rework.
    expect(result.metrics.reworkRate.reworkDeployments).toBe(0);
  });

  it('incident labels match case-insensitively', () => {
    const issue = incident(40, D3.time + HOUR, D3.time + 2 * HOUR, ['Incident']);
    expect(run({ incidents: [issue] }, { failureSignals: signals }).failures).toHaveLength(1);
  });

  it('exactly incident-window hours after a deployment is inside; beyond it the incident is unattributed and counted', () => {
    const inside = incident(40, D5.time + 72 * HOUR, D5.time + 73 * HOUR);
    const outside = incident(41, D5.time + 72 * HOUR + 1, D5.time + 80 * HOUR);
    const result = run({ incidents: [inside, outside] }, { failureSignals: signals });
    expect(failedIds(result)).toEqual([['5', 'incident', '#40']]);
    expect(result.unattributedIncidents.map((i) => [i.number, i.window])).toEqual([[41, 'current']]);
    expect(result.unattributedIncidents[0]?.reason).toContain('beyond the 72 h incident window');
    expect(result.metrics.changeFailureRate.unattributedIncidents).toBe(1);
  });

  it('uses the incident-window input', () => {
    const issue = incident(40, D5.time + 5 * HOUR, D5.time + 6 * HOUR);
    const result = run({ incidents: [issue] }, { failureSignals: signals, incidentWindowHours: 4 });
    expect(result.failures).toEqual([]);
    expect(result.metrics.changeFailureRate.unattributedIncidents).toBe(1);
  });

  it('an incident with no deployment before it is unattributed', () => {
    const issue = incident(40, onDay(15), onDay(16));
    const result = run({ deployments: [D2], incidents: [issue] }, { failureSignals: signals });
    expect(result.unattributedIncidents.map((i) => [i.number, i.window, i.reason])).toEqual([
      [40, 'previous', 'no deployment before it was opened'],
    ]);
    expect(result.previous.changeFailureRate.unattributedIncidents).toBe(1);
  });

  it('an incident still open at end, or closed after it, leaves the failure unrecovered', () => {
    const open = incident(40, D3.time + HOUR, null);
    const closedLater = incident(41, D4.time + HOUR, END + HOUR);
    const result = run({ incidents: [open, closedLater] }, { failureSignals: signals });
    expect(result.failures.map((f) => [f.failedId, f.remediationId, f.recoverySeconds])).toEqual([
      ['3', null, null],
      ['4', null, null],
    ]);
    expect(result.metrics.failedDeploymentRecoveryTime).toMatchObject({ recoveries: 0, unrecovered: 2, medianSeconds: null });
  });

  it('incidents opened at or after end are ignored', () => {
    const issue = incident(40, END, null);
    expect(run({ incidents: [issue] }, { failureSignals: signals }).unattributedIncidents).toEqual([]);
  });

  it('incidents count only when the incident signal is on', () => {
    const issue = incident(40, D3.time + HOUR, D3.time + 2 * HOUR);
    const result = run({ incidents: [issue] });
    expect(result.failures).toEqual([]);
    expect(result.metrics.changeFailureRate.unattributedIncidents).toBe(0);
  });
});

describe('failed-run', () => {
  const signals: FailureSignal[] = ['failed-run'];

  it("failed runs count in the change failure rate's numerator and denominator, never in deployment frequency", () => {
    const runs = [failedRun(90, onDay(25), E), failedRun(91, onDay(26), E)];
    const result = run(
      { deployments: [D1, D2, D3, D4, D5, deployment(6, onDay(25, 1), E)], failedRuns: runs },
      { failureSignals: signals },
    );
    expect(result.metrics.deploymentFrequency.deployments).toBe(5);
    expect(result.metrics.changeFailureRate).toMatchObject({ deployments: 7, failedDeployments: 2, failedRuns: 2 });
    expect(result.metrics.changeFailureRate.rate).toBeCloseTo(2 / 7, 12);
  });

  it('a failed run is remediated by the first successful deployment completed strictly after it', () => {
    const runs = [failedRun(90, D4.time, D)];
    const result = run({ failedRuns: runs }, { failureSignals: signals });
    expect(result.failures.map((f) => [f.failedId, f.kind, f.signal, f.remediationId])).toEqual([['90', 'failed-run', 'failed-run', '5']]);
  });

  it('consecutive failed runs with no successful deployment between them are one outage for recovery time', () => {
    const runs = [failedRun(90, D3.time + HOUR, D), failedRun(91, D3.time + 3 * HOUR, D)];
    const result = run({ failedRuns: runs }, { failureSignals: signals });
    expect(result.failures.map((f) => [f.failedId, f.remediationId, f.recoverySeconds])).toEqual([['90', '4', 23 * 3600]]);
    expect(result.metrics.failedDeploymentRecoveryTime).toMatchObject({ recoveries: 1, medianSeconds: 23 * 3600 });
    expect(result.metrics.changeFailureRate.failedRuns).toBe(2);
  });

  it('failed runs with a successful deployment between them are two outages', () => {
    const runs = [failedRun(90, D3.time + HOUR, D), failedRun(91, D4.time + HOUR, E)];
    const result = run({ failedRuns: runs }, { failureSignals: signals });
    expect(result.failures.map((f) => [f.failedId, f.remediationId])).toEqual([
      ['90', '4'],
      ['91', '5'],
    ]);
  });

  it('a failed run with no successful deployment after it by end is unrecovered', () => {
    const result = run({ failedRuns: [failedRun(90, D5.time + HOUR, E)] }, { failureSignals: signals });
    expect(result.metrics.failedDeploymentRecoveryTime).toMatchObject({ recoveries: 0, unrecovered: 1 });
    expect(result.metrics.failedDeploymentRecoveryTime.reason).toContain('1 unrecovered');
  });

  it('failed runs count only with the workflow source and the failed-run signal', () => {
    const runs = [failedRun(90, onDay(25), E)];
    expect(run({ source: 'deployments', failedRuns: runs }, { failureSignals: signals }).metrics.changeFailureRate.failedRuns).toBe(0);
    expect(run({ failedRuns: runs }).metrics.changeFailureRate.failedRuns).toBe(0);
  });
});

describe('attribution rules', () => {
  it('a deployment fails at most once, and its remediation is the earliest one', () => {
    const hotfix = pullRequest(20, E, { opened: onDay(21, 13), merged: onDay(23) }, { labels: ['hotfix'] });
    const rollback = deployment(6, onDay(21, 14), B);
    const result = run({ deployments: [D1, D2, D3, rollback, D5], pullRequests: [hotfix] });
    expect(failedIds(result)).toEqual([['3', 'rollback', '6']]);
    expect(result.failures[0]?.reason).toContain('(also: hotfix)');
    expect(result.metrics.changeFailureRate.failedDeployments).toBe(1);
    // Both remediating deployments are rework.
    expect(result.metrics.reworkRate.reworkDeployments).toBe(2);
  });

  it('a failure counts in the window of the failed deployment; the previous window is judged with everything known at end', () => {
    const commits = branch();
    const early = deployment(2, onDay(15), B);
    const hotfix = pullRequest(20, C, { opened: onDay(16), merged: onDay(21) }, { labels: ['hotfix'] });
    const result = run({ commits, deployments: [D1, early, D3], pullRequests: [hotfix] });
    expect(result.failures.map((f) => [f.failedId, f.window, f.remediationId])).toEqual([['2', 'previous', '3']]);
    expect(result.previous.changeFailureRate).toMatchObject({ deployments: 1, failedDeployments: 1, rate: 1 });
    expect(result.previous.failedDeploymentRecoveryTime).toMatchObject({ recoveries: 1, unrecovered: 0 });
    expect(result.metrics.changeFailureRate).toMatchObject({ deployments: 1, failedDeployments: 0, rate: 0 });
    // The remediating deployment is rework in its own window.
    expect(result.metrics.reworkRate.reworkDeployments).toBe(1);
    expect(result.previous.reworkRate.reworkDeployments).toBe(0);
  });

  it('signals not listed in failure-signals are ignored', () => {
    const rollback = deployment(6, onDay(21, 14), B);
    const result = run({ deployments: [D1, D2, D3, rollback] }, { failureSignals: ['hotfix'] });
    expect(result.failures).toEqual([]);
    expect(result.metrics.reworkRate.reworkDeployments).toBe(0);
  });

  it('no deployments in the window: the change failure rate is null, with a reason', () => {
    const result = run({ deployments: [D1] });
    expect(result.metrics.changeFailureRate).toMatchObject({
      deployments: 0,
      failedDeployments: 0,
      rate: null,
      tier: null,
      reason: 'no deployments in the window',
    });
  });
});

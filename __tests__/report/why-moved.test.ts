/**
 * The summary says why the numbers moved, and nothing on the page misleads (issue 12, points 1, 3,
 * 4, 5, 7): the failed deployments by signal add up to the table's count, "What changed" names the
 * signal behind a change failure rate move, a previous window with only part of a window of
 * history judges no move, and a likely misconfiguration has no tier in the title.
 */
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/dora/index.js';
import type { Failure } from '../../src/dora/model.js';
import { buildReport } from '../../src/report/json.js';
import { renderSummary } from '../../src/report/summary.js';
import { largestMoves } from '../../src/report/what-changed.js';
import { failuresBySignal, longestRecoveries, slowestChanges } from '../../src/report/why-moved.js';
import { commit, DAY, deployment, doraInput, onDay, PREVIOUS_START } from '../dora/records.js';
import {
  currentMetrics,
  DAY as FIXTURE_DAY,
  deployment as countedDeployment,
  doraResult,
  END,
  failure,
  previousMetrics,
  reportContext,
} from './fixtures.js';
import { loadExample, repositoryReport } from './golden-reports.js';

const small = loadExample('small-30d');
const medium = loadExample('medium-90d');

/** Cells of the table row whose first cell is `name`. */
const row = (md: string, name: string): string[] =>
  (md.split('\n').find((l) => l.startsWith(`| ${name} |`)) ?? '').split(' | ').map((c) => c.replace(/^\| | \|$/g, ''));

describe('failed deployments by signal', () => {
  const cases = [
    {
      dataset: small,
      inputs: { until: small.now, 'deployment-source': 'deployments', 'failure-signals': 'hotfix,revert,rollback,incident' },
    },
    {
      dataset: small,
      inputs: { until: small.now, days: 14, 'deployment-source': 'workflow', 'failure-signals': 'hotfix,revert,rollback,failed-run' },
    },
    { dataset: medium, inputs: { until: '2026-07-01T00:00:00Z', days: 30, 'deployment-source': 'workflow' } },
    { dataset: medium, inputs: { until: '2026-07-01T00:00:00Z', days: 30, 'deployment-source': 'releases' } },
    {
      dataset: medium,
      inputs: { until: '2026-07-01T00:00:00Z', days: 30, 'deployment-source': 'workflow', 'failure-signals': 'revert,failed-run' },
    },
  ];
  for (const c of cases) {
    it(`add up to the table's failed deployments in both windows (${c.dataset.repository.name}, ${JSON.stringify(c.inputs)})`, () => {
      const report = repositoryReport(c);
      for (const [window, metrics] of [
        ['current', report.metrics],
        ['previous', report.previous],
      ] as const) {
        const counts = failuresBySignal(report, window);
        expect(counts).not.toBeNull();
        expect(
          Object.values(counts ?? {}).reduce((a, b) => a + b, 0),
          window,
        ).toBe(metrics.changeFailureRate.failedDeployments);
      }
      const md = renderSummary(report);
      const cfr = report.metrics.changeFailureRate;
      // The breakdown's total is the metrics table's n, word for word, and says when failed runs are in both counts.
      const n =
        (cfr.failedRuns ?? 0) > 0
          ? `${cfr.failedDeployments} of ${cfr.deployments} deployments and failed runs (${cfr.failedRuns} failed run${cfr.failedRuns === 1 ? '' : 's'})`
          : `${cfr.failedDeployments} of ${cfr.deployments} deployments`;
      expect(row(md, 'Change failure rate')[3]).toBe(n);
      if ((cfr.failedDeployments ?? 0) + (report.previous.changeFailureRate.failedDeployments ?? 0) > 0) {
        expect(row(md, 'All')[1]).toBe(n);
      }
    });
  }

  it('are not shown when change failure rate is withheld', () => {
    const report = repositoryReport({
      dataset: small,
      inputs: { until: small.now, 'failure-signals': 'incident' },
      missing: { what: 'Incident issues', reason: '403', withheld: ['changeFailureRate', 'failedDeploymentRecoveryTime'] },
    });
    expect(failuresBySignal(report, 'current')).toBeNull();
    expect(renderSummary(report)).not.toContain('Failed deployments, by what found them');
  });
});

describe('why it moved', () => {
  const d = (n: number, daysBeforeEnd: number) => countedDeployment(n, END - daysBeforeEnd * FIXTURE_DAY);
  const failed = (n: number, daysBeforeEnd: number, signal: Failure['signal'], recoverySeconds: number | null): Failure => ({
    ...failure,
    failedId: String(9000 + n),
    failedAt: END - daysBeforeEnd * FIXTURE_DAY,
    window: daysBeforeEnd <= 30 ? 'current' : 'previous',
    signal,
    recoverySeconds,
    remediatedAt: recoverySeconds === null ? null : END - daysBeforeEnd * FIXTURE_DAY + recoverySeconds * 1000,
    remediationId: recoverySeconds === null ? null : failure.remediationId,
  });
  const deployments = [d(1, 40), d(2, 35), d(3, 20), d(4, 10), d(5, 5), d(6, 3)];
  const failures = [
    failed(1, 40, 'incident', 600),
    failed(3, 20, 'incident', 3600),
    failed(6, 3, 'incident', 60),
    failed(4, 10, 'incident', null),
    failed(5, 5, 'revert', 7200),
  ];
  const report = buildReport(
    doraResult({
      deployments,
      failures,
      metrics: {
        ...currentMetrics,
        changeFailureRate: { ...currentMetrics.changeFailureRate, deployments: 5, failedDeployments: 4, rate: 4 / 5 },
      },
      previous: {
        ...previousMetrics,
        changeFailureRate: { ...previousMetrics.changeFailureRate, deployments: 2, failedDeployments: 1, rate: 1 / 2 },
      },
    }),
    reportContext(),
  );

  it('names the signal behind a change failure rate move in "What changed"', () => {
    expect(largestMoves(report)).toContain(
      'Change failure rate rose from 50% to 80%, mostly incidents (3 of 4 failed deployments, up from 1)',
    );
  });

  it('lists the longest recoveries, unrecovered first, and the slowest changes, linked', () => {
    expect(longestRecoveries(report, 3).map((f) => [f.failedId, f.recoverySeconds])).toEqual([
      ['9004', null],
      ['9005', 7200],
      ['9003', 3600],
    ]);
    const md = renderSummary(report);
    expect(md).toContain(
      '- Longest recoveries: [Deploy \\#404](https://github.com/acme/shop/actions/runs/9004) unrecovered (`incident`) · [Deploy \\#405](https://github.com/acme/shop/actions/runs/9005) 2h (`revert`)',
    );
    // Lead times 30h, 50h, 40h and an unmeasured change: the two longest, longest first.
    const changes = doraResult().changes.map((c) =>
      c.number === 103 ? { ...c, leadTimeSeconds: 50 * 3600 } : c.number === 104 ? { ...c, leadTimeSeconds: 40 * 3600 } : c,
    );
    expect(slowestChanges(buildReport(doraResult({ changes }), reportContext()), 2).map((c) => c.number)).toEqual([103, 104]);
    expect(row(md, 'Incident').slice(1)).toEqual(['3', '1']);
    expect(row(md, 'All').slice(1)).toEqual(['4 of 5 deployments', '1 of 2 deployments']);
    expect(row(md, 'Revert').slice(1)).toEqual(['1', '0']);
  });
});

describe('a previous window with only part of a window of history', () => {
  // The first deployment on record completes 20 days into the 30-day previous window: 10 days of history.
  const first = END - 40 * FIXTURE_DAY;
  const partial = buildReport(
    doraResult({ previousWindow: { start: END - 60 * FIXTURE_DAY, end: END - 30 * FIXTURE_DAY, historyFrom: first } }),
    reportContext(),
  );
  const md = renderSummary(partial);

  it('judges no move: each delta says its previous window is partial, the trend is null', () => {
    expect(row(md, 'Deployment frequency')[4]).toBe('↑ +188% from 0.57/day (partial window)');
    expect(row(md, 'Lead time for changes')[4]).toBe('↑ +11% from 1d 9h (partial window)');
    expect(md).not.toMatch(/, better \||\*\*worse\*\*/);
    for (const delta of Object.values(partial.deltas)) expect(delta.trend).toBeNull();
    expect(partial.previousWindow.historyFrom).toBe(new Date(first).toISOString());
  });

  it('says why under the table, and leaves "What changed" out', () => {
    expect(md).toContain(
      '> [!NOTE]\n> The previous 30 days hold only 10 days of deployment history (the first deployment on record completed 2026-04-22 00:00 UTC), so no move is called better or worse.',
    );
    expect(md).not.toContain('**What changed**');
    expect(largestMoves(partial)).toEqual([]);
  });

  it('says there is no history at all when the first deployment is in this window', () => {
    const none = renderSummary(
      buildReport(
        doraResult({ previousWindow: { start: END - 60 * FIXTURE_DAY, end: END - 30 * FIXTURE_DAY, historyFrom: END - 25 * FIXTURE_DAY } }),
        reportContext(),
      ),
    );
    expect(row(none, 'Deployment frequency')[4]).toBe('no history before');
    expect(none).toContain(
      'The previous 30 days hold no deployment history (the first deployment on record completed 2026-05-07 00:00 UTC, in this window)',
    );
  });

  it('is found by the engine: the first deployment on record after the previous window began, never one before it', () => {
    const commits = [commit('a', [], onDay(0)), commit('b', ['a'], onDay(1))];
    const late = computeMetrics(
      doraInput({ commits, deployments: [deployment(1, PREVIOUS_START + 3 * DAY, 'a'), deployment(2, onDay(25), 'b')] }),
    );
    expect(late.previousWindow.historyFrom).toBe(PREVIOUS_START + 3 * DAY);
    expect(late.deltas.deploymentFrequency.trend).toBeNull();
    const early = computeMetrics(
      doraInput({ commits, deployments: [deployment(1, PREVIOUS_START - DAY, 'a'), deployment(2, onDay(25), 'b')] }),
    );
    expect(early.previousWindow.historyFrom).toBeNull();
    expect(early.deltas.deploymentFrequency.trend).toBe('better');
    // Exactly at the start: the window holds all of it.
    const atStart = computeMetrics(
      doraInput({ commits, deployments: [deployment(1, PREVIOUS_START, 'a'), deployment(2, onDay(25), 'b')] }),
    );
    expect(atStart.previousWindow.historyFrom).toBeNull();
  });
});

describe('a likely misconfiguration', () => {
  it('puts "no deployments found" in the title instead of a tier', () => {
    const reason = 'but workflow runs hold 3 deployments there: set deployment-source to workflow, or to auto';
    const md = renderSummary(
      buildReport(
        doraResult({
          deployments: [],
          changes: [],
          failures: [],
          metrics: {
            ...currentMetrics,
            deploymentFrequency: { deployments: 0, perDay: 0, perWeek: 0, deploymentDays: 0, tier: null, reason },
            overallTier: null,
          },
        }),
        reportContext(),
      ),
    );
    expect(md.split('\n')[0]).toBe('## DORA metrics: acme/shop, 2026-05-02 → 2026-06-01 · ⚠️ no deployments found');
  });
});

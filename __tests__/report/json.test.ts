import { describe, expect, it } from 'vitest';
import type { WindowMetrics } from '../../src/dora/model.js';
import { buildReport, serializeReport } from '../../src/report/json.js';
import { reportSchema } from '../../src/report/schema.js';
import { DAY, END, currentMetrics, doraResult, emptyMetrics, previousMetrics, reportContext } from './fixtures.js';

describe('buildReport', () => {
  const report = buildReport(doraResult(), reportContext());

  it('returns a value the schema accepts', () => {
    expect(reportSchema.safeParse(report).success).toBe(true);
    expect(report.schemaVersion).toBe(1);
  });

  it('maps epoch milliseconds to ISO 8601 UTC strings', () => {
    expect(report.window).toEqual({ start: '2026-05-02T00:00:00.000Z', end: '2026-06-01T00:00:00.000Z', days: 30 });
    expect(report.previousWindow).toEqual({ start: '2026-04-02T00:00:00.000Z', end: '2026-05-02T00:00:00.000Z', historyFrom: null });
    expect(report.generatedAt).toBe('2026-06-01T00:01:30.000Z');
    expect(report.deployments[1]!.time).toBe(new Date(END - 20 * DAY).toISOString());
    const pr = report.changes.find((c) => c.number === 101)!;
    expect(pr.start).toBe('2026-05-10T18:00:00.000Z');
    expect(pr.openedAt).toBe('2026-05-10T20:00:00.000Z');
    expect(pr.mergedAt).toBe('2026-05-11T20:00:00.000Z');
    expect(pr.deployedAt).toBe('2026-05-12T00:00:00.000Z');
    expect(report.failures[0]!.remediatedAt).toBe('2026-05-12T02:00:00.000Z');
  });

  it('keeps durations in seconds and rates as fractions, untouched', () => {
    expect(report.metrics.leadTime.medianSeconds).toBe(130697);
    expect(report.metrics.changeFailureRate.rate).toBe(6 / 49);
    expect(report.previous.failedDeploymentRecoveryTime.p90Seconds).toBe(8099.6);
    expect(report.changes[1]!.stages).toEqual({ codingSeconds: 7200, reviewSeconds: 86400, deploySeconds: 14400 });
  });

  it('keeps null metrics null, with their reason', () => {
    const empty = buildReport(doraResult({ metrics: emptyMetrics }), reportContext());
    expect(empty.metrics.leadTime.medianSeconds).toBeNull();
    expect(empty.metrics.leadTime.reason).toBe('no change was deployed in the window');
    expect(empty.metrics.changeFailureRate.rate).toBeNull();
    expect(empty.metrics.overallTier).toBe('low');
  });

  it('links changes without a URL to their pull request or commit, and incidents to their issue', () => {
    const push = report.changes.find((c) => c.kind === 'direct_push')!;
    expect(push.url).toBe('https://github.com/acme/shop/commit/c0ffee0000000000000000000000000000000000');
    const withIncident = buildReport(
      doraResult({
        unattributedIncidents: [
          { number: 40, title: 'Checkout down', createdAt: END - DAY, window: 'current', reason: 'no deployment in the 72 hours before' },
        ],
      }),
      reportContext({ serverUrl: 'https://ghe.example.com/' }),
    );
    expect(withIncident.repositoryUrl).toBe('https://ghe.example.com/acme/shop');
    expect(withIncident.unattributedIncidents[0]!.url).toBe('https://ghe.example.com/acme/shop/issues/40');
  });

  it('marks the merges source as a proxy', () => {
    expect(report.deploymentSource.proxy).toBe(false);
    const merges = buildReport(doraResult({ source: 'merges' }), reportContext());
    expect(merges.deploymentSource.proxy).toBe(true);
    expect(merges.deploymentSource.name).toBe('merges');
  });

  it('carries the context: source choice, completeness, trigger, config and API usage', () => {
    expect(report.deploymentSource.requested).toBe('auto');
    expect(report.deploymentSource.searched).toHaveLength(2);
    expect(report.complete).toBe(true);
    expect(report.trigger).toEqual({ event: 'schedule', pullRequest: null, releaseTag: null, sha: null });
    expect(report.config.failureSignals).toEqual(['hotfix', 'revert', 'rollback']);
    expect(report.api).toEqual({ requests: 312, graphqlPoints: 45, rateLimitRemaining: 4688 });
  });

  it('throws on a result that breaks the schema (an engine bug) instead of writing it', () => {
    const broken: WindowMetrics = { ...currentMetrics, changeFailureRate: { ...currentMetrics.changeFailureRate, rate: 12.2 } };
    expect(() => buildReport(doraResult({ metrics: broken }), reportContext())).toThrow();
  });
});

describe('deltas', () => {
  const { deltas } = buildReport(doraResult(), reportContext());

  it('compares each headline number with the previous window, saying which way is better', () => {
    expect(deltas.deploymentFrequency).toEqual({
      unit: 'perDay',
      better: 'higher',
      current: 49 / 30,
      previous: 17 / 30,
      difference: 49 / 30 - 17 / 30,
      ratio: (49 / 30 - 17 / 30) / (17 / 30),
      trend: 'better',
    });
    expect(deltas.leadTime.trend).toBe('worse'); // 130697 s now, 117571.5 s before: longer is worse
    expect(deltas.leadTime.unit).toBe('seconds');
    expect(deltas.changeFailureRate.difference).toBeCloseTo(6 / 49 - 2 / 17, 12);
    expect(deltas.changeFailureRate.trend).toBe('worse');
    expect(deltas.failedDeploymentRecoveryTime.better).toBe('lower');
    expect(deltas.reworkRate.unit).toBe('fraction');
  });

  it('is null where either window has no data, and has no ratio from zero', () => {
    const { deltas: d } = buildReport(doraResult({ metrics: previousMetrics, previous: emptyMetrics }), reportContext());
    expect(d.leadTime).toMatchObject({ current: 117571.5, previous: null, difference: null, ratio: null, trend: null });
    expect(d.deploymentFrequency).toMatchObject({ current: 17 / 30, previous: 0, ratio: null, trend: 'better' });
  });

  it('says unchanged when the numbers are equal', () => {
    const { deltas: d } = buildReport(doraResult({ metrics: currentMetrics, previous: currentMetrics }), reportContext());
    expect(d.leadTime).toMatchObject({ difference: 0, ratio: 0, trend: 'unchanged' });
  });
});

describe('serializeReport', () => {
  it('writes stable 2-space JSON ending in a newline, that parses back to the report', () => {
    const report = buildReport(doraResult(), reportContext());
    const text = serializeReport(report);
    expect(text).toBe(serializeReport(buildReport(doraResult(), reportContext())));
    expect(text.startsWith(`{\n  "schemaVersion": 1,\n  "actionVersion": "${report.actionVersion}",\n  "repository": "acme/shop",`)).toBe(
      true,
    );
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(report);
  });
});

import { describe, expect, it } from 'vitest';
import { ReportMismatchError, aggregateReports } from '../../src/aggregate/aggregate.js';
import { orgReportSchema } from '../../src/aggregate/schema.js';
import { DAY, END, HOUR, quantileOf, repoReport } from './reports.js';

const H = 3600;
const opts = { benchmark: 2023 as const, generatedAt: '2026-06-01T01:00:00.000Z' };

describe('aggregateReports: organisation-wide numbers come from the events, never from averaging', () => {
  it('lead time is the median of every change of every repository, not an average or median of medians', () => {
    // a: five changes of 1h (median 1h); b: one change of 3 days (median 3d).
    const a = repoReport('acme/a', { current: { deployDays: [1], leadTimes: [H, H, H, H, H] } });
    const b = repoReport('acme/b', { current: { deployDays: [2], leadTimes: [3 * 24 * H] } });
    const org = aggregateReports([a, b], opts);
    const lt = org.metrics.leadTime;
    const union = [H, H, H, H, H, 3 * 24 * H];
    expect(lt.changes).toBe(6);
    expect(lt.medianSeconds).toBe(H);
    expect(lt.p90Seconds).toBeCloseTo(quantileOf(union, 0.9), 9);
    expect(lt.meanSeconds).toBeCloseTo((5 * H + 72 * H) / 6, 9);
    // Averaging the medians would give 1d 12h (tier high); the median of all changes is 1h (elite).
    const meanOfMedians = (a.metrics.leadTime.medianSeconds! + b.metrics.leadTime.medianSeconds!) / 2;
    expect(meanOfMedians).toBe(36.5 * H);
    expect(lt.medianSeconds).not.toBe(meanOfMedians);
    expect(lt.tier).toBe('elite');
    expect(lt.repositories).toBe(2);
    expect(lt.leftOut).toEqual([]);
  });

  it('the median of the union differs from the median of medians too (three repositories)', () => {
    const reports = [
      repoReport('acme/a', { current: { deployDays: [1], leadTimes: [1 * H, 2 * H, 3 * H] } }),
      repoReport('acme/b', { current: { deployDays: [1], leadTimes: [10 * H] } }),
      repoReport('acme/c', { current: { deployDays: [1], leadTimes: [20 * H, 30 * H] } }),
    ];
    const org = aggregateReports(reports, opts);
    // Union 1, 2, 3, 10, 20, 30 h: median 6.5 h. Medians 2, 10, 25 h: their median 10 h, their mean 12.3 h.
    expect(org.metrics.leadTime.medianSeconds).toBe(6.5 * H);
    expect(org.metrics.leadTime.p90Seconds).toBe(25 * H);
  });

  it('change failure rate is the sum of failed deployments over the sum of deployments', () => {
    // a: 1 of 1 failed (100%); b: 1 of 99 failed. Averaging the rates would give 50.5% (low).
    const a = repoReport('acme/a', { current: { deployDays: [1], recoveries: [H] } });
    const b = repoReport('acme/b', { current: { deployDays: Array.from({ length: 99 }, (_, i) => 1 + (i % 30)), recoveries: [2 * H] } });
    const org = aggregateReports([a, b], opts);
    expect(org.metrics.changeFailureRate).toMatchObject({
      deployments: 100,
      failedDeployments: 2,
      rate: 0.02,
      tier: 'elite',
      repositories: 2,
    });
  });

  it('failed runs count in both counts of the rate as the reports count them', () => {
    const a = repoReport('acme/a', { current: { deployDays: [1, 2, 3], failedRuns: 1 } });
    const b = repoReport('acme/b', { current: { deployDays: [1] } });
    const cfr = aggregateReports([a, b], opts).metrics.changeFailureRate;
    expect(cfr).toMatchObject({ deployments: 5, failedDeployments: 1, failedRuns: 1, rate: 0.2 });
  });

  it('deployments add up; deployment days are distinct dates across repositories', () => {
    const a = repoReport('acme/a', { current: { deployDays: [1, 2, 2] } });
    const b = repoReport('acme/b', { current: { deployDays: [2, 3] } });
    const df = aggregateReports([a, b], opts).metrics.deploymentFrequency;
    expect(df).toEqual({ deployments: 5, perDay: 5 / 30, perWeek: 5 / (30 / 7), deploymentDays: 3, tier: 'high', repositories: 2 });
  });

  it("deployment frequency is tiered on the organisation's total, with the engine's tier function", () => {
    // Each repository deploys 15 times in 30 days (high); together once a day (elite).
    const reports = ['a', 'b'].map((n) =>
      repoReport(`acme/${n}`, { current: { deployDays: Array.from({ length: 15 }, (_, i) => i + 1) } }),
    );
    expect(reports.map((r) => r.metrics.deploymentFrequency.tier)).toEqual(['high', 'high']);
    expect(aggregateReports(reports, opts).metrics.deploymentFrequency.tier).toBe('elite');
  });

  it('recovery time is over every recovered failure; unrecovered failures are counted apart', () => {
    const a = repoReport('acme/a', { current: { deployDays: [1, 2], recoveries: [30 * 60, null] } });
    const b = repoReport('acme/b', { current: { deployDays: [1, 2, 3], recoveries: [2 * H, 4 * H] } });
    const fdrt = aggregateReports([a, b], opts).metrics.failedDeploymentRecoveryTime;
    expect(fdrt).toMatchObject({ recoveries: 3, medianSeconds: 2 * H, unrecovered: 1, tier: 'high', repositories: 2 });
    expect(fdrt.meanSeconds).toBeCloseTo((0.5 * H + 2 * H + 4 * H) / 3, 9);
  });

  it('rework rate is the sum of rework deployments over the sum of deployments', () => {
    const a = repoReport('acme/a', { current: { deployDays: [1, 2, 3, 4], rework: 2 } });
    const b = repoReport('acme/b', { current: { deployDays: Array.from({ length: 16 }, (_, i) => i + 1), rework: 1 } });
    expect(aggregateReports([a, b], opts).metrics.reworkRate).toMatchObject({
      deployments: 20,
      reworkDeployments: 3,
      rate: 0.15,
      repositories: 2,
    });
  });

  it("the previous window is computed from the previous window's events, and deltas compare the two", () => {
    const a = repoReport('acme/a', {
      current: { deployDays: [1, 2], leadTimes: [2 * H] },
      previous: { deployDays: [5], leadTimes: [4 * H, 6 * H] },
    });
    const b = repoReport('acme/b', {
      current: { deployDays: [3], leadTimes: [4 * H] },
      previous: { deployDays: [4], leadTimes: [10 * H] },
    });
    const org = aggregateReports([a, b], opts);
    expect(org.previous.leadTime).toMatchObject({ changes: 3, medianSeconds: 6 * H });
    expect(org.previous.deploymentFrequency).toMatchObject({ deployments: 2, deploymentDays: 2 });
    expect(org.metrics.leadTime.medianSeconds).toBe(3 * H);
    expect(org.deltas.leadTime).toEqual({
      unit: 'seconds',
      better: 'lower',
      current: 3 * H,
      previous: 6 * H,
      difference: -3 * H,
      ratio: -0.5,
      trend: 'better',
    });
    expect(org.deltas.deploymentFrequency).toMatchObject({ current: 0.1, previous: 2 / 30, trend: 'better' });
  });

  it('the overall tier is the lowest of the organisation-wide tiers', () => {
    const a = repoReport('acme/a', { current: { deployDays: [1], leadTimes: [H], recoveries: [10 * 24 * H] } });
    const org = aggregateReports([a, repoReport('acme/b', { current: { deployDays: [1] } })], opts);
    expect(org.metrics.failedDeploymentRecoveryTime.tier).toBe('low');
    expect(org.metrics.overallTier).toBe('low');
  });

  it('the result is a valid organisation report', () => {
    const org = aggregateReports([repoReport('acme/a', { current: { deployDays: [1], leadTimes: [H] } })], opts);
    expect(orgReportSchema.parse(org)).toEqual(org);
    expect(org).toMatchObject({
      schemaVersion: 1,
      kind: 'organisation',
      generatedAt: opts.generatedAt,
      benchmark: 2023,
      repositories: ['acme/a'],
    });
    expect(org.window).toEqual({ start: new Date(END - 30 * DAY).toISOString(), end: new Date(END).toISOString(), days: 30 });
  });
});

describe('aggregateReports: withheld and missing data', () => {
  it('leaves a repository whose metric is withheld out of that metric only, and names it with the reason', () => {
    const a = repoReport('acme/a', { current: { deployDays: [1], leadTimes: [H] } });
    const b = repoReport('acme/b', {
      current: { deployDays: [1, 2], leadTimes: [100 * H], recoveries: [H] },
      withheld: [{ metric: 'leadTime', reason: 'pull requests could not be read (403)' }],
    });
    const org = aggregateReports([a, b], opts);
    expect(org.metrics.leadTime).toMatchObject({ changes: 1, medianSeconds: H, repositories: 1 });
    expect(org.metrics.leadTime.leftOut).toEqual([
      { repository: 'acme/b', withheld: true, reason: 'pull requests could not be read (403)' },
    ]);
    // Its other metrics still count.
    expect(org.metrics.changeFailureRate).toMatchObject({ deployments: 3, failedDeployments: 1, repositories: 2 });
    expect(org.metrics.deploymentFrequency.deployments).toBe(3);
    // Its report is incomplete, so the roll-up is.
    expect(org.complete).toBe(false);
    expect(org.incomplete).toEqual(['acme/b']);
    expect(org.rows.find((r) => r.repository === 'acme/b')?.leadTime).toEqual({
      changes: null,
      medianSeconds: null,
      tier: null,
      withheld: true,
    });
  });

  it('a withheld change failure rate leaves the repository out of recovery time too: its failures are not listed', () => {
    const a = repoReport('acme/a', { current: { deployDays: [1], recoveries: [H] } });
    const b = repoReport('acme/b', {
      current: { deployDays: [1], recoveries: [5 * H] },
      withheld: [{ metric: 'changeFailureRate', reason: 'incidents could not be read' }],
    });
    const org = aggregateReports([a, b], opts);
    expect(org.metrics.changeFailureRate).toMatchObject({ deployments: 1, failedDeployments: 1, rate: 1 });
    expect(org.metrics.changeFailureRate.leftOut).toEqual([
      { repository: 'acme/b', withheld: true, reason: 'incidents could not be read' },
    ]);
    expect(org.metrics.failedDeploymentRecoveryTime).toMatchObject({ recoveries: 1, medianSeconds: H });
    expect(org.metrics.failedDeploymentRecoveryTime.leftOut).toEqual([
      { repository: 'acme/b', withheld: true, reason: 'its failures are not listed: change failure rate is withheld' },
    ]);
  });

  it('a repository with no data for a metric is named as left out of it, without a made-up zero', () => {
    const a = repoReport('acme/a', { current: { deployDays: [1], leadTimes: [H], recoveries: [H] } });
    const b = repoReport('acme/b', { current: { deployDays: [1] } });
    const fdrt = aggregateReports([a, b], opts).metrics.failedDeploymentRecoveryTime;
    expect(fdrt).toMatchObject({ recoveries: 1, medianSeconds: H, repositories: 1 });
    expect(fdrt.leftOut).toEqual([{ repository: 'acme/b', withheld: false, reason: 'no failed deployment in the window' }]);
  });

  it('a metric no repository has data for is null with a reason, never 0', () => {
    const org = aggregateReports([repoReport('acme/a', { current: { deployDays: [1] } })], opts);
    expect(org.metrics.leadTime).toMatchObject({
      changes: 0,
      medianSeconds: null,
      tier: null,
      reason: 'no repository measured a change in the window',
    });
    expect(org.metrics.failedDeploymentRecoveryTime).toMatchObject({ medianSeconds: null, tier: null });
    expect(org.deltas.leadTime).toMatchObject({ current: null, previous: null, trend: null });
  });

  it('a report whose event list disagrees with its own count is left out of that metric, named', () => {
    const a = repoReport('acme/a', { current: { deployDays: [1], leadTimes: [H, 2 * H] } });
    const edited = { ...a, changes: a.changes.slice(0, 1) };
    const org = aggregateReports([edited, repoReport('acme/b', { current: { deployDays: [1], leadTimes: [5 * H] } })], opts);
    expect(org.metrics.leadTime).toMatchObject({ changes: 1, medianSeconds: 5 * H });
    expect(org.metrics.leadTime.leftOut).toEqual([
      { repository: 'acme/a', withheld: false, reason: 'its report lists 1 measured changes but counts 2' },
    ]);
  });

  it('repositories without data: zero deployments, or every metric null; the tier distribution counts them apart', () => {
    const reports = [
      repoReport('acme/elite', { current: { deployDays: Array.from({ length: 30 }, (_, i) => i + 1), leadTimes: [H] } }),
      repoReport('acme/medium', { current: { deployDays: [1, 9, 17, 25], leadTimes: [10 * 24 * H] }, previous: { deployDays: [1] } }),
      repoReport('acme/idle', { previous: { deployDays: [3] } }),
      repoReport('acme/blind', {
        current: { deployDays: [1] },
        withheld: [
          { metric: 'leadTime', reason: 'x' },
          { metric: 'changeFailureRate', reason: 'y' },
          { metric: 'failedDeploymentRecoveryTime', reason: 'z' },
          { metric: 'reworkRate', reason: 'w' },
        ],
      }),
    ];
    const org = aggregateReports(reports, opts);
    expect(org.withoutData).toEqual([
      {
        repository: 'acme/blind',
        reason: 'every metric is withheld or has no data (withheld: leadTime, changeFailureRate, failedDeploymentRecoveryTime, reworkRate)',
      },
      { repository: 'acme/idle', reason: 'no deployments in the window from workflow (deployment-source auto)' },
    ]);
    expect(org.tierDistribution.current).toEqual({ elite: 1, high: 0, medium: 1, low: 0, noData: 2 });
    // Previous window: medium and idle deployed once each (once in 30 days: medium); elite and blind did not.
    expect(org.tierDistribution.previous).toEqual({ elite: 0, high: 0, medium: 2, low: 0, noData: 2 });
    expect(org.rows.map((r) => [r.repository, r.hasData, r.overallTier])).toEqual([
      ['acme/blind', false, 'medium'],
      ['acme/elite', true, 'elite'],
      ['acme/idle', false, 'low'],
      ['acme/medium', true, 'medium'],
    ]);
    // Zero deployments is still a measurement of deployment frequency.
    expect(org.metrics.deploymentFrequency).toMatchObject({ deployments: 35, repositories: 3 });
  });

  it('names expected repositories without a report, and carries refused files', () => {
    const org = aggregateReports([repoReport('acme/a', { current: { deployDays: [1] } })], {
      ...opts,
      expectedRepositories: ['acme/a', 'ACME/b', 'acme/c'],
      problems: ['dora-x/dora-metrics.json: not JSON'],
    });
    expect(org.missing).toEqual(['ACME/b', 'acme/c']);
    expect(org.problems).toEqual(['dora-x/dora-metrics.json: not JSON']);
    expect(org.complete).toBe(false);
  });

  it("rows are sorted by repository name, case-insensitively, with each report's own numbers", () => {
    const org = aggregateReports(
      [repoReport('acme/b', { current: { deployDays: [1], leadTimes: [H] } }), repoReport('Acme/A', { current: { deployDays: [1, 2] } })],
      opts,
    );
    expect(org.repositories).toEqual(['Acme/A', 'acme/b']);
    expect(org.rows[1]).toMatchObject({
      repository: 'acme/b',
      repositoryUrl: 'https://github.com/acme/b',
      deploymentSource: 'workflow',
      proxy: false,
      complete: true,
      deploymentFrequency: { deployments: 1, perDay: 1 / 30, tier: 'medium' },
      leadTime: { changes: 1, medianSeconds: H, tier: 'elite', withheld: false },
      changeFailureRate: { deployments: 1, failedDeployments: 0, rate: 0, tier: 'elite', withheld: false },
      reworkRate: { rate: 0, withheld: false },
    });
  });
});

describe('aggregateReports: reports that cannot be added up are refused', () => {
  const a = repoReport('acme/a', { current: { deployDays: [1] } });

  it('refuses reports of different window lengths, naming the repositories of each window', () => {
    const b = repoReport('acme/b', { days: 7, current: { deployDays: [1] } });
    const c = repoReport('acme/c', { current: { deployDays: [1] } });
    const call = () => aggregateReports([a, b, c], opts);
    expect(call).toThrow(ReportMismatchError);
    expect(call).toThrow(
      'The reports cover different windows, so their numbers cannot be added up: ' +
        '2026-05-02T00:00:00.000Z → 2026-06-01T00:00:00.000Z (30 days): acme/a, acme/c; ' +
        '2026-05-25T00:00:00.000Z → 2026-06-01T00:00:00.000Z (7 days): acme/b.',
    );
    try {
      call();
    } catch (error) {
      expect((error as ReportMismatchError).fix).toContain('same fixed `until`');
    }
  });

  it('refuses windows of the same length that end at different instants (an empty `until`)', () => {
    const late = repoReport('acme/late', { end: END + 90_000, current: { deployDays: [1] } });
    expect(() => aggregateReports([a, late], opts)).toThrow(
      /different windows.*acme\/a;.*2026-06-01T00:01:30.000Z \(30 days\): acme\/late/,
    );
  });

  it("refuses reports of another benchmark than the roll-up's", () => {
    const old = repoReport('acme/old', { benchmark: 2021, current: { deployDays: [1] } });
    expect(() => aggregateReports([a, old], opts)).toThrow(
      'The reports use a different DORA benchmark than the roll-up (2023): 2021 for acme/old. Tiers of different report years cannot be compared.',
    );
    expect(() => aggregateReports([a], { ...opts, benchmark: 2022 })).toThrow('2023 for acme/a');
  });

  it('refuses two reports of one repository, and no reports at all', () => {
    expect(() => aggregateReports([a, { ...a, repository: 'ACME/A' }], opts)).toThrow(
      'More than one report for acme/a: each repository can be counted once.',
    );
    expect(() => aggregateReports([], opts)).toThrow('No reports to roll up.');
  });

  it('the hour a window ends at matters, not only its date', () => {
    const b = repoReport('acme/b', { end: END + HOUR, current: { deployDays: [1] } });
    expect(() => aggregateReports([a, b], opts)).toThrow(ReportMismatchError);
  });
});

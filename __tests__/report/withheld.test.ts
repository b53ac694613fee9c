/**
 * Withheld metrics: when part of the GitHub data could not be read, the metrics that need it are
 * reported as not computed (null, `withheld: true`, a reason), never with a number that may be wrong.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { DoraResult, WindowMetrics } from '../../src/dora/model.js';
import { buildReport, serializeReport, type ReportContext, type WithheldMetric } from '../../src/report/json.js';
import { reportOutputs } from '../../src/report/outputs.js';
import { reportSchema } from '../../src/report/schema.js';
import { renderSummary } from '../../src/report/summary.js';
import { generateJsonSchema } from '../scripts/json-schema.js';
import { DAY, END, currentMetrics, deployment, doraResult, failure, previousMetrics, reportContext } from './fixtures.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const PULLS_REASON = 'pull requests could not be read (403: Resource not accessible by integration)';
const ISSUES_REASON = 'incident issues could not be read (the token lacks issues: read)';

/** leadTime and changeFailureRate withheld: the engine computed them from partial data. */
const WITHHELD: WithheldMetric[] = [
  { metric: 'leadTime', reason: PULLS_REASON },
  { metric: 'changeFailureRate', reason: ISSUES_REASON },
];

/** The engine's numbers, with counts that must all disappear (failed runs, skipped, excluded, an unattributed incident). */
const metrics: WindowMetrics = {
  ...currentMetrics,
  leadTime: { ...currentMetrics.leadTime, excluded: 3, skipped: 2, unmeasured: 1 },
  changeFailureRate: { ...currentMetrics.changeFailureRate, failedRuns: 2, unattributedIncidents: 1 },
};
const result: DoraResult = doraResult({
  metrics,
  unattributedIncidents: [
    { number: 40, title: 'Checkout down', createdAt: END - DAY, window: 'current', reason: 'no deployment in the 72 hours before' },
  ],
});
const context = (overrides: Partial<ReportContext> = {}): ReportContext =>
  reportContext({
    complete: false,
    missing: [{ what: 'pull requests', reason: PULLS_REASON, metrics: ['leadTime'] }],
    withheld: WITHHELD,
    ...overrides,
  });

/** Table rows under the header line containing `header`. */
function tableRows(md: string, header: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|') && l.includes(header));
  if (start < 0) return [];
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows;
}

describe('buildReport: withheld metrics', () => {
  const report = buildReport(result, context());

  it('validates against the zod schema and the published JSON Schema', () => {
    expect(reportSchema.safeParse(report).success).toBe(true);
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(generateJsonSchema()) as Record<string, unknown>);
    validate(JSON.parse(serializeReport(report)));
    expect(validate.errors ?? []).toEqual([]);
  });

  it('nulls every number and tier of a withheld metric, in both windows, with its reason', () => {
    for (const window of [report.metrics, report.previous]) {
      expect(window.leadTime).toEqual({
        changes: null,
        medianSeconds: null,
        p90Seconds: null,
        p95Seconds: null,
        meanSeconds: null,
        tier: null,
        excluded: null,
        skipped: null,
        unmeasured: null,
        reason: PULLS_REASON,
        withheld: true,
      });
      expect(window.changeFailureRate).toEqual({
        deployments: window === report.metrics ? 49 : 17, // deployments were read: the denominator stays
        failedDeployments: null,
        rate: null,
        tier: null,
        failedRuns: null,
        unattributedIncidents: null,
        reason: ISSUES_REASON,
        withheld: true,
      });
    }
  });

  it('keeps the metrics that are not withheld, marked withheld: false', () => {
    expect(report.metrics.deploymentFrequency).toEqual({ ...currentMetrics.deploymentFrequency, withheld: false });
    expect(report.metrics.failedDeploymentRecoveryTime).toEqual({ ...currentMetrics.failedDeploymentRecoveryTime, withheld: false });
    expect(report.metrics.reworkRate).toEqual({ ...currentMetrics.reworkRate, withheld: false });
    expect(report.previous.failedDeploymentRecoveryTime).toEqual({ ...previousMetrics.failedDeploymentRecoveryTime, withheld: false });
  });

  it('recomputes the overall tier from the metrics still reported', () => {
    // Engine: elite, high, medium (change failure rate), high -> medium. Without lead time and CFR: elite, high -> high.
    expect(result.metrics.overallTier).toBe('medium');
    expect(report.metrics.overallTier).toBe('high');
    expect(report.previous.overallTier).toBe('high');
  });

  it('has no delta for a withheld metric', () => {
    for (const key of ['leadTime', 'changeFailureRate'] as const) {
      expect(report.deltas[key]).toMatchObject({ current: null, previous: null, difference: null, ratio: null, trend: null });
    }
    expect(report.deltas.failedDeploymentRecoveryTime).toMatchObject({ current: 6664, previous: 6022, trend: 'worse' });
    expect(report.deltas.reworkRate.current).toBe(6 / 49);
  });

  it('empties the records derived from withheld data and nulls the deployment fields they feed', () => {
    expect(report.changes).toEqual([]);
    expect(report.failures).toEqual([]);
    expect(report.unattributedIncidents).toEqual([]);
    expect(report.deployments).toHaveLength(4);
    for (const d of report.deployments) {
      expect(d.changes).toBeNull(); // lead time withheld
      expect(d.failed).toBeNull(); // change failure rate withheld
    }
    expect(report.deployments.map((d) => d.remediates)).toEqual([[], [], ['revert'], []]); // rework rate is not withheld
  });

  it('is incomplete whenever a metric is withheld', () => {
    expect(report.complete).toBe(false);
    expect(buildReport(result, context({ complete: true, missing: [] })).complete).toBe(false);
  });

  it('nulls the recovery of each failure when recovery time is withheld, and remediates when rework rate is', () => {
    const r = buildReport(
      doraResult(),
      reportContext({
        withheld: [
          { metric: 'failedDeploymentRecoveryTime', reason: ISSUES_REASON },
          { metric: 'reworkRate', reason: PULLS_REASON },
        ],
      }),
    );
    expect(reportSchema.safeParse(r).success).toBe(true);
    expect(r.failures).toEqual([
      expect.objectContaining({ failedId: failure.failedId, remediationId: null, remediatedAt: null, recoverySeconds: null }),
    ]);
    expect(r.deployments.every((d) => d.remediates === null && d.failed !== null && d.changes !== null)).toBe(true);
    expect(r.metrics.reworkRate).toEqual({ deployments: 49, reworkDeployments: null, rate: null, reason: PULLS_REASON, withheld: true });
    expect(r.metrics.overallTier).toBe('medium'); // CFR medium, lead time high, DF elite
  });

  it('joins several reasons for one metric, and refuses a metric that cannot be withheld', () => {
    const r = buildReport(result, context({ withheld: [...WITHHELD, { metric: 'leadTime', reason: 'commits could not be read' }] }));
    expect(r.metrics.leadTime.reason).toBe(`${PULLS_REASON}; commits could not be read`);
    const bad = [{ metric: 'deploymentFrequency', reason: 'x' }] as unknown as WithheldMetric[];
    expect(() => buildReport(result, context({ withheld: bad }))).toThrow(/deploymentFrequency/);
  });
});

describe('renderSummary: withheld metrics', () => {
  const md = renderSummary(buildReport(result, context()));

  it('shows no number for a withheld metric: dash, dash, "not computed"', () => {
    const rows = tableRows(md, 'Metric');
    expect(rows[1]).toBe('| Lead time for changes | — | not computed | — | — |');
    expect(rows[2]).toBe('| Change failure rate | — | not computed | — | — |');
    // The other metrics keep their numbers.
    expect(rows[0]).toContain('| 1.6/day | 🟣 Elite | 49 deployments on 19 days |');
    expect(rows[3]).toContain('| 1h 51m (p90 2h 35m) | 🟢 High | 6 recoveries |');
  });

  it('names each withheld metric and its reason in the warning at the top', () => {
    const warning = md.slice(md.indexOf('> [!WARNING]'), md.indexOf('\n\n', md.indexOf('> [!WARNING]')));
    expect(warning.split('\n')).toEqual([
      '> [!WARNING]',
      '> **Incomplete report**: some data could not be read, so 2 metrics are not computed (shown as —) rather than reported with a number that may be wrong.',
      '> - pull requests: pull requests could not be read \\(403: Resource not accessible by integration\\) (affects lead time)',
      '> - **Lead time for changes not computed**: pull requests could not be read \\(403: Resource not accessible by integration\\).',
      '> - **Change failure rate not computed**: incident issues could not be read \\(the token lacks issues: read\\).',
    ]);
    expect(md.indexOf('> [!WARNING]')).toBeLessThan(md.indexOf('| Metric |'));
  });

  it('says other numbers may be off when missing data feeds metrics that are still shown', () => {
    const other = renderSummary(
      buildReport(
        result,
        context({
          missing: [{ what: 'incident issues', reason: ISSUES_REASON, metrics: ['changeFailureRate', 'failedDeploymentRecoveryTime'] }],
        }),
      ),
    );
    expect(other).toContain('rather than reported with a number that may be wrong, and the other numbers below may be off.');
  });

  it('titles the recomputed overall tier and says withheld metrics are left out of it', () => {
    expect(md.split('\n')[0]).toContain('· 🟢 High');
    expect(md).toContain('The overall tier is the lowest of the metrics with data, leaving out those not computed');
  });

  it('says the changes and failures are not listed, and why', () => {
    expect(tableRows(md, 'Deployed (UTC)')).toEqual([]);
    expect(tableRows(md, 'Failed (UTC)')).toEqual([]);
    expect(tableRows(md, 'Opened (UTC)')).toEqual([]);
    expect(md).toContain(
      '**Changes** are not listed: lead time for changes is not computed. Pull requests could not be read \\(403: Resource not accessible by integration\\).',
    );
    expect(md).toContain(
      '**Failures and incidents** are not listed: change failure rate is not computed. Incident issues could not be read \\(the token lacks issues: read\\).',
    );
    // Deployments stay, without the per-deployment counts that come from withheld data.
    expect(tableRows(md, 'Completed (UTC)')[0]).toMatch(/\| — \| {2}\| — \|$/);
  });

  it('prints none of the withheld numbers anywhere', () => {
    for (const n of ['142 changes', '1d 12h', '6 of 49', '12.2%', '11.8%', 'excluded', 'skipped', 'unmeasured', 'failed run', 'incident']) {
      const hits = md.split('\n').filter((l) => l.includes(n) && !l.startsWith('> ') && !l.includes('Incident issues could not be read'));
      // Rework rate (not withheld) legitimately shows 12.2% and "6 of 49".
      expect(
        hits.filter((l) => !l.startsWith('| Deployment rework rate')),
        n,
      ).toEqual([]);
    }
    expect(md).not.toContain('Why no data'); // withheld metrics get no configuration hints
  });

  it('does not give a withheld lead time for the triggering pull request or release', () => {
    const pr = renderSummary(buildReport(result, context({ trigger: { event: 'pull_request', pullRequest: 101, releaseTag: null } })));
    expect(pr).toContain('The lead time of pull request #101 is not computed: pull requests could not be read');
    expect(pr).not.toContain('Lead time 1d 6h');
    expect(pr).not.toContain('not deployed yet');
    const release = renderSummary(
      buildReport(
        result,
        context({
          trigger: { event: 'release', pullRequest: null, releaseTag: 'v2.0.0', sha: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3' },
        }),
      ),
    );
    expect(release).toContain('The changes it shipped are not listed: lead time for changes is not computed');
    expect(release).not.toMatch(/shipped \d+ change/);
  });

  it('shows no recovery for failures when recovery time is withheld', () => {
    const r = renderSummary(
      buildReport(doraResult(), reportContext({ withheld: [{ metric: 'failedDeploymentRecoveryTime', reason: ISSUES_REASON }] })),
    );
    expect(tableRows(r, 'Metric')[3]).toBe('| Failed deployment recovery time | — | not computed | — | — |');
    expect(tableRows(r, 'Failed (UTC)')[0]).toContain('| `revert` | — | not computed |');
  });

  it('rework rate withheld: no rate, no remediation column', () => {
    const d1 = deployment(1, END - 2 * DAY, { remediates: ['hotfix'] });
    const r = renderSummary(
      buildReport(
        doraResult({ deployments: [d1], changes: [], failures: [] }),
        reportContext({ withheld: [{ metric: 'reworkRate', reason: PULLS_REASON }] }),
      ),
    );
    expect(tableRows(r, 'Metric')[4]).toBe('| Deployment rework rate | — | not computed | — | — |');
    expect(tableRows(r, 'Completed (UTC)')[0]).toMatch(/\| 1 \| — \| {2}\|$/);
    expect(r).not.toContain('`hotfix`');
  });
});

describe('reportOutputs: withheld metrics', () => {
  it('gives empty strings for the value and tier of a withheld metric', () => {
    const outputs = reportOutputs(buildReport(result, context()));
    expect(outputs['lead-time-seconds']).toBe('');
    expect(outputs['lead-time-tier']).toBe('');
    expect(outputs['change-failure-rate']).toBe('');
    expect(outputs['change-failure-rate-tier']).toBe('');
    expect(outputs['recovery-time-seconds']).toBe('6664');
    expect(outputs['recovery-time-tier']).toBe('high');
    expect(outputs['rework-rate']).toBe('0.1224');
    expect(outputs['lead-time']).toBe('');
    expect(outputs['change-failure-rate-percent']).toBe('');
    expect(outputs['recovery-time']).toBe('1h 51m');
    expect(outputs['overall-tier']).toBe('high');
    expect(outputs.complete).toBe('false');
  });
});

describe('withheld: [] changes nothing', () => {
  it('gives the same report, summary and outputs as no withheld field, with every metric withheld: false', () => {
    const without = buildReport(doraResult(), reportContext());
    const empty = buildReport(doraResult(), reportContext({ withheld: [] }));
    expect(empty).toEqual(without);
    expect(renderSummary(empty)).toBe(renderSummary(without));
    expect(reportOutputs(empty)).toEqual(reportOutputs(without));
    for (const window of [empty.metrics, empty.previous]) {
      for (const key of ['deploymentFrequency', 'leadTime', 'changeFailureRate', 'failedDeploymentRecoveryTime', 'reworkRate'] as const) {
        expect(window[key].withheld, key).toBe(false);
      }
    }
    expect(empty.metrics.overallTier).toBe('medium'); // the engine's
    expect(empty.complete).toBe(true);
    expect(empty.changes).toHaveLength(5);
    expect(empty.failures).toHaveLength(1);
    expect(empty.deployments[1]).toMatchObject({ changes: 1, failed: true, remediates: [] });
  });
});

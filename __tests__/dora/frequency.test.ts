import { describe, expect, it } from 'vitest';
import { deploymentFrequencyOf } from '../../src/dora/frequency.js';
import { computeMetrics } from '../../src/dora/index.js';
import { deployment, doraInput, onDay } from './records.js';

describe('deployment frequency', () => {
  it('counts the deployments in the window, per day and per week', () => {
    const deployments = [1, 2, 3, 4, 5, 6, 7].map((i) => deployment(i, onDay(20 + i), 'a'));
    expect(deploymentFrequencyOf(deployments, 14, 2023)).toEqual({
      deployments: 7,
      perDay: 0.5,
      perWeek: 3.5,
      deploymentDays: 7,
      tier: 'high',
      reason: null,
    });
  });

  it('deployment days are distinct UTC dates with at least one deployment', () => {
    const deployments = [
      deployment(1, Date.UTC(2026, 0, 21, 0, 0), 'a'),
      deployment(2, Date.UTC(2026, 0, 21, 23, 59), 'a'),
      deployment(3, Date.UTC(2026, 0, 22, 0, 0), 'a'),
    ];
    expect(deploymentFrequencyOf(deployments, 10, 2023).deploymentDays).toBe(2);
  });

  it('zero deployments is a measurement: tier low, not missing data', () => {
    const result = computeMetrics(doraInput());
    expect(result.metrics.deploymentFrequency).toEqual({
      deployments: 0,
      perDay: 0,
      perWeek: 0,
      deploymentDays: 0,
      tier: 'low',
      reason: null,
    });
    expect(result.metrics.overallTier).toBe('low');
  });

  it('no tier when the configuration is likely wrong: the reason instead, and the overall tier without it', () => {
    const result = computeMetrics(doraInput({ likelyMisconfigured: 'but workflow runs hold 3 deployments there' }));
    expect(result.metrics.deploymentFrequency).toMatchObject({
      deployments: 0,
      tier: null,
      reason: 'but workflow runs hold 3 deployments there',
    });
    expect(result.previous.deploymentFrequency.tier).toBeNull();
    expect(result.metrics.overallTier).toBeNull();
  });

  it('uses the benchmark year', () => {
    const deployments = Array.from({ length: 10 }, (_, i) => deployment(i, onDay(20, i), 'a'));
    expect(deploymentFrequencyOf(deployments, 10, 2023).tier).toBe('elite');
    expect(deploymentFrequencyOf(deployments, 10, 2022).tier).toBe('high');
  });
});

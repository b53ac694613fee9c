import { describe, expect, it } from 'vitest';
import { changeFailureRateTier, deploymentFrequencyTier, leadTimeTier, overallTier, recoveryTimeTier } from '../../src/dora/tiers.js';

const HOUR = 3_600;
const DAY = 86_400;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;

describe('tiers, benchmark 2023', () => {
  it('deployment frequency: elite at least 1 per day, high 1 per week, medium 1 per month (30 days)', () => {
    expect(deploymentFrequencyTier(30, 30, 2023)).toBe('elite');
    expect(deploymentFrequencyTier(29, 30, 2023)).toBe('high');
    expect(deploymentFrequencyTier(1, 7, 2023)).toBe('high');
    expect(deploymentFrequencyTier(4, 28, 2023)).toBe('high');
    expect(deploymentFrequencyTier(4, 29, 2023)).toBe('medium');
    expect(deploymentFrequencyTier(1, 30, 2023)).toBe('medium');
    expect(deploymentFrequencyTier(1, 31, 2023)).toBe('low');
  });

  it('zero deployments is a measurement: low', () => {
    expect(deploymentFrequencyTier(0, 30, 2023)).toBe('low');
  });

  it('lead time (median): elite < 1 day, high < 1 week, medium < 30 days', () => {
    expect(leadTimeTier(DAY - 1, 2023)).toBe('elite');
    expect(leadTimeTier(DAY, 2023)).toBe('high');
    expect(leadTimeTier(WEEK - 1, 2023)).toBe('high');
    expect(leadTimeTier(WEEK, 2023)).toBe('medium');
    expect(leadTimeTier(MONTH - 1, 2023)).toBe('medium');
    expect(leadTimeTier(MONTH, 2023)).toBe('low');
  });

  it('change failure rate: elite <= 5%, high <= 10%, medium <= 15%', () => {
    expect(changeFailureRateTier(0, 2023)).toBe('elite');
    expect(changeFailureRateTier(1 / 20, 2023)).toBe('elite');
    expect(changeFailureRateTier(0.0501, 2023)).toBe('high');
    expect(changeFailureRateTier(1 / 10, 2023)).toBe('high');
    expect(changeFailureRateTier(3 / 20, 2023)).toBe('medium');
    expect(changeFailureRateTier(0.1501, 2023)).toBe('low');
  });

  it('recovery time (median): elite < 1 hour, high < 1 day, medium < 1 week', () => {
    expect(recoveryTimeTier(HOUR - 1, 2023)).toBe('elite');
    expect(recoveryTimeTier(HOUR, 2023)).toBe('high');
    expect(recoveryTimeTier(DAY, 2023)).toBe('medium');
    expect(recoveryTimeTier(WEEK - 1, 2023)).toBe('medium');
    expect(recoveryTimeTier(WEEK, 2023)).toBe('low');
  });

  it('a metric without data has no tier', () => {
    expect(leadTimeTier(null, 2023)).toBeNull();
    expect(changeFailureRateTier(null, 2023)).toBeNull();
    expect(recoveryTimeTier(null, 2023)).toBeNull();
  });
});

describe('tiers, benchmark 2022 (no elite cluster)', () => {
  it('deployment frequency: high at least 1 per day, medium 1 per month', () => {
    expect(deploymentFrequencyTier(300, 30, 2022)).toBe('high');
    expect(deploymentFrequencyTier(30, 30, 2022)).toBe('high');
    expect(deploymentFrequencyTier(29, 30, 2022)).toBe('medium');
    expect(deploymentFrequencyTier(1, 30, 2022)).toBe('medium');
    expect(deploymentFrequencyTier(1, 31, 2022)).toBe('low');
  });

  it('lead time: high < 1 week, medium < 1 month', () => {
    expect(leadTimeTier(1, 2022)).toBe('high');
    expect(leadTimeTier(WEEK - 1, 2022)).toBe('high');
    expect(leadTimeTier(WEEK, 2022)).toBe('medium');
    expect(leadTimeTier(MONTH, 2022)).toBe('low');
  });

  it('change failure rate: high <= 15%, medium <= 30%', () => {
    expect(changeFailureRateTier(0, 2022)).toBe('high');
    expect(changeFailureRateTier(0.15, 2022)).toBe('high');
    expect(changeFailureRateTier(0.16, 2022)).toBe('medium');
    expect(changeFailureRateTier(0.3, 2022)).toBe('medium');
    expect(changeFailureRateTier(0.31, 2022)).toBe('low');
  });

  it('recovery time: high < 1 day, medium < 1 week', () => {
    expect(recoveryTimeTier(1, 2022)).toBe('high');
    expect(recoveryTimeTier(DAY, 2022)).toBe('medium');
    expect(recoveryTimeTier(WEEK, 2022)).toBe('low');
  });
});

describe('tiers, benchmark 2021', () => {
  it('deployment frequency: elite 1 per day, high 1 per month, medium 1 per 6 months (182 days)', () => {
    expect(deploymentFrequencyTier(30, 30, 2021)).toBe('elite');
    expect(deploymentFrequencyTier(1, 30, 2021)).toBe('high');
    expect(deploymentFrequencyTier(1, 31, 2021)).toBe('medium');
    expect(deploymentFrequencyTier(1, 182, 2021)).toBe('medium');
    expect(deploymentFrequencyTier(1, 183, 2021)).toBe('low');
  });

  it('lead time: elite < 1 hour, high < 1 week, medium < 6 months (182 days)', () => {
    expect(leadTimeTier(HOUR - 1, 2021)).toBe('elite');
    expect(leadTimeTier(HOUR, 2021)).toBe('high');
    expect(leadTimeTier(WEEK, 2021)).toBe('medium');
    expect(leadTimeTier(182 * DAY - 1, 2021)).toBe('medium');
    expect(leadTimeTier(182 * DAY, 2021)).toBe('low');
  });

  it('change failure rate: elite <= 15%, high <= 20%, medium <= 30%', () => {
    expect(changeFailureRateTier(0.15, 2021)).toBe('elite');
    expect(changeFailureRateTier(0.2, 2021)).toBe('high');
    expect(changeFailureRateTier(0.3, 2021)).toBe('medium');
    expect(changeFailureRateTier(0.31, 2021)).toBe('low');
  });

  it('recovery time: elite < 1 hour, high < 1 day, medium < 1 week', () => {
    expect(recoveryTimeTier(HOUR - 1, 2021)).toBe('elite');
    expect(recoveryTimeTier(HOUR, 2021)).toBe('high');
    expect(recoveryTimeTier(DAY, 2021)).toBe('medium');
    expect(recoveryTimeTier(WEEK, 2021)).toBe('low');
  });
});

describe('overall tier', () => {
  it('is the lowest tier among the metrics that have data', () => {
    expect(overallTier(['elite', 'high', null, 'medium'])).toBe('medium');
    expect(overallTier(['elite', null, null, 'elite'])).toBe('elite');
    expect(overallTier(['high', 'low', 'elite', 'elite'])).toBe('low');
  });

  it('is null when no metric has data', () => {
    expect(overallTier([null, null])).toBeNull();
  });
});

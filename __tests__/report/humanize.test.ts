import { describe, expect, it } from 'vitest';
import { humanizeDuration, humanizePerDay, humanizePoints, humanizeRate, humanizeRatio, humanizeTier } from '../../src/report/humanize.js';

describe('humanizeDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [12 * 60, '12m'],
    [90 * 60, '1h 30m'],
    [2 * 3600, '2h'],
    [2 * 3600 - 10, '2h'], // rounds to the minute before splitting: never "1h 60m"
    [33 * 3600, '1d 9h'],
    [130697, '1d 12h'],
    [12 * 86400, '12d'],
    [-90, '-2m'],
  ])('%d seconds is %s', (seconds, text) => {
    expect(humanizeDuration(seconds)).toBe(text);
  });
});

describe('humanizeRate and humanizePoints', () => {
  it('shows fractions as percentages with one decimal at most', () => {
    expect(humanizeRate(0.082)).toBe('8.2%');
    expect(humanizeRate(0.1)).toBe('10%');
    expect(humanizeRate(0)).toBe('0%');
    expect(humanizeRate(1)).toBe('100%');
    expect(humanizeRate(6 / 49)).toBe('12.2%');
  });

  it('shows differences of rates in signed percentage points', () => {
    expect(humanizePoints(0.015)).toBe('+1.5 pts');
    expect(humanizePoints(-0.1)).toBe('-10 pts');
    expect(humanizePoints(0.00001)).toBe('±0 pts');
  });

  it('shows relative changes as signed percentages', () => {
    expect(humanizeRatio(0.25)).toBe('+25%');
    expect(humanizeRatio(-0.054)).toBe('-5.4%');
    expect(humanizeRatio(18.5)).toBe('+1,850%');
  });
});

describe('humanizePerDay', () => {
  it('uses the unit that reads best', () => {
    expect(humanizePerDay(2.6)).toBe('2.6/day');
    expect(humanizePerDay(49 / 30)).toBe('1.6/day');
    expect(humanizePerDay(17 / 30)).toBe('4/week');
    expect(humanizePerDay(1 / 30)).toBe('1/month');
    expect(humanizePerDay(0)).toBe('0/day');
  });
});

describe('humanizeTier', () => {
  it('colours each tier and marks no data', () => {
    expect(humanizeTier('elite')).toBe('🟣 Elite');
    expect(humanizeTier('low')).toBe('🔴 Low');
    expect(humanizeTier(null)).toBe('⚪ n/a');
  });
});

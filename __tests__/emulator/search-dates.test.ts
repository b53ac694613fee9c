import { describe, expect, it } from 'vitest';
import { inRange, parseSearchDateRange } from './search-dates.js';

const t = (iso: string): number => Date.parse(iso);

describe('search date syntax (workflow runs `created`)', () => {
  it('a bare date is that whole UTC day', () => {
    const r = parseSearchDateRange('2026-01-02');
    expect(inRange(r, t('2026-01-02T00:00:00Z'))).toBe(true);
    expect(inRange(r, t('2026-01-02T23:59:59Z'))).toBe(true);
    expect(inRange(r, t('2026-01-03T00:00:00Z'))).toBe(false);
    expect(inRange(r, t('2026-01-01T23:59:59Z'))).toBe(false);
  });

  it('a date range includes both end days', () => {
    const r = parseSearchDateRange('2026-01-01..2026-02-01');
    expect(inRange(r, t('2026-01-01T00:00:00Z'))).toBe(true);
    expect(inRange(r, t('2026-02-01T23:59:59Z'))).toBe(true);
    expect(inRange(r, t('2026-02-02T00:00:00Z'))).toBe(false);
  });

  it('a date-time range includes both end seconds', () => {
    const r = parseSearchDateRange('2026-01-01T10:00:00Z..2026-01-01T11:00:00Z');
    expect(inRange(r, t('2026-01-01T10:00:00Z'))).toBe(true);
    expect(inRange(r, t('2026-01-01T11:00:00Z'))).toBe(true);
    expect(inRange(r, t('2026-01-01T11:00:01Z'))).toBe(false);
    expect(inRange(r, t('2026-01-01T09:59:59Z'))).toBe(false);
  });

  it('open ends use *', () => {
    expect(inRange(parseSearchDateRange('*..2026-01-01'), t('1999-01-01T00:00:00Z'))).toBe(true);
    expect(inRange(parseSearchDateRange('2026-01-01..*'), t('2099-01-01T00:00:00Z'))).toBe(true);
    expect(inRange(parseSearchDateRange('2026-01-01..*'), t('2025-12-31T23:59:59Z'))).toBe(false);
  });

  it('comparisons: > after the named day or second, >= from it, < before it, <= through it', () => {
    expect(inRange(parseSearchDateRange('>2026-01-01'), t('2026-01-01T23:00:00Z'))).toBe(false);
    expect(inRange(parseSearchDateRange('>2026-01-01'), t('2026-01-02T00:00:00Z'))).toBe(true);
    expect(inRange(parseSearchDateRange('>=2026-01-01T00:00:00Z'), t('2026-01-01T00:00:00Z'))).toBe(true);
    expect(inRange(parseSearchDateRange('>2026-01-01T00:00:00Z'), t('2026-01-01T00:00:00Z'))).toBe(false);
    expect(inRange(parseSearchDateRange('<2026-01-01'), t('2026-01-01T00:00:00Z'))).toBe(false);
    expect(inRange(parseSearchDateRange('<=2026-01-01'), t('2026-01-01T23:59:59Z'))).toBe(true);
    expect(inRange(parseSearchDateRange('<2026-01-01T12:00:00+02:00'), t('2026-01-01T09:59:59Z'))).toBe(true);
    expect(inRange(parseSearchDateRange('<2026-01-01T12:00:00+02:00'), t('2026-01-01T10:00:00Z'))).toBe(false);
  });

  it('rejects what GitHub would not parse', () => {
    for (const bad of ['yesterday', '2026-13-01', '2026-02-30', '2026-01-01..', '..2026-01-01', '>=', '2026/01/01']) {
      expect(() => parseSearchDateRange(bad), bad).toThrow();
    }
  });
});

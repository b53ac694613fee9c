/**
 * Numbers as a person reads them in the summary. The JSON keeps the exact values; these round.
 */
import type { Tier } from '../dora/model.js';
import { DAY_S, HOUR_S, MINUTE_S } from '../dora/units.js';

/** A duration in seconds, to two units at most: `45s`, `12m`, `1h 30m`, `1d 9h`, `12d`. */
export function humanizeDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return 'n/a';
  const sign = seconds < 0 ? '-' : '';
  const s = Math.abs(seconds);
  if (s < MINUTE_S) return `${sign}${Math.round(s)}s`;
  if (s < HOUR_S) return `${sign}${Math.round(s / MINUTE_S)}m`;
  if (s < DAY_S) {
    // Round to the minute first, so 1h 59m 50s reads "2h", not "1h 60m".
    const minutes = Math.round(s / MINUTE_S);
    return `${sign}${joinUnits(Math.floor(minutes / 60), 'h', minutes % 60, 'm')}`;
  }
  const hours = Math.round(s / HOUR_S);
  return `${sign}${joinUnits(Math.floor(hours / 24), 'd', hours % 24, 'h')}`;
}

function joinUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit} ${minor}${minorUnit}`;
}

/** A fraction as a percentage with at most one decimal: `0.082` is `8.2%`, `0.1` is `10%`. */
export function humanizeRate(fraction: number): string {
  return `${trimZero((fraction * 100).toFixed(1))}%`;
}

/** A difference of two fractions in percentage points, signed: `+1.5 pts`. */
export function humanizePoints(difference: number): string {
  const points = trimZero((Math.abs(difference) * 100).toFixed(1));
  return `${signOf(difference, points)}${points} pts`;
}

/** A relative change, signed: `0.25` is `+25%`. */
export function humanizeRatio(ratio: number): string {
  const pct = Math.abs(ratio * 100);
  const text = pct >= 10 ? Math.round(pct).toLocaleString('en-US') : trimZero(pct.toFixed(1));
  return `${signOf(ratio, text)}${text}%`;
}

function signOf(value: number, rounded: string): string {
  if (Number(rounded.replace(/,/g, '')) === 0) return '±';
  return value < 0 ? '-' : '+';
}

export type PerDayUnit = 'day' | 'week' | 'month';
const DAYS_PER: Record<PerDayUnit, number> = { day: 1, week: 7, month: 30 };

/** The unit a deployments-per-day number reads best in: `day` from one a day up, `week` down to one a week, `month` (30 days) below. */
export function perDayUnit(perDay: number): PerDayUnit {
  return perDay === 0 || perDay >= 1 ? 'day' : perDay * 7 >= 1 ? 'week' : 'month';
}

/**
 * Deployments per day in the unit that reads best (`2.6/day`, `3.5/week`, `2/month`), or in `unit`
 * (so that two numbers side by side share one: `0.57/day` next to `1.7/day`).
 */
export function humanizePerDay(perDay: number, unit: PerDayUnit = perDayUnit(perDay)): string {
  const n = perDay * DAYS_PER[unit];
  const text = n >= 100 ? Math.round(n).toLocaleString('en-US') : n < 1 ? trimZeros(n.toFixed(2)) : trimZero(n.toFixed(1));
  return `${text}/${unit}`;
}

/** `0.50` is `0.5`, `0.00` is `0`. */
function trimZeros(fixed: string): string {
  return fixed.replace(/\.?0+$/, '') || '0';
}

function trimZero(fixed: string): string {
  return fixed.endsWith('.0') ? fixed.slice(0, -2) : fixed;
}

/** An integer with thousands separators. */
export function humanizeCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `2026-05-31` from an ISO instant. */
export function isoDate(iso: string): string {
  return iso.slice(0, 10);
}

/** `2026-05-31 14:05` (UTC) from an ISO instant. */
export function isoMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

const TIER_BADGES: Record<Tier, string> = {
  elite: '🟣 Elite',
  high: '🟢 High',
  medium: '🟡 Medium',
  low: '🔴 Low',
};

/** A tier with its colour: `🟢 High`; `⚪ n/a` with no data. */
export function humanizeTier(tier: Tier | null): string {
  return tier === null ? '⚪ n/a' : TIER_BADGES[tier];
}

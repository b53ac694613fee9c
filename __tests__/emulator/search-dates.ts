/**
 * GitHub's search date syntax, as the workflow runs `created` filter takes it
 * (docs: "Understanding the search syntax", "Query for dates"):
 *   2026-01-01              that whole day
 *   2026-01-01..2026-02-01  both ends inclusive (a date end includes its whole day)
 *   *..2026-02-01, 2026-01-01..*
 *   >=x  >x  <=x  <x        x a date or a date-time
 * Dates without a time are whole UTC days; date-times without a zone are UTC.
 */

/** A half-open interval of epoch milliseconds: `from <= t < to`. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

const DAY = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

interface Point {
  /** First millisecond the value names. */
  readonly start: number;
  /** First millisecond after it: a date names a day, a date-time names one second. */
  readonly end: number;
}

function parsePoint(text: string): Point {
  const d = DATE.exec(text);
  if (d) {
    const start = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
    const back = new Date(start);
    // Date.UTC rolls 2026-13-01 into 2027; GitHub rejects it.
    if (Number.isNaN(start) || back.getUTCMonth() !== Number(d[2]) - 1 || back.getUTCDate() !== Number(d[3]))
      throw new Error(`"${text}" is not a valid date.`);
    return { start, end: start + DAY };
  }
  const t = DATE_TIME.exec(text);
  if (t) {
    const zone = t[8] ?? 'Z';
    const iso = `${t[1]}-${t[2]}-${t[3]}T${t[4]}:${t[5]}:${t[6] ?? '00'}${t[7] ?? ''}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
    const start = Date.parse(iso);
    if (Number.isNaN(start)) throw new Error(`"${text}" is not a valid date-time.`);
    return { start, end: start + (t[6] === undefined ? 60_000 : 1000) };
  }
  throw new Error(`"${text}" is not a date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM:SSZ).`);
}

export function parseSearchDateRange(text: string): TimeRange {
  const value = text.trim();
  const range = /^(.*?)\.\.(.*)$/.exec(value);
  if (range) {
    const [, lo = '', hi = ''] = range;
    if (lo === '' || hi === '') throw new Error(`"${text}" needs a value on both sides of ".." (use * for an open end).`);
    return {
      from: lo === '*' ? -Infinity : parsePoint(lo).start,
      to: hi === '*' ? Infinity : parsePoint(hi).end,
    };
  }
  const cmp = /^(>=|<=|>|<)(.+)$/.exec(value);
  if (cmp) {
    const point = parsePoint(cmp[2]!);
    switch (cmp[1]) {
      case '>=':
        return { from: point.start, to: Infinity };
      case '>':
        return { from: point.end, to: Infinity };
      case '<=':
        return { from: -Infinity, to: point.end };
      default:
        return { from: -Infinity, to: point.start };
    }
  }
  const point = parsePoint(value);
  return { from: point.start, to: point.end };
}

export const inRange = (range: TimeRange, ms: number): boolean => ms >= range.from && ms < range.to;

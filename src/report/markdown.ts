/**
 * Markdown pieces both job summaries are made of, the repository's (summary.ts) and the
 * organisation's (aggregate/summary.ts): blocks, tables, counted words, the metrics table, and the
 * cut to GitHub's step summary limit. One place, so that the two summaries say a number the same
 * way. Untrusted text goes through escape.ts before it reaches these.
 */
import { escapeMarkdown } from './escape.js';
import { METRICS } from '../dora/metrics.js';
import type { Tier } from '../dora/model.js';
import {
  humanizeCount,
  humanizeDuration,
  humanizePerDay,
  humanizePoints,
  humanizeRate,
  humanizeRatio,
  humanizeTier,
  perDayUnit,
} from './humanize.js';
import type { MetricKey, ReportDelta } from './schema.js';
import { capitalize } from '../text.js';

export { capitalize };

/** Markdown blocks, one blank line apart, empty ones dropped, ending in a newline. */
export function blocks(...parts: string[]): string {
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

/** A GitHub table; the cells are Markdown already (escaped where they hold untrusted text). */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** `1 deployment`, `3 deployments`; `—` for null (a withheld count is never shown as a number). */
export function countOf(n: number | null, one: string, many = `${one}s`): string {
  return n === null ? '—' : `${humanizeCount(n)} ${n === 1 ? one : many}`;
}

export function days(n: number): string {
  return countOf(n, 'day');
}

/** A count; `—` for null. */
export function count(n: number | null): string {
  return n === null ? '—' : humanizeCount(n);
}

/** Engine reasons as one escaped sentence. */
export function sentence(text: string | null): string {
  if (text === null || text.trim() === '') return 'no data.';
  const escaped = escapeMarkdown(text, 300);
  return /[.!?…]$/.test(escaped) ? escaped : `${escaped}.`;
}

/* ---- The metrics table both summaries open with ---- */

type Count = number | null;
interface Durations {
  readonly medianSeconds: number | null;
  readonly p90Seconds: number | null;
  readonly tier: Tier | null;
}
/** Only a repository's report withholds a metric (the data it needs could not be read), never deployment frequency. */
interface Withholdable {
  readonly withheld?: boolean;
}

/** The numbers the table shows: a repository report's metrics or the organisation's. */
export interface TableMetrics {
  readonly deploymentFrequency: Withholdable & {
    readonly perDay: number;
    readonly tier: Tier | null;
    readonly deployments: Count;
    readonly deploymentDays: Count;
  };
  readonly leadTime: Withholdable &
    Durations & { readonly changes: Count; readonly unmeasured: Count; readonly excluded: Count; readonly skipped: Count };
  readonly changeFailureRate: Withholdable & {
    readonly rate: number | null;
    readonly tier: Tier | null;
    readonly failedDeployments: Count;
    readonly deployments: Count;
    readonly failedRuns: Count;
  };
  readonly failedDeploymentRecoveryTime: Withholdable & Durations & { readonly recoveries: Count; readonly unrecovered: Count };
  readonly reworkRate: Withholdable & { readonly rate: number | null; readonly reworkDeployments: Count; readonly deployments: Count };
}

export interface MetricsTableOptions {
  /** The deployments are merged pull requests standing in (the `merges` source): the first row says so. */
  readonly proxy?: boolean;
  /** Words after each metric's n, e.g. ` from 3 repositories`; default none. */
  readonly scope?: (metric: MetricKey) => string;
  /**
   * Days of deployment history the previous window holds, when it holds less than a whole window
   * (the first deployment on record came after it began): each delta says so and calls no move
   * better or worse. Default: a whole window.
   */
  readonly previousHistoryDays?: number | null;
}

/**
 * The five metrics in one table: value, tier, n and the move against the previous window (the
 * window being `windowDays` long). A withheld metric shows no number anywhere in its row.
 */
export function metricsMarkdownTable(
  m: TableMetrics,
  d: Readonly<Record<MetricKey, ReportDelta>>,
  windowDays: number,
  opts: MetricsTableOptions = {},
): string {
  const scope = opts.scope ?? (() => '');
  const row = (
    key: MetricKey,
    format: (n: number) => string,
    cells: () => [value: string, tier: string, n: string],
    name = capitalize(METRICS[key].title),
  ) =>
    m[key].withheld
      ? [name, '—', 'not computed', '—', '—']
      : [name, ...cells(), deltaCell(d[key], format, opts.previousHistoryDays ?? null)];
  const { deploymentFrequency: df, leadTime: lt, changeFailureRate: cfr, failedDeploymentRecoveryTime: fdrt, reworkRate: rw } = m;
  const rows = [
    row(
      'deploymentFrequency',
      // The value before in the unit of the value now: "from 0.57/day" next to "1.7/day", never "from 4/week".
      (n) => humanizePerDay(n, perDayUnit(df.perDay)),
      () => [
        humanizePerDay(df.perDay),
        humanizeTier(df.tier),
        `${countOf(df.deployments, 'deployment')} on ${countOf(df.deploymentDays, 'day')}${scope('deploymentFrequency')}`,
      ],
      opts.proxy ? `${capitalize(METRICS.deploymentFrequency.title)} (merges as proxy)` : undefined,
    ),
    row('leadTime', humanizeDuration, () => [
      durationValue(lt.medianSeconds, lt.p90Seconds),
      humanizeTier(lt.tier),
      `${countOf(lt.changes, 'change')}${scope('leadTime')}${leadTimeNote(lt)}`,
    ]),
    row('changeFailureRate', humanizeRate, () => [
      rateValue(cfr.rate),
      humanizeTier(cfr.tier),
      `${failedOf(cfr)}${scope('changeFailureRate')}`,
    ]),
    row('failedDeploymentRecoveryTime', humanizeDuration, () => [
      durationValue(fdrt.medianSeconds, fdrt.p90Seconds),
      humanizeTier(fdrt.tier),
      `${countOf(fdrt.recoveries, 'recovery', 'recoveries')}${scope('failedDeploymentRecoveryTime')}` +
        (positive(fdrt.unrecovered) ? ` (${humanizeCount(fdrt.unrecovered)} unrecovered)` : ''),
    ]),
    row('reworkRate', humanizeRate, () => [
      rateValue(rw.rate),
      'no DORA tiers',
      `${count(rw.reworkDeployments)} of ${countOf(rw.deployments, 'deployment')}${scope('reworkRate')}`,
    ]),
  ];
  return markdownTable(['Metric', 'Value', 'Tier', 'n', `vs previous ${days(windowDays)}`], rows);
}

/**
 * `7 of 50 deployments`; with failed deploy runs, which join both counts (docs/metrics.md "The
 * rate"), `31 of 244 deployments and failed runs (12 failed runs)`, so that it never reads as a
 * count of deployments beside the frequency's.
 */
export function failedOf(cfr: { readonly failedDeployments: Count; readonly deployments: Count; readonly failedRuns: Count }): string {
  if (!positive(cfr.failedRuns)) return `${count(cfr.failedDeployments)} of ${countOf(cfr.deployments, 'deployment')}`;
  return `${count(cfr.failedDeployments)} of ${count(cfr.deployments)} deployments and failed runs (${countOf(cfr.failedRuns, 'failed run')})`;
}

/** A median duration, its p90 beside it. */
function durationValue(median: number | null, p90: number | null): string {
  if (median === null) return 'no data';
  return p90 === null ? humanizeDuration(median) : `${humanizeDuration(median)} (p90 ${humanizeDuration(p90)})`;
}

function rateValue(rate: number | null): string {
  return rate === null ? 'no data' : humanizeRate(rate);
}

/** The changes lead time leaves out, ` (2 unmeasured, 1 skipped)`; '' when none. */
function leadTimeNote(lt: { readonly unmeasured: Count; readonly excluded: Count; readonly skipped: Count }): string {
  const notes = [
    positive(lt.unmeasured) ? `${humanizeCount(lt.unmeasured)} unmeasured` : '',
    positive(lt.excluded) ? `${humanizeCount(lt.excluded)} excluded` : '',
    positive(lt.skipped) ? `${humanizeCount(lt.skipped)} skipped` : '',
  ].filter((s) => s !== '');
  return notes.length > 0 ? ` (${notes.join(', ')})` : '';
}

/**
 * The move against the previous window: arrow, amount, the value before, better or worse ("worse"
 * stands out, "better" does not). With `historyDays` (the previous window holds only that much
 * history) it says so instead of judging the move.
 */
function deltaCell(d: ReportDelta, format: (n: number) => string, historyDays: number | null): string {
  if (historyDays !== null && historyDays <= 0) return 'no history before';
  // The note under the table says how many days: the cell stays short enough not to wrap.
  const partial = historyDays !== null;
  if (d.current === null && d.previous === null) return '—';
  if (d.previous === null) return 'no data before';
  const was = format(d.previous);
  if (d.current === null || d.difference === null) return `no data now (was ${was})`;
  if (d.difference === 0) return `→ unchanged (${was}${partial ? ', partial window' : ''})`;
  const arrow = d.difference > 0 ? '↑' : '↓';
  const amount = d.unit === 'fraction' ? `${humanizePoints(d.difference)} ` : d.ratio !== null ? `${humanizeRatio(d.ratio)} ` : '';
  return partial
    ? `${arrow} ${amount}from ${was} (partial window)`
    : `${arrow} ${amount}from ${was}, ${d.trend === 'better' ? 'better' : '**worse**'}`;
}

export function positive(n: number | null): n is number {
  return n !== null && n > 0;
}

/* ---- The step summary limit ---- */

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The longest prefix within `maxBytes` that ends on a character boundary, then a note that says
 * where the rest is (`fullData`, e.g. "the full lists are in the … artifact (JSON)") when room allows.
 */
export function cutToBytes(text: string, maxBytes: number, fullData: string): string {
  if (byteLength(text) <= maxBytes) return text;
  const note = `\n\n…cut to fit the job summary limit; ${fullData}.\n`;
  const budget = maxBytes - byteLength(note);
  return budget > 0 ? prefixBytes(text, budget) + note : prefixBytes(text, Math.max(0, maxBytes));
}

function prefixBytes(text: string, n: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= n) return text;
  let end = n;
  // Step back over UTF-8 continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

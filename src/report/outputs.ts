/**
 * Step outputs: numbers, enums and text this action writes itself. Workflows interpolate outputs
 * into `run:` scripts, so no text anyone can write (titles, labels, branch names) may reach them.
 * `report-path` is added by the caller, which knows where the JSON was written.
 *
 * Each metric has its headline number, rounded for scripts (the JSON report keeps it exact), and
 * the same number as the job summary writes it, for people; `summary-line` puts the headlines in
 * one sentence for a chat message or a comment.
 */
import { headlineOf, METRIC_OUTPUT_NAMES, METRIC_SPECS, type MetricKey, type MetricOutputName, type MetricUnit } from '../dora/metrics.js';
import type { Tier } from '../dora/model.js';
import { capitalize, plural } from '../text.js';
import { humanizeDuration, humanizePerDay, humanizeRate, isoDate } from './humanize.js';
import type { Report } from './schema.js';

export const OUTPUT_NAMES = [...METRIC_OUTPUT_NAMES, 'overall-tier', 'deployment-source', 'complete', 'alerts', 'summary-line'] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

/** A number or enum as an output value; null (no data) is the empty string. */
export const outputValue = (v: number | string | boolean | null): string => (v === null ? '' : String(v));

/**
 * How a headline number in each unit is given: rounded to `decimals` in the number output (rates
 * to 4 decimals, deployments per day to 2, seconds to whole seconds); in the readable output as the
 * summary writes it (`deployment-frequency-text` `2.2/day`, `lead-time` `1d 15h`), a rate as a
 * percentage number (`change-failure-rate-percent` `21.5`); and as `text` in the summary line (`21.5%`).
 */
const OUTPUT_FORMS: Readonly<
  Record<MetricUnit, { readonly decimals: number; readonly readable: (n: number) => string; readonly text: (n: number) => string }>
> = {
  perDay: { decimals: 2, readable: humanizePerDay, text: humanizePerDay },
  seconds: { decimals: 0, readable: humanizeDuration, text: humanizeDuration },
  fraction: { decimals: 4, readable: (n) => humanizeRate(n).replace(/%$/, ''), text: humanizeRate },
};

/** `n` rounded to `decimals`, as a plain number: `2.17`, `0.1224`, `140122`, never `2.10` or `-0`. */
export const roundedOutput = (n: number, decimals: number): string => String(Number(n.toFixed(decimals)) + 0);

/** What the metric outputs read: a report's metrics or a roll-up's (which has no withheld flags). */
type OutputSource = {
  readonly [K in MetricKey]: { readonly withheld?: boolean; readonly tier?: Tier | null; readonly deployments?: number | null };
} & { readonly overallTier: Tier | null };

/** A metric's headline number for the outputs: null with no data, and when withheld. */
const shownHeadline = (m: OutputSource, key: MetricKey): number | null => (m[key].withheld ? null : headlineOf(m, key));

/**
 * The metrics' outputs, named by the registry: the headline number, the same as text, the tier,
 * and the count of deployments. A withheld metric's are empty, like no data: `complete` is then false.
 */
export function metricOutputs(m: OutputSource): Record<MetricOutputName, string> {
  const outputs: [MetricOutputName, string][] = [];
  for (const { key, unit, outputs: names } of METRIC_SPECS) {
    const metric = m[key];
    const unlessWithheld = (v: number | string | null | undefined): string => (metric.withheld ? '' : outputValue(v ?? null));
    const headline = shownHeadline(m, key);
    const form = OUTPUT_FORMS[unit];
    outputs.push([names.value, headline === null ? '' : roundedOutput(headline, form.decimals)]);
    outputs.push([names.text, headline === null ? '' : form.readable(headline)]);
    if (names.tier !== null) outputs.push([names.tier, unlessWithheld(metric.tier)]);
    if (names.count !== null) outputs.push([names.count, unlessWithheld(metric.deployments)]);
  }
  return Object.fromEntries(outputs) as Record<MetricOutputName, string>;
}

/**
 * What `summary-line` may hold. It is meant for `run:` scripts and chat messages, so it keeps to
 * characters no shell (bash, sh, PowerShell) treats specially inside double quotes.
 */
const UNSAFE_IN_LINE = /[^A-Za-z0-9 _.,:/%()-]/g;

/** `owner/name` (or an owner) as GitHub allows it, [A-Za-z0-9._-]: anything else is dropped. */
export const safeRepositoryName = (name: string): string => name.replace(/[^A-Za-z0-9_./-]/g, '');

/**
 * One sentence with the headline numbers, for a Slack message or a pull request comment:
 * `acme/shop, 30 days to 2026-06-01: deployment frequency 2.2/day (Elite), lead time 1d 15h (High),
 * change failure rate 21.5% (Low), recovery time 2h 5m (High), rework rate 12%, overall Low.`
 * A metric with no data says so, a withheld one says `not computed`, and an incomplete read ends
 * in `data incomplete`.
 */
export function summaryLine(
  subject: string,
  window: { readonly end: string; readonly days: number },
  metrics: OutputSource,
  complete: boolean,
): string {
  const phrases = METRIC_SPECS.map(({ key, name, unit, tiered }) => {
    if (metrics[key].withheld) return `${name} not computed`;
    const headline = headlineOf(metrics, key);
    if (headline === null) return `${name} no data`;
    const tier = metrics[key].tier ?? null;
    return `${name} ${OUTPUT_FORMS[unit].text(headline)}${tiered ? ` (${tier === null ? 'no tier' : capitalize(tier)})` : ''}`;
  });
  const overall = metrics.overallTier === null ? 'no overall tier' : `overall ${capitalize(metrics.overallTier)}`;
  const line = `${subject}, ${plural(window.days, 'day')} to ${isoDate(window.end)}: ${phrases.join(', ')}, ${overall}${complete ? '' : ', data incomplete'}.`;
  return line.replace(UNSAFE_IN_LINE, '');
}

export function reportOutputs(report: Report): Record<OutputName, string> {
  return {
    ...metricOutputs(report.metrics),
    'overall-tier': outputValue(report.metrics.overallTier),
    'deployment-source': outputValue(report.deploymentSource.name),
    alerts: outputValue(report.alerts?.length ?? 0),
    complete: outputValue(report.complete),
    'summary-line': summaryLine(safeRepositoryName(report.repository) || 'repository', report.window, report.metrics, report.complete),
  };
}

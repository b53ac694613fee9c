/**
 * Weekly trend charts for the summary: one mermaid `xychart-beta` block per metric that has data,
 * which GitHub renders in Markdown. Everything in a chart is the action's own text (fixed titles,
 * dates, numbers, colours): no pull request title or label can reach mermaid's parser.
 *
 * Each chart shows the whole weeks of the previous window and of this one on one x-axis, the
 * previous window's bars grey and this window's blue (chart-weeks.ts says which weeks are drawn and
 * why a short last week is not). Mermaid draws no gaps: deployments are never missing (zero is a
 * measurement), so every week has a bar; a week with no lead time, rate or recovery is left off its
 * chart's axis rather than drawn as 0 (a lead time of 0 would read as elite), and the caption names it.
 */
import { DAY_S, HOUR_S, MINUTE_S, WEEK_S } from '../dora/units.js';
import { type ChartWeek, type ChartWeeks, chartWeeks, type WindowName } from './chart-weeks.js';
import type { Report } from './schema.js';
import { capitalize } from '../text.js';

const FENCE = '```';

/**
 * The charts' colours, set explicitly: mermaid's default theme draws pale lavender bars, and GitHub
 * renders mermaid with its own light or dark theme. The chart carries its own white background, so
 * it reads the same in both; the two bar colours have a contrast of at least 3:1 on white and on
 * GitHub's dark #0d1117, and differ in lightness as well as hue.
 */
export const CHART_COLOURS = {
  /** The previous window's bars: muted grey. */
  previous: '#8c959f',
  /** This window's bars: GitHub's blue. */
  current: '#0969da',
  background: '#ffffff',
  text: '#1f2328',
  axis: '#59636e',
} as const;

/** A chart's width in pixels: wide enough for a `06-01` label per week, up to a cap (GitHub scales it down to the page). */
const chartWidth = (weeks: number): number => Math.min(1400, Math.max(700, 100 + 34 * weeks));

/**
 * The mermaid init directive: theme `base` with the xychart theme variables set (mermaid 11's
 * `themeVariables.xyChart`). Bars take the palette's colours in the order of the `bar` lines.
 */
function themeDirective(weeks: number): string {
  const { previous, current, background, text, axis } = CHART_COLOURS;
  const init = {
    theme: 'base',
    xyChart: { width: chartWidth(weeks), height: 400, xAxis: { labelFontSize: 12 } },
    themeVariables: {
      xyChart: {
        backgroundColor: background,
        titleColor: text,
        xAxisTitleColor: text,
        xAxisLabelColor: text,
        xAxisTickColor: axis,
        xAxisLineColor: axis,
        yAxisTitleColor: text,
        yAxisLabelColor: text,
        yAxisTickColor: axis,
        yAxisLineColor: axis,
        plotColorPalette: `${previous}, ${current}, ${background}`,
      },
    },
  };
  return `%%{init: ${JSON.stringify(init)}}%%`;
}

/** A number as mermaid's grammar reads it: no exponent, at most one decimal. */
function chartNumber(n: number): string {
  const fixed = n.toFixed(1);
  return fixed.endsWith('.0') ? fixed.slice(0, -2) : fixed;
}

/**
 * The y-axis top: the next round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten)
 * at or above the largest value, so the bars fill most of the chart.
 */
function axisTop(max: number): number {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (step * magnitude >= max) return step * magnitude;
  }
  return 10 * magnitude;
}

/** `the week of 05-02`, `the weeks of 05-02, 05-09`, or `9 weeks` when a list would be long. */
function weeksList(labels: readonly string[]): string {
  if (labels.length === 1) return `the week of ${labels[0]}`;
  return labels.length > 6 ? `${labels.length} weeks` : `the weeks of ${labels.join(', ')}`;
}

/** `the weeks of 05-02 to 05-23` (or `the week of 05-02`). */
function weeksSpan(weeks: readonly ChartWeek[]): string {
  const first = weeks[0] as ChartWeek;
  const last = weeks.at(-1) as ChartWeek;
  return weeks.length === 1 ? `the week of ${first.label}` : `the weeks of ${first.label} to ${last.label}`;
}

interface Bars {
  readonly title: string;
  readonly yTitle: string;
  readonly points: readonly { readonly week: ChartWeek; readonly value: number }[];
  readonly top: number;
}

/**
 * One chart: a bar series per window on one x-axis of all the weeks drawn, each 0 in the other
 * window's weeks. Mermaid draws a bar of 0 as a stub below the zero line (the axis's padding), so a
 * last series of zeros in the background colour covers every stub: each week shows one bar, from the
 * zero line, in its window's colour.
 */
function barChart(bars: Bars): string {
  const labels = bars.points.map((p) => `"${p.week.label}"`).join(', ');
  const series = (window: WindowName): string => bars.points.map((p) => (p.week.window === window ? chartNumber(p.value) : '0')).join(', ');
  return [
    `${FENCE}mermaid`,
    themeDirective(bars.points.length),
    'xychart-beta',
    `  title "${bars.title}"`,
    `  x-axis "Week starting (UTC)" [${labels}]`,
    `  y-axis "${bars.yTitle}" 0 --> ${chartNumber(bars.top)}`,
    `  bar [${series('previous')}]`,
    `  bar [${series('current')}]`,
    `  bar [${bars.points.map(() => '0').join(', ')}]`,
    FENCE,
  ].join('\n');
}

/** Minutes, hours or days, by the largest value, so the bars are neither all 0.0 nor in the thousands. */
function durationUnit(maxSeconds: number): { readonly name: string; readonly seconds: number } {
  if (maxSeconds < 2 * HOUR_S) return { name: 'minutes', seconds: MINUTE_S };
  if (maxSeconds < WEEK_S) return { name: 'hours', seconds: HOUR_S };
  return { name: 'days', seconds: DAY_S };
}

interface WeeklyMetric {
  /** `Median lead time per week`: the chart's title and the start of its sentence when it has none. */
  readonly name: string;
  readonly kind: 'duration' | 'rate';
  readonly pick: (week: ChartWeek) => number | null;
  /** Why it has no chart when it is withheld; null when it is not. */
  readonly withheld: string | null;
  /** Why it has no chart when no week has a value. */
  readonly none: string;
  /** What the chart shows, given its unit. */
  readonly caption: (unit: string) => string;
  /** The weeks left off the axis, in a sentence. */
  readonly gaps: (weeks: string) => string;
}

function metricChart(metric: WeeklyMetric, weeks: readonly ChartWeek[]): string {
  if (metric.withheld !== null) return `${metric.name}: ${metric.withheld}.`;
  const points = weeks.flatMap((week) => {
    const value = metric.pick(week);
    return value === null ? [] : [{ week, value }];
  });
  if (points.length === 0) return `${metric.name}: ${metric.none}.`;
  const gaps = weeks.filter((w) => metric.pick(w) === null).map((w) => w.label);
  const max = Math.max(...points.map((p) => p.value));
  const unit = metric.kind === 'rate' ? { name: '%', seconds: 0 } : durationUnit(max);
  const scaled = points.map((p) => ({ week: p.week, value: metric.kind === 'rate' ? p.value * 100 : p.value / unit.seconds }));
  const top = metric.kind === 'rate' ? Math.min(100, axisTop(max * 100)) : axisTop(max / unit.seconds);
  const chart = barChart({
    title: `${metric.name} (${unit.name})`,
    yTitle: metric.kind === 'rate' ? 'Percent' : capitalize(unit.name),
    points: scaled,
    top,
  });
  // A 0% week draws no bar, like a week left off: the caption tells them apart.
  const zero = metric.kind === 'rate' ? points.filter((p) => p.value === 0).map((p) => p.week.label) : [];
  return (
    `${chart}\n${metric.caption(metric.kind === 'rate' ? '%' : unit.name)}` +
    (zero.length > 0 ? ` 0% in ${weeksList(zero)}.` : '') +
    (gaps.length > 0 ? ` ${metric.gaps(weeksList(gaps))}` : '')
  );
}

function deploymentsChart(weeks: readonly ChartWeek[]): string {
  const zero = weeks.filter((w) => w.deployments === 0).map((w) => w.label);
  const chart = barChart({
    title: 'Deployments per week',
    yTitle: 'Deployments',
    points: weeks.map((week) => ({ week, value: week.deployments })),
    top: axisTop(Math.max(...weeks.map((w) => w.deployments))),
  });
  return `${chart}\nDeployments completed each week.${zero.length > 0 ? ` No deployment in ${weeksList(zero)}.` : ''}`;
}

/** Which weeks are which window, and what became of the short last weeks. */
function legend({ weeks, short }: ChartWeeks): string {
  const previous = weeks.filter((w) => w.window === 'previous');
  const current = weeks.filter((w) => w.window === 'current');
  const text = [
    previous.length === 0
      ? `Whole weeks of 7 days from the window's start, in blue (${weeksSpan(current)}).`
      : `Whole weeks of 7 days from each window's start: the previous window's weeks first, in grey (${weeksSpan(previous)}), ` +
        `then this window's, in blue (${weeksSpan(current)}).`,
  ];
  if (short.length > 0) {
    const days = chartNumber((short[0] as (typeof short)[number]).days);
    text.push(
      `The last ${days} ${days === '1' ? 'day' : 'days'} of each window (from ${short.map((s) => s.label).join(' and from ')}) ` +
        'are not a whole week: they are left out of the charts, not drawn as a short week that would read as a drop, ' +
        'and they count in the table above.',
    );
  }
  return text.join(' ');
}

/**
 * The trend charts of both windows' weeks, each followed by its caption, after a line saying which
 * weeks are which window; empty when the report has no trends.
 */
export function trendCharts(report: Report): string {
  if ((report.trends?.weekly.length ?? 0) === 0) return '';
  const all = chartWeeks(report);
  // Weeks wholly before the first deployment on record hold no history: not drawn as weeks of nothing.
  const historyFrom = report.previousWindow.historyFrom === null ? null : Date.parse(report.previousWindow.historyFrom);
  const before = historyFrom === null ? [] : all.weeks.filter((w) => w.start + WEEK_S * 1000 <= historyFrom);
  const drawn = { ...all, weeks: all.weeks.filter((w) => !before.includes(w)) };
  const { weeks } = drawn;
  if (weeks.length === 0) return 'The window is shorter than a week: no weekly chart.';
  // With no deployment no metric has a week to draw: one line rather than five.
  if (weeks.every((w) => w.deployments === 0)) return 'No deployment in any whole week of either window: no chart.';
  const m = report.metrics;
  const failedRunsNote =
    report.deploymentSource.name === 'workflow' && report.config.failureSignals.includes('failed-run')
      ? ' Failed deploy runs are not counted in the weekly rates.'
      : '';
  const metrics: WeeklyMetric[] = [
    {
      name: 'Median lead time per week',
      kind: 'duration',
      pick: (w) => w.medianLeadTimeSeconds,
      withheld: m.leadTime.withheld ? 'withheld, like the lead time above' : null,
      none: 'no change was measured in any week',
      caption: (unit) => `Median lead time of the changes deployed each week, in ${unit}.`,
      gaps: (list) => `No change was measured in ${list}, left off the chart.`,
    },
    {
      name: 'Change failure rate per week',
      kind: 'rate',
      pick: (w) => w.failureRate,
      withheld: m.changeFailureRate.withheld ? 'withheld, like the change failure rate above' : null,
      none: 'no deployment in any week',
      caption: () => `Failed deployments / deployments each week, in %.${failedRunsNote}`,
      gaps: (list) => `No deployment (no rate) in ${list}, left off the chart.`,
    },
    {
      name: 'Median recovery time per week',
      kind: 'duration',
      pick: (w) => w.medianRecoverySeconds,
      withheld: m.failedDeploymentRecoveryTime.withheld
        ? 'withheld, like the recovery time above'
        : m.changeFailureRate.withheld
          ? 'withheld with the change failure rate: the failures could not be read'
          : null,
      none: 'no failed deployment was recovered in any week',
      caption: (unit) =>
        `Median time from a failed deployment to its remediation, in the week of the failure, in ${unit}; failures not recovered are left out.`,
      gaps: (list) => `No failure was recovered in ${list}, left off the chart.`,
    },
    {
      name: 'Rework rate per week',
      kind: 'rate',
      pick: (w) => w.reworkRate,
      withheld: m.reworkRate.withheld ? 'withheld, like the rework rate above' : null,
      none: 'no deployment in any week',
      caption: () => 'Rework deployments (hotfix, revert or rollback) / deployments each week, in %.',
      gaps: (list) => `No deployment (no rate) in ${list}, left off the chart.`,
    },
  ];
  const noHistory =
    before.length === 0
      ? ''
      : ` ${capitalize(weeksList(before.map((w) => w.label)))} came before the first deployment on record: left out.`;
  return [`${legend(drawn)}${noHistory}`, deploymentsChart(weeks), ...metrics.map((metric) => metricChart(metric, weeks))].join('\n\n');
}

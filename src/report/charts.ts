/**
 * Weekly trend charts for the summary: one mermaid `xychart-beta` block per metric, which GitHub
 * renders in Markdown. Everything in a chart is the action's own text (fixed titles, dates, numbers):
 * no pull request title or label can reach mermaid's parser.
 *
 * Mermaid draws no gaps. Deployments are never missing (zero is a measurement), so the bars are
 * complete; a week with no lead time or no failure rate is left off the line chart's axis rather than
 * drawn as 0 (a lead time of 0 would read as elite), and the caption under the chart names it.
 */
import type { Report, ReportWeeklyPoint } from './schema.js';

const FENCE = '```';

/** `06-01` from an ISO instant: the week's start date, UTC. */
const weekLabel = (iso: string): string => iso.slice(5, 10);

/** A number as mermaid's grammar reads it: no exponent, at most one decimal. */
function chartNumber(n: number): string {
  const fixed = n.toFixed(1);
  return fixed.endsWith('.0') ? fixed.slice(0, -2) : fixed;
}

/** The y-axis top: the next 1, 2 or 5 times a power of ten at or above the largest value. */
function axisTop(max: number): number {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= max) return step * magnitude;
  }
  return 10 * magnitude;
}

function weeksList(labels: readonly string[]): string {
  return labels.length === 1 ? `the week of ${labels[0]}` : `the weeks of ${labels.join(', ')}`;
}

interface Series {
  readonly title: string;
  readonly yTitle: string;
  readonly kind: 'bar' | 'line';
  readonly points: readonly { readonly label: string; readonly value: number }[];
  readonly top: number;
}

function chart(series: Series): string {
  const labels = series.points.map((p) => `"${p.label}"`).join(', ');
  const values = series.points.map((p) => chartNumber(p.value)).join(', ');
  return [
    `${FENCE}mermaid`,
    'xychart-beta',
    `  title "${series.title}"`,
    `  x-axis "Week starting (UTC)" [${labels}]`,
    `  y-axis "${series.yTitle}" 0 --> ${chartNumber(series.top)}`,
    `  ${series.kind} [${values}]`,
    FENCE,
  ].join('\n');
}

/** The weeks whose value is null, and the points of the others. */
function split(
  weekly: readonly ReportWeeklyPoint[],
  pick: (p: ReportWeeklyPoint) => number | null,
): { points: { label: string; value: number }[]; empty: string[] } {
  const points: { label: string; value: number }[] = [];
  const empty: string[] = [];
  for (const week of weekly) {
    const value = pick(week);
    if (value === null) empty.push(weekLabel(week.start));
    else points.push({ label: weekLabel(week.start), value });
  }
  return { points, empty };
}

/**
 * The trend charts of the report's weekly buckets, each followed by its caption; empty when the
 * report has no trends.
 */
export function trendCharts(report: Report): string {
  const weekly = report.trends?.weekly ?? [];
  if (weekly.length === 0) return '';
  const last = weekly.at(-1) as ReportWeeklyPoint;
  const shortWeek = last.days < 7 ? ` The last week, from ${weekLabel(last.start)}, has ${chartNumber(last.days)} days.` : '';
  const blocks: string[] = [];

  // Deployments: a count, never missing, so every week has a bar (0 included).
  const deployments = weekly.map((w) => ({ label: weekLabel(w.start), value: w.deployments }));
  const noDeployment = weekly.filter((w) => w.deployments === 0).map((w) => weekLabel(w.start));
  blocks.push(
    `${chart({
      title: 'Deployments per week',
      yTitle: 'Deployments',
      kind: 'bar',
      points: deployments,
      top: axisTop(Math.max(...deployments.map((p) => p.value))),
    })}\n` +
      `Deployments completed each week.${noDeployment.length > 0 ? ` No deployment in ${weeksList(noDeployment)}.` : ''}${shortWeek}`,
  );

  const leadTime = split(weekly, (w) => (w.medianLeadTimeSeconds === null ? null : w.medianLeadTimeSeconds / 3600));
  if (report.metrics.leadTime.withheld) {
    blocks.push('Median lead time per week: withheld, like the lead time above.');
  } else if (leadTime.points.length === 0) {
    blocks.push('Median lead time per week: no change was measured in any week.');
  } else {
    blocks.push(
      `${chart({
        title: 'Median lead time per week (hours)',
        yTitle: 'Hours',
        kind: 'line',
        points: leadTime.points,
        top: axisTop(Math.max(...leadTime.points.map((p) => p.value))),
      })}\n` +
        'Median lead time of the changes deployed each week, in hours.' +
        (leadTime.empty.length > 0 ? ` No change was measured in ${weeksList(leadTime.empty)}, left off the chart.` : '') +
        shortWeek,
    );
  }

  const failureRate = split(weekly, (w) => (w.failureRate === null ? null : w.failureRate * 100));
  const failedRunsNote =
    report.deploymentSource.name === 'workflow' && report.config.failureSignals.includes('failed-run')
      ? ' Failed deploy runs are not counted in the weekly rates.'
      : '';
  if (report.metrics.changeFailureRate.withheld) {
    blocks.push('Failure rate per week: withheld, like the change failure rate above.');
  } else if (failureRate.points.length === 0) {
    blocks.push('Failure rate per week: no deployment in any week.');
  } else {
    blocks.push(
      `${chart({
        title: 'Failure rate per week (%)',
        yTitle: 'Percent',
        kind: 'line',
        points: failureRate.points,
        top: Math.min(100, axisTop(Math.max(...failureRate.points.map((p) => p.value)))),
      })}\n` +
        'Failed deployments / deployments each week, in %.' +
        (failureRate.empty.length > 0 ? ` No deployment (no rate) in ${weeksList(failureRate.empty)}, left off the chart.` : '') +
        failedRunsNote +
        shortWeek,
    );
  }
  return blocks.join('\n\n');
}

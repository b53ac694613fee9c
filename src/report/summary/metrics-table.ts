/** The five metrics in one table (markdown.ts, shared with the organisation's summary), then the legend. */
import { DAY_MS } from '../../dora/units.js';
import { humanizeTier, isoMinute } from '../humanize.js';
import { days, metricsMarkdownTable as table } from '../markdown.js';
import type { Report } from '../schema.js';
import { withheldInReport } from './pieces.js';

/**
 * Days of deployment history the previous window holds when it holds less than a whole window (its
 * first deployment on record came after it began; 0 when that was in this window); null otherwise.
 */
export function previousHistoryDays(r: Report): number | null {
  const from = r.previousWindow.historyFrom;
  if (from === null) return null;
  return Math.max(0, (Date.parse(r.previousWindow.end) - Date.parse(from)) / DAY_MS);
}

export function metricsTable(r: Report): string {
  const previousOverall = r.previous.overallTier === null ? 'no data' : humanizeTier(r.previous.overallTier);
  const anyWithheld = withheldInReport(r).length > 0;
  const historyDays = previousHistoryDays(r);
  const legend =
    'Higher is better for deployment frequency, lower for the other four; ↑ and ↓ say how the value moved. ' +
    `Durations are medians. The overall tier is the lowest of the metrics with data` +
    (anyWithheld ? ', leaving out those not computed' : '') +
    ` (previous window: ${previousOverall}).` +
    (anyWithheld ? ' A metric is not computed, in either window, when the data it needs could not be read (see the warning above).' : '');
  return [
    table(r.metrics, r.deltas, r.window.days, { proxy: r.deploymentSource.proxy, previousHistoryDays: historyDays }),
    legend,
    historyDays === null ? '' : partialHistoryNote(r, historyDays),
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

/** Why no move is judged: the previous window holds less than a whole window of history. */
function partialHistoryNote(r: Report, historyDays: number): string {
  const first = `the first deployment on record completed ${isoMinute(r.previousWindow.historyFrom as string)} UTC`;
  const held =
    historyDays <= 0
      ? `The previous ${days(r.window.days)} hold no deployment history (${first}, in this window)`
      : `The previous ${days(r.window.days)} hold only ${days(Math.max(1, Math.round(historyDays)))} of deployment history (${first})`;
  return `> [!NOTE]\n> ${held}, so no move is called better or worse.`;
}

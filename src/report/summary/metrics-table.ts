/** The five metrics in one table (markdown.ts, shared with the organisation's summary), then the legend. */
import { humanizeTier } from '../humanize.js';
import { metricsMarkdownTable as table } from '../markdown.js';
import type { Report } from '../schema.js';
import { withheldInReport } from './pieces.js';

export function metricsTable(r: Report): string {
  const previousOverall = r.previous.overallTier === null ? 'no data' : humanizeTier(r.previous.overallTier);
  const anyWithheld = withheldInReport(r).length > 0;
  const legend =
    'Higher is better for deployment frequency, lower for the other four; ↑ and ↓ say how the value moved. ' +
    `Durations are medians. The overall tier is the lowest of the metrics with data` +
    (anyWithheld ? ', leaving out those not computed' : '') +
    ` (previous window: ${previousOverall}).` +
    (anyWithheld ? ' A metric is not computed, in either window, when the data it needs could not be read (see the warning above).' : '');
  return `${table(r.metrics, r.deltas, r.window.days, { proxy: r.deploymentSource.proxy })}\n\n${legend}`;
}

/**
 * The warning of an incomplete report: what could not be read, and which metrics are therefore not
 * computed (withheld) rather than shown with a number that may be wrong.
 */
import { METRICS } from '../../dora/metrics.js';
import { escapeMarkdown } from '../escape.js';
import { capitalize, sentence } from '../markdown.js';
import type { Report } from '../schema.js';
import { metricName, withheldInReport } from './pieces.js';

export function incompleteWarning(r: Report): string {
  const withheld = withheldInReport(r);
  if (r.complete && withheld.length === 0) return '';
  const items = r.missing.map((m) => {
    const metrics = m.metrics.length > 0 ? ` (affects ${m.metrics.map(metricName).join(', ')})` : '';
    return `> - ${escapeMarkdown(m.what, 200)}: ${escapeMarkdown(m.reason, 300)}${metrics}`;
  });
  // Missing data that only feeds withheld metrics leaves the numbers shown untouched.
  const othersAffected = r.missing.some((m) => m.metrics.length === 0 || m.metrics.some((key) => !(withheld as string[]).includes(key)));
  const notComputed = withheld.map((key) => `> - **${capitalize(METRICS[key].title)} not computed**: ${sentence(r.metrics[key].reason)}`);
  const intro =
    withheld.length === 0
      ? '> **Incomplete report**: some data could not be read, so the numbers below may be off.'
      : `> **Incomplete report**: some data could not be read, so ${withheld.length === 1 ? 'one metric is' : `${withheld.length} metrics are`} ` +
        'not computed (shown as —) rather than reported with a number that may be wrong' +
        (othersAffected ? ', and the other numbers below may be off.' : '.');
  return [
    '> [!WARNING]',
    intro,
    ...items,
    ...notComputed,
    ...(items.length + notComputed.length > 0 ? [] : ['> - The collector did not say what is missing.']),
  ].join('\n');
}

/**
 * "Why it moved": the failed deployments of both windows by the signal that found them (adding up
 * to the table's failed deployments), then the changes and failures that weigh most on this
 * window's lead time and recovery time, each linked (numbers from ../why-moved.ts).
 */
import { FAILURE_SIGNALS } from '../../dora/model.js';
import { humanizeDuration } from '../humanize.js';
import { days, failedOf, markdownTable } from '../markdown.js';
import type { Report } from '../schema.js';
import { type FailuresBySignal, failuresBySignal, longestRecoveries, SIGNAL_WORDS, slowestChanges } from '../why-moved.js';
import { changeLink, failedLink } from './pieces.js';

/** Records named per list: the few that weigh most, not a table. */
const NAMED = 3;

export function whyMoved(r: Report): string {
  const parts = [failureBreakdown(r), weighingMost(r)].filter((p) => p !== '');
  return parts.length === 0 ? '' : [`**Why it moved**`, ...parts].join('\n\n');
}

/** The failed deployments of each window by signal, and their total as the table counts it; '' with none in either window. */
function failureBreakdown(r: Report): string {
  const now = failuresBySignal(r, 'current');
  const before = failuresBySignal(r, 'previous');
  if (now === null || before === null) return '';
  const signals = FAILURE_SIGNALS.filter((s) => now[s] > 0 || before[s] > 0);
  if (signals.length === 0) return '';
  // The table's words: the sum of the rows is the rate's numerator.
  const total = (counts: FailuresBySignal, cfr: Report['metrics']['changeFailureRate']) =>
    failedOf({ ...cfr, failedDeployments: FAILURE_SIGNALS.reduce((sum, s) => sum + counts[s], 0) });
  return markdownTable(
    ['Failed deployments, by what found them', 'This window', `Previous ${days(r.window.days)}`],
    [
      ...signals.map((s) => [SIGNAL_WORDS[s].label, String(now[s]), String(before[s])]),
      ['All', total(now, r.metrics.changeFailureRate), total(before, r.previous.changeFailureRate)],
    ],
  );
}

/** The slowest changes and the longest recoveries of this window, linked; '' when neither metric has any. */
function weighingMost(r: Report): string {
  const lines: string[] = [];
  if (!r.metrics.leadTime.withheld) {
    const slowest = slowestChanges(r, NAMED);
    if (slowest.length > 0)
      lines.push(
        `- Slowest changes: ${slowest.map((c) => `${changeLink(c)} ${humanizeDuration(c.leadTimeSeconds as number)}`).join(' · ')}`,
      );
  }
  if (!r.metrics.failedDeploymentRecoveryTime.withheld) {
    const byId = new Map(r.deployments.map((d) => [d.id, d]));
    const longest = longestRecoveries(r, NAMED);
    if (longest.length > 0)
      lines.push(
        `- Longest recoveries: ${longest
          .map(
            (f) =>
              `${failedLink(r, f, byId)} ${f.recoverySeconds === null ? 'unrecovered' : humanizeDuration(f.recoverySeconds)} (\`${f.signal}\`)`,
          )
          .join(' · ')}`,
      );
  }
  return lines.join('\n');
}

/** The title: repository, window and overall tier, then the window to the minute, the branch and the benchmark. */
import { escapeCode, escapeMarkdown } from '../escape.js';
import { humanizeTier, isoDate, isoMinute } from '../humanize.js';
import { days } from '../markdown.js';
import type { Report } from '../schema.js';

export function title(r: Report): string {
  // No deployment where another source or environment has some: a setting, not a tier (docs/metrics.md "Deployment frequency").
  const overall =
    r.metrics.deploymentFrequency.reason !== null
      ? '⚠️ no deployments found'
      : r.metrics.overallTier === null
        ? '⚪ no data'
        : humanizeTier(r.metrics.overallTier);
  const lines = [
    `## DORA metrics: ${escapeMarkdown(r.repository)}, ${isoDate(r.window.start)} → ${isoDate(r.window.end)} · ${overall}`,
    `${isoMinute(r.window.start)} → ${isoMinute(r.window.end)} UTC (${days(r.window.days)}) on branch ${escapeCode(r.branch)}, ` +
      `compared with the ${days(r.window.days)} before. Tiers from the DORA ${r.benchmark} report.`,
  ];
  return lines.join('\n\n');
}

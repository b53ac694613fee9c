/** Pull-request flow: cycle time, time to first review, review depth, size; folded. */
import { escapeMarkdown } from '../escape.js';
import { humanizeDuration } from '../humanize.js';
import { count, markdownTable, countOf } from '../markdown.js';
import type { Report } from '../schema.js';

export function flow(r: Report): string {
  const f = r.flow;
  if (!f) return '';
  const duration = (median: number | null, p90: number | null): string =>
    median === null ? '—' : `${humanizeDuration(median)}${p90 === null ? '' : ` (p90 ${humanizeDuration(p90)})`}`;
  const rows = [
    [
      'PR cycle time (opened to merged)',
      duration(f.cycleTime.medianSeconds, f.cycleTime.p90Seconds),
      count(f.cycleTime.pullRequests),
      escapeMarkdown(f.cycleTime.reason ?? '', 200),
    ],
    [
      'Time to first review',
      duration(f.timeToFirstReview.medianSeconds, f.timeToFirstReview.p90Seconds),
      count(f.timeToFirstReview.pullRequests),
      escapeMarkdown(f.timeToFirstReview.reason ?? '', 200),
    ],
    [
      'Reviews per PR',
      f.reviewDepth.meanReviews === null ? '—' : `${f.reviewDepth.meanReviews.toFixed(1)} mean, ${f.reviewDepth.medianReviews} median`,
      count(f.reviewDepth.pullRequests),
      f.reviewDepth.unreviewed
        ? `${count(f.reviewDepth.unreviewed)} merged without review`
        : escapeMarkdown(f.reviewDepth.reason ?? '', 200),
    ],
    [
      'PR size',
      f.size.medianLines === null ? '—' : `${count(f.size.medianLines)} lines, ${count(f.size.medianChangedFiles)} files (median)`,
      count(f.size.pullRequests),
      escapeMarkdown(f.size.reason ?? '', 200),
    ],
  ];
  return [
    '<details>',
    `<summary>Pull request flow: ${countOf(f.pullRequests, 'pull request')} merged in this window</summary>`,
    '',
    markdownTable(['Measure', 'Value', 'n', 'Note'], rows),
    '',
    '</details>',
  ].join('\n');
}

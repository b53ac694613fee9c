/**
 * The detail tables, folded: this window's deployments, changes and failures, the most recent
 * first. They are what shrinks to fit the step summary limit (summary.ts lowers `ctx.rows`); a table
 * whose records derive from a withheld metric is replaced by a line saying why.
 */
import { escapeMarkdown, markdownLink, sanitizeText } from '../escape.js';
import { humanizeCount, humanizeDuration, isoMinute } from '../humanize.js';
import { blocks, capitalize, markdownTable, countOf, positive, sentence } from '../markdown.js';
import type { Report, ReportDeployment, ReportFailure } from '../schema.js';
import {
  type SummaryContext,
  TITLE_LENGTH,
  author,
  changeLeadTime,
  changeLink,
  commitLink,
  deploymentLink,
  deploymentOrCommitLink,
  failedLink,
} from './pieces.js';

/** This window's records, one list per table. */
function current(r: Report) {
  const inWindow = <T extends { readonly window: string }>(items: readonly T[]): T[] => items.filter((x) => x.window === 'current');
  return {
    deployments: inWindow(r.deployments),
    changes: inWindow(r.changes),
    failures: inWindow(r.failures),
    incidents: inWindow(r.unattributedIncidents),
  };
}

/** The longest table's row count: more rows than this changes nothing. */
export function longestTable(r: Report): number {
  const { deployments, changes, failures, incidents } = current(r);
  return Math.max(deployments.length, changes.length, failures.length, incidents.length);
}

export function detailTables(r: Report, ctx: SummaryContext): string {
  const { rows, fullData } = ctx;
  if (rows === null) return `_Detail tables left out to fit the job summary limit: ${fullData}._`;
  const { deployments, changes, failures, incidents } = current(r);
  const byId = new Map(r.deployments.map((d) => [d.id, d]));
  const previous = {
    deployments: r.deployments.length - deployments.length,
    changes: r.changes.length - changes.length,
    failures: r.failures.length - failures.length,
  };

  const lt = r.metrics.leadTime;
  const cfr = r.metrics.changeFailureRate;
  const recoveryWithheld = r.metrics.failedDeploymentRecoveryTime.withheld;

  // A label that names its commit ("production 3ea1557") needs no commit column beside it.
  const commitColumn = !deployments.every((d) => labelNamesCommit(d));
  return blocks(
    details(
      `Deployments: ${humanizeCount(deployments.length)} in this window`,
      ['Completed (UTC)', 'Deployment', ...(commitColumn ? ['Commit'] : []), 'Changes', 'Remediates', 'Failed'],
      deployments,
      rows,
      (d) => [
        isoMinute(d.time),
        commitColumn ? deploymentLink(d) : deploymentOrCommitLink(r, d),
        ...(commitColumn ? [commitLink(r, d.sha)] : []),
        d.changes === null ? '—' : humanizeCount(d.changes),
        d.remediates === null ? '—' : d.remediates.map((s) => `\`${s}\``).join(' '),
        d.failed === null ? '—' : d.failed ? '❌ yes' : '',
      ],
      previous.deployments,
      fullData,
    ),
    lt.withheld
      ? notListed('Changes', 'lead time for changes', lt.reason)
      : details(
          `Changes: ${humanizeCount(changes.length)} deployed in this window`,
          ['Deployed (UTC)', 'Change', 'Author', 'Lead time', 'Coding', 'Review', 'Deploy'],
          changes,
          rows,
          (c) => [
            isoMinute(c.deployedAt),
            changeLink(c),
            author(c.author),
            changeLeadTime(c),
            c.stages ? humanizeDuration(c.stages.codingSeconds) : '',
            c.stages ? humanizeDuration(c.stages.reviewSeconds) : '',
            c.stages ? humanizeDuration(c.stages.deploySeconds) : '',
          ],
          previous.changes,
          fullData,
        ),
    cfr.withheld
      ? notListed('Failures and incidents', 'change failure rate', cfr.reason)
      : details(
          `Failures: ${humanizeCount(failures.length)} in this window${outagesNote(cfr.failedRuns, failures.length, cfr.failedDeployments)}` +
            (incidents.length > 0 ? `, ${countOf(incidents.length, 'unattributed incident')}` : ''),
          ['Failed (UTC)', 'Failed deployment', 'Signal', 'Remediated by', 'Recovery', 'Why'],
          failures,
          rows,
          (f) => failureRow(r, f, byId, recoveryWithheld),
          previous.failures,
          fullData,
          incidents.length === 0
            ? ''
            : `\n\nIncidents blamed on no deployment:\n\n${markdownTable(
                ['Opened (UTC)', 'Incident', 'Why'],
                incidents
                  .slice(-Math.max(rows, 1))
                  .reverse()
                  .map((i) => [
                    isoMinute(i.createdAt),
                    markdownLink(`#${i.number} ${i.title}`, i.url, TITLE_LENGTH),
                    escapeMarkdown(i.reason, 200),
                  ]),
              )}`,
        ),
  ).trimEnd();
}

/** Why there are fewer failures than failed deployments and runs: consecutive failed runs are one outage. */
function outagesNote(failedRuns: number | null, failures: number, failed: number | null): string {
  if (!positive(failedRuns) || failed === null || failed === failures) return '';
  return ` (${countOf(failed, 'failed deployment or run', 'failed deployments and runs')}: consecutive failed runs are one failure)`;
}

function labelNamesCommit(d: ReportDeployment): boolean {
  return sanitizeText(d.label).includes(d.sha.slice(0, 7));
}

function details<T>(
  summary: string,
  headers: string[],
  items: readonly T[],
  rows: number,
  row: (item: T) => string[],
  previousCount: number,
  fullData: string,
  extra = '',
): string {
  if (items.length === 0 && previousCount === 0) return '';
  const shown = rows >= items.length ? items : items.slice(items.length - rows);
  const notes: string[] = [];
  if (shown.length < items.length)
    notes.push(
      `Showing the ${humanizeCount(shown.length)} most recent of ${humanizeCount(items.length)}; ${humanizeCount(items.length - shown.length)} left out.`,
    );
  if (previousCount > 0) notes.push(`${humanizeCount(previousCount)} more in the previous window.`);
  if (notes.length > 0) notes.push(`${capitalize(fullData)}.`);
  const body = items.length === 0 ? '_None._' : shown.length === 0 ? '' : markdownTable(headers, [...shown].reverse().map(row));
  return [
    '<details>',
    `<summary>${summary}</summary>`,
    '',
    [body, notes.join(' ')].filter((s) => s !== '').join('\n\n') + extra,
    '',
    '</details>',
  ].join('\n');
}

/** In place of a detail table whose records derive from a withheld metric: says it is left out, and why. */
function notListed(what: string, metric: string, reason: string | null): string {
  return `**${what}** are not listed: ${metric} is not computed. ${capitalize(sentence(reason))}`;
}

function failureRow(r: Report, f: ReportFailure, byId: ReadonlyMap<string, ReportDeployment>, recoveryWithheld: boolean): string[] {
  const failedCell = failedLink(r, f, byId);
  if (recoveryWithheld) {
    // Recovery time is withheld: neither what remediated the failure nor when is known to be right.
    return [isoMinute(f.failedAt), failedCell, `\`${f.signal}\``, '—', 'not computed', escapeMarkdown(f.reason, 160)];
  }
  let remediation = 'not yet';
  if (f.remediationId !== null) {
    const incident = /^#(\d+)$/.exec(f.remediationId);
    const by = byId.get(f.remediationId);
    remediation = incident
      ? markdownLink(`incident #${incident[1]}`, `${r.repositoryUrl}/issues/${incident[1]}`)
      : by
        ? deploymentLink(by)
        : escapeMarkdown(f.remediationId, 40);
  }
  return [
    isoMinute(f.failedAt),
    failedCell,
    `\`${f.signal}\``,
    remediation,
    f.recoverySeconds === null ? 'unrecovered' : humanizeDuration(f.recoverySeconds),
    escapeMarkdown(f.reason, 160),
  ];
}

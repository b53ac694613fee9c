/**
 * What the sections of the repository summary share: the section's signature and context, the
 * metrics' names, and the links to deployments, changes and commits (every label escaped).
 */
import { escapeCode, escapeMarkdown, markdownLink, sanitizeText } from '../escape.js';
import { humanizeDuration } from '../humanize.js';
import { METRICS, WITHHOLDABLE_METRICS, type WithholdableMetric } from '../../dora/metrics.js';
import type { Report, ReportChange, ReportDeployment, ReportFailure } from '../schema.js';

/** What every section may read beside the report. */
export interface SummaryContext {
  /** The artifact the full report is uploaded as, as code. */
  readonly artifact: string;
  /** Where the full lists are, in words: "the full lists are in the `dora-metrics` artifact (JSON)". */
  readonly fullData: string;
  /**
   * Rows per detail table: lowered until the summary fits the step summary limit; null when the
   * tables are left out. Only the detail tables read it.
   */
  readonly rows: number | null;
}

/** A section of the summary: Markdown from the report, '' when it has nothing to say. */
export type Section = (report: Report, ctx: SummaryContext) => string;

/** Untrusted titles and labels in links are cut to this many characters. */
export const TITLE_LENGTH = 80;

/** A metric key as the warning's list of affected metrics names it: its short name; anything else escaped. */
export function metricName(key: string): string {
  return Object.hasOwn(METRICS, key) ? METRICS[key as keyof typeof METRICS].name : escapeMarkdown(key, 60);
}

/** The metrics withheld in this report, in table order. */
export function withheldInReport(r: Report): WithholdableMetric[] {
  return WITHHOLDABLE_METRICS.filter((key) => r.metrics[key].withheld);
}

/** Why a change's lead time is or is not measured. */
export const STATUS_TEXT: Record<ReportChange['status'], string> = {
  measured: 'measured',
  excluded: 'its author is in `exclude-authors`',
  skipped: 'negative lead time, clock skew',
  unmeasured: 'shipped by the first deployment on record of the production branch, which has no baseline',
};

export function changeLeadTime(c: ReportChange): string {
  return c.status === 'measured' && c.leadTimeSeconds !== null ? humanizeDuration(c.leadTimeSeconds) : `_${c.status}_`;
}

export function changeLink(c: ReportChange): string {
  const name = c.kind === 'pull_request' && c.number !== null ? `#${c.number} ${c.title}` : `${c.sha.slice(0, 7)} ${c.title}`;
  return markdownLink(name, c.url, TITLE_LENGTH);
}

export function deploymentLink(d: ReportDeployment): string {
  // A label of nothing but invisible characters (a release named "\u200b") would leave the cell empty.
  const label = sanitizeText(d.label) === '' ? d.id : d.label;
  return markdownLink(label, d.url, TITLE_LENGTH);
}

/** The deployment, linked to its page, or to its commit when it has none (a GitHub Deployment). */
export function deploymentOrCommitLink(r: Report, d: ReportDeployment): string {
  if (d.url !== null || !/^[0-9a-f]{4,64}$/i.test(d.sha)) return deploymentLink(d);
  return markdownLink(d.label, `${r.repositoryUrl}/commit/${d.sha}`, TITLE_LENGTH);
}

/** What failed: the deployment, linked, or the failed run (an outage of failed runs is named by its first). */
export function failedLink(r: Report, f: ReportFailure, byId: ReadonlyMap<string, ReportDeployment>): string {
  const failed = byId.get(f.failedId);
  if (f.kind === 'failed-run') return `failed run ${escapeMarkdown(f.failedId, 40)}`;
  return failed ? deploymentOrCommitLink(r, failed) : escapeMarkdown(f.failedId, 40);
}

export function commitLink(r: Report, sha: string): string {
  return markdownLink(sha.slice(0, 7), /^[0-9a-f]{4,64}$/i.test(sha) ? `${r.repositoryUrl}/commit/${sha}` : null);
}

export function author(login: string | null): string {
  return login === null ? '' : escapeMarkdown(login, 40);
}

export function labelList(labels: readonly string[]): string {
  return labels.length === 0 ? 'a label' : labels.map((l) => escapeCode(l, 40)).join(' or ');
}

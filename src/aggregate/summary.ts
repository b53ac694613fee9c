/**
 * The organisation roll-up as a job summary: one pure function from the organisation report to
 * GitHub-flavoured Markdown, bounded by the step summary's 1 MiB limit (the repository table is
 * shortened first). Repository names and reasons come from report files anyone with write access
 * to a repository could shape, so they go through escape.ts like every untrusted string.
 */
import { escapeMarkdown, markdownLink } from '../report/escape.js';
import { humanizeCount, humanizeDuration, humanizePerDay, humanizeRate, humanizeTier, isoDate, isoMinute } from '../report/humanize.js';
import { blocks, byteLength, cutToBytes, days, markdownTable, countOf, metricsMarkdownTable as table } from '../report/markdown.js';
import { SUMMARY_MAX_BYTES } from '../report/summary.js';
import type { Tier } from '../dora/model.js';
import type { MetricKey } from '../report/schema.js';
import type { OrgLeftOut, OrgReport, OrgRow } from './schema.js';

/** Rows of the repository table before the byte limit applies. */
export const ORG_SUMMARY_MAX_ROWS = 500;

export interface OrgSummaryOptions {
  /** Byte limit of the whole summary; default the single-repository summary's (just under 1 MiB). */
  readonly maxBytes?: number;
  /** Rows of the repository table at most; default ORG_SUMMARY_MAX_ROWS. */
  readonly maxRows?: number;
}

/** Repositories named in one list before the rest are counted. */
const MAX_NAMES = 20;
const NAME_LENGTH = 100;

export function renderOrgSummary(org: OrgReport, opts: OrgSummaryOptions = {}): string {
  const maxBytes = opts.maxBytes ?? SUMMARY_MAX_BYTES;
  const head = blocks(orgTitle(org), warning(org), orgMetricsTable(org), leftOutSection(org), distribution(org)).trimEnd();
  const footer = footerLine(org);
  const tail = withoutDataSection(org);

  let rows = Math.min(opts.maxRows ?? ORG_SUMMARY_MAX_ROWS, org.rows.length);
  for (;;) {
    const text = blocks(head, repositoryTable(org, rows), tail, footer);
    if (byteLength(text) <= maxBytes) return text;
    if (rows <= 1) break;
    rows = Math.floor(rows / 2);
  }
  const short = blocks(
    head,
    '_The repository table is left out to fit the job summary limit: every row is in the organisation report (JSON)._',
    footer,
  );
  if (byteLength(short) <= maxBytes) return short;
  return cutToBytes(short, maxBytes, 'the full roll-up is in the organisation report (JSON)');
}

/* ---- Head ---- */

function orgTitle(org: OrgReport): string {
  const overall = org.metrics.overallTier === null ? '⚪ no data' : humanizeTier(org.metrics.overallTier);
  const n = org.repositories.length;
  return [
    `## DORA metrics: ${countOf(n, 'repository', 'repositories')}, ${isoDate(org.window.start)} → ${isoDate(org.window.end)} · ${overall}`,
    `${isoMinute(org.window.start)} → ${isoMinute(org.window.end)} UTC (${days(org.window.days)}), compared with the ${days(org.window.days)} before. ` +
      `Tiers from the DORA ${org.benchmark} report. The organisation's numbers are computed from every repository's deployments, changes and failures ` +
      "taken together: lead time is the median of all changes, not an average of the repositories' medians, and the rates are sums over sums.",
  ].join('\n\n');
}

function warning(org: OrgReport): string {
  if (org.complete) return '';
  const items: string[] = [];
  if (org.missing.length > 0) {
    items.push(
      `> - **No report** for ${nameList(org.missing)}: their job failed or uploaded no \`dora-metrics.json\`; they are not counted.`,
    );
  }
  if (org.incomplete.length > 0) {
    items.push(
      `> - **${countOf(org.incomplete.length, 'report')} incomplete** (some data could not be read): ${nameList(org.incomplete)}. ` +
        "Their withheld metrics are left out of the organisation's numbers; their other numbers may be off.",
    );
  }
  for (const problem of org.problems.slice(0, MAX_NAMES)) {
    // A problem is a path and a reason over several lines (a schema error): its first line says enough.
    items.push(`> - **Refused** ${escapeMarkdown(problem.split('\n')[0] ?? '', 300)}`);
  }
  if (org.problems.length > MAX_NAMES) items.push(`> - ${humanizeCount(org.problems.length - MAX_NAMES)} more report files refused.`);
  return ['> [!WARNING]', '> **Incomplete roll-up**: the numbers below leave out what is listed here.', ...items].join('\n');
}

function orgMetricsTable(org: OrgReport): string {
  const m = org.metrics;
  // Each number is the organisation's: say how many repositories' events make it up.
  const from = (key: MetricKey): string => ` from ${countOf(m[key].repositories, 'repository', 'repositories')}`;
  const previousOverall = org.previous.overallTier === null ? 'no data' : humanizeTier(org.previous.overallTier);
  const legend =
    'Higher is better for deployment frequency, lower for the other four; ↑ and ↓ say how the value moved. Durations are medians (p90 beside them). ' +
    'Deployment frequency counts the deployments of every repository, so its tier describes the organisation, not a typical repository. ' +
    `The overall tier is the lowest of the metrics with data (previous window: ${previousOverall}).`;
  return `${table(m, org.deltas, org.window.days, { scope: from })}\n\n${legend}`;
}

/** Repositories a number leaves out: withheld ones by name, those with no data counted. */
function leftOutSection(org: OrgReport): string {
  const m = org.metrics;
  const entries: [string, readonly OrgLeftOut[]][] = [
    ['Lead time', m.leadTime.leftOut],
    ['Change failure rate', m.changeFailureRate.leftOut],
    ['Recovery time', m.failedDeploymentRecoveryTime.leftOut],
    ['Rework rate', m.reworkRate.leftOut],
  ];
  const lines: string[] = [];
  for (const [metric, leftOut] of entries) {
    const withheld = leftOut.filter((l) => l.withheld);
    const noData = leftOut.length - withheld.length;
    if (withheld.length === 0) continue;
    const named = withheld
      .slice(0, MAX_NAMES)
      .map((l) => `${escapeMarkdown(l.repository, NAME_LENGTH)} (${escapeMarkdown(l.reason, 200)})`)
      .join('; ');
    const more = withheld.length > MAX_NAMES ? `; ${humanizeCount(withheld.length - MAX_NAMES)} more` : '';
    const others = noData > 0 ? ` ${countOf(noData, 'other repository', 'other repositories')} had no data for it.` : '';
    lines.push(
      `- **${metric}** leaves out ${countOf(withheld.length, 'repository', 'repositories')} whose data could not be read: ${named}${more}.${others}`,
    );
  }
  return lines.length === 0 ? '' : ["**Left out** of the organisation's numbers (not computed in their report):", '', ...lines].join('\n');
}

const TIER_ORDER: readonly Tier[] = ['elite', 'high', 'medium', 'low'];

function distribution(org: OrgReport): string {
  const { current, previous } = org.tierDistribution;
  const rows = [
    ...TIER_ORDER.map((t) => [humanizeTier(t), humanizeCount(current[t]), humanizeCount(previous[t])]),
    ['⚪ No data', humanizeCount(current.noData), humanizeCount(previous.noData)],
  ];
  return ['### Overall tiers', '', markdownTable(['Overall tier', 'Repositories', `Previous ${days(org.window.days)}`], rows)].join('\n');
}

/* ---- Repositories ---- */

const TIER_DOTS: Record<Tier, string> = { elite: '🟣', high: '🟢', medium: '🟡', low: '🔴' };

function repositoryTable(org: OrgReport, rows: number): string {
  if (org.rows.length === 0) return '';
  const shown = org.rows.slice(0, Math.max(0, rows));
  const table = markdownTable(
    ['Repository', 'Overall', 'Deployment frequency', 'Lead time', 'Change failure rate', 'Recovery time', 'Rework rate', 'Source'],
    shown.map(repositoryRow),
  );
  const notes = ["Each repository's numbers as its own report gives them; ⚠️ marks a report with data that could not be read."];
  if (shown.length < org.rows.length) {
    notes.push(
      `Showing ${humanizeCount(shown.length)} of ${humanizeCount(org.rows.length)} repositories (by name); every row is in the organisation report (JSON).`,
    );
  }
  return ['### Repositories', '', table, '', notes.join(' ')].join('\n');
}

function repositoryRow(r: OrgRow): string[] {
  const notComputed = 'not computed';
  const tierValue = (tier: Tier | null, value: string | null): string =>
    value === null ? '—' : tier === null ? value : `${TIER_DOTS[tier]} ${value}`;
  return [
    markdownLink(r.repository, r.repositoryUrl, NAME_LENGTH) + (r.complete ? '' : ' ⚠️'),
    r.hasData && r.overallTier !== null ? humanizeTier(r.overallTier) : '⚪ no data',
    tierValue(r.deploymentFrequency.tier, humanizePerDay(r.deploymentFrequency.perDay)),
    r.leadTime.withheld
      ? notComputed
      : tierValue(r.leadTime.tier, r.leadTime.medianSeconds === null ? null : humanizeDuration(r.leadTime.medianSeconds)),
    r.changeFailureRate.withheld
      ? notComputed
      : tierValue(r.changeFailureRate.tier, r.changeFailureRate.rate === null ? null : humanizeRate(r.changeFailureRate.rate)),
    r.failedDeploymentRecoveryTime.withheld
      ? notComputed
      : tierValue(
          r.failedDeploymentRecoveryTime.tier,
          r.failedDeploymentRecoveryTime.medianSeconds === null ? null : humanizeDuration(r.failedDeploymentRecoveryTime.medianSeconds),
        ),
    r.reworkRate.withheld ? notComputed : r.reworkRate.rate === null ? '—' : humanizeRate(r.reworkRate.rate),
    `\`${r.deploymentSource}\`${r.proxy ? ' (proxy)' : ''}`,
  ];
}

function withoutDataSection(org: OrgReport): string {
  if (org.withoutData.length === 0) return '';
  const shown = org.withoutData.slice(0, MAX_NAMES * 5);
  const lines = shown.map((w) => `- ${escapeMarkdown(w.repository, NAME_LENGTH)}: ${escapeMarkdown(w.reason, 200)}`);
  if (shown.length < org.withoutData.length) lines.push(`- and ${humanizeCount(org.withoutData.length - shown.length)} more`);
  return [
    `### ${countOf(org.withoutData.length, 'repository', 'repositories')} without data`,
    '',
    'Counted as "no data" in the tier distribution; their zero deployments still count in the organisation\'s deployment frequency.',
    '',
    ...lines,
  ].join('\n');
}

function footerLine(org: OrgReport): string {
  return `<sub>generated ${isoMinute(org.generatedAt)} UTC · ${countOf(org.repositories.length, 'repository report', 'repository reports')} ${org.actionVersion ? ` · dora-action ${org.actionVersion}` : ''} · organisation schema v${org.schemaVersion}</sub>`;
}

/* ---- Pieces ---- */

function nameList(repos: readonly string[]): string {
  const shown = repos.slice(0, MAX_NAMES).map((r) => escapeMarkdown(r, NAME_LENGTH));
  return repos.length > MAX_NAMES ? `${shown.join(', ')} and ${humanizeCount(repos.length - MAX_NAMES)} more` : shown.join(', ');
}

/**
 * A Slack incoming-webhook message (https://api.slack.com/messaging/webhooks): `text` for
 * notifications and clients without blocks, Block Kit blocks with the headline numbers and tiers,
 * a link to the run, and the idempotency key in the message metadata.
 *
 * Slack's mrkdwn has no escape for `*` or `_`, but `&`, `<` and `>` are what turn text into links
 * and mentions (`<!channel>`, `<https://evil|click>`): untrusted text has them as entities, as
 * Slack asks (https://api.slack.com/reference/surfaces/formatting#escaping).
 */
import { humanizeDuration, humanizePerDay, humanizePoints, humanizeRatio, humanizeRate, humanizeTier, isoDate } from '../humanize.js';
import { safeUrl, sanitizeText } from '../escape.js';
import type { Report, ReportDelta } from '../schema.js';

interface MrkdwnText {
  readonly type: 'mrkdwn';
  readonly text: string;
}
interface PlainText {
  readonly type: 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}
export type SlackBlock =
  | { readonly type: 'header'; readonly text: PlainText }
  | { readonly type: 'section'; readonly text: MrkdwnText }
  | { readonly type: 'section'; readonly fields: readonly MrkdwnText[] }
  | { readonly type: 'context'; readonly elements: readonly MrkdwnText[] };

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
  readonly metadata: {
    readonly event_type: 'dora_metrics';
    readonly event_payload: Readonly<Record<string, string | number | boolean>>;
  };
}

/** Block Kit limits: a header's text, 150 characters. */
const HEADER_MAX = 150;

/** `&`, `<` and `>` as the entities Slack expects, after the text is made one clean line. */
export function escapeSlack(text: string, maxLength = 120): string {
  return sanitizeText(text, maxLength).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Untrusted text as inline code: a backtick inside would end the code span. */
function slackCode(text: string, maxLength = 60): string {
  return `\`${escapeSlack(text, maxLength).replace(/`/g, "'")}\``;
}

/** `<url|label>`, or the label alone when the URL is not http(s). */
function slackLink(url: string | null, label: string): string {
  const href = safeUrl(url);
  return href === null ? label : `<${href.replace(/&/g, '&amp;')}|${label}>`;
}

export function slackBody(report: Report, idempotencyKey: string): SlackMessage {
  const m = report.metrics;
  const d = report.deltas;
  const days = `${report.window.days} day${report.window.days === 1 ? '' : 's'}`;
  const period = `${isoDate(report.window.start)} → ${isoDate(report.window.end)}`;
  const overall = m.overallTier === null ? 'no data' : humanizeTier(m.overallTier);

  const fields: MrkdwnText[] = [
    slackField(
      report.deploymentSource.proxy ? 'Deployment frequency (merges as proxy)' : 'Deployment frequency',
      humanizePerDay(m.deploymentFrequency.perDay),
      humanizeTier(m.deploymentFrequency.tier),
      deltaText(d.deploymentFrequency, humanizePerDay, days),
    ),
    metricField('Lead time for changes', m.leadTime, m.leadTime.medianSeconds, humanizeDuration, d.leadTime, days),
    metricField('Change failure rate', m.changeFailureRate, m.changeFailureRate.rate, humanizeRate, d.changeFailureRate, days),
    metricField(
      'Failed deployment recovery time',
      m.failedDeploymentRecoveryTime,
      m.failedDeploymentRecoveryTime.medianSeconds,
      humanizeDuration,
      d.failedDeploymentRecoveryTime,
      days,
    ),
    metricField('Deployment rework rate', { ...m.reworkRate, tier: undefined }, m.reworkRate.rate, humanizeRate, d.reworkRate, days),
  ];

  const withheld = [m.leadTime, m.changeFailureRate, m.failedDeploymentRecoveryTime, m.reworkRate].filter((x) => x.withheld).length;
  const incomplete = report.complete
    ? []
    : [
        section(
          `:warning: *Incomplete report*: some data could not be read` +
            (withheld > 0
              ? `, so ${withheld === 1 ? 'one metric is' : `${withheld} metrics are`} not computed.`
              : ', so the numbers may be off.'),
        ),
      ];

  const context = [
    `Tiers from the DORA ${report.benchmark} report`,
    `deployments from \`${report.deploymentSource.name}\``,
    slackLink(report.runUrl, 'workflow run'),
    slackLink(report.repositoryUrl, 'repository'),
  ];

  const repository = sanitizeText(report.repository, 100);
  return {
    text: `DORA metrics for ${escapeSlack(repository)}, ${period}: overall ${overall}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: sanitizeText(`DORA metrics: ${repository}`, HEADER_MAX), emoji: true } },
      section(`*${period}* (${days}) on branch ${slackCode(report.branch)} · overall *${overall}*`),
      { type: 'section', fields },
      ...incomplete,
      { type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] },
    ],
    metadata: {
      event_type: 'dora_metrics',
      event_payload: {
        idempotency_key: idempotencyKey,
        repository: report.repository,
        window_start: report.window.start,
        window_end: report.window.end,
        overall_tier: m.overallTier ?? '',
        complete: report.complete,
      },
    },
  };
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function slackField(name: string, value: string, tier: string | null, delta: string): MrkdwnText {
  return { type: 'mrkdwn', text: [`*${name}*`, tier === null ? value : `${value} · ${tier}`, delta].filter((s) => s !== '').join('\n') };
}

function metricField(
  name: string,
  metric: { readonly withheld: boolean; readonly tier?: Parameters<typeof humanizeTier>[0] | undefined },
  value: number | null,
  humanize: (n: number) => string,
  delta: ReportDelta,
  days: string,
): MrkdwnText {
  if (metric.withheld) return slackField(name, 'not computed', null, '');
  if (value === null) return slackField(name, 'no data', null, deltaText(delta, humanize, days));
  return slackField(name, humanize(value), metric.tier === undefined ? null : humanizeTier(metric.tier), deltaText(delta, humanize, days));
}

/** How the value moved since the previous window, as the summary says it, in one line. */
function deltaText(d: ReportDelta, format: (n: number) => string, days: string): string {
  if (d.previous === null) return d.current === null ? '' : `no data in the previous ${days}`;
  const was = format(d.previous);
  if (d.current === null || d.difference === null) return `was ${was} in the previous ${days}`;
  if (d.difference === 0) return `unchanged from the previous ${days}`;
  const arrow = d.difference > 0 ? '↑' : '↓';
  const amount = d.unit === 'fraction' ? humanizePoints(d.difference) : d.ratio !== null ? humanizeRatio(d.ratio) : `from ${was}`;
  // No trend: the previous window holds only part of a window of history, so the move is not judged.
  const judged = d.trend === null ? ' (previous window partial)' : `, ${d.trend}`;
  return `${arrow} ${amount} vs previous ${days}${judged}`;
}

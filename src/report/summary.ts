/**
 * The job summary: one pure function from the report to GitHub-flavoured Markdown that a person
 * reads at a glance, bounded by the step summary's 1 MiB limit (as dorny/test-reporter does: drop
 * detail rows first, then cut). Every untrusted string goes through escape.ts.
 */
import { trendCharts } from './charts.js';
import { escapeCode, escapeMarkdown, markdownLink, safeUrl, sanitizeText } from './escape.js';
import { whatChanged } from './what-changed.js';
import {
  humanizeCount,
  humanizeDuration,
  humanizePerDay,
  humanizePoints,
  humanizeRate,
  humanizeRatio,
  humanizeTier,
  isoDate,
  isoMinute,
} from './humanize.js';
import {
  type Report,
  type ReportChange,
  type ReportDelta,
  type ReportDeployment,
  type ReportFailure,
  type WithholdableMetric,
  WITHHOLDABLE_METRICS,
} from './schema.js';

/** GitHub rejects a step summary over 1 MiB; keep a margin for what the caller appends. */
export const SUMMARY_MAX_BYTES = 1024 * 1024 - 16 * 1024;
/** Rows per detail table before the byte limit applies: more is not read at a glance. */
export const SUMMARY_MAX_ROWS = 200;
/** Name of the artifact that holds the full JSON report. */
export const ARTIFACT_NAME = 'dora-metrics';

export interface SummaryOptions {
  /** Byte limit of the whole summary; default SUMMARY_MAX_BYTES. */
  readonly maxBytes?: number;
  /** Rows per detail table at most; default SUMMARY_MAX_ROWS. */
  readonly maxRows?: number;
  /** The artifact the full report is uploaded as, named where rows are left out; default `dora-metrics`. */
  readonly artifactName?: string;
}

const TITLE_LENGTH = 80;

export function renderSummary(report: Report, opts: SummaryOptions = {}): string {
  const maxBytes = opts.maxBytes ?? SUMMARY_MAX_BYTES;
  const artifact = escapeCode(opts.artifactName ?? ARTIFACT_NAME, 60);
  const fullData = `the full lists are in the ${artifact} artifact (JSON)`;
  const head = blocks(
    title(report),
    alertsSection(report),
    incompleteWarning(report),
    metricsTable(report),
    whatChangedSection(report),
    sourceSection(report),
    triggerSection(report, fullData),
    hintsSection(report),
    trendsSection(report),
    flowSection(report),
  ).trimEnd();
  const footer = footerLine(report, artifact);
  const details = detailTables(report, fullData);

  // Fewer rows until it fits: the most recent rows stay.
  let rows = Math.min(opts.maxRows ?? SUMMARY_MAX_ROWS, details.longest);
  for (;;) {
    const text = blocks(head, details.render(rows), footer);
    if (byteLength(text) <= maxBytes) return text;
    if (rows <= 1) break;
    rows = Math.floor(rows / 2);
  }
  const withoutDetails = blocks(head, `_Detail tables left out to fit the job summary limit: ${fullData}._`, footer);
  if (byteLength(withoutDetails) <= maxBytes) return withoutDetails;
  return cutToBytes(withoutDetails, maxBytes, fullData);
}

/** Markdown blocks, one blank line apart, empty ones dropped, ending in a newline. */
function blocks(...parts: string[]): string {
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

/* ---- Head ---- */

/** Triggered alerts head the summary (`alert-rules`). Messages hold numbers and canonical rule text. */
function alertsSection(r: Report): string {
  const alerts = r.alerts ?? [];
  if (alerts.length === 0) return '';
  return [
    `> [!CAUTION]`,
    `> **${plural(alerts.length, 'alert')} triggered**`,
    // Messages are built from numbers and the canonical rule text (alerts.ts), never from input text.
    ...alerts.map((a) => `> - ${a.message}`),
  ].join('\n');
}

/** The largest moves against the previous window, in words (built from numbers only: what-changed.ts). */
function whatChangedSection(r: Report): string {
  const moves = whatChanged(r);
  return moves.length === 0
    ? ''
    : [`**What changed** against the previous ${days(r.window.days)}:`, '', ...moves.map((m) => `- ${m}`)].join('\n');
}

/** Weekly trend charts (Mermaid, rendered by GitHub), folded so the numbers stay at a glance. */
function trendsSection(r: Report): string {
  const charts = trendCharts(r);
  return charts === '' ? '' : `<details>\n<summary>Trends by week</summary>\n\n${charts.trim()}\n\n</details>`;
}

/** Pull-request flow: cycle time, time to first review, review depth, size. */
function flowSection(r: Report): string {
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
    `<summary>Pull request flow: ${plural(f.pullRequests, 'pull request')} merged in this window</summary>`,
    '',
    markdownTable(['Measure', 'Value', 'n', 'Note'], rows),
    '',
    '</details>',
  ].join('\n');
}

function title(r: Report): string {
  const overall = r.metrics.overallTier === null ? '⚪ no data' : humanizeTier(r.metrics.overallTier);
  const lines = [
    `## DORA metrics: ${escapeMarkdown(r.repository)}, ${isoDate(r.window.start)} → ${isoDate(r.window.end)} · ${overall}`,
    `${isoMinute(r.window.start)} → ${isoMinute(r.window.end)} UTC (${days(r.window.days)}) on branch ${escapeCode(r.branch)}, ` +
      `compared with the ${days(r.window.days)} before. Tiers from the DORA ${r.benchmark} report.`,
  ];
  return lines.join('\n\n');
}

function incompleteWarning(r: Report): string {
  const withheld = withheldMetrics(r);
  if (r.complete && withheld.length === 0) return '';
  const items = r.missing.map((m) => {
    const metrics = m.metrics.length > 0 ? ` (affects ${m.metrics.map(metricName).join(', ')})` : '';
    return `> - ${escapeMarkdown(m.what, 200)}: ${escapeMarkdown(m.reason, 300)}${metrics}`;
  });
  // Missing data that only feeds withheld metrics leaves the numbers shown untouched.
  const othersAffected = r.missing.some((m) => m.metrics.length === 0 || m.metrics.some((key) => !(withheld as string[]).includes(key)));
  const notComputed = withheld.map((key) => `> - **${capitalize(METRIC_TITLES[key])} not computed**: ${sentence(r.metrics[key].reason)}`);
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

/** The metrics withheld in this report, in table order. */
function withheldMetrics(r: Report): WithholdableMetric[] {
  return WITHHOLDABLE_METRICS.filter((key) => r.metrics[key].withheld);
}

interface MetricRow {
  readonly name: string;
  readonly value: string;
  readonly tier: string;
  readonly n: string;
  readonly delta: string;
}

function metricsTable(r: Report): string {
  const m = r.metrics;
  const d = r.deltas;
  const df = m.deploymentFrequency;
  const lt = m.leadTime;
  const cfr = m.changeFailureRate;
  const fdrt = m.failedDeploymentRecoveryTime;
  const rw = m.reworkRate;

  const ltNotes = [
    positive(lt.unmeasured) ? `${humanizeCount(lt.unmeasured)} unmeasured` : '',
    positive(lt.excluded) ? `${humanizeCount(lt.excluded)} excluded` : '',
    positive(lt.skipped) ? `${humanizeCount(lt.skipped)} skipped` : '',
  ].filter((s) => s !== '');
  /** A withheld metric shows no number anywhere in its row. */
  const notComputed = (name: string): MetricRow => ({ name, value: '—', tier: 'not computed', n: '—', delta: '—' });

  const rows: MetricRow[] = [
    {
      name: r.deploymentSource.proxy ? 'Deployment frequency (merges as proxy)' : 'Deployment frequency',
      value: humanizePerDay(df.perDay),
      tier: humanizeTier(df.tier),
      n: `${plural(df.deployments, 'deployment')} on ${plural(df.deploymentDays, 'day')}`,
      delta: deltaCell(d.deploymentFrequency, humanizePerDay),
    },
    lt.withheld
      ? notComputed('Lead time for changes')
      : {
          name: 'Lead time for changes',
          value: durationValue(lt.medianSeconds, lt.p90Seconds),
          tier: humanizeTier(lt.tier),
          n: plural(lt.changes, 'change') + (ltNotes.length > 0 ? ` (${ltNotes.join(', ')})` : ''),
          delta: deltaCell(d.leadTime, humanizeDuration),
        },
    cfr.withheld
      ? notComputed('Change failure rate')
      : {
          name: 'Change failure rate',
          value: cfr.rate === null ? 'no data' : humanizeRate(cfr.rate),
          tier: humanizeTier(cfr.tier),
          n:
            `${count(cfr.failedDeployments)} of ${plural(cfr.deployments, 'deployment')}` +
            (positive(cfr.failedRuns) ? ` (incl. ${plural(cfr.failedRuns, 'failed run')})` : ''),
          delta: deltaCell(d.changeFailureRate, humanizeRate),
        },
    fdrt.withheld
      ? notComputed('Failed deployment recovery time')
      : {
          name: 'Failed deployment recovery time',
          value: durationValue(fdrt.medianSeconds, fdrt.p90Seconds),
          tier: humanizeTier(fdrt.tier),
          n:
            plural(fdrt.recoveries, 'recovery', 'recoveries') +
            (positive(fdrt.unrecovered) ? ` (${humanizeCount(fdrt.unrecovered)} unrecovered)` : ''),
          delta: deltaCell(d.failedDeploymentRecoveryTime, humanizeDuration),
        },
    rw.withheld
      ? notComputed('Deployment rework rate')
      : {
          name: 'Deployment rework rate',
          value: rw.rate === null ? 'no data' : humanizeRate(rw.rate),
          tier: 'no DORA tiers',
          n: `${count(rw.reworkDeployments)} of ${plural(rw.deployments, 'deployment')}`,
          delta: deltaCell(d.reworkRate, humanizeRate),
        },
  ];

  const table = markdownTable(
    ['Metric', 'Value', 'Tier', 'n', `vs previous ${days(r.window.days)}`],
    rows.map((row) => [row.name, row.value, row.tier, row.n, row.delta]),
  );
  const previousOverall = r.previous.overallTier === null ? 'no data' : humanizeTier(r.previous.overallTier);
  const anyWithheld = withheldMetrics(r).length > 0;
  const legend =
    'Higher is better for deployment frequency, lower for the other four; ↑ and ↓ say how the value moved. ' +
    `Durations are medians. The overall tier is the lowest of the metrics with data` +
    (anyWithheld ? ', leaving out those not computed' : '') +
    ` (previous window: ${previousOverall}).` +
    (anyWithheld ? ' A metric is not computed, in either window, when the data it needs could not be read (see the warning above).' : '');
  return `${table}\n\n${legend}`;
}

function durationValue(median: number | null, p90: number | null): string {
  if (median === null) return 'no data';
  return p90 === null ? humanizeDuration(median) : `${humanizeDuration(median)} (p90 ${humanizeDuration(p90)})`;
}

function deltaCell(d: ReportDelta, format: (n: number) => string): string {
  if (d.current === null && d.previous === null) return '—';
  if (d.previous === null) return 'no data before';
  const was = format(d.previous);
  if (d.current === null || d.difference === null) return `no data now (was ${was})`;
  if (d.trend === 'unchanged') return `→ unchanged (${was})`;
  const arrow = d.difference > 0 ? '↑' : '↓';
  const amount = d.unit === 'fraction' ? `${humanizePoints(d.difference)} ` : d.ratio !== null ? `${humanizeRatio(d.ratio)} ` : '';
  return `${arrow} ${amount}from ${was}, ${d.trend === 'better' ? '**better**' : 'worse'}`;
}

function sourceSection(r: Report): string {
  const s = r.deploymentSource;
  const how = s.requested === 'auto' ? 'chosen automatically (`deployment-source: auto`)' : `set by \`deployment-source: ${s.requested}\``;
  const lines = [`**Deployments** come from \`${s.name}\`, ${how}: ${sentence(s.reason)}`];
  if (s.searched.length > 0) {
    const searched = s.searched.map(
      (x) => `\`${x.source}\` ${plural(x.deployments, 'deployment')}${x.note ? ` (${escapeMarkdown(x.note, 200)})` : ''}`,
    );
    lines.push(`Searched: ${searched.join('; ')}.`);
  }
  if (s.proxy) {
    lines.push(
      [
        '> [!NOTE]',
        '> `merges` is a **proxy**: each pull request merged into the production branch stands in for a deployment, ' +
          'so lead time ends at the merge and leaves out the wait for a real release. ' +
          'Set `deployment-source` (with `workflows` or `environment`) to measure real deployments.',
      ].join('\n'),
    );
  }
  return lines.join('\n\n');
}

function triggerSection(r: Report, fullData: string): string {
  const t = r.trigger;
  const heading = `### Triggered by ${escapeCode(t.event, 40)}`;
  if (t.event.startsWith('pull_request') && t.pullRequest !== null) return `${heading}\n\n${pullRequestTrigger(r, t.pullRequest)}`;
  if (t.event === 'release' && t.releaseTag !== null) return `${heading}\n\n${releaseTrigger(r, t.releaseTag, t.sha, fullData)}`;
  return `${heading}\n\nThe report for the ${days(r.window.days)} to ${isoMinute(r.window.end)} UTC.`;
}

function pullRequestTrigger(r: Report, number: number): string {
  if (r.metrics.leadTime.withheld) {
    return `The lead time of pull request #${number} is not computed: ${sentence(r.metrics.leadTime.reason)}`;
  }
  const change = r.changes.find((c) => c.kind === 'pull_request' && c.number === number);
  if (change === undefined) {
    return `Pull request #${number} is not deployed yet: its lead time will count in the window of the first deployment that ships it.`;
  }
  const link = markdownLink(`#${number} ${change.title}`, change.url, TITLE_LENGTH);
  const deployment = r.deployments.find((d) => d.id === change.deploymentId);
  const where = `${deployment ? deploymentLink(deployment) : escapeMarkdown(change.deploymentId)} on ${isoMinute(change.deployedAt)} UTC`;
  if (change.status !== 'measured' || change.leadTimeSeconds === null) {
    return `Pull request ${link} was deployed in ${where}; its lead time is not measured (${STATUS_TEXT[change.status]}).`;
  }
  const stages = change.stages
    ? `: coding ${humanizeDuration(change.stages.codingSeconds)}, review ${humanizeDuration(change.stages.reviewSeconds)}, deploy ${humanizeDuration(change.stages.deploySeconds)}`
    : '';
  const window = change.window === 'current' ? 'this window' : 'the previous window';
  return `Pull request ${link} was deployed in ${where}, counted in ${window}. **Lead time ${humanizeDuration(change.leadTimeSeconds)}**${stages}.`;
}

function releaseTrigger(r: Report, tag: string, sha: string | null, fullData: string): string {
  const deployment = findReleaseDeployment(r.deployments, tag, sha);
  if (deployment === undefined) {
    return (
      `Release ${escapeCode(tag)} is not among the deployments counted from \`${r.deploymentSource.name}\` ` +
      `up to ${isoMinute(r.window.end)} UTC, so the changes it ships are not known yet.`
    );
  }
  if (r.metrics.leadTime.withheld || deployment.changes === null) {
    return (
      `Release ${escapeCode(tag)} is ${deploymentLink(deployment)} on ${isoMinute(deployment.time)} UTC. ` +
      `The changes it shipped are not listed: lead time for changes is not computed: ${sentence(r.metrics.leadTime.reason)}`
    );
  }
  const shipped = r.changes.filter((c) => c.deploymentId === deployment.id);
  const intro = `Release ${escapeCode(tag)} is ${deploymentLink(deployment)} on ${isoMinute(deployment.time)} UTC; it shipped ${plural(shipped.length, 'change')}.`;
  if (shipped.length === 0) return intro;
  const limit = 50;
  const rows = shipped.slice(0, limit).map((c) => [changeLink(c), author(c.author), changeLeadTime(c)]);
  const more = shipped.length > limit ? `\n\n${humanizeCount(shipped.length - limit)} more: ${fullData}.` : '';
  return `${intro}\n\n${markdownTable(['Change', 'Author', 'Lead time'], rows)}${more}`;
}

/** The latest deployment named by the tag (releases source), else the latest of the tag's commit. */
function findReleaseDeployment(deployments: readonly ReportDeployment[], tag: string, sha: string | null): ReportDeployment | undefined {
  const latest = (pred: (d: ReportDeployment) => boolean) => deployments.filter(pred).at(-1);
  return latest((d) => d.label === tag || d.label.split(/\s+/).includes(tag)) ?? (sha ? latest((d) => d.sha === sha) : undefined);
}

function hintsSection(r: Report): string {
  const m = r.metrics;
  const hints: string[] = [];
  const noDeployments = m.deploymentFrequency.deployments === 0;
  const signals = new Set(r.config.failureSignals);

  if (noDeployments) hints.push(noDeploymentsHint(r));

  // Withheld metrics are named, with why, in the warning at the top: no hint about configuration fixes them.
  if (!m.leadTime.withheld && m.leadTime.medianSeconds === null) {
    const lt = m.leadTime;
    let fix: string;
    if (noDeployments) fix = 'It needs deployments (above).';
    else if (positive(lt.unmeasured) && lt.excluded === 0 && lt.skipped === 0)
      fix =
        'The changes were shipped by the first deployment on record of the production branch, which has no earlier deployment to measure from; ' +
        'lead time starts with the next deployment.';
    else if (positive(lt.excluded))
      fix = `${plural(lt.excluded, 'change')} by authors in \`exclude-authors\` ${lt.excluded === 1 ? 'was' : 'were'} left out; remove bots you want measured from that list.`;
    else if (positive(lt.skipped))
      fix = `${plural(lt.skipped, 'change')} had a negative lead time (commit dates after the deployment: clock skew) and ${lt.skipped === 1 ? 'was' : 'were'} skipped.`;
    else
      fix = `No merged pull request or direct push on ${escapeCode(r.branch)} was first deployed in the window. If production deploys from another branch, set \`branch\`.`;
    hints.push(`**Lead time for changes**: ${sentence(lt.reason)} ${fix}`);
  }

  if (!m.changeFailureRate.withheld && m.changeFailureRate.rate === null) {
    hints.push(`**Change failure rate**: ${sentence(m.changeFailureRate.reason)}${noDeployments ? ' It needs deployments (above).' : ''}`);
  }

  const fdrt = m.failedDeploymentRecoveryTime;
  if (!fdrt.withheld && fdrt.medianSeconds === null) {
    const parts = [`**Failed deployment recovery time**: ${sentence(fdrt.reason)}`];
    if (noDeployments) {
      parts.push('It needs deployments (above).');
    } else if (positive(fdrt.unrecovered)) {
      parts.push(`${plural(fdrt.unrecovered, 'failure')} ${fdrt.unrecovered === 1 ? 'is' : 'are'} not remediated yet.`);
    } else if (!m.changeFailureRate.withheld && m.changeFailureRate.failedDeployments === 0) {
      const missingSignals: string[] = [];
      if (!signals.has('incident')) {
        missingSignals.push(
          'add `incident` to `failure-signals` and label production incident issues `incident` (or set `incident-labels`)',
        );
      } else {
        missingSignals.push(`label production incident issues with ${labelList(r.config.incidentLabels)}`);
      }
      if (!signals.has('failed-run') && r.deploymentSource.name === 'workflow')
        missingSignals.push('add `failed-run` to count failed deploy runs');
      if (!signals.has('hotfix')) missingSignals.push('add `hotfix` to `failure-signals`');
      else missingSignals.push(`label hotfix pull requests with ${labelList(r.config.hotfixLabels)}`);
      parts.push(`No deployment failed. If production did fail unnoticed: ${missingSignals.join('; ')}.`);
    }
    hints.push(parts.join(' '));
  }

  if (!m.reworkRate.withheld && m.reworkRate.rate === null) {
    hints.push(`**Deployment rework rate**: ${sentence(m.reworkRate.reason)}${noDeployments ? ' It needs deployments (above).' : ''}`);
  }

  const unattributed = r.unattributedIncidents.filter((i) => i.window === 'current').length;
  if (unattributed > 0) {
    hints.push(
      `**${plural(unattributed, 'incident')}** ${unattributed === 1 ? 'was' : 'were'} opened more than ${r.config.incidentWindowHours} hours after the last deployment ` +
        'and blamed on none; raise `incident-window` if incidents take longer to be reported.',
    );
  }

  if (hints.length === 0) return '';
  return ['### Why no data, and what to set', '', ...hints.map((h) => `- ${h}`)].join('\n');
}

function noDeploymentsHint(r: Report): string {
  const s = r.deploymentSource;
  const c = r.config;
  const branch = escapeCode(r.branch);
  const bySource: Record<typeof s.name, string> = {
    workflow:
      c.workflows.length > 0
        ? `Only successful runs of ${c.workflows.map((w) => escapeCode(w, 60)).join(', ')} on ${branch} count (runs triggered by pull requests never do): check \`workflows\` and \`branch\`.`
        : `No \`workflows\` were given, so deploy workflows were picked by file name (containing deploy, release, publish, or the word cd): set \`workflows\` to your deploy workflow, e.g. \`workflows: deploy.yml\`, and check \`branch\`.`,
    deployments: `Only GitHub Deployments to an environment matching \`environment\` (${escapeCode(c.environment, 60)}) whose latest status is success count: set \`environment\` to your production environment's name.`,
    releases: 'Only published releases count (never drafts; prereleases only with `include-prereleases`).',
    merges: `No pull request was merged into ${branch}: check \`branch\`.`,
  };
  const doubt = r.metrics.deploymentFrequency.reason;
  if (doubt !== null) {
    // Another source or environment has deployments: more likely a setting than a team that never deploys.
    return `**No deployments** in the window or the one before from \`${s.name}\`, ${sentence(doubt)} Deployment frequency gets no tier until then: the configuration is more likely wrong than the team.`;
  }
  const zero = 'Deployment frequency is then `low`: zero is a measurement, the other metrics have no data.';
  if (s.requested === 'auto' && s.searched.length > 1 && s.searched.every((x) => x.deployments === 0)) {
    // `auto` searched every source and found nothing: say how to give it each kind of deployment.
    const toConfigure: Record<typeof s.name, string> = {
      deployments: `\`deployments\`: create GitHub Deployments to an environment matching \`environment\` (${escapeCode(c.environment, 60)}), or set \`environment\``,
      workflow:
        c.workflows.length > 0
          ? `\`workflow\`: successful runs of ${c.workflows.map((w) => escapeCode(w, 60)).join(', ')} on ${branch} (check \`workflows\` and \`branch\`)`
          : '`workflow`: set `workflows` to your deploy workflow, e.g. `workflows: deploy.yml` (by default only file names containing deploy, release, publish or the word cd count)',
      releases: '`releases`: publish releases (never drafts; prereleases only with `include-prereleases`)',
      merges: `\`merges\`: merge pull requests into ${branch}, or set \`branch\``,
    };
    return (
      `**No deployments** in the window or the one before: \`deployment-source: auto\` searched ${s.searched.map((x) => `\`${x.source}\``).join(', ')} and found none. ` +
      `Give it one of: ${s.searched.map((x) => toConfigure[x.source]).join('; ')}. ${zero}`
    );
  }
  const others = (['deployments', 'workflow', 'releases', 'merges'] as const).filter((x) => x !== s.name).map((x) => `\`${x}\``);
  return `**No deployments** in the window from \`${s.name}\`. ${bySource[s.name]} Or set \`deployment-source\` to ${others.slice(0, -1).join(', ')} or ${others.at(-1)}. ${zero}`;
}

/* ---- Detail tables ---- */

interface DetailTables {
  /** The longest table's row count: more rows than this changes nothing. */
  readonly longest: number;
  render(rows: number): string;
}

function detailTables(r: Report, fullData: string): DetailTables {
  const deployments = r.deployments.filter((d) => d.window === 'current');
  const changes = r.changes.filter((c) => c.window === 'current');
  const failures = r.failures.filter((f) => f.window === 'current');
  const incidents = r.unattributedIncidents.filter((i) => i.window === 'current');
  const byId = new Map(r.deployments.map((d) => [d.id, d]));
  const previous = {
    deployments: r.deployments.length - deployments.length,
    changes: r.changes.length - changes.length,
    failures: r.failures.length - failures.length,
  };

  const lt = r.metrics.leadTime;
  const cfr = r.metrics.changeFailureRate;
  const recoveryWithheld = r.metrics.failedDeploymentRecoveryTime.withheld;
  return {
    longest: Math.max(deployments.length, changes.length, failures.length, incidents.length),
    render(rows) {
      return blocks(
        details(
          `Deployments: ${humanizeCount(deployments.length)} in this window`,
          ['Completed (UTC)', 'Deployment', 'Commit', 'Changes', 'Remediates', 'Failed'],
          deployments,
          rows,
          (d) => [
            isoMinute(d.time),
            deploymentLink(d),
            commitLink(r, d.sha),
            d.changes === null ? '—' : humanizeCount(d.changes),
            d.remediates === null ? '—' : d.remediates.map((s) => `\`${s}\``).join(' '),
            d.failed === null ? '—' : d.failed ? '❌ yes' : '',
          ],
          previous.deployments,
          fullData,
        ),
        lt.withheld
          ? unavailable('Changes', 'lead time for changes', lt.reason)
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
          ? unavailable('Failures and incidents', 'change failure rate', cfr.reason)
          : details(
              `Failures: ${humanizeCount(failures.length)} in this window${incidents.length > 0 ? `, ${plural(incidents.length, 'unattributed incident')}` : ''}`,
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
    },
  };
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
function unavailable(what: string, metric: string, reason: string | null): string {
  return `**${what}** are not listed: ${metric} is not computed. ${capitalize(sentence(reason))}`;
}

function failureRow(r: Report, f: ReportFailure, byId: ReadonlyMap<string, ReportDeployment>, recoveryWithheld: boolean): string[] {
  const failed = byId.get(f.failedId);
  const failedCell =
    f.kind === 'failed-run'
      ? `failed run ${escapeMarkdown(f.failedId, 40)}`
      : failed
        ? deploymentLink(failed)
        : escapeMarkdown(f.failedId, 40);
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

/* ---- Footer ---- */

function footerLine(r: Report, artifact: string): string {
  const limit =
    r.api.rateLimitRemaining === null ? 'rate limit remaining unknown' : `${humanizeCount(r.api.rateLimitRemaining)} rate limit remaining`;
  const run = safeUrl(r.runUrl);
  return (
    `<sub>GitHub API: ${plural(r.api.requests, 'request')}, ${humanizeCount(r.api.graphqlPoints)} GraphQL points, ${limit}` +
    ` · generated ${isoMinute(r.generatedAt)} UTC · full data in the ${artifact} artifact` +
    (run ? ` of [this run](${run})` : '') +
    (r.actionVersion ? ` · dora-action ${r.actionVersion}` : '') +
    ` · schema v${r.schemaVersion}</sub>`
  );
}

/* ---- Pieces ---- */

const METRIC_NAMES: Record<string, string> = {
  deploymentFrequency: 'deployment frequency',
  leadTime: 'lead time',
  changeFailureRate: 'change failure rate',
  failedDeploymentRecoveryTime: 'recovery time',
  reworkRate: 'rework rate',
};

function metricName(key: string): string {
  return METRIC_NAMES[key] ?? escapeMarkdown(key, 60);
}

/** The metrics as the warning names them. */
const METRIC_TITLES: Record<WithholdableMetric, string> = {
  leadTime: 'lead time for changes',
  changeFailureRate: 'change failure rate',
  failedDeploymentRecoveryTime: 'failed deployment recovery time',
  reworkRate: 'deployment rework rate',
};

const STATUS_TEXT: Record<ReportChange['status'], string> = {
  measured: 'measured',
  excluded: 'its author is in `exclude-authors`',
  skipped: 'negative lead time, clock skew',
  unmeasured: 'shipped by the first deployment on record of the production branch, which has no baseline',
};

function changeLeadTime(c: ReportChange): string {
  return c.status === 'measured' && c.leadTimeSeconds !== null ? humanizeDuration(c.leadTimeSeconds) : `_${c.status}_`;
}

function changeLink(c: ReportChange): string {
  const name = c.kind === 'pull_request' && c.number !== null ? `#${c.number} ${c.title}` : `${c.sha.slice(0, 7)} ${c.title}`;
  return markdownLink(name, c.url, TITLE_LENGTH);
}

function deploymentLink(d: ReportDeployment): string {
  // A label of nothing but invisible characters (a release named "\u200b") would leave the cell empty.
  const label = sanitizeText(d.label) === '' ? d.id : d.label;
  return markdownLink(label, d.url, TITLE_LENGTH);
}

function commitLink(r: Report, sha: string): string {
  return markdownLink(sha.slice(0, 7), /^[0-9a-f]{4,64}$/i.test(sha) ? `${r.repositoryUrl}/commit/${sha}` : null);
}

function author(login: string | null): string {
  return login === null ? '' : escapeMarkdown(login, 40);
}

function labelList(labels: readonly string[]): string {
  return labels.length === 0 ? 'a label' : labels.map((l) => escapeCode(l, 40)).join(' or ');
}

/** Engine reasons as one escaped sentence. */
function sentence(text: string | null): string {
  if (text === null || text.trim() === '') return 'no data.';
  const escaped = escapeMarkdown(text, 300);
  return /[.!?…]$/.test(escaped) ? escaped : `${escaped}.`;
}

function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A count; `—` for null (a withheld count is never shown as a number). */
function count(n: number | null): string {
  return n === null ? '—' : humanizeCount(n);
}

function plural(n: number | null, one: string, many = `${one}s`): string {
  return n === null ? '—' : `${humanizeCount(n)} ${n === 1 ? one : many}`;
}

function positive(n: number | null): n is number {
  return n !== null && n > 0;
}

function days(n: number): string {
  return plural(n, 'day');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The longest prefix within `maxBytes` that ends on a character boundary, with a note when room allows. */
function cutToBytes(text: string, maxBytes: number, fullData: string): string {
  const note = `\n\n…cut to fit the job summary limit; ${fullData}.\n`;
  const budget = maxBytes - byteLength(note);
  return budget > 0 ? prefixBytes(text, budget) + note : prefixBytes(text, Math.max(0, maxBytes));
}

function prefixBytes(text: string, n: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= n) return text;
  let end = n;
  // Step back over UTF-8 continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

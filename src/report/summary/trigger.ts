/**
 * What the run was triggered by: a merged pull request shows its own lead time and stages, a
 * release lists the changes it shipped, any other event the period.
 */
import { escapeCode, escapeMarkdown, markdownLink } from '../escape.js';
import { humanizeCount, humanizeDuration, isoMinute } from '../humanize.js';
import { markdownTable, countOf, sentence } from '../markdown.js';
import type { Report, ReportDeployment } from '../schema.js';
import { STATUS_TEXT, type SummaryContext, TITLE_LENGTH, author, changeLeadTime, changeLink, deploymentLink } from './pieces.js';

export function trigger(r: Report, ctx: SummaryContext): string {
  const t = r.trigger;
  const heading = `### Triggered by ${escapeCode(t.event, 40)}`;
  if (t.event.startsWith('pull_request') && t.pullRequest !== null) return `${heading}\n\n${pullRequestTrigger(r, t.pullRequest)}`;
  if (t.event === 'release' && t.releaseTag !== null) return `${heading}\n\n${releaseTrigger(r, t.releaseTag, t.sha, ctx.fullData)}`;
  // Any other event (schedule, push, workflow_dispatch): the title already says the period.
  return '';
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
  const intro = `Release ${escapeCode(tag)} is ${deploymentLink(deployment)} on ${isoMinute(deployment.time)} UTC; it shipped ${countOf(shipped.length, 'change')}.`;
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

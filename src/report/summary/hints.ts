/**
 * Why a metric has no data and what to set: one hint per metric without a number (withheld ones
 * are named in the warning instead), and for incidents blamed on no deployment.
 */
import { escapeCode } from '../escape.js';
import { countOf, positive, sentence } from '../markdown.js';
import type { Report } from '../schema.js';
import { labelList } from './pieces.js';

export function hints(r: Report): string {
  const m = r.metrics;
  const items: string[] = [];
  const noDeployments = m.deploymentFrequency.deployments === 0;
  const signals = new Set(r.config.failureSignals);

  if (noDeployments) items.push(noDeploymentsHint(r));

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
      fix = `${countOf(lt.excluded, 'change')} by authors in \`exclude-authors\` ${lt.excluded === 1 ? 'was' : 'were'} left out; remove bots you want measured from that list.`;
    else if (positive(lt.skipped))
      fix = `${countOf(lt.skipped, 'change')} had a negative lead time (commit dates after the deployment: clock skew) and ${lt.skipped === 1 ? 'was' : 'were'} skipped.`;
    else
      fix = `No merged pull request or direct push on ${escapeCode(r.branch)} was first deployed in the window. If production deploys from another branch, set \`branch\`.`;
    items.push(`**Lead time for changes**: ${sentence(lt.reason)} ${fix}`);
  }

  if (!m.changeFailureRate.withheld && m.changeFailureRate.rate === null) {
    items.push(`**Change failure rate**: ${sentence(m.changeFailureRate.reason)}${noDeployments ? ' It needs deployments (above).' : ''}`);
  }

  const fdrt = m.failedDeploymentRecoveryTime;
  if (!fdrt.withheld && fdrt.medianSeconds === null) {
    const parts = [`**Failed deployment recovery time**: ${sentence(fdrt.reason)}`];
    if (noDeployments) {
      parts.push('It needs deployments (above).');
    } else if (positive(fdrt.unrecovered)) {
      parts.push(`${countOf(fdrt.unrecovered, 'failure')} ${fdrt.unrecovered === 1 ? 'is' : 'are'} not remediated yet.`);
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
    items.push(parts.join(' '));
  }

  if (!m.reworkRate.withheld && m.reworkRate.rate === null) {
    items.push(`**Deployment rework rate**: ${sentence(m.reworkRate.reason)}${noDeployments ? ' It needs deployments (above).' : ''}`);
  }

  const unattributed = r.unattributedIncidents.filter((i) => i.window === 'current').length;
  const unattributedHints = unattributed > 0 ? 1 : 0;
  if (unattributed > 0) {
    items.push(
      `**${countOf(unattributed, 'incident')}** ${unattributed === 1 ? 'was' : 'were'} opened more than ${r.config.incidentWindowHours} hours after the last deployment ` +
        'and blamed on none; raise `incident-window` if incidents take longer to be reported.',
    );
  }

  if (items.length === 0) return '';
  // Hints about a metric without data come first; when every metric has data, only settings are left to say.
  const noData = items.length > unattributedHints;
  return [noData ? '### Why no data, and what to set' : '### What to set', '', ...items.map((h) => `- ${h}`)].join('\n');
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

/**
 * The records of the report schema (../schema.ts): the deployments, changes, failures, unattributed
 * incidents and weekly points behind the metrics.
 */
import { z } from 'zod';
import { count, fraction, seconds, signal, time, windowName } from './common.js';

export const deploymentSchema = z.object({
  id: z.string().describe('Id within its source: run id, deployment id, release id or pull request number.'),
  window: windowName,
  time: time.describe('Completion time.'),
  sha: z.string().describe('The commit deployed.'),
  label: z.string().describe('Human label ("Deploy #412", "v1.4.0", "#123 Add cart"). Untrusted text.'),
  url: z.string().nullable().describe('Link to the run, deployment, release or pull request; null when unknown.'),
  baselineId: z.string().nullable().describe('Id of the deployment before it; null for the first deployment ever.'),
  changes: count.nullable().describe('Changes it shipped first; null when lead time is withheld (the changes could not be read).'),
  remediates: z
    .array(signal)
    .nullable()
    .describe(
      'Remediation signals it carries; a rework deployment when non-empty. Null when rework rate is withheld (the signals could not be read).',
    ),
  failed: z
    .boolean()
    .nullable()
    .describe(
      'True when production needed remediation after it; null when change failure rate is withheld (whether it failed is not known).',
    ),
});

export const changeSchema = z.object({
  kind: z
    .enum(['pull_request', 'direct_push'])
    .describe('A merged pull request, or a commit on the production branch that no merged pull request contains.'),
  number: count.nullable().describe('Pull request number; null for direct pushes.'),
  sha: z.string().describe('Merge commit (pull request) or the commit itself (direct push).'),
  title: z.string().describe('Pull request title or the commit message subject. Untrusted text.'),
  author: z.string().nullable().describe('GitHub login; null when the author has no GitHub account. Untrusted text.'),
  url: z.string().describe('Link to the pull request or commit.'),
  start: time.describe('Earliest authored date among its commits.'),
  openedAt: time.nullable().describe('When the pull request was opened; null for direct pushes.'),
  mergedAt: time.nullable().describe('When the pull request was merged; null for direct pushes.'),
  deploymentId: z.string().describe('The first deployment that contains it.'),
  deployedAt: time.describe('Completion time of that deployment.'),
  window: windowName,
  status: z
    .enum(['measured', 'excluded', 'skipped', 'unmeasured'])
    .describe('`measured` counts in lead time; the others are counted in leadTime.excluded, .skipped, .unmeasured.'),
  leadTimeSeconds: seconds.nullable().describe('deployedAt - start, seconds; null unless status is `measured`.'),
  stages: z
    .object({
      codingSeconds: seconds.describe('start to pull request opened (0 when commits were authored after it was opened).'),
      reviewSeconds: seconds.describe('Opened to merged.'),
      deploySeconds: seconds.describe('Merged to deployed.'),
    })
    .nullable()
    .describe('Lead time split into stages; null for direct pushes.'),
});

export const failureSchema = z.object({
  failedId: z.string().describe('The failed deployment, or the first failed run of an outage.'),
  failedAt: time.describe('Time of the failed deployment or run.'),
  kind: z.enum(['deployment', 'failed-run']).describe('Whether a deployment or a failed deploy run failed.'),
  window: windowName,
  signal: signal.describe('The signal of the earliest remediation.'),
  remediationId: z
    .string()
    .nullable()
    .describe(
      'What remediated it: a deployment id, or an incident issue as "#40"; null when unrecovered by the end of the window, ' +
        'or when failed deployment recovery time is withheld (see metrics.failedDeploymentRecoveryTime.withheld).',
    ),
  remediatedAt: time
    .nullable()
    .describe(
      'Completion of the remediating deployment or close of the incident; null when unrecovered or when recovery time is withheld.',
    ),
  recoverySeconds: seconds
    .nullable()
    .describe('remediatedAt - failedAt, seconds; null when unrecovered or when recovery time is withheld.'),
  reason: z.string().describe('Why it counts, e.g. "reverted by #88 in Deploy #412". Untrusted text.'),
});

export const unattributedIncidentSchema = z.object({
  number: count.describe('Issue number.'),
  title: z.string().describe('Issue title. Untrusted text.'),
  url: z.string().describe('Link to the issue.'),
  createdAt: time.describe('When the issue was opened.'),
  window: windowName,
  reason: z.string().describe('Why no deployment was blamed.'),
});

export const weeklyPointSchema = z.object({
  start: time.describe('Inclusive start of the week: the window start plus 7 days per week before it.'),
  end: time.describe('Exclusive end: 7 days later, or the window end for a shorter last week.'),
  days: z.number().positive().describe('Length in days: 7, less for the last week when the window is not a whole number of weeks.'),
  deployments: count.describe('Deployments completed in the week. Zero is a measurement.'),
  changes: count.nullable().describe('Changes measured whose first deployment is in the week; null when lead time is withheld.'),
  medianLeadTimeSeconds: seconds
    .nullable()
    .describe('Median lead time of those changes, seconds; null when none was measured or when lead time is withheld.'),
  failedDeployments: count.nullable().describe('Deployments of the week that failed; null when change failure rate is withheld.'),
  failureRate: fraction
    .nullable()
    .describe(
      'failedDeployments / deployments, a fraction from 0 to 1; null with no deployment or when change failure rate is withheld. ' +
        'Failed deploy runs (`failed-run` signal) are not counted in the weekly rates.',
    ),
});

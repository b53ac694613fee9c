/**
 * The failure signals other than revert (docs/metrics.md "Change failure rate and failures"): what
 * each of hotfix, rollback, incident and failed-run finds in the history, for failures.ts to put together.
 */
import { compareDeployments } from './deployments.js';
import { firstDeploymentAfter, isProperAncestor, lastDeploymentAtOrBefore, shipmentOfCommit, type History } from './history.js';
import type { Deployment, EngineConfig, FailedRun, FailureSignal, Incident, Millis, UnattributedIncident } from './model.js';
import { HOUR_MS, windowOf, type ReportWindows } from './window.js';

/** What remediated a failed deployment; `time` is null when it had not by `end` (an open incident). */
export interface Remediation {
  readonly signal: FailureSignal;
  /** A deployment id, or an incident number as "#40". */
  readonly id: string;
  readonly time: Millis | null;
  /** Human text: why the failed deployment counts. */
  readonly reason: string;
}

/** One signal's findings: failed deployments with their remediation, and the remediating deployments. */
export interface SignalFindings {
  readonly signal: FailureSignal;
  /** `failed` is an index into `history.deployments`. */
  readonly attributions: readonly { readonly failed: number; readonly remediation: Remediation }[];
  /** Indexes of the deployments that ship a remediation (rework deployments). */
  readonly remediating: readonly number[];
}

const lowerSet = (values: readonly string[]): Set<string> => new Set(values.map((v) => v.toLowerCase()));

const hasLabel = (labels: readonly string[], wanted: ReadonlySet<string>): boolean =>
  labels.some((label) => wanted.has(label.toLowerCase()));

export const deploymentAt = (history: History, index: number): Deployment => history.deployments[index] as Deployment;

function hoursBetween(from: Millis, to: Millis): string {
  const hours = (to - from) / HOUR_MS;
  return hours < 1 ? `${Math.round(hours * 60)} min` : `${Math.round(hours * 10) / 10} h`;
}

/**
 * `hotfix`: a deployment that ships a merged pull request carrying a hotfix label remediates the
 * last deployment completed at or before that pull request was opened, the one production ran when
 * someone started the fix.
 */
export function hotfixFindings(history: History, hotfixLabels: readonly string[]): SignalFindings {
  const wanted = lowerSet(hotfixLabels);
  const attributions: { failed: number; remediation: Remediation }[] = [];
  const remediating: number[] = [];
  for (const pr of history.pullRequests.values()) {
    if (!hasLabel(pr.labels, wanted)) continue;
    const shippedBy = shipmentOfCommit(history, pr.mergeCommitSha);
    if (shippedBy === undefined) continue;
    remediating.push(shippedBy);
    const failed = lastDeploymentAtOrBefore(history, pr.createdAt);
    if (failed < 0 || failed >= shippedBy) continue;
    const remedy = deploymentAt(history, shippedBy);
    attributions.push({
      failed,
      remediation: {
        signal: 'hotfix',
        id: remedy.id,
        time: remedy.time,
        reason: `hotfix #${pr.number} (opened while this deployment was live) shipped in ${remedy.label}`,
      },
    });
  }
  return { signal: 'hotfix', attributions, remediating };
}

/**
 * `rollback`: a deployment whose commit is a proper ancestor of the commit of the deployment just
 * before it put production back to older code, so that deployment failed. Redeploying the same
 * commit is not a rollback.
 */
export function rollbackFindings(history: History): SignalFindings {
  const attributions: { failed: number; remediation: Remediation }[] = [];
  const remediating: number[] = [];
  for (let index = 1; index < history.deployments.length; index++) {
    const before = deploymentAt(history, index - 1);
    const current = deploymentAt(history, index);
    // An ancestor of the previous deployment's commit was shipped by then: a cheap test first,
    // where the graph holds the commit (a rollback past the history read is known from a comparison).
    const shipped = history.firstShipment.get(current.sha);
    if (history.graph.has(current.sha) && (shipped === undefined || shipped >= index)) continue;
    if (!isProperAncestor(history, current.sha, before.sha)) continue;
    remediating.push(index);
    attributions.push({
      failed: index - 1,
      remediation: {
        signal: 'rollback',
        id: current.id,
        time: current.time,
        reason: `rolled back by ${current.label} to the earlier commit ${current.sha.slice(0, 7)}`,
      },
    });
  }
  return { signal: 'rollback', attributions, remediating };
}

/**
 * `incident`: an issue with an incident label points at the last deployment completed at or before
 * it was opened, if that is at most `incident-window` hours earlier; otherwise nothing proves which
 * deployment caused it and it is counted as unattributed. Closing the issue is the remediation; an
 * issue still open at `end` (or closed later) leaves the failure unrecovered.
 */
export function incidentFindings(
  history: History,
  incidents: readonly Incident[],
  config: Pick<EngineConfig, 'incidentLabels' | 'incidentWindowHours'>,
  windows: ReportWindows,
): SignalFindings & { readonly unattributed: readonly UnattributedIncident[] } {
  const wanted = lowerSet(config.incidentLabels);
  const attributions: { failed: number; remediation: Remediation }[] = [];
  const unattributed: UnattributedIncident[] = [];
  const windowMs = config.incidentWindowHours * HOUR_MS;
  for (const incident of incidents) {
    if (incident.createdAt >= history.end || !hasLabel(incident.labels, wanted)) continue;
    const failed = lastDeploymentAtOrBefore(history, incident.createdAt);
    const deployment = failed < 0 ? undefined : deploymentAt(history, failed);
    if (deployment === undefined || incident.createdAt - deployment.time > windowMs) {
      const window = windowOf(incident.createdAt, windows);
      if (window === null) continue;
      unattributed.push({
        number: incident.number,
        title: incident.title,
        createdAt: incident.createdAt,
        window,
        reason:
          deployment === undefined
            ? 'no deployment before it was opened'
            : `opened ${hoursBetween(deployment.time, incident.createdAt)} after the last deployment, beyond the ${config.incidentWindowHours} h incident window`,
      });
      continue;
    }
    const closed = incident.closedAt !== null && incident.closedAt < history.end ? incident.closedAt : null;
    const opened = `incident #${incident.number} opened ${hoursBetween(deployment.time, incident.createdAt)} after it`;
    attributions.push({
      failed,
      remediation: {
        signal: 'incident',
        id: `#${incident.number}`,
        time: closed,
        reason: closed === null ? `${opened}, still open at the end of the report` : `${opened}, closed`,
      },
    });
  }
  return { signal: 'incident', attributions, remediating: [], unattributed };
}

/** A run of consecutive failed deploy runs with no successful deployment between them. */
export interface Outage {
  readonly runs: readonly FailedRun[];
  /** Index of the first deployment completed strictly after its runs; -1 when none by `end`. */
  readonly recoveredBy: number;
}

/**
 * `failed-run`: failed deploy runs, grouped into outages. Runs that no successful deployment
 * separates are one outage for recovery time, measured from the first of them to the next
 * successful deployment; each run still counts in the change failure rate.
 */
export function failedRunOutages(history: History, failedRuns: readonly FailedRun[]): Outage[] {
  const runs = failedRuns.filter((run) => run.time < history.end).sort(compareDeployments);
  const outages: { runs: FailedRun[]; recoveredBy: number }[] = [];
  for (const run of runs) {
    const recoveredBy = firstDeploymentAfter(history, run.time);
    const last = outages.at(-1);
    if (last !== undefined && last.recoveredBy === recoveredBy) last.runs.push(run);
    else outages.push({ runs: [run], recoveredBy });
  }
  return outages;
}

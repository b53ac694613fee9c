/**
 * Change failure rate and failures (docs/metrics.md "Change failure rate and failures"): which
 * deployments needed remediation, what remediated them, and which deployments are remediations.
 * Everything is resolved over the whole history known at `end`, then counted per window.
 */
import { compareDeployments } from './deployments.js';
import {
  firstDeploymentAfter,
  isProperAncestor,
  lastDeploymentAtOrBefore,
  resolveCommitRef,
  shipmentOfCommit,
  type History,
} from './history.js';
import type {
  BenchmarkYear,
  ChangeFailureRate,
  Deployment,
  DeploymentSourceName,
  EngineConfig,
  FailedRun,
  Failure,
  FailureSignal,
  Incident,
  Millis,
  UnattributedIncident,
  WindowName,
} from './model.js';
import { changeFailureRateTier } from './tiers.js';
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

const deploymentAt = (history: History, index: number): Deployment => history.deployments[index] as Deployment;

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

/** `This reverts commit <sha>`: the full SHA or an abbreviation of 7 or more hex digits. */
const REVERTS_COMMIT = /This reverts commit ([0-9a-f]{7,40})\b/gi;
const REVERT_BRANCH = /^revert-(\d+)-/;

/** Every commit reference of `This reverts commit <ref>` in the messages, lowercase, as written. */
export function revertReferences(messages: readonly string[]): string[] {
  const refs: string[] = [];
  for (const message of messages) {
    for (const match of message.matchAll(REVERTS_COMMIT)) refs.push((match[1] as string).toLowerCase());
  }
  return refs;
}

/** What a revert names, resolved: targets found (the first deployment of each, if any shipped it). */
interface RevertTargets {
  /** True when the revert names something that exists: a commit or a merged pull request. */
  readonly identified: boolean;
  /** Indexes of the deployments that first shipped a target (targets never shipped have none). */
  readonly shipments: readonly number[];
}

/**
 * `revert`: a deployment that ships a revert remediates the deployment that first shipped what it
 * reverts. A revert is a pull request titled `Revert "...`, from a `revert-<N>-...` branch, or
 * carrying a `This reverts commit <ref>` message (own commits, merge commit, associated copies), or
 * a direct push with that message. The branch names pull request N; the messages name commits by a
 * full or abbreviated SHA; a title names nothing. Targets are resolved over the whole history: one
 * first shipped before the deployments read (or never shipped) fails no deployment in either window.
 * With no target named at all, the hotfix rule applies (the authored time of a direct push stands
 * for "opened"). A revert shipped with its target never reached production: no failure, though the
 * deployment is still rework.
 */
export function revertFindings(history: History): SignalFindings {
  const attributions: { failed: number; remediation: Remediation }[] = [];
  const remediating: number[] = [];

  const targetsOf = (refs: readonly string[], revertedPr: number | null): RevertTargets => {
    const shipments: number[] = [];
    let identified = false;
    for (const ref of refs) {
      const sha = resolveCommitRef(history, ref);
      if (sha === null) continue;
      identified = true;
      const shipment = shipmentOfCommit(history, sha);
      if (shipment !== undefined) shipments.push(shipment);
    }
    if (revertedPr !== null) {
      const pr = history.pullRequests.get(revertedPr);
      if (pr !== undefined) {
        identified = true;
        const shipment = shipmentOfCommit(history, pr.mergeCommitSha);
        if (shipment !== undefined) shipments.push(shipment);
      } else if (history.outside.mergedPullRequests.has(revertedPr)) {
        identified = true;
      }
    }
    return { identified, shipments };
  };

  const attribute = (shippedBy: number, targets: RevertTargets, openedAt: Millis, what: string): void => {
    remediating.push(shippedBy);
    const remedy = deploymentAt(history, shippedBy);
    if (!targets.identified) {
      const failed = lastDeploymentAtOrBefore(history, openedAt);
      if (failed < 0 || failed >= shippedBy) return;
      attributions.push({
        failed,
        remediation: {
          signal: 'revert',
          id: remedy.id,
          time: remedy.time,
          reason: `${what} (names no reverted change; started while this deployment was live) shipped in ${remedy.label}`,
        },
      });
      return;
    }
    for (const failed of new Set(targets.shipments)) {
      // Shipped with (or after) the revert: the reverted code never ran in production alone.
      if (failed >= shippedBy) continue;
      attributions.push({
        failed,
        remediation: { signal: 'revert', id: remedy.id, time: remedy.time, reason: `reverted by ${what} in ${remedy.label}` },
      });
    }
  };

  for (const pr of history.pullRequests.values()) {
    const messages = pr.commits.map((c) => c.message);
    const mergeCommit = history.commits.get(pr.mergeCommitSha);
    if (mergeCommit !== undefined) messages.push(mergeCommit.message);
    for (const copy of history.associatedCommits.get(pr.number) ?? []) messages.push(copy.message);
    const refs = revertReferences(messages);
    const branch = REVERT_BRANCH.exec(pr.headRef);
    if (!pr.title.startsWith('Revert "') && branch === null && refs.length === 0) continue;
    const shippedBy = shipmentOfCommit(history, pr.mergeCommitSha);
    if (shippedBy === undefined) continue;
    attribute(shippedBy, targetsOf(refs, branch === null ? null : Number(branch[1])), pr.createdAt, `#${pr.number}`);
  }

  // Every commit a deployment ships counts, the branch's and another branch's a deployment holds
  // (a revert pushed to the release branch still remediates when that branch is deployed).
  for (const commit of history.graph.values()) {
    if (history.containingPullRequests.has(commit.sha)) continue;
    const refs = revertReferences([commit.message]);
    if (refs.length === 0) continue;
    const shippedBy = history.firstShipment.get(commit.sha);
    if (shippedBy === undefined) continue;
    attribute(shippedBy, targetsOf(refs, null), commit.authoredAt, `commit ${commit.sha.slice(0, 7)}`);
  }
  return { signal: 'revert', attributions, remediating };
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

export interface FailureAttribution {
  /** Failed deployments and failed-run outages in either window, in time order. */
  readonly failures: readonly Failure[];
  /** Deployment index to the remediation signals it ships (hotfix, revert, rollback): rework. */
  readonly remediates: ReadonlyMap<number, readonly FailureSignal[]>;
  /** Indexes of the deployments that failed, in any window. */
  readonly failed: ReadonlySet<number>;
  /** Failed runs counted in the change failure rate, with their window. */
  readonly failedRuns: readonly { readonly run: FailedRun; readonly window: WindowName }[];
  readonly unattributedIncidents: readonly UnattributedIncident[];
}

/**
 * Applies the enabled signals. A deployment fails at most once whatever the number of signals, and
 * its remediation is the earliest one; failed runs count only with the workflow source.
 */
export function attributeFailures(
  history: History,
  input: {
    readonly source: DeploymentSourceName;
    readonly failedRuns: readonly FailedRun[];
    readonly incidents: readonly Incident[];
    readonly config: EngineConfig;
  },
  windows: ReportWindows,
): FailureAttribution {
  const signals = new Set(input.config.failureSignals);
  const findings: SignalFindings[] = [];
  let unattributedIncidents: readonly UnattributedIncident[] = [];
  if (signals.has('hotfix')) findings.push(hotfixFindings(history, input.config.hotfixLabels));
  if (signals.has('revert')) findings.push(revertFindings(history));
  if (signals.has('rollback')) findings.push(rollbackFindings(history));
  if (signals.has('incident')) {
    const incidents = incidentFindings(history, input.incidents, input.config, windows);
    findings.push(incidents);
    unattributedIncidents = incidents.unattributed;
  }

  const remediations = new Map<number, Remediation[]>();
  const remediates = new Map<number, FailureSignal[]>();
  for (const finding of findings) {
    for (const { failed, remediation } of finding.attributions) {
      const list = remediations.get(failed);
      if (list === undefined) remediations.set(failed, [remediation]);
      else list.push(remediation);
    }
    for (const index of finding.remediating) {
      const list = remediates.get(index);
      if (list === undefined) remediates.set(index, [finding.signal]);
      else if (!list.includes(finding.signal)) list.push(finding.signal);
    }
  }

  const failures: Failure[] = [];
  for (const [index, list] of remediations) {
    const deployment = deploymentAt(history, index);
    const window = windowOf(deployment.time, windows);
    if (window === null) continue;
    failures.push(failureOf(deployment, 'deployment', window, list));
  }

  const failedRuns: { run: FailedRun; window: WindowName }[] = [];
  if (signals.has('failed-run') && input.source === 'workflow') {
    for (const outage of failedRunOutages(history, input.failedRuns)) {
      for (const run of outage.runs) {
        const window = windowOf(run.time, windows);
        if (window !== null) failedRuns.push({ run, window });
      }
      const first = outage.runs[0] as FailedRun;
      const window = windowOf(first.time, windows);
      if (window === null) continue;
      const recovery = outage.recoveredBy < 0 ? undefined : deploymentAt(history, outage.recoveredBy);
      const failedCount = outage.runs.length === 1 ? 'deploy run failed' : `${outage.runs.length} consecutive deploy runs failed`;
      failures.push(
        failureOf(first, 'failed-run', window, [
          recovery === undefined
            ? { signal: 'failed-run', id: '', time: null, reason: `${failedCount}; no successful deployment since` }
            : {
                signal: 'failed-run',
                id: recovery.id,
                time: recovery.time,
                reason: `${failedCount}; next successful deployment ${recovery.label}`,
              },
        ]),
      );
    }
  }
  failures.sort((a, b) => compareDeployments({ time: a.failedAt, id: a.failedId }, { time: b.failedAt, id: b.failedId }));

  return {
    failures,
    remediates,
    failed: new Set(remediations.keys()),
    failedRuns,
    unattributedIncidents,
  };
}

/** The failure record: the earliest remediation wins; none by `end` leaves it unrecovered. */
function failureOf(
  failed: { readonly id: string; readonly time: Millis },
  kind: Failure['kind'],
  window: WindowName,
  remediations: readonly Remediation[],
): Failure {
  let earliest: Remediation | undefined;
  for (const remediation of remediations) {
    if (remediation.time === null) continue;
    if (earliest === undefined || (earliest.time as Millis) > remediation.time) earliest = remediation;
  }
  const chosen = earliest ?? (remediations[0] as Remediation);
  const others = [...new Set(remediations.filter((r) => r !== chosen).map((r) => r.signal))];
  const also = others.length > 0 ? ` (also: ${others.join(', ')})` : '';
  return {
    failedId: failed.id,
    failedAt: failed.time,
    kind,
    window,
    signal: chosen.signal,
    remediationId: chosen.time === null ? null : chosen.id,
    remediatedAt: chosen.time,
    recoverySeconds: chosen.time === null ? null : (chosen.time - failed.time) / 1000,
    reason: `${chosen.reason}${also}`,
  };
}

/** The change failure rate of one window. With `failed-run`, failed runs join both counts. */
export function changeFailureRateOf(
  window: WindowName,
  deploymentsInWindow: readonly number[],
  attribution: FailureAttribution,
  benchmark: BenchmarkYear,
): ChangeFailureRate {
  const failedRuns = attribution.failedRuns.filter((f) => f.window === window).length;
  const failedDeployments = deploymentsInWindow.filter((index) => attribution.failed.has(index)).length;
  const deployments = deploymentsInWindow.length + failedRuns;
  const failed = failedDeployments + failedRuns;
  const rate = deployments === 0 ? null : failed / deployments;
  return {
    deployments,
    failedDeployments: failed,
    rate,
    tier: changeFailureRateTier(rate, benchmark),
    failedRuns,
    unattributedIncidents: attribution.unattributedIncidents.filter((i) => i.window === window).length,
    reason: rate === null ? 'no deployments in the window' : null,
  };
}

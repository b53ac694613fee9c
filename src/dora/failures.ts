/**
 * Change failure rate and failures (docs/metrics.md "Change failure rate and failures"): which
 * deployments needed remediation, what remediated them, and which deployments are remediations.
 * Everything is resolved over the whole history known at `end`, then counted per window.
 */
import { compareDeployments } from './deployments.js';
import type { History } from './history.js';
import type {
  BenchmarkYear,
  ChangeFailureRate,
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
import { revertFindings } from './reverts.js';
import {
  deploymentAt,
  failedRunOutages,
  hotfixFindings,
  incidentFindings,
  type Remediation,
  rollbackFindings,
  type SignalFindings,
} from './signals.js';
import { changeFailureRateTier } from './tiers.js';
import { windowOf, type ReportWindows } from './window.js';

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

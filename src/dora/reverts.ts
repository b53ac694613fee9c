/**
 * The revert signal (docs/metrics.md "Change failure rate and failures"): which commits a revert
 * names, and which deployments they fail.
 */
import { lastDeploymentAtOrBefore, resolveCommitRef, shipmentOfCommit, type History } from './history.js';
import type { Millis } from './model.js';
import { deploymentAt, type Remediation, type SignalFindings } from './signals.js';

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

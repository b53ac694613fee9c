/**
 * Why the numbers moved, from the records the report already holds: the failed deployments of each
 * window by the signal that found them, and the records that weigh most on this window's numbers
 * (the slowest changes, the longest recoveries). Pure; the summary's "Why it moved" section and
 * "What changed" read it, so the two never disagree.
 */
import { FAILURE_SIGNALS, type FailureSignal, type WindowName } from '../dora/model.js';
import type { Report, ReportChange, ReportFailure } from './schema.js';

/** Each failure signal as a table row names it and as a sentence counts it. */
export const SIGNAL_WORDS: Readonly<Record<FailureSignal, { readonly label: string; readonly plural: string }>> = {
  hotfix: { label: 'Hotfix', plural: 'hotfixes' },
  revert: { label: 'Revert', plural: 'reverts' },
  rollback: { label: 'Rollback', plural: 'rollbacks' },
  incident: { label: 'Incident', plural: 'incidents' },
  'failed-run': { label: 'Failed deploy run', plural: 'failed deploy runs' },
};

/** Failed deployments of a window per signal; they add up to the change failure rate's failed deployments. */
export type FailuresBySignal = Readonly<Record<FailureSignal, number>>;

/**
 * The failed deployments of `window` by the signal of their earliest remediation; each failed deploy
 * run counts once under `failed-run`, as in the change failure rate. Null when the rate is withheld.
 */
export function failuresBySignal(r: Report, window: WindowName): FailuresBySignal | null {
  const cfr = window === 'current' ? r.metrics.changeFailureRate : r.previous.changeFailureRate;
  if (cfr.withheld) return null;
  const counts = Object.fromEntries(FAILURE_SIGNALS.map((s) => [s, 0])) as Record<FailureSignal, number>;
  for (const f of r.failures) if (f.window === window && f.kind === 'deployment') counts[f.signal] += 1;
  counts['failed-run'] = cfr.failedRuns ?? 0;
  return counts;
}

/** The signal that moved most in the direction the failure rate moved, with its counts; null when none did. */
export function mainFailureSignal(r: Report): { signal: FailureSignal; now: number; before: number; total: number } | null {
  const now = failuresBySignal(r, 'current');
  const before = failuresBySignal(r, 'previous');
  const { current, previous } = r.deltas.changeFailureRate;
  if (now === null || before === null || current === null || previous === null || current === previous) return null;
  const sign = Math.sign(current - previous);
  let best: FailureSignal | null = null;
  for (const signal of FAILURE_SIGNALS) {
    const moved = sign * (now[signal] - before[signal]);
    if (moved > 0 && (best === null || moved > sign * (now[best] - before[best]))) best = signal;
  }
  if (best === null) return null;
  return { signal: best, now: now[best], before: before[best], total: r.metrics.changeFailureRate.failedDeployments ?? 0 };
}

/** The measured changes of this window with the longest lead times, longest first. */
export function slowestChanges(r: Report, limit: number): ReportChange[] {
  return r.changes
    .filter((c) => c.window === 'current' && c.status === 'measured' && c.leadTimeSeconds !== null)
    .sort((a, b) => (b.leadTimeSeconds as number) - (a.leadTimeSeconds as number))
    .slice(0, limit);
}

/** This window's failures that took longest to recover, unrecovered ones first (oldest first), then by recovery time. */
export function longestRecoveries(r: Report, limit: number): ReportFailure[] {
  const inWindow = r.failures.filter((f) => f.window === 'current');
  const unrecovered = inWindow.filter((f) => f.recoverySeconds === null).sort((a, b) => Date.parse(a.failedAt) - Date.parse(b.failedAt));
  const recovered = inWindow
    .filter((f) => f.recoverySeconds !== null)
    .sort((a, b) => (b.recoverySeconds as number) - (a.recoverySeconds as number));
  return [...unrecovered, ...recovered].slice(0, limit);
}

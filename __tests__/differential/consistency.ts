/**
 * Internal consistency of one JSON report (src/report/schema.ts), independent of the oracle: the records the report
 * lists (deployments, changes, failures, unattributed incidents, weekly trends, deltas) must add up to every count
 * and statistic of both windows. Returns the problems found, one readable line each; empty when consistent.
 */

type WindowName = 'current' | 'previous';
const WINDOWS: [WindowName, 'metrics' | 'previous'][] = [
  ['current', 'metrics'],
  ['previous', 'previous'],
];

/**
 * docs/metrics.md "Statistics", written out again: for values sorted ascending x[0..n-1] and a quantile q,
 * h = (n - 1) × q and the result is x[floor(h)] + (h - floor(h)) × (x[floor(h) + 1] - x[floor(h)]).
 * The median is q = 0.5, p90 q = 0.9, p95 q = 0.95; the mean is the arithmetic mean. No data is null.
 */
export function quantileOf(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * q;
  const lo = Math.floor(h);
  const next = x[Math.min(lo + 1, x.length - 1)]!;
  return x[lo]! + (h - lo) * (next - x[lo]!);
}

export function meanOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Equal numbers (relative tolerance 1e-9), or both null. */
export function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return true;
    return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }
  return a === b;
}

const ms = (t: string): number => Date.parse(t);
const show = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));

export function checkConsistency(report: any): string[] {
  const problems: string[] = [];
  const expectSame = (what: string, actual: unknown, expected: unknown): void => {
    if (!same(actual, expected)) problems.push(`${what}: report says ${show(actual)}, its records give ${show(expected)}`);
  };
  if (!report || typeof report !== 'object') return ['no report'];
  const days = Number(report.window?.days);
  const deployments: any[] = report.deployments ?? [];
  const changes: any[] = report.changes ?? [];
  const failures: any[] = report.failures ?? [];
  const unattributed: any[] = report.unattributedIncidents ?? [];
  const byId = new Map<string, any>();
  for (const d of deployments) {
    if (byId.has(d.id)) problems.push(`deployments: id ${d.id} listed twice`);
    byId.set(d.id, d);
  }

  // Every record sits in the window its time says (the window of its deployment).
  const windowOf = (t: number): WindowName | null => {
    const end = ms(report.window.end);
    const start = ms(report.window.start);
    const prevStart = ms(report.previousWindow.start);
    return t >= start && t < end ? 'current' : t >= prevStart && t < start ? 'previous' : null;
  };
  expectSame('window.start', ms(report.window.start), ms(report.window.end) - days * 86_400_000);
  expectSame('previousWindow.end', ms(report.previousWindow.end), ms(report.window.start));
  expectSame('previousWindow.start', ms(report.previousWindow.start), ms(report.window.end) - 2 * days * 86_400_000);
  for (let i = 0; i < deployments.length; i++) {
    const d = deployments[i]!;
    expectSame(`deployments[${d.id}].window`, d.window, windowOf(ms(d.time)));
    if (i > 0 && ms(deployments[i - 1].time) > ms(d.time)) problems.push(`deployments: ${d.id} is listed after a later deployment`);
    const shipped = changes.filter((c) => c.deploymentId === d.id).length;
    if (d.changes !== null) expectSame(`deployments[${d.id}].changes`, d.changes, shipped);
  }
  for (const c of changes) {
    const key = c.kind === 'pull_request' ? `#${c.number}` : `push ${String(c.sha).slice(0, 7)}`;
    const d = byId.get(c.deploymentId);
    if (!d) {
      problems.push(`changes[${key}]: its deployment ${c.deploymentId} is not listed`);
      continue;
    }
    expectSame(`changes[${key}].window`, c.window, d.window);
    expectSame(`changes[${key}].deployedAt`, ms(c.deployedAt), ms(d.time));
    const lead = (ms(c.deployedAt) - ms(c.start)) / 1000;
    if (c.status === 'measured') {
      expectSame(`changes[${key}].leadTimeSeconds`, c.leadTimeSeconds, lead);
      if (lead < 0) problems.push(`changes[${key}]: measured with a negative lead time ${lead}`);
    } else {
      expectSame(`changes[${key}].leadTimeSeconds (status ${c.status})`, c.leadTimeSeconds, null);
      if (c.status === 'skipped' && lead >= 0) problems.push(`changes[${key}]: skipped with a lead time of ${lead} s, not negative`);
    }
    if (c.stages && c.status === 'measured') {
      for (const [k, v] of Object.entries(c.stages)) if ((v as number) < 0) problems.push(`changes[${key}].stages.${k} is negative`);
    }
  }
  for (const f of failures) {
    if (f.kind === 'deployment') {
      const d = byId.get(f.failedId);
      if (!d) problems.push(`failures[${f.failedId}]: the failed deployment is not listed`);
      else {
        if (d.failed !== true) problems.push(`failures[${f.failedId}]: its deployment is not marked failed`);
        expectSame(`failures[${f.failedId}].window`, f.window, d.window);
        expectSame(`failures[${f.failedId}].failedAt`, ms(f.failedAt), ms(d.time));
      }
    } else {
      expectSame(`failures[run ${f.failedId}].window`, f.window, windowOf(ms(f.failedAt)));
    }
    if (f.recoverySeconds !== null) {
      expectSame(`failures[${f.failedId}].recoverySeconds`, f.recoverySeconds, (ms(f.remediatedAt) - ms(f.failedAt)) / 1000);
      if (f.recoverySeconds < 0) problems.push(`failures[${f.failedId}]: negative recovery time`);
    } else if (f.remediatedAt !== null) problems.push(`failures[${f.failedId}]: remediatedAt without recoverySeconds`);
  }
  for (const d of deployments) {
    if (d.failed === true && failures.filter((f) => f.kind === 'deployment' && f.failedId === d.id).length !== 1) {
      problems.push(`deployments[${d.id}]: failed, but not listed exactly once in failures`);
    }
  }

  for (const [w, key] of WINDOWS) {
    const m = report[key];
    if (!m) {
      problems.push(`${key}: missing`);
      continue;
    }
    const deps = deployments.filter((d) => d.window === w);
    const n = deps.length;
    const df = m.deploymentFrequency;
    expectSame(`${key}.deploymentFrequency.deployments`, df.deployments, n);
    expectSame(`${key}.deploymentFrequency.perDay`, df.perDay, n / days);
    expectSame(`${key}.deploymentFrequency.perWeek`, df.perWeek, n / (days / 7));
    expectSame(`${key}.deploymentFrequency.deploymentDays`, df.deploymentDays, new Set(deps.map((d) => String(d.time).slice(0, 10))).size);

    const lt = m.leadTime;
    if (!lt.withheld) {
      const inW = changes.filter((c) => c.window === w);
      const count = (s: string): number => inW.filter((c) => c.status === s).length;
      expectSame(`${key}.leadTime.changes`, lt.changes, count('measured'));
      expectSame(`${key}.leadTime.excluded`, lt.excluded, count('excluded'));
      expectSame(`${key}.leadTime.skipped`, lt.skipped, count('skipped'));
      expectSame(`${key}.leadTime.unmeasured`, lt.unmeasured, count('unmeasured'));
      const leads = inW.filter((c) => c.status === 'measured').map((c) => c.leadTimeSeconds as number);
      expectSame(`${key}.leadTime.medianSeconds`, lt.medianSeconds, quantileOf(leads, 0.5));
      expectSame(`${key}.leadTime.p90Seconds`, lt.p90Seconds, quantileOf(leads, 0.9));
      expectSame(`${key}.leadTime.p95Seconds`, lt.p95Seconds, quantileOf(leads, 0.95));
      expectSame(`${key}.leadTime.meanSeconds`, lt.meanSeconds, meanOf(leads));
    }

    const cfr = m.changeFailureRate;
    if (!cfr.withheld) {
      const failedDeps = deps.filter((d) => d.failed === true).length;
      const runs = cfr.failedRuns as number;
      expectSame(`${key}.changeFailureRate.deployments`, cfr.deployments, n + runs);
      expectSame(`${key}.changeFailureRate.failedDeployments`, cfr.failedDeployments, failedDeps + runs);
      expectSame(`${key}.changeFailureRate.rate`, cfr.rate, n + runs === 0 ? null : (failedDeps + runs) / (n + runs));
      const outages = failures.filter((f) => f.window === w && f.kind === 'failed-run').length;
      // An outage counts where its first failed run is; its later runs may fall in the next window.
      if (outages > runs) problems.push(`${key}: ${outages} failed-run outages listed for ${runs} failed runs`);
      expectSame(
        `${key}.changeFailureRate.failedDeployments (deployment failures listed)`,
        failedDeps,
        failures.filter((f) => f.window === w && f.kind === 'deployment').length,
      );
      if (cfr.unattributedIncidents !== undefined && cfr.unattributedIncidents !== null) {
        expectSame(
          `${key}.changeFailureRate.unattributedIncidents`,
          cfr.unattributedIncidents,
          unattributed.filter((u) => u.window === w).length,
        );
      }
    }

    const rec = m.failedDeploymentRecoveryTime;
    if (!rec.withheld) {
      const inW = failures.filter((f) => f.window === w);
      const seconds = inW.filter((f) => f.recoverySeconds !== null).map((f) => f.recoverySeconds as number);
      expectSame(`${key}.failedDeploymentRecoveryTime.recoveries`, rec.recoveries, seconds.length);
      expectSame(`${key}.failedDeploymentRecoveryTime.unrecovered`, rec.unrecovered, inW.length - seconds.length);
      expectSame(`${key}.failedDeploymentRecoveryTime.medianSeconds`, rec.medianSeconds, quantileOf(seconds, 0.5));
      expectSame(`${key}.failedDeploymentRecoveryTime.p90Seconds`, rec.p90Seconds, quantileOf(seconds, 0.9));
      expectSame(`${key}.failedDeploymentRecoveryTime.p95Seconds`, rec.p95Seconds, quantileOf(seconds, 0.95));
      expectSame(`${key}.failedDeploymentRecoveryTime.meanSeconds`, rec.meanSeconds, meanOf(seconds));
    }

    const rw = m.reworkRate;
    expectSame(`${key}.reworkRate.deployments`, rw.deployments, n);
    if (!rw.withheld) {
      const rework = deps.filter((d) => Array.isArray(d.remediates) && d.remediates.length > 0).length;
      expectSame(`${key}.reworkRate.reworkDeployments`, rw.reworkDeployments, rework);
      expectSame(`${key}.reworkRate.rate`, rw.rate, n === 0 ? null : rework / n);
    }
  }

  // Deltas repeat the headline numbers of both windows.
  const headline: [string, (m: any) => unknown][] = [
    ['deploymentFrequency', (m) => m.deploymentFrequency.perDay],
    ['leadTime', (m) => m.leadTime.medianSeconds],
    ['changeFailureRate', (m) => m.changeFailureRate.rate],
    ['failedDeploymentRecoveryTime', (m) => m.failedDeploymentRecoveryTime.medianSeconds],
    ['reworkRate', (m) => m.reworkRate.rate],
  ];
  for (const [name, get] of headline) {
    const d = report.deltas?.[name];
    if (!d) continue;
    expectSame(`deltas.${name}.current`, d.current, get(report.metrics));
    expectSame(`deltas.${name}.previous`, d.previous, get(report.previous));
  }

  // Weekly buckets of the current window: the same rules, so they add up to the window.
  const weeks: any[] | undefined = report.trends?.weekly;
  if (weeks) {
    const sum = (k: string): number => weeks.reduce((s, x) => s + (x[k] ?? 0), 0);
    expectSame('trends.weekly: deployments summed', sum('deployments'), report.metrics.deploymentFrequency.deployments);
    if (!report.metrics.leadTime.withheld) expectSame('trends.weekly: changes summed', sum('changes'), report.metrics.leadTime.changes);
    if (!report.metrics.changeFailureRate.withheld) {
      expectSame(
        'trends.weekly: failedDeployments summed',
        sum('failedDeployments'),
        deployments.filter((d) => d.window === 'current' && d.failed === true).length,
      );
    }
    expectSame('trends.weekly: days summed', sum('days'), days);
  }
  return problems;
}

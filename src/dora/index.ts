/**
 * The engine's entry point (`import { computeMetrics } from 'dora-action/engine'`): records in,
 * metrics out. No I/O; times are epoch milliseconds. docs/metrics.md is the contract for every number.
 */
import { attributeFailures, changeFailureRateOf } from './failures.js';
import { flowMetrics } from './flow.js';
import { deploymentFrequencyOf } from './frequency.js';
import { buildHistory } from './history.js';
import { leadTimeOf, measureChanges } from './lead-time.js';
import { TIERED_METRICS } from './metrics.js';
import type { CountedDeployment, Deployment, DoraInput, DoraResult, WindowMetrics, WindowName } from './model.js';
import { type DoraOutcome, outcomeOf, withheldMetrics } from './outcome.js';
import { failedDeploymentRecoveryTimeOf } from './recovery.js';
import { reworkRateOf } from './rework.js';
import { overallTier } from './tiers.js';
import { type ReportWindows, reportWindows, windowOf } from './window.js';

export * from './model.js';
export {
  AUTO_SOURCE_ORDER,
  DEFAULT_ENVIRONMENT_PATTERN,
  chooseSource,
  compareDeployments,
  deploymentsFromGitHubDeployments,
  deploymentsFromMerges,
  deploymentsFromReleases,
  deploymentsFromWorkflowRuns,
  inDeploymentOrder,
  isDeployWorkflowFile,
} from './deployments.js';
export {
  compare,
  outcomeOf,
  withheldMetrics,
  type Delta,
  type Deltas,
  type DoraOutcome,
  type ReportedWindowMetrics,
} from './outcome.js';
export { durationStats, mean, median, p90, p95, quantile } from './stats.js';
export {
  TIER_TABLES,
  changeFailureRateTier,
  deploymentFrequencyTier,
  leadTimeTier,
  overallTier,
  recoveryTimeTier,
  type TierTable,
} from './tiers.js';
export { DAY_MS, HOUR_MS, isInRange, reportWindows, windowOf, type ReportWindows, type TimeRange } from './window.js';

/**
 * Computes every metric for the window `[end - days, end)` and the previous window, judging both
 * with everything known at `end` (events at or after `end` are ignored), and what the report shows
 * of them: the metrics `input.missing` withholds, the overall tier of the rest, the deltas, the
 * weekly trends and the flow metrics.
 */
export function computeMetrics(input: DoraInput): DoraOutcome {
  const result = resultOf(input);
  const withheld = withheldMetrics(input.missing ?? []);
  // Flow metrics come from the same pull requests as lead time: none when those could not be read.
  const flow =
    input.flowPullRequests === undefined || withheld.some((w) => w.metric === 'leadTime')
      ? undefined
      : flowMetrics(input.flowPullRequests, result.window, { excludeAuthors: input.config.excludeAuthors });
  return outcomeOf(result, { withheld, ...(flow ? { flow } : {}) });
}

/**
 * When the deployment history the previous window holds begins: the first deployment on record,
 * when it completed after the previous window began (the collector reads back to the last
 * deployment before it, so none on record means none); null otherwise.
 */
function historyFrom(deployments: readonly Deployment[], windows: ReportWindows): number | null {
  const first = deployments[0];
  return first === undefined || first.time <= windows.previous.start ? null : first.time;
}

/** The metrics of both windows and the records behind them. */
function resultOf(input: DoraInput): DoraResult {
  const windows = reportWindows(input.end, input.days);
  const history = buildHistory(input);
  const benchmark = input.config.benchmark;
  const changes = measureChanges(history, windows, input.config.excludeAuthors);
  const attribution = attributeFailures(history, input, windows);

  const changesPerDeployment = new Map<string, number>();
  for (const change of changes) {
    changesPerDeployment.set(change.deploymentId, (changesPerDeployment.get(change.deploymentId) ?? 0) + 1);
  }

  const counted: (CountedDeployment & { readonly index: number })[] = [];
  history.deployments.forEach((deployment, index) => {
    const window = windowOf(deployment.time, windows);
    if (window === null) return;
    counted.push({
      index,
      deployment,
      window,
      // The latest earlier deployment sharing history with the branch; none for the first on record (docs/metrics.md "Baselines").
      baselineId: history.baselines[index] === -1 ? null : (history.deployments[history.baselines[index] as number] as Deployment).id,
      changes: changesPerDeployment.get(deployment.id) ?? 0,
      remediates: attribution.remediates.get(index) ?? [],
      failed: attribution.failed.has(index),
    });
  });

  const metricsOf = (window: WindowName): WindowMetrics => {
    const inWindow = counted.filter((d) => d.window === window);
    const deploymentFrequency = deploymentFrequencyOf(
      inWindow.map((d) => d.deployment),
      input.days,
      benchmark,
      input.likelyMisconfigured ?? null,
    );
    const leadTime = leadTimeOf(changes, window, inWindow.length, benchmark);
    const changeFailureRate = changeFailureRateOf(
      window,
      inWindow.map((d) => d.index),
      attribution,
      benchmark,
    );
    const failedDeploymentRecoveryTime = failedDeploymentRecoveryTimeOf(attribution.failures, window, benchmark);
    const metrics = {
      deploymentFrequency,
      leadTime,
      changeFailureRate,
      failedDeploymentRecoveryTime,
      reworkRate: reworkRateOf(counted, window),
    };
    return { ...metrics, overallTier: overallTier(TIERED_METRICS.map((key) => metrics[key].tier)) };
  };

  return {
    window: { start: windows.current.start, end: windows.current.end, days: input.days },
    previousWindow: { start: windows.previous.start, end: windows.previous.end, historyFrom: historyFrom(history.deployments, windows) },
    source: input.source,
    benchmark,
    metrics: metricsOf('current'),
    previous: metricsOf('previous'),
    deployments: counted.map(({ index: _index, ...deployment }) => deployment),
    changes,
    failures: attribution.failures,
    unattributedIncidents: attribution.unattributedIncidents,
  };
}

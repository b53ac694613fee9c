/**
 * A realistic engine result and report context, as literals: the report layer is built against the
 * model's types, not the engine. Metric numbers are those of the small-30d example (workflow source).
 */
import type { Change, CountedDeployment, DoraResult, Failure, WindowMetrics } from '../../src/dora/model.js';
import type { ReportContext } from '../../src/report/json.js';

export const END = Date.UTC(2026, 5, 1); // 2026-06-01T00:00:00Z
export const DAY = 86_400_000;
export const HOUR = 3_600_000;
const DAYS = 30;

export const currentMetrics: WindowMetrics = {
  deploymentFrequency: { deployments: 49, perDay: 49 / 30, perWeek: 49 / (30 / 7), deploymentDays: 19, tier: 'elite', reason: null },
  leadTime: {
    changes: 142,
    medianSeconds: 130697,
    p90Seconds: 554482.3,
    p95Seconds: 1037078.149999996,
    meanSeconds: 276292.6971830986,
    tier: 'high',
    excluded: 0,
    skipped: 0,
    unmeasured: 0,
    reason: null,
  },
  changeFailureRate: {
    deployments: 49,
    failedDeployments: 6,
    rate: 6 / 49,
    tier: 'medium',
    failedRuns: 0,
    unattributedIncidents: 0,
    reason: null,
  },
  failedDeploymentRecoveryTime: {
    recoveries: 6,
    medianSeconds: 6664,
    p90Seconds: 9325.5,
    p95Seconds: 9368.25,
    meanSeconds: 6546,
    unrecovered: 0,
    tier: 'high',
    reason: null,
  },
  reworkRate: { deployments: 49, reworkDeployments: 6, rate: 6 / 49, reason: null },
  overallTier: 'medium',
};

export const previousMetrics: WindowMetrics = {
  deploymentFrequency: { deployments: 17, perDay: 17 / 30, perWeek: 17 / (30 / 7), deploymentDays: 8, tier: 'high', reason: null },
  leadTime: {
    changes: 56,
    medianSeconds: 117571.5,
    p90Seconds: 303192.5,
    p95Seconds: 330754.5,
    meanSeconds: 159677.80357142858,
    tier: 'high',
    excluded: 0,
    skipped: 0,
    unmeasured: 5,
    reason: null,
  },
  changeFailureRate: {
    deployments: 17,
    failedDeployments: 2,
    rate: 2 / 17,
    tier: 'medium',
    failedRuns: 0,
    unattributedIncidents: 0,
    reason: null,
  },
  failedDeploymentRecoveryTime: {
    recoveries: 2,
    medianSeconds: 6022,
    p90Seconds: 8099.6,
    p95Seconds: 8359.3,
    meanSeconds: 6022,
    unrecovered: 0,
    tier: 'high',
    reason: null,
  },
  reworkRate: { deployments: 17, reworkDeployments: 2, rate: 2 / 17, reason: null },
  overallTier: 'medium',
};

/** A metric set with no data anywhere: zero deployments. */
export const emptyMetrics: WindowMetrics = {
  deploymentFrequency: { deployments: 0, perDay: 0, perWeek: 0, deploymentDays: 0, tier: 'low', reason: null },
  leadTime: {
    changes: 0,
    medianSeconds: null,
    p90Seconds: null,
    p95Seconds: null,
    meanSeconds: null,
    tier: null,
    excluded: 0,
    skipped: 0,
    unmeasured: 0,
    reason: 'no change was deployed in the window',
  },
  changeFailureRate: {
    deployments: 0,
    failedDeployments: 0,
    rate: null,
    tier: null,
    failedRuns: 0,
    unattributedIncidents: 0,
    reason: 'no deployments in the window',
  },
  failedDeploymentRecoveryTime: {
    recoveries: 0,
    medianSeconds: null,
    p90Seconds: null,
    p95Seconds: null,
    meanSeconds: null,
    unrecovered: 0,
    tier: null,
    reason: 'no failed deployment in the window',
  },
  reworkRate: { deployments: 0, reworkDeployments: 0, rate: null, reason: 'no deployments in the window' },
  overallTier: 'low',
};

const sha = (n: number): string => n.toString(16).padStart(40, 'a');

export function deployment(n: number, time: number, overrides: Partial<CountedDeployment> = {}): CountedDeployment {
  return {
    deployment: {
      id: String(9000 + n),
      time,
      sha: sha(n),
      label: `Deploy #${400 + n}`,
      url: `https://github.com/acme/shop/actions/runs/${9000 + n}`,
    },
    window: time >= END - DAYS * DAY ? 'current' : 'previous',
    baselineId: n === 0 ? null : String(9000 + n - 1),
    changes: 1,
    remediates: [],
    failed: false,
    ...overrides,
  };
}

export function change(number: number, deployed: CountedDeployment, overrides: Partial<Change> = {}): Change {
  const deployedAt = deployed.deployment.time;
  const start = deployedAt - 30 * HOUR;
  return {
    kind: 'pull_request',
    number,
    sha: sha(1000 + number),
    title: `Change number ${number}`,
    author: 'octocat',
    url: `https://github.com/acme/shop/pull/${number}`,
    start,
    openedAt: start + 2 * HOUR,
    mergedAt: deployedAt - 4 * HOUR,
    deploymentId: deployed.deployment.id,
    deployedAt,
    window: deployed.window,
    status: 'measured',
    leadTimeSeconds: 30 * 3600,
    stages: { codingSeconds: 2 * 3600, reviewSeconds: 24 * 3600, deploySeconds: 4 * 3600 },
    ...overrides,
  };
}

const d0 = deployment(0, END - 45 * DAY);
const d1 = deployment(1, END - 20 * DAY, { failed: true });
const d2 = deployment(2, END - 20 * DAY + 2 * HOUR, { remediates: ['revert'] });
const d3 = deployment(3, END - 2 * DAY, { changes: 2 });

export const failure: Failure = {
  failedId: d1.deployment.id,
  failedAt: d1.deployment.time,
  kind: 'deployment',
  window: 'current',
  signal: 'revert',
  remediationId: d2.deployment.id,
  remediatedAt: d2.deployment.time,
  recoverySeconds: 7200,
  reason: 'reverted by #103 in Deploy #402',
};

export function doraResult(overrides: Partial<DoraResult> = {}): DoraResult {
  return {
    window: { start: END - DAYS * DAY, end: END, days: DAYS },
    previousWindow: { start: END - 2 * DAYS * DAY, end: END - DAYS * DAY, historyFrom: null },
    source: 'workflow',
    benchmark: 2023,
    metrics: currentMetrics,
    previous: previousMetrics,
    deployments: [d0, d1, d2, d3],
    changes: [
      change(100, d0, { status: 'unmeasured', leadTimeSeconds: null }),
      change(101, d1, { title: 'Add cart' }),
      change(103, d2, { title: 'Revert "Add cart"', author: 'hubot' }),
      change(104, d3, { title: 'Faster checkout' }),
      change(0, d3, {
        kind: 'direct_push',
        number: null,
        sha: 'c0ffee0000000000000000000000000000000000',
        title: 'Fix typo in README',
        url: undefined,
        openedAt: null,
        mergedAt: null,
        stages: null,
      }),
    ],
    failures: [failure],
    unattributedIncidents: [],
    ...overrides,
  };
}

export function reportContext(overrides: Partial<ReportContext> = {}): ReportContext {
  return {
    repository: 'acme/shop',
    serverUrl: 'https://github.com',
    runUrl: 'https://github.com/acme/shop/actions/runs/77',
    generatedAt: END + 90_000,
    branch: 'main',
    source: {
      name: 'workflow',
      requested: 'auto',
      reason: 'the first source with deployments in the window or the one before',
      searched: [
        { source: 'deployments', deployments: 0, note: 'no deployment to an environment matching ^(production|prod|live)$' },
        { source: 'workflow', deployments: 66, note: 'successful runs of deploy.yml on main' },
      ],
    },
    complete: true,
    missing: [],
    api: { requests: 312, graphqlPoints: 45, rateLimitRemaining: 4688 },
    trigger: { event: 'schedule', pullRequest: null, releaseTag: null },
    config: {
      workflows: [],
      environment: '^(production|prod|live)$',
      failureSignals: ['hotfix', 'revert', 'rollback'],
      hotfixLabels: ['hotfix'],
      incidentLabels: ['incident'],
      incidentWindowHours: 72,
      excludeAuthors: [],
    },
    ...overrides,
  };
}

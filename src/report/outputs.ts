/**
 * Step outputs: numbers and enums only. Workflows interpolate outputs into `run:` scripts, so no
 * text anyone can write (titles, labels, branch names) may reach them. `report-path` is added by
 * the caller, which knows where the JSON was written.
 */
import type { Report } from './schema.js';

export const OUTPUT_NAMES = [
  'deployment-frequency',
  'deployment-frequency-tier',
  'deployments',
  'lead-time-seconds',
  'lead-time-tier',
  'change-failure-rate',
  'change-failure-rate-tier',
  'recovery-time-seconds',
  'recovery-time-tier',
  'rework-rate',
  'overall-tier',
  'deployment-source',
  'complete',
  'alerts',
] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

/** A number or enum as an output value; null (no data) is the empty string. */
const value = (v: number | string | boolean | null): string => (v === null ? '' : String(v));

export function reportOutputs(report: Report): Record<OutputName, string> {
  const m = report.metrics;
  /** A withheld metric's value and tier are empty, like no data: `complete` is then false. */
  const unlessWithheld = (metric: { readonly withheld: boolean }, v: number | string | null): string => (metric.withheld ? '' : value(v));
  return {
    'deployment-frequency': value(m.deploymentFrequency.perDay),
    'deployment-frequency-tier': value(m.deploymentFrequency.tier),
    deployments: value(m.deploymentFrequency.deployments),
    'lead-time-seconds': unlessWithheld(m.leadTime, m.leadTime.medianSeconds),
    'lead-time-tier': unlessWithheld(m.leadTime, m.leadTime.tier),
    'change-failure-rate': unlessWithheld(m.changeFailureRate, m.changeFailureRate.rate),
    'change-failure-rate-tier': unlessWithheld(m.changeFailureRate, m.changeFailureRate.tier),
    'recovery-time-seconds': unlessWithheld(m.failedDeploymentRecoveryTime, m.failedDeploymentRecoveryTime.medianSeconds),
    'recovery-time-tier': unlessWithheld(m.failedDeploymentRecoveryTime, m.failedDeploymentRecoveryTime.tier),
    'rework-rate': unlessWithheld(m.reworkRate, m.reworkRate.rate),
    'overall-tier': value(m.overallTier),
    'deployment-source': value(report.deploymentSource.name),
    alerts: value(report.alerts?.length ?? 0),
    complete: value(report.complete),
  };
}

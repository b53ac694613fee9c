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
] as const;
export type OutputName = (typeof OUTPUT_NAMES)[number];

/** A number or enum as an output value; null (no data) is the empty string. */
const value = (v: number | string | boolean | null): string => (v === null ? '' : String(v));

export function reportOutputs(report: Report): Record<OutputName, string> {
  const m = report.metrics;
  return {
    'deployment-frequency': value(m.deploymentFrequency.perDay),
    'deployment-frequency-tier': value(m.deploymentFrequency.tier),
    deployments: value(m.deploymentFrequency.deployments),
    'lead-time-seconds': value(m.leadTime.medianSeconds),
    'lead-time-tier': value(m.leadTime.tier),
    'change-failure-rate': value(m.changeFailureRate.rate),
    'change-failure-rate-tier': value(m.changeFailureRate.tier),
    'recovery-time-seconds': value(m.failedDeploymentRecoveryTime.medianSeconds),
    'recovery-time-tier': value(m.failedDeploymentRecoveryTime.tier),
    'rework-rate': value(m.reworkRate.rate),
    'overall-tier': value(m.overallTier),
    'deployment-source': value(report.deploymentSource.name),
    complete: value(report.complete),
  };
}

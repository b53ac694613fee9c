/**
 * Step outputs of an organisation roll-up: the same names as a repository's (numbers and enums
 * only), read from the organisation-wide metrics; `deployment-source` is empty (it varies).
 */
import type { OutputName } from '../report/outputs.js';
import type { OrgReport } from './schema.js';

/** The roll-up's file in `output-dir`. */
export const ORG_REPORT_FILE = 'dora-org.json';

const value = (v: number | string | boolean | null): string => (v === null ? '' : String(v));

export function orgOutputs(org: OrgReport): Record<OutputName, string> {
  const m = org.metrics;
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
    'deployment-source': '',
    complete: value(org.complete),
    alerts: '0',
  };
}

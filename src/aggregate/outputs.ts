/**
 * Step outputs of an organisation roll-up: the same names as a repository's (numbers and enums
 * only), read from the organisation-wide metrics; `deployment-source` is empty (it varies).
 */
import { metricOutputs, type OutputName, outputValue } from '../report/outputs.js';
import type { OrgReport } from './schema.js';

/** The roll-up's file in `output-dir`. */
export const ORG_REPORT_FILE = 'dora-org.json';

export function orgOutputs(org: OrgReport): Record<OutputName, string> {
  return {
    ...metricOutputs(org.metrics),
    'overall-tier': outputValue(org.metrics.overallTier),
    'deployment-source': '',
    complete: outputValue(org.complete),
    alerts: '0',
  };
}

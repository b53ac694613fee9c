/**
 * Step outputs of an organisation roll-up: the same names as a repository's (numbers, enums and
 * text of its own), read from the organisation-wide metrics; `deployment-source` is empty (it varies).
 */
import { metricOutputs, type OutputName, outputValue, safeRepositoryName, summaryLine } from '../report/outputs.js';
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
    'summary-line': summaryLine(orgSubject(org.repositories), org.window, org.metrics, org.complete),
  };
}

/**
 * What the roll-up's `summary-line` is about: `acme (3 repositories)` when one owner has them all,
 * `3 repositories` otherwise. The names come from report files, so only GitHub's characters pass.
 */
function orgSubject(repositories: readonly string[]): string {
  const count = `${repositories.length.toLocaleString('en-US')} ${repositories.length === 1 ? 'repository' : 'repositories'}`;
  const owners = [...new Set(repositories.map((r) => safeRepositoryName(r.split('/')[0] ?? '')))];
  return owners.length === 1 && owners[0] !== '' ? `${owners[0]} (${count})` : count;
}

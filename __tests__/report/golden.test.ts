/**
 * Golden files: the job summaries of the example datasets, rendered again and compared byte for
 * byte with __outputs__/<name>.md. A change to the summary's wording or layout shows here as a diff
 * to review, not as a test that still passes because it looks for a few phrases.
 *
 * After an intended change, write the files again and review the diff before committing:
 *
 *   UPDATE_GOLDEN=1 npx vitest run __tests__/report/golden.test.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderOrgSummary } from '../../src/aggregate/summary.js';
import type { Report } from '../../src/report/schema.js';
import { renderSummary, type SummaryOptions } from '../../src/report/summary.js';
import { loadExample, organisationReport, type RepositoryCase, repositoryReport } from './golden-reports.js';

const OUTPUTS = path.join(import.meta.dirname, '__outputs__');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
/** The footer names the action's version: pinned, so that a release does not change every golden file. */
const VERSION = '1.0.0';

const small = loadExample('small-30d');
const medium = loadExample('medium-90d');
const SMALL_UNTIL = small.now;
const MEDIUM_UNTIL = '2026-07-01T00:00:00Z';

/** Rows per detail table in most golden files: enough to show the tables, few enough to review. */
const ROWS = { maxRows: 10 };

/** The repository summaries: each example with inputs of its *.expected.json, and the events and gaps the summary reacts to. */
const REPOSITORIES: Record<string, RepositoryCase & { readonly options?: SummaryOptions }> = {
  // The defaults, every row: `auto` searches the sources in order and says what it found.
  'small-30d-auto': { dataset: small, inputs: { until: SMALL_UNTIL } },
  'small-30d-workflow': {
    dataset: small,
    inputs: {
      days: 30,
      until: SMALL_UNTIL,
      'deployment-source': 'workflow',
      'failure-signals': 'hotfix,revert,rollback',
      workflows: 'deploy.yml',
    },
    options: ROWS,
  },
  // Run by a merged pull request, with alert rules: the trigger shows that pull request's lead time, the alerts head the summary.
  'small-30d-deployments-pull-request': {
    dataset: small,
    inputs: {
      days: 30,
      until: SMALL_UNTIL,
      'deployment-source': 'deployments',
      'failure-signals': 'hotfix,revert,rollback,incident,failed-run',
    },
    trigger: { event: 'pull_request', pullRequest: 231, releaseTag: null },
    alertRules: 'lead-time above 24h\nchange-failure-rate rise 50%\ndeployment-frequency drop 50%',
    options: ROWS,
  },
  // The proxy source over a week.
  'small-30d-merges-7d': {
    dataset: small,
    inputs: { days: 7, until: SMALL_UNTIL, 'deployment-source': 'merges', 'failure-signals': 'hotfix,revert,rollback' },
    options: ROWS,
  },
  // An environment no deployment goes to: no deployments, and the hints say what to set.
  'small-30d-no-deployments': {
    dataset: small,
    inputs: { days: 30, until: SMALL_UNTIL, 'deployment-source': 'deployments', environment: '^prod-eu$' },
  },
  // 90 days under a tight byte limit: the detail tables lose rows until the summary fits.
  'medium-90d-workflow-byte-limit': {
    dataset: medium,
    inputs: {
      days: 90,
      until: MEDIUM_UNTIL,
      'deployment-source': 'workflow',
      'failure-signals': 'hotfix,revert,rollback',
      workflows: 'deploy.yml',
    },
    options: { maxBytes: 16_000 },
  },
  // Run by a release: the trigger lists what the release shipped.
  'medium-30d-releases-release': {
    dataset: medium,
    inputs: { days: 30, until: MEDIUM_UNTIL, 'deployment-source': 'releases', 'failure-signals': 'hotfix,revert,rollback' },
    trigger: { event: 'release', pullRequest: null, releaseTag: 'v1.23.0', sha: null },
    options: ROWS,
  },
  // Failed deploy runs join the failure rate's counts: the table, the breakdown and the failures say which count is which.
  'medium-30d-workflow-failed-runs': {
    dataset: medium,
    inputs: { days: 30, until: MEDIUM_UNTIL, 'deployment-source': 'workflow', 'failure-signals': 'hotfix,revert,rollback,failed-run' },
    options: ROWS,
  },
  // Issues could not be read: the metrics that need them are withheld, and the summary says so.
  'medium-30d-deployments-incomplete': {
    dataset: medium,
    inputs: {
      days: 30,
      until: MEDIUM_UNTIL,
      'deployment-source': 'deployments',
      'failure-signals': 'hotfix,revert,rollback,incident,failed-run',
    },
    missing: {
      what: 'incident issues',
      reason: '403: Resource not accessible by integration',
      withheld: ['changeFailureRate', 'failedDeploymentRecoveryTime'],
    },
    options: ROWS,
  },
};

const render = (report: Report, options: SummaryOptions = {}): string => renderSummary({ ...report, actionVersion: VERSION }, options);

/** The organisation roll-up: three repositories of one 30-day window, one of them incomplete, and one with no report. */
function organisationSummary(): string {
  const window = { days: 30, until: SMALL_UNTIL };
  const reports = [
    repositoryReport({ dataset: small, inputs: window }),
    repositoryReport({
      dataset: medium,
      repository: 'acme/catalog',
      inputs: {
        ...window,
        'deployment-source': 'workflow',
        workflows: 'deploy.yml',
        'failure-signals': 'hotfix,revert,rollback,failed-run',
      },
    }),
    repositoryReport({
      dataset: medium,
      repository: 'acme/payments',
      inputs: { ...window, 'deployment-source': 'releases', 'failure-signals': 'hotfix,revert,rollback,incident' },
      missing: {
        what: 'incident issues',
        reason: '403: Resource not accessible by integration',
        withheld: ['failedDeploymentRecoveryTime'],
      },
    }),
  ];
  const org = organisationReport(reports, ['acme/shop', 'acme/catalog', 'acme/payments', 'acme/legacy']);
  return renderOrgSummary({ ...org, actionVersion: VERSION });
}

const GOLDEN: Record<string, () => string> = {
  ...Object.fromEntries(Object.entries(REPOSITORIES).map(([name, c]) => [name, () => render(repositoryReport(c), c.options)])),
  'org-rollup': organisationSummary,
};

describe('the job summaries of the example datasets (golden files)', () => {
  for (const [name, summary] of Object.entries(GOLDEN)) {
    it(`${name}.md`, () => {
      const file = path.join(OUTPUTS, `${name}.md`);
      const text = summary();
      if (UPDATE) {
        fs.mkdirSync(OUTPUTS, { recursive: true });
        fs.writeFileSync(file, text);
      }
      expect(fs.existsSync(file), `${file} is missing: UPDATE_GOLDEN=1 npx vitest run __tests__/report/golden.test.ts`).toBe(true);
      // Byte for byte, with a readable diff when they differ.
      expect(text).toBe(fs.readFileSync(file, 'utf8'));
    });
  }

  it('keeps no golden file that no test renders', () => {
    const files = fs.readdirSync(OUTPUTS).filter((f) => f.endsWith('.md'));
    expect(files.sort()).toEqual(
      Object.keys(GOLDEN)
        .map((name) => `${name}.md`)
        .sort(),
    );
  });
});

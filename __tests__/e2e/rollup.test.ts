/**
 * Organisation roll-ups through dist/index.js: `repositories` measures several repositories in one
 * job (one client, one rate-limit budget) and rolls them up; `mode: aggregate` rolls up reports
 * downloaded to `reports-dir`, as the aggregate job of docs/org-rollup.md runs it. Both give the
 * same organisation numbers, which are sums over the repositories' own reports.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../emulator/dataset.js';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { humanizeDuration } from '../../src/report/humanize.js';
import { generateDataset } from '../support/generate-dataset.js';
import { runAction, ROOT, type ActionRun } from '../support/run-action.js';

const SMALL = path.resolve(ROOT, '__tests__/fixtures/examples/small-30d.json');
const UNTIL = '2026-06-01T00:00:00Z';
const renamed = (dataset: Dataset, name: string): Dataset => ({ ...dataset, repository: { ...dataset.repository, name } });

describe('organisation roll-up in one job, then from downloaded reports', () => {
  let emulator: Emulator;
  let many: ActionRun;
  beforeAll(async () => {
    const small = JSON.parse(fs.readFileSync(SMALL, 'utf8')) as Dataset;
    const api = renamed(generateDataset({ days: 70, now: UNTIL, prsPerDay: 4, deploysPerDay: 1.5, seed: 11 }) as Dataset, 'api');
    emulator = await startEmulator({ datasets: [small, renamed(small, 'shop-eu'), api] });
    many = await runAction({
      apiUrl: emulator.apiUrl,
      graphqlUrl: emulator.graphqlUrl,
      inputs: { repositories: 'acme/shop, acme/shop-eu, acme/api, acme/gone', days: 30, until: UNTIL, 'deployment-source': 'workflow' },
    });
  }, 120_000);
  afterAll(async () => {
    await emulator?.close();
  });

  it('measures each repository into its own folder and rolls them up, naming the one that failed', () => {
    expect(many.code, many.stdout + many.stderr).toBe(0);
    expect(many.stdout).toMatch(/::warning::acme\/gone was not measured/);
    const dir = path.join(many.dir, 'dora-report');
    const reports = ['shop', 'shop-eu', 'api'].map((name) =>
      JSON.parse(fs.readFileSync(path.join(dir, 'acme', name, 'dora-metrics.json'), 'utf8')),
    );
    const org = JSON.parse(fs.readFileSync(path.join(dir, 'dora-org.json'), 'utf8'));
    expect(org.kind).toBe('organisation');
    expect([...org.repositories].sort()).toEqual(['acme/api', 'acme/shop', 'acme/shop-eu']);
    expect(org.missing).toEqual(['acme/gone']);
    const sum = (f: (r: any) => number): number => reports.reduce((n, r) => n + f(r), 0);
    expect(org.metrics.deploymentFrequency.deployments).toBe(sum((r) => r.metrics.deploymentFrequency.deployments));
    expect(org.metrics.leadTime.changes).toBe(sum((r) => r.metrics.leadTime.changes));
    expect(org.metrics.changeFailureRate.failedDeployments).toBe(sum((r) => r.metrics.changeFailureRate.failedDeployments));
    expect(many.outputs.deployments).toBe(String(org.metrics.deploymentFrequency.deployments));
    // Rounded, in words, and in one sentence about the owner's repositories (acme/gone is missing: incomplete).
    expect(many.outputs['lead-time-seconds']).toBe(String(Math.round(org.metrics.leadTime.medianSeconds)));
    expect(many.outputs['lead-time']).toBe(humanizeDuration(org.metrics.leadTime.medianSeconds));
    expect(many.outputs['summary-line']).toMatch(
      new RegExp(
        `^acme \\(3 repositories\\), 30 days to ${UNTIL.slice(0, 10)}: deployment frequency .*, lead time ${many.outputs['lead-time']} \\(`,
      ),
    );
    expect(many.outputs['summary-line']).toMatch(/, data incomplete\.$/);
    expect(many.outputs['report-path']).toBe(path.join(dir, 'dora-org.json'));
    expect(many.summary).toContain('acme/shop-eu');
    // The organisation's own badges, from its metrics.
    const overall = JSON.parse(fs.readFileSync(path.join(dir, 'badges', 'org', 'overall.json'), 'utf8'));
    expect(overall.message).toBe(org.metrics.overallTier ?? 'n/a');
    expect(fs.readFileSync(path.join(dir, 'badges', 'org', 'lead-time.svg'), 'utf8')).toMatch(/^<svg/);
    // Only the repository that does not exist got 404s; every request was valid.
    expect(emulator.requests.filter((r) => !r.valid)).toEqual([]);
  });

  it('rolls up the same reports from reports-dir with mode: aggregate, without any request', async () => {
    const before = emulator.requests.length;
    const aggregate = await runAction({
      apiUrl: emulator.apiUrl,
      graphqlUrl: emulator.graphqlUrl,
      inputs: { mode: 'aggregate', 'reports-dir': path.join(many.dir, 'dora-report'), days: 30 },
    });
    expect(aggregate.code, aggregate.stdout + aggregate.stderr).toBe(0);
    expect(emulator.requests.length).toBe(before);
    const fromJob = JSON.parse(fs.readFileSync(path.join(many.dir, 'dora-report', 'dora-org.json'), 'utf8'));
    const rolledUp = JSON.parse(fs.readFileSync(aggregate.outputs['report-path']!, 'utf8'));
    expect(rolledUp.metrics).toEqual(fromJob.metrics);
    expect(rolledUp.tierDistribution).toEqual(fromJob.tierDistribution);
    for (const name of ['deployment-frequency', 'deployment-frequency-text', 'lead-time', 'change-failure-rate-percent'])
      expect(aggregate.outputs[name], name).toBe(many.outputs[name]);
  }, 60_000);

  it('refuses mode: aggregate without reports-dir before anything else', async () => {
    const run = await runAction({ apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, inputs: { mode: 'aggregate' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::.*`reports-dir` is empty/);
  }, 30_000);
});

describe('repositories: org:<name> with a topic filter', () => {
  it("measures the organisation's repositories that carry the topic, skipping archived ones", async () => {
    const small = JSON.parse(fs.readFileSync(SMALL, 'utf8')) as Dataset;
    const withRepo = (name: string, extra: Record<string, unknown>): Dataset =>
      ({ ...small, repository: { ...small.repository, name, ...extra } }) as Dataset;
    const emulator = await startEmulator({
      datasets: [
        withRepo('shop', { topics: ['payments'] }),
        withRepo('shop-eu', { topics: ['payments', 'eu'] }),
        withRepo('docs', { topics: [] }),
        withRepo('old-shop', { topics: ['payments'], archived: true }),
      ],
    });
    try {
      const run = await runAction({
        apiUrl: emulator.apiUrl,
        graphqlUrl: emulator.graphqlUrl,
        inputs: {
          repositories: 'org:acme, topic:payments',
          days: 30,
          until: UNTIL,
          'deployment-source': 'workflow',
          workflows: 'deploy.yml',
        },
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const org = JSON.parse(fs.readFileSync(run.outputs['report-path']!, 'utf8'));
      expect([...org.repositories].sort()).toEqual(['acme/shop', 'acme/shop-eu']);
      expect(emulator.requests.filter((r) => !r.valid)).toEqual([]);
      expect(emulator.requests.some((r) => r.path === '/orgs/acme/repos')).toBe(true);
      // The same history twice: the organisation's deployments are twice the repository's.
      expect(org.metrics.deploymentFrequency.deployments).toBe(2 * 49);
    } finally {
      await emulator.close();
    }
  }, 60_000);
});

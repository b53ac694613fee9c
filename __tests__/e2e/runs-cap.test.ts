/**
 * GitHub serves at most 1,000 runs of a filtered workflow-runs listing. A deploy workflow with
 * more runs than that in the range read must be read in full, by splitting the `created` range:
 * the deployment count has to equal the engine's count from the dataset itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/dora/index.js';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { datasetToInput } from '../support/dataset-to-input.js';
import { generateDataset } from '../support/generate-dataset.js';
import { runAction } from '../support/run-action.js';

const NOW = '2026-07-01T00:00:00Z';
const DAYS = 25;
const dataset = generateDataset({ days: 60, now: NOW, prsPerDay: 3, deploysPerDay: 25 });
const DEPLOY_WORKFLOW = dataset.workflows.find((w: any) => w.path.endsWith('/deploy.yml')).id as number;
const inputs = { until: NOW, days: DAYS, 'deployment-source': 'workflow', workflows: 'deploy.yml' } as const;

describe('deploy runs over the 1,000-result cap of the workflow-runs listing', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ dataset, port: 0 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('has more than 1,000 deploy runs in the range the action reads', () => {
    // Both windows and a day of slack before them, on the production branch.
    const from = Date.parse(NOW) - (2 * DAYS + 1) * 86_400_000;
    const inRange = dataset.workflowRuns.filter(
      (r: any) => r.workflowId === DEPLOY_WORKFLOW && r.headBranch === 'main' && Date.parse(r.createdAt) >= from,
    );
    expect(inRange.length).toBeGreaterThan(1200);
  });

  it('reads every run by splitting the `created` range, and counts what the engine counts', async () => {
    const expected = computeMetrics(datasetToInput(dataset, inputs));
    const before = emulator.requests.length;
    const run = await runAction({
      apiUrl: emulator.apiUrl,
      graphqlUrl: emulator.graphqlUrl,
      repository: 'acme/bench',
      inputs,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = run.report;
    expect(report.complete).toBe(true);
    expect(report.missing).toEqual([]);
    expect(report.deploymentSource.name).toBe('workflow');

    // Every deployment in both windows, as the engine counts them from the dataset.
    expect(report.metrics.deploymentFrequency.deployments).toBe(expected.metrics.deploymentFrequency.deployments);
    expect(report.previous.deploymentFrequency.deployments).toBe(expected.previous.deploymentFrequency.deployments);
    expect(report.metrics.deploymentFrequency.deployments + report.previous.deploymentFrequency.deployments).toBeGreaterThan(1000);
    const ids = (ds: readonly { id: string }[]) => ds.map((d) => d.id).sort();
    expect(ids(report.deployments)).toEqual(ids(expected.deployments.map((d) => d.deployment)));
    // The other metrics follow from the same deployments.
    expect(report.metrics.leadTime.changes).toBe(expected.metrics.leadTime.changes);
    expect(report.metrics.leadTime.medianSeconds).toBe(expected.metrics.leadTime.medianSeconds);
    expect(report.metrics.changeFailureRate.failedDeployments).toBe(expected.metrics.changeFailureRate.failedDeployments);

    const sent = emulator.requests.slice(before);
    expect(sent.filter((r) => !r.valid)).toEqual([]);
    expect(report.api.requests).toBe(sent.length);

    // The client split the range: several `created` values for the deploy workflow's runs.
    const runsPath = `/repos/acme/bench/actions/workflows/${DEPLOY_WORKFLOW}/runs`;
    const listings = sent.filter((r) => r.path === runsPath);
    const ranges = [...new Set(listings.map((r) => String(r.query.created)).filter((c) => c.includes('..')))];
    expect(ranges.length, ranges.join('\n')).toBeGreaterThan(1);
    // GitHub's search date syntax is `YYYY-MM-DDTHH:MM:SSZ` (or a date): no fractional seconds.
    for (const range of ranges) {
      expect.soft(range, range).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\.\.\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
    // The parts tile the first, whole range: both ends inclusive, one second apart, no gap or overlap.
    const parsed = ranges.map((c) => c.split('..').map((t) => Date.parse(t)) as [number, number]);
    const whole = parsed.reduce((a, b) => (b[1] - b[0] > a[1] - a[0] ? b : a));
    // The parts read in the end: ranges that were not split further (contain no other range).
    const contains = (q: [number, number], p: [number, number]) => q !== p && q[0] <= p[0] && p[1] <= q[1];
    const leaves = parsed.filter((p) => !parsed.some((q) => contains(p, q))).sort((a, b) => a[0] - b[0]);
    expect(leaves.length).toBeGreaterThan(1);
    expect(leaves[0]![0]).toBe(whole[0]);
    expect(leaves.at(-1)![1]).toBe(whole[1]);
    for (let i = 1; i < leaves.length; i += 1) expect(leaves[i]![0] - leaves[i - 1]![1], ranges.join('\n')).toBe(1000);
    // No listing asked past the cap (page 10 of 100 is the last GitHub serves).
    for (const r of listings) expect(Number(r.query.page ?? 1)).toBeLessThanOrEqual(10);
    // Only the deploy workflow's runs were read.
    expect(sent.filter((r) => /\/actions\/workflows\/\d+\/runs$/.test(r.path) && r.path !== runsPath)).toEqual([]);
  }, 60_000);

  it('asks for whole seconds when `until` has milliseconds, as the default (now) has', async () => {
    const withMillis = { ...inputs, until: '2026-07-01T00:00:00.250Z' };
    const expected = computeMetrics(datasetToInput(dataset, withMillis));
    const before = emulator.requests.length;
    const run = await runAction({ apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, repository: 'acme/bench', inputs: withMillis });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.report.complete).toBe(true);
    expect(run.report.metrics.deploymentFrequency.deployments).toBe(expected.metrics.deploymentFrequency.deployments);
    const sent = emulator.requests.slice(before);
    expect(sent.filter((r) => !r.valid)).toEqual([]);
    const created = sent.filter((r) => r.query.created !== undefined).map((r) => String(r.query.created));
    expect(created.length).toBeGreaterThan(0);
    for (const value of created) expect.soft(value, value).not.toMatch(/:\d{2}\.\d/);
  }, 60_000);
});

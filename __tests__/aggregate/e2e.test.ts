/**
 * The two-stage organisation workflow end to end (docs/org-rollup.md): one emulator serving three
 * repositories, the bundled action run once per repository as a matrix job runs it, the reports
 * collected one folder per artifact as actions/download-artifact lays them out, then read and
 * rolled up. The organisation's numbers are checked against a computation made here, straight
 * from the reports' events.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateReports } from '../../src/aggregate/aggregate.js';
import { readReports } from '../../src/aggregate/read-reports.js';
import { renderOrgSummary } from '../../src/aggregate/summary.js';
import { changeFailureRateTier, deploymentFrequencyTier, leadTimeTier, recoveryTimeTier } from '../../src/dora/tiers.js';
import type { Report } from '../../src/report/schema.js';
import type { Dataset } from '../emulator/dataset.js';
import { type Emulator, startEmulator } from '../emulator/server.js';
import { generateDataset } from '../support/generate-dataset.js';
import { ROOT, runAction } from '../support/run-action.js';
import { quantileOf } from './reports.js';

const SMALL = path.resolve(ROOT, '__tests__/fixtures/examples/small-30d.json');
const UNTIL = '2026-06-01T00:00:00Z';

const renamed = (dataset: Dataset, name: string): Dataset => ({ ...dataset, repository: { ...dataset.repository, name } });

/** Each matrix job: its repository and the inputs it runs with (sources may differ; the window may not). */
const JOBS: { name: string; inputs: Record<string, string | number> }[] = [
  { name: 'shop', inputs: {} },
  { name: 'shop-eu', inputs: { 'deployment-source': 'workflow', workflows: 'deploy.yml' } },
  { name: 'api', inputs: { 'deployment-source': 'workflow', 'failure-signals': 'hotfix,revert,rollback,failed-run' } },
];

describe('organisation roll-up through dist/index.js', () => {
  let emulator: Emulator;
  let collected: string;
  let reports: Report[];
  let problems: string[];

  beforeAll(async () => {
    const small = JSON.parse(fs.readFileSync(SMALL, 'utf8')) as Dataset;
    const api = renamed(generateDataset({ days: 70, now: UNTIL, prsPerDay: 4, deploysPerDay: 1.5, seed: 11 }) as Dataset, 'api');
    emulator = await startEmulator({ datasets: [small, renamed(small, 'shop-eu'), api] });
    collected = fs.mkdtempSync(path.join(os.tmpdir(), 'dora-org-'));

    // The matrix: one run per repository, in parallel as matrix jobs run, one token's rate limit.
    const runs = await Promise.all(
      JOBS.map((job) =>
        runAction({
          apiUrl: emulator.apiUrl,
          graphqlUrl: emulator.graphqlUrl,
          repository: `acme/${job.name}`,
          inputs: { repository: `acme/${job.name}`, days: 30, until: UNTIL, 'job-summary': 'false', ...job.inputs },
        }),
      ),
    );
    runs.forEach((run, i) => {
      expect(run.code, `${JOBS[i]!.name}: ${run.stdout}${run.stderr}`).toBe(0);
      // What actions/download-artifact with `pattern: dora-*` writes: one folder per artifact.
      const artifact = path.join(collected, `dora-${JOBS[i]!.name}`);
      fs.mkdirSync(artifact);
      fs.copyFileSync(path.join(run.dir, 'dora-report', 'dora-metrics.json'), path.join(artifact, 'dora-metrics.json'));
      fs.rmSync(run.dir, { recursive: true, force: true });
    });
    ({ reports, problems } = await readReports(collected));
  }, 180_000);

  afterAll(async () => {
    await emulator?.close();
    if (collected) fs.rmSync(collected, { recursive: true, force: true });
  });

  it('each run read its own repository, with requests GitHub would accept', () => {
    expect(emulator.requests.filter((r) => !r.valid)).toEqual([]);
    for (const job of JOBS) {
      expect(
        emulator.requests.some((r) => r.path.startsWith(`/repos/acme/${job.name}/`)),
        job.name,
      ).toBe(true);
    }
    expect(problems).toEqual([]);
    expect(reports.map((r) => r.repository).sort()).toEqual(['acme/api', 'acme/shop', 'acme/shop-eu']);
    expect(reports.every((r) => r.complete)).toBe(true);
    expect(reports.find((r) => r.repository === 'acme/api')?.deploymentSource.name).toBe('workflow');
  });

  for (const w of ['current', 'previous'] as const) {
    it(`gives the ${w} window's organisation numbers computed from every repository's events`, () => {
      const org = aggregateReports(reports, { benchmark: 2023, expectedRepositories: JOBS.map((j) => `acme/${j.name}`) });
      expect(org.complete).toBe(true);
      const m = w === 'current' ? org.metrics : org.previous;
      const per = (r: Report) => (w === 'current' ? r.metrics : r.previous);

      const deployments = reports.flatMap((r) => r.deployments.filter((d) => d.window === w));
      expect(m.deploymentFrequency.deployments).toBe(deployments.length);
      expect(m.deploymentFrequency.deployments).toBe(reports.reduce((n, r) => n + per(r).deploymentFrequency.deployments, 0));
      expect(m.deploymentFrequency.perDay).toBeCloseTo(deployments.length / 30, 12);
      expect(m.deploymentFrequency.deploymentDays).toBe(new Set(deployments.map((d) => d.time.slice(0, 10))).size);
      expect(m.deploymentFrequency.tier).toBe(deploymentFrequencyTier(deployments.length, 30, 2023));

      const leadTimes = reports.flatMap((r) =>
        r.changes.filter((c) => c.window === w && c.status === 'measured').map((c) => c.leadTimeSeconds!),
      );
      expect(leadTimes.length).toBeGreaterThan(50);
      expect(m.leadTime.changes).toBe(leadTimes.length);
      expect(m.leadTime.medianSeconds).toBeCloseTo(quantileOf(leadTimes, 0.5), 6);
      expect(m.leadTime.p90Seconds).toBeCloseTo(quantileOf(leadTimes, 0.9), 6);
      expect(m.leadTime.meanSeconds).toBeCloseTo(leadTimes.reduce((a, b) => a + b, 0) / leadTimes.length, 6);
      expect(m.leadTime.tier).toBe(leadTimeTier(quantileOf(leadTimes, 0.5), 2023));
      // Averaging the repositories' medians would give another number.
      const medians = reports.map((r) => per(r).leadTime.medianSeconds!);
      expect(m.leadTime.medianSeconds).not.toBeCloseTo(medians.reduce((a, b) => a + b, 0) / medians.length, 0);

      const failed = reports.reduce((n, r) => n + per(r).changeFailureRate.failedDeployments!, 0);
      const denominator = reports.reduce((n, r) => n + per(r).changeFailureRate.deployments, 0);
      expect(m.changeFailureRate).toMatchObject({ failedDeployments: failed, deployments: denominator });
      expect(m.changeFailureRate.rate).toBeCloseTo(failed / denominator, 12);
      expect(m.changeFailureRate.tier).toBe(changeFailureRateTier(failed / denominator, 2023));
      expect(m.changeFailureRate.failedRuns).toBe(per(reports.find((r) => r.repository === 'acme/api')!).changeFailureRate.failedRuns);

      const failures = reports.flatMap((r) => r.failures.filter((f) => f.window === w));
      const recovered = failures.filter((f) => f.recoverySeconds !== null).map((f) => f.recoverySeconds!);
      expect(m.failedDeploymentRecoveryTime.recoveries).toBe(recovered.length);
      expect(m.failedDeploymentRecoveryTime.unrecovered).toBe(failures.length - recovered.length);
      if (recovered.length > 0) {
        expect(m.failedDeploymentRecoveryTime.medianSeconds).toBeCloseTo(quantileOf(recovered, 0.5), 6);
        expect(m.failedDeploymentRecoveryTime.tier).toBe(recoveryTimeTier(quantileOf(recovered, 0.5), 2023));
      }

      const rework = deployments.filter((d) => (d.remediates ?? []).length > 0).length;
      expect(m.reworkRate).toMatchObject({ reworkDeployments: rework, deployments: deployments.length });
    });
  }

  it('renders the roll-up with every repository', () => {
    const org = aggregateReports(reports, { benchmark: 2023 });
    const md = renderOrgSummary(org);
    expect(md.split('\n')[0]).toMatch(/^## DORA metrics: 3 repositories, 2026-05-02 → 2026-06-01 · /);
    for (const job of JOBS) expect(md).toContain(`[acme/${job.name}](https://github.com/acme/${job.name})`);
    expect(
      org.tierDistribution.current.elite +
        org.tierDistribution.current.high +
        org.tierDistribution.current.medium +
        org.tierDistribution.current.low +
        org.tierDistribution.current.noData,
    ).toBe(3);
  });

  it("a repository the token cannot see fails its own job, not the emulator's other repositories", async () => {
    const run = await runAction({
      apiUrl: emulator.apiUrl,
      graphqlUrl: emulator.graphqlUrl,
      repository: 'acme/ghost',
      inputs: { repository: 'acme/ghost', days: 30, until: UNTIL, 'job-summary': 'false', 'max-wait': 0 },
    });
    fs.rmSync(run.dir, { recursive: true, force: true });
    expect(run.code).not.toBe(0);
    expect(run.report).toBeNull();
    expect(emulator.requests.filter((r) => r.path.startsWith('/repos/acme/ghost')).every((r) => r.status === 404)).toBe(true);
  }, 60_000);
});

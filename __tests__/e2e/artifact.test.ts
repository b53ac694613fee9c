/**
 * The artifact upload is the last step and may fail: the action then warns and still succeeds,
 * with the JSON report on disk, the outputs set and the summary written. Outside Actions (no
 * ACTIONS_RUNTIME_TOKEN) it says it is not uploading.
 */
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { runAction, ROOT, type ActionRun } from '../support/run-action.js';

const EXAMPLES = path.resolve(ROOT, '__tests__/fixtures/examples');
const DATASET = path.join(EXAMPLES, 'small-30d.json');
// The GitHub Deployments run: the upload is what is under test, not a particular source.
const EXPECTED = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'small-30d.expected.json'), 'utf8')).runs.find(
  (r: any) => r.inputs['deployment-source'] === 'deployments',
);

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A runtime token shaped like the runner's (a JWT whose `scp` claim names the run and job), so the
 * artifact client gets as far as calling ACTIONS_RESULTS_URL. Unsigned: nothing verifies it here.
 */
function dummyRuntimeToken(): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const scp =
    'Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:11111111-1111-1111-1111-111111111111:22222222-2222-2222-2222-222222222222';
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ scp, exp: Math.floor(Date.now() / 1000) + 3600 })}.sig`;
}

function expectReportOnDisk(run: ActionRun): void {
  expect(run.code, run.stdout + run.stderr).toBe(0);
  const reportPath = run.outputs['report-path']!;
  expect(reportPath).toBe(path.join(run.dir, 'dora-report', 'dora-metrics.json'));
  const report = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
  expect(report.schemaVersion).toBe(1);
  expect(report.complete).toBe(true);
  expect(report.metrics.deploymentFrequency.deployments).toBe(EXPECTED.expected.metrics.deploymentFrequency.deployments);
  expect(report.metrics.leadTime.medianSeconds).toBe(EXPECTED.expected.metrics.leadTime.medianSeconds);
  expect(report.deployments.length).toBeGreaterThan(0);
  // The outputs are set from the same report.
  expect(run.outputs.deployments).toBe(String(report.metrics.deploymentFrequency.deployments));
  expect(run.outputs['overall-tier']).toBe(report.metrics.overallTier ?? '');
  expect(run.outputs.complete).toBe('true');
  expect(run.summary).toContain('| Deployment frequency |');
  expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/^\s+at /m);
  expect(run.stdout).not.toContain('::error');
}

describe('artifact upload through dist/index.js', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ dataset: DATASET, port: 0 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const run = (env: Record<string, string>) =>
    runAction({ apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, inputs: EXPECTED.inputs, env });

  it('warns and still succeeds, with the report on disk, when the upload fails', async () => {
    const port = await closedPort();
    const result = await run({
      ACTIONS_RUNTIME_TOKEN: dummyRuntimeToken(),
      ACTIONS_RESULTS_URL: `http://127.0.0.1:${port}/`,
    });
    expectReportOnDisk(result);
    const warnings = result.stdout.split('\n').filter((l) => l.startsWith('::warning'));
    const upload = warnings.find((l) => /artifact upload failed/i.test(l));
    expect(upload, result.stdout).toBeDefined();
    // Names where the report still is.
    expect(upload).toContain(path.join(result.dir, 'dora-report'));
    // It failed calling the results service (the closed port), not before.
    expect(upload).toMatch(/CreateArtifact.*ECONNREFUSED/);
    expect(result.stdout).not.toMatch(/Uploaded artifact/);
    // The runtime token never appears in the log.
    expect(result.stdout).not.toContain(dummyRuntimeToken().split('.')[1]!);
  }, 30_000);

  it('warns and still succeeds when the runtime token is not a JWT', async () => {
    const port = await closedPort();
    const result = await run({ ACTIONS_RUNTIME_TOKEN: 'dummy', ACTIONS_RESULTS_URL: `http://127.0.0.1:${port}/` });
    expectReportOnDisk(result);
    expect(result.stdout).toMatch(/^::warning::.*artifact upload failed/im);
  }, 30_000);

  it('says it is not uploading without ACTIONS_RUNTIME_TOKEN', async () => {
    const result = await run({});
    expectReportOnDisk(result);
    const line = result.stdout.split('\n').find((l) => /not uploaded/.test(l));
    expect(line, result.stdout).toBeDefined();
    expect(line).toContain(path.join(result.dir, 'dora-report'));
    expect(line).not.toMatch(/^::warning/);
    expect(result.stdout).not.toMatch(/::warning::.*artifact/i);
  }, 30_000);
});

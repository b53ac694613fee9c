import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../emulator/server.js';
import { BLOB_HOST_PRELOAD, DATASET, EXPECTED, OTHER } from '../results-service/fault-lab.js';
import { type ResultsService, startResultsService } from '../results-service/server.js';
import { type ActionRun, runAction } from '../support/run-action.js';

/** The fidelity issue's warm budget: at most 8 requests with nothing new. */
const WARM_BUDGET = 8;
const TIMEOUT = 90_000;

let emulator: Emulator;
let service: ResultsService;
/** RUNNER_TEMP of every job, the same as on a runner: the state file's path is part of the cache version. */
let runnerTemp: string;

beforeAll(async () => {
  runnerTemp = await fsp.mkdtemp(path.join(os.tmpdir(), 'dora-runner-temp-'));
  emulator = await startEmulator({ datasets: [DATASET, OTHER], port: 0 });
  service = await startResultsService();
}, TIMEOUT);

afterAll(async () => {
  await service?.close();
  await emulator?.close();
  await fsp.rm(runnerTemp, { recursive: true, force: true });
});

async function run(
  options: { inputs?: Record<string, string | number>; env?: Record<string, string>; repository?: string } = {},
): Promise<ActionRun & { requests: number }> {
  const before = emulator.requests.length;
  const result = await runAction({
    apiUrl: emulator.apiUrl,
    graphqlUrl: emulator.graphqlUrl,
    repository: options.repository ?? 'acme/shop',
    inputs: { ...EXPECTED.inputs, ...options.inputs },
    env: { ...service.env(), NODE_OPTIONS: `--require ${BLOB_HOST_PRELOAD}`, RUNNER_TEMP: runnerTemp, ...options.env },
  });
  return { ...result, requests: emulator.requests.length - before };
}

/** The artifact's files as the real client downloads them, by path relative to the artifact root. */
async function downloadArtifact(name: string): Promise<Map<string, Buffer>> {
  const saved = { ...process.env };
  Object.assign(process.env, service.env());
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'dora-artifact-'));
  try {
    const client = new DefaultArtifactClient();
    const { artifact } = await client.getArtifact(name);
    await client.downloadArtifact(artifact.id, { path: dir });
    return await filesBelow(dir);
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

async function filesBelow(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const entry of await fsp.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(dir, full), await fsp.readFile(full));
  }
  return out;
}

const noStackTrace = (r: ActionRun): void => expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/^\s+at /m);

describe('the v2 Results service of github.com, through dist/index.js', () => {
  let cold: ActionRun & { requests: number };

  it(
    'a cold run saves its state and uploads every file of the report',
    async () => {
      cold = await run({ env: { GITHUB_RUN_ID: '5001' } });
      expect(cold.code, cold.stdout + cold.stderr).toBe(0);
      noStackTrace(cold);
      expect(cold.report.metrics.deploymentFrequency.deployments).toBe(EXPECTED.expected.metrics.deploymentFrequency.deployments);
      expect(cold.stdout).toMatch(/No cached state under dora-action-acme-shop-main-deployments-\*/);
      expect(cold.stdout).toMatch(/Saved the state for the next run as dora-action-acme-shop-main-deployments-5001-1\./);
      const saved = service.entries().filter((e) => e.finalized && e.key.startsWith('dora-action-acme-shop-main-deployments-'));
      expect(saved.map((e) => e.key)).toEqual(['dora-action-acme-shop-main-deployments-5001-1']);
      expect(cold.stdout).not.toMatch(/::(warning|error)::/);

      // The artifact holds exactly the files the report folder holds, byte for byte.
      const onDisk = await filesBelow(path.join(cold.dir, 'dora-report'));
      const uploaded = await downloadArtifact('dora-metrics');
      expect([...uploaded.keys()].sort()).toEqual([...onDisk.keys()].sort());
      expect(uploaded.size).toBeGreaterThanOrEqual(10);
      for (const [name, bytes] of onDisk) expect(uploaded.get(name)?.equals(bytes), name).toBe(true);
      expect(cold.stdout).toMatch(new RegExp(`Uploaded artifact dora-metrics \\(id \\d+, \\d+ bytes, ${onDisk.size} files\\)`));
    },
    TIMEOUT,
  );

  it(
    'a warm run restores it, reads at most 8 requests and gives the same numbers',
    async () => {
      const warm = await run({ env: { GITHUB_RUN_ID: '5002' }, inputs: { 'artifact-name': 'dora-warm' } });
      expect(warm.code, warm.stdout + warm.stderr).toBe(0);
      expect(warm.stdout).toMatch(/Restored the state saved at .* \(dora-action-acme-shop-main-deployments-5001-1\)/);
      expect(warm.requests).toBeLessThanOrEqual(WARM_BUDGET);
      expect(warm.requests).toBeLessThan(cold.requests);
      expect(warm.report.metrics).toEqual(cold.report.metrics);
      expect(warm.report.previous).toEqual(cold.report.previous);
      expect(warm.report.deployments).toEqual(cold.report.deployments);
      // The blob came through the Azure SDK's path (HEAD, then a ranged GET), as on github.com.
      const blob = service.requests.filter((r) => r.service === 'blob').map((r) => r.method);
      expect(blob).toContain('HEAD');
    },
    TIMEOUT,
  );

  it(
    'ACTIONS_CACHE_MODE=read restores but does not save, and says why',
    async () => {
      const entries = service.entries().length;
      const result = await run({ env: { GITHUB_RUN_ID: '5003', ACTIONS_CACHE_MODE: 'read' }, inputs: { 'artifact-name': 'dora-read' } });
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/Restored the state saved at/);
      expect(result.stdout).toMatch(/The state is not saved: the runner's cache-mode `read` lets this job restore but not save\./);
      expect(service.entries()).toHaveLength(entries);
      expect(result.report.metrics).toEqual(cold.report.metrics);
    },
    TIMEOUT,
  );

  it(
    "mode: aggregate downloads this run's dora-* artifacts and rolls them up",
    async () => {
      const runId = '6001';
      const env = { GITHUB_RUN_ID: runId };
      const shop = await run({ env, inputs: { 'artifact-name': 'dora-shop' } });
      const eu = await run({ env, repository: 'acme/shop-eu', inputs: { 'artifact-name': 'dora-shop-eu' } });
      expect([shop.code, eu.code]).toEqual([0, 0]);
      const org = await runAction({
        apiUrl: emulator.apiUrl,
        graphqlUrl: emulator.graphqlUrl,
        inputs: { mode: 'aggregate', 'artifact-name': 'dora-org' },
        env: { ...service.env(), NODE_OPTIONS: `--require ${BLOB_HOST_PRELOAD}`, RUNNER_TEMP: runnerTemp, ...env },
      });
      expect(org.code, org.stdout + org.stderr).toBe(0);
      noStackTrace(org);
      // Every dora-* artifact of the run but its own and the single runs' default name.
      expect(org.stdout).toMatch(/Downloaded \d+ report artifact\(s\) named dora-\*/);
      const orgReport = JSON.parse(await fsp.readFile(org.outputs['report-path']!, 'utf8'));
      expect([...orgReport.repositories].sort()).toEqual(['acme/shop', 'acme/shop-eu']);
      expect(Number(org.outputs.deployments)).toBe(shop.report.metrics.deploymentFrequency.deployments * 2);
      expect(service.artifacts().some((a) => a.name === 'dora-org' && a.finalized)).toBe(true);
    },
    TIMEOUT,
  );
});

/**
 * The example datasets (__tests__/fixtures/examples), served by the emulator, through the bundled action exactly as a
 * runner runs it: every number listed beside each dataset must come out of dist/index.js.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { runAction, ROOT } from '../support/run-action.js';

const EXAMPLES = path.resolve(ROOT, '__tests__/fixtures/examples');

interface ExpectedRun {
  inputs: Record<string, string | number>;
  expected: { metrics: Record<string, any>; previous: Record<string, any> };
}

/** Compares every expected number (floats to 6 significant digits), naming the field on failure. */
function expectNumbers(actual: any, expected: any, where: string): void {
  for (const [key, value] of Object.entries(expected)) {
    const at = `${where}.${key}`;
    if (key === 'source') continue;
    if (value !== null && typeof value === 'object') {
      expectNumbers(actual?.[key], value, at);
    } else if (typeof value === 'number' && !Number.isInteger(value)) {
      expect(actual?.[key], at).toBeCloseTo(value, 6);
    } else {
      expect(actual?.[key], at).toBe(value);
    }
  }
}

for (const name of ['small-30d', 'medium-90d']) {
  const datasetPath = path.join(EXAMPLES, `${name}.json`);
  const runs: ExpectedRun[] = JSON.parse(fs.readFileSync(path.join(EXAMPLES, `${name}.expected.json`), 'utf8')).runs;

  describe(`${name} through dist/index.js`, () => {
    let emulator: Emulator;
    beforeAll(async () => {
      emulator = await startEmulator({ dataset: datasetPath, port: 0 });
    });
    afterAll(async () => {
      await emulator?.close();
    });

    for (const run of runs) {
      const label = Object.entries(run.inputs)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      it(`gives the expected numbers for ${label}`, async () => {
        const before = emulator.requests.length;
        const result = await runAction({
          apiUrl: emulator.apiUrl,
          graphqlUrl: emulator.graphqlUrl,
          inputs: run.inputs,
        });
        expect(result.code, result.stdout + result.stderr).toBe(0);
        const report = result.report;
        expect(report.schemaVersion).toBe(1);
        expect(report.complete).toBe(true);
        expect(report.deploymentSource.name).toBe(run.expected.metrics.source);
        expectNumbers(report.metrics, run.expected.metrics, 'metrics');
        expectNumbers(report.previous, run.expected.previous, 'previous');
        // Every request the action sent is one GitHub would accept.
        const sent = emulator.requests.slice(before);
        expect(sent.filter((r) => !r.valid)).toEqual([]);
        expect(report.api.requests).toBe(sent.length);
        // Outputs carry the same numbers.
        expect(Number(result.outputs.deployments)).toBe(run.expected.metrics.deploymentFrequency.deployments);
        expect(result.outputs['overall-tier']).toBe(run.expected.metrics.overallTier ?? '');
        expect(result.summary).toContain('Deployment frequency');
        // The same pull requests give the flow metrics, reviews included, with no extra request.
        expect(report.flow.reviewDepth.pullRequests).toBeGreaterThan(0);
        expect(report.flow.timeToFirstReview.medianSeconds).toBeGreaterThan(0);
      }, 60_000);
    }
  });
}

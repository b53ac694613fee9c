/**
 * The example datasets (__tests__/fixtures/examples), through the engine: every number each `*.expected.json` gives for
 * the window (`metrics`) and the window before (`previous`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/dora/index.js';
import { datasetToInput, datasetToRun, type ActionInputs, type Dataset } from '../support/dataset-to-input.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/examples');

interface ExpectedRun {
  inputs: ActionInputs;
  expected: { metrics: Record<string, unknown>; previous: Record<string, unknown> };
}

const load = <T>(file: string): T => JSON.parse(readFileSync(path.join(EXAMPLES, file), 'utf8')) as T;

/** Asserts every number the expected record gives; floats to about six significant digits. */
function expectNumbers(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, where).toBe('number');
    const digits = Number.isInteger(expected) ? 9 : 6 - Math.max(0, Math.ceil(Math.log10(Math.abs(expected))));
    expect(actual as number, where).toBeCloseTo(expected, digits);
  } else if (expected !== null && typeof expected === 'object') {
    for (const [key, value] of Object.entries(expected)) {
      expectNumbers((actual as Record<string, unknown>)[key], value, `${where}.${key}`);
    }
  } else {
    expect(actual, where).toEqual(expected);
  }
}

for (const name of ['small-30d', 'medium-90d']) {
  describe(`${name} dataset`, () => {
    const dataset = load<Dataset>(`${name}.json`);
    const { runs } = load<{ runs: ExpectedRun[] }>(`${name}.expected.json`);

    for (const run of runs) {
      const label = Object.entries(run.inputs)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');

      it(`gives the expected numbers with ${label}`, () => {
        const result = computeMetrics(datasetToInput(dataset, run.inputs));
        for (const window of ['metrics', 'previous'] as const) {
          const { source, ...metrics } = run.expected[window];
          expect(result.source, `${window}.source`).toBe(source);
          expectNumbers(result[window], metrics, window);
        }
      });
    }

    it('auto chooses GitHub deployments, which the dataset has, and says why', () => {
      const { input, sourceReason } = datasetToRun(dataset, {});
      expect(input.source).toBe('deployments');
      expect(sourceReason).toMatch(/^\d+ GitHub deployments in the last 60 days/);
    });
  });
}

/**
 * The library entry point as published (`dora-action/engine` -> dist/engine/index.js, the built
 * bundle) computes what the source engine computes: same exports, same result for small-30d.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as source from '../src/dora/index.js';
import { datasetToInput, type ActionInputs, type Dataset } from './support/dataset-to-input.js';
import { ROOT } from './support/run-action.js';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const ENTRY = path.join(ROOT, pkg.exports['./engine']);
const dataset: Dataset = JSON.parse(fs.readFileSync(path.resolve(ROOT, '__tests__/fixtures/examples/small-30d.json'), 'utf8'));
const expected = JSON.parse(fs.readFileSync(path.resolve(ROOT, '__tests__/fixtures/examples/small-30d.expected.json'), 'utf8'));

/** dist/engine has no type declarations; the source engine's types describe what it must export. */
const loadBuilt = async (): Promise<typeof source> => (await import(pathToFileURL(ENTRY).href)) as typeof source;

describe('the built engine library (dora-action/engine)', () => {
  it('is dist/engine/index.js, an ES module exporting what src/dora/index.ts exports', async () => {
    expect(pkg.exports['./engine']).toBe('./dist/engine/index.js');
    const built = await loadBuilt();
    expect(typeof built.computeMetrics).toBe('function');
    expect(Object.keys(built).sort()).toEqual(Object.keys(source).sort());
  });

  const runs: { label: string; inputs: ActionInputs }[] = [
    { label: 'the defaults (auto source)', inputs: { until: dataset.now } },
    ...expected.runs.map((r: { inputs: ActionInputs }) => ({
      label: Object.entries(r.inputs)
        .filter(([k]) => k !== 'until')
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
      inputs: r.inputs,
    })),
    {
      label: 'releases with the incident signal',
      inputs: { until: dataset.now, 'deployment-source': 'releases', 'failure-signals': 'hotfix,revert,rollback,incident' },
    },
    {
      label: 'workflow with failed-run, benchmark 2021',
      inputs: { until: dataset.now, 'deployment-source': 'workflow', 'failure-signals': 'failed-run,hotfix', benchmark: 2021 },
    },
  ];

  for (const run of runs) {
    it(`gives the same result as src/dora for small-30d with ${run.label}`, async () => {
      const built = await loadBuilt();
      const input = datasetToInput(dataset, run.inputs);
      const fromSource = source.computeMetrics(input);
      const fromBuilt = built.computeMetrics(input);
      expect(fromBuilt).toEqual(fromSource);
      // Not vacuous: the run has deployments and measured changes.
      expect(fromSource.metrics.deploymentFrequency.deployments).toBeGreaterThan(0);
      expect(fromSource.changes.length).toBeGreaterThan(0);
    });
  }

  it('matches the numbers docs/metrics.md gives for small-30d', async () => {
    const built = await loadBuilt();
    for (const run of expected.runs) {
      const result = built.computeMetrics(datasetToInput(dataset, run.inputs));
      expect(result.source).toBe(run.expected.metrics.source);
      expect(result.metrics.deploymentFrequency.deployments).toBe(run.expected.metrics.deploymentFrequency.deployments);
      expect(result.metrics.leadTime.medianSeconds).toBe(run.expected.metrics.leadTime.medianSeconds);
      expect(result.metrics.changeFailureRate.failedDeployments).toBe(run.expected.metrics.changeFailureRate.failedDeployments);
      expect(result.previous.deploymentFrequency.deployments).toBe(run.expected.previous.deploymentFrequency.deployments);
    }
  });

  it('is pure: the same input gives the same result and is not modified', async () => {
    const built = await loadBuilt();
    const input = datasetToInput(dataset, { until: dataset.now });
    const snapshot = JSON.stringify(input);
    expect(built.computeMetrics(input)).toEqual(built.computeMetrics(input));
    expect(JSON.stringify(input)).toBe(snapshot);
  });
});

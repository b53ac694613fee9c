/**
 * Differential test: for a FIXED list of seeds, a small random repository history (generate.ts) is served by the
 * emulator, measured by the bundled action (dist/index.js, as a runner runs it) and by the oracle
 * (__tests__/oracle/oracle.ts, docs/metrics.md written out naively), with 1-3 input sets each. Every number of both
 * windows, the source, the deployments, changes and failures must agree (compare.ts), and every report must add up
 * on its own (consistency.ts). A failing seed writes its dataset, inputs and diff to a temp folder and prints it.
 *
 * More seeds, for as long as you like: `npx tsx __tests__/differential/fuzz.ts --minutes 30`.
 */
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareCase, defaultFailureDir, formatRun, pool, type RunComparison, writeCase } from './compare.js';
import { COVERAGE, coverageOf, datasetSize, type GeneratedCase, generateCase, validateDataset } from './generate.js';

/** Seeds run in CI: 1 to 64, 118 action runs; 40 to 75 s on a 2-core machine, depending on its load. */
const SEEDS: readonly number[] = Array.from({ length: 64 }, (_, i) => i + 1);
/** Action runs at once: each is a node process; the emulator serves them from this one. */
const CONCURRENCY = 2;

interface Outcome {
  c: GeneratedCase;
  runs: RunComparison[];
}

const outcomes = new Map<number, Promise<Outcome>>();
const settle = new Map<number, { resolve: (o: Outcome) => void; reject: (e: unknown) => void }>();
for (const seed of SEEDS) {
  outcomes.set(
    seed,
    new Promise<Outcome>((resolve, reject) => {
      settle.set(seed, { resolve, reject });
    }),
  );
  // A seed whose test never ran (filtered out) must not leave an unhandled rejection behind.
  outcomes.get(seed)!.catch(() => undefined);
}

beforeAll(() => {
  // Started here, awaited by each test in turn: results stream while the next seeds run.
  void pool(SEEDS, CONCURRENCY, async (seed) => {
    try {
      const c = generateCase(seed);
      settle.get(seed)!.resolve({ c, runs: await compareCase(c) });
    } catch (error) {
      settle.get(seed)!.reject(error);
    }
  });
});

describe('the fixed seeds', () => {
  it('exercise every rule the generator knows (read from the datasets and inputs themselves)', () => {
    const covered = new Set<string>();
    for (const seed of SEEDS) for (const rule of coverageOf(generateCase(seed))) covered.add(rule);
    expect(COVERAGE.filter((rule) => !covered.has(rule))).toEqual([]);
  });

  it('hold only records GitHub can: none created over a day before its commit was committed, or before the repository', () => {
    for (const seed of SEEDS) expect(validateDataset(generateCase(seed).dataset)).toEqual([]);
    // The check itself: a re-run whose first run would predate its commit (fuzz seeds 668914662, 668914698).
    const seed = SEEDS.find((s) => generateCase(s).dataset.workflowRuns.length > 0)!;
    const dataset = structuredClone(generateCase(seed).dataset);
    const run = dataset.workflowRuns[0];
    const committed = Date.parse(dataset.commits.find((c: { sha: string }) => c.sha === run.headSha).committedAt);
    run.createdAt = new Date(Math.min(committed, Date.parse(dataset.repository.createdAt)) - 2 * 86_400_000).toISOString();
    expect(validateDataset(dataset)).toEqual([
      expect.stringMatching(new RegExp(`^run ${run.id} created .*, over a day before its commit ${run.headSha} was committed$`)),
      expect.stringMatching(new RegExp(`^run ${run.id} created .*, before the repository$`)),
    ]);
  });
});

describe('the action agrees with the oracle (docs/metrics.md) on small random histories', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}`, { timeout: 120_000 }, async () => {
      const { c, runs } = await outcomes.get(seed)!;
      const failing = runs.filter((r) => r.disagreements.length > 0 || r.consistency.length > 0);
      if (failing.length > 0) {
        const dir = defaultFailureDir();
        const datasetPath = await writeCase(dir, `seed-${seed}`, c, runs);
        const text = [
          `seed ${seed}: ${failing.length} of ${runs.length} input sets disagree`,
          `features: ${c.features.join(', ')}; ${datasetSize(c.dataset)} records`,
          `dataset: ${datasetPath}`,
          `serve it: npx tsx __tests__/emulator/cli.ts --data ${datasetPath} --port 3000`,
          `case (inputs, diff): ${path.join(dir, `seed-${seed}.case.json`)}`,
          '',
          ...failing.map(formatRun),
        ].join('\n');
        console.error(text);
        expect.fail(text);
      }
      expect(runs.length).toBeGreaterThan(0);
    });
  }
});

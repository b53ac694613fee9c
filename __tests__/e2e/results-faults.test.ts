/**
 * Every fault of the runner's services in the lab (__tests__/results-service/fault-lab.ts), through
 * dist/index.js: the report written, the numbers exact, the step green (but a roll-up that cannot get
 * its reports, which fails with the cause and the fix), one line that says what happened and what it
 * means, no stack trace, and the step bounded. The scenarios run six at a time, each on a service of
 * its own; `npm run test:faults` prints the same as a table with the seconds each took.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pool } from '../differential/compare.js';
import { EDGE_SCENARIOS, EdgeLab, type EdgeResult } from '../results-service/fault-lab.js';

/**
 * Far above the slowest healthy outcome (the 10 s budget once, then 10 s for the artifact) and far
 * below what the toolkit alone waits (a stalled call: five 180 s socket timeouts). Not a timing
 * assertion: it tells a bounded wait from an unbounded one.
 */
const UNBOUNDED_SECONDS = 120;

let lab: EdgeLab;
const results = new Map<string, Promise<EdgeResult>>();

beforeAll(async () => {
  lab = await EdgeLab.start();
  const all = pool(EDGE_SCENARIOS, 6, (s) => lab.run(s));
  EDGE_SCENARIOS.forEach((s, i) => {
    const one = all.then((r) => r[i] as EdgeResult);
    one.catch(() => {});
    results.set(s.name, one);
  });
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(results.values());
  await lab?.close();
});

describe('faults of the v2 Results service and its blob storage', () => {
  for (const scenario of EDGE_SCENARIOS) {
    it(scenario.name, async () => {
      const r = await results.get(scenario.name)!;
      const log = `${r.run.stdout}\n${r.run.stderr}`;
      expect(r.line, log).not.toBeNull();
      expect(log).not.toMatch(/^\s+at /m);
      expect(r.seconds, log).toBeLessThan(UNBOUNDED_SECONDS);
      if (scenario.fails) {
        expect(r.run.code, log).toBe(1);
        expect(log.match(/::error::/g)).toHaveLength(1);
      } else {
        expect(r.run.code, log).toBe(0);
        expect(r.reportWritten).toBe(true);
        expect(r.numbersCorrect, log).toBe(true);
        // An optional service failing is no error annotation on a green step.
        expect(log).not.toMatch(/::error::/);
      }
    }, 600_000);
  }
});

/**
 * `npm run bench`: runs the bundled action against the emulator on generated and example
 * repositories and prints API requests (against the budget), wall time and peak memory.
 * Figures, not assertions: timing depends on the machine; the request counts are asserted in
 * __tests__/e2e/budget.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator } from '../emulator/server.js';
import { requestFloor } from '../support/budget.js';
import { generateDataset } from '../support/generate-dataset.js';
import { runAction, ROOT } from '../support/run-action.js';

interface Scenario {
  name: string;
  dataset: any;
  inputs: Record<string, string | number>;
  latencyMs?: number;
}

const example = (name: string): any =>
  JSON.parse(fs.readFileSync(path.resolve(ROOT, `../shared/fixtures/examples/${name}.json`), 'utf8'));

const generated = generateDataset({ days: 180, now: '2026-07-01T00:00:00Z', prsPerDay: 1000 / 180, deploysPerDay: 1000 / 180 });
const medium = example('medium-90d');
const scenarios: Scenario[] = [
  { name: 'generated 180d, 90-day window, workflow', dataset: generated, inputs: { days: 90, until: generated.now, 'deployment-source': 'workflow' } },
  { name: 'generated 180d, 90-day window, auto', dataset: generated, inputs: { days: 90, until: generated.now } },
  { name: 'generated, workflow, 50 ms latency', dataset: generated, inputs: { days: 90, until: generated.now, 'deployment-source': 'workflow' }, latencyMs: 50 },
  { name: 'medium-90d, 90 days, workflow', dataset: medium, inputs: { days: 90, until: medium.now, 'deployment-source': 'workflow', workflows: 'deploy.yml' } },
  { name: 'medium-90d, 30 days, auto', dataset: medium, inputs: { days: 30, until: medium.now, 'failure-signals': 'hotfix,revert,rollback,incident' } },
];

// Prints the child's peak resident memory on exit (no change to the action itself).
const PEAK_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss-kb='+process.resourceUsage().maxRSS+'\\n'))`;

const rows: string[][] = [];
for (const s of scenarios) {
  const emulator = await startEmulator({ dataset: s.dataset, port: 0, latencyMs: s.latencyMs });
  try {
    const started = performance.now();
    const result = await runAction({
      apiUrl: emulator.apiUrl,
      graphqlUrl: emulator.graphqlUrl,
      repository: `${s.dataset.repository.owner}/${s.dataset.repository.name}`,
      inputs: s.inputs,
      env: { NODE_OPTIONS: `--import=${PEAK_RSS}` },
    });
    const ms = performance.now() - started;
    if (result.code !== 0) throw new Error(`${s.name}: the action failed\n${result.stdout}${result.stderr}`);
    const floor = requestFloor(s.dataset, { until: String(s.inputs.until), days: Number(s.inputs.days) });
    const rss = /peak-rss-kb=(\d+)/.exec(result.stderr)?.[1];
    const byOp = new Map<string, number>();
    for (const r of emulator.requests) {
      const key = r.operation ?? `${r.method} ${r.path.replace(/\/repos\/[^/]+\/[^/]+/, '/repos/:o/:r').replace(/\/\d+\//, '/:id/')}`;
      byOp.set(key, (byOp.get(key) ?? 0) + 1);
    }
    rows.push([
      s.name,
      String(emulator.requests.length),
      `${floor.floor} / ${floor.budget}`,
      String(result.report.api.graphqlPoints),
      `${(ms / 1000).toFixed(2)} s`,
      rss ? `${(Number(rss) / 1024).toFixed(0)} MiB` : '?',
      [...byOp].map(([k, n]) => `${k}×${n}`).join(', '),
    ]);
  } finally {
    await emulator.close();
  }
}

const header = ['scenario', 'requests', 'floor / budget', 'GraphQL points', 'wall time', 'peak RSS', 'requests by operation'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 6 ? 0 : r[i]!.length))));
const line = (cells: string[]): string => cells.map((c, i) => (i === 6 ? c : c.padEnd(widths[i]!))).join(' | ');
console.log(line(header));
console.log(widths.map((w, i) => '-'.repeat(i === 6 ? 21 : w)).join('-|-'));
for (const r of rows) console.log(line(r));
console.log(`\nNode ${process.version}; wall time includes starting node and loading dist/index.js.`);

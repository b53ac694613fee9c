/**
 * `npm run bench`: runs the bundled action (dist/index.js) against the GitHub API emulator with
 * 100 ms of latency per request, on small, medium and large repositories, and prints per dataset:
 * requests (REST, GraphQL, points), the request floor and the ratio to it, wall time and peak
 * memory, cold (no cache) and warm (the state restored from the cache); then the bundle's cold start
 * and the engine alone on 100k commits and 10k deployments.
 * Figures, not assertions: timings depend on the machine (request counts are asserted in
 * __tests__/e2e/budget.test.ts). Also writes bench/results.json.
 *
 *   npm run bench [-- --latency <ms>] [-- --quick] [-- --only <text>]
 *
 * `--only` keeps the scenarios whose name contains the text (e.g. `--only large:`), to time one
 * while working on it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { computeMetrics } from '../../src/dora/index.js';
import { startCacheService } from '../cache-service/server.js';
import { startEmulator } from '../emulator/server.js';
import { requestFloor } from '../support/budget.js';
import { datasetToInput } from '../support/dataset-to-input.js';
import { generateDataset } from '../support/generate-dataset.js';
import { runAction, ROOT } from '../support/run-action.js';

const { values } = parseArgs({
  options: { latency: { type: 'string', default: '100' }, quick: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const latencyMs = Number(values.latency);

interface Scenario {
  name: string;
  dataset: any;
  inputs: Record<string, string | number>;
}

const example = (name: string): any => JSON.parse(fs.readFileSync(path.resolve(ROOT, `__tests__/fixtures/examples/${name}.json`), 'utf8'));

const small = example('small-30d');
const medium = example('medium-90d');
const scenarios: Scenario[] = [
  { name: 'small (example small-30d), 30 days, auto', dataset: small, inputs: { days: 30, until: small.now } },
  {
    name: 'medium (example medium-90d), 90 days, workflow',
    dataset: medium,
    inputs: { days: 90, until: medium.now, 'deployment-source': 'workflow', workflows: 'deploy.yml' },
  },
];
if (!values.quick) {
  const budget = generateDataset({ days: 180, now: '2026-07-01T00:00:00Z', prsPerDay: 1000 / 180, deploysPerDay: 1000 / 180, seed: 1 });
  // 200 days of history for a 90-day window: deployments before the previous window give the baseline.
  const large = generateDataset({ days: 200, now: '2026-07-01T00:00:00Z', prsPerDay: 60, deploysPerDay: 15, seed: 2 });
  // 150 days: the first deployment falls inside the previous window, so the history is read back to it.
  const young = generateDataset({ days: 150, now: '2026-07-01T00:00:00Z', prsPerDay: 60, deploysPerDay: 16, seed: 3 });
  scenarios.push(
    {
      name: 'issue example: 1,000 runs, 1,000 PRs / 180 days, 90 days, workflow',
      dataset: budget,
      inputs: { days: 90, until: budget.now, 'deployment-source': 'workflow' },
    },
    {
      name: 'large: 15 deploys, 60 PRs a day, 90 days, workflow',
      dataset: large,
      inputs: { days: 90, until: large.now, 'deployment-source': 'workflow' },
    },
    {
      name: 'large, first deployment in the previous window: 16 deploys, 60 PRs a day, 150 days of history',
      dataset: young,
      inputs: { days: 90, until: young.now, 'deployment-source': 'workflow' },
    },
  );
}

if (values.only !== undefined) scenarios.splice(0, scenarios.length, ...scenarios.filter((s) => s.name.includes(values.only!)));

// Prints the child's peak resident memory on exit (no change to the action itself).
const PEAK_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss-kb='+process.resourceUsage().maxRSS+'\\n'))`;

const results: Record<string, unknown>[] = [];
for (const s of scenarios) {
  const emulator = await startEmulator({ dataset: s.dataset, port: 0, latencyMs });
  // A runner's cache between the cold run and the warm one (same paths, new run id).
  const cacheService = await startCacheService();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'dora-bench-'));
  // @actions/cache archives relative to the workspace: both folders must exist, as on a runner.
  for (const dir of ['temp', 'workspace']) fs.mkdirSync(path.join(home, dir));
  try {
    const measure = async (runId: number) => {
      const before = emulator.requests.length;
      const started = performance.now();
      const result = await runAction({
        apiUrl: emulator.apiUrl,
        graphqlUrl: emulator.graphqlUrl,
        repository: `${s.dataset.repository.owner}/${s.dataset.repository.name}`,
        inputs: s.inputs,
        env: {
          NODE_OPTIONS: `--import=${PEAK_RSS}`,
          RUNNER_TEMP: path.join(home, 'temp'),
          GITHUB_WORKSPACE: path.join(home, 'workspace'),
          GITHUB_RUN_ID: String(runId),
          GITHUB_RUN_ATTEMPT: '1',
          ACTIONS_CACHE_URL: cacheService.url,
          ACTIONS_RUNTIME_TOKEN: cacheService.token,
        },
      });
      const wallSeconds = (performance.now() - started) / 1000;
      if (result.code !== 0) throw new Error(`${s.name}: the action failed\n${result.stdout}${result.stderr}`);
      const sent = emulator.requests.slice(before);
      const graphql = sent.filter((r) => r.operation !== null).length;
      return {
        requests: sent.length,
        rest: sent.length - graphql,
        graphql,
        points: result.report.api.graphqlPoints as number,
        complete: result.report.complete as boolean,
        wallSeconds: Number(wallSeconds.toFixed(2)),
        peakRssMiB: Math.round(Number(/peak-rss-kb=(\d+)/.exec(result.stderr)?.[1] ?? 0) / 1024),
        metrics: result.report.metrics,
      };
    };
    const cold = await measure(1);
    const warm = await measure(2);
    if (JSON.stringify(cold.metrics) !== JSON.stringify(warm.metrics))
      throw new Error(`${s.name}: the warm run's numbers differ from the cold run's`);
    const floor = requestFloor(s.dataset, { until: String(s.inputs.until), days: Number(s.inputs.days) });
    results.push({
      scenario: s.name,
      requests: cold.requests,
      rest: cold.rest,
      graphql: cold.graphql,
      graphqlPoints: cold.points,
      floor: floor.floor,
      budget: floor.budget,
      ratio: Number((cold.requests / floor.floor).toFixed(2)),
      complete: cold.complete,
      wallSeconds: cold.wallSeconds,
      peakRssMiB: cold.peakRssMiB,
      warmRequests: warm.requests,
      warmWallSeconds: warm.wallSeconds,
      warmPeakRssMiB: warm.peakRssMiB,
    });
  } finally {
    await emulator.close();
    await cacheService.close();
  }
}

// Cold start: load the bundle and stop at input validation (no request).
const coldStarts: number[] = [];
for (let i = 0; i < 5; i += 1) {
  const started = performance.now();
  await runAction({ apiUrl: 'http://127.0.0.1:9', graphqlUrl: 'http://127.0.0.1:9/graphql', inputs: { days: 'x' } });
  coldStarts.push(performance.now() - started);
}
const coldStartMs = Math.round(coldStarts.sort((a, b) => a - b)[2]!);

// The engine alone: ~100k commits and ~10k deployments.
const big = generateDataset({ days: 720, now: '2026-07-01T00:00:00Z', prsPerDay: 60, deploysPerDay: 14.5, seed: 3 });
const input = datasetToInput(big, { days: 365, until: big.now, 'deployment-source': 'deployments' });
const engineRuns: number[] = [];
for (let i = 0; i < 3; i += 1) {
  const started = performance.now();
  computeMetrics(input);
  engineRuns.push(performance.now() - started);
}
const engine = {
  commits: input.commits.length,
  deployments: input.deployments.length,
  pullRequests: input.pullRequests.length,
  medianMs: Math.round(engineRuns.sort((a, b) => a - b)[1]!),
};

const columns: [string, string][] = [
  ['scenario', 'scenario'],
  ['requests', 'requests'],
  ['rest', 'REST'],
  ['graphql', 'GraphQL'],
  ['graphqlPoints', 'points'],
  ['floor', 'floor'],
  ['ratio', 'x floor'],
  ['budget', 'budget'],
  ['complete', 'complete'],
  ['wallSeconds', 'wall s'],
  ['peakRssMiB', 'peak MiB'],
  ['warmRequests', 'warm requests'],
  ['warmWallSeconds', 'warm wall s'],
  ['warmPeakRssMiB', 'warm peak MiB'],
];
console.log(`| ${columns.map(([, h]) => h).join(' | ')} |`);
console.log(`|${columns.map(() => '---').join('|')}|`);
for (const r of results) console.log(`| ${columns.map(([k]) => String(r[k])).join(' | ')} |`);
console.log(
  `\nLatency ${latencyMs} ms per request. Bundle cold start (load dist/index.js, validate inputs, exit): ${coldStartMs} ms (median of 5).`,
);
console.log(
  `Engine alone: ${engine.commits} commits, ${engine.deployments} deployments, ${engine.pullRequests} PRs in ${engine.medianMs} ms (median of 3).`,
);
console.log(
  'Cold: no cache. Warm: the next run with the state of the cold one restored from the cache (local stand-in of the Actions cache service) and nothing new; it reports the same numbers (checked).',
);
const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`Machine: ${machine}.`);

fs.mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
fs.writeFileSync(
  path.join(ROOT, 'bench/results.json'),
  `${JSON.stringify({ generatedAt: new Date().toISOString(), machine, latencyMs, scenarios: results, coldStartMs, engine }, null, 2)}\n`,
);

/**
 * `npm run demo`: the bundled action (dist/index.js) against the GitHub API emulator serving an
 * embedded sample repository of about 90 days. Writes the summary, the JSON report and the outputs
 * to demo-output/ and prints the summary.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { startEmulator } from '../emulator/server.js';
import { runAction, ROOT } from '../support/run-action.js';

const SAMPLE = path.join(ROOT, '__tests__/fixtures/sample-repo.json');
const OUT = path.join(ROOT, 'demo-output');

const dataset = JSON.parse(await fs.readFile(SAMPLE, 'utf8'));
await fs.rm(OUT, { recursive: true, force: true });
await fs.mkdir(OUT, { recursive: true });
const emulator = await startEmulator({ dataset, port: 0 });
try {
  const started = Date.now();
  const result = await runAction({
    apiUrl: emulator.apiUrl,
    graphqlUrl: emulator.graphqlUrl,
    repository: `${dataset.repository.owner}/${dataset.repository.name}`,
    // The sample's clock: the emulator's "now". Everything else is the action's defaults.
    inputs: {
      until: dataset.now,
      'failure-signals': 'hotfix,revert,rollback,incident',
      // Shows the alerts at the top of the summary: the sample's failure rate is over 15%.
      'alert-rules': 'change-failure-rate above 15%\nlead-time above 2d\ndeployment-frequency drop 50%',
      'output-dir': path.join(OUT, 'dora-report'),
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  await fs.writeFile(path.join(OUT, 'summary.md'), result.summary);
  await fs.writeFile(path.join(OUT, 'outputs.json'), `${JSON.stringify(result.outputs, null, 2)}\n`);
  await fs.writeFile(path.join(OUT, 'action.log'), result.stdout + result.stderr);

  process.stdout.write(`${result.summary}\n`);
  const badgeDir = path.join(OUT, 'dora-report', 'badges');
  const badges = (await fs.readdir(badgeDir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  process.stdout.write('\n---\nBadges (SVG and shields.io endpoint files in demo-output/dora-report/badges/):\n');
  for (const file of badges) {
    const badge = JSON.parse(await fs.readFile(path.join(badgeDir, file), 'utf8')) as { label: string; message: string; color: string };
    process.stdout.write(`  [${badge.label} | ${badge.message}] (${badge.color})  ${file.replace(/\.json$/, '.svg')}\n`);
  }
  process.stdout.write('\nStep outputs:\n');
  for (const [name, value] of Object.entries(result.outputs)) process.stdout.write(`  ${name} = ${value}\n`);
  process.stdout.write(
    `\nThe bundled action read ${dataset.repository.owner}/${dataset.repository.name} through the emulator in ${seconds}s ` +
      `with ${emulator.requests.length} API requests. Files in ${path.relative(process.cwd(), OUT) || OUT}/: ` +
      `summary.md, dora-report/dora-metrics.json, outputs.json, action.log.\n`,
  );
  if (result.code !== 0) {
    process.stderr.write(`The action failed (exit ${result.code}):\n${result.stdout}${result.stderr}\n`);
    process.exitCode = 1;
  }
} finally {
  await emulator.close();
}

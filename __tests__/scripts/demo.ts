/**
 * `npm run demo`: the bundled action (dist/index.js) against the GitHub API emulator serving an
 * embedded sample repository of about 90 days. Writes the summary, the JSON report, the CSVs, the
 * badges and the outputs to demo-output/, and prints the summary's headline, the outputs a person
 * reads and the paths of what it wrote.
 *
 * The inputs are the defaults plus two, so the headline shows what they add: `failure-signals`
 * with `incident` (the sample labels incident issues) and three `alert-rules`.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { startEmulator } from '../emulator/server.js';
import { runAction, ROOT } from '../support/run-action.js';
import { demoHeadline } from './demo-headline.js';

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

  process.stdout.write(demoHeadline(result.summary));
  process.stdout.write(`\n---\nsummary-line = ${result.outputs['summary-line'] ?? ''}\n`);
  const files = (await fs.readdir(OUT, { recursive: true })).sort((a, b) => a.localeCompare(b));
  const shown = path.relative(process.cwd(), OUT) || OUT;
  process.stdout.write(
    `\nThe bundled action read ${dataset.repository.owner}/${dataset.repository.name} through the emulator in ${seconds}s ` +
      `with ${emulator.requests.length} API requests. The whole summary (trend charts, every deployment, change and failure) ` +
      `is in ${shown}/summary.md. Written to ${shown}/:\n`,
  );
  for (const file of files) if (path.extname(file) !== '') process.stdout.write(`  ${file}\n`);
  if (result.code !== 0) {
    process.stderr.write(`The action failed (exit ${result.code}):\n${result.stdout}${result.stderr}\n`);
    process.exitCode = 1;
  }
} finally {
  await emulator.close();
}

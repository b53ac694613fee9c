/**
 * `npm run gen -- --days 90 --deploys-per-day N --prs-per-day M --seed S [--out file.json]`:
 * writes a repository history in the format of docs/dataset-format.md (see
 * __tests__/support/generate-dataset.ts for what it holds), to stdout or --out.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { generateDataset } from '../support/generate-dataset.js';

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '90' },
    'deploys-per-day': { type: 'string', default: '3' },
    'prs-per-day': { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    now: { type: 'string', default: '2026-07-01T00:00:00Z' },
    out: { type: 'string' },
  },
});
const number = (name: keyof typeof values): number => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative number, got "${values[name]}"\n`);
    process.exit(2);
  }
  return n;
};
const dataset = generateDataset({
  days: number('days'),
  deploysPerDay: number('deploys-per-day'),
  prsPerDay: number('prs-per-day'),
  seed: number('seed'),
  now: String(values.now),
});
const json = JSON.stringify(dataset);
if (values.out) {
  fs.writeFileSync(values.out, json);
  process.stderr.write(
    `wrote ${values.out}: ${dataset.commits.length} commits, ${dataset.pullRequests.length} PRs, ${dataset.workflowRuns.length} runs, ${dataset.deployments.length} deployments, ${dataset.releases.length} releases, ${dataset.issues.length} issues\n`,
  );
} else {
  process.stdout.write(json);
}

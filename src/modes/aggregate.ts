/** `mode: aggregate`, and the organisation report every roll-up writes (docs/org-rollup.md). */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as core from '@actions/core';
import { aggregateReports, type OrgReport, readReports, renderOrgSummary, serializeOrgReport } from '../aggregate/index.js';
import { ORG_REPORT_FILE, orgOutputs } from '../aggregate/outputs.js';
import type { Config } from '../inputs/index.js';
import { downloadReports, setOutputs, uploadReport, writeFiles, writeJobSummary } from '../publish/index.js';
import { renderBadges } from '../report/badges.js';
import type { RunnerEnvironment } from '../runner.js';
import type { Run } from './run.js';

/** The artifacts `mode: aggregate` downloads when `reports-dir` is empty (docs/org-rollup.md). */
const REPORT_ARTIFACT_PREFIX = 'dora-';

/** `mode: aggregate`: the reports of a matrix of jobs, downloaded to `reports-dir`, rolled up. */
export async function runAggregate({ config, runner, services }: Run): Promise<void> {
  let reportsDir = config.reportsDir;
  if (reportsDir === '') {
    // In Actions, the matrix jobs' artifacts of this run (named `dora-*`, as docs/org-rollup.md uploads them).
    reportsDir = await fs.mkdtemp(path.join(runner.tempDir, 'dora-reports-'));
    await downloadReports(REPORT_ARTIFACT_PREFIX, config.artifactName, reportsDir, services);
  }
  const { reports, problems } = await readReports(reportsDir);
  for (const problem of problems) core.warning(problem);
  const org = aggregateReports(reports, {
    benchmark: config.benchmark,
    expectedRepositories: Array.isArray(config.repositories) && config.repositories.length > 0 ? config.repositories : undefined,
    problems,
  });
  const orgPath = await publishOrgReport(config, runner, org);
  await uploadReport(config.artifactName, config.outputDir, [orgPath], services, runner);
}

/** Writes dora-org.json (first), the org badge, the outputs and the organisation summary. */
export async function publishOrgReport(config: Config, runner: RunnerEnvironment, org: OrgReport): Promise<string> {
  await fs.mkdir(config.outputDir, { recursive: true });
  const orgPath = path.join(config.outputDir, ORG_REPORT_FILE);
  await fs.writeFile(orgPath, serializeOrgReport(org), 'utf8');
  // The organisation's badges, from its own metrics (not any repository's).
  await writeFiles(
    config.outputDir,
    renderBadges(org).map((b) => ({ path: `badges/org/${b.path}`, content: b.content })),
  );
  setOutputs({ ...orgOutputs(org), 'report-path': orgPath });
  core.info(`Organisation report written to ${orgPath} (${org.repositories.length} repositories).`);
  if (config.jobSummary) await writeJobSummary(renderOrgSummary(org), runner.stepSummary);
  return orgPath;
}

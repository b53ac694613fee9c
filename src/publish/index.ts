import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as core from '@actions/core';
import { DefaultArtifactClient } from '@actions/artifact';
import { ActionError, errorText } from '../errors.js';
import { MIN_SERVICE_BUDGET_MS, notesText, type ServiceBudget, type ServiceOutcome, timeoutText } from '../services.js';

export const REPORT_FILE = 'dora-metrics.json';

/** Writes the JSON report first, before any step that can fail; returns its path. */
export async function writeReportFile(outputDir: string, json: string): Promise<string> {
  await fs.mkdir(outputDir, { recursive: true });
  const file = path.join(outputDir, REPORT_FILE);
  await fs.writeFile(file, json, 'utf8');
  return file;
}

/** Writes files beside the report (CSV, badges/...); returns their paths. */
export async function writeFiles(outputDir: string, files: readonly { path: string; content: string }[]): Promise<string[]> {
  return Promise.all(
    files.map(async (f) => {
      const file = path.join(outputDir, f.path);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, f.content, 'utf8');
      return file;
    }),
  );
}

/** Step outputs: numbers, enums and the action's own words, never text anyone can write (see report/outputs.ts). */
export function setOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

/** `core.summary.write()` throws unless GITHUB_STEP_SUMMARY (`file`, as the runner gave it) names an existing file. */
export async function writeJobSummary(markdown: string, file: string | undefined): Promise<boolean> {
  if (!file) {
    core.info('No GITHUB_STEP_SUMMARY: the job summary is not written.');
    return false;
  }
  try {
    await fs.access(file);
  } catch {
    core.warning(`GITHUB_STEP_SUMMARY names ${file}, which does not exist: the job summary is not written.`);
    return false;
  }
  await core.summary.addRaw(markdown, true).write();
  return true;
}

/** github.com and GHE.com data residency have the artifact service; GitHub Enterprise Server does not. */
export function isGitHubEnterpriseServer(serverUrl: string | undefined): boolean {
  if (!serverUrl) return false;
  const host = new URL(serverUrl).hostname.toLowerCase();
  return !(host === 'github.com' || host.endsWith('.ghe.com') || host.endsWith('.ghe.localhost') || host === 'localhost');
}

/** What an upload needs to know of the runner (src/runner.ts). */
export interface ArtifactRunner {
  /** ACTIONS_RUNTIME_TOKEN is set: the runner's services (artifacts, cache) can be reached. */
  readonly actionsRuntime: boolean;
  /** GITHUB_SERVER_URL. */
  readonly serverUrl: string;
}

/**
 * Uploads the report directory as an artifact when running in Actions. A failed upload warns:
 * the file stays on disk and the outputs are already set. On GitHub Enterprise Server, where the
 * artifact service of @actions/artifact v2+ does not exist, the upload is skipped with a notice.
 * The upload waits what is left of `budget`, 10 s at least (src/services.ts).
 */
export async function uploadReport(
  artifactName: string,
  outputDir: string,
  files: string[],
  budget: ServiceBudget,
  runner: ArtifactRunner,
): Promise<void> {
  if (!runner.actionsRuntime) {
    core.info(`Not running in GitHub Actions: the report stays at ${outputDir} and is not uploaded.`);
    return;
  }
  if (isGitHubEnterpriseServer(runner.serverUrl)) {
    core.notice(
      `Artifact upload is not available on GitHub Enterprise Server: the report stays at ${outputDir}. Upload it with actions/upload-artifact@v3 if you need it.`,
    );
    return;
  }
  const outcome = await budget.run(async () => {
    const client = new DefaultArtifactClient();
    return client.uploadArtifact(artifactName, files, outputDir);
  }, MIN_SERVICE_BUDGET_MS);
  if (outcome.status === 'done') {
    core.info(`Uploaded artifact ${artifactName} (id ${outcome.value.id}, ${outcome.value.size} bytes, ${files.length} files).`);
    return;
  }
  const why =
    outcome.status === 'timeout'
      ? `${timeoutText('the artifact service', outcome)}, all \`max-wait\` allows`
      : `${errorText(outcome.error)}${notesText(outcome.notes)}`;
  core.warning(`The artifact upload failed (${why}); the report is still at ${outputDir}, and the step's outputs and summary are set.`);
}

/**
 * `mode: aggregate` without `reports-dir`: downloads this workflow run's artifacts named
 * `<prefix>*` (the matrix jobs' reports) into `dir`, one folder each, as actions/download-artifact
 * would. Returns how many were downloaded. The artifact client retries each call (5 attempts with
 * backoff) within `budget`; a listing or download that still fails ends the step with the cause and
 * the fix, since a roll-up missing reports would be wrong.
 */
export async function downloadReports(prefix: string, exclude: string, dir: string, budget: ServiceBudget): Promise<number> {
  const client = new DefaultArtifactClient();
  const fix =
    'Re-run the job; if it keeps failing, download the reports with actions/download-artifact (pattern `dora-*`) and set `reports-dir` to that folder';
  const fail = (what: string, outcome: Exclude<ServiceOutcome<unknown>, { status: 'done' }>) =>
    new ActionError(
      `Could not ${what}: ${
        outcome.status === 'timeout'
          ? `${timeoutText('the artifact service', outcome)}, all \`max-wait\` allows`
          : `${errorText(outcome.error)}${notesText(outcome.notes)}`
      }.`,
      fix,
    );
  const listed = await budget.run(() => client.listArtifacts({ latest: true }), MIN_SERVICE_BUDGET_MS);
  if (listed.status !== 'done') throw fail("list this run's artifacts", listed);
  const wanted = listed.value.artifacts.filter((a) => a.name.startsWith(prefix) && a.name !== exclude);
  for (const artifact of wanted) {
    const got = await budget.run(
      () => client.downloadArtifact(artifact.id, { path: path.join(dir, artifact.name) }),
      MIN_SERVICE_BUDGET_MS,
    );
    if (got.status !== 'done') throw fail(`download the artifact ${artifact.name}`, got);
  }
  core.info(`Downloaded ${wanted.length} report artifact(s) named ${prefix}* to ${dir}.`);
  return wanted.length;
}

import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as core from '@actions/core';
import { DefaultArtifactClient } from '@actions/artifact';

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

/** Step outputs: numbers and enums only (see report/outputs.ts). */
export function setOutputs(outputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
}

/** `core.summary.write()` throws unless GITHUB_STEP_SUMMARY names an existing file. */
export async function writeJobSummary(markdown: string): Promise<boolean> {
  const file = process.env.GITHUB_STEP_SUMMARY;
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

/**
 * Uploads the report directory as an artifact when running in Actions. A failed upload warns:
 * the file stays on disk and the outputs are already set. On GitHub Enterprise Server, where the
 * artifact service of @actions/artifact v2+ does not exist, the upload is skipped with a notice.
 */
export async function uploadReport(artifactName: string, outputDir: string, files: string[]): Promise<void> {
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    core.info(`Not running in GitHub Actions: the report stays at ${outputDir} and is not uploaded.`);
    return;
  }
  if (isGitHubEnterpriseServer(process.env.GITHUB_SERVER_URL)) {
    core.notice(
      `Artifact upload is not available on GitHub Enterprise Server: the report stays at ${outputDir}. Upload it with actions/upload-artifact@v3 if you need it.`,
    );
    return;
  }
  try {
    const client = new DefaultArtifactClient();
    const { id, size } = await client.uploadArtifact(artifactName, files, outputDir);
    core.info(`Uploaded artifact ${artifactName} (id ${id}, ${size} bytes).`);
  } catch (error) {
    core.warning(
      `The artifact upload failed (${error instanceof Error ? error.message : String(error)}); the report is still at ${outputDir}.`,
    );
  }
}

/**
 * `mode: aggregate` without `reports-dir`: downloads this workflow run's artifacts named
 * `<prefix>*` (the matrix jobs' reports) into `dir`, one folder each, as actions/download-artifact
 * would. Returns how many were downloaded.
 */
export async function downloadReports(prefix: string, exclude: string, dir: string): Promise<number> {
  const client = new DefaultArtifactClient();
  const { artifacts } = await client.listArtifacts({ latest: true });
  const wanted = artifacts.filter((a) => a.name.startsWith(prefix) && a.name !== exclude);
  for (const artifact of wanted) {
    await client.downloadArtifact(artifact.id, { path: path.join(dir, artifact.name) });
  }
  core.info(`Downloaded ${wanted.length} report artifact(s) named ${prefix}* to ${dir}.`);
  return wanted.length;
}

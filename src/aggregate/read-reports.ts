/**
 * Reads the repositories' reports for the roll-up: every `dora-metrics.json` below a folder, as
 * actions/download-artifact lays them out (one folder per artifact: `reports/dora-shop/dora-metrics.json`,
 * or all in one with `merge-multiple`, where only one file can keep the name). Each file is checked
 * against the report schema; a file that fails is named with the reason, never guessed at.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { ActionError } from '../errors.js';
import { type Report, reportSchema } from '../report/schema.js';

/** The file name the action writes its report to (src/publish). */
export const REPORT_FILE_NAME = 'dora-metrics.json';

/** Larger than any report the action writes (its lists are bounded by a window's events) by far. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

export interface ReadReportsResult {
  /** The valid reports, in path order. */
  readonly reports: Report[];
  /** One line per refused file: its path relative to the folder, and why. */
  readonly problems: string[];
}

/**
 * Every `dora-metrics.json` below `dir` (any depth, symbolic links not followed), validated. Throws
 * an ActionError when `dir` cannot be read at all; a file that is not a valid report, or a second
 * report of a repository already read, becomes a problem.
 */
export async function readReports(dir: string): Promise<ReadReportsResult> {
  let files: string[];
  try {
    files = await findReportFiles(dir);
  } catch (cause) {
    throw new ActionError(
      `Cannot read the reports folder ${dir}: ${(cause as Error).message}`,
      'Set `reports-dir` to the folder actions/download-artifact downloaded the `dora-*` artifacts to.',
      { cause },
    );
  }
  const reports: Report[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const where = path.relative(dir, file) || REPORT_FILE_NAME;
    const result = await readReport(file);
    if ('problem' in result) {
      problems.push(`${where}: ${result.problem}`);
      continue;
    }
    const key = result.report.repository.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push(`${where}: a second report of ${result.report.repository} (the first is ${earlier}), left out`);
      continue;
    }
    seen.set(key, where);
    reports.push(result.report);
  }
  return { reports, problems };
}

async function readReport(file: string): Promise<{ report: Report } | { problem: string }> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_REPORT_BYTES) return { problem: `${stat.size} bytes, larger than any report (${MAX_REPORT_BYTES} bytes at most)` };
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    return { problem: `cannot be read (${(error as Error).message})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON (${(error as Error).message})` };
  }
  if (json !== null && typeof json === 'object' && 'kind' in json && (json as { kind?: unknown }).kind === 'organisation') {
    return { problem: "an organisation roll-up, not a repository's report" };
  }
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) {
    const version = json !== null && typeof json === 'object' ? (json as { schemaVersion?: unknown }).schemaVersion : undefined;
    if (version !== undefined && version !== 1) {
      return { problem: `report schema version ${JSON.stringify(version)}, this action reads version 1` };
    }
    return { problem: `not a valid dora-action report:\n${indent(firstLines(z.prettifyError(parsed.error), 8))}` };
  }
  return { report: parsed.data };
}

/** Report files below `dir`, sorted by path so the order (and which duplicate wins) is the same on every run. */
async function findReportFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (at: string): Promise<void> => {
    const entries = await fs.readdir(at, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && entry.name === REPORT_FILE_NAME) out.push(full);
    }
  };
  await walk(dir);
  return out.sort();
}

function firstLines(text: string, n: number): string {
  const lines = text.split('\n');
  return lines.length <= n ? text : [...lines.slice(0, n), `… ${lines.length - n} more lines`].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

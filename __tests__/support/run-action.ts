import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * The bundle under test: dist/index.js, or DORA_DIST (a bundle built elsewhere, e.g. from an older
 * commit to show that a test fails before a fix).
 */
export const DIST = process.env.DORA_DIST ? path.resolve(process.env.DORA_DIST) : path.join(ROOT, 'dist/index.js');

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** The parsed JSON report, or null when none was written. */
  report: any;
  dir: string;
}

/** Parses the GITHUB_OUTPUT file format (`name<<delimiter` blocks) that @actions/core writes. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== m[2]; i += 1) value.push(lines[i]!);
    outputs[m[1]!] = value.join('\n');
  }
  return outputs;
}

/**
 * Runs `node dist/index.js` exactly as a runner does: INPUT_* variables, GITHUB_* variables,
 * an event payload file, a summary file and an output file. Asynchronous, so an emulator in this
 * process keeps serving while the action runs.
 */
export async function runAction(options: {
  apiUrl: string;
  graphqlUrl: string;
  inputs: Record<string, string | number | boolean>;
  repository?: string;
  eventName?: string;
  payload?: unknown;
  env?: Record<string, string>;
  node?: string;
}): Promise<ActionRun> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dora-e2e-'));
  const summaryFile = path.join(dir, 'summary.md');
  const outputFile = path.join(dir, 'output.txt');
  const eventFile = path.join(dir, 'event.json');
  await fs.writeFile(summaryFile, '');
  await fs.writeFile(outputFile, '');
  await fs.writeFile(eventFile, JSON.stringify(options.payload ?? {}));
  const inputs = { 'output-dir': path.join(dir, 'dora-report'), ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_API_URL: options.apiUrl,
    GITHUB_GRAPHQL_URL: options.graphqlUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: options.repository ?? 'acme/shop',
    GITHUB_EVENT_NAME: options.eventName ?? 'schedule',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, String(v)])),
    ...options.env,
  };
  if (!('INPUT_TOKEN' in env)) env.INPUT_TOKEN = 'test-token';
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(options.node ?? process.execPath, [DIST], { env, cwd: dir, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
  const outputs = parseOutputFile(await fs.readFile(outputFile, 'utf8'));
  const summary = await fs.readFile(summaryFile, 'utf8');
  let report: any = null;
  try {
    report = JSON.parse(await fs.readFile(path.join(String(inputs['output-dir']), 'dora-metrics.json'), 'utf8'));
  } catch {
    report = null;
  }
  return { code, stdout, stderr, outputs, summary, report, dir };
}

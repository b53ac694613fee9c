/**
 * Differential comparison: one dataset served by the emulator, the bundled action (dist/index.js) run on it as a
 * runner runs it, and the oracle (__tests__/oracle/oracle.ts) run on the same dataset and inputs. Every number of
 * `metrics` and `previous` the oracle computes is compared (relative tolerance 1e-9), and so are the source chosen,
 * the deployments counted per window, the changes per window and status, the failed (and rework) deployments, and
 * the failures' recovery times. The result lists each disagreement by field, for a readable diff.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator } from '../emulator/server.js';
import { OracleInputError, type OracleResult, oracle } from '../oracle/oracle.js';
import { runAction } from '../support/run-action.js';
import { checkConsistency, same } from './consistency.js';
import type { CaseInputs, GeneratedCase } from './generate.js';

export interface Disagreement {
  /** Which field: `metrics.leadTime.changes`, `previous.deployments`, `source`, `action.exit`, ... */
  field: string;
  action: unknown;
  oracle: unknown;
  /** Extra text (stderr, record details). */
  note?: string;
}

export interface RunComparison {
  inputs: CaseInputs;
  disagreements: Disagreement[];
  /** Problems of the report on its own (consistency.ts). */
  consistency: string[];
  code: number;
  report: any;
  oracle: OracleResult | null;
}

const WINDOWS: ['current' | 'previous', 'metrics' | 'previous'][] = [
  ['current', 'metrics'],
  ['previous', 'previous'],
];

/**
 * The report may name GitHub Deployments by node id (`DE_...`); the dataset and the oracle by numeric id. Both forms
 * the emulator issues are read here (its own, base64url of the id; GitHub's, base64url of the MessagePack array
 * `[0, repositoryId, databaseId]`) without importing the emulator, whose internals change.
 */
export function plainId(id: unknown): string {
  const s = String(id);
  const m = /^DE_([A-Za-z0-9_-]+)$/.exec(s);
  if (!m) return s;
  const bytes = Buffer.from(m[1]!, 'base64url');
  const text = bytes.toString('utf8');
  if (/^\d+$/.test(text)) return text;
  // MessagePack: fixarray of 3 (0x93), then unsigned integers: positive fixint, or uint8/16/32/64 (0xcc-0xcf).
  if (bytes[0] !== 0x93) return s;
  let at = 1;
  const uint = (): number | null => {
    const b = bytes[at++];
    if (b === undefined) return null;
    if (b <= 0x7f) return b;
    const width = { 204: 1, 205: 2, 206: 4, 207: 8 }[b];
    if (width === undefined || at + width > bytes.length) return null;
    let v = 0;
    for (let i = 0; i < width; i++) v = v * 256 + bytes[at++]!;
    return v;
  };
  const values = [uint(), uint(), uint()];
  return values[0] === 0 && values[2] !== null ? String(values[2]) : s;
}

const changeKey = (kind: string, number: number | null, sha: string): string =>
  kind === 'pr' || kind === 'pull_request' ? `#${number}` : `push ${sha.slice(0, 7)}`;

const sorted = (xs: Iterable<string>): string[] => [...xs].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

/** Compares the oracle's window with the report's, field by field, over every field the oracle has. */
function compareWindow(prefix: string, actual: any, expected: any, out: Disagreement[]): void {
  for (const [k, v] of Object.entries(expected)) {
    if (k === 'source') continue; // compared once, as `source`
    const field = `${prefix}.${k}`;
    if (v !== null && typeof v === 'object') compareWindow(field, actual?.[k], v, out);
    else if (!same(actual?.[k], v)) out.push({ field, action: actual?.[k], oracle: v });
  }
}

function compareSets(field: string, actual: Iterable<string>, expected: Iterable<string>, out: Disagreement[], note?: string): void {
  const a = new Set(actual);
  const e = new Set(expected);
  const onlyAction = sorted([...a].filter((x) => !e.has(x)));
  const onlyOracle = sorted([...e].filter((x) => !a.has(x)));
  if (onlyAction.length > 0 || onlyOracle.length > 0) {
    out.push({ field, action: onlyAction, oracle: onlyOracle, note: note ?? 'only in the action / only in the oracle' });
  }
}

/** Every disagreement between one report and the oracle's result. */
export function compareReport(report: any, expected: OracleResult): Disagreement[] {
  const out: Disagreement[] = [];
  if (report.deploymentSource?.name !== expected.source) {
    out.push({ field: 'source', action: report.deploymentSource?.name, oracle: expected.source, note: report.deploymentSource?.reason });
  }
  if (report.complete !== true)
    out.push({ field: 'complete', action: report.complete, oracle: true, note: JSON.stringify(report.missing) });
  for (const [, key] of WINDOWS) {
    for (const metric of ['leadTime', 'changeFailureRate', 'failedDeploymentRecoveryTime', 'reworkRate']) {
      const m = report[key]?.[metric];
      if (m?.withheld) out.push({ field: `${key}.${metric}.withheld`, action: true, oracle: false, note: m.reason });
    }
    compareWindow(key, report[key], expected[key], out);
  }

  for (const [w] of WINDOWS) {
    const actualDeps: any[] = (report.deployments ?? []).filter((d: any) => d.window === w);
    const oracleDeps = expected.deployments.filter((d) => d.window === w);
    compareSets(
      `${w}.deployments`,
      actualDeps.map((d) => plainId(d.id)),
      oracleDeps.map((d) => String(d.id)),
      out,
    );
    compareSets(
      `${w}.failedDeployments`,
      actualDeps.filter((d) => d.failed === true).map((d) => plainId(d.id)),
      oracleDeps.filter((d) => d.failed).map((d) => String(d.id)),
      out,
    );
    compareSets(
      `${w}.reworkDeployments`,
      actualDeps.filter((d) => (d.remediates ?? []).length > 0).map((d) => plainId(d.id)),
      oracleDeps.filter((d) => d.rework).map((d) => String(d.id)),
      out,
    );
    for (const status of ['measured', 'excluded', 'skipped', 'unmeasured']) {
      compareSets(
        `${w}.changes.${status}`,
        (report.changes ?? [])
          .filter((c: any) => c.window === w && c.status === status)
          .map((c: any) => changeKey(c.kind, c.number, c.sha)),
        expected.changes.filter((c) => c.window === w && c.status === status).map((c) => changeKey(c.kind, c.number, c.sha)),
        out,
      );
    }
    // Failures: which ones, and their recovery.
    const actualFailures = new Map<string, any>(
      (report.failures ?? []).filter((f: any) => f.window === w).map((f: any) => [`${f.kind} ${plainId(f.failedId)}`, f]),
    );
    const oracleFailures = new Map(expected.failures.filter((f) => f.window === w).map((f) => [`${f.kind} ${String(f.deployment)}`, f]));
    compareSets(`${w}.failures`, actualFailures.keys(), oracleFailures.keys(), out);
    for (const [k, f] of oracleFailures) {
      const a = actualFailures.get(k);
      if (a && !same(a.recoverySeconds, f.recoverySeconds)) {
        out.push({
          field: `${w}.failures.recoverySeconds`,
          action: a.recoverySeconds,
          oracle: f.recoverySeconds,
          note: `${k}: action remediated by ${a.remediationId} at ${a.remediatedAt} (${a.signal}); oracle at ${f.remediationTime} (${f.signals.join(',')})`,
        });
      }
    }
  }
  // Changes both count in the same window and status: the same deployment and lead time?
  const oracleChanges = new Map(expected.changes.filter((c) => c.window !== null).map((c) => [changeKey(c.kind, c.number, c.sha), c]));
  for (const c of report.changes ?? []) {
    const k = changeKey(c.kind, c.number, c.sha);
    const o = oracleChanges.get(k);
    if (!o || o.window !== c.window || o.status !== c.status) continue;
    if (plainId(c.deploymentId) !== String(o.deployment)) {
      out.push({ field: 'changes.deployment', action: plainId(c.deploymentId), oracle: String(o.deployment), note: k });
    }
    if (c.status === 'measured' && !same(c.leadTimeSeconds, o.leadSeconds)) {
      out.push({
        field: 'changes.leadTimeSeconds',
        action: c.leadTimeSeconds,
        oracle: o.leadSeconds,
        note: `${k}: start action ${c.start}, oracle ${o.start}`,
      });
    }
  }
  return out;
}

/** The emulator, the action and the oracle on one dataset and its input sets (run one after another). */
export async function compareCase(c: { dataset: any; inputs: CaseInputs[] }): Promise<RunComparison[]> {
  const emulator = await startEmulator({ dataset: c.dataset, port: 0 });
  const results: RunComparison[] = [];
  try {
    for (const inputs of c.inputs) {
      const before = emulator.requests.length;
      const run = await runAction({
        apiUrl: emulator.apiUrl,
        graphqlUrl: emulator.graphqlUrl,
        repository: `${c.dataset.repository.owner}/${c.dataset.repository.name}`,
        inputs: { ...inputs, cache: 'false', 'job-summary': 'false' },
      });
      await fs.rm(run.dir, { recursive: true, force: true });
      const disagreements: Disagreement[] = [];
      let expected: OracleResult | null = null;
      let inputError: OracleInputError | null = null;
      try {
        expected = oracle(c.dataset, inputs);
      } catch (error) {
        if (error instanceof OracleInputError) inputError = error;
        else disagreements.push({ field: 'oracle.error', action: null, oracle: String(error) });
      }
      const invalid = emulator.requests.slice(before).filter((r) => !r.valid || r.status >= 500);
      if (invalid.length > 0) {
        disagreements.push({
          field: 'emulator.requests',
          action: invalid.map((r) => `${r.method} ${r.path} ${r.status} ${r.errors.join('; ')}`),
          oracle: [],
          note: 'requests GitHub would reject, or emulator errors',
        });
      }
      // The definitions call these inputs an error: the action must stop with one `::error::` naming the input.
      const errorLine = /::error::(.*)/.exec(run.stdout)?.[1] ?? '';
      if (inputError && !(run.code !== 0 && errorLine.includes(`\`${inputError.input}\``))) {
        disagreements.push({
          field: 'action.inputError',
          action: run.code === 0 ? 'numbers' : errorLine || `exit ${run.code}`,
          oracle: inputError.message,
          note: `expected a clear error naming \`${inputError.input}\``,
        });
      } else if (inputError) {
        // agreed: a clear error, no report to compare
      } else if (run.code !== 0 || !run.report) {
        const tail = (s: string): string => s.split('\n').slice(-25).join('\n');
        disagreements.push({
          field: 'action.exit',
          action: run.code,
          oracle: expected ? 'numbers' : 'error',
          note: `stderr:\n${tail(run.stderr)}\nstdout (tail):\n${tail(run.stdout)}`,
        });
      } else if (expected) {
        disagreements.push(...compareReport(run.report, expected));
      }
      results.push({
        inputs,
        disagreements,
        consistency: run.report ? checkConsistency(run.report) : [],
        code: run.code,
        report: run.report,
        oracle: expected,
      });
    }
  } finally {
    await emulator.close();
  }
  return results;
}

/** Runs `jobs` with at most `concurrency` at a time, in order of results. */
export async function pool<T, R>(items: readonly T[], concurrency: number, job: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

const fmt = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** A readable diff of one run. */
export function formatRun(r: RunComparison): string {
  const lines: string[] = [`inputs: ${JSON.stringify(r.inputs)}`];
  for (const d of r.disagreements) {
    lines.push(
      `  ${d.field}: action ${fmt(d.action)} | oracle ${fmt(d.oracle)}${d.note ? `\n      ${d.note.replace(/\n/g, '\n      ')}` : ''}`,
    );
  }
  for (const p of r.consistency) lines.push(`  consistency: ${p}`);
  return lines.join('\n');
}

/** Every field that differs, windows merged (`*.leadTime.changes`). */
export function fieldsOf(r: RunComparison): string[] {
  const fields = new Set<string>();
  for (const d of r.disagreements) fields.add(d.field.replace(/^(metrics|previous|current)\./, '*.'));
  for (const p of r.consistency)
    fields.add(
      `consistency: ${p
        .split(':')[0]!
        .replace(/^(metrics|previous)\./, '*.')
        .replace(/\[[^\]]*\]/g, '[]')}`,
    );
  return sorted(fields);
}

/** Fields that follow from others (a rate from its counts, a tier from its value, statistics from the list). */
const DERIVED = /(\.tier|\.overallTier|\.rate|\.perDay|\.perWeek|Seconds)$/;

/**
 * The class of a run's disagreement: its differing fields, windows merged, without the fields that only follow from
 * others (when anything else differs), so one cause gives one class.
 */
export function classOf(r: RunComparison): string {
  const find = (field: string): Disagreement | undefined => r.disagreements.find((d) => d.field === field);
  // The action failed, read data GitHub would not serve, or withheld numbers: that is the class, whatever follows.
  const exit = find('action.exit');
  if (exit) {
    const error = /::error::(.*)/.exec(exit.note ?? '')?.[1] ?? 'no error line';
    return `action.exit (${error
      .replace(/%0A/g, ' ')
      .replace(/"[^"]*"/g, '"…"')
      .slice(0, 100)})`;
  }
  const requests = find('emulator.requests');
  if (requests) {
    const first = String((requests.action as string[])[0] ?? '');
    return `emulator.requests (${first
      .replace(/\/repos\/[^/]+\/[^/]+/, '/repos/{repo}')
      .replace(/[0-9a-f]{40}/g, '{sha}')
      .slice(0, 100)})`;
  }
  if (find('complete') || r.disagreements.some((d) => d.field.endsWith('.withheld'))) {
    return `withheld (${String(find('complete')?.note ?? '').slice(0, 100)})`;
  }
  const fields = fieldsOf(r);
  const primary = fields.filter((f) => !DERIVED.test(f));
  return (primary.length > 0 ? primary : fields).join(' + ');
}

/** Writes a failing case (dataset, inputs, diff) to `dir`; returns the dataset's path. */
export async function writeCase(dir: string, name: string, c: GeneratedCase, runs: RunComparison[]): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const datasetPath = path.join(dir, `${name}.dataset.json`);
  await fs.writeFile(datasetPath, `${JSON.stringify(c.dataset, null, 2)}\n`);
  await fs.writeFile(
    path.join(dir, `${name}.case.json`),
    `${JSON.stringify(
      {
        seed: c.seed,
        features: c.features,
        dataset: path.basename(datasetPath),
        runs: runs.map((r) => ({ inputs: r.inputs, disagreements: r.disagreements, consistency: r.consistency })),
      },
      null,
      2,
    )}\n`,
  );
  await fs.writeFile(path.join(dir, `${name}.diff.txt`), `${runs.map(formatRun).join('\n\n')}\n`);
  return datasetPath;
}

export const defaultFailureDir = (): string => path.join(os.tmpdir(), 'dora-differential');

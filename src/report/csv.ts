/**
 * The report's records as CSV (RFC 4180) for spreadsheets and warehouses: one file each for the
 * deployments, changes and failures. Columns are the JSON report's keys (docs/dora-metrics.schema.json
 * describes them), nested stages flattened, with the repository first so files of several
 * repositories can be appended.
 *
 * Titles, labels, logins and reasons are written by anyone who can open a pull request. They are
 * always quoted, and no text cell may start a formula (OWASP "CSV injection"): such cells get a
 * leading `'`. Numbers are written as numbers, never altered.
 */
import type { Report } from './schema.js';

/** A file to write, its path relative to the report directory. */
export interface CsvFile {
  readonly path: string;
  readonly content: string;
}

/** A cell value; null is an empty cell. */
type Value = string | number | boolean | null;

/** A text cell: `untrusted` is text from pull requests, issues, commits, releases or runs. */
interface Text {
  readonly text: string | null;
  readonly untrusted: true;
}
type Cell = Value | Text;

const untrusted = (text: string | null): Text => ({ text, untrusted: true });

export const CSV_FILES = {
  deployments: 'dora-deployments.csv',
  changes: 'dora-changes.csv',
  failures: 'dora-failures.csv',
} as const;

const CRLF = '\r\n';

/**
 * Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP: `=`,
 * `+`, `-`, `@`, tab, carriage return).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180 requires quotes around a field holding a comma, a quote or a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/** Neutralizes a would-be formula, then quotes when required or when the text is untrusted. */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  const isUntrusted = typeof value === 'object';
  const text = isUntrusted ? value.text : value;
  if (text === null) return '';
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return isUntrusted || NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A header row and data rows, each line ending in CRLF (RFC 4180 §2.1). */
export function csvTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [headers.map(csvCell), ...rows.map((row) => row.map(csvCell))].map((cells) => cells.join(',') + CRLF).join('');
}

export function deploymentsCsv(report: Report): string {
  return csvTable(
    ['repository', 'id', 'window', 'time', 'sha', 'label', 'url', 'baselineId', 'changes', 'remediates', 'failed'],
    report.deployments.map((d) => [
      report.repository,
      d.id,
      d.window,
      d.time,
      d.sha,
      untrusted(d.label),
      d.url,
      d.baselineId,
      d.changes,
      d.remediates === null ? null : d.remediates.join(' '),
      d.failed,
    ]),
  );
}

export function changesCsv(report: Report): string {
  return csvTable(
    [
      'repository',
      'kind',
      'number',
      'sha',
      'title',
      'author',
      'url',
      'start',
      'openedAt',
      'mergedAt',
      'deploymentId',
      'deployedAt',
      'window',
      'status',
      'leadTimeSeconds',
      'codingSeconds',
      'reviewSeconds',
      'deploySeconds',
    ],
    report.changes.map((c) => [
      report.repository,
      c.kind,
      c.number,
      c.sha,
      untrusted(c.title),
      untrusted(c.author),
      c.url,
      c.start,
      c.openedAt,
      c.mergedAt,
      c.deploymentId,
      c.deployedAt,
      c.window,
      c.status,
      c.leadTimeSeconds,
      c.stages?.codingSeconds ?? null,
      c.stages?.reviewSeconds ?? null,
      c.stages?.deploySeconds ?? null,
    ]),
  );
}

export function failuresCsv(report: Report): string {
  return csvTable(
    ['repository', 'failedId', 'failedAt', 'kind', 'window', 'signal', 'remediationId', 'remediatedAt', 'recoverySeconds', 'reason'],
    report.failures.map((f) => [
      report.repository,
      f.failedId,
      f.failedAt,
      f.kind,
      f.window,
      f.signal,
      f.remediationId,
      f.remediatedAt,
      f.recoverySeconds,
      untrusted(f.reason),
    ]),
  );
}

/** The three CSV files. A list the report leaves empty (e.g. a withheld metric's) is a header alone. */
export function renderCsv(report: Report): CsvFile[] {
  return [
    { path: CSV_FILES.deployments, content: deploymentsCsv(report) },
    { path: CSV_FILES.changes, content: changesCsv(report) },
    { path: CSV_FILES.failures, content: failuresCsv(report) },
  ];
}

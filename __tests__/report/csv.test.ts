import { describe, expect, it } from 'vitest';
import { CSV_FILES, changesCsv, csvCell, deploymentsCsv, failuresCsv, renderCsv } from '../../src/report/csv.js';
import { buildReport } from '../../src/report/json.js';
import { change, deployment, doraResult, failure, reportContext, END, DAY } from './fixtures.js';

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes; returns rows of raw cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quoted field');
        cell += text.slice(i, quote);
        i = quote + 1;
        if (text[i] === '"') {
          cell += '"';
          i += 1;
        } else break;
      }
    } else {
      const end = text.slice(i).search(/[,\r\n]/);
      cell = end < 0 ? text.slice(i) : text.slice(i, i + end);
      if (cell.includes('"')) throw new Error(`quote in an unquoted field: ${cell}`);
      i += cell.length;
    }
    row.push(cell);
    if (text[i] === ',') {
      i += 1;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
      if (i === text.length) return rows;
      continue;
    }
    throw new Error(`expected , or CRLF at ${i}, found ${JSON.stringify(text.slice(i, i + 10))}`);
  }
}

/** Rows as objects keyed by the header. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  for (const row of rows) expect(row).toHaveLength(header!.length);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]!])));
}

const d0 = deployment(0, END - 45 * DAY);
const d1 = deployment(1, END - 20 * DAY, { failed: true });
const d2 = deployment(2, END - 2 * DAY, { remediates: ['revert', 'hotfix'], changes: 4 });
const hostile = [
  'Fix "cart", again',
  'Line one\r\nline two',
  '=HYPERLINK("https://evil.example","click")',
  "+1+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(A1:A9)',
  '\tTabbed',
  '\rReturned',
];
const report = buildReport(
  doraResult({
    deployments: [d0, d1, { ...d2, deployment: { ...d2.deployment, label: '=1+1' } }],
    changes: hostile.map((title, i) => change(200 + i, d2, { title, author: i === 0 ? '-dash' : 'octocat' })),
    failures: [{ ...failure, reason: 'reverted by #103 in =Deploy "#402", hotfix' }],
  }),
  reportContext(),
);

describe('renderCsv', () => {
  it('writes the three files, header first, every line ending in CRLF', () => {
    const files = renderCsv(report);
    expect(files.map((f) => f.path)).toEqual([CSV_FILES.deployments, CSV_FILES.changes, CSV_FILES.failures]);
    expect(files.map((f) => f.path)).toEqual(['dora-deployments.csv', 'dora-changes.csv', 'dora-failures.csv']);
    for (const file of files) {
      expect(file.content.endsWith('\r\n')).toBe(true);
      // Every LF belongs to a CRLF, or sits inside a quoted field.
      expect(parseCsv(file.content).length).toBeGreaterThan(1);
    }
    expect(deploymentsCsv(report).split('\r\n')[0]).toBe('repository,id,window,time,sha,label,url,baselineId,changes,remediates,failed');
  });

  it('reads back to the same values, commas, quotes and line breaks included', () => {
    const changes = records(changesCsv(report));
    expect(changes).toHaveLength(hostile.length);
    expect(changes[0]!.title).toBe('Fix "cart", again');
    expect(changes[1]!.title).toBe('Line one\r\nline two');
    expect(changes[0]!.repository).toBe('acme/shop');
    expect(changes[0]!.number).toBe('200');
    expect(changes[0]!.deploymentId).toBe(d2.deployment.id);
    const failures = records(failuresCsv(report));
    expect(failures[0]!.reason).toBe('reverted by #103 in =Deploy "#402", hotfix');
  });

  it('always quotes untrusted text, even when nothing requires it', () => {
    const csv = changesCsv(report);
    expect(csv).toContain(',"octocat",');
    expect(csv).toContain(',"Fix ""cart"", again",');
    // Trusted enums, numbers and times are left bare.
    expect(csv).toMatch(
      /\r\nacme\/shop,pull_request,207,a+[0-9a-f]+,"'\rReturned","octocat",https:\/\/github.com\/acme\/shop\/pull\/207,2026-/,
    );
  });

  it('neutralizes cells that a spreadsheet would run as a formula', () => {
    const titles = records(changesCsv(report)).map((c) => c.title);
    expect(titles.slice(2)).toEqual([
      '\'=HYPERLINK("https://evil.example","click")',
      "'+1+cmd|' /C calc'!A0",
      "'-2+3",
      "'@SUM(A1:A9)",
      "'\tTabbed",
      "'\rReturned",
    ]);
    expect(records(changesCsv(report))[0]!.author).toBe("'-dash");
    expect(records(deploymentsCsv(report))[2]!.label).toBe("'=1+1");
    // No unquoted cell of any file starts with a formula character.
    for (const file of renderCsv(report)) {
      for (const row of parseCsv(file.content)) for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r]/);
    }
  });

  it('keeps numbers as numbers, negative ones too, and null as an empty cell', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell(108000)).toBe('108000');
    expect(csvCell(null)).toBe('');
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell(true)).toBe('true');
    const change = records(changesCsv(report))[0]!;
    expect(change.leadTimeSeconds).toBe('108000');
    expect(change.codingSeconds).toBe('7200');
    const deployments = records(deploymentsCsv(report));
    expect(deployments[0]!.baselineId).toBe('');
    expect(deployments[1]!.failed).toBe('true');
    expect(deployments[2]!.remediates).toBe('revert hotfix');
    expect(deployments[2]!.changes).toBe('4');
    const direct = records(changesCsv(buildReport(doraResult(), reportContext()))).find((c) => c.kind === 'direct_push')!;
    expect([direct.number, direct.openedAt, direct.codingSeconds]).toEqual(['', '', '']);
  });

  it('quotes a trusted cell only when RFC 4180 requires it', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('writes the header alone when a list is empty (a withheld metric)', () => {
    const withheld = buildReport(
      doraResult(),
      reportContext({ complete: false, withheld: [{ metric: 'leadTime', reason: 'pull requests could not be read' }] }),
    );
    expect(parseCsv(changesCsv(withheld))).toHaveLength(1);
    expect(records(deploymentsCsv(withheld))[0]!.changes).toBe('');
  });
});

import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { trendCharts } from '../../src/report/charts.js';
import { buildReport } from '../../src/report/json.js';
import type { Report, ReportWeeklyPoint } from '../../src/report/schema.js';
import { DAY, doraResult, END, reportContext } from './fixtures.js';

const START = END - 30 * DAY; // 2026-05-02

/** Week `i` of the fixtures' 30-day window; week 4 has 2 days. */
function week(i: number, values: Partial<ReportWeeklyPoint> = {}): ReportWeeklyPoint {
  const start = START + i * 7 * DAY;
  const end = Math.min(start + 7 * DAY, END);
  return {
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    days: (end - start) / DAY,
    deployments: 4,
    changes: 6,
    medianLeadTimeSeconds: 30 * 3600,
    failedDeployments: 1,
    failureRate: 0.25,
    ...values,
  };
}

const fiveWeeks = (overrides: Record<number, Partial<ReportWeeklyPoint>> = {}): ReportWeeklyPoint[] =>
  [0, 1, 2, 3, 4].map((i) => week(i, overrides[i]));

function report(weekly: ReportWeeklyPoint[] | undefined, base: Report = buildReport(doraResult(), reportContext())): Report {
  return weekly === undefined ? { ...base, trends: undefined } : { ...base, trends: { weekly } };
}

/** The mermaid sources of the ```mermaid blocks, and the text outside them. */
function blocks(markdown: string): { charts: string[]; captions: string } {
  const charts = [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1] as string);
  return { charts, captions: markdown.replace(/```mermaid\n[\s\S]*?\n```/g, '') };
}

/** mermaid's own xychart grammar (the jison parser the renderer uses), with the calls it makes recorded. */
interface Grammar {
  parse(source: string): void;
  yy: Record<string, (...args: unknown[]) => void>;
}
let parser: Grammar;
let calls: [string, unknown[]][];

beforeAll(async () => {
  const dir = fileURLToPath(new URL('../../node_modules/mermaid/dist/chunks/mermaid.core/', import.meta.url));
  const file = readdirSync(dir).find((name) => /^xychartDiagram-[\w-]+\.mjs$/.test(name));
  if (file === undefined) throw new Error(`no xychartDiagram chunk in ${dir}`);
  const module = (await import(pathToFileURL(`${dir}${file}`).href)) as { diagram: { parser: Grammar } };
  parser = module.diagram.parser;
  const names = [
    'setAccDescription',
    'setAccTitle',
    'setBarData',
    'setDiagramTitle',
    'setLineData',
    'setOrientation',
    'setXAxisBand',
    'setXAxisRangeData',
    'setXAxisTitle',
    'setYAxisRangeData',
    'setYAxisTitle',
  ];
  parser.yy = Object.fromEntries(names.map((name) => [name, (...args: unknown[]) => void calls.push([name, args])]));
});

/** Parses one chart and returns what reached the grammar's actions. */
function parse(source: string): Map<string, unknown[]> {
  calls = [];
  parser.parse(source);
  return new Map(calls);
}

const bandLabels = (data: Map<string, unknown[]>): string[] => (data.get('setXAxisBand')![0] as { text: string }[]).map((t) => t.text);

describe('trend charts', () => {
  it("every chart parses with mermaid's xychart grammar, and its data reaches the grammar", () => {
    const { charts } = blocks(trendCharts(report(fiveWeeks({ 1: { deployments: 7 } }))));
    expect(charts).toHaveLength(3);
    const parsed = charts.map(parse);
    expect(parsed.map((p) => p.get('setDiagramTitle')?.[0])).toEqual([
      'Deployments per week',
      'Median lead time per week (hours)',
      'Failure rate per week (%)',
    ]);
    for (const data of parsed) expect(bandLabels(data)).toEqual(['05-02', '05-09', '05-16', '05-23', '05-30']);
    expect(parsed[0]?.get('setBarData')?.[1]).toEqual([4, 7, 4, 4, 4]);
    expect(parsed[0]?.get('setYAxisRangeData')).toEqual([0, 10]);
    expect(parsed[1]?.get('setLineData')?.[1]).toEqual([30, 30, 30, 30, 30]);
    expect(parsed[2]?.get('setLineData')?.[1]).toEqual([25, 25, 25, 25, 25]);
  });

  it('the grammar check can fail: a malformed chart throws', () => {
    expect(() => parse('xychart-beta\n  x-axis ["05-02", "05-09"]\n  bar [1, 2')).toThrow();
    expect(() => parse('xychart-beta\n  title "A "quoted" title"\n  bar [1]')).toThrow();
  });

  it('a week with no deployment is a bar of 0, named in the caption', () => {
    const markdown = trendCharts(report(fiveWeeks({ 2: { deployments: 0, failedDeployments: 0, failureRate: null } })));
    const { charts, captions } = blocks(markdown);
    expect(parse(charts[0] as string).get('setBarData')?.[1]).toEqual([4, 4, 0, 4, 4]);
    expect(captions).toContain('No deployment in the week of 05-16.');
  });

  it('weeks with no lead time are left off the line, not drawn as 0, and the caption names them', () => {
    const markdown = trendCharts(
      report(fiveWeeks({ 1: { medianLeadTimeSeconds: null, changes: 0 }, 3: { medianLeadTimeSeconds: null, changes: 0 } })),
    );
    const { charts, captions } = blocks(markdown);
    const data = parse(charts[1] as string);
    expect(bandLabels(data)).toEqual(['05-02', '05-16', '05-30']);
    expect(data.get('setLineData')?.[1]).toEqual([30, 30, 30]);
    expect(captions).toContain('No change was measured in the weeks of 05-09, 05-23, left off the chart.');
  });

  it('a line with no data in any week is left out, and a sentence says so', () => {
    const markdown = trendCharts(report(fiveWeeks(Object.fromEntries([0, 1, 2, 3, 4].map((i) => [i, { medianLeadTimeSeconds: null }])))));
    const { charts, captions } = blocks(markdown);
    expect(charts.map((c) => parse(c).get('setDiagramTitle')?.[0])).toEqual(['Deployments per week', 'Failure rate per week (%)']);
    expect(captions).toContain('Median lead time per week: no change was measured in any week.');
  });

  it('a withheld metric has no chart', () => {
    const base = buildReport(
      doraResult(),
      reportContext({ complete: false, withheld: [{ metric: 'changeFailureRate', reason: 'issues could not be read' }] }),
    );
    const markdown = trendCharts(
      report(fiveWeeks(Object.fromEntries([0, 1, 2, 3, 4].map((i) => [i, { failureRate: null, failedDeployments: null }]))), base),
    );
    const { charts, captions } = blocks(markdown);
    expect(charts).toHaveLength(2);
    expect(captions).toContain('Failure rate per week: withheld, like the change failure rate above.');
  });

  it('a short last week is said in the caption', () => {
    expect(trendCharts(report(fiveWeeks()))).toContain('The last week, from 05-30, has 2 days.');
  });

  it('lead time is in hours and rates in percent, with one decimal at most', () => {
    const { charts } = blocks(trendCharts(report(fiveWeeks({ 0: { medianLeadTimeSeconds: 5000, failureRate: 1 / 3 } }))));
    expect(parse(charts[1] as string).get('setLineData')?.[1]).toEqual([1.4, 30, 30, 30, 30]);
    expect(parse(charts[2] as string).get('setLineData')?.[1]).toEqual([33.3, 25, 25, 25, 25]);
  });

  it('a report without trends has no charts', () => {
    expect(trendCharts(report(undefined))).toBe('');
    expect(trendCharts(report([]))).toBe('');
  });

  it('no untrusted text reaches a chart: only fixed titles, dates and numbers', () => {
    const hostile = buildReport(doraResult(), reportContext({ branch: 'main"]\n  bar [9', repository: 'acme/"shop"' }));
    const { charts } = blocks(trendCharts(report(fiveWeeks(), hostile)));
    for (const chart of charts) {
      for (const line of chart.split('\n').slice(1)) {
        expect(line).toMatch(
          /^ {2}(title "[A-Za-z ()%]+"|x-axis "Week starting \(UTC\)" \[("\d\d-\d\d"(, )?)+\]|y-axis "[A-Za-z]+" 0 --> [\d.]+|(bar|line) \[([\d.]+(, )?)+\])$/,
        );
      }
    }
  });
});

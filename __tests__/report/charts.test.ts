import * as fs from 'node:fs';
import * as path from 'node:path';
import DOMPurify from 'dompurify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Change, CountedDeployment, DoraResult, Failure } from '../../src/dora/model.js';
import { chartWeeks } from '../../src/report/chart-weeks.js';
import { CHART_COLOURS, trendCharts } from '../../src/report/charts.js';
import { buildReport, type ReportContext } from '../../src/report/json.js';
import type { Report } from '../../src/report/schema.js';
import { change, DAY, deployment, doraResult, END, failure, HOUR, reportContext } from './fixtures.js';
import { loadExample, repositoryReport } from './golden-reports.js';

// The fixtures' 30-day window starts 05-02; the previous window 04-02. Each has four whole weeks
// and a short week of 2 days (04-30 and 05-30).
const START = END - 30 * DAY;
const PREVIOUS_START = START - 30 * DAY;
const PREVIOUS_WEEKS = ['04-02', '04-09', '04-16', '04-23'];
const CURRENT_WEEKS = ['05-02', '05-09', '05-16', '05-23'];

/** The mermaid sources of the ```mermaid blocks, and the text outside them. */
function blocks(markdown: string): { charts: string[]; captions: string } {
  const charts = [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1] as string);
  return { charts, captions: markdown.replace(/```mermaid\n[\s\S]*?\n```/g, '') };
}

/** What mermaid made of a chart: its title, data, colours and size, as its renderer reads them. */
interface Parsed {
  readonly title: string;
  readonly categories: string[];
  readonly plots: { type: string; fill?: string; data: [string, number][] }[];
  readonly yAxis: { min: number; max: number; title: string };
  readonly theme: Record<string, string>;
  readonly config: { width: number; height: number };
}

interface XyChartDb {
  getDiagramTitle(): string;
  getXYChartData(): { xAxis: { categories: string[] }; yAxis: Parsed['yAxis']; plots: Parsed['plots'] };
  getChartThemeConfig(): Record<string, string>;
  getChartConfig(): Parsed['config'];
}

let mermaid: typeof import('mermaid').default;

beforeAll(async () => {
  // Mermaid sanitizes titles with DOMPurify, which needs a browser's DOM; the titles are the
  // action's fixed text, so passing them through unchanged loses nothing the test checks.
  DOMPurify.sanitize = ((text: string) => text) as typeof DOMPurify.sanitize;
  DOMPurify.addHook = (() => {}) as typeof DOMPurify.addHook;
  mermaid = (await import('mermaid')).default;
});

/**
 * Parses a chart as GitHub's renderer would, with mermaid 11.12.3 itself: its directives (the
 * init directive sets the config the chart is then read with), then the xychart grammar. Throws
 * when mermaid rejects it.
 */
async function parse(source: string): Promise<Parsed> {
  await mermaid.parse(source);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  const db = diagram.db as unknown as XyChartDb;
  const data = db.getXYChartData();
  return {
    title: db.getDiagramTitle(),
    categories: data.xAxis.categories,
    plots: data.plots,
    yAxis: data.yAxis,
    theme: db.getChartThemeConfig(),
    config: db.getChartConfig(),
  };
}

/** The values of a bar series, in the order of the categories. */
const values = (parsed: Parsed, plot: number): number[] => (parsed.plots[plot]?.data ?? []).map(([, value]) => value);

async function chartsOf(markdown: string): Promise<Parsed[]> {
  return Promise.all(blocks(markdown).charts.map(parse));
}

function report(overrides: Partial<DoraResult> = {}, context: Partial<ReportContext> = {}): Report {
  return buildReport(doraResult(overrides), reportContext(context));
}

/**
 * Both windows with every metric: two deployments a week (one failed in the first week of each
 * window, recovered in 90 minutes, remediated by a hotfix), one change per deployment.
 */
function fullReport(context: Partial<ReportContext> = {}): Report {
  const deployments: CountedDeployment[] = [];
  const changes: Change[] = [];
  const failures: Failure[] = [];
  let n = 0;
  for (const windowStart of [PREVIOUS_START, START]) {
    for (let week = 0; week < 4; week++) {
      const first = deployment(++n, windowStart + week * 7 * DAY + DAY, { failed: week === 0 });
      const second = deployment(++n, windowStart + week * 7 * DAY + DAY + 2 * HOUR, { remediates: week === 0 ? ['hotfix'] : [] });
      deployments.push(first, second);
      changes.push(change(n * 10, first, { leadTimeSeconds: (week + 1) * 10 * 3600 }), change(n * 10 + 1, second));
      if (week === 0) {
        failures.push({
          ...failure,
          failedId: first.deployment.id,
          failedAt: first.deployment.time,
          window: first.window,
          remediationId: second.deployment.id,
          remediatedAt: second.deployment.time,
          recoverySeconds: 5400,
        });
      }
    }
  }
  return report({ deployments, changes, failures }, context);
}

describe('trend charts: colours', () => {
  it('every chart parses with mermaid 11.12.3, and its init directive sets the colours mermaid draws with', async () => {
    const charts = await chartsOf(trendCharts(fullReport()));
    expect(charts).toHaveLength(5);
    for (const chart of charts) {
      expect(chart.theme).toMatchObject({
        backgroundColor: '#ffffff',
        titleColor: CHART_COLOURS.text,
        xAxisLabelColor: CHART_COLOURS.text,
        yAxisLabelColor: CHART_COLOURS.text,
        xAxisLineColor: CHART_COLOURS.axis,
        plotColorPalette: `${CHART_COLOURS.previous}, ${CHART_COLOURS.current}, ${CHART_COLOURS.background}`,
      });
      // The bars take the palette in order: the previous window grey, this window blue, then the stub cover.
      expect(chart.plots.map((p) => [p.type, p.fill])).toEqual([
        ['bar', CHART_COLOURS.previous],
        ['bar', CHART_COLOURS.current],
        ['bar', CHART_COLOURS.background],
      ]);
      expect(chart.config).toMatchObject({ width: 700, height: 400 });
    }
  });

  it('every chart of the golden summaries parses, with its colours', async () => {
    const dir = path.join(import.meta.dirname, '__outputs__');
    const sources = fs.readdirSync(dir).flatMap((name) => blocks(fs.readFileSync(path.join(dir, name), 'utf8')).charts);
    expect(sources.length).toBeGreaterThan(20);
    for (const source of sources) {
      const chart = await parse(source);
      expect(chart.plots.map((p) => p.fill)).toEqual([CHART_COLOURS.previous, CHART_COLOURS.current, CHART_COLOURS.background]);
      expect(chart.categories.length).toBe(chart.plots[0]?.data.length);
    }
  });

  it('the colour check can fail: a directive mermaid cannot read leaves its pale default palette', async () => {
    const [source] = blocks(trendCharts(fullReport())).charts as [string];
    const broken = source.replace('%%{init: {', '%%{init: {,');
    const chart = await parse(broken);
    expect(chart.plots[0]?.fill).not.toBe(CHART_COLOURS.previous);
    expect(chart.theme.plotColorPalette).not.toContain(CHART_COLOURS.current);
  });

  it('the grammar check can fail: a malformed chart throws', async () => {
    await expect(parse('xychart-beta\n  x-axis ["05-02", "05-09"]\n  bar [1, 2')).rejects.toThrow();
    await expect(parse('xychart-beta\n  title "A "quoted" title"\n  bar [1]')).rejects.toThrow();
  });

  it('the bar colours stand out on white and on GitHub dark (#0d1117): contrast at least 3:1', () => {
    const luminance = (hex: string): number => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a: string, b: string): number => {
      const [hi, lo] = [luminance(a) + 0.05, luminance(b) + 0.05].sort((x, y) => y - x) as [number, number];
      return hi / lo;
    };
    for (const colour of [CHART_COLOURS.previous, CHART_COLOURS.current]) {
      expect(contrast(colour, '#ffffff')).toBeGreaterThanOrEqual(3);
      expect(contrast(colour, '#0d1117')).toBeGreaterThanOrEqual(3);
    }
    expect(contrast(CHART_COLOURS.text, CHART_COLOURS.background)).toBeGreaterThanOrEqual(7);
  });
});

describe('trend charts: both windows', () => {
  it("one x-axis of the previous window's weeks then this window's, each window in its own series", async () => {
    const [deployments] = await chartsOf(trendCharts(fullReport()));
    expect(deployments?.title).toBe('Deployments per week');
    expect(deployments?.categories).toEqual([...PREVIOUS_WEEKS, ...CURRENT_WEEKS]);
    expect(values(deployments!, 0)).toEqual([2, 2, 2, 2, 0, 0, 0, 0]);
    expect(values(deployments!, 1)).toEqual([0, 0, 0, 0, 2, 2, 2, 2]);
    expect(values(deployments!, 2)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('the caption says which weeks are which window', () => {
    const { captions } = blocks(trendCharts(fullReport()));
    expect(captions).toContain(
      "Whole weeks of 7 days from each window's start: the previous window's weeks first, in grey (the weeks of 04-02 to 04-23), " +
        "then this window's, in blue (the weeks of 05-02 to 05-23).",
    );
  });

  it('the previous window is read from the records the report holds', () => {
    const built = fullReport();
    const previous = chartWeeks(built).weeks.filter((w) => w.window === 'previous');
    expect(previous.map((w) => w.deployments)).toEqual([2, 2, 2, 2]);
    expect(previous.map((w) => w.failureRate)).toEqual([0.5, 0, 0, 0]);
    expect(previous.map((w) => w.medianRecoverySeconds)).toEqual([5400, null, null, null]);
    expect(previous.map((w) => w.reworkRate)).toEqual([0.5, 0, 0, 0]);
  });

  it("this window's weeks agree with the engine's weekly trends (trends.weekly) in the examples", () => {
    const small = loadExample('small-30d');
    const medium = loadExample('medium-90d');
    const cases = [
      repositoryReport({ dataset: small, inputs: { days: 30, until: small.now } }),
      repositoryReport({
        dataset: small,
        inputs: {
          days: 30,
          until: small.now,
          'deployment-source': 'deployments',
          'failure-signals': 'hotfix,revert,rollback,incident,failed-run',
        },
      }),
      repositoryReport({ dataset: medium, inputs: { days: 90, until: '2026-07-01T00:00:00Z', 'deployment-source': 'workflow' } }),
    ];
    for (const built of cases) {
      const current = chartWeeks(built).weeks.filter((w) => w.window === 'current');
      const whole = (built.trends?.weekly ?? []).filter((w) => w.days === 7);
      expect(current.length).toBeGreaterThan(3);
      expect(current.map((w) => [new Date(w.start).toISOString(), w.deployments, w.medianLeadTimeSeconds, w.failureRate])).toEqual(
        whole.map((w) => [w.start, w.deployments, w.medianLeadTimeSeconds, w.failureRate]),
      );
    }
  });
});

describe('trend charts: the short last week', () => {
  it('is left out of every chart, in both windows, and the caption says so', async () => {
    // A deployment in each short week (04-30 and 05-30): counted in the windows, drawn in no week.
    const built = report({
      deployments: [deployment(0, START - 1 * DAY), deployment(1, START + 8 * DAY), deployment(2, END - 1 * DAY)],
      changes: [],
      failures: [],
    });
    const markdown = trendCharts(built);
    const charts = await chartsOf(markdown);
    for (const chart of charts) {
      expect(chart.categories).not.toContain('04-30');
      expect(chart.categories).not.toContain('05-30');
    }
    expect(values(charts[0]!, 1)).toEqual([0, 0, 0, 0, 0, 1, 0, 0]);
    expect(values(charts[0]!, 0)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(blocks(markdown).captions).toContain(
      'The last 2 days of each window (from 04-30 and from 05-30) are not a whole week: they are left out of the charts',
    );
    expect(chartWeeks(built).short).toEqual([
      { window: 'previous', label: '04-30', days: 2 },
      { window: 'current', label: '05-30', days: 2 },
    ]);
  });

  it('a window of whole weeks has no short week and says nothing of one', () => {
    const days = 28;
    const built = report({
      window: { start: END - days * DAY, end: END, days },
      previousWindow: { start: END - 2 * days * DAY, end: END - days * DAY, historyFrom: null },
    });
    expect(chartWeeks(built).short).toEqual([]);
    expect(chartWeeks(built).weeks).toHaveLength(8);
    expect(trendCharts(built)).not.toContain('The last');
  });

  it('leaves out the weeks before the first deployment on record, and says so', () => {
    // 30-day windows: the previous window's weeks start 60, 53, 46 and 39 days before the end; history begins 45 days before.
    const partial = report({ previousWindow: { start: END - 60 * DAY, end: END - 30 * DAY, historyFrom: END - 45 * DAY } });
    const charts = trendCharts(partial);
    const labels = (md: string) => JSON.parse(/x-axis "Week starting \(UTC\)" (\[[^\]]*\])/.exec(md)?.[1] ?? '[]') as string[];
    const whole = labels(trendCharts(report()));
    expect(labels(charts)).toEqual(whole.slice(2));
    expect(charts).toContain(`The weeks of ${whole[0]}, ${whole[1]} came before the first deployment on record: left out.`);
  });

  it('tops the y-axis at the next round number, so the bars fill the chart', () => {
    // 3 deployments in one week: the axis ends at 3 (it ended at 5 when only 1, 2 and 5 were round).
    const three = [0, 1, 2].map((i) => deployment(40 + i, END - 3 * DAY + i * HOUR));
    expect(trendCharts(report({ deployments: three, changes: [], failures: [] }))).toMatch(/y-axis "Deployments" 0 --> 3\n/);
  });

  it('a window shorter than a week has no chart, and one line says why', () => {
    const days = 5;
    const built = report({
      window: { start: END - days * DAY, end: END, days },
      previousWindow: { start: END - 2 * days * DAY, end: END - days * DAY, historyFrom: null },
    });
    expect(trendCharts(built)).toBe('The window is shorter than a week: no weekly chart.');
  });
});

describe('trend charts: one per metric', () => {
  it('deployments, median lead time, change failure rate, median recovery time and rework rate each have a chart', async () => {
    const charts = await chartsOf(trendCharts(fullReport()));
    expect(charts.map((c) => c.title)).toEqual([
      'Deployments per week',
      'Median lead time per week (hours)',
      'Change failure rate per week (%)',
      'Median recovery time per week (minutes)',
      'Rework rate per week (%)',
    ]);
    const [, lead, cfr, recovery, rework] = charts as [Parsed, Parsed, Parsed, Parsed, Parsed];
    // Lead time: the median of 10h x (week + 1) and the fixtures' 30h.
    expect(values(lead, 1)).toEqual([0, 0, 0, 0, 20, 25, 30, 35]);
    expect(values(cfr, 1)).toEqual([0, 0, 0, 0, 50, 0, 0, 0]);
    expect(cfr.yAxis).toMatchObject({ min: 0, max: 50 });
    // Recovery: only the weeks with a recovered failure are on the axis.
    expect(recovery.categories).toEqual(['04-02', '05-02']);
    expect(values(recovery, 0)).toEqual([90, 0]);
    expect(values(recovery, 1)).toEqual([0, 90]);
    expect(values(rework, 0)).toEqual([50, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('each chart has a caption, and the weeks left off an axis are named', () => {
    const { captions } = blocks(trendCharts(fullReport()));
    expect(captions).toContain('Median lead time of the changes deployed each week, in hours.');
    expect(captions).toContain('Failed deployments / deployments each week, in %.');
    expect(captions).toContain('No failure was recovered in the weeks of 04-09, 04-16, 04-23, 05-09, 05-16, 05-23, left off the chart.');
    expect(captions).toContain('Rework deployments (hotfix, revert or rollback) / deployments each week, in %.');
  });

  it('a week with no deployment is a bar of 0, named in the caption; its rates are left off their axis', async () => {
    const built = report({
      deployments: [deployment(0, PREVIOUS_START + DAY), deployment(1, START + 15 * DAY)],
      changes: [],
      failures: [],
    });
    const markdown = trendCharts(built);
    const [deployments, cfr] = await chartsOf(markdown);
    expect(values(deployments!, 1)).toEqual([0, 0, 0, 0, 0, 0, 1, 0]);
    expect(cfr?.categories).toEqual(['04-02', '05-16']);
    expect(blocks(markdown).captions).toContain('No deployment in the weeks of 04-09, 04-16, 04-23, 05-02, 05-09, 05-23.');
  });

  it('durations are drawn in minutes, hours or days, by the largest', async () => {
    const lead = async (seconds: number): Promise<Parsed> => {
      const d = deployment(1, START + DAY);
      const [, chart] = await chartsOf(trendCharts(report({ deployments: [d], changes: [change(1, d, { leadTimeSeconds: seconds })] })));
      return chart as Parsed;
    };
    expect((await lead(30 * 60)).title).toBe('Median lead time per week (minutes)');
    expect(values(await lead(30 * 60), 1)).toEqual([30]);
    expect((await lead(5000)).title).toBe('Median lead time per week (minutes)');
    expect((await lead(3 * 86_400)).title).toBe('Median lead time per week (hours)');
    const days = await lead(10 * 86_400);
    expect(days.title).toBe('Median lead time per week (days)');
    expect(values(days, 1)).toEqual([10]);
  });
});

describe('trend charts: no chart without data', () => {
  it('a withheld metric has no chart, and one line says so', async () => {
    const built = fullReport({
      complete: false,
      withheld: [
        { metric: 'changeFailureRate', reason: 'issues could not be read' },
        { metric: 'failedDeploymentRecoveryTime', reason: 'issues could not be read' },
      ],
    });
    const markdown = trendCharts(built);
    const charts = await chartsOf(markdown);
    expect(charts.map((c) => c.title)).toEqual(['Deployments per week', 'Median lead time per week (hours)', 'Rework rate per week (%)']);
    const { captions } = blocks(markdown);
    expect(captions).toContain('Change failure rate per week: withheld, like the change failure rate above.');
    expect(captions).toContain('Median recovery time per week: withheld, like the recovery time above.');
  });

  it('a withheld lead time or rework rate has no chart', () => {
    const built = fullReport({
      complete: false,
      withheld: [
        { metric: 'leadTime', reason: 'history could not be read' },
        { metric: 'reworkRate', reason: 'history could not be read' },
      ],
    });
    const { charts, captions } = blocks(trendCharts(built));
    expect(charts).toHaveLength(3);
    expect(captions).toContain('Median lead time per week: withheld, like the lead time above.');
    expect(captions).toContain('Rework rate per week: withheld, like the rework rate above.');
  });

  it('a metric with no data in any week has no chart, and one line says so', async () => {
    // Deployments, none failed, no change measured.
    const built = report({
      deployments: [deployment(0, PREVIOUS_START + DAY), deployment(1, START + DAY)],
      changes: [],
      failures: [],
    });
    const markdown = trendCharts(built);
    const charts = await chartsOf(markdown);
    expect(charts.map((c) => c.title)).toEqual(['Deployments per week', 'Change failure rate per week (%)', 'Rework rate per week (%)']);
    const { captions } = blocks(markdown);
    expect(captions).toContain('Median lead time per week: no change was measured in any week.');
    expect(captions).toContain('Median recovery time per week: no failed deployment was recovered in any week.');
  });

  it('no deployment in any whole week: one line, no chart', () => {
    const built = report({ deployments: [deployment(0, END - DAY)], changes: [], failures: [] });
    expect(trendCharts(built)).toContain('No deployment in any whole week of either window: no chart.');
    expect(blocks(trendCharts(built)).charts).toEqual([]);
  });

  it('a report without trends has no charts', () => {
    const built = report();
    expect(trendCharts({ ...built, trends: undefined })).toBe('');
    expect(trendCharts({ ...built, trends: { weekly: [] } })).toBe('');
  });
});

describe('trend charts: safe Markdown', () => {
  it('no untrusted text reaches a chart: only the directive, fixed titles, dates and numbers', () => {
    const built = fullReport({ branch: 'main"]\n  bar [9', repository: 'acme/"shop"' });
    const { charts } = blocks(trendCharts(built));
    expect(charts).toHaveLength(5);
    for (const chart of charts) {
      const [directive, type, ...lines] = chart.split('\n');
      expect(directive).toMatch(/^%%\{init: \{[\w":,{}#. ]+\}\}%%$/);
      expect(type).toBe('xychart-beta');
      for (const line of lines) {
        expect(line).toMatch(
          /^ {2}(title "[A-Za-z ()%]+"|x-axis "Week starting \(UTC\)" \[("\d\d-\d\d"(, )?)+\]|y-axis "[A-Za-z]+" 0 --> [\d.]+|bar \[([\d.]+(, )?)+\])$/,
        );
      }
    }
  });
});

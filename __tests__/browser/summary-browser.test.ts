/**
 * Looked at in a real browser (issue 12 point 9): every golden job summary in
 * __tests__/report/__outputs__/ rendered as GitHub shows it (GitHub-flavoured Markdown, alerts,
 * raw <details>, mermaid charts) in headless Chromium, then checked as a person would look at it:
 * every chart drew marks one can see and none errored, no Markdown or HTML shows as text, alerts
 * are styled blocks and tables are tables. A full-page screenshot of each (details open) goes to
 * .tmp/screenshots/<name>.png, to look at.
 *
 * Needs Debian's chromium (.ci/run installs it). Outside CI the test skips without it; in CI it fails.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChartFacts, type PageFacts, readPageFacts } from './page-facts.js';
import { CHROMIUM, launchChromium, pageFor, renderGithubMarkdown } from './render.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const GOLDEN_DIR = path.join(ROOT, '__tests__/report/__outputs__');
const SCREENSHOTS = path.join(ROOT, '.tmp/screenshots');

const GOLDENS = fs
  .readdirSync(GOLDEN_DIR)
  .filter((f) => f.endsWith('.md'))
  .map((f) => f.replace(/\.md$/, ''))
  .sort();

/** One page, rendered and read, on a loaded 2-core machine: a few seconds; this is the limit. */
const PAGE_TIMEOUT_MS = 30_000;

const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAS_CHROMIUM && !IN_CI) console.warn(`summary-browser.test.ts skipped: no ${CHROMIUM} (apt-get install chromium)`);

/** Markup that must never reach the reader as text. */
const RAW_MARKUP: readonly { readonly says: string; readonly pattern: RegExp }[] = [
  { says: 'a table delimiter row', pattern: /\|\s*:?-{3,}:?\s*\|/ },
  { says: 'an alert marker', pattern: /\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/i },
  { says: 'an HTML tag', pattern: /<\/?(?:details|summary|code|sub|sup|br|kbd|b|i|em|strong|a|p|div|span|table|tr|td)\b[^>]*>/i },
  { says: 'bold markers', pattern: /\*\*/ },
  { says: 'a code fence', pattern: /```/ },
  { says: 'a Markdown link', pattern: /\]\((?:https?:|#)/ },
  { says: 'a backslash escape', pattern: /\\[!-/:-@[-`{-~]/ },
  { says: 'an HTML entity', pattern: /&(?:[a-z]+|#\d+|#x[\da-f]+);/i },
];

/** Each piece of raw markup in `text`, with a little of the text around it. */
function rawMarkupIn(text: string): string[] {
  return RAW_MARKUP.flatMap(({ says, pattern }) => {
    const hit = new RegExp(pattern.source, `${pattern.flags}g`);
    return [...text.matchAll(hit)].map((m) => `${says}: …${text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40)}…`);
  });
}

/** The summary's Markdown less its fenced blocks. */
const outsideFences = (md: string): string => md.replace(/^```[\s\S]*?^```$/gm, '');

/** What the Markdown asks the page to show: charts with their data, alerts by kind, tables. */
function expectedFrom(md: string) {
  const charts = [...md.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => {
    const source = m[1] as string;
    const numbers = (list: string | undefined): number[] =>
      (list ?? '')
        .split(',')
        .filter((v) => v.trim() !== '')
        .map(Number);
    const yMin = Number(/^\s*y-axis\b.*?(-?[\d.]+)\s*-->/m.exec(source)?.[1] ?? 0);
    const bars = [...source.matchAll(/^\s*bar\b.*\[([^\]]*)\]/gm)].flatMap((b) => numbers(b[1]));
    const lines = [...source.matchAll(/^\s*line\b.*\[([^\]]*)\]/gm)].map((l) => numbers(l[1]));
    return {
      title: /^\s*title\s+"([^"]*)"/m.exec(source)?.[1] ?? source.split('\n')[0],
      // Every bar above the axis' minimum must show; mermaid also draws a bar at the minimum as a stub a few pixels high.
      barsAbove: bars.filter((v) => v > yMin).length,
      bars: bars.length,
      // A line needs two points to have a length.
      lines: lines.filter((points) => points.length >= 2).length,
      // Lines of one point only: mermaid draws nothing one can see (no point markers). Told, not failed:
      // the report's charts (src/report/) are to draw or leave out such a chart (issue 12).
      onePointOnly: bars.length === 0 && lines.length > 0 && lines.every((points) => points.length === 1),
    };
  });
  const text = outsideFences(md);
  return {
    charts,
    alerts: [...text.matchAll(/^> \[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$/gm)].map((m) => (m[1] as string).toLowerCase()),
    tables: [...text.matchAll(/^\|(?:\s*:?-{3,}:?\s*\|)+\s*$/gm)].length,
  };
}

/** WCAG contrast ratio of an `rgb(r, g, b)` colour against the white page: 1 (invisible) to 21 (black). */
function contrastOnWhite(colour: string): number {
  const [r = 255, g = 255, b = 255] = (/\d+(?:\.\d+)?/g[Symbol.match](colour) ?? []).map(Number);
  const linear = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  return 1.05 / (luminance + 0.05);
}

/** WCAG 1.4.11 asks 3:1 of the parts of a graphic one needs to understand it. */
const MARK_CONTRAST = 3;

type ExpectedChart = ReturnType<typeof expectedFrom>['charts'][number];

/** A chart as the failure message names it: its title, and what was wrong. */
function chartProblems(chart: ChartFacts, expected: ExpectedChart): string[] {
  const problems: string[] = [];
  if (!chart.drawn) problems.push('drew no <svg> with a size');
  if (chart.errored) problems.push('shows mermaid\'s "Syntax error" picture');
  if (chart.visibleBars < expected.barsAbove || chart.visibleBars > expected.bars) {
    problems.push(`${chart.visibleBars} visible bars, expected ${expected.barsAbove} to ${expected.bars}`);
  }
  if (chart.visibleLines !== expected.lines) problems.push(`${chart.visibleLines} visible lines, expected ${expected.lines}`);
  if (chart.visibleBars + chart.visibleLines === 0 && !expected.onePointOnly) problems.push('no visible mark');
  return problems.map((p) => `chart "${chart.title || expected.title}": ${p} (colours ${chart.colours.join(', ') || 'none'})`);
}

/** Everything a reader would find wrong with the rendered summary of `md`: empty when it looks right. */
function summaryProblems(md: string, facts: PageFacts, mermaidErrors: readonly string[]): string[] {
  const expected = expectedFrom(md);
  const none: ExpectedChart = { title: '', barsAbove: 0, bars: 0, lines: 0, onePointOnly: false };
  const kinds = (list: readonly string[]) => [...list].sort().join(', ') || 'none';
  return [
    ...mermaidErrors.map((e) => `mermaid: ${e.split('\n')[0]}`),
    ...(facts.charts.length === expected.charts.length
      ? []
      : [`${facts.charts.length} charts drawn for ${expected.charts.length} mermaid blocks`]),
    ...facts.charts.flatMap((chart, i) => chartProblems(chart, expected.charts[i] ?? none)),
    ...(/Syntax error/i.test(facts.text) ? ['mermaid\'s "Syntax error" shows on the page'] : []),
    ...rawMarkupIn(facts.text),
    ...(kinds(facts.alerts.map((a) => a.kind)) === kinds(expected.alerts)
      ? []
      : [`alert blocks: ${kinds(facts.alerts.map((a) => a.kind))}; the Markdown has: ${kinds(expected.alerts)}`]),
    ...facts.alerts
      .filter(
        (a) =>
          !['div', 'blockquote'].includes(a.tag) ||
          a.title.toLowerCase() !== a.kind ||
          !(a.borderWidth > 0) ||
          contrastOnWhite(a.borderColour) < MARK_CONTRAST,
      )
      .map(
        (a) => `the ${a.kind} alert is not a styled block: <${a.tag}> titled "${a.title}", left edge ${a.borderWidth}px ${a.borderColour}`,
      ),
    ...(facts.tables === expected.tables ? [] : [`${facts.tables} <table> for ${expected.tables} Markdown tables`]),
  ];
}

describe.skipIf(!HAS_CHROMIUM && !IN_CI)('golden job summaries in Chromium, as GitHub shows them', () => {
  let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;

  beforeAll(async () => {
    if (!HAS_CHROMIUM) {
      throw new Error(`${CHROMIUM} is missing, and CI must run this test: .ci/run installs it with apt-get install chromium`);
    }
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    chromium = await launchChromium();
  }, 30_000);

  /** Charts whose marks are drawn, but faintly: told, not failed (the colours are mermaid's default theme's). */
  const faint = new Map<string, number>();
  /** Charts that show nothing for a reason the test knows (a line of one point): told, not failed. */
  const empty: string[] = [];

  afterAll(async () => {
    await chromium?.close();
    if (!chromium) return;
    if (faint.size > 0) {
      const list = [...faint].map(([colour, n]) => `${colour} (${contrastOnWhite(colour).toFixed(2)}:1, ${n} charts)`).join(', ');
      console.warn(`Chart marks below ${MARK_CONTRAST}:1 contrast on white (WCAG 1.4.11), hard to see: ${list}`);
    }
    if (empty.length > 0) console.warn(`Charts with a line of one point, which mermaid draws as nothing: ${empty.join(', ')}`);
    console.log(`Screenshots of the rendered job summaries: ${SCREENSHOTS}`);
  });

  it('has golden summaries with charts, alerts and tables to look at', () => {
    const all = GOLDENS.map((name) => expectedFrom(fs.readFileSync(path.join(GOLDEN_DIR, `${name}.md`), 'utf8')));
    expect(GOLDENS.length).toBeGreaterThanOrEqual(5);
    expect(all.flatMap((e) => e.charts).some((c) => c.barsAbove > 0 || c.lines > 0)).toBe(true);
    expect(all.flatMap((e) => e.alerts).length).toBeGreaterThan(0);
    expect(all.every((e) => e.tables > 0)).toBe(true);
  });

  it(
    'sees what it checks: a broken chart, white or covered bars, Markdown left raw, an alert and a table that did not render',
    async () => {
      const md = [
        '> Not an alert: the marker must open the quote.',
        '> [!WARNING]',
        '> Careful.',
        '',
        '<details><summary>Table</summary>',
        '| a | b |',
        '| --- | --- |',
        '| 1 | 2 |',
        '</details>',
        '',
        '**unclosed',
        '',
        '```mermaid',
        'xychart-beta',
        '  title "Broken"',
        '  bar [1, 2',
        '```',
        '',
        '```mermaid',
        '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#ffffff"}}}}%%',
        'xychart-beta',
        '  title "White"',
        '  bar [3, 4]',
        '```',
        '',
        '```mermaid',
        '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#0969da, #ffffff"}}}}%%',
        'xychart-beta',
        '  title "Covered"',
        '  bar [3, 4]',
        '  bar [5, 0]',
        '```',
        '',
      ].join('\n');
      const { page, mermaidErrors } = await pageFor(chromium!.browser, renderGithubMarkdown(md));
      try {
        const problems = summaryProblems(md, await readPageFacts(page), mermaidErrors);
        for (const expected of [
          /^mermaid: Parse error/,
          /Syntax error/,
          /^chart "Broken": shows/,
          /^chart "White": 0 visible bars, expected 2 to 2/,
          /^chart "Covered": 1 visible bars, expected 3 to 4/,
          /^an alert marker/,
          /^alert blocks: none; the Markdown has: warning/,
          /^a table delimiter row/,
          /^bold markers/,
          /^0 <table> for 1/,
        ]) {
          expect(
            problems.some((p) => expected.test(p)),
            `${expected} in ${JSON.stringify(problems, null, 1)}`,
          ).toBe(true);
        }
      } finally {
        await page.close();
      }
    },
    PAGE_TIMEOUT_MS,
  );

  it.each(GOLDENS)(
    '%s: charts drawn, no raw markup, alerts and tables rendered',
    async (name) => {
      const md = fs.readFileSync(path.join(GOLDEN_DIR, `${name}.md`), 'utf8');
      const { page, mermaidErrors } = await pageFor(chromium!.browser, renderGithubMarkdown(md));
      try {
        // The picture first, so that a failing summary can be looked at too.
        await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) as `${string}.png`, fullPage: true });
        const facts = await readPageFacts(page);

        expect(summaryProblems(md, facts, mermaidErrors)).toEqual([]);
        for (const chart of expectedFrom(md).charts.filter((c) => c.onePointOnly)) empty.push(`${name} "${chart.title}"`);
        for (const colour of facts.charts.flatMap((c) => c.colours).filter((c) => contrastOnWhite(c) < MARK_CONTRAST)) {
          faint.set(colour, (faint.get(colour) ?? 0) + 1);
        }
      } finally {
        await page.close();
      }
    },
    PAGE_TIMEOUT_MS,
  );
});

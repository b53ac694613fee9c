import { describe, expect, it } from 'vitest';
import type { WindowMetrics } from '../../src/dora/model.js';
import { NO_DATA_COLOR, TIER_COLORS, renderBadges, reportBadges } from '../../src/report/badges.js';
import { buildReport } from '../../src/report/json.js';
import type { Report } from '../../src/report/schema.js';
import { currentMetrics, doraResult, emptyMetrics, reportContext } from './fixtures.js';

const report = buildReport(doraResult(), reportContext());

/** badge-maker 6's hex for the named colours used (the message half of the badge). */
const HEX: Record<string, string> = { brightgreen: '#4b0', green: '#67ac09', yellow: '#d8b800', red: '#dd4343', lightgrey: '#939393' };

/**
 * Well-formed XML, as far as an SVG badge needs: every tag closed in order, attributes quoted,
 * no raw `<` or stray `&` in text or attributes.
 */
function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let consumed = 0;
  for (const match of xml.matchAll(token)) {
    consumed += match[0].length;
    const [, closing, name, attributes, selfClosing, text] = match;
    const raw = text ?? attributes ?? '';
    expect(raw.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, '')).not.toMatch(/&/);
    if (text !== undefined) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name!);
  }
  expect(consumed).toBe(xml.length);
  expect(stack).toEqual([]);
}

function badge(files: ReturnType<typeof renderBadges>, path: string): string {
  const file = files.find((f) => f.path === path);
  expect(file, path).toBeDefined();
  return file!.content;
}

/** The report with the current window's metrics replaced. */
function withMetrics(metrics: Partial<WindowMetrics>): Report {
  return buildReport(doraResult({ metrics: { ...currentMetrics, ...metrics } }), reportContext());
}

describe('renderBadges', () => {
  const files = renderBadges(report);

  it('writes an SVG and a shields.io endpoint JSON for each metric and the overall tier', () => {
    expect(files.map((f) => f.path).sort()).toEqual(
      ['deployment-frequency', 'lead-time', 'change-failure-rate', 'recovery-time', 'rework-rate', 'overall']
        .flatMap((name) => [`${name}.svg`, `${name}.json`])
        .sort(),
    );
  });

  it('draws well-formed SVG with the label and the humanized value', () => {
    for (const file of files.filter((f) => f.path.endsWith('.svg'))) {
      expect(file.content.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      assertWellFormedXml(file.content);
    }
    expect(badge(files, 'deployment-frequency.svg')).toContain('<title>deployment frequency: 1.6/day</title>');
    expect(badge(files, 'lead-time.svg')).toContain('<title>lead time: 1d 12h</title>');
    expect(badge(files, 'change-failure-rate.svg')).toContain('<title>change failure rate: 12.2%</title>');
    expect(badge(files, 'recovery-time.svg')).toContain('<title>recovery time: 1h 51m</title>');
    expect(badge(files, 'rework-rate.svg')).toContain('<title>rework rate: 12.2%</title>');
    expect(badge(files, 'overall.svg')).toContain('<title>DORA: medium</title>');
  });

  it('checks well-formedness for real (the checker rejects broken XML)', () => {
    expect(() => assertWellFormedXml('<svg><g></svg>')).toThrow();
    expect(() => assertWellFormedXml('<svg>a & b</svg>')).toThrow();
    expect(() => assertWellFormedXml('<svg x=1></svg>')).toThrow();
  });

  it('colours each badge by its tier', () => {
    expect(badge(files, 'deployment-frequency.svg')).toContain(`fill="${HEX.brightgreen}"`); // elite
    expect(badge(files, 'lead-time.svg')).toContain(`fill="${HEX.green}"`); // high
    expect(badge(files, 'change-failure-rate.svg')).toContain(`fill="${HEX.yellow}"`); // medium
    const low = renderBadges(withMetrics({ changeFailureRate: { ...currentMetrics.changeFailureRate, rate: 0.5, tier: 'low' } }));
    expect(badge(low, 'change-failure-rate.svg')).toContain(`fill="${HEX.red}"`);
    expect(new Set(Object.values(TIER_COLORS)).size).toBe(4);
  });

  it('writes the same label, message and colour as shields.io endpoint JSON', () => {
    const json = JSON.parse(badge(files, 'lead-time.json')) as unknown;
    expect(json).toEqual({ schemaVersion: 1, label: 'lead time', message: '1d 12h', color: TIER_COLORS.high });
    expect(JSON.parse(badge(files, 'overall.json'))).toEqual({ schemaVersion: 1, label: 'DORA', message: 'medium', color: 'yellow' });
  });

  it('says n/a in grey for a metric without data', () => {
    const empty = buildReport(doraResult({ metrics: emptyMetrics }), reportContext());
    const badges = reportBadges(empty);
    const leadTime = badges.find((b) => b.name === 'lead-time')!;
    expect(leadTime).toMatchObject({ message: 'n/a', color: NO_DATA_COLOR });
    expect(badges.find((b) => b.name === 'change-failure-rate')).toMatchObject({ message: 'n/a', color: NO_DATA_COLOR });
    // Zero deployments is a measurement, not missing data.
    expect(badges.find((b) => b.name === 'deployment-frequency')).toMatchObject({ message: '0/day', color: TIER_COLORS.low });
    expect(badge(renderBadges(empty), 'lead-time.svg')).toContain(`fill="${HEX.lightgrey}"`);
  });

  it('says not computed in grey for a withheld metric', () => {
    const withheld = buildReport(
      doraResult(),
      reportContext({ complete: false, withheld: [{ metric: 'failedDeploymentRecoveryTime', reason: 'issues could not be read' }] }),
    );
    expect(reportBadges(withheld).find((b) => b.name === 'recovery-time')).toMatchObject({
      message: 'not computed',
      color: NO_DATA_COLOR,
    });
  });

  it('gives rework rate, which has no DORA tiers, a neutral colour', () => {
    const rework = reportBadges(report).find((b) => b.name === 'rework-rate')!;
    expect(Object.values(TIER_COLORS)).not.toContain(rework.color);
    expect(rework.color).not.toBe(NO_DATA_COLOR);
  });

  it('labels merges standing in for deployments', () => {
    const merges = buildReport(doraResult({ source: 'merges' }), reportContext());
    expect(reportBadges(merges)[0]!.label).toBe('deployment frequency (merges)');
  });
});

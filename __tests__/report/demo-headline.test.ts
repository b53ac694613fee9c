/** The demo prints the summary's headline, not its folded charts and 200-row tables (issue 12 point 8). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoHeadline } from '../scripts/demo-headline.js';

const golden = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '__outputs__', `${name}.md`), 'utf8');

describe('demoHeadline', () => {
  const summary = golden('small-30d-deployments-pull-request');
  const headline = demoHeadline(summary);

  it('keeps the title, the alerts, the metrics table, what changed and why it moved', () => {
    expect(headline.startsWith('## DORA metrics: acme/shop')).toBe(true);
    expect(headline).toContain('> [!CAUTION]');
    expect(headline).toContain('| Change failure rate |');
    expect(headline).toContain('**Why it moved**');
    expect(summary.startsWith(headline.trimEnd())).toBe(true);
  });

  it('stops before the trigger, the hints, the charts and the detail tables', () => {
    expect(headline).not.toContain('<details>');
    expect(headline).not.toContain('### ');
    expect(headline).not.toContain('xychart-beta');
    expect(headline.split('\n').length).toBeLessThan(summary.split('\n').length / 2);
  });

  it('is the whole summary when nothing is folded', () => {
    expect(demoHeadline('## Title\n\ntext\n')).toBe('## Title\n\ntext\n');
  });
});

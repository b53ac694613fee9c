import { describe, expect, it } from 'vitest';
import { aggregateReports } from '../../src/aggregate/aggregate.js';
import { renderOrgSummary } from '../../src/aggregate/summary.js';
import { repoReport } from './reports.js';

const H = 3600;
const opts = { benchmark: 2023 as const, generatedAt: '2026-06-01T01:00:00.000Z' };

function sampleOrg() {
  return aggregateReports(
    [
      repoReport('acme/shop', {
        current: { deployDays: [1, 2, 3, 4, 5, 6, 7, 8], leadTimes: [H, 2 * H, 3 * H], recoveries: [H], rework: 1 },
        previous: { deployDays: [1, 2], leadTimes: [10 * H] },
      }),
      repoReport('acme/api', {
        current: { deployDays: [1, 2], leadTimes: [30 * H], recoveries: [3 * H, null] },
        withheld: [{ metric: 'failedDeploymentRecoveryTime', reason: 'issues could not be read (403)' }],
      }),
      repoReport('acme/idle', {}),
    ],
    opts,
  );
}

describe('renderOrgSummary', () => {
  it('titles the summary with the number of repositories, the window and the overall tier', () => {
    const md = renderOrgSummary(sampleOrg());
    expect(md.split('\n')[0]).toBe('## DORA metrics: 3 repositories, 2026-05-02 → 2026-06-01 · 🔴 Low');
    expect(md).toContain(
      '2026-05-02 00:00 → 2026-06-01 00:00 UTC (30 days), compared with the 30 days before. Tiers from the DORA 2023 report.',
    );
    expect(md).toContain("not an average of the repositories' medians");
  });

  it('shows the organisation-wide metrics with tier, value, n and the move against the previous window', () => {
    const md = renderOrgSummary(sampleOrg());
    expect(md).toContain('| Metric | Value | Tier | n | vs previous 30 days |');
    expect(md).toContain(
      '| Deployment frequency | 2.3/week | 🟢 High | 10 deployments on 8 days from 2 repositories | ↑ +400% from 0.47/week, better |',
    );
    // Lead times 1h, 2h, 3h (shop) and 30h (api): median 2h 30m, p90 3h + 0.7 * 27h; previous 10h.
    expect(md).toContain(
      '| Lead time for changes | 2h 30m (p90 21h 54m) | 🟣 Elite | 4 changes from 2 repositories | ↓ -75% from 10h, better |',
    );
    expect(md).toContain('| Change failure rate | 30% | 🔴 Low | 3 of 10 deployments from 2 repositories | ↑ +30 pts from 0%, **worse** |');
    // api's recovery time is withheld: only shop's one recovery counts.
    expect(md).toContain('| Failed deployment recovery time | 1h (p90 1h) | 🟢 High | 1 recovery from 1 repository | no data before |');
    expect(md).toContain(
      '| Deployment rework rate | 10% | no DORA tiers | 1 of 10 deployments from 2 repositories | ↑ +10 pts from 0%, **worse** |',
    );
  });

  it('names the repositories left out of a metric because their report withheld it', () => {
    const md = renderOrgSummary(sampleOrg());
    expect(md).toContain(
      '- **Recovery time** leaves out 1 repository whose data could not be read: acme/api (issues could not be read \\(403\\)). 1 other repository had no data for it.',
    );
    expect(md).toContain('> **Incomplete roll-up**');
    expect(md).toContain('> - **1 report incomplete** (some data could not be read): acme/api.');
  });

  it('shows the distribution of overall tiers, with repositories without data apart', () => {
    const md = renderOrgSummary(sampleOrg());
    expect(md).toContain(
      [
        '### Overall tiers',
        '',
        '| Overall tier | Repositories | Previous 30 days |',
        '| --- | --- | --- |',
        '| 🟣 Elite | 0 | 0 |',
        '| 🟢 High | 0 | 0 |',
        '| 🟡 Medium | 1 | 1 |',
        '| 🔴 Low | 1 | 0 |',
        '| ⚪ No data | 1 | 2 |',
      ].join('\n'),
    );
  });

  it('lists every repository with its own numbers, linked, and those without data', () => {
    const md = renderOrgSummary(sampleOrg());
    expect(md).toContain(
      '| Repository | Overall | Deployment frequency | Lead time | Change failure rate | Recovery time | Rework rate | Source |',
    );
    expect(md).toContain(
      '| [acme/api](https://github.com/acme/api) ⚠️ | 🔴 Low | 🟡 2/month | 🟢 1d 6h | 🔴 100% | not computed | 0% | `workflow` |',
    );
    expect(md).toContain('| [acme/idle](https://github.com/acme/idle) | ⚪ no data | 🔴 0/day | — | — | — | — | `workflow` |');
    expect(md).toContain(
      '| [acme/shop](https://github.com/acme/shop) | 🟡 Medium | 🟢 1.9/week | 🟣 2h | 🟡 12.5% | 🟢 1h | 12.5% | `workflow` |',
    );
    expect(md).toContain('### 1 repository without data');
    expect(md).toContain('- acme/idle: no deployments in the window from workflow \\(deployment-source auto\\)');
  });

  it('escapes repository names and drops links that are not http(s)', () => {
    const org = aggregateReports(
      [
        repoReport('evil/<img src=x>*bold*|cell', { current: { deployDays: [1] }, repositoryUrl: 'javascript:alert(1)' }),
        repoReport('acme/[x](https://evil.example)', { current: { deployDays: [1] } }),
      ],
      opts,
    );
    const md = renderOrgSummary(org);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('javascript:');
    expect(md).toContain('| evil/&lt;img src=x&gt;\\*bold\\*\\|cell | ');
    expect(md).not.toContain('[x](https://evil.example)');
    expect(md).toContain('acme/\\[x\\]\\(https\\://evil.example\\)');
  });

  it('names expected repositories without a report and refused files', () => {
    const org = aggregateReports([repoReport('acme/a', { current: { deployDays: [1] } })], {
      ...opts,
      expectedRepositories: ['acme/a', 'acme/b'],
      problems: ['dora-c/dora-metrics.json: not JSON (Unexpected token)'],
    });
    const md = renderOrgSummary(org);
    expect(md).toContain('> - **No report** for acme/b: their job failed or uploaded no `dora-metrics.json`; they are not counted.');
    expect(md).toContain('> - **Refused** dora-c/dora-metrics.json: not JSON \\(Unexpected token\\)');
  });

  it('a complete roll-up has no warning', () => {
    const org = aggregateReports([repoReport('acme/a', { current: { deployDays: [1] } })], opts);
    expect(renderOrgSummary(org)).not.toContain('[!WARNING]');
  });

  it('stays under the byte limit by shortening the repository table, saying so', () => {
    const reports = Array.from({ length: 400 }, (_, i) =>
      repoReport(`acme/repository-${String(i).padStart(3, '0')}`, { current: { deployDays: [1] } }),
    );
    const org = aggregateReports(reports, opts);
    const full = renderOrgSummary(org);
    expect(full).toContain('acme/repository-399');
    const maxBytes = 20_000;
    const short = renderOrgSummary(org, { maxBytes });
    expect(Buffer.byteLength(short)).toBeLessThanOrEqual(maxBytes);
    expect(short).toMatch(/Showing \d+ of 400 repositories \(by name\); every row is in the organisation report \(JSON\)\./);
    expect(short).toContain('| Deployment frequency |');
    // The default bound is the step summary's 1 MiB limit.
    expect(Buffer.byteLength(full)).toBeLessThan(1024 * 1024);
    const tiny = renderOrgSummary(org, { maxBytes: 600 });
    expect(Buffer.byteLength(tiny)).toBeLessThanOrEqual(600);
  });
});

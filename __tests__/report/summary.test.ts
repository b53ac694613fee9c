import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Change, CountedDeployment, DoraResult } from '../../src/dora/model.js';
import { buildReport, type ReportContext } from '../../src/report/json.js';
import { SUMMARY_MAX_BYTES, renderSummary } from '../../src/report/summary.js';
import { DAY, END, HOUR, change, currentMetrics, deployment, doraResult, emptyMetrics, failure, reportContext } from './fixtures.js';

const render = (result: Partial<DoraResult> = {}, ctx: Partial<ReportContext> = {}, opts = {}) =>
  renderSummary(buildReport(doraResult(result), reportContext(ctx)), opts);

const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Cells of a Markdown table row, split on pipes that are not backslash-escaped. */
const cells = (row: string) => row.split(/(?<!\\)\|/).slice(1, -1);

/** Table rows (lines starting with a pipe) under the first header line containing `header`. */
function tableRows(md: string, header: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|') && l.includes(header));
  if (start < 0) return [];
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows;
}

describe('renderSummary: the period at a glance', () => {
  const md = render();

  it('records the action version in the report and shows it in the footer', () => {
    const report = buildReport(doraResult(), reportContext());
    expect(report.actionVersion).toBe(pkg.version);
    expect(md.trimEnd().split('\n').at(-1)).toContain(` · dora-action ${pkg.version} · schema v1</sub>`);
  });

  it('titles the repository, window dates and overall tier', () => {
    expect(md.split('\n')[0]).toBe('## DORA metrics: acme/shop, 2026-05-02 → 2026-06-01 · 🟡 Medium');
    expect(md).toContain('2026-05-02 00:00 → 2026-06-01 00:00 UTC (30 days) on branch <code>main</code>');
    expect(md).toContain('Tiers from the DORA 2023 report.');
  });

  it('shows the five metrics in one table: value, tier, n and the move since the previous window', () => {
    expect(tableRows(md, 'Metric')).toEqual([
      '| Deployment frequency | 1.6/day | 🟣 Elite | 49 deployments on 19 days | ↑ +188% from 0.57/day, better |',
      '| Lead time for changes | 1d 12h (p90 6d 10h) | 🟢 High | 142 changes | ↑ +11% from 1d 9h, **worse** |',
      '| Change failure rate | 12.2% | 🟡 Medium | 6 of 49 deployments | ↑ +0.5 pts from 11.8%, **worse** |',
      '| Failed deployment recovery time | 1h 51m (p90 2h 35m) | 🟢 High | 6 recoveries | ↑ +11% from 1h 40m, **worse** |',
      '| Deployment rework rate | 12.2% | no DORA tiers | 6 of 49 deployments | ↑ +0.5 pts from 11.8%, **worse** |',
    ]);
    expect(md).toContain('| Metric | Value | Tier | n | vs previous 30 days |');
    expect(md).toContain('Higher is better for deployment frequency, lower for the other four');
  });

  it('says where deployments came from and why', () => {
    expect(md).toContain(
      '**Deployments** come from `workflow`, chosen automatically (`deployment-source: auto`): the first source with deployments in the window or the one before.',
    );
    expect(md).toContain('`workflow` 66 deployments (successful runs of deploy.yml on main)');
    expect(md).not.toContain('proxy');
  });

  it('lists deployments, changes and failures in collapsible tables, newest first, with links', () => {
    expect(md).toContain('<summary>Deployments: 3 in this window</summary>');
    expect(tableRows(md, 'Completed (UTC)')[0]).toBe(
      '| 2026-05-30 00:00 | [Deploy \\#403](https://github.com/acme/shop/actions/runs/9003) | [aaaaaaa](https://github.com/acme/shop/commit/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3) | 2 |  |  |',
    );
    expect(tableRows(md, 'Deployed (UTC)')).toContain(
      '| 2026-05-12 00:00 | [\\#101 Add cart](https://github.com/acme/shop/pull/101) | octocat | 1d 6h | 2h | 1d | 4h |',
    );
    expect(tableRows(md, 'Failed (UTC)')).toEqual([
      '| 2026-05-12 00:00 | [Deploy \\#401](https://github.com/acme/shop/actions/runs/9001) | `revert` | [Deploy \\#402](https://github.com/acme/shop/actions/runs/9002) | 2h | reverted by \\#103 in Deploy \\#402 |',
    ]);
    expect(md).toContain('1 more in the previous window.');
    // Three detail tables, and the weekly trend charts.
    expect(md.match(/<details>/g)).toHaveLength(4);
    expect(md.match(/<\/details>/g)).toHaveLength(4);
  });

  it('ends with the API usage', () => {
    const last = md.trimEnd().split('\n').at(-1)!;
    expect(last).toContain('GitHub API: 312 requests, 45 GraphQL points, 4,688 rate limit remaining');
    expect(last).toContain('[this run](https://github.com/acme/shop/actions/runs/77)');
  });

  it('has no hints or warnings when every metric has data and the report is complete', () => {
    expect(md).not.toContain('Why no data');
    expect(md).not.toContain('[!WARNING]');
  });
});

describe('renderSummary: triggered by', () => {
  it('schedule and push: no trigger section, the title says the period already', () => {
    expect(render()).not.toContain('Triggered by');
    expect(render({}, { trigger: { event: 'push', pullRequest: null, releaseTag: null } })).not.toContain('Triggered by');
    expect(render({}, { trigger: { event: 'pull_request', pullRequest: 101, releaseTag: null } })).toContain(
      '### Triggered by <code>pull\\_request</code>',
    );
  });

  it("pull_request: that pull request's own lead time and stages when it is among the changes", () => {
    const md = render({}, { trigger: { event: 'pull_request', pullRequest: 101, releaseTag: null } });
    expect(md).toContain(
      'Pull request [\\#101 Add cart](https://github.com/acme/shop/pull/101) was deployed in [Deploy \\#401](https://github.com/acme/shop/actions/runs/9001) on 2026-05-12 00:00 UTC, counted in this window. **Lead time 1d 6h**: coding 2h, review 1d, deploy 4h.',
    );
  });

  it('pull_request: says it is not deployed yet otherwise', () => {
    const md = render({}, { trigger: { event: 'pull_request', pullRequest: 555, releaseTag: null } });
    expect(md).toContain('Pull request #555 is not deployed yet');
  });

  it('pull_request: says why a deployed change is not measured', () => {
    const md = render({}, { trigger: { event: 'pull_request_target', pullRequest: 100, releaseTag: null } });
    expect(md).toContain(
      'its lead time is not measured (shipped by the first deployment on record of the production branch, which has no baseline)',
    );
  });

  it("release: the changes shipped by that release's deployment, found by tag", () => {
    const d = deployment(5, END - 3 * DAY, {
      changes: 2,
      deployment: {
        id: '77001',
        time: END - 3 * DAY,
        sha: 'b'.repeat(40),
        label: 'v1.4.0',
        url: 'https://github.com/acme/shop/releases/tag/v1.4.0',
      },
    });
    const md = render(
      {
        source: 'releases',
        deployments: [d],
        changes: [change(201, d, { title: 'Add wishlist' }), change(202, d, { title: 'Fix tax', leadTimeSeconds: 3600 })],
      },
      { trigger: { event: 'release', pullRequest: null, releaseTag: 'v1.4.0' } },
    );
    expect(md).toContain(
      'Release <code>v1.4.0</code> is [v1.4.0](https://github.com/acme/shop/releases/tag/v1.4.0) on 2026-05-29 00:00 UTC; it shipped 2 changes.',
    );
    expect(tableRows(md, '| Change | Author | Lead time |')).toEqual([
      '| [\\#201 Add wishlist](https://github.com/acme/shop/pull/201) | octocat | 1d 6h |',
      '| [\\#202 Fix tax](https://github.com/acme/shop/pull/202) | octocat | 1h |',
    ]);
  });

  it("release: found by the release's commit when deployments are workflow runs", () => {
    const md = render(
      {},
      { trigger: { event: 'release', pullRequest: null, releaseTag: 'v2.0.0', sha: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3' } },
    );
    expect(md).toContain('Release <code>v2.0.0</code> is [Deploy \\#403]');
    expect(md).toContain('it shipped 2 changes');
  });

  it('release: says when its deployment is not counted', () => {
    const md = render({}, { trigger: { event: 'release', pullRequest: null, releaseTag: 'v9.9.9' } });
    expect(md).toContain('Release <code>v9.9.9</code> is not among the deployments counted from `workflow`');
  });
});

describe('renderSummary: why no data', () => {
  it('zero deployments: names the source searched and what to configure', () => {
    const md = render({ metrics: emptyMetrics, deployments: [], changes: [], failures: [] });
    expect(md.split('\n')[0]).toContain('🔴 Low');
    expect(md).toContain('### Why no data, and what to set');
    expect(md).toContain('**No deployments** in the window from `workflow`.');
    expect(md).toContain('set `workflows` to your deploy workflow, e.g. `workflows: deploy.yml`');
    expect(md).toContain('set `deployment-source` to');
    expect(md).toContain('**Lead time for changes**: no change was deployed in the window. It needs deployments (above).');
    expect(md).toContain('**Change failure rate**: no deployments in the window.');
    expect(md).toContain('**Failed deployment recovery time**: no failed deployment in the window.');
    expect(md).toContain('**Deployment rework rate**: no deployments in the window.');
    expect(tableRows(md, 'Metric')[1]).toBe('| Lead time for changes | no data | ⚪ n/a | 0 changes | no data now (was 1d 9h) |');
  });

  it('zero deployments from GitHub Deployments: points at `environment`', () => {
    const md = render(
      { source: 'deployments', metrics: emptyMetrics, deployments: [], changes: [], failures: [] },
      { source: { name: 'deployments', requested: 'deployments', reason: 'set by the input', searched: [] } },
    );
    expect(md).toContain('set by `deployment-source: deployments`');
    expect(md).toContain('matching `environment` (<code>^\\(production\\|prod\\|live\\)\\$</code>)');
    expect(md).toContain("set `environment` to your production environment's name");
  });

  it('no failures: suggests incident labels and failure signals', () => {
    const metrics = {
      ...currentMetrics,
      changeFailureRate: { ...currentMetrics.changeFailureRate, failedDeployments: 0, rate: 0, tier: 'elite' as const },
      failedDeploymentRecoveryTime: { ...emptyMetrics.failedDeploymentRecoveryTime },
    };
    const md = render({ metrics, failures: [] });
    expect(md).toContain('**Failed deployment recovery time**: no failed deployment in the window.');
    expect(md).toContain('add `incident` to `failure-signals` and label production incident issues `incident`');
    expect(md).toContain('add `failed-run` to count failed deploy runs');
    expect(md).not.toContain('**Change failure rate**:');
  });

  it('unrecovered failures: says they are not remediated yet', () => {
    const metrics = {
      ...currentMetrics,
      failedDeploymentRecoveryTime: {
        ...emptyMetrics.failedDeploymentRecoveryTime,
        unrecovered: 2,
        reason: 'no failure was remediated by the end of the window',
      },
    };
    const md = render({ metrics, failures: [{ ...failure, remediationId: null, remediatedAt: null, recoverySeconds: null }] });
    expect(md).toContain('2 failures are not remediated yet.');
    expect(tableRows(md, 'Failed (UTC)')[0]).toContain('| not yet | unrecovered |');
  });

  it('lead time with only unmeasured changes: explains the missing baseline', () => {
    const metrics = { ...currentMetrics, leadTime: { ...emptyMetrics.leadTime, unmeasured: 3, reason: 'no change could be measured' } };
    expect(render({ metrics })).toContain(
      'shipped by the first deployment on record of the production branch, which has no earlier deployment to measure from',
    );
  });

  it('unattributed incidents: suggests a longer incident window', () => {
    const md = render({
      unattributedIncidents: [
        { number: 40, title: 'Checkout down', createdAt: END - DAY, window: 'current', reason: 'no deployment in the 72 hours before' },
      ],
    });
    expect(md).toContain('**1 incident** was opened more than 72 hours after the last deployment');
    expect(md).toContain('[\\#40 Checkout down](https://github.com/acme/shop/issues/40)');
  });

  it('incomplete data: warns and lists what is missing', () => {
    const md = render(
      {},
      {
        complete: false,
        missing: [
          {
            what: 'incident issues',
            reason: 'the token cannot read issues (issues: read)',
            metrics: ['changeFailureRate', 'failedDeploymentRecoveryTime'],
          },
        ],
      },
    );
    expect(md).toContain('> [!WARNING]\n> **Incomplete report**');
    expect(md).toContain(
      '> - incident issues: the token cannot read issues \\(issues: read\\) (affects change failure rate, recovery time)',
    );
  });

  it('merges: says the source is a proxy', () => {
    const md = render(
      { source: 'merges' },
      { source: { name: 'merges', requested: 'auto', reason: 'no other source had deployments', searched: [] } },
    );
    expect(md).toContain('| Deployment frequency (merges as proxy) |');
    expect(md).toContain('> [!NOTE]\n> `merges` is a **proxy**');
  });
});

describe('renderSummary: escaping untrusted text', () => {
  const hostile = '<script>alert(1)</script> | col ` ${{ secrets.X }} $(rm -rf /) \u202Eevil\nline2 [x](javascript:alert(1)) **b** # h';

  it('cannot inject Markdown, HTML or table cells from any table or line', () => {
    const d0 = deployment(1, END - 10 * DAY, {
      failed: true,
      deployment: { id: '1', time: END - 10 * DAY, sha: 'a'.repeat(40), label: hostile, url: 'javascript:alert(1)' },
    });
    const d1 = deployment(2, END - 10 * DAY + HOUR, {
      remediates: ['hotfix'],
      deployment: { id: '2', time: END - 10 * DAY + HOUR, sha: 'b'.repeat(40), label: hostile },
    });
    const md = render(
      {
        deployments: [d0, d1],
        changes: [change(9, d1, { title: hostile, author: hostile, url: 'https://evil.example/a)b' })],
        failures: [{ ...failure, failedId: '1', remediationId: '2', reason: hostile }],
        unattributedIncidents: [{ number: 4, title: hostile, createdAt: END - DAY, window: 'current', reason: hostile }],
      },
      {
        branch: hostile,
        trigger: { event: 'release', pullRequest: null, releaseTag: hostile, sha: 'b'.repeat(40) },
        complete: false,
        missing: [{ what: hostile, reason: hostile, metrics: [hostile] }],
        source: {
          name: 'workflow',
          requested: 'workflow',
          reason: hostile,
          searched: [{ source: 'workflow', deployments: 2, note: hostile }],
        },
        config: { ...reportContext().config, workflows: [hostile] },
      },
    );
    expect(md).not.toMatch(/<script/i);
    expect(md).not.toMatch(/\]\(\s*javascript:/i);
    expect(md).not.toContain('\u202E');
    expect(md).not.toContain('${{');
    expect(md).not.toContain('$(rm');
    expect(md).not.toContain('[x]');
    expect(md).not.toContain('**b**');
    expect(md).not.toMatch(/^line2/m);
    expect(md).not.toMatch(/^# h/m);
    expect(md).toContain('&lt;script&gt;');

    for (const [header, columns] of [
      ['Completed (UTC)', 6],
      ['Deployed (UTC)', 7],
      ['Failed (UTC)', 6],
      ['Opened (UTC)', 3],
      ['| Change | Author | Lead time |', 3],
    ] as const) {
      const rows = tableRows(md, header);
      expect(rows.length, header).toBeGreaterThan(0);
      for (const row of rows) expect(cells(row), `${header}: ${row}`).toHaveLength(columns);
    }
    // Once escaped backticks are removed, the only code spans left are the summary's own (`workflow`, `hotfix`, ...).
    for (const line of md.split('\n').filter((l) => l.includes('secrets.X'))) {
      const rest = line.replace(/\\`/g, '');
      expect(rest.split('`').length % 2, line).toBe(1);
      for (const span of rest.match(/`[^`]*`/g) ?? []) expect(span, line).toMatch(/^`[a-z-]+(: [a-z-]+)?`$/);
    }
  });
});

describe('renderSummary: size', () => {
  /** 20,000 changes over 2,000 deployments, with long titles, as a busy monorepo's year might have. */
  function hugeResult(): Partial<DoraResult> {
    const deployments: CountedDeployment[] = [];
    const changes: Change[] = [];
    for (let i = 0; i < 2000; i++) {
      const d = deployment(i, END - 29 * DAY + i * 1000 * 1000, { changes: 10 });
      deployments.push(d);
      for (let j = 0; j < 10; j++) {
        const n = i * 10 + j;
        changes.push(change(n + 1, d, { title: `Change ${n} ${'é🙂|<x>'.repeat(40)}` }));
      }
    }
    return { deployments, changes };
  }

  it('stays under the 1 MiB summary limit with 20,000 changes, keeping the most recent rows', () => {
    const md = render(hugeResult(), {}, { maxRows: 5000 });
    expect(bytes(md)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(md).toContain('<summary>Changes: 20,000 deployed in this window</summary>');
    expect(md).toMatch(
      /Showing the [\d,]+ most recent of 20,000; [\d,]+ left out\. The full lists are in the <code>dora-metrics<\/code> artifact \(JSON\)\./,
    );
    expect(md).toContain('[\\#20000 Change 19999');
    expect(md).not.toContain('| [\\#1 Change 0 ');
    expect(md.match(/<details>/g)).toHaveLength(md.match(/<\/details>/g)!.length);
  });

  it('shows at most maxRows rows per table by default', () => {
    const md = render(hugeResult());
    expect(tableRows(md, 'Deployed (UTC)')).toHaveLength(200);
    expect(md).toContain('Showing the 200 most recent of 20,000; 19,800 left out.');
  });

  it('drops rows, then tables, then cuts, to stay under any maxBytes', () => {
    const result = hugeResult();
    for (const maxBytes of [200_000, 20_000, 6_000, 1_000, 100, 0]) {
      const md = render(result, {}, { maxBytes });
      expect(bytes(md), String(maxBytes)).toBeLessThanOrEqual(maxBytes);
      expect(Buffer.from(md, 'utf8').toString('utf8')).toBe(md); // no character split
    }
    // One byte short of the smallest summary with tables (one row each): the tables go, the rest stays.
    const smallestWithTables = bytes(render(result, {}, { maxRows: 1 }));
    const tablesDropped = render(result, {}, { maxBytes: smallestWithTables - 1 });
    expect(tablesDropped).toContain('Detail tables left out to fit the job summary limit');
    expect(tablesDropped).toContain('GitHub API: 312 requests');
  });
});

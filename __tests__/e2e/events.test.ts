/**
 * dist/index.js run by the events the README's workflow listens to, with GitHub's own example
 * payloads: a merged PR's run shows that PR's lead time and stages, a release's run lists what it
 * shipped, a scheduled or push run shows the period report. The numbers are checked against the
 * engine fed straight from the dataset, not against the collectors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/dora/index.js';
import type { DoraResult } from '../../src/dora/model.js';
import { escapeCode, markdownLink } from '../../src/report/escape.js';
import { humanizeDuration, isoMinute } from '../../src/report/humanize.js';
import { METRIC_SPECS } from '../../src/dora/metrics.js';
import { OUTPUT_NAMES } from '../../src/report/outputs.js';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { datasetToInput } from '../support/dataset-to-input.js';
import {
  OUTPUT_VALUE,
  pullRequestClosedPayload,
  pushPayload,
  releasePublishedPayload,
  schedulePayload,
  triggerSection,
} from '../support/events.js';
import { runAction, ROOT, type ActionRun } from '../support/run-action.js';

const DATASET_PATH = path.resolve(ROOT, '__tests__/fixtures/examples/small-30d.json');
// Loosely typed: the dataset's own fields (docs/dataset-format.md) are read as they are.
const dataset: any = JSON.parse(fs.readFileSync(DATASET_PATH, 'utf8'));
const OWNER: string = dataset.repository.owner;
const NAME: string = dataset.repository.name;
const UNTIL: string = dataset.now;

/** The engine's result for the dataset, independent of the collectors. */
const engine = (inputs: Record<string, string> = {}): DoraResult => computeMetrics(datasetToInput(dataset, { until: UNTIL, ...inputs }));

const plainTitle = (t: string): boolean => /^[A-Za-z0-9 .]+$/.test(t);

function expectOutputsAreNumbersAndEnums(run: ActionRun): void {
  expect(Object.keys(run.outputs).sort()).toEqual([...OUTPUT_NAMES, 'report-path'].sort());
  const { number, tier, source, boolean, text, line } = OUTPUT_VALUE;
  const numberOrEmpty = (v: string) => v === '' || number.test(v);
  const READABLE_OUTPUTS = new Set<string>(METRIC_SPECS.map((spec) => spec.outputs.text));
  for (const name of OUTPUT_NAMES) {
    const value = run.outputs[name]!;
    const ok = name.endsWith('-tier')
      ? tier.test(value)
      : READABLE_OUTPUTS.has(name)
        ? text.test(value)
        : name === 'summary-line'
          ? line.test(value)
          : name === 'deployment-source'
            ? source.test(value)
            : name === 'complete'
              ? boolean.test(value)
              : name === 'deployments'
                ? /^\d+$/.test(value)
                : numberOrEmpty(value);
    expect(ok, `output ${name}=${JSON.stringify(value)}`).toBe(true);
  }
  expect(run.outputs['report-path']).toBe(path.join(run.dir, 'dora-report', 'dora-metrics.json'));
  expect(fs.existsSync(run.outputs['report-path']!)).toBe(true);
}

describe('small-30d through dist/index.js, triggered by real event payloads', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ dataset: DATASET_PATH, port: 0 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const run = (eventName: string, payload: unknown, inputs: Record<string, string> = {}, sha?: string) =>
    runAction({
      apiUrl: emulator.apiUrl,
      graphqlUrl: emulator.graphqlUrl,
      repository: `${OWNER}/${NAME}`,
      eventName,
      payload,
      inputs: { until: UNTIL, ...inputs },
      env: sha ? { GITHUB_SHA: sha } : {},
    });

  it('pull_request closed (merged): shows that PR’s own lead time and stages', async () => {
    const result = engine();
    // The latest PR measured in this window, with stages, and a title that Markdown leaves alone.
    const change = result.changes
      .filter((c) => c.kind === 'pull_request' && c.window === 'current' && c.status === 'measured' && c.stages && plainTitle(c.title))
      .at(-1)!;
    expect(change).toBeDefined();
    const pr = dataset.pullRequests.find((p: any) => p.number === change.number)!;

    const action = await run('pull_request', pullRequestClosedPayload(OWNER, NAME, pr));
    expect(action.code, action.stdout + action.stderr).toBe(0);
    expect(action.report.complete).toBe(true);
    expect(action.report.trigger).toMatchObject({ event: 'pull_request', pullRequest: pr.number, releaseTag: null });

    // The report's entry for the PR is the engine's.
    const entry = action.report.changes.find((c: any) => c.kind === 'pull_request' && c.number === pr.number);
    expect(entry).toBeDefined();
    expect(entry.leadTimeSeconds).toBe(change.leadTimeSeconds);
    expect(entry.stages).toEqual(change.stages);
    expect(entry.status).toBe('measured');
    expect(entry.window).toBe('current');
    // Stages add up to the lead time when none was clamped to 0.
    const { codingSeconds, reviewSeconds, deploySeconds } = entry.stages;
    expect(codingSeconds + reviewSeconds + deploySeconds).toBe(entry.leadTimeSeconds);

    const section = triggerSection(action.summary);
    expect(section.startsWith(`### Triggered by ${escapeCode('pull_request', 40)}\n`)).toBe(true);
    expect(section).toContain(markdownLink(`#${pr.number} ${pr.title}`, entry.url, 80));
    expect(section).toContain(`**Lead time ${humanizeDuration(entry.leadTimeSeconds)}**`);
    expect(section).toContain(
      `coding ${humanizeDuration(codingSeconds)}, review ${humanizeDuration(reviewSeconds)}, deploy ${humanizeDuration(deploySeconds)}`,
    );
    const deployment = action.report.deployments.find((d: any) => d.id === entry.deploymentId);
    expect(section).toContain(deployment.label);
    expect(section).toContain(`${isoMinute(entry.deployedAt)} UTC`);
    expect(section).toContain('counted in this window');
    // The trigger section is about this PR, not the period.
    expect(section).not.toContain('The report for the');
    expectOutputsAreNumbersAndEnums(action);
  }, 30_000);

  it('pull_request closed for a merged PR no deployment has shipped yet says so', async () => {
    const result = engine();
    const shipped = new Set(result.changes.filter((c) => c.number !== null).map((c) => c.number));
    const pending = dataset.pullRequests
      .filter(
        (p: any) => p.mergedAt !== null && p.baseRef === 'main' && Date.parse(p.mergedAt) < Date.parse(UNTIL) && !shipped.has(p.number),
      )
      .at(-1);
    expect(pending, 'small-30d has a PR merged after the last deployment').toBeDefined();

    const action = await run('pull_request', pullRequestClosedPayload(OWNER, NAME, pending));
    expect(action.code, action.stdout + action.stderr).toBe(0);
    expect(action.report.changes.some((c: any) => c.number === pending.number)).toBe(false);
    const section = triggerSection(action.summary);
    expect(section).toContain(`Pull request #${pending.number} is not deployed yet`);
    expect(section).not.toContain('**Lead time');
  }, 30_000);

  it('release published (releases source): lists the changes the release shipped', async () => {
    const result = engine({ 'deployment-source': 'releases' });
    const perDeployment = (id: string) => result.changes.filter((c) => c.deploymentId === id);
    // The latest release of this window that shipped a few changes (the section lists up to 50).
    const counted = result.deployments
      .filter((d) => d.window === 'current' && perDeployment(d.deployment.id).length >= 2 && perDeployment(d.deployment.id).length <= 50)
      .at(-1)!;
    expect(counted).toBeDefined();
    const release = dataset.releases.find((r: any) => String(r.id) === counted.deployment.id)!;
    const shipped = perDeployment(counted.deployment.id);

    const action = await run(
      'release',
      releasePublishedPayload(OWNER, NAME, release),
      { 'deployment-source': 'releases' },
      release.targetSha,
    );
    expect(action.code, action.stdout + action.stderr).toBe(0);
    expect(action.report.deploymentSource.name).toBe('releases');
    expect(action.report.trigger).toMatchObject({ event: 'release', pullRequest: null, releaseTag: release.tagName });

    const reported = action.report.changes.filter((c: any) => c.deploymentId === String(release.id));
    expect(reported.map((c: any) => c.sha).sort()).toEqual(shipped.map((c) => c.sha).sort());

    const section = triggerSection(action.summary);
    expect(section.startsWith(`### Triggered by ${escapeCode('release', 40)}\n`)).toBe(true);
    expect(section).toContain(`Release ${escapeCode(release.tagName)} is`);
    expect(section).toContain(`it shipped ${shipped.length} changes.`);
    // One table row per change, each with its link and lead time.
    const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Change') && !l.startsWith('| ---'));
    expect(rows).toHaveLength(shipped.length);
    for (const c of reported) {
      const row = rows.find((r) => r.includes(c.url));
      expect(row, `row for ${c.number ?? c.sha}`).toBeDefined();
      expect(row).toContain(c.status === 'measured' ? humanizeDuration(c.leadTimeSeconds) : `_${c.status}_`);
    }
    expectOutputsAreNumbersAndEnums(action);
  }, 30_000);

  it('release published (auto source, GitHub Deployments): finds the deployment of the tag’s commit', async () => {
    const result = engine();
    expect(result.source).toBe('deployments');
    const bySha = new Map(result.deployments.filter((d) => d.window === 'current').map((d) => [d.deployment.sha, d]));
    const release = dataset.releases.filter((r: any) => !r.draft && !r.prerelease && bySha.has(r.targetSha)).at(-1);
    expect(release, 'a release whose commit was deployed in the window').toBeDefined();
    const deployment = [...result.deployments].reverse().find((d) => d.deployment.sha === release.targetSha)!;

    const action = await run('release', releasePublishedPayload(OWNER, NAME, release), {}, release.targetSha);
    expect(action.code, action.stdout + action.stderr).toBe(0);
    const section = triggerSection(action.summary);
    const shipped = result.changes.filter((c) => c.deploymentId === deployment.deployment.id).length;
    expect(section).toContain(`Release ${escapeCode(release.tagName)} is`);
    expect(section).toContain(deployment.deployment.label);
    expect(section).toContain(`it shipped ${shipped} change${shipped === 1 ? '' : 's'}`);
  }, 30_000);

  for (const [event, payload] of [
    ['schedule', schedulePayload(OWNER, NAME)],
    ['push', pushPayload(OWNER, NAME, 'main', dataset.branches.main!)],
  ] as const) {
    it(`${event}: shows the period report, with no trigger section (the title says the period)`, async () => {
      const result = engine();
      const action = await run(event, payload, {}, dataset.branches.main);
      expect(action.code, action.stdout + action.stderr).toBe(0);
      expect(action.report.trigger).toMatchObject({ event, pullRequest: null, releaseTag: null });
      expect(action.report.metrics.deploymentFrequency.deployments).toBe(result.metrics.deploymentFrequency.deployments);
      expect(action.report.metrics.leadTime.medianSeconds).toBe(result.metrics.leadTime.medianSeconds);

      expect(triggerSection(action.summary)).toBe('');
      expect(action.summary.split('\n')[2]).toMatch(
        new RegExp(`^\\S+ \\S+ → ${isoMinute(new Date(UNTIL).toISOString())} UTC \\(30 days\\)`),
      );
      expect(action.summary).toContain('| Deployment frequency |');
      expectOutputsAreNumbersAndEnums(action);
      expect(action.outputs.deployments).toBe(String(result.metrics.deploymentFrequency.deployments));
      const leadTime = result.metrics.leadTime.medianSeconds;
      expect(action.outputs['lead-time-seconds']).toBe(leadTime === null ? '' : String(Math.round(leadTime)));
      expect(action.outputs['lead-time']).toBe(leadTime === null ? '' : humanizeDuration(leadTime));
      expect(action.outputs['summary-line']).toMatch(
        new RegExp(`^${OWNER}/${NAME}, 30 days to ${UNTIL.slice(0, 10)}: deployment frequency `),
      );
      expect(action.outputs['overall-tier']).toBe(result.metrics.overallTier ?? '');
    }, 30_000);
  }
});

import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readReports } from '../../src/aggregate/read-reports.js';
import { ActionError } from '../../src/errors.js';
import { serializeReport } from '../../src/report/json.js';
import { repoReport } from './reports.js';

const roots: string[] = [];
afterAll(async () => {
  await Promise.all(roots.map((r) => fs.rm(r, { recursive: true, force: true })));
});

async function folder(files: Record<string, string>): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'dora-reports-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await fs.writeFile(path.join(root, name), text);
  }
  return root;
}

const report = (name: string) => serializeReport(repoReport(name, { current: { deployDays: [1] } }));

describe('readReports', () => {
  it('finds every dora-metrics.json below the folder, one folder per artifact as download-artifact lays them out', async () => {
    const dir = await folder({
      'dora-shop/dora-metrics.json': report('acme/shop'),
      'dora-api/dora-metrics.json': report('acme/api'),
      'deeper/dora-web/dora-metrics.json': report('acme/web'),
      'dora-shop/dora-metrics.csv': 'not read',
      'dora-shop/badges/overall.svg': '<svg/>',
      'other.json': '{}',
    });
    const { reports, problems } = await readReports(dir);
    expect(problems).toEqual([]);
    expect(reports.map((r) => r.repository)).toEqual(['acme/web', 'acme/api', 'acme/shop']);
    expect(reports[0]!.metrics.deploymentFrequency.deployments).toBe(1);
  });

  it('reads a folder holding one report directly', async () => {
    const dir = await folder({ 'dora-metrics.json': report('acme/shop') });
    expect((await readReports(dir)).reports.map((r) => r.repository)).toEqual(['acme/shop']);
  });

  it('names each file it refuses, and why, and keeps the others', async () => {
    const invalid = JSON.parse(report('acme/bad'));
    invalid.metrics.deploymentFrequency.deployments = -1;
    const newer = { ...JSON.parse(report('acme/future')), schemaVersion: 2 };
    const dir = await folder({
      'dora-a/dora-metrics.json': report('acme/a'),
      'dora-broken/dora-metrics.json': '{"schemaVersion": 1,',
      'dora-invalid/dora-metrics.json': JSON.stringify(invalid),
      'dora-newer/dora-metrics.json': JSON.stringify(newer),
      'dora-org/dora-metrics.json': JSON.stringify({ schemaVersion: 1, kind: 'organisation' }),
      'dora-z/dora-metrics.json': report('ACME/A'),
    });
    const { reports, problems } = await readReports(dir);
    expect(reports.map((r) => r.repository)).toEqual(['acme/a']);
    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/^dora-broken\/dora-metrics\.json: not JSON \(/);
    expect(problems[1]).toMatch(
      /^dora-invalid\/dora-metrics\.json: not a valid dora-action report:\n {4}.*\n.*metrics\.deploymentFrequency\.deployments/,
    );
    expect(problems[2]).toBe('dora-newer/dora-metrics.json: report schema version 2, this action reads version 1');
    expect(problems[3]).toBe("dora-org/dora-metrics.json: an organisation roll-up, not a repository's report");
    expect(problems[4]).toBe('dora-z/dora-metrics.json: a second report of ACME/A (the first is dora-a/dora-metrics.json), left out');
  });

  it('an empty folder gives no reports and no problems', async () => {
    expect(await readReports(await folder({}))).toEqual({ reports: [], problems: [] });
  });

  it('a folder that cannot be read is an error that says which input to fix', async () => {
    const missing = path.join(os.tmpdir(), 'dora-no-such-folder-for-sure');
    await expect(readReports(missing)).rejects.toThrow(ActionError);
    await expect(readReports(missing)).rejects.toThrow(`Cannot read the reports folder ${missing}`);
  });
});

/**
 * Incremental runs through dist/index.js: the GitHub API emulator serves the data, the cache
 * stand-in speaks the Actions cache protocol to the real @actions/cache client. A run with a
 * restored state must report exactly what a cold run over the same data reports, for fewer
 * requests: nothing new costs at most 5; new activity costs its new pages; a broken cache entry is
 * ignored with a log line.
 *
 * "New activity" is the same repository seen two and a half days apart: the sample dataset cut at an
 * earlier instant (what GitHub served then: runs and deployments still in progress, pull requests
 * still open, incidents not closed yet), then the whole dataset.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCacheService, type CacheService } from '../cache-service/server.js';
import type { Dataset } from '../emulator/dataset.js';
import { startEmulator, type Emulator, type LogEntry } from '../emulator/server.js';
import { runAction, ROOT, type ActionRun } from '../support/run-action.js';

const EXAMPLES = path.resolve(ROOT, '__tests__/fixtures/examples');
const SAMPLE: Dataset = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'small-30d.json'), 'utf8'));
/** The instant of the first look: a deploy run and a production deployment are in progress. */
const EARLIER = '2026-05-29T15:45:00Z';
/**
 * The sample, with one production deployment of May 12th that stayed in progress until after
 * EARLIER (waiting on an approval): far older than the day within which deployments are re-read
 * anyway, so only its being unfinished gets it re-read.
 */
const FULL: Dataset = {
  ...SAMPLE,
  deployments: (SAMPLE.deployments ?? []).map((d) =>
    d.id === 3100000456 ? { ...d, statuses: [d.statuses![0]!, { state: 'success', createdAt: '2026-05-29T16:30:00Z' }] } : d,
  ),
};
const NOW = FULL.now!;

const at = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : Number.NaN);

/**
 * The dataset as GitHub served it at `cut`: nothing created later, and what was still moving then
 * (runs not completed, deployment statuses not posted, pull requests not merged, issues open).
 */
function datasetAsOf(dataset: Dataset, cut: string): Dataset {
  const t = at(cut);
  const before = (iso: string | null | undefined): boolean => iso !== null && iso !== undefined && at(iso) <= t;
  const commits = (dataset.commits ?? []).filter((c) => before(c.committedAt ?? c.authoredAt));
  const kept = new Set(commits.map((c) => c.sha));
  const byId = new Map((dataset.commits ?? []).map((c) => [c.sha, c]));
  // A branch's head then: back along first parents to the first commit made by then.
  const headAt = (sha: string | undefined): string | undefined => {
    for (let c = sha === undefined ? undefined : byId.get(sha); c; c = byId.get(c.parents?.[0] ?? '')) {
      if (kept.has(c.sha)) return c.sha;
    }
    return undefined;
  };
  const branches = Object.fromEntries(
    Object.entries(dataset.branches ?? {}).flatMap(([name, sha]) => {
      const head = headAt(sha);
      return head === undefined ? [] : [[name, head]];
    }),
  );
  return {
    ...dataset,
    now: cut,
    branches,
    commits,
    pullRequests: (dataset.pullRequests ?? [])
      .filter((p) => before(p.createdAt))
      .map((p) => {
        const merged = before(p.mergedAt);
        return {
          ...p,
          mergedAt: merged ? p.mergedAt : null,
          closedAt: before(p.closedAt) ? p.closedAt : null,
          mergeCommitSha: merged ? p.mergeCommitSha : null,
          commits: (p.commits ?? []).filter((sha) => kept.has(sha)),
          reviews: (p.reviews ?? []).filter((r) => before(r.submittedAt)),
        };
      }),
    workflowRuns: (dataset.workflowRuns ?? [])
      .filter((r) => before(r.createdAt))
      .map((r) =>
        before(r.updatedAt ?? r.createdAt)
          ? r
          : { ...r, status: before(r.runStartedAt) ? 'in_progress' : 'queued', conclusion: null, updatedAt: cut },
      ),
    deployments: (dataset.deployments ?? [])
      .filter((d) => before(d.createdAt))
      .map((d) => ({ ...d, statuses: (d.statuses ?? []).filter((s) => before(s.createdAt)) })),
    releases: (dataset.releases ?? [])
      .filter((r) => before(r.createdAt))
      .map((r) => (r.publishedAt && !before(r.publishedAt) ? { ...r, draft: true, publishedAt: null } : r)),
    issues: (dataset.issues ?? [])
      .filter((i) => before(i.createdAt))
      .map((i) => ({ ...i, closedAt: before(i.closedAt) ? i.closedAt : null })),
  };
}

/** The report without what differs between any two runs (when, which run, what it cost). */
function numbers(run: ActionRun): unknown {
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.report, run.stdout).not.toBeNull();
  const { generatedAt: _g, api: _a, runUrl: _r, ...rest } = run.report;
  return rest;
}

const operations = (entries: readonly LogEntry[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const e of entries) {
    const name = e.operation ?? `${e.method} ${e.path.replace(/\/repos\/[^/]+\/[^/]+/, '')}`;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
};

describe('incremental runs through dist/index.js', () => {
  let service: CacheService;
  let earlier: Emulator;
  let full: Emulator;
  let home: string;
  let runId = 1000;

  beforeAll(async () => {
    service = await startCacheService();
    earlier = await startEmulator({ dataset: datasetAsOf(FULL, EARLIER), port: 0 });
    full = await startEmulator({ dataset: FULL, port: 0 });
    // The runner's workspace and temp directory are the same from run to run, as on a runner.
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'dora-incremental-'));
    fs.mkdirSync(path.join(home, 'workspace'));
    fs.mkdirSync(path.join(home, 'temp'));
  });
  afterAll(async () => {
    await Promise.all([service?.close(), earlier?.close(), full?.close()]);
    fs.rmSync(home, { recursive: true, force: true });
  });

  /** One run; with `cache`, in a runner's environment with the cache service. */
  async function run(
    emulator: Emulator,
    inputs: Record<string, string | number>,
    options: { cache: boolean; until?: string },
  ): Promise<ActionRun & { sent: LogEntry[] }> {
    const before = emulator.requests.length;
    runId += 1;
    const result = await runAction({
      apiUrl: emulator.apiUrl,
      graphqlUrl: emulator.graphqlUrl,
      inputs: { days: 30, until: options.until ?? NOW, ...inputs },
      env: {
        GITHUB_WORKSPACE: path.join(home, 'workspace'),
        RUNNER_TEMP: path.join(home, 'temp'),
        GITHUB_RUN_ID: String(runId),
        GITHUB_RUN_ATTEMPT: '1',
        ...(options.cache ? { ACTIONS_CACHE_URL: service.url, ACTIONS_RUNTIME_TOKEN: service.token } : {}),
      },
    });
    const sent = emulator.requests.slice(before);
    // Every request is one GitHub would accept, and the report counts them all.
    expect(sent.filter((r) => !r.valid)).toEqual([]);
    if (result.report) expect(result.report.api.requests).toBe(sent.length);
    return { ...result, sent };
  }

  /** Where the action keeps its state file between save and restore. */
  const stateFile = (): string => path.join(home, 'temp', 'dora-action-state', 'acme__shop.json');

  /** Puts a state file holding `text` in the cache under `prefix`, archived as the toolkit archives it. */
  function cacheStateFile(prefix: string, text: string): void {
    fs.writeFileSync(stateFile(), text);
    const relative = path.relative(path.join(home, 'workspace'), stateFile());
    const archive = path.join(home, 'state.tzst');
    const workspace = path.join(home, 'workspace');
    execFileSync('tar', ['--posix', '-cf', archive, '-P', '-C', workspace, relative, '--use-compress-program', 'zstdmt']);
    service.overwrite(prefix, fs.readFileSync(archive));
  }

  /** Puts the last run's state, edited, in the cache under `prefix`, as a tampering job would. */
  function overwriteState(prefix: string, edit: (state: any) => void): void {
    const state = JSON.parse(fs.readFileSync(stateFile(), 'utf8'));
    edit(state);
    cacheStateFile(prefix, JSON.stringify(state));
  }

  /** Every other record of each kept list, past the first ten: well-formed, and fewer than GitHub has. */
  function dropRecords(state: any): void {
    const thin = (nodes: unknown[]): unknown[] => nodes.filter((_, i) => i < 10 || i % 2 === 0);
    const r = state.records;
    if (r.history) r.history.nodes = thin(r.history.nodes);
    if (r.pullRequests) r.pullRequests.nodes = thin(r.pullRequests.nodes);
    if (r.deployments) r.deployments.listing.nodes = thin(r.deployments.listing.nodes);
    for (const kept of Object.values<any>(r.workflowRuns ?? {})) kept.runs = thin(kept.runs);
  }

  const SOURCES: { name: string; inputs: Record<string, string> }[] = [
    { name: 'auto (GitHub Deployments)', inputs: {} },
    // Staging too: 290 deployments, three pages, so the kept listing is spliced after the first.
    { name: 'GitHub Deployments to production and staging', inputs: { environment: '^(production|staging)$' } },
    {
      name: 'workflow, with failed runs and incidents',
      inputs: { 'deployment-source': 'workflow', 'failure-signals': 'hotfix,revert,rollback,incident,failed-run' },
    },
    { name: 'releases', inputs: { 'deployment-source': 'releases' } },
    { name: 'merges', inputs: { 'deployment-source': 'merges' } },
  ];

  for (const [index, source] of SOURCES.entries()) {
    describe(source.name, () => {
      const prefix = `incremental-${index}`;
      let cold: ActionRun & { sent: LogEntry[] };

      it('nothing new: at most 8 requests (5, and one per check or other list it needs), the cold run’s report', async () => {
        cold = await run(full, { ...source.inputs, 'cache-key-prefix': `${prefix}-same` }, { cache: true });
        expect(cold.stdout).toContain('No cached state under');
        expect(cold.stdout).toContain('Saved the state for the next run');
        const warm = await run(full, { ...source.inputs, 'cache-key-prefix': `${prefix}-same` }, { cache: true });
        expect(warm.stdout).toContain('Restored the state saved at');
        expect(numbers(warm)).toEqual(numbers(cold));
        const incidents = source.inputs['failure-signals']?.includes('incident') ? 1 : 0;
        // Pull requests merged into another branch and deployed from it are asked again each run (one query per
        // 50): their labels can change, and no listing tells when (docs/metrics.md "Incremental runs").
        const others = operations(warm.sent).PullRequestsByNumber ?? 0;
        expect(others).toBeLessThanOrEqual(1);
        // The kept deploy runs are proved with one count per deploy workflow (GraphQL lists carry theirs).
        const runChecks = source.inputs['deployment-source'] === 'workflow' ? 1 : 0;
        expect(warm.sent.length, JSON.stringify(operations(warm.sent))).toBeLessThanOrEqual(5 + incidents + others + runChecks);
        expect(warm.sent.length).toBeLessThanOrEqual(8);
        expect(warm.sent.length).toBeLessThan(cold.sent.length);
      }, 60_000);

      it('a tampered state (every other record dropped) is proved wrong against GitHub: the cold run’s report', async () => {
        const inputs = { ...source.inputs, 'cache-key-prefix': `${prefix}-tampered` };
        const first = await run(full, inputs, { cache: true });
        overwriteState(`${prefix}-tampered-`, dropRecords);
        const warm = await run(full, inputs, { cache: true });
        expect(warm.stdout).toContain('Restored the state saved at');
        expect(numbers(warm)).toEqual(numbers(first));
        if (source.inputs['deployment-source'] !== 'merges' && source.inputs['deployment-source'] !== 'releases') {
          expect(warm.stdout).toContain('does not match GitHub');
        }
      }, 60_000);

      it('new activity: only the new pages, and exactly what a cold run over the grown data reports', async () => {
        const first = await run(earlier, { ...source.inputs, 'cache-key-prefix': `${prefix}-grow` }, { cache: true, until: EARLIER });
        expect(first.stdout).toContain('Saved the state for the next run');
        const warm = await run(full, { ...source.inputs, 'cache-key-prefix': `${prefix}-grow` }, { cache: true });
        expect(warm.stdout).toContain('Restored the state saved at');
        expect(numbers(warm)).toEqual(numbers(cold));
        const sent = operations(warm.sent);
        // The deployment still in progress at the first look, beyond the first page, is re-read by id.
        if (source.inputs.environment) expect(sent.DeploymentNodes, JSON.stringify(sent)).toBe(1);
        // One page of each list the metrics need: three days of activity fit in one.
        for (const op of ['BranchHistory', 'MergedPullRequests', 'ProductionDeployments', 'Releases', 'IncidentIssues']) {
          expect(sent[op] ?? 0, `${op} in ${JSON.stringify(sent)}`).toBeLessThanOrEqual(1);
        }
        expect(warm.sent.length, JSON.stringify(sent)).toBeLessThan(cold.sent.length);
        expect(warm.sent.length, JSON.stringify(sent)).toBeLessThanOrEqual(7);
      }, 60_000);
    });
  }

  it('a deployment deleted since the state was kept: the warm run proves the kept listing wrong and equals a cold run', async () => {
    // A production deployment of early May, long final and past the first page of the listing (of
    // production and staging): nothing re-reads it, only the count shows it gone.
    const gone = (FULL.deployments ?? []).find(
      (d) => d.environment === 'production' && at(d.createdAt) < at(NOW) - 20 * 86_400_000 && at(d.createdAt) > at(NOW) - 28 * 86_400_000,
    )!;
    expect(gone).toBeDefined();
    const deleted = await startEmulator({ dataset: { ...FULL, deployments: FULL.deployments!.filter((d) => d.id !== gone.id) }, port: 0 });
    try {
      const inputs = {
        'deployment-source': 'deployments',
        environment: '^(production|staging)$',
        'cache-key-prefix': 'incremental-deleted',
      };
      await run(full, inputs, { cache: true });
      const warm = await run(deleted, inputs, { cache: true });
      const cold = await run(deleted, inputs, { cache: false });
      expect(warm.stdout).toContain('Restored the state saved at');
      expect(warm.report.deployments.map((d: any) => d.id)).not.toContain(String(gone.id));
      expect(numbers(warm)).toEqual(numbers(cold));
      expect(warm.stdout).toMatch(/deployments: the cached state does not match GitHub \(GitHub lists \d+ where/);
    } finally {
      await deleted.close();
    }
  }, 60_000);

  it('a corrupt cache entry is ignored with a log line: the run is a cold run', async () => {
    const inputs = { 'cache-key-prefix': 'incremental-corrupt' };
    const cold = await run(full, inputs, { cache: true });
    // Garbage where the archive was: the client cannot unpack it.
    service.overwrite('incremental-corrupt-', Buffer.from('not a zstd tar archive at all'));
    const garbage = await run(full, inputs, { cache: true });
    // Said once, in the action's words: what happened and what it means (the toolkit's own line is held back).
    expect(garbage.stdout).toMatch(/::warning::The cached state could not be restored \(its archive could not be unpacked/);
    expect(garbage.stdout).not.toMatch(/Failed to restore/);
    expect(garbage.stdout).not.toContain('No cached state under incremental-corrupt-');
    expect(numbers(garbage)).toEqual(numbers(cold));
    expect(garbage.sent.length).toBe(cold.sent.length);

    // A well-formed archive holding a state file that is not JSON: the action's own check.
    cacheStateFile('incremental-corrupt-', '{"format":"dora-state/1","records":');
    const corrupt = await run(full, inputs, { cache: true });
    expect(corrupt.stdout).toMatch(/The cached state incremental-corrupt-\S+ is corrupt \(not JSON/);
    expect(corrupt.stdout).toContain('ignored, everything is read from the API');
    expect(numbers(corrupt)).toEqual(numbers(cold));
    expect(corrupt.sent.length).toBe(cold.sent.length);
  }, 60_000);

  it('a state saved with other inputs is not used; outside Actions the cache is skipped', async () => {
    await run(full, { 'cache-key-prefix': 'incremental-foreign', workflows: 'deploy.yml' }, { cache: true });
    const other = await run(full, { 'cache-key-prefix': 'incremental-foreign' }, { cache: true });
    expect(other.stdout).toMatch(/is saved with other `workflows`, `environment` or `include-prereleases` inputs/);
    const outside = await run(full, { 'cache-key-prefix': 'incremental-foreign' }, { cache: false });
    expect(outside.stdout).toContain('Incremental cache skipped: not running in GitHub Actions');
    expect(numbers(other)).toEqual(numbers(outside));
  }, 60_000);

  it('a cache service that fails on save or restore only warns', async () => {
    service.fail('reserve', 500);
    const failedSave = await run(full, { 'cache-key-prefix': 'incremental-failing' }, { cache: true });
    service.fail('reserve', null);
    expect(failedSave.stdout).toMatch(
      /::warning::The state was not saved \(.+\)\. The next run reads everything from the API; this run's numbers are unaffected\./,
    );
    expect(failedSave.stdout).not.toMatch(/::error::/);
    expect(service.committed('incremental-failing-')).toEqual([]);
    service.fail('lookup', 500);
    const failedRestore = await run(full, { 'cache-key-prefix': 'incremental-failing' }, { cache: true });
    service.fail('lookup', null);
    expect(failedRestore.stdout).toMatch(/::warning::The cached state (could not be|was not) restored/);
    expect(failedRestore.stdout).not.toMatch(/::error::/);
    expect(numbers(failedRestore)).toEqual(numbers(failedSave));
  }, 60_000);
});

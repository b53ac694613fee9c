/**
 * Faults of the runner's services (the v2 Results service and its blob storage), each met by the bundled
 * action (dist/index.js) on small-30d: every cache and artifact call answering 500, 429 or 401, stalling
 * or cutting the connection; a corrupt, truncated or foreign cache archive; two jobs saving at once; and
 * `mode: aggregate` meeting a failing artifact listing or download. Each scenario gets a service of its
 * own (Azurite in this process) so they run side by side.
 *
 * Shared by __tests__/e2e/results-faults.test.ts, which asserts on the outcomes, and
 * __tests__/scripts/faults.ts, which prints them as a table (`npm run test:faults`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Emulator, startEmulator } from '../emulator/server.js';
import { type ActionRun, ROOT, runAction } from '../support/run-action.js';
import { type Fault, type ResultsOperation, type ResultsService, startResultsService } from './server.js';

const EXAMPLES = path.resolve(ROOT, '__tests__/fixtures/examples');
export const DATASET = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'small-30d.json'), 'utf8'));
/** small-30d's expected run with the GitHub Deployments source: its inputs, and the numbers they give. */
export const EXPECTED = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'small-30d.expected.json'), 'utf8')).runs.find(
  (r: any) => r.inputs['deployment-source'] === 'deployments',
);
const INPUTS = EXPECTED.inputs;
/** A second repository for the roll-up: the same history under another name. */
export const OTHER = { ...DATASET, repository: { ...DATASET.repository, name: 'shop-eu' } };
export const BLOB_HOST_PRELOAD = path.resolve(ROOT, '__tests__/results-service/blob-host.cjs');
/** `max-wait` of every scenario: the services' budget is then its 10 s floor. */
export const EDGE_MAX_WAIT = 6;

export type Phase =
  /** A cold run meets the fault (cache save, artifact upload). */
  | 'cold'
  /** A fault-free cold run saves the state first; the next run meets the fault (restore). */
  | 'warm'
  /** Two matrix jobs upload their reports fault-free; the roll-up job meets the fault. */
  | 'aggregate';

export interface EdgeScenario {
  readonly name: string;
  readonly phase: Phase;
  /** Injected before the faulted run. */
  readonly faults?: readonly { operation: ResultsOperation; fault: Fault; times?: number }[];
  /** Anything else done before the faulted run (after the fault-free ones); `job` runs a fault-free job. */
  readonly setup?: (service: ResultsService, job: (inputs: Record<string, string>) => Promise<ActionRun>) => Promise<void>;
  /** The faulted job has the run id of the setup's job (so the same cache key). */
  readonly sameRun?: boolean;
  /** The step fails (only the roll-up may: a roll-up missing reports would be wrong). */
  readonly fails?: boolean;
  /** The line that says what happened and what it means. */
  readonly line: RegExp;
}

const cold = (name: string, operation: ResultsOperation, fault: Fault, line: RegExp, times?: number): EdgeScenario => ({
  name,
  phase: 'cold',
  faults: [{ operation, fault, times }],
  line,
});
const warm = (name: string, operation: ResultsOperation, fault: Fault, line: RegExp, times?: number): EdgeScenario => ({
  name,
  phase: 'warm',
  faults: [{ operation, fault, times }],
  line,
});

/** Failed, or kept failing until the budget ran out: the toolkit retries a 5xx or 429 longer than 10 s. */
const RESTORE_FAILED =
  /::warning::The cached state (could not be restored \(the cache service failed: .+\)|was not restored: the Actions cache kept failing for \d+ s \(.+\)).*[Ee]verything is read from the API/;
const RESTORE_STALLED =
  /::warning::The cached state was not restored: the Actions cache did not finish within \d+ s.*Everything is read from the API/;
const SAVE_STALLED = /::warning::The state was not saved: the Actions cache did not finish within \d+ s/;
const SAVE_FAILED =
  /::warning::The state was not saved( \(the cache service refused to create the entry: .+\)|: the Actions cache kept failing for \d+ s \(.+\)).*The next run reads everything from the API/;
const UPLOAD_STALLED = /::warning::The artifact upload failed \(the artifact service did not finish within \d+ s/;
const UPLOAD_FAILED = /::warning::The artifact upload failed \(.+\); the report is still at /;

export const EDGE_SCENARIOS: readonly EdgeScenario[] = [
  // Restoring the state (a warm run): the numbers come from a full read instead.
  warm('cache lookup 500', 'GetCacheEntryDownloadURL', 500, RESTORE_FAILED),
  warm('cache lookup 429', 'GetCacheEntryDownloadURL', 429, RESTORE_FAILED),
  warm('cache lookup 401', 'GetCacheEntryDownloadURL', 401, RESTORE_FAILED),
  warm('cache lookup stalls', 'GetCacheEntryDownloadURL', 'stall', RESTORE_STALLED),
  warm('cache lookup connection cut', 'GetCacheEntryDownloadURL', 'reset', RESTORE_FAILED),
  warm('archive HEAD stalls', 'blob-properties', 'stall', RESTORE_STALLED),
  warm('archive download stalls', 'blob-download', 'stall', RESTORE_STALLED),
  warm('archive download 500', 'blob-download', 500, /::warning::The cached state (could not be|was not) restored/),
  warm('archive download connection cut', 'blob-download', 'reset', /::warning::The cached state (could not be|was not) restored/),
  {
    name: 'corrupt archive',
    phase: 'warm',
    setup: async (s) => void (await s.overwriteBlob('dora-', Buffer.from('not a tar archive at all'.repeat(40)))),
    line: /::warning::The cached state could not be restored \(its archive could not be unpacked/,
  },
  {
    name: 'truncated archive',
    phase: 'warm',
    setup: async (s) => {
      const entry = s.entries().find((e) => e.finalized)!;
      const bytes = (await s.readBlob(entry))!;
      await s.overwriteBlob('dora-', bytes.subarray(0, Math.floor(bytes.length / 2)));
    },
    line: /::warning::The cached state could not be restored \(its archive could not be unpacked/,
  },
  {
    name: 'foreign archive (another source, same key)',
    phase: 'warm',
    setup: async (s, job) => {
      // A valid archive of the toolkit's format and the same cache version, holding another
      // source's state: the workflow source's, saved by a job of its own.
      await job({ 'deployment-source': 'workflow', workflows: 'deploy.yml' });
      const other = s.entries().find((e) => e.finalized && e.key.includes('-workflow-'))!;
      await s.overwriteBlob('dora-action-acme-shop-main-deployments-', (await s.readBlob(other))!);
    },
    line: /The cached state .* is .*: ignored, everything is read from the API/,
  },
  // Saving the state and uploading the report (a cold run): the report is written first; both are optional.
  cold('cache create 500', 'CreateCacheEntry', 500, SAVE_FAILED),
  cold('cache create 429', 'CreateCacheEntry', 429, SAVE_FAILED),
  cold('cache create 401', 'CreateCacheEntry', 401, SAVE_FAILED),
  cold('cache create stalls', 'CreateCacheEntry', 'stall', SAVE_STALLED),
  cold('cache create connection cut', 'CreateCacheEntry', 'reset', SAVE_FAILED),
  cold('cache finalize 500', 'FinalizeCacheEntryUpload', 500, /::warning::The state was not saved/),
  cold('cache finalize stalls', 'FinalizeCacheEntryUpload', 'stall', SAVE_STALLED),
  cold('blob upload stalls (cache and artifact)', 'blob-upload', 'stall', UPLOAD_STALLED),
  cold('blob upload connection cut', 'blob-upload', 'reset', /::warning::The (state was not saved|artifact upload failed)/),
  cold('artifact create 500', 'CreateArtifact', 500, UPLOAD_FAILED),
  cold('artifact create 429', 'CreateArtifact', 429, UPLOAD_FAILED),
  cold('artifact create 401', 'CreateArtifact', 401, UPLOAD_FAILED),
  cold('artifact create stalls', 'CreateArtifact', 'stall', UPLOAD_STALLED),
  cold('artifact create connection cut', 'CreateArtifact', 'reset', UPLOAD_FAILED),
  cold('artifact finalize 500', 'FinalizeArtifact', 500, UPLOAD_FAILED),
  cold('artifact finalize stalls', 'FinalizeArtifact', 'stall', UPLOAD_STALLED),
  {
    // Two jobs of one run saving the same key (a matrix measuring one repository twice): one creates
    // the entry first, the other is refused. Run one after the other, as two jobs sharing a RUNNER_TEMP
    // on one machine would step on each other's state file, which two runners never do.
    name: 'a second job saving the same key',
    phase: 'cold',
    setup: async (_s, job) => void (await job({})),
    sameRun: true,
    line: /::warning::The state was not saved \(an entry under this key exists already/,
  },
  // The roll-up: a listing or download that fails for good ends the step with the cause and the fix.
  {
    name: 'artifact listing 500 once',
    phase: 'aggregate',
    faults: [{ operation: 'ListArtifacts', fault: 500, times: 1 }],
    line: /Downloaded 2 report artifact\(s\) named dora-\*/,
  },
  {
    name: 'artifact listing 500',
    phase: 'aggregate',
    faults: [{ operation: 'ListArtifacts', fault: 500 }],
    fails: true,
    line: /::error::Could not list this run's artifacts: .*500.*Fix: Re-run the job; .*set `reports-dir`/,
  },
  {
    name: 'artifact listing stalls',
    phase: 'aggregate',
    faults: [{ operation: 'ListArtifacts', fault: 'stall' }],
    fails: true,
    line: /::error::Could not list this run's artifacts: the artifact service did not finish within \d+ s/,
  },
  {
    name: 'artifact download stalls',
    phase: 'aggregate',
    faults: [{ operation: 'blob-download', fault: 'stall' }],
    fails: true,
    line: /::error::Could not download the artifact dora-shop(-eu)?: the artifact service (did not finish|kept failing) /,
  },
];

export interface EdgeResult {
  readonly scenario: EdgeScenario;
  readonly run: ActionRun;
  /** The report (or roll-up) was written. */
  readonly reportWritten: boolean;
  /** Every metric equals the fault-free run's (single runs); the roll-up names both repositories. */
  readonly numbersCorrect: boolean;
  /** The first line matching `scenario.line`, or null. */
  readonly line: string | null;
  /** Wall time of the faulted step. */
  readonly seconds: number;
}

export class EdgeLab {
  private jobs = 0;
  private constructor(
    private readonly emulator: Emulator,
    private readonly baseline: any,
  ) {}

  static async start(): Promise<EdgeLab> {
    const emulator = await startEmulator({ datasets: [DATASET, OTHER], port: 0 });
    const baseline = await runAction({
      apiUrl: emulator.apiUrl,
      graphqlUrl: emulator.graphqlUrl,
      inputs: { ...INPUTS, cache: 'false' },
    });
    return new EdgeLab(emulator, baseline.report);
  }

  async close(): Promise<void> {
    await this.emulator.close();
  }

  private job(
    service: ResultsService,
    temp: string,
    runId: string,
    extra: { repository?: string; inputs?: Record<string, string | number> } = {},
  ): Promise<ActionRun> {
    return runAction({
      apiUrl: this.emulator.apiUrl,
      graphqlUrl: this.emulator.graphqlUrl,
      repository: extra.repository ?? 'acme/shop',
      // Every job of a scenario is one workflow run for the artifact service: each uploads its own name.
      inputs: { ...INPUTS, 'max-wait': EDGE_MAX_WAIT, 'artifact-name': `dora-job-${runId}-${++this.jobs}`, ...extra.inputs },
      // RUNNER_TEMP is the same for every job of a scenario, as on a runner: the state file's path
      // is part of the cache version.
      env: { ...service.env(), NODE_OPTIONS: `--require ${BLOB_HOST_PRELOAD}`, GITHUB_RUN_ID: runId, RUNNER_TEMP: temp },
    });
  }

  async run(scenario: EdgeScenario): Promise<EdgeResult> {
    const service = await startResultsService();
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'dora-edge-runner-'));
    const job = (runId: string, extra?: { repository?: string; inputs?: Record<string, string | number> }) =>
      this.job(service, temp, runId, extra);
    try {
      if (scenario.phase === 'warm') await job('100');
      if (scenario.phase === 'aggregate') {
        await job('300', { inputs: { 'artifact-name': 'dora-shop' } });
        await job('300', { repository: 'acme/shop-eu', inputs: { 'artifact-name': 'dora-shop-eu' } });
      }
      await scenario.setup?.(service, (inputs) => job('150', { inputs }));
      for (const f of scenario.faults ?? []) service.fail(f.operation, f.fault, f.times === undefined ? undefined : { times: f.times });
      const started = performance.now();
      let run: ActionRun;
      if (scenario.phase === 'aggregate') {
        run = await job('300', { inputs: { mode: 'aggregate', 'artifact-name': 'dora-org' } });
      } else {
        run = await job(scenario.phase === 'warm' ? '101' : scenario.sameRun ? '150' : '200');
      }
      const seconds = (performance.now() - started) / 1000;
      const line = `${run.stdout}\n${run.stderr}`.split('\n').find((l) => scenario.line.test(l)) ?? null;
      let reportWritten: boolean;
      let numbersCorrect: boolean;
      if (scenario.phase === 'aggregate') {
        const orgPath = run.outputs['report-path'];
        const org = orgPath && fs.existsSync(orgPath) ? JSON.parse(fs.readFileSync(orgPath, 'utf8')) : null;
        reportWritten = org !== null;
        numbersCorrect = scenario.fails
          ? org === null
          : JSON.stringify([...(org?.repositories ?? [])].sort()) === JSON.stringify(['acme/shop', 'acme/shop-eu']);
      } else {
        reportWritten = run.report !== null;
        numbersCorrect =
          reportWritten &&
          JSON.stringify(run.report.metrics) === JSON.stringify(this.baseline.metrics) &&
          JSON.stringify(run.report.previous) === JSON.stringify(this.baseline.previous);
      }
      return { scenario, run, reportWritten, numbersCorrect, line, seconds };
    } finally {
      await service.close();
      fs.rmSync(temp, { recursive: true, force: true });
    }
  }
}

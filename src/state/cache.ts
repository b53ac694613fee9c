/**
 * The kept state in the Actions cache: restored by key prefix before the reads, saved under a key
 * of its own after the report is written. Never fatal: a cache that cannot be used is a cold run.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as cache from '@actions/cache';
import { errorText } from '../errors.js';
import { createServiceBudget, notesText, type ServiceBudget, timeoutText } from '../services.js';
import { parseState, sourceKey, type DoraState, type StateIdentity, type StateSlot } from './format.js';

export interface StateCacheOptions {
  /** The `cache` input. */
  readonly enabled: boolean;
  /** The `cache-key-prefix` input. */
  readonly prefix: string;
  readonly owner: string;
  readonly repo: string;
  /** The `deployment-source` input. */
  readonly deploymentSource: string;
  readonly workflows: readonly string[];
  readonly environment: RegExp;
  readonly includePrereleases: boolean;
  readonly info: (message: string) => void;
  readonly warning: (message: string) => void;
  /** process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** The wait the runner's services get (shared with the artifact upload); 10 s by default. */
  readonly budget?: ServiceBudget;
}

export interface StateCache extends StateSlot {
  /** Saves the state `keep` was given (after the report is written); never throws. */
  save(): Promise<void>;
}

/** The cache-mode the runner grants (`ACTIONS_CACHE_MODE`): unset or unknown allows both. */
function cacheMode(env: NodeJS.ProcessEnv): { readable: boolean; writable: boolean; mode: string } {
  const mode = (env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase();
  const known = ['none', 'read', 'write', 'write-only'].includes(mode);
  return { mode, readable: !known || mode === 'read' || mode === 'write', writable: !known || mode === 'write' || mode === 'write-only' };
}

/** What the toolkit's words for a failed restore mean here. */
function restoreProblem(notes: readonly string[]): string {
  const text = notes.join(' ');
  if (/\btar\b|zstd|gzip|unexpected end|invalid/i.test(text))
    return `its archive could not be unpacked (damaged or not ours)${notesText(notes)}`;
  if (/read denied/i.test(text)) return `this job may not read the cache${notesText(notes)}`;
  return `the cache service failed${notesText(notes)}`;
}

/**
 * What the toolkit's words for a failed save mean here. It says "another job may be creating this
 * cache" whatever stopped the reservation; its debug line has the service's answer.
 */
function saveProblem(notes: readonly string[], details: readonly string[]): string {
  const cause = details.find((d) => d.startsWith('Failed to reserve cache:'))?.replace(/^Failed to reserve cache: (Error: )?/, '');
  const text = [...notes, cause ?? ''].join(' ');
  if (/write denied/i.test(text)) return `this job may not write to the cache${notesText(notes)}`;
  if (/already exists|\b409\b/i.test(text))
    return 'an entry under this key exists already (a re-run of this job, or a job saving at the same time)';
  if (cause !== undefined) return `the cache service refused to create the entry: ${cause}`;
  return `the cache service refused or failed${notesText(notes)}`;
}

/** A key part: cache keys take no commas. */
const part = (value: string): string => value.replace(/,/g, '_');

/** The key prefix every run of this repository, branch and source shares: restores match it. */
export function stateKeyPrefix(prefix: string, owner: string, repo: string, branch: string, source: string): string {
  return `${part(prefix)}-${part(owner.toLowerCase())}-${part(repo.toLowerCase())}-${part(branch)}-${part(source)}-`;
}

/** Where the state file lives: a temp directory, the same path every run (the cache version hashes it). */
export function statePath(owner: string, repo: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.RUNNER_TEMP || os.tmpdir();
  return path.join(dir, 'dora-action-state', `${owner.toLowerCase()}__${repo.toLowerCase()}.json`);
}

/**
 * The Actions cache for one repository's state. Outside Actions (no cache service URL or runtime
 * token) or with `cache: false`, it says so once and does nothing.
 */
export function createStateCache(options: StateCacheOptions): StateCache {
  const env = options.env ?? process.env;
  const budget = options.budget ?? createServiceBudget(0);
  const file = statePath(options.owner, options.repo, env);
  const source = options.deploymentSource;
  const mode = cacheMode(env);
  let branch: string | null = null;
  let kept: DoraState | null = null;
  /** Set when the service did not answer the restore in time: the save is not tried either. */
  let stalled = false;

  const unavailable = (): string | null => {
    if (!options.enabled) return 'turned off by the `cache` input';
    // The service the client will call: v2 (ACTIONS_CACHE_SERVICE_V2) at ACTIONS_RESULTS_URL, v1 at
    // ACTIONS_CACHE_URL. Without it nothing is tried: an unreachable service costs retries.
    const v2 = Boolean(env.ACTIONS_CACHE_SERVICE_V2);
    const url = v2 ? env.ACTIONS_RESULTS_URL : env.ACTIONS_CACHE_URL;
    if (!url || !env.ACTIONS_RUNTIME_TOKEN) {
      return `not running in GitHub Actions (no ${v2 ? 'ACTIONS_RESULTS_URL' : 'ACTIONS_CACHE_URL'} or ACTIONS_RUNTIME_TOKEN)`;
    }
    if (!mode.readable && !mode.writable) return `the runner's cache-mode is \`${mode.mode}\``;
    return null;
  };
  const skipped = unavailable();
  // The toolkit's own timers, cut to what is left, so less outlives a deadline.
  const downloadOptions = (): cache.DownloadOptions => {
    const left = Math.max(1000, budget.remainingMs());
    return { timeoutInMs: Math.min(30_000, left), segmentTimeoutInMs: left };
  };

  return {
    log: (message) => options.info(message),

    async load(branchName) {
      branch = branchName;
      if (skipped !== null) {
        options.info(`Incremental cache skipped: ${skipped}. Everything is read from the API.`);
        return null;
      }
      if (!mode.readable) {
        options.info(`Incremental cache: the runner's cache-mode \`${mode.mode}\` allows no restore, so everything is read from the API.`);
        return null;
      }
      const prefix = stateKeyPrefix(options.prefix, options.owner, options.repo, branchName, source);
      try {
        // A file left by an earlier step or job must not pass for the restored one.
        await fs.rm(file, { force: true });
        await fs.mkdir(path.dirname(file), { recursive: true });
      } catch (error) {
        options.warning(`The incremental cache could not be restored (${errorText(error)}): everything is read from the API.`);
        return null;
      }
      const outcome = await budget.run(() => cache.restoreCache([file], `${prefix}${runPart(env)}`, [prefix], downloadOptions()));
      if (outcome.status === 'timeout') {
        stalled = true;
        options.warning(
          `The cached state was not restored: ${timeoutText('the Actions cache', outcome)}, all the wait \`max-wait\` allows the runner's services. Everything is read from the API, so the numbers are the same and only the requests grow; the state is not saved either.`,
        );
        return null;
      }
      if (outcome.status === 'failed') {
        options.warning(`The incremental cache could not be restored (${errorText(outcome.error)}): everything is read from the API.`);
        return null;
      }
      const hit = outcome.value;
      if (hit === undefined) {
        if (outcome.notes.length > 0) {
          options.warning(
            `The cached state could not be restored (${restoreProblem(outcome.notes)}): everything is read from the API, so the numbers are the same and only the requests grow.`,
          );
        } else {
          options.info(`No cached state under ${prefix}*: everything is read from the API.`);
        }
        return null;
      }
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch (error) {
        options.info(`The cached state ${hit} has no state file (${errorText(error)}): ignored, everything is read from the API.`);
        return null;
      }
      const expected: StateIdentity = {
        repository: `${options.owner}/${options.repo}`.toLowerCase(),
        branch: branchName,
        source,
        sourceKey: sourceKey(options),
      };
      const parsed = parseState(text, expected);
      if ('problem' in parsed) {
        options.info(`The cached state ${hit} is ${parsed.problem}: ignored, everything is read from the API.`);
        return null;
      }
      options.info(`Restored the state saved at ${parsed.state.savedAt} (${hit}): reading only what is new or may have changed since.`);
      return parsed.state;
    },

    keep(state) {
      kept = state;
    },

    async save() {
      if (skipped !== null || kept === null || branch === null || stalled) return;
      if (!mode.writable) {
        options.info(`The state is not saved: the runner's cache-mode \`${mode.mode}\` lets this job restore but not save.`);
        return;
      }
      const key = `${stateKeyPrefix(options.prefix, options.owner, options.repo, branch, source)}${runPart(env)}`;
      try {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, JSON.stringify(kept), 'utf8');
      } catch (error) {
        options.warning(`The incremental cache was not saved (${errorText(error)}): the next run reads everything from the API.`);
        return;
      }
      const outcome = await budget.run(() => cache.saveCache([file], key));
      if (outcome.status === 'timeout') {
        options.warning(
          `The state was not saved: ${timeoutText('the Actions cache', outcome)}, all \`max-wait\` allows. The next run reads everything from the API; this run's numbers are unaffected.`,
        );
      } else if (outcome.status === 'failed') {
        options.warning(`The incremental cache was not saved (${errorText(outcome.error)}): the next run reads everything from the API.`);
      } else if (outcome.value === -1) {
        // saveCache reports its failures in its own words (held back) and returns -1.
        options.warning(
          `The state was not saved (${saveProblem(outcome.notes, outcome.details)}). The next run reads everything from the API; this run's numbers are unaffected.`,
        );
      } else {
        options.info(`Saved the state for the next run as ${key}.`);
      }
    },
  };
}

/** The part of the key that makes each run's entry its own. */
function runPart(env: NodeJS.ProcessEnv): string {
  return `${part(env.GITHUB_RUN_ID || 'local')}-${part(env.GITHUB_RUN_ATTEMPT || '1')}`;
}

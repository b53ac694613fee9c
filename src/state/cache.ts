/**
 * The kept state in the Actions cache: restored by key prefix before the reads, saved under a key
 * of its own after the report is written. Never fatal: a cache that cannot be used is a cold run.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as cache from '@actions/cache';
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
}

export interface StateCache extends StateSlot {
  /** Saves the state `keep` was given (after the report is written); never throws. */
  save(): Promise<void>;
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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
  const file = statePath(options.owner, options.repo, env);
  const source = options.deploymentSource;
  let branch: string | null = null;
  let kept: DoraState | null = null;

  const unavailable = (): string | null => {
    if (!options.enabled) return 'turned off by the `cache` input';
    // The service the client will call: v2 (ACTIONS_CACHE_SERVICE_V2) at ACTIONS_RESULTS_URL, v1 at
    // ACTIONS_CACHE_URL. Without it nothing is tried: an unreachable service costs retries.
    const v2 = Boolean(env.ACTIONS_CACHE_SERVICE_V2);
    const url = v2 ? env.ACTIONS_RESULTS_URL : env.ACTIONS_CACHE_URL;
    if (!url || !env.ACTIONS_RUNTIME_TOKEN) {
      return `not running in GitHub Actions (no ${v2 ? 'ACTIONS_RESULTS_URL' : 'ACTIONS_CACHE_URL'} or ACTIONS_RUNTIME_TOKEN)`;
    }
    return null;
  };
  const skipped = unavailable();

  return {
    log: (message) => options.info(message),

    async load(branchName) {
      branch = branchName;
      if (skipped !== null) {
        options.info(`Incremental cache skipped: ${skipped}. Everything is read from the API.`);
        return null;
      }
      const prefix = stateKeyPrefix(options.prefix, options.owner, options.repo, branchName, source);
      let hit: string | undefined;
      try {
        // A file left by an earlier step or job must not pass for the restored one.
        await fs.rm(file, { force: true });
        await fs.mkdir(path.dirname(file), { recursive: true });
        hit = await cache.restoreCache([file], `${prefix}${runPart(env)}`, [prefix]);
      } catch (error) {
        options.warning(`The incremental cache could not be restored (${errorText(error)}): everything is read from the API.`);
        return null;
      }
      if (hit === undefined) {
        options.info(`No cached state under ${prefix}*: everything is read from the API.`);
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
      if (skipped !== null || kept === null || branch === null) return;
      const key = `${stateKeyPrefix(options.prefix, options.owner, options.repo, branch, source)}${runPart(env)}`;
      try {
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, JSON.stringify(kept), 'utf8');
        const id = await cache.saveCache([file], key);
        // saveCache logs its own failures (and returns -1) rather than throwing.
        if (id !== -1) options.info(`Saved the state for the next run as ${key}.`);
      } catch (error) {
        options.warning(`The incremental cache was not saved (${errorText(error)}): the next run reads everything from the API.`);
      }
    },
  };
}

/** The part of the key that makes each run's entry its own. */
function runPart(env: NodeJS.ProcessEnv): string {
  return `${part(env.GITHUB_RUN_ID || 'local')}-${part(env.GITHUB_RUN_ATTEMPT || '1')}`;
}

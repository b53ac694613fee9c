/**
 * Incremental runs: the state one run keeps for the next (format.ts) and its home in the Actions
 * cache (cache.ts). `collect(client, config, slot)` loads it, reads only what is new or may have
 * changed, and leaves the next state in the slot; `save()` stores it after the report is written.
 */
export { createStateCache, stateKeyPrefix, statePath, type StateCache, type StateCacheOptions } from './cache.js';
export { STATE_FORMAT, parseState, sourceKey, type DoraState, type StateIdentity, type StateRecords, type StateSlot } from './format.js';

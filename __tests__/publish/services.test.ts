/**
 * src/services.ts: the budget of waiting on the runner's services, and the toolkit's words held back.
 * Fake timers and an injected clock: no test here waits or reads wall time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServiceBudget, MIN_SERVICE_BUDGET_MS, notesText, timeoutText } from '../../src/services.js';

let clock = 0;
const now = (): number => clock;

beforeEach(() => {
  vi.useFakeTimers();
  clock = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

/** An operation that never settles (a stalled service). */
const stalled = (): Promise<never> => new Promise(() => {});

describe('createServiceBudget', () => {
  it('abandons an operation when the budget runs out, and the next one gets nothing', async () => {
    const budget = createServiceBudget(30, now);
    expect(budget.seconds).toBe(30);
    const first = budget.run(stalled);
    clock += 30_000;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await first).toMatchObject({ status: 'timeout', seconds: 30 });
    expect(budget.remainingMs()).toBe(0);
    // Spent: not even started.
    let started = false;
    const second = await budget.run(async () => {
      started = true;
    });
    expect(second).toMatchObject({ status: 'timeout', seconds: 0 });
    expect(started).toBe(false);
  });

  it('gives the report artifact its last try even when the budget is spent', async () => {
    const budget = createServiceBudget(0, now);
    expect(budget.seconds).toBe(MIN_SERVICE_BUDGET_MS / 1000);
    const first = budget.run(stalled);
    clock += MIN_SERVICE_BUDGET_MS;
    await vi.advanceTimersByTimeAsync(MIN_SERVICE_BUDGET_MS);
    expect((await first).status).toBe('timeout');
    const upload = budget.run(async () => 'uploaded', MIN_SERVICE_BUDGET_MS);
    expect(await upload).toMatchObject({ status: 'done', value: 'uploaded' });
  });

  it('counts only the time spent on the services', async () => {
    const budget = createServiceBudget(60, now);
    clock += 500_000; // reading GitHub for minutes first costs nothing
    expect(budget.remainingMs()).toBe(60_000);
    await budget.run(async () => {
      clock += 20_000;
    });
    expect(budget.remainingMs()).toBe(40_000);
    const failed = await budget.run(async () => {
      clock += 1_000;
      throw new Error('boom');
    });
    expect(failed).toMatchObject({ status: 'failed' });
    expect(budget.remainingMs()).toBe(39_000);
  });

  it("holds back the toolkit's warnings and errors while an operation runs, and hands them over with its retries and debug lines", async () => {
    const budget = createServiceBudget(60, now);
    const outcome = await budget.run(async () => {
      process.stdout.write('::debug::Failed to reserve cache: Error: (409) Conflict\n');
      process.stdout.write(
        'Attempt 1 of 5 failed with error: Failed request: (500) Internal Server Error. Retrying request in 3000 ms...\n',
      );
      process.stdout.write('::warning::Failed to save: Unable to reserve cache with key k, another job may be creating this cache.\n');
      process.stdout.write('::error::Failed to restore: boom%0Aline two\n');
      return -1;
    });
    expect(outcome).toMatchObject({
      status: 'done',
      value: -1,
      notes: [
        'Failed to save: Unable to reserve cache with key k, another job may be creating this cache.',
        'Failed to restore: boom\nline two',
      ],
      details: ['Failed to reserve cache: Error: (409) Conflict', 'retry: Failed request: (500) Internal Server Error'],
    });
    expect(notesText(outcome.notes)).toBe(': Unable to reserve cache with key k, another job may be creating this cache.; boom\nline two');
    expect(timeoutText('the Actions cache', { seconds: 10, details: outcome.details })).toBe(
      'the Actions cache kept failing for 10 s (Failed request: (500) Internal Server Error)',
    );
    expect(timeoutText('the Actions cache', { seconds: 10, details: [] })).toBe('the Actions cache did not finish within 10 s');
  });
});

/**
 * Reading in parallel gives what reading page after page gives (src/github/parallel.ts): the
 * branch history read in slices by date (the same commits, in the same order, cut at the same
 * stop, the same listing kept for the next run), the numbered pages of a deploy workflow's runs,
 * and the merged pull requests read ahead; for about the same requests. Deterministic: results and
 * request counts against the emulator, never timings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type GitHubClient } from '../../src/github/client.js';
import type { HistoryCommit } from '../../src/github/commits.js';
import { branchHistoryPages, collectBranchHistory, type HistoryOptions, historyStop } from '../../src/github/history.js';
import { type HistoryPage, type HistoryRange, readHistoryInSlices } from '../../src/github/history-slices.js';
import { collectMergedPullRequests, readAheadMergedPullRequests } from '../../src/github/pull-requests.js';
import { type ListingRead, readListing } from '../../src/github/listing.js';
import { calm, inParallel, limitConcurrency, readAhead, readBothEnds, splitRange } from '../../src/github/parallel.js';
import { DAY_MS as DAY, type Scope } from '../../src/github/scope.js';
import { collectWorkflowRuns } from '../../src/github/sources/workflow.js';
import type { Dataset } from '../emulator/dataset.js';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { generateDataset } from '../support/generate-dataset.js';

/** A generated repository ending 2026-07-01 and a scope whose previous window starts `windowDays` before its end. */
function benchRepository(
  shape: { days: number; prsPerDay: number; deploysPerDay: number; seed: number },
  windowDays: number,
): { dataset: ReturnType<typeof generateDataset>; scope: Scope } {
  const dataset = generateDataset({ ...shape, now: '2026-07-01T00:00:00Z' });
  const end = Date.parse(dataset.now);
  return { dataset, scope: { owner: 'acme', repo: 'bench', branch: 'main', end, previousStart: end - windowDays * DAY } };
}

const SECOND = 1000;
const HOUR = 3_600_000;
const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');
const clientOf = (emulator: Emulator): GitHubClient =>
  createClient({ token: 't', apiUrl: emulator.apiUrl, graphqlUrl: emulator.graphqlUrl, maxWaitSeconds: 0, requestTimeoutSeconds: 30 });

describe('splitRange', () => {
  it('tiles [from, to] newest first in whole seconds, each range one second below the one before', () => {
    const from = Date.parse('2026-01-01T00:00:00Z');
    const to = from + 10 * DAY + 0.7 * SECOND;
    const ranges = splitRange({ from: from + 0.4 * SECOND, to }, 7);
    expect(ranges).toHaveLength(7);
    expect(ranges[0]!.to).toBe(from + 10 * DAY);
    expect(ranges.at(-1)!.from).toBe(from);
    for (const r of ranges) {
      expect(r.from % SECOND).toBe(0);
      expect(r.to % SECOND).toBe(0);
      expect(r.to).toBeGreaterThanOrEqual(r.from);
    }
    for (let k = 1; k < ranges.length; k += 1) expect(ranges[k - 1]!.from - ranges[k]!.to).toBe(SECOND);
    // About equal lengths.
    const lengths = ranges.map((r) => r.to - r.from);
    expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(SECOND);
  });

  it('gives no more ranges than seconds, and none for an empty range', () => {
    const t = Date.parse('2026-01-01T00:00:00Z');
    expect(splitRange({ from: t, to: t + 2 * SECOND }, 10)).toEqual([
      { from: t + 2 * SECOND, to: t + 2 * SECOND },
      { from: t + SECOND, to: t + SECOND },
      { from: t, to: t },
    ]);
    expect(splitRange({ from: t + SECOND, to: t }, 3)).toEqual([]);
  });
});

/** A task that settles when told to, and says when it started. */
function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('inParallel', () => {
  it('starts the tasks in order, never more than the limit at once, and keeps their order in the results', async () => {
    const gates = Array.from({ length: 7 }, () => deferred<number>());
    const started: number[] = [];
    const run = inParallel(
      gates.map((g, i) => () => {
        started.push(i);
        return g.promise;
      }),
      { limit: 3 },
    );
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.resolve(1);
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const [i, g] of gates.entries()) g.resolve(i * 10);
    expect(await run).toEqual([0, 10, 20, 30, 40, 50, 60].map((v, i) => (i === 1 ? 1 : v)));
  });

  it('starts tasks only as others end once the limit is lowered', async () => {
    let limit = 3;
    const gates = Array.from({ length: 6 }, () => deferred<number>());
    const started: number[] = [];
    const run = inParallel(
      gates.map((g, i) => () => {
        started.push(i);
        return g.promise;
      }),
      { limit: () => limit },
    );
    await tick();
    expect(started).toEqual([0, 1, 2]);
    limit = 1;
    gates[0]!.resolve(0);
    gates[1]!.resolve(1);
    await tick();
    // Two of the three went: one task at a time from now on.
    expect(started).toEqual([0, 1, 2]);
    gates[2]!.resolve(2);
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const [i, g] of gates.entries()) g.resolve(i);
    expect(await run).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('leaves out the tasks not started once `skip` says so', async () => {
    let done = 0;
    const results = await inParallel(
      Array.from({ length: 6 }, (_, i) => async () => {
        done += 1;
        return i;
      }),
      { limit: 2, skip: () => done >= 3 },
    );
    expect(results.slice(0, 3)).toEqual([0, 1, 2]);
    expect(results.filter((r) => r === undefined).length).toBeGreaterThan(0);
    expect(done).toBeLessThan(6);
  });

  it('throws the first failure once the started tasks settle, and starts none after it', async () => {
    const slow = deferred<string>();
    const started: number[] = [];
    let settled = false;
    const run = inParallel(
      [
        () => {
          started.push(0);
          return slow.promise.finally(() => {
            settled = true;
          });
        },
        () => {
          started.push(1);
          return Promise.reject(new Error('page 2 failed'));
        },
        async () => {
          started.push(2);
          return 'never';
        },
      ],
      { limit: 2 },
    );
    await tick();
    slow.resolve('late');
    await expect(run).rejects.toThrow('page 2 failed');
    expect(settled).toBe(true);
    expect(started).toEqual([0, 1]);
  });
});

describe('limitConcurrency', () => {
  it('runs at most `limit` calls at once, the others in the order they came', async () => {
    const gate = limitConcurrency(2);
    const gates = Array.from({ length: 5 }, () => deferred<void>());
    const started: number[] = [];
    const calls = gates.map((g, i) =>
      gate(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const g of gates) g.resolve();
    expect(await Promise.all(calls)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('readAhead', () => {
  /** A list of 5 pages of 10 numbers, counting down from 49; `fail` makes that page fail. */
  const listOf = (fail?: number) => {
    const fetched: (string | null)[] = [];
    const fetchPage = async (after: string | null) => {
      fetched.push(after);
      const page = after === null ? 0 : Number(after);
      if (page === fail) throw new Error(`page ${page} failed`);
      const nodes = Array.from({ length: 10 }, (_, k) => 49 - page * 10 - k);
      return { nodes, hasNextPage: page < 4, endCursor: page < 4 ? String(page + 1) : null };
    };
    return { fetched, fetchPage };
  };

  it('reads ahead only the pages `needed` says the reader will ask for, each once', async () => {
    const { fetched, fetchPage } = listOf();
    // The reader stops at the first number under 25: pages 0-2 are needed for sure.
    const ahead = readAhead(fetchPage, (page) => page.nodes.at(-1)! >= 25);
    for (let i = 0; i < 5; i += 1) await tick();
    expect(fetched).toEqual([null, '1', '2']);
    expect((await ahead.page(null))?.nodes[0]).toBe(49);
    expect((await ahead.page('1'))?.nodes[0]).toBe(39);
    expect((await ahead.page('2'))?.nodes[0]).toBe(29);
    // Past the pages read ahead, the reader reads on itself.
    expect((await ahead.page('3'))?.nodes[0]).toBe(19);
    expect(fetched).toEqual([null, '1', '2', '3']);
  });

  it('keeps a failure for the reader, and reads nothing after it or after `stop`', async () => {
    const failing = listOf(1);
    const ahead = readAhead(failing.fetchPage, () => true);
    for (let i = 0; i < 5; i += 1) await tick();
    expect(failing.fetched).toEqual([null, '1']);
    await ahead.page(null);
    await expect(ahead.page('1')).rejects.toThrow('page 1 failed');

    const stopped = listOf();
    const other = readAhead(stopped.fetchPage, () => true);
    other.stop();
    for (let i = 0; i < 5; i += 1) await tick();
    expect(stopped.fetched).toEqual([null]);
  });
});

describe('readBothEnds', () => {
  const list = Array.from({ length: 1_050 }, (_, i) => i);
  /** Pages of 100 from the front (cursor: the index after) and from the back (cursor: the index before). */
  const reads: string[] = [];
  const fetchAfter = async (after: string) => {
    reads.push(`after ${after}`);
    const from = Number(after);
    return { nodes: list.slice(from, from + 100), after: from + 100 < list.length ? String(from + 100) : null };
  };
  const fetchBefore = async (before: string) => {
    reads.push(`before ${before}`);
    const to = Number(before);
    return { nodes: list.slice(Math.max(0, to - 100), to), before: to - 100 > 0 ? String(to - 100) : null };
  };

  it('reads a page from each end per round until they overlap, and stitches the whole list', async () => {
    reads.length = 0;
    const whole = await readBothEnds({
      front: { nodes: list.slice(0, 100), after: '100' },
      back: { nodes: list.slice(950), before: '950' },
      fetchAfter,
      fetchBefore,
      key: String,
    });
    expect(whole).toEqual(list);
    // 1,050 items, 100 a page: 9 more pages, in rounds of two, the last round overlapping.
    expect(reads).toEqual([
      'after 100',
      'before 950',
      'after 200',
      'before 850',
      'after 300',
      'before 750',
      'after 400',
      'before 650',
      'after 500',
      'before 550',
    ]);
  });

  it('reads the same pages one after the other when told to', async () => {
    reads.length = 0;
    let inFlight = 0;
    let most = 0;
    const counted =
      <A extends unknown[], T>(f: (...a: A) => Promise<T>) =>
      async (...a: A): Promise<T> => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await tick();
        inFlight -= 1;
        return f(...a);
      };
    const whole = await readBothEnds({
      front: { nodes: list.slice(0, 100), after: '100' },
      back: { nodes: list.slice(950), before: '950' },
      fetchAfter: counted(fetchAfter),
      fetchBefore: counted(fetchBefore),
      key: String,
      together: () => false,
    });
    expect(whole).toEqual(list);
    expect(reads).toHaveLength(10);
    expect(most).toBe(1);
  });

  it('refuses a list that moved under the reads: the items both ends read disagree', async () => {
    const moved = await readBothEnds({
      front: { nodes: [0, 1, 2, 3, 4], after: '5' },
      back: { nodes: [3, 5, 4], before: '2' },
      fetchAfter,
      fetchBefore,
      key: String,
    });
    expect(moved).toBeNull();
  });
});

/** The history read page after page, as it always was: the reference the slices must equal. */
async function serialHistory(client: GitHubClient, scope: Scope, options: HistoryOptions): Promise<ListingRead<HistoryCommit>> {
  const pages = branchHistoryPages(client, scope);
  const rule = historyStop(scope, options);
  return readListing<HistoryCommit>({
    fetchPage: (after) => pages.fetch({ since: null, until: scope.end - SECOND }, after),
    key: (c) => c.sha,
    stop: rule.stop,
    maxItems: options.maxCommits,
  });
}

/** The history read in slices, recording every range asked and the most requests in flight at once. */
async function slicedHistory(client: GitHubClient, scope: Scope, options: HistoryOptions) {
  const pages = branchHistoryPages(client, scope);
  const ranges: HistoryRange[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const fetch = async (range: HistoryRange, after: string | null): Promise<HistoryPage | null> => {
    ranges.push(range);
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    try {
      return await pages.fetch(range, after);
    } finally {
      inFlight -= 1;
    }
  };
  const read = await readHistoryInSlices(fetch, {
    until: scope.end - SECOND,
    rule: historyStop(scope, options),
    maxItems: options.maxCommits,
    head: pages.head,
    calm: () => calm(client),
  });
  return { read, ranges, mostInFlight };
}

const OPTIONS: Omit<HistoryOptions, 'baseline' | 'first'> = { unmeasuredCap: 1_000, maxCommits: 100_000 };

describe('the branch history read in slices equals the history read page after page', () => {
  // Pull requests merged with every method (merge commits whose branch commits keep dates older
  // than the base they were rebased on, squashes, rebases), committed times in milliseconds.
  const { dataset, scope } = benchRepository({ days: 75, prsPerDay: 20, deploysPerDay: 4, seed: 11 }, 40);
  const { end } = scope;
  /** A commit of the branch committed about `daysBack` days before the end, its time as a deployment's. */
  const commitAround = (daysBack: number): { sha: string; time: number } => {
    const target = end - daysBack * DAY;
    const main = dataset.commits.filter((c: any) => c.parents.length > 0 && /Merge pull request|\(#\d+\)$/.test(c.message.split('\n')[0]));
    const best = main.reduce((a: any, b: any) =>
      Math.abs(Date.parse(b.committedAt) - target) < Math.abs(Date.parse(a.committedAt) - target) ? b : a,
    );
    return { sha: best.sha, time: Date.parse(best.committedAt) + HOUR };
  };
  const cases: [string, HistoryOptions][] = [
    ['back to the baseline deployment', { ...OPTIONS, baseline: commitAround(45), first: null }],
    [
      'a baseline deployed from elsewhere: back a month before it',
      { ...OPTIONS, baseline: { sha: 'f'.repeat(40), time: end - 45 * DAY }, first: null },
    ],
    ['no baseline: the first deployment and 1,000 commits before it', { ...OPTIONS, baseline: null, first: commitAround(30) }],
    ['no deployment: below the previous window', { ...OPTIONS, baseline: null, first: null }],
    ['a safety bound that cuts the read', { ...OPTIONS, baseline: commitAround(60), first: null, maxCommits: 1_234 }],
    ['the whole history', { ...OPTIONS, baseline: { sha: 'f'.repeat(40), time: end - 200 * DAY }, first: null }],
  ];

  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ dataset, port: 0, rateLimit: 1_000_000 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  for (const [name, options] of cases) {
    it(name, async () => {
      const serial = await serialHistory(clientOf(emulator), scope, options);
      const sliced = await slicedHistory(clientOf(emulator), scope, options);
      // The same commits in the same order, cut at the same place, the same listing kept.
      expect(sliced.read.nodes.map((c) => c.sha)).toEqual(serial.nodes.map((c) => c.sha));
      expect(sliced.read.nodes).toEqual(serial.nodes);
      expect(sliced.read.complete).toBe(serial.complete);
      expect(sliced.read.listing).toEqual(serial.listing);
      expect(sliced.read.reused).toBe(0);
      // Read in slices, several at once, for the serial read's pages and, at most, a part-filled
      // page more per slice and a first page per round (the plan's reach past the stop included).
      const slices = new Set(sliced.ranges.filter((r) => r.since !== null).map((r) => `${r.since}..${r.until}`)).size;
      const rounds = sliced.ranges.filter((r) => r.since === null).length;
      expect(serial.pages).toBeGreaterThan(10);
      expect(slices).toBeGreaterThan(1);
      expect(sliced.mostInFlight).toBeGreaterThan(1);
      expect(sliced.read.pages).toBe(sliced.ranges.length);
      expect(sliced.read.pages).toBeLessThanOrEqual(serial.pages + slices + rounds);
      expect(emulator.requests.every((r) => r.valid)).toBe(true);
    });
  }

  it('reads the first page ahead once, beside the source, and the read that follows starts with it', async () => {
    const options = cases[0]![1];
    const histories = () => emulator.requests.filter((r) => r.operation === 'BranchHistory').length;
    let before = histories();
    const plain = await collectBranchHistory(clientOf(emulator), scope, options);
    const plainRequests = histories() - before;
    before = histories();
    const client = clientOf(emulator);
    const pages = branchHistoryPages(client, scope);
    pages.readFirst();
    pages.readFirst();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(histories() - before).toBe(1);
    const ahead = await collectBranchHistory(client, scope, options, null, pages);
    expect(ahead.nodes).toEqual(plain.nodes);
    expect(ahead.listing).toEqual(plain.listing);
    expect(ahead.head).toBe(plain.head);
    expect(histories() - before).toBe(plainRequests);
  });

  it('once GitHub has had to be retried, reads the same slices one at a time: the same result, the same requests', async () => {
    const options = cases[0]![1];
    const serial = await serialHistory(clientOf(emulator), scope, options);
    const calmRead = await slicedHistory(clientOf(emulator), scope, options);
    // The first page fails once: the client retries it, and from then on one request at a time.
    emulator.setFaults('502x1@BranchHistory');
    try {
      const client = createClient({
        token: 't',
        apiUrl: emulator.apiUrl,
        graphqlUrl: emulator.graphqlUrl,
        maxWaitSeconds: 6,
        requestTimeoutSeconds: 30,
      });
      const sliced = await slicedHistory(client, scope, options);
      expect(client.waitedSeconds).toBeGreaterThan(0);
      expect(sliced.read.nodes).toEqual(serial.nodes);
      expect(sliced.read.listing).toEqual(serial.listing);
      const asked = (ranges: HistoryRange[]) => ranges.map((r) => JSON.stringify(r)).sort();
      expect(asked(sliced.ranges)).toEqual(asked(calmRead.ranges));
      expect(sliced.mostInFlight).toBe(1);
    } finally {
      emulator.setFaults([]);
    }
  });

  it('keeps a listing a warm read splices as it splices the serial read’s', async () => {
    const options = cases[0]![1];
    const cold = await collectBranchHistory(clientOf(emulator), scope, options);
    const serial = await serialHistory(clientOf(emulator), scope, options);
    expect(cold.listing).toEqual(serial.listing);
    const warm = await collectBranchHistory(clientOf(emulator), scope, options, cold.listing);
    expect(warm.nodes).toEqual(cold.nodes);
    expect(warm.pages).toBe(1);
    expect(warm.reused).toBe(cold.nodes.length - 100);
  });
});

/** A linear history `main` of `count` commits, newest first, with the dates `date(i)` gives (ms). */
function linearHistory(count: number, date: (i: number) => number, extra: Partial<Dataset> = {}): Dataset {
  const shaOf = (i: number): string => `a${i.toString(16).padStart(39, '0')}`;
  const commits = Array.from({ length: count }, (_, i) => ({
    sha: shaOf(i),
    parents: i + 1 < count ? [shaOf(i + 1)] : [],
    message: `Commit ${i}`,
    author: 'alice',
    authoredAt: new Date(date(i)).toISOString(),
    committedAt: new Date(date(i)).toISOString(),
  }));
  return {
    format: 1,
    now: '2026-07-01T00:00:00Z',
    repository: { owner: 'acme', name: 'line', defaultBranch: 'main' },
    branches: { main: shaOf(0) },
    commits,
    ...extra,
  } as Dataset;
}

describe('histories git does not list by date: the slices prove it, or read page after page', () => {
  const END = Date.parse('2026-07-01T00:00:00Z');
  const scope: Scope = { owner: 'acme', repo: 'line', branch: 'main', end: END, previousStart: END - 30 * DAY };
  const everything: HistoryOptions = { ...OPTIONS, baseline: { sha: 'f'.repeat(40), time: END - 400 * DAY }, first: null };
  const datasets: [string, Dataset][] = [
    // One commit dated 40 days before its parent: git lists it in walk order, not by date; a
    // slice's `since` stops the walk at it, hiding everything older.
    ['a commit dated before its parent', linearHistory(450, (i) => END - (i + 1) * 2 * HOUR - (i === 150 ? 40 * DAY : 0))],
    // Commits in bursts sharing one second, on and across slice boundaries.
    ['bursts of commits in the same second', linearHistory(900, (i) => END - DAY - Math.floor(i / 9) * 37 * SECOND)],
    // Dates with milliseconds, which git does not keep: slices compare whole seconds.
    ['dates with milliseconds', linearHistory(700, (i) => END - HOUR - i * 1_700 - 333)],
  ];

  for (const [name, dataset] of datasets) {
    it(name, async () => {
      const emulator = await startEmulator({ dataset, port: 0, rateLimit: 1_000_000 });
      try {
        const serial = await serialHistory(clientOf(emulator), scope, everything);
        const sliced = await slicedHistory(clientOf(emulator), scope, everything);
        expect(sliced.read.nodes.map((c) => c.sha)).toEqual(serial.nodes.map((c) => c.sha));
        expect(sliced.read.listing).toEqual(serial.listing);
        expect(sliced.read.complete).toBe(serial.complete);
        expect(serial.nodes).toHaveLength(dataset.commits!.length);
        // A refused proof costs the slices read before it, then the serial read's pages.
        expect(sliced.read.pages).toBeLessThanOrEqual(2 * serial.pages + 2);
        expect(emulator.requests.every((r) => r.valid)).toBe(true);
      } finally {
        await emulator.close();
      }
    });
  }

  it('a branch rebased onto a newer base keeps its older dates: the walk reached the newer parent first, so slices stand', async () => {
    // main: M (merge, day 1) with parents B (day 2) and F (day 9: a branch commit dated before
    // its parent B, which the walk reaches first through M's first parent); B's history is daily.
    const base = linearHistory(300, (i) => END - (i + 2) * 6 * HOUR);
    const merge = 'e'.repeat(40);
    const branchCommit = 'd'.repeat(40);
    const dataset: Dataset = {
      ...base,
      branches: { main: merge },
      commits: [
        {
          sha: merge,
          parents: [base.commits![0]!.sha, branchCommit],
          message: 'Merge',
          author: 'bob',
          committedAt: iso(END - HOUR),
          authoredAt: iso(END - HOUR),
        },
        {
          sha: branchCommit,
          parents: [base.commits![0]!.sha],
          message: 'Old work',
          author: 'bob',
          committedAt: iso(END - 9 * DAY),
          authoredAt: iso(END - 9 * DAY),
        },
        ...base.commits!,
      ],
    } as Dataset;
    const emulator = await startEmulator({ dataset, port: 0, rateLimit: 1_000_000 });
    try {
      const serial = await serialHistory(clientOf(emulator), scope, everything);
      const sliced = await slicedHistory(clientOf(emulator), scope, everything);
      expect(sliced.read.nodes.map((c) => c.sha)).toEqual(serial.nodes.map((c) => c.sha));
      expect(sliced.read.listing).toEqual(serial.listing);
      // Proved, so read in slices only: no serial page after the first.
      expect(sliced.ranges.filter((r) => r.since === null)).toHaveLength(1);
      expect(sliced.read.pages).toBeLessThanOrEqual(serial.pages + 4);
    } finally {
      await emulator.close();
    }
  });
});

describe('the deploy workflow’s runs, pages read side by side', () => {
  // Over 1,000 runs in the range: it is split by time, and the parts' pages are read at once.
  const { dataset, scope } = benchRepository({ days: 120, prsPerDay: 2, deploysPerDay: 14, seed: 4 }, 60);
  const deploy = dataset.workflows.find((w: any) => /deploy/.test(w.path));
  const { end } = scope;

  it('reads every run of the range once, each page once, and no page past a part’s count', async () => {
    const emulator = await startEmulator({ dataset, port: 0, rateLimit: 1_000_000 });
    try {
      const read = await collectWorkflowRuns(clientOf(emulator), scope, [{ id: deploy.id, name: deploy.name, path: deploy.path }], {
        asOf: end,
      });
      const from = Math.floor((scope.previousStart - 30 * DAY) / SECOND) * SECOND;
      const expected = dataset.workflowRuns
        .filter(
          (r: any) =>
            r.workflowId === deploy.id &&
            r.headBranch === 'main' &&
            (r.status ?? 'completed') === 'completed' &&
            Date.parse(r.createdAt) >= from &&
            Date.parse(r.createdAt) < end,
        )
        .map((r: any) => r.id)
        .sort((a: number, b: number) => b - a);
      expect(expected.length).toBeGreaterThan(1_000);
      const listed = read.runs.filter((r) => r.createdAt >= from).map((r) => r.id);
      expect([...listed].sort((a, b) => b - a)).toEqual(expected);
      expect(new Set(listed).size).toBe(listed.length);

      // Each (range, page) asked once. A range split for the cap is asked its first page only; a
      // range read is asked pages 1 to its last, as a serial read asks them.
      const asked = emulator.requests.filter(
        (r) => r.path.endsWith(`/workflows/${deploy.id}/runs`) && String(r.query.created).includes('..'),
      );
      const keys = asked.map((r) => `${r.query.created}#${r.query.page ?? 1}`);
      expect(new Set(keys).size).toBe(keys.length);
      const inRange = (created: string): number => {
        const [a, b] = created.split('..').map((t) => Date.parse(t)) as [number, number];
        return dataset.workflowRuns.filter(
          (r: any) =>
            r.workflowId === deploy.id &&
            r.headBranch === 'main' &&
            (r.status ?? 'completed') === 'completed' &&
            Math.floor(Date.parse(r.createdAt) / SECOND) * SECOND >= a &&
            Math.floor(Date.parse(r.createdAt) / SECOND) * SECOND <= b,
        ).length;
      };
      const byRange = new Map<string, number[]>();
      for (const r of asked)
        byRange.set(String(r.query.created), [...(byRange.get(String(r.query.created)) ?? []), Number(r.query.page ?? 1)]);
      expect(byRange.size).toBeGreaterThan(2);
      for (const [created, pages] of byRange) {
        const count = inRange(created);
        const expectedPages = count > 1_000 ? 1 : Math.max(1, Math.ceil(count / 100));
        expect(
          pages.sort((a, b) => a - b),
          created,
        ).toEqual(Array.from({ length: expectedPages }, (_, k) => k + 1));
      }
    } finally {
      await emulator.close();
    }
  });
});

describe('the merged pull requests read ahead', () => {
  const listings = (emulator: Emulator) => ({
    front: emulator.requests.filter((r) => r.operation === 'MergedPullRequests').length,
    back: emulator.requests.filter((r) => r.operation === 'MergedPullRequestsBefore').length,
  });

  /** The listing read plainly, then read ahead: both must give the same pull requests and listing. */
  async function compare(dataset: any, scope: Scope, mergedSince: number) {
    const emulator = await startEmulator({ dataset, port: 0, rateLimit: 1_000_000 });
    try {
      const plain = await collectMergedPullRequests(clientOf(emulator), scope, mergedSince);
      const plainPages = listings(emulator).front;
      const client = clientOf(emulator);
      const pages = readAheadMergedPullRequests(client, scope);
      // Let it read ahead on its own for a moment before the reader asks (whatever it read by
      // then, the pages sent are the same).
      await new Promise((resolve) => setTimeout(resolve, 300));
      const ahead = await collectMergedPullRequests(client, scope, mergedSince, { pages });
      expect(ahead.nodes).toEqual(plain.nodes);
      expect(ahead.listing).toEqual(plain.listing);
      expect(ahead.complete).toBe(plain.complete);
      expect(emulator.requests.every((r) => r.valid)).toBe(true);
      const sent = listings(emulator);
      return { plainPages, front: sent.front - plainPages, back: sent.back };
    } finally {
      await emulator.close();
    }
  }

  it('a long listing mostly older than the windows: read from the front, the same pages, and one page from its end', async () => {
    const { dataset, scope } = benchRepository({ days: 60, prsPerDay: 25, deploysPerDay: 2, seed: 6 }, 20);
    const sent = await compare(dataset, scope, scope.previousStart - 5 * DAY);
    expect(sent.plainPages).toBeGreaterThan(5);
    expect(sent.front).toBe(sent.plainPages);
    expect(sent.back).toBe(1);
  });

  it('a listing needed nearly to its end: read from both ends, meeting in the middle, for a few pages more', async () => {
    const { dataset, scope } = benchRepository({ days: 66, prsPerDay: 25, deploysPerDay: 2, seed: 6 }, 60);
    const sent = await compare(dataset, scope, scope.previousStart - 2 * DAY);
    expect(sent.plainPages).toBeGreaterThan(10);
    expect(sent.back).toBeGreaterThan(3);
    // Half the rounds: the back read about as many pages as the front.
    expect(Math.abs(sent.front - sent.back)).toBeLessThanOrEqual(2);
    // The pages past the stop, and the round where the two reads overlap.
    expect(sent.front + sent.back).toBeLessThanOrEqual(Math.ceil(sent.plainPages * 1.125) + 2);
  });

  it('after a retry, the same pages, read when the reader asks and one at a time', async () => {
    const { dataset, scope } = benchRepository({ days: 66, prsPerDay: 25, deploysPerDay: 2, seed: 6 }, 60);
    const calmRead = await compare(dataset, scope, scope.previousStart - 2 * DAY);
    const emulator = await startEmulator({ dataset, port: 0, rateLimit: 1_000_000 });
    try {
      const plain = await collectMergedPullRequests(clientOf(emulator), scope, scope.previousStart - 2 * DAY);
      const before = listings(emulator);
      const pages = readAheadMergedPullRequests(clientOf(emulator), scope, { now: false });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(listings(emulator)).toEqual(before);
      const later = await collectMergedPullRequests(clientOf(emulator), scope, scope.previousStart - 2 * DAY, { pages });
      expect(later.nodes).toEqual(plain.nodes);
      expect(later.listing).toEqual(plain.listing);
      const sent = listings(emulator);
      expect({ front: sent.front - before.front, back: sent.back - before.back }).toEqual({ front: calmRead.front, back: calmRead.back });
    } finally {
      await emulator.close();
    }
  });

  it('a short listing: no page from its end', async () => {
    const { dataset, scope } = benchRepository({ days: 20, prsPerDay: 10, deploysPerDay: 2, seed: 6 }, 10);
    const sent = await compare(dataset, scope, scope.previousStart - DAY);
    expect(sent.back).toBe(0);
    expect(sent.front).toBe(sent.plainPages);
  });
});

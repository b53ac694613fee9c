/**
 * Reading independent parts of one list at the same time, a few at once.
 *
 * A large repository's cold read is a few hundred pages. Read one after the other, each page's
 * cursor coming from the page before, its wall time is the number of pages times GitHub's answer
 * time. Parts that do not depend on each other (the branch history between two dates, the pages of
 * a `created` range of workflow runs, which REST numbers, the two ends of a list) can be read side
 * by side instead, and a list that cannot be split can be read beside the reads it waits for.
 *
 * How many at once. GitHub's best practices ask integrators to "make requests serially instead of
 * concurrently" to stay clear of its secondary rate limits
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#avoid-concurrent-requests).
 * Those limits are published: no more than 100 concurrent requests, 900 REST and 2,000 GraphQL
 * points a minute (a GraphQL query is one point), and 90 seconds of server CPU time a minute, 60
 * of them GraphQL, which "the total response time" of the requests "roughly estimates"
 * (https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits).
 * So the action stays close to serial: the client keeps at most `MAX_CONCURRENT_REQUESTS` (6)
 * requests in flight for the whole job (client.ts), a sixteenth of the concurrency bound, and
 * paces GraphQL queries to stay under 2,000 a minute (client.ts). The
 * CPU bound is the one a long parallel read can approach (six requests in flight for a minute are
 * six minutes of response time, if GitHub's time were all CPU): a cold read of a large repository
 * is a few hundred requests, over in well under a minute, and a secondary limit that still comes is
 * waited out as GitHub asks, within `max-wait`. The requests sent stay the pages a serial read
 * sends, give or take the last, part-filled page of each part.
 */
import { SECOND_MS } from '../dora/units.js';

/**
 * Reads go side by side only while GitHub answers every request at once: from the first wait on a
 * retry or a rate limit, the run reads one request at a time, as before. The waits share one budget
 * (`max-wait`), which reads in parallel would spend side by side, in no set order: one at a time,
 * the reads that fail the run (the deployment source) get it first, and what an outage costs is
 * what it always cost. `waitedSeconds` is the client's (client.ts).
 */
export const calm = (client: { readonly waitedSeconds: number }): boolean => client.waitedSeconds === 0;

/**
 * Requests the client keeps in flight for the whole job (several repositories included), first
 * come first served: a read in parallel and the lists read beside it (the merged pull requests,
 * the incidents) share them.
 */
export const MAX_CONCURRENT_REQUESTS = 6;

/**
 * Parts one read (the slices of the branch history, the pages of a runs listing) reads at once: as
 * many as the client lets through, so a read alone uses them all; parts started in order finish
 * about in order.
 */
export const PARALLEL_READS = MAX_CONCURRENT_REQUESTS;

/**
 * Runs `tasks` at most `limit` at once, starting them in array order, and resolves to their results
 * in that order. `limit` may change as they run (a function, asked before each start: fewer, and
 * tasks start only as others end). `skip()`, asked before each start, ends the run early: the tasks
 * not started then are left out (their result is `undefined`). The first failure is thrown once
 * every started task has settled (no rejection is left unhandled), and no task starts after it.
 */
export async function inParallel<T>(
  tasks: readonly (() => Promise<T>)[],
  options: { limit?: number | (() => number); skip?: () => boolean } = {},
): Promise<(T | undefined)[]> {
  const limitOf = options.limit ?? PARALLEL_READS;
  const limit = (): number => Math.max(1, typeof limitOf === 'function' ? limitOf() : limitOf);
  const results: (T | undefined)[] = new Array(tasks.length).fill(undefined);
  let next = 0;
  let workers = 0;
  let failure: { error: unknown } | null = null;
  const worker = async (): Promise<void> => {
    workers += 1;
    // A worker past a lowered limit ends; the others go on.
    while (failure === null && next < tasks.length && !(options.skip?.() ?? false) && workers <= limit()) {
      const index = next;
      next += 1;
      try {
        results[index] = await tasks[index]!();
      } catch (error) {
        failure ??= { error };
      }
    }
    workers -= 1;
  };
  await Promise.all(Array.from({ length: Math.min(limit(), tasks.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}

/**
 * A gate that lets at most `limit` calls run at once; the others wait, first come first served.
 * Wrap each request in it, never a task that waits on other wrapped calls (it could wait forever).
 */
export function limitConcurrency(limit: number): <T>(run: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (run) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await run();
    } finally {
      // The slot passes to the next caller as it is, or is freed.
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/** A range of times, both ends included, in whole seconds (GitHub's timestamps have no finer grain). */
export interface TimeRange {
  /** Inclusive, epoch ms, a whole second. */
  readonly from: number;
  /** Inclusive, epoch ms, a whole second. */
  readonly to: number;
}

export const wholeSecond = (t: number): number => Math.floor(t / SECOND_MS) * SECOND_MS;

/**
 * [from, to] cut into `count` ranges of about equal length, newest first, that meet without a gap
 * or an overlap: each ends one second before the one after it begins, so an item dated on a
 * boundary falls in exactly one range, whichever way its bounds are read, as long as both ends are
 * inclusive (git's `--since` and `--until` are).
 */
export function splitRange(range: TimeRange, count: number): TimeRange[] {
  const from = wholeSecond(range.from);
  const to = wholeSecond(range.to);
  if (to < from) return [];
  const seconds = (to - from) / SECOND_MS + 1;
  const parts = Math.max(1, Math.min(Math.floor(count), seconds));
  const out: TimeRange[] = [];
  for (let k = 0; k < parts; k += 1) {
    // Newest first: part k covers the k-th span counted down from `to`.
    const top = to - Math.floor((seconds * k) / parts) * SECOND_MS;
    const bottom = to - (Math.floor((seconds * (k + 1)) / parts) - 1) * SECOND_MS;
    out.push({ from: bottom, to: top });
  }
  return out;
}

/** A page of a list read by cursor. */
export interface CursorPage {
  readonly hasNextPage: boolean;
  readonly endCursor: string | null;
}

export interface ReadAhead<P> {
  /** The page after `after` (null: the first): the one read ahead when there is one, else read now. */
  readonly page: (after: string | null) => Promise<P | null | undefined>;
  /** No page is read ahead after this (the one in flight completes). */
  readonly stop: () => void;
}

/**
 * Reads a list by cursor ahead of the reader that needs it, page after page from now, while
 * `needed(page)` says the next page will certainly be read too. A list that cannot be cut by date
 * (GraphQL's pull requests by last update) cannot be read in parallel, but it can be read beside
 * the reads it waits for. Only pages the reader will ask for are read ahead, so the request count
 * does not change; a failure is kept for the reader, who meets it where it would have. Each page
 * is handed out once. `read`: pages read already, in order (the chain goes on from the last).
 */
export function readAhead<P extends CursorPage>(
  fetchPage: (after: string | null) => Promise<P | null | undefined>,
  needed: (page: P) => boolean,
  read: readonly { readonly after: string | null; readonly page: P | null | undefined }[] = [],
): ReadAhead<P> {
  const pages = new Map<string | null, Promise<P | null | undefined>>();
  let stopped = false;
  const goOn = (p: P | null | undefined): void => {
    if (!stopped && p && p.hasNextPage && p.endCursor !== null && needed(p)) next(p.endCursor);
  };
  const next = (after: string | null): void => {
    const page = fetchPage(after);
    pages.set(after, page);
    // The reader gets a failure when it asks for this page; nothing is read after it.
    page.then(goOn, () => undefined);
  };
  for (const r of read) pages.set(r.after, Promise.resolve(r.page));
  if (read.length === 0) next(null);
  else goOn(read.at(-1)!.page);
  return {
    page: (after) => {
      const ahead = pages.get(after);
      if (ahead === undefined) return fetchPage(after);
      pages.delete(after);
      return ahead;
    },
    stop: () => {
      stopped = true;
    },
  };
}

/** Pages read from the front of a list (in order, and the cursor after them: null at its end). */
export interface FromFront<R> {
  readonly nodes: readonly R[];
  readonly after: string | null;
}

/** Pages read from the back of a list (in list order, and the cursor before them: null at its start). */
export interface FromBack<R> {
  readonly nodes: readonly R[];
  readonly before: string | null;
}

/**
 * The whole of a list read by cursor from both ends (GraphQL's `first`/`after` and
 * `last`/`before`), a page from each per round, until the two reads overlap: a list every page of
 * which is needed is then read in half the rounds one after the other. The rounds, and so the
 * requests, depend on the list alone. The overlap is where the front read reaches an item the back
 * read holds; the items both read must agree (same keys, same order), else the list moved under
 * the reads and the answer is null (read it again from the front).
 */
export async function readBothEnds<R>(options: {
  front: FromFront<R>;
  back: FromBack<R>;
  fetchAfter: (after: string) => Promise<FromFront<R>>;
  fetchBefore: (before: string) => Promise<FromBack<R>>;
  key: (item: R) => string;
  /** Asked before each round: false reads its two pages one after the other (the same pages). */
  together?: () => boolean;
}): Promise<R[] | null> {
  const front = [...options.front.nodes];
  let back = [...options.back.nodes];
  let after = options.front.after;
  let before = options.back.before;
  for (;;) {
    if (after === null) return front;
    if (before === null) return back;
    const backKeys = new Set(back.map(options.key));
    const meet = front.findIndex((item) => backKeys.has(options.key(item)));
    if (meet >= 0) {
      const from = back.findIndex((item) => options.key(item) === options.key(front[meet]!));
      const overlap = front.slice(meet);
      if (overlap.some((item, k) => back[from + k] === undefined || options.key(back[from + k]!) !== options.key(item))) return null;
      return [...front.slice(0, meet), ...back.slice(from)];
    }
    const [ahead, behind] =
      (options.together?.() ?? true)
        ? await Promise.all([options.fetchAfter(after), options.fetchBefore(before)])
        : [await options.fetchAfter(after), await options.fetchBefore(before)];
    front.push(...ahead.nodes);
    after = ahead.after;
    back = [...behind.nodes, ...back];
    before = behind.before;
  }
}

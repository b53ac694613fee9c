/**
 * The runner's services (the Actions cache and artifacts): every wait on them bounded, and what the
 * toolkit says of a failure turned into one line that says what happened and what it means.
 *
 * The toolkit's clients wait on their own terms: five attempts of @actions/http-client's 180 s socket
 * timeout for a stalled Twirp call, a download timer cleared only on success, no timeout at all on a
 * stalled blob HEAD. So each operation races a deadline drawn from one budget of waiting for the whole
 * step (`max-wait`, 10 s at least; only time spent on these services counts): a stalled service costs the step that budget once, not once per call;
 * only the report's artifact gets a last 10 s try when the budget is spent, so a step that meets a
 * stalled service ends within `max-wait` plus 10 s of waiting on it.
 * What a deadline abandons keeps running in the background; src/index.ts ends the process once the
 * action's own work is done, so nothing the toolkit leaves pending holds the step.
 *
 * The toolkit also logs failures in words that mislead here ("another job may be creating this
 * cache" for a 500; an `::error::` annotation for an optional cache). While an operation runs, the
 * `::warning::` and `::error::` lines the toolkit writes are held back and handed to the caller,
 * which words its own line; lines of an operation already abandoned become debug lines.
 */
/** The least time the services get, whatever `max-wait` says: a healthy cache answers in seconds. */
export const MIN_SERVICE_BUDGET_MS = 10_000;

export type ServiceOutcome<T> =
  /**
   * Finished within the deadline. `notes`: the toolkit's warnings and errors meanwhile (held back);
   * `details`: its debug lines meanwhile (shown as usual), where it often puts the real cause.
   */
  | { readonly status: 'done'; readonly value: T; readonly notes: readonly string[]; readonly details: readonly string[] }
  /** Threw within the deadline. */
  | { readonly status: 'failed'; readonly error: unknown; readonly notes: readonly string[]; readonly details: readonly string[] }
  /** Abandoned when the budget ran out (`seconds` after it started), or not started with none left. */
  | { readonly status: 'timeout'; readonly seconds: number; readonly notes: readonly string[]; readonly details: readonly string[] };

export interface ServiceBudget {
  /**
   * Runs `operation` within what is left of the budget, or `atLeastMs` when that is more (the report's
   * artifact is worth a try even after a stalled cache spent the budget). Never throws.
   */
  run<T>(operation: () => Promise<T>, atLeastMs?: number): Promise<ServiceOutcome<T>>;
  /** Milliseconds left. */
  remainingMs(): number;
  /** The budget in whole seconds, for messages. */
  readonly seconds: number;
}

/** A workflow command line's kind and text, unescaped; null for other lines. */
function command(line: string): { kind: string; text: string } | null {
  const match = /^::(warning|error|debug)(?: [^:]*)?::(.*)$/s.exec(line.replace(/\r?\n$/, ''));
  if (!match) return null;
  return { kind: match[1] as string, text: (match[2] as string).replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%') };
}

/** How the cache and artifact clients word a failure they swallow. */
const TOOLKIT_FAILURE = /^(Failed to (save|restore)|Cache reservation failed|Unable to (reserve|finalize|upload|download)|Artifact)/;

/** How the toolkit's Twirp clients log a retry: `Attempt 2 of 5 failed with error: <cause>. Retrying request in 5974 ms...`. */
const RETRY = /^Attempt \d+ of \d+ failed with error: (.*?)\. Retrying/;

type Holder = { notes: string[]; details: string[] };
/** The operations running now, innermost last; lines go to the newest. */
const holders: Holder[] = [];
/** Operations abandoned at their deadline: their lines, if any come, are demoted. */
let abandoned = 0;
let installed = false;

/** Wraps process.stdout.write once: annotations written while an operation runs are held, not shown. */
function install(): void {
  if (installed) return;
  installed = true;
  const write = process.stdout.write.bind(process.stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : null;
    const line = text === null ? null : command(text);
    const holder = holders.at(-1);
    // The clients' own retries say why they retry on a plain line: the cause of a timeout.
    const retry = line === null && text !== null ? RETRY.exec(text) : null;
    if (retry) {
      if (holder) holder.details.push(`retry: ${retry[1]}`);
      // An abandoned operation retrying on: its cause is in the line already written.
      else if (abandoned > 0) return write(`::debug::${(text as string).trimEnd()}\n`);
    } else if (line?.kind === 'debug') {
      holder?.details.push(line.text);
    } else if (line !== null) {
      if (holder) {
        holder.notes.push(line.text);
        return true;
      }
      // A late line of an abandoned operation (its own words for the failure already replaced).
      if (abandoned > 0 && TOOLKIT_FAILURE.test(line.text)) return write(`::debug::${line.text.replace(/\r?\n/g, ' ')}\n`);
    }
    return write(chunk, ...rest);
  }) as typeof process.stdout.write;
}

export function createServiceBudget(maxWaitSeconds: number, now: () => number = Date.now): ServiceBudget {
  const totalMs = Math.max(MIN_SERVICE_BUDGET_MS, maxWaitSeconds * 1000);
  // Only the time spent waiting on the services counts: reading GitHub first spends none of it.
  let spentMs = 0;
  const remainingMs = (): number => Math.max(0, totalMs - spentMs);
  return {
    seconds: Math.round(totalMs / 1000),
    remainingMs,
    async run<T>(operation: () => Promise<T>, atLeastMs = 0): Promise<ServiceOutcome<T>> {
      const started = now();
      const left = Math.max(remainingMs(), atLeastMs);
      if (left <= 0) return { status: 'timeout', seconds: 0, notes: [], details: [] };
      install();
      const holder: Holder = { notes: [], details: [] };
      holders.push(holder);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), left);
      });
      const work = operation().then(
        (value) => ({ status: 'done' as const, value }),
        (error: unknown) => ({ status: 'failed' as const, error }),
      );
      try {
        const first = await Promise.race([work, timeout]);
        if (first === 'timeout') {
          abandoned += 1;
          return { status: 'timeout', seconds: Math.round((now() - started) / 1000), notes: holder.notes, details: holder.details };
        }
        return { ...first, notes: holder.notes, details: holder.details };
      } finally {
        spentMs += now() - started;
        clearTimeout(timer);
        holders.splice(holders.indexOf(holder), 1);
      }
    },
  };
}

/** The toolkit's notes as one clause: `: <note>; <note>` (empty when none). */
export function notesText(notes: readonly string[]): string {
  const cleaned = notes.map((n) => n.replace(/^Failed to (save|restore): /, '').trim()).filter((n) => n !== '');
  return cleaned.length === 0 ? '' : `: ${cleaned.join('; ')}`;
}

/**
 * What a timed-out operation met, for a message: `the Actions cache kept failing for 10 s (Failed
 * request: (500) ...)` when the client was retrying, else `the Actions cache did not finish within 10 s`.
 */
export function timeoutText(service: string, outcome: { seconds: number; details: readonly string[] }): string {
  const last = [...outcome.details].reverse().find((d) => d.startsWith('retry: '));
  return last !== undefined
    ? `${service} kept failing for ${outcome.seconds} s (${last.slice('retry: '.length)})`
    : `${service} did not finish within ${outcome.seconds} s`;
}

/**
 * Typed errors carry the user-facing message and the fix. Only main.ts turns them into
 * core.setFailed; everything else throws them or degrades explicitly (complete: false).
 */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly fix?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One or more inputs are invalid; `problems` lists each (input, value, what is accepted). */
export class InputError extends ActionError {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid input${problems.length > 1 ? 's' : ''}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The token lacks a permission; the fix names the `permissions:` entry to add. */
export class PermissionError extends ActionError {}

/**
 * GitHub could not give some data within the retries and `max-wait`: 5xx, timeouts, resets,
 * unreadable bodies, GraphQL errors. The run goes on without it, and the metrics that need it
 * are withheld (null with this reason), never computed from partial data.
 */
export class UnavailableError extends ActionError {
  /** The cause alone, without what was being read ("GitHub answered 502 (4 attempts)"), for the report. */
  readonly detail: string;

  constructor(message: string, fix?: string, options?: { cause?: unknown; detail?: string }) {
    super(message, fix, options);
    this.detail = options?.detail ?? message;
  }
}

/** GitHub's rate limit stopped the collection and waiting longer is not allowed. */
export class RateLimitError extends UnavailableError {}

/** The repository, branch or workflow named in the inputs does not exist. */
export class NotFoundError extends ActionError {}

/** An error's message, or the thrown value as text. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A clear message with the fix, never a stack trace. */
export function failureMessage(error: unknown): string {
  if (error instanceof InputError) return error.message;
  if (error instanceof ActionError) return error.fix ? `${error.message} Fix: ${error.fix}.` : error.message;
  return `Unexpected error: ${errorText(error)}`;
}

import { errorText } from '../errors.js';

/**
 * Why the client stopped on a request, for the error message (explain.ts): what its retries came
 * to, and what a rate limit it did not wait out would have needed. The client (client.ts) throws
 * one in place of the error it got when it gave up on a retry or declined a rate limit; any other
 * error (a 404, a permission, a GraphQL error retrying does not change) is thrown as it came.
 */
export class RequestFailure extends Error {
  override readonly name = 'RequestFailure';
  /** The HTTP status of the last answer, as the error had it: callers that read `status` read the same. */
  readonly status: number | undefined;

  constructor(
    /** The last error, Octokit's (`status`, `response`, GraphQL `errors`); also the `cause`. */
    override readonly cause: unknown,
    /** The retries (of a failure in transit, or of GraphQL errors beside data) and why they stopped. */
    readonly gaveUp?: GaveUp,
    /** The rate limit behind the last error, and why it was not waited out. */
    readonly declined?: Declined,
  ) {
    super(errorText(cause), { cause });
    this.status = (cause as { status?: number } | null)?.status;
  }
}

/** Attempts made before the retries stopped; `maxWait` when `max-wait` (that many seconds) allowed no further one. */
export interface GaveUp {
  readonly attempts: number;
  readonly maxWait?: number;
}

/** Why a rate limit was not waited out: the wait it needed and what `max-wait` had left, or too many waits. */
export type Declined = { readonly wait: number; readonly left: number; readonly max: number } | { readonly waits: number };

/** A request that got no usable answer: the message says why (timeout, connection failure). */
export class TransportError extends Error {
  override name = 'TransportError';
}

/** The message of the 502 that stands for a 200 whose JSON body could not be read. */
export const UNREADABLE_BODY = 'GitHub sent an unreadable JSON body';

/** What went wrong in transit, in words. */
export function transportCause(error: unknown): string {
  const e = error as { status?: number; message?: string; response?: unknown; cause?: unknown };
  if (e.cause instanceof TransportError) return e.cause.message;
  if (e.message === UNREADABLE_BODY) return UNREADABLE_BODY;
  if (e.response !== undefined && typeof e.status === 'number') return `GitHub answered ${e.status}`;
  return e.message ?? String(error);
}

/** The `type`s of a GraphQL response's errors, or null when the error is not a GraphQL response. */
export function graphqlErrorTypes(error: unknown): string[] | null {
  const errors = (error as { errors?: { type?: string }[] }).errors;
  if ((error as { name?: string }).name !== 'GraphqlResponseError' || !Array.isArray(errors)) return null;
  return errors.map((e) => e.type ?? '');
}

export const seconds = (s: number): string => `${Number.isInteger(s) ? s : s.toFixed(1)} s`;

import { ActionError, errorText, NotFoundError, PermissionError, RateLimitError, UnavailableError } from '../errors.js';
import { graphqlErrorTypes, RequestFailure, seconds, transportCause } from './failure.js';
import type { Missing } from './scope.js';

/**
 * Turns an Octokit error, or the client's `RequestFailure` around one, into a typed error with the
 * cause and the fix. `permission` names the `permissions:` entry the data needs. Rate limits come
 * first: a secondary limit is a 403 too, and reporting it as a missing permission sends users the
 * wrong way.
 */
export function explainRequestError(error: unknown, what: string, permission?: string): ActionError {
  if (error instanceof ActionError) return error;
  const failure = error instanceof RequestFailure ? error : undefined;
  const e = failure ? failure.cause : error;
  const status = (e as { status?: number }).status;
  const message = errorText(e);
  const headers =
    (e as { response?: { headers?: Record<string, string> } }).response?.headers ??
    (e as { headers?: Record<string, string> }).headers ??
    {};
  const types = graphqlErrorTypes(e) ?? [];
  const declined = failure?.declined;
  const secondary = /secondary rate limit/i.test(message);
  if (
    secondary ||
    declined !== undefined ||
    /rate limit/i.test(message) ||
    types.includes('RATE_LIMITED') ||
    status === 429 ||
    (status === 403 && headers['x-ratelimit-remaining'] === '0')
  ) {
    const reset = Number(headers['x-ratelimit-reset']);
    const resetAt =
      !secondary && Number.isFinite(reset) && reset > 0 ? ` (it resets at ${new Date(reset * 1000).toISOString().slice(11, 19)} UTC)` : '';
    const limit = `GitHub's ${secondary ? 'secondary' : 'primary'} rate limit${resetAt}`;
    let why = '';
    if (declined && 'waits' in declined) why = `still limited after ${declined.waits} waits`;
    else if (declined) {
      const asked = !secondary
        ? `waiting for the reset takes ${seconds(declined.wait)}`
        : headers['retry-after']
          ? `GitHub asked to wait ${seconds(declined.wait)} (\`retry-after\`)`
          : `GitHub sent no \`retry-after\`, so the wait is its one-minute minimum (${seconds(declined.wait)})`;
      why = `${asked}, but only ${seconds(declined.left)} of \`max-wait\` (${declined.max} s) was left`;
    }
    const detail = why ? `${limit}: ${why}` : limit;
    return new RateLimitError(
      `${limit} stopped the reading of ${what}${why ? `: ${why}` : ''}.`,
      'raise `max-wait` so the action may wait for the limit, run the action less often, or use a GitHub App token, which has its own limit',
      { cause: error, detail },
    );
  }
  if (status === 401) {
    return new PermissionError(
      `GitHub refused the token while reading ${what} (401 Bad credentials).`,
      'check the `token` input: it must be a valid, unexpired token with access to the repository',
      { cause: error },
    );
  }
  if (status === 403 || types.includes('FORBIDDEN') || /Resource not accessible/i.test(message)) {
    const said = types.length > 0 ? graphqlMessages(e) : message.replace(/ - https:\/\/\S+$/, '');
    return new PermissionError(
      `The token may not read ${what} (GitHub: "${said}").`,
      permission
        ? `add \`${permission}\` to the workflow's \`permissions:\` (all the action needs: ${PERMISSIONS})`
        : `give the workflow read access: ${PERMISSIONS}`,
      { cause: error },
    );
  }
  if (status === 404 || types.includes('NOT_FOUND')) {
    return new NotFoundError(
      `GitHub answered 404 Not Found for ${what}.`,
      'check the `repository`, `branch` and `workflows` inputs, and that the token can see the repository (GitHub answers 404 for a private repository it cannot see)',
      { cause: error },
    );
  }
  const cause =
    types.length > 0 || (e as { name?: string }).name === 'GraphqlResponseError'
      ? `GraphQL errors: ${graphqlMessages(e)}`
      : transportCause(e);
  const note = failure?.gaveUp && gaveUpNote(failure.gaveUp.attempts, failure.gaveUp.maxWait);
  const detail = note ? `${cause} (${note})` : cause;
  return new UnavailableError(
    `GitHub could not give ${what}: ${detail}.`,
    'run the action again later; raise `max-wait` or `request-timeout` if this keeps happening',
    { cause: error, detail },
  );
}

/** "after 4 attempts", or "after 2 attempts; `max-wait` (6 s) allowed no further retry". */
function gaveUpNote(attempts: number, maxWait: number | undefined): string {
  const after = `after ${attempts} attempt${attempts > 1 ? 's' : ''}`;
  return maxWait === undefined ? after : `${after}; \`max-wait\` (${maxWait} s) allowed no further retry`;
}

/** The messages of a GraphQL response's errors, shortened. */
function graphqlMessages(error: unknown): string {
  const errors = (error as { errors?: { message?: string }[] }).errors ?? [];
  const text = [...new Set(errors.map((e) => (e.message ?? '').trim()))].join('; ');
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

const PERMISSIONS = '`permissions: { contents: read, actions: read, deployments: read, pull-requests: read, issues: read }`';

/**
 * A read that failed after its retries: a permission or not-found error still fails the run
 * (the user must act); an outage or a rate limit becomes a gap named in the report.
 */
export function unavailable(error: unknown, what: string, permission: string, metrics: Missing['metrics']): Missing {
  const explained = explainRequestError(error, what, permission);
  if (!(explained instanceof UnavailableError)) throw explained;
  return { what, reason: explained.detail, metrics };
}

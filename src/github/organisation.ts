/** An organisation's repositories, for `repositories: org:<name>` (docs/org-rollup.md). */
import { ActionError } from '../errors.js';
import type { GitHubClient } from './client.js';
import { explainRequestError } from './explain.js';

/** At most this many repositories of an organisation are measured in one job. */
const MAX_REPOSITORIES = 200;

/**
 * The organisation's repositories that are not archived and carry every topic of `topics`
 * (lower case), as owner/name (GET /orgs/{org}/repos, 100 a page). Throws when there is none.
 */
export async function organisationRepositories(client: GitHubClient, organisation: string, topics: readonly string[]): Promise<string[]> {
  let listed: { full_name: string; archived?: boolean; topics?: string[] }[];
  try {
    listed = await client.octokit.paginate('GET /orgs/{org}/repos', { org: organisation, type: 'all', per_page: 100 });
  } catch (error) {
    throw explainRequestError(error, `the repositories of organisation ${organisation}`, 'metadata: read');
  }
  const chosen = listed
    .filter((r) => !r.archived && topics.every((t) => (r.topics ?? []).map((x) => x.toLowerCase()).includes(t)))
    .map((r) => r.full_name)
    .slice(0, MAX_REPOSITORIES);
  if (chosen.length === 0) {
    throw new ActionError(
      `Organisation ${organisation} has no repository to measure${topics.length > 0 ? ` with the topics ${topics.join(', ')}` : ''} (archived ones are skipped).`,
      "check `repositories`, and that the token can see the organisation's repositories (a GitHub App token for other repositories)",
    );
  }
  return chosen;
}

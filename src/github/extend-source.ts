import type { Commit, Deployment } from '../dora/model.js';
import { shipCommits } from '../dora/history.js';
import type { Config } from '../inputs/index.js';
import type { GitHubClient } from './client.js';
import { type Incremental, plural } from './incremental.js';
import { DAY_MS, iso, type Missing, readFrom, type Scope } from './scope.js';
import { type DeploymentSource, NOTHING_AHEAD, type SourceResult } from './sources/index.js';

/**
 * A deployment in the windows that first ships a commit committed before the source was read
 * from (a roll-forward past an old rollback, a branch merged long after its commits) may ship
 * what a deployment before that shipped already: the source is read again back to that
 * commit's date, so the change counts where it was first deployed (docs/metrics.md "Order and
 * ties"). Rare, and it costs one more read of the source.
 * Returns the result of that read, else `result` as it was; the gaps it adds go to `missing`.
 */
export async function readSourceFurther(
  from: DeploymentSource,
  result: SourceResult,
  {
    client,
    scope,
    config,
    inc,
    known,
    commits,
    missing,
  }: {
    client: GitHubClient;
    scope: Scope;
    config: Config;
    inc: Incremental;
    known: readonly Deployment[];
    commits: readonly Commit[];
    missing: Missing[];
  },
): Promise<SourceResult> {
  const oldest = oldestShippedInWindows(scope, known, commits);
  if (oldest !== null && oldest - DAY_MS < readFrom(scope)) {
    const extended = await from.read({ client, scope: { ...scope, readFrom: oldest - DAY_MS }, config, inc, ahead: NOTHING_AHEAD });
    const before = result.deployments.length;
    for (const gap of extended.missing) if (!missing.some((m) => m.what === gap.what)) missing.push(gap);
    inc.log(
      `Deployments before ${iso(readFrom(scope))} read too (back to ${iso(oldest - DAY_MS)}): a deployment in the windows ships a commit that old; ${plural(extended.deployments.length - before, 'more deployment')}.`,
    );
    return extended;
  }
  return result;
}

/**
 * The committed date of the oldest commit a deployment in the windows ships first (by the engine's
 * rule, `shipCommits`), among the commits read; null when none does. A commit is deployed after it
 * is committed, so no deployment created before this date can have shipped it.
 */
export function oldestShippedInWindows(scope: Scope, known: readonly Deployment[], commits: readonly Commit[]): number | null {
  const graph = new Map(commits.map((c) => [c.sha, c]));
  const firstInWindows = known.findIndex((d) => d.time >= scope.previousStart);
  if (firstInWindows < 0) return null;
  let oldest: number | null = null;
  for (const [sha, index] of shipCommits(known, graph)) {
    const commit = graph.get(sha);
    if (index < firstInWindows || commit === undefined) continue;
    const date = committedDate(commit);
    if (oldest === null || date < oldest) oldest = date;
  }
  return oldest;
}

/** Committed dates come with the history; a commit without one (from a comparison) counts from its authored date, earlier. */
export function committedDate(commit: Commit): number {
  return 'committedAt' in commit && typeof commit.committedAt === 'number' ? commit.committedAt : commit.authoredAt;
}

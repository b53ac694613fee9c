import { deploymentsFromGitHubDeployments } from '../dora/deployments.js';
import type { DeploymentSourceName } from '../dora/model.js';
import type { Config } from '../inputs/index.js';
import type { GitHubClient } from './client.js';
import { plural, scratchIncremental } from './incremental.js';
import { inWindows, type Scope } from './scope.js';
import { collectDeployments, matchingEnvironments } from './sources/deployments.js';
import { NOTHING_AHEAD, SOURCES, type SearchedSource } from './sources/index.js';

/**
 * With no deployment from the chosen source in either window: another source with deployments
 * there, or (GitHub Deployments) successful deployments to environments `environment` does not
 * match, make a setting more likely than a team that never deploys (docs/metrics.md "Deployment
 * frequency"). Reads the sources not searched yet; one it cannot read proves nothing. Null when
 * nothing says so; otherwise the reason, naming the input to set.
 */
export async function misconfiguration(
  client: GitHubClient,
  scope: Scope,
  config: Config,
  source: DeploymentSourceName,
  searched: readonly SearchedSource[],
  asOf: number,
): Promise<string | null> {
  const evidence: string[] = [];
  for (const other of Object.values(SOURCES)) {
    if (!other.evidence || other.name === source || searched.some((s) => s.source === other.name)) continue;
    try {
      const read = await other.read({ client, scope, config, inc: scratchIncremental(asOf), ahead: NOTHING_AHEAD });
      const found = read.deployments.filter(inWindows(scope)).length;
      if (found > 0)
        evidence.push(`${other.what} hold ${plural(found, 'deployment')} there: set deployment-source to ${other.name}, or to auto`);
    } catch {
      // A source this token cannot read is no evidence either way.
    }
  }
  if (source === 'deployments') {
    try {
      const { all, matching } = await matchingEnvironments(client, scope, config.environment);
      const others = all.filter((name) => !matching.includes(name));
      if (others.length > 0) {
        const records = await collectDeployments(client, scope, others);
        const succeeded = records.nodes.filter(
          (r) => deploymentsFromGitHubDeployments([r], /^/, { end: scope.end }).filter(inWindows(scope)).length > 0,
        );
        const environments = [...new Set(succeeded.map((r) => r.environment))];
        if (succeeded.length > 0) {
          evidence.push(
            `${plural(succeeded.length, 'successful deployment')} went to ${environments.slice(0, 5).join(', ')}${environments.length > 5 ? ', …' : ''}, which environment (${config.environment.source}) does not match: set environment to your production environment`,
          );
        }
      }
    } catch {
      // As above: no evidence.
    }
  }
  return evidence.length === 0 ? null : `but ${evidence.join('; and ')}`;
}

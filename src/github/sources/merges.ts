import { deploymentsFromMerges } from '../../dora/deployments.js';
import { collectMergedPullRequests } from '../pull-requests.js';
import { logRead } from '../incremental.js';
import { DAY_MS } from '../scope.js';
import { type DeploymentSource, incompleteList } from './source.js';

/**
 * Pull requests merged into the production branch, each a deployment of its merge commit: a proxy
 * (merging is not deploying), the source `auto` falls back to. Its pull requests serve lead time too.
 */
export const mergesSource: DeploymentSource = {
  name: 'merges',
  what: 'merged pull requests',
  permission: 'pull-requests: read',
  // A team always merges: merges in the windows say nothing about a setting.
  evidence: false,
  read: async ({ client, scope, inc, ahead }) => {
    ahead.readable();
    const prs = await collectMergedPullRequests(
      client,
      scope,
      scope.previousStart - DAY_MS,
      { baselineBefore: scope.previousStart, pages: ahead.pullRequests() },
      inc.prior.pullRequests,
    );
    inc.next.pullRequests = prs.listing;
    if (inc.prior.pullRequests) logRead(inc, 'merged pull requests', prs);
    return {
      deployments: deploymentsFromMerges(prs.nodes),
      failedRuns: [],
      pullRequests: prs.nodes,
      note: `pull requests merged into ${scope.branch} (a proxy: merging is not deploying)`,
      missing: prs.complete ? [] : [incompleteList('merged pull requests')],
    };
  },
};

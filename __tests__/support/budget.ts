/**
 * The request budget of issue #2: the floor is one page per 100 items of each kind the metrics
 * need over both windows (deploy runs on the production branch, commits reachable from it, PRs
 * merged into it); the action may use 1.3 x the floor plus 5 fixed requests. Deploy runs count
 * from 30 days before the previous window: a run re-run (or approved) up to 30 days after it was
 * created counts where it completes, so runs are read by creation that far back (README "What the
 * API bill is").
 */
import { reachableCommits } from './generate-dataset.js';

export interface Floor {
  deployRuns: number;
  commits: number;
  pullRequests: number;
  floor: number;
  budget: number;
}

export function requestFloor(dataset: any, options: { until: string; days: number; deployWorkflowId?: number }): Floor {
  const end = Date.parse(options.until);
  const from = end - 2 * options.days * 86_400_000;
  const inRange = (t: string | null | undefined): boolean => !!t && Date.parse(t) >= from && Date.parse(t) < end;
  const branch = dataset.repository.defaultBranch;
  const deployId = options.deployWorkflowId ?? dataset.workflows.find((w: any) => /deploy/i.test(w.path))?.id;
  const runsFrom = from - 30 * 86_400_000;
  const deployRuns = dataset.workflowRuns.filter(
    (r: any) =>
      r.workflowId === deployId && r.headBranch === branch && Date.parse(r.createdAt) >= runsFrom && Date.parse(r.createdAt) < end,
  ).length;
  const reachable = reachableCommits(dataset, branch);
  const commits = dataset.commits.filter((c: any) => reachable.has(c.sha) && inRange(c.committedAt)).length;
  const pullRequests = dataset.pullRequests.filter((p: any) => p.baseRef === branch && inRange(p.mergedAt)).length;
  const floor = [deployRuns, commits, pullRequests].reduce((sum, n) => sum + Math.ceil(n / 100), 0);
  return { deployRuns, commits, pullRequests, floor, budget: Math.floor(1.3 * floor) + 5 };
}

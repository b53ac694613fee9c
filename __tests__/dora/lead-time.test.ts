import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/dora/index.js';
import type { Commit, Deployment, PullRequest } from '../../src/dora/model.js';
import { chain, commit, deployment, doraInput, END, onDay, prCommit, pullRequest } from './records.js';

const DAY_S = 86_400;

/** The base commit `a`, shipped by a first deployment long before both windows. */
const base = commit('a', [], onDay(0));
const first = deployment(1, onDay(1), 'a');

function measure(commits: Commit[], deployments: Deployment[], pullRequests: PullRequest[] = [], excludeAuthors: string[] = []) {
  return computeMetrics(
    doraInput({ commits: [base, ...commits], deployments: [first, ...deployments], pullRequests, config: { excludeAuthors } }),
  );
}

describe('lead time for changes', () => {
  it('merge-commit merge: starts at the earliest authored commit, ends at the first deployment containing the merge commit', () => {
    const commits = [commit('p1', ['a'], onDay(20)), commit('p2', ['p1'], onDay(20, 12)), commit('m', ['a', 'p2'], onDay(22))];
    const pr = pullRequest(
      5,
      'm',
      { opened: onDay(21), merged: onDay(22) },
      {
        commits: [prCommit('p1', onDay(20)), prCommit('p2', onDay(20, 12))],
      },
    );
    const result = measure(commits, [deployment(2, onDay(23), 'm')], [pr]);
    expect(result.changes).toHaveLength(1);
    expect(result.changes[0]).toMatchObject({
      kind: 'pull_request',
      number: 5,
      sha: 'm',
      start: onDay(20),
      deploymentId: '2',
      window: 'current',
      status: 'measured',
      leadTimeSeconds: 3 * DAY_S,
      stages: { codingSeconds: DAY_S, reviewSeconds: DAY_S, deploySeconds: DAY_S },
    });
    expect(result.metrics.leadTime).toMatchObject({ changes: 1, medianSeconds: 3 * DAY_S, tier: 'high', reason: null });
  });

  it("squash merge: the pull request's own commits, absent from the branch, give the start", () => {
    const commits = [commit('s', ['a'], onDay(22))];
    const pr = pullRequest(
      6,
      's',
      { opened: onDay(21), merged: onDay(22) },
      {
        commits: [prCommit('x1', onDay(19)), prCommit('x2', onDay(20))],
      },
    );
    const result = measure(commits, [deployment(2, onDay(23), 's')], [pr]);
    expect(result.changes.map((c) => [c.number, c.start, c.leadTimeSeconds])).toEqual([[6, onDay(19), 4 * DAY_S]]);
  });

  it('rebase merge: copies GitHub associates with the pull request belong to it, and count for its start', () => {
    const commits = [commit('r1', ['a'], onDay(18), { pullRequests: [7] }), commit('r2', ['r1'], onDay(19), { pullRequests: [7] })];
    // The collector could not read the pull request's own commits: the copies still say when work began.
    const pr = pullRequest(7, 'r2', { opened: onDay(20), merged: onDay(21) }, { commits: [] });
    const result = measure(commits, [deployment(2, onDay(22), 'r2')], [pr]);
    expect(result.changes.map((c) => [c.kind, c.number, c.start])).toEqual([['pull_request', 7, onDay(18)]]);
  });

  it('direct push: a branch commit no merged pull request contains is a change of its own', () => {
    const commits = [commit('b', ['a'], onDay(21), { author: 'carol', message: 'Bump version\n\nDetails' })];
    const result = measure(commits, [deployment(2, onDay(22), 'b')]);
    expect(result.changes).toHaveLength(1);
    expect(result.changes[0]).toMatchObject({
      kind: 'direct_push',
      number: null,
      sha: 'b',
      title: 'Bump version',
      author: 'carol',
      start: onDay(21),
      leadTimeSeconds: DAY_S,
      stages: null,
      openedAt: null,
    });
  });

  it('a pull request whose merge commit is not on the production branch is not a change', () => {
    const commits = [commit('b', ['a'], onDay(21))];
    const elsewhere = pullRequest(
      8,
      'not-on-branch',
      { opened: onDay(20), merged: onDay(21) },
      {
        commits: [prCommit('b', onDay(21))],
      },
    );
    const result = measure(commits, [deployment(2, onDay(22), 'b')], [elsewhere]);
    // Its commit `b` is contained by a merged pull request, so it is no direct push either.
    expect(result.changes).toEqual([]);
  });

  it('the first deployment ever has no baseline: its changes are unmeasured', () => {
    const commits = chain(['a', onDay(11)], ['b', onDay(12)]);
    const result = computeMetrics(doraInput({ commits, deployments: [deployment(1, onDay(15), 'b')] }));
    expect(result.previous.leadTime).toMatchObject({ changes: 0, unmeasured: 2, medianSeconds: null, tier: null });
    expect(result.previous.leadTime.reason).toMatch(/^no changes measured: 2 shipped by the first deployment/);
    expect(result.changes.map((c) => c.status)).toEqual(['unmeasured', 'unmeasured']);
    expect(result.deployments[0]?.baselineId).toBeNull();
  });

  it("each deployment's baseline is the deployment before it", () => {
    const commits = [commit('b', ['a'], onDay(21)), commit('c', ['b'], onDay(22))];
    const result = measure(commits, [deployment(2, onDay(21, 1), 'b'), deployment(3, onDay(22, 1), 'c')]);
    expect(result.deployments.map((d) => [d.deployment.id, d.baselineId, d.changes])).toEqual([
      ['2', '1', 1],
      ['3', '2', 1],
    ]);
  });

  it('a change ends at the first deployment, in time order, whose commit is a descendant of it', () => {
    const commits = [commit('b', ['a'], onDay(20)), commit('c', ['b'], onDay(21))];
    const result = measure(commits, [deployment(3, onDay(24), 'c'), deployment(2, onDay(22), 'c')]);
    expect(result.changes.map((c) => [c.sha, c.deploymentId])).toEqual([
      ['b', '2'],
      ['c', '2'],
    ]);
  });

  it('a deployment whose commit is not on the branch proves nothing: it ships no change', () => {
    const commits = [commit('b', ['a'], onDay(20)), commit('c', ['b'], onDay(21))];
    const result = measure(commits, [deployment(2, onDay(22), 'feature-tip'), deployment(3, onDay(24), 'c')]);
    expect(result.changes.map((c) => [c.sha, c.deploymentId])).toEqual([
      ['b', '3'],
      ['c', '3'],
    ]);
    expect(result.deployments.find((d) => d.deployment.id === '2')?.changes).toBe(0);
  });

  it('a change counts in the window of the deployment that shipped it', () => {
    const commits = [commit('b', ['a'], onDay(5)), commit('c', ['b'], onDay(15))];
    const result = measure(commits, [deployment(2, onDay(19), 'b'), deployment(3, onDay(21), 'c')]);
    expect(result.previous.leadTime.changes).toBe(1);
    expect(result.previous.leadTime.medianSeconds).toBe(14 * DAY_S);
    expect(result.metrics.leadTime.changes).toBe(1);
    expect(result.metrics.leadTime.medianSeconds).toBe(6 * DAY_S);
  });

  it('changes by excluded authors are left out and counted, matched case-insensitively', () => {
    const commits = [
      commit('m', ['a'], onDay(21)),
      commit('b', ['m'], onDay(21), { author: 'Renovate[bot]' }),
      commit('c', ['b'], onDay(21), { author: 'alice' }),
    ];
    const pr = pullRequest(9, 'm', { opened: onDay(20), merged: onDay(21) }, { author: 'Dependabot[bot]' });
    const result = measure(commits, [deployment(2, onDay(22), 'c')], [pr], ['dependabot[bot]', 'renovate[bot]']);
    expect(result.metrics.leadTime).toMatchObject({ changes: 1, excluded: 2 });
    expect(result.changes.filter((c) => c.status === 'excluded').map((c) => c.sha)).toEqual(['m', 'b']);
  });

  it('clock skew: a negative lead time is skipped and counted', () => {
    const commits = [commit('b', ['a'], onDay(23))];
    const result = measure(commits, [deployment(2, onDay(22), 'b')]);
    expect(result.metrics.leadTime).toMatchObject({ changes: 0, skipped: 1, medianSeconds: null });
    expect(result.metrics.leadTime.reason).toContain('clock skew');
    expect(result.changes[0]).toMatchObject({ status: 'skipped', leadTimeSeconds: null });
  });

  it('a stage that would be negative (commits authored after the pull request was opened) is 0', () => {
    const commits = [commit('m', ['a'], onDay(22))];
    const pr = pullRequest(10, 'm', { opened: onDay(20), merged: onDay(21) }, { commits: [prCommit('x', onDay(20, 12))] });
    const result = measure(commits, [deployment(2, onDay(23), 'm')], [pr]);
    expect(result.changes[0]?.stages).toEqual({ codingSeconds: 0, reviewSeconds: DAY_S, deploySeconds: 2 * DAY_S });
  });

  it("reports median, p90 and mean over the window's changes", () => {
    const commits = chain(['b', onDay(21)], ['c', onDay(22)], ['d', onDay(23)], ['e', onDay(25)]).map((c, i) =>
      i === 0 ? { ...c, parents: ['a'] } : c,
    );
    const result = measure(commits, [deployment(2, onDay(26), 'e')]);
    // Lead times 5, 4, 3 and 1 days.
    expect(result.metrics.leadTime).toMatchObject({
      changes: 4,
      medianSeconds: 3.5 * DAY_S,
      p90Seconds: 4.7 * DAY_S,
      meanSeconds: 3.25 * DAY_S,
    });
  });

  it('no deployments in the window: lead time is null with that reason', () => {
    const result = measure([], []);
    expect(result.metrics.leadTime).toMatchObject({ changes: 0, medianSeconds: null, tier: null, reason: 'no deployments in the window' });
  });

  it('deployments that ship nothing new: lead time is null and says so', () => {
    const result = measure([], [deployment(2, onDay(22), 'a')]);
    expect(result.metrics.leadTime.reason).toBe(
      'no changes measured: the 1 deployment in the window shipped no new commit of the production branch',
    );
  });

  it('a change not yet deployed at end is not reported', () => {
    const commits = [commit('b', ['a'], onDay(21)), commit('c', ['b'], onDay(29))];
    const result = measure(commits, [deployment(2, onDay(22), 'b'), deployment(3, END, 'c')]);
    expect(result.changes.map((c) => c.sha)).toEqual(['b']);
  });

  it('matches every change of a long history to its first deployment: 2,000 commits, 1,000 pull requests, 286 deployments', () => {
    const commits: Commit[] = [];
    const prs: PullRequest[] = [];
    const deployments: Deployment[] = [];
    const start = onDay(-60);
    for (let i = 0; i < 2000; i++) {
      const t = start + i * 40 * 60_000;
      commits.push(commit(`c${i}`, i === 0 ? [] : [`c${i - 1}`], t));
      if (i % 2 === 1) prs.push(pullRequest(i, `c${i}`, { opened: t, merged: t }, { commits: [prCommit(`x${i}`, t - 3_600_000)] }));
      if (i % 7 === 0 && deployments.length < 300) deployments.push(deployment(i, t + 60_000, `c${i}`));
    }
    // How fast it is, `npm run bench` measures (the engine alone on 100k commits); this asserts the result.
    const result = computeMetrics(doraInput({ end: onDay(30), days: 30, commits, pullRequests: prs, deployments }));
    expect(result.changes.length).toBeGreaterThan(500);
    for (const change of result.changes) {
      // Commit c<i> first ships with the deployment of the next commit whose number is a multiple of 7.
      const i = Number(change.sha.slice(1));
      expect(change.deploymentId, change.sha).toBe(String(Math.ceil(i / 7) * 7));
    }
  });
});

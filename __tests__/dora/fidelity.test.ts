/**
 * The classes of wrong numbers found by comparing the action with an independent reading of
 * docs/metrics.md (issue 9), each on a dataset of a few commits, through the engine. Each test
 * failed before its fix. The same classes run end to end in __tests__/e2e/fidelity.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { computeMetrics, deploymentsFromGitHubDeployments } from '../../src/dora/index.js';
import type { DeploymentRecord } from '../../src/dora/model.js';
import { databaseIdOf } from '../../src/github/node-id.js';
import { loginOfNoreplyEmail } from '../../src/github/commits.js';
import { commit, deployment, doraInput, END, onDay, prCommit, pullRequest } from './records.js';

const sha = (c: string): string => c.repeat(40);
const [A, B, C, D, X] = ['a', 'b', 'c', 'd', 'e'].map(sha) as [string, string, string, string, string];

describe('class 1: a pull request starts at its own first commit, not its merge commit', () => {
  it('with clock skew on the merge commit, the own commits still give the start (and it is measured, not skipped)', () => {
    // The merge commit was authored (clock skew) after the deployment; its own commit long before.
    const commits = [commit(A, [], onDay(0)), commit(B, [A], onDay(25))];
    const pr = pullRequest(5, B, { opened: onDay(21), merged: onDay(22) }, { commits: [prCommit(C, onDay(20))] });
    const result = computeMetrics(
      doraInput({ commits, deployments: [deployment(1, onDay(1), A), deployment(2, onDay(23), B)], pullRequests: [pr] }),
    );
    expect(result.changes.map((c) => [c.number, c.start, c.status])).toEqual([[5, onDay(20), 'measured']]);
  });

  it('the merge commit counts only when none of its commits is known', () => {
    const commits = [commit(A, [], onDay(0)), commit(B, [A], onDay(21))];
    const pr = pullRequest(5, B, { opened: onDay(21), merged: onDay(22) }, { commits: [] });
    const result = computeMetrics(
      doraInput({ commits, deployments: [deployment(1, onDay(1), A), deployment(2, onDay(23), B)], pullRequests: [pr] }),
    );
    expect(result.changes.map((c) => c.start)).toEqual([onDay(21)]);
  });
});

describe('classes 2 and 3: deployments of a branch forked from the production branch', () => {
  // main: A <- B <- C; release branch: B <- X (X is not on main). X deployed first, then C.
  const branchCommits = [commit(A, [], onDay(0)), commit(B, [A], onDay(21)), commit(C, [B], onDay(22))];
  const other = [commit(X, [B], onDay(21, 12))];

  it('the first production-branch deployment has a baseline when an earlier one ran a forked branch', () => {
    const result = computeMetrics(
      doraInput({
        commits: branchCommits,
        otherCommits: other,
        deployments: [deployment(1, onDay(21, 13), X), deployment(2, onDay(23), C)],
      }),
    );
    expect(result.deployments.map((d) => [d.deployment.id, d.baselineId])).toEqual([
      ['1', null],
      ['2', '1'],
    ]);
    // C is measured from deployment 1's baseline; A and B shipped with deployment 1 (no baseline: unmeasured).
    expect(result.changes.map((c) => [c.sha, c.deploymentId, c.status])).toEqual([
      [A, '1', 'unmeasured'],
      [B, '1', 'unmeasured'],
      [C, '2', 'measured'],
    ]);
  });

  it("a deployment of another branch that contains a production-branch change is that change's first deployment", () => {
    const result = computeMetrics(
      doraInput({
        commits: branchCommits,
        otherCommits: other,
        deployments: [deployment(1, onDay(1), A), deployment(2, onDay(21, 13), X), deployment(3, onDay(23), C)],
      }),
    );
    expect(result.changes.map((c) => [c.sha, c.deploymentId, c.leadTimeSeconds])).toEqual([
      [B, '2', 13 * 3600],
      [C, '3', 86_400],
    ]);
  });

  it("a revert pushed to the other branch is shipped by that branch's deployment: rework", () => {
    const revert = [commit(X, [B], onDay(21, 12), { message: `Revert "B"\n\nThis reverts commit ${B}.` })];
    const result = computeMetrics(
      doraInput({
        commits: branchCommits,
        otherCommits: revert,
        deployments: [deployment(1, onDay(1), A), deployment(2, onDay(21, 1), B), deployment(3, onDay(21, 13), X)],
      }),
    );
    expect(result.deployments.find((d) => d.deployment.id === '3')?.remediates).toEqual(['revert']);
    expect(result.failures.map((f) => [f.failedId, f.signal, f.remediationId])).toEqual([['2', 'revert', '3']]);
  });

  it('a deployment of a commit sharing no history with the branch is no baseline', () => {
    const unrelated = [commit(X, [], onDay(0))];
    const result = computeMetrics(
      doraInput({
        commits: branchCommits,
        otherCommits: unrelated,
        deployments: [deployment(1, onDay(21, 13), X), deployment(2, onDay(23), C)],
      }),
    );
    expect(result.deployments.map((d) => d.baselineId)).toEqual([null, null]);
    expect(result.changes.every((c) => c.status === 'unmeasured')).toBe(true);
  });
});

describe('class 4: rollbacks and revert targets older than the history read', () => {
  const commits = [commit(B, [A], onDay(21)), commit(C, [B], onDay(22))];
  const deployments = [deployment(1, onDay(1), A), deployment(2, onDay(22, 1), C), deployment(3, onDay(23), D)];

  it('a rollback to a commit older than the history read is found from the comparison the collector made', () => {
    const without = computeMetrics(doraInput({ commits, deployments }));
    expect(without.failures).toEqual([]);
    const result = computeMetrics(doraInput({ commits, deployments, outside: { onBranch: [D], properAncestors: [[D, C]] } }));
    expect(result.failures.map((f) => [f.failedId, f.signal, f.remediationId])).toEqual([['2', 'rollback', '3']]);
  });

  it('a revert whose target was shipped before the history read fails no deployment in either window, and is still rework', () => {
    const revert = [commit(B, [A], onDay(21)), commit(C, [B], onDay(22), { message: `Revert "Old"\n\nThis reverts commit ${D}.` })];
    const input = { commits: revert, deployments: [deployments[0]!, deployment(4, onDay(21, 12), B), deployments[1]!] };
    // Without knowing the target exists, the hotfix rule blames the deployment live when the revert was authored.
    expect(computeMetrics(doraInput(input)).failures.map((f) => f.failedId)).toEqual(['4']);
    const result = computeMetrics(doraInput({ ...input, outside: { revertRefs: { [D]: D } } }));
    expect(result.failures).toEqual([]);
    expect(result.deployments.find((d) => d.deployment.id === '2')?.remediates).toEqual(['revert']);
  });
});

describe('class 5: abbreviated SHAs in revert messages', () => {
  const commits = [
    commit(A, [], onDay(0)),
    commit(B, [A], onDay(21)),
    commit(C, [B], onDay(22), { message: `Revert\n\nThis reverts commit ${B.slice(0, 7)}.` }),
  ];
  const deployments = [deployment(1, onDay(1), A), deployment(2, onDay(21, 1), B), deployment(3, onDay(22, 1), C)];

  it('a prefix of 7 or more hex digits that matches one commit names it', () => {
    const result = computeMetrics(doraInput({ commits, deployments }));
    expect(result.failures.map((f) => [f.failedId, f.signal, f.remediationId])).toEqual([['2', 'revert', '3']]);
  });

  it("the repository's answer wins: a prefix it finds ambiguous names nothing", () => {
    const result = computeMetrics(doraInput({ commits, deployments, outside: { revertRefs: { [B.slice(0, 7)]: null } } }));
    // No target: the hotfix rule (authored on day 22, while deployment 2 was live).
    expect(result.failures.map((f) => [f.failedId, f.reason.includes('names no reverted change')])).toEqual([['2', true]]);
  });

  it('six digits are not enough', () => {
    const short = commits.map((c) => (c.sha === C ? { ...c, message: `This reverts commit ${B.slice(0, 6)}.` } : c));
    expect(computeMetrics(doraInput({ commits: short, deployments })).metrics.reworkRate.reworkDeployments).toBe(0);
  });
});

describe('class 7: deployments completed at the same instant are ordered by numeric id', () => {
  it('takes the id GitHub gave the deployment from its node id (new and legacy formats)', () => {
    // [0, 123 (repository), 4000000000 (deployment)] as MessagePack: 0x93 0x00 0x7b 0xce 0xee6b2800.
    const modern = `DE_${Buffer.from([0x93, 0x00, 0x7b, 0xce, 0xee, 0x6b, 0x28, 0x00]).toString('base64url')}`;
    expect(modern.startsWith('DE_kw')).toBe(true);
    expect(databaseIdOf(modern)).toBe('4000000000');
    expect(databaseIdOf(Buffer.from('010:Deployment123456').toString('base64'))).toBe('123456');
    expect(databaseIdOf('not-a-node-id')).toBeNull();
  });

  it('orders 9 before 10 when both completed at the same second (no phantom rollback)', () => {
    const record = (id: number, deployed: string): DeploymentRecord => ({
      id: `node-${id}`,
      databaseId: String(id),
      sha: deployed,
      ref: 'main',
      environment: 'production',
      createdAt: onDay(21),
      statuses: [{ state: 'success', createdAt: onDay(22) }],
    });
    const deployments = deploymentsFromGitHubDeployments([record(10, C), record(9, B)], /^production$/);
    expect(deployments.map((d) => d.id)).toEqual(['9', '10']);
    const commits = [commit(A, [], onDay(0)), commit(B, [A], onDay(21)), commit(C, [B], onDay(21, 1))];
    const result = computeMetrics(doraInput({ commits, deployments: [deployment(1, onDay(1), A), ...deployments] }));
    expect(result.failures).toEqual([]);
  });
});

describe('class 8: a Deployment status created at or after `until` was not known then', () => {
  it('uses the latest status created before the end', () => {
    const record: DeploymentRecord = {
      id: 1,
      sha: A,
      ref: 'main',
      environment: 'production',
      createdAt: onDay(20),
      statuses: [
        { state: 'success', createdAt: onDay(21) },
        { state: 'failure', createdAt: END },
      ],
    };
    expect(deploymentsFromGitHubDeployments([record], /^production$/, { end: END }).map((d) => d.time)).toEqual([onDay(21)]);
    expect(deploymentsFromGitHubDeployments([record], /^production$/)).toEqual([]);
  });
});

describe('class 10: a bot pushing directly is named by its noreply address', () => {
  it('reads the login from a users.noreply.github.com address, with or without the numeric id', () => {
    expect(loginOfNoreplyEmail('49699333+dependabot[bot]@users.noreply.github.com')).toBe('dependabot[bot]');
    expect(loginOfNoreplyEmail('octocat@users.noreply.github.com')).toBe('octocat');
    expect(loginOfNoreplyEmail('octocat@example.com')).toBeNull();
    expect(loginOfNoreplyEmail(null)).toBeNull();
  });
});

describe('class 12: unmeasured comes before excluded', () => {
  it('a change both excluded and shipped by a deployment with no baseline is unmeasured', () => {
    const commits = [commit(A, [], onDay(20), { author: 'renovate[bot]' })];
    const result = computeMetrics(
      doraInput({ commits, deployments: [deployment(1, onDay(21), A)], config: { excludeAuthors: ['Renovate[bot]'] } }),
    );
    expect(result.changes.map((c) => c.status)).toEqual(['unmeasured']);
    expect(result.metrics.leadTime).toMatchObject({ unmeasured: 1, excluded: 0 });
  });
});

describe('class 16: a pull request merged into a branch that a pull request then merges', () => {
  // main: A <- B, B the merge of PR 9 (own commits: K's commit C and K's merge commit D, both off the history read).
  const k = pullRequest(7, D, { opened: onDay(19), merged: onDay(20) }, { commits: [prCommit(C, onDay(18))] });
  const carrier = pullRequest(
    9,
    B,
    { opened: onDay(21), merged: onDay(22) },
    { commits: [prCommit(C, onDay(18)), prCommit(D, onDay(20))] },
  );
  /** The changes when B has `parents`: [A, D] for a merge commit, [A] for a squash. */
  const changesWith = (parents: string[]) =>
    computeMetrics(
      doraInput({
        commits: [commit(A, [], onDay(0)), commit(B, parents, onDay(22))],
        deployments: [deployment(1, onDay(1), A), deployment(2, onDay(23), B)],
        pullRequests: [k, carrier],
      }),
    ).changes;

  it("is a change of the deployment that ships the carrying pull request's merge, from its own first commit", () => {
    expect(
      changesWith([A, D])
        .map((c) => [c.number, c.deploymentId, c.start, c.status])
        .sort(),
    ).toEqual([
      [7, '2', onDay(18), 'measured'],
      [9, '2', onDay(18), 'measured'],
    ]);
  });

  it('a squash-merged carrier brings nothing: its own commits, K’s merge commit among them, never reached the branch', () => {
    expect(changesWith([A]).map((c) => c.number)).toEqual([9]);
  });

  it('a pull request whose merge commit no carrier holds stays out (merged elsewhere, never brought here)', () => {
    const commits = [commit(A, [], onDay(0)), commit(B, [A], onDay(22))];
    const k = pullRequest(7, D, { opened: onDay(19), merged: onDay(20) }, { commits: [prCommit(C, onDay(18))] });
    const result = computeMetrics(
      doraInput({ commits, deployments: [deployment(1, onDay(1), A), deployment(2, onDay(23), B)], pullRequests: [k] }),
    );
    expect(result.changes.map((c) => c.kind)).toEqual(['direct_push']);
  });
});

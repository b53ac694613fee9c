import { describe, expect, it } from 'vitest';
import {
  chooseSource,
  compareIds,
  deploymentsFromGitHubDeployments,
  deploymentsFromMerges,
  deploymentsFromReleases,
  deploymentsFromWorkflowRuns,
  DEFAULT_ENVIRONMENT_PATTERN,
  inDeploymentOrder,
  isDeployWorkflowFile,
} from '../../src/dora/deployments.js';
import type { DeploymentRecord, ReleaseRecord, WorkflowRunRecord } from '../../src/dora/model.js';
import { at, deployment, END, onDay, pullRequest } from './records.js';

function run(overrides: Partial<WorkflowRunRecord> = {}): WorkflowRunRecord {
  return {
    id: 1,
    workflowId: 10,
    workflowName: 'Deploy',
    runNumber: 7,
    runAttempt: 1,
    event: 'push',
    headBranch: 'main',
    headSha: 'abc',
    status: 'completed',
    conclusion: 'success',
    updatedAt: at(5),
    ...overrides,
  };
}

function githubDeployment(overrides: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    id: 501,
    sha: 'abc1234def',
    ref: 'main',
    environment: 'production',
    createdAt: at(1),
    statuses: [
      { state: 'in_progress', createdAt: at(1) },
      { state: 'success', createdAt: at(2) },
    ],
    ...overrides,
  };
}

function release(overrides: Partial<ReleaseRecord> = {}): ReleaseRecord {
  return {
    id: 301,
    tagName: 'v1.4.0',
    name: 'v1.4.0',
    sha: 'abc',
    draft: false,
    prerelease: false,
    publishedAt: at(3),
    ...overrides,
  };
}

describe('workflow source', () => {
  it('a successful completed run on the production branch is a deployment at its completion (updated_at), at head_sha', () => {
    const { deployments, failedRuns } = deploymentsFromWorkflowRuns([run()], { branch: 'main' });
    expect(deployments).toEqual([{ id: '1', time: at(5), sha: 'abc', label: 'Deploy #7' }]);
    expect(failedRuns).toEqual([]);
  });

  it('runs on other branches do not count', () => {
    const { deployments } = deploymentsFromWorkflowRuns([run({ headBranch: 'feature/x' }), run({ id: 2, headBranch: null })], {
      branch: 'main',
    });
    expect(deployments).toEqual([]);
  });

  it('runs triggered by pull_request, pull_request_target or merge_group never count', () => {
    const runs = ['pull_request', 'pull_request_target', 'merge_group'].map((event, i) =>
      run({ id: i + 1, event, conclusion: i === 0 ? 'failure' : 'success' }),
    );
    expect(deploymentsFromWorkflowRuns(runs, { branch: 'main' })).toEqual({ deployments: [], failedRuns: [] });
    const others = ['push', 'workflow_dispatch', 'schedule'].map((event, i) => run({ id: i + 1, event }));
    expect(deploymentsFromWorkflowRuns(others, { branch: 'main' }).deployments).toHaveLength(3);
  });

  it('only completed runs count', () => {
    const runs = [run({ status: 'in_progress', conclusion: null }), run({ id: 2, status: 'waiting', conclusion: null })];
    expect(deploymentsFromWorkflowRuns(runs, { branch: 'main' })).toEqual({ deployments: [], failedRuns: [] });
  });

  it('a failed run is a failed run, not a deployment; cancelled and skipped runs are neither', () => {
    const runs = [run({ id: 1, conclusion: 'failure' }), run({ id: 2, conclusion: 'cancelled' }), run({ id: 3, conclusion: 'skipped' })];
    const { deployments, failedRuns } = deploymentsFromWorkflowRuns(runs, { branch: 'main' });
    expect(deployments).toEqual([]);
    expect(failedRuns).toEqual([{ id: '1', time: at(5), sha: 'abc', label: 'Deploy #7' }]);
  });

  it("a run counts once whatever its run_attempt, with the latest attempt's data", () => {
    const runs = [
      run({ id: 1, runAttempt: 1, conclusion: 'failure', updatedAt: at(5) }),
      run({ id: 1, runAttempt: 2, conclusion: 'success', updatedAt: at(9) }),
    ];
    const { deployments, failedRuns } = deploymentsFromWorkflowRuns(runs, { branch: 'main' });
    expect(deployments).toEqual([{ id: '1', time: at(9), sha: 'abc', label: 'Deploy #7' }]);
    expect(failedRuns).toEqual([]);
    const reversed = deploymentsFromWorkflowRuns([...runs].reverse(), { branch: 'main' });
    expect(reversed.deployments).toEqual(deployments);
  });

  it('keeps the run url', () => {
    const { deployments } = deploymentsFromWorkflowRuns([run({ url: 'https://example.test/runs/1' })], { branch: 'main' });
    expect(deployments[0]?.url).toBe('https://example.test/runs/1');
  });
});

describe('deployments source', () => {
  it("a deployment to a matching environment whose latest status is success counts at that status's time", () => {
    expect(deploymentsFromGitHubDeployments([githubDeployment()], DEFAULT_ENVIRONMENT_PATTERN)).toEqual([
      { id: '501', time: at(2), sha: 'abc1234def', label: 'production abc1234' },
    ]);
  });

  it('the default environment pattern matches production, prod and live case-insensitively, nothing else', () => {
    const records = ['Production', 'prod', 'LIVE', 'staging', 'production-eu', 'preprod'].map((environment, i) =>
      githubDeployment({ id: i, environment }),
    );
    expect(deploymentsFromGitHubDeployments(records, DEFAULT_ENVIRONMENT_PATTERN).map((d) => d.id)).toEqual(['0', '1', '2']);
  });

  it('inactive is set aside: a superseded successful deployment still counts, at its success status', () => {
    const record = githubDeployment({
      statuses: [
        { state: 'success', createdAt: at(2) },
        { state: 'inactive', createdAt: at(8) },
      ],
    });
    expect(deploymentsFromGitHubDeployments([record], DEFAULT_ENVIRONMENT_PATTERN)[0]?.time).toBe(at(2));
  });

  it('a deployment whose latest status is not success does not count', () => {
    const failedAfterSuccess = githubDeployment({
      id: 1,
      statuses: [
        { state: 'success', createdAt: at(2) },
        { state: 'failure', createdAt: at(3) },
      ],
    });
    const pending = githubDeployment({ id: 2, statuses: [{ state: 'in_progress', createdAt: at(2) }] });
    const none = githubDeployment({ id: 3, statuses: [] });
    const onlyInactive = githubDeployment({ id: 4, statuses: [{ state: 'inactive', createdAt: at(2) }] });
    expect(deploymentsFromGitHubDeployments([failedAfterSuccess, pending, none, onlyInactive], /production/i)).toEqual([]);
  });

  it('statuses are ordered by time, whatever order they come in', () => {
    const record = githubDeployment({
      statuses: [
        { state: 'success', createdAt: at(4) },
        { state: 'failure', createdAt: at(2) },
      ],
    });
    expect(deploymentsFromGitHubDeployments([record], /production/i)[0]?.time).toBe(at(4));
  });

  it('a global pattern matches every record (no state kept between records)', () => {
    const records = [githubDeployment({ id: 1 }), githubDeployment({ id: 2 })];
    expect(deploymentsFromGitHubDeployments(records, /production/gi)).toHaveLength(2);
  });
});

describe('releases source', () => {
  it("a published release counts at published_at, at its tag's commit", () => {
    expect(deploymentsFromReleases([release()], false)).toEqual([{ id: '301', time: at(3), sha: 'abc', label: 'v1.4.0' }]);
  });

  it('drafts never count, nor releases without a publication time or a commit', () => {
    const records = [release({ id: 1, draft: true }), release({ id: 2, publishedAt: null }), release({ id: 3, sha: null })];
    expect(deploymentsFromReleases(records, true)).toEqual([]);
  });

  it('prereleases count only with include-prereleases', () => {
    const records = [release({ id: 1, prerelease: true })];
    expect(deploymentsFromReleases(records, false)).toEqual([]);
    expect(deploymentsFromReleases(records, true)).toHaveLength(1);
  });

  it('the label falls back to the tag when the release has no name', () => {
    expect(deploymentsFromReleases([release({ name: null, tagName: 'v2.0.0' })], false)[0]?.label).toBe('v2.0.0');
  });
});

describe('merges source', () => {
  it('each merged pull request is a deployment at merged_at, at merge_commit_sha, id the number', () => {
    const prs = [pullRequest(12, 'm12', { opened: at(1), merged: at(4) }, { title: 'Add cart' })];
    expect(deploymentsFromMerges(prs)).toEqual([{ id: '12', time: at(4), sha: 'm12', label: '#12 Add cart' }]);
  });
});

describe('deployment order', () => {
  it('deployments are ordered by time, ties broken by id (numerically)', () => {
    const ordered = inDeploymentOrder([deployment(10, at(2), 'a'), deployment(9, at(2), 'b'), deployment(100, at(1), 'c')]);
    expect(ordered.map((d) => d.id)).toEqual(['100', '9', '10']);
    expect(compareIds('9', '10')).toBeLessThan(0);
    expect(compareIds('b', 'a')).toBeGreaterThan(0);
  });
});

describe('deploy workflow file names', () => {
  it.each([
    'deploy.yml',
    'Deploy-Prod.yaml',
    'release.yml',
    'publish-npm.yml',
    'cd.yml',
    'ci-cd.yaml',
    'cd_prod.yml',
    '.github/workflows/cd.yml',
  ])('%s is a deploy workflow', (name) => {
    expect(isDeployWorkflowFile(name)).toBe(true);
  });

  it.each(['abcd.yml', 'ci.yml', 'cdk.yml', 'codeql.yml', 'nightly.yml', 'deploy/ci.yml'])('%s is not', (name) => {
    expect(isDeployWorkflowFile(name)).toBe(false);
  });
});

describe('auto source choice', () => {
  const days = 30;
  const recent = [deployment(1, onDay(25), 'a')];
  const inPreviousWindow = [deployment(2, END - 45 * 24 * 3_600_000, 'a')];
  const older = [deployment(3, END - 61 * 24 * 3_600_000, 'a')];

  it('takes the first of deployments, workflow, releases, merges with a deployment in the two windows', () => {
    const choice = chooseSource(
      [
        { source: 'merges', deployments: recent },
        { source: 'releases', deployments: recent },
        { source: 'workflow', deployments: recent },
        { source: 'deployments', deployments: recent },
      ],
      END,
      days,
    );
    expect(choice.source).toBe('deployments');
  });

  it('skips a source whose deployments are all older than the previous window', () => {
    const choice = chooseSource(
      [
        { source: 'deployments', deployments: older },
        { source: 'workflow', deployments: inPreviousWindow },
        { source: 'releases', deployments: recent },
      ],
      END,
      days,
    );
    expect(choice.source).toBe('workflow');
    expect(choice.reason).toContain('1 successful deploy workflow runs');
    expect(choice.reason).toContain('none from GitHub deployments');
  });

  it('ignores deployments at or after end', () => {
    const choice = chooseSource(
      [
        { source: 'deployments', deployments: [deployment(1, END, 'a')] },
        { source: 'releases', deployments: recent },
      ],
      END,
      days,
    );
    expect(choice.source).toBe('releases');
  });

  it('falls back to merges when no source has a deployment, and says so', () => {
    const choice = chooseSource(
      [
        { source: 'deployments', deployments: [] },
        { source: 'workflow', deployments: older },
        { source: 'releases', deployments: [] },
        { source: 'merges', deployments: [] },
      ],
      END,
      days,
    );
    expect(choice.source).toBe('merges');
    expect(choice.reason).toMatch(/no GitHub deployments.*merged pull requests stand for deployments/);
  });
});

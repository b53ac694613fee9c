/** The kept state: what is used, and why an entry is not (corrupt, old format, someone else's). */
import { describe, expect, it } from 'vitest';
import { STATE_FORMAT, parseState, sourceKey, type DoraState } from '../../src/state/format.js';

const identity = {
  repository: 'acme/shop',
  branch: 'main',
  source: 'auto',
  sourceKey: sourceKey({ workflows: [], environment: /^(production|prod|live)$/i, includePrereleases: false }),
};

const state: DoraState = {
  format: STATE_FORMAT,
  ...identity,
  savedAt: '2026-06-01T00:00:00.000Z',
  asOf: Date.parse('2026-06-01T00:00:00Z'),
  window: { until: Date.parse('2026-06-01T00:00:00Z'), days: 30 },
  records: {
    history: {
      nodes: [{ sha: 'a'.repeat(40), parents: [], authoredAt: 1, message: 'm', author: null, pullRequests: [], committedAt: 2 }],
      reachedEnd: true,
    },
    pullRequests: {
      nodes: [
        {
          number: 1,
          title: 't',
          author: 'alice',
          headRef: 'h',
          labels: [],
          createdAt: 1,
          mergedAt: 2,
          mergeCommitSha: 'b'.repeat(40),
          commits: [],
          url: 'u',
          reviews: [],
          size: { additions: 1, deletions: 0, changedFiles: 1 },
          updatedAt: 3,
          commitsAfter: null,
        },
      ],
      reachedEnd: false,
    },
    deployments: {
      environments: ['production'],
      listing: {
        nodes: [{ id: 'DE_1', sha: 'c'.repeat(40), ref: 'main', environment: 'production', createdAt: 1, statuses: [] }],
        reachedEnd: true,
      },
    },
    workflowRuns: {
      '11': {
        from: 0,
        to: 1000,
        asOf: 1000,
        runs: [
          {
            id: 5,
            workflowId: 11,
            workflowName: 'Deploy',
            runNumber: 1,
            runAttempt: 1,
            event: 'push',
            headBranch: 'main',
            headSha: 'd'.repeat(40),
            status: 'completed',
            conclusion: 'success',
            updatedAt: 9,
            url: 'u',
            createdAt: 8,
          },
        ],
        older: null,
      },
    },
  },
};

describe('parseState', () => {
  it('gives back a state of this format, repository, branch, source and inputs, every field kept', () => {
    const text = JSON.stringify(state);
    const parsed = parseState(text, identity);
    expect(parsed).toEqual({ state });
  });

  it('says why it will not use an entry', () => {
    const problem = (text: string, expected = identity): string => {
      const parsed = parseState(text, expected);
      expect('problem' in parsed).toBe(true);
      return (parsed as { problem: string }).problem;
    };
    expect(problem('{"format":"dora-state/1","records":')).toMatch(/^corrupt \(not JSON/);
    expect(problem(JSON.stringify({ ...state, format: 'dora-state/0' }))).toBe('of format "dora-state/0", not dora-state/1');
    expect(problem('[1,2]')).toBe('of no known format, not dora-state/1');
    expect(problem(JSON.stringify({ ...state, records: { history: { nodes: [{ sha: 1 }], reachedEnd: true } } }))).toMatch(
      /^corrupt \(records\.history\.nodes\.0\.sha: /,
    );
    expect(problem(JSON.stringify(state), { ...identity, repository: 'acme/other' })).toMatch(/^for another repository: "acme\/shop"/);
    expect(problem(JSON.stringify(state), { ...identity, branch: 'trunk' })).toMatch(/^for another branch/);
    expect(problem(JSON.stringify(state), { ...identity, source: 'workflow' })).toMatch(/^for another source/);
    expect(
      problem(JSON.stringify(state), {
        ...identity,
        sourceKey: sourceKey({ workflows: ['deploy.yml'], environment: /prod/i, includePrereleases: false }),
      }),
    ).toMatch(/^saved with other `workflows`, `environment` or `include-prereleases` inputs/);
  });
});

describe('sourceKey', () => {
  it('changes with the inputs that shape the records read, not with their spelling or order', () => {
    const base = { workflows: ['deploy.yml', 'release.yml'], environment: /^prod$/i, includePrereleases: false };
    expect(sourceKey({ ...base, workflows: ['Release.yml', 'deploy.yml'] })).toBe(sourceKey(base));
    expect(sourceKey({ ...base, workflows: ['deploy.yml'] })).not.toBe(sourceKey(base));
    expect(sourceKey({ ...base, environment: /^production$/i })).not.toBe(sourceKey(base));
    expect(sourceKey({ ...base, includePrereleases: true })).not.toBe(sourceKey(base));
  });
});

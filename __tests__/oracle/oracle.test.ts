/**
 * The oracle (an independent reading of docs/metrics.md) against the example datasets' expected numbers, and
 * against small handcrafted histories, one rule each.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Builder, day } from './build.js';
import { globToRegExp, mean, OracleInputError, oracle, quantile, type OracleInputs, type OracleResult } from './oracle.js';

/* ------------------------------------------------------------------------------------------------ */
/* Helpers                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

const U = day(60); // until; current window [day 30, day 60), previous [day 0, day 30)
const H = 3600;
const D = 86_400;

function run(ds: any, inputs: Partial<OracleInputs> = {}): OracleResult {
  return oracle(ds, { until: U, days: 30, ...inputs });
}

/** Same keys, same values; numbers to a relative tolerance of 1e-9. */
function expectSame(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, where).toBe('number');
    const a = actual as number;
    expect(Math.abs(a - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${where}: ${a} vs ${expected}`).toBe(true);
  } else if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', where).toBe(true);
    expect(Object.keys(actual as object).sort(), `${where} keys`).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) expectSame((actual as Record<string, unknown>)[k], v, `${where}.${k}`);
  } else {
    expect(actual, where).toEqual(expected);
  }
}

const dep = (r: OracleResult, id: number | string) => r.deployments.find((d) => d.id === id)!;
const failure = (r: OracleResult, id: number | string) => r.failures.find((f) => f.deployment === id);
const prChange = (r: OracleResult, n: number) => r.changes.find((c) => c.kind === 'pr' && c.number === n)!;
const pushChange = (r: OracleResult, sha: string) => r.changes.find((c) => c.kind === 'push' && c.sha === sha)!;

/** A builder with a root commit on main authored at day -5; returns [builder, root]. */
function start(now = U): [Builder, string] {
  const b = new Builder(now);
  const root = b.commit({ at: day(-5), message: 'Initial commit' });
  b.branch('main', root);
  return [b, root];
}

/* ------------------------------------------------------------------------------------------------ */
/* 1. The example datasets                                                                           */
/* ------------------------------------------------------------------------------------------------ */

describe('oracle on the example datasets', () => {
  for (const name of ['small-30d', 'medium-90d']) {
    const dataset = JSON.parse(fs.readFileSync(new URL(`../fixtures/examples/${name}.json`, import.meta.url), 'utf8'));
    const { runs } = JSON.parse(fs.readFileSync(new URL(`../fixtures/examples/${name}.expected.json`, import.meta.url), 'utf8')) as {
      runs: { inputs: OracleInputs; expected: { metrics: unknown; previous: unknown } }[];
    };
    it(`${name} has runs`, () => expect(runs.length).toBeGreaterThan(0));
    runs.forEach((r, i) => {
      it(`${name} run ${i + 1} (${r.inputs['deployment-source']}, ${r.inputs.days} days)`, () => {
        const result = oracle(dataset, r.inputs);
        expectSame(result.metrics, r.expected.metrics, 'metrics');
        expectSame(result.previous, r.expected.previous, 'previous');
      });
    });
  }
});

/* ------------------------------------------------------------------------------------------------ */
/* 2. Handcrafted histories                                                                          */
/* ------------------------------------------------------------------------------------------------ */

describe('statistics', () => {
  it('linear interpolation between closest ranks; mean; null without data', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantile([1, 2, 3, 4], 0.95)).toBeCloseTo(3.85, 12);
    expect(quantile([7], 0.95)).toBe(7);
    expect(quantile([1, 3], 0.5)).toBe(2);
    expect(quantile([], 0.5)).toBeNull();
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBeNull();
  });

  it('lead-time statistics over the window’s measured changes', () => {
    const [b, root] = start();
    b.run({ sha: root, at: day(31) }); // first deployment: ships root, unmeasured
    const c = b.chain(root, 4, day(40)); // authored day 40 +0h, +1h, +2h, +3h
    b.branch('main', c[3]!);
    b.run({ sha: c[3]!, at: day(40, 4) });
    const m = run(b.build(), { 'deployment-source': 'workflow' }).metrics.leadTime;
    expect(m.changes).toBe(4);
    expect(m.medianSeconds).toBe(2.5 * H);
    expect(m.p90Seconds).toBeCloseTo(3.7 * H, 6);
    expect(m.p95Seconds).toBeCloseTo(3.85 * H, 6);
    expect(m.meanSeconds).toBe(2.5 * H);
    expect(m.unmeasured).toBe(1);
    expect(m.tier).toBe('elite');
  });
});

describe('windows', () => {
  it('[end - days, end) and [end - 2 days, end - days); events at end are ignored', () => {
    const [b, root] = start();
    const c = b.chain(root, 6, day(-3));
    b.branch('main', c[5]!);
    const before = b.run({ sha: c[0]!, at: day(0, 0, 0, -1) }); // before the previous window
    const p1 = b.run({ sha: c[1]!, at: day(0) }); // previous, first second
    const p2 = b.run({ sha: c[2]!, at: day(30, 0, 0, -1) }); // previous, last second
    const c1 = b.run({ sha: c[3]!, at: day(30) }); // current, first second
    const c2 = b.run({ sha: c[4]!, at: day(30, 5) }); // current, same UTC date
    const c3 = b.run({ sha: c[5]!, at: day(60, 0, 0, -1) }); // current, last second
    const atEnd = b.run({ sha: c[5]!, at: U }); // at end: not known
    const r = run(b.build(), { 'deployment-source': 'workflow' });
    expect(r.deployments.map((d) => d.id)).toEqual([before, p1, p2, c1, c2, c3]);
    expect(r.deployments.find((d) => d.id === atEnd)).toBeUndefined();
    expect(dep(r, before).window).toBeNull();
    expect([p1, p2].map((id) => dep(r, id).window)).toEqual(['previous', 'previous']);
    expect([c1, c2, c3].map((id) => dep(r, id).window)).toEqual(['current', 'current', 'current']);
    expect(r.metrics.deploymentFrequency).toEqual({
      deployments: 3,
      perDay: 0.1,
      perWeek: 3 / (30 / 7),
      deploymentDays: 2,
      tier: 'medium',
    });
    expect(r.previous.deploymentFrequency.deployments).toBe(2);
    expect(r.previous.deploymentFrequency.deploymentDays).toBe(2);
  });

  it('a past `until` reproduces what was known then', () => {
    const [b, root] = start();
    b.run({ sha: root, at: day(31) });
    const pr = b.mergePr({ onto: root, authored: [day(32)], createdAt: day(32, 1), mergedAt: day(33) });
    b.branch('main', pr.merge);
    b.run({ sha: pr.merge, at: day(50) });
    b.issue({ createdAt: day(31, 2), closedAt: day(47) });
    const late = run(b.build(), { until: day(45), 'failure-signals': 'incident', 'deployment-source': 'workflow' });
    expect(late.deployments).toHaveLength(1);
    expect(prChange(late, pr.number).status).toBe('undeployed');
    expect(late.metrics.changeFailureRate.failedDeployments).toBe(1);
    expect(late.metrics.failedDeploymentRecoveryTime.unrecovered).toBe(1); // closed after until: still open then
    const now = run(b.build(), { 'failure-signals': 'incident', 'deployment-source': 'workflow' });
    expect(now.metrics.failedDeploymentRecoveryTime.recoveries).toBe(1);
    expect(prChange(now, pr.number).leadSeconds).toBe(18 * D);
  });

  it('a pull request merged at or after until is no change and no merge deployment', () => {
    const [b, root] = start();
    b.deploy(root, day(31));
    const pr = b.mergePr({ onto: root, authored: [day(50)], createdAt: day(50), mergedAt: U });
    b.branch('main', pr.merge);
    b.deploy(pr.merge, day(61));
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(r.changes.find((c) => c.kind === 'pr')).toBeUndefined();
    // its own commit reached main only through that merge: not a direct push either
    expect(r.changes.map((c) => c.sha)).toEqual([root]);
    expect(run(b.build(), { 'deployment-source': 'merges' }).deployments).toHaveLength(0);
  });
});

describe('deployment frequency tiers', () => {
  const one = (): any => {
    const [b, root] = start();
    b.run({ sha: root, at: day(59, 12) });
    return b.build();
  };
  it.each([
    ['2023', 1, 'elite'],
    ['2023', 7, 'high'],
    ['2023', 8, 'medium'],
    ['2023', 30, 'medium'],
    ['2023', 31, 'low'],
    ['2022', 1, 'high'],
    ['2022', 7, 'medium'],
    ['2022', 31, 'low'],
    ['2021', 1, 'elite'],
    ['2021', 30, 'high'],
    ['2021', 31, 'medium'],
    ['2021', 182, 'medium'],
    ['2021', 183, 'low'],
  ])('benchmark %s, 1 deployment in %i days: %s', (benchmark, days, tier) => {
    const r = run(one(), { days, benchmark, 'deployment-source': 'workflow' });
    expect(r.metrics.deploymentFrequency.tier).toBe(tier);
  });

  it('lead time of exactly one day is not elite; overall is the lowest tier with data', () => {
    const [b, root] = start();
    b.run({ sha: root, at: day(31) });
    const c = b.commit({ parents: [root], at: day(40) });
    b.branch('main', c);
    b.run({ sha: c, at: day(41) });
    const r = run(b.build(), { 'deployment-source': 'workflow' });
    expect(r.metrics.leadTime.medianSeconds).toBe(D);
    expect(r.metrics.leadTime.tier).toBe('high');
    expect(r.metrics.deploymentFrequency.tier).toBe('medium'); // 2 in 30 days
    expect(r.metrics.changeFailureRate.tier).toBe('elite');
    expect(r.metrics.failedDeploymentRecoveryTime.tier).toBeNull();
    expect(r.metrics.overallTier).toBe('medium');
  });

  it('change failure rate tiers compare exactly at the boundaries', () => {
    // 20 deployments, 1 rollback → 1/20 = 5%: elite; 2 rollbacks → 10%: high
    const build = (rollbacks: number): any => {
      const [b, root] = start();
      const c = b.chain(root, 20, day(31));
      b.branch('main', c[19]!);
      let t = 31;
      for (let i = 0; i < 20; i++) {
        // deployments i = 2, 4 (when asked) redeploy the grandparent: a rollback of deployment i - 1
        const sha = (i === 3 && rollbacks >= 1) || (i === 6 && rollbacks >= 2) ? c[i - 2]! : c[i]!;
        b.run({ sha, at: day((t += 1)) });
      }
      return b.build();
    };
    expect(run(build(1), { 'deployment-source': 'workflow', days: 30 }).metrics.changeFailureRate).toMatchObject({
      deployments: 20,
      failedDeployments: 1,
      rate: 0.05,
      tier: 'elite',
    });
    expect(run(build(2), { 'deployment-source': 'workflow' }).metrics.changeFailureRate).toMatchObject({ rate: 0.1, tier: 'high' });
  });
});

describe('source: workflow', () => {
  const withWorkflows = (): any => {
    const [b, root] = start();
    const files = ['Deploy-Prod.yml', 'ci.yml', 'cd.yml', 'ci-cd.yaml', 'abcd.yml', 'release-please.yml', 'publish.yml', 'docs.yml'];
    files.forEach((f, i) => b.workflow(102 + i, `.github/workflows/${f}`));
    [101, ...files.map((_, i) => 102 + i)].forEach((wf, i) => b.run({ sha: root, at: day(40, i), workflowId: wf }));
    return b.build();
  };
  const count = (inputs: Partial<OracleInputs>): number =>
    run(withWorkflows(), { 'deployment-source': 'workflow', ...inputs }).metrics.deploymentFrequency.deployments;

  it('workflows are matched by exact, case-sensitive file name, or by id', () => {
    expect(count({ workflows: 'deploy.yml' })).toBe(1);
    // a name matching no workflow (here only by case) is an input error naming `workflows`, never a zero
    expect(() => count({ workflows: 'Deploy.yml' })).toThrow(OracleInputError);
    expect(() => count({ workflows: 'deploy.YML' })).toThrow(/workflows names deploy\.YML/);
    expect(() => count({ workflows: '999' })).toThrow(OracleInputError);
    expect(count({ workflows: '102' })).toBe(1);
    expect(count({ workflows: 'deploy.yml, Deploy-Prod.yml' })).toBe(2);
  });

  it('without `workflows`: deploy / release / publish in the file name, or cd as a whole word', () => {
    // deploy.yml, Deploy-Prod.yml, cd.yml, ci-cd.yaml, release-please.yml, publish.yml; not ci, abcd, docs
    expect(count({})).toBe(6);
  });

  it('production branch only; pull_request, pull_request_target and merge_group never; completed successes only', () => {
    const [b, root] = start();
    b.run({ sha: root, at: day(40, 1) }); // push: counts
    b.run({ sha: root, at: day(40, 2), event: 'workflow_dispatch' }); // counts
    b.run({ sha: root, at: day(40, 3), event: 'schedule' }); // counts
    for (const event of ['pull_request', 'pull_request_target', 'merge_group']) b.run({ sha: root, at: day(41), event });
    b.run({ sha: root, at: day(42), branch: 'feature/x' });
    b.run({ sha: root, at: day(42), conclusion: 'failure' });
    b.run({ sha: root, at: day(42), conclusion: 'cancelled' });
    b.run({ sha: root, at: day(42), status: 'in_progress', conclusion: null });
    b.run({ sha: root, at: day(43), runAttempt: 2 }); // a re-run: one run, counts once
    // the same run listed once per attempt: counts once, at its latest attempt
    b.run({ sha: root, at: day(44), id: 77, runAttempt: 1 });
    b.run({ sha: root, at: day(45), id: 77, runAttempt: 2 });
    const r = run(b.build(), { 'deployment-source': 'workflow', workflows: 'deploy.yml' });
    expect(r.metrics.deploymentFrequency.deployments).toBe(5);
    expect(dep(r, 77).time).toBe(day(45));
    expect(run(b.build(), { 'deployment-source': 'workflow', branch: 'feature/x' }).metrics.deploymentFrequency.deployments).toBe(1);
  });

  it('a re-run completed long after its creation counts at its completion (window and order)', () => {
    const [b, root] = start();
    const c1 = b.commit({ parents: [root], at: day(10) });
    const c2 = b.commit({ parents: [c1], at: day(19) });
    b.branch('main', c2);
    const rerun = b.run({ sha: c2, createdAt: day(20), at: day(40), runAttempt: 2 });
    const other = b.run({ sha: c1, createdAt: day(35), at: day(35) });
    const r = run(b.build(), { 'deployment-source': 'workflow', 'failure-signals': 'rollback' });
    expect(r.deployments.map((d) => d.id)).toEqual([other, rerun]);
    expect(r.previous.deploymentFrequency.deployments).toBe(0);
    expect(r.metrics.deploymentFrequency.deployments).toBe(2);
    // ordered by creation it would look like a rollback of c2 to c1
    expect(r.failures).toEqual([]);
    expect(pushChange(r, c2).leadSeconds).toBe(21 * D);
    expect(pushChange(r, c2).deployment).toBe(rerun);
  });

  it('two deployments completing at the same second are ordered by numeric id (9 before 10)', () => {
    const build = (nineSha: 'parent' | 'child'): any => {
      const [b, root] = start();
      const a = b.commit({ parents: [root], at: day(40) });
      const c = b.commit({ parents: [a], at: day(41) });
      b.branch('main', c);
      b.run({ sha: root, at: day(35), id: 1 });
      b.run({ sha: nineSha === 'parent' ? c : a, at: day(45), id: 10 });
      b.run({ sha: nineSha === 'parent' ? a : c, at: day(45), id: 9 });
      return b.build();
    };
    const forward = run(build('parent'), { 'deployment-source': 'workflow', 'failure-signals': 'rollback' });
    expect(forward.deployments.map((d) => d.id)).toEqual([1, 9, 10]);
    expect(forward.failures).toEqual([]); // as strings, "10" < "9" would make 9 a rollback of 10
    expect(dep(forward, 10).baseline).toBe(9);
    const back = run(build('child'), { 'deployment-source': 'workflow', 'failure-signals': 'rollback' });
    expect(back.failures.map((f) => f.deployment)).toEqual([9]);
    expect(dep(back, 10).rework).toBe(true);
  });
});

describe('source: deployments', () => {
  it('environment regex, default ^(production|prod|live)$, case-insensitive', () => {
    const [b, root] = start();
    const envs = ['production', 'Production', 'PROD', 'live', 'production-eu', 'staging', 'prod2'];
    envs.forEach((environment, i) => b.deploy(root, day(40, i), { environment }));
    const ds = b.build();
    expect(run(ds, { 'deployment-source': 'deployments' }).metrics.deploymentFrequency.deployments).toBe(4);
    expect(run(ds, { 'deployment-source': 'deployments', environment: '^Production-EU$' }).metrics.deploymentFrequency.deployments).toBe(1);
    // a given regex is used as is (unanchored): production, Production, PROD, production-eu, prod2
    expect(run(ds, { 'deployment-source': 'deployments', environment: 'prod' }).metrics.deploymentFrequency.deployments).toBe(5);
  });

  it('the latest status, inactive aside, must be success; its time is that status; statuses at or after until are unknown', () => {
    const [b, root] = start();
    const d1 = b.deployment({
      sha: root,
      statuses: [
        ['in_progress', day(31)],
        ['success', day(31, 0, 1)],
        ['inactive', day(40)],
      ],
    });
    const d2 = b.deployment({
      sha: root,
      statuses: [
        ['success', day(32)],
        ['failure', day(32, 1)],
      ],
    });
    const d3 = b.deployment({
      sha: root,
      statuses: [
        ['failure', day(33)],
        ['success', day(33, 1)],
      ],
    });
    const d4 = b.deployment({ sha: root, statuses: [['in_progress', day(34)]] });
    const d5 = b.deployment({
      sha: root,
      statuses: [
        ['in_progress', day(59)],
        ['success', U],
      ],
    }); // success not known yet
    const d6 = b.deployment({
      sha: root,
      statuses: [
        ['success', day(50)],
        ['failure', day(60, 1)],
      ],
    }); // failure not known yet
    const d7 = b.deployment({
      sha: root,
      statuses: [
        ['success', day(51)],
        ['failure', U],
      ],
    });
    const d8 = b.deployment({
      sha: root,
      statuses: [
        ['queued', day(20)],
        ['success', day(45)],
      ],
    }); // a late status
    const d9 = b.deployment({
      sha: root,
      statuses: [
        ['success', day(46)],
        ['inactive', day(47)],
        ['inactive', day(48)],
      ],
    });
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(r.deployments.map((d) => [d.id, d.time])).toEqual([
      [d1, day(31, 0, 1)],
      [d3, day(33, 1)],
      [d8, day(45)],
      [d9, day(46)],
      [d6, day(50)],
      [d7, day(51)],
    ]);
    for (const id of [d2, d4, d5]) expect(r.deployments.find((d) => d.id === id)).toBeUndefined();
  });
});

describe('source: releases and tags', () => {
  it('published, not draft; prereleases only when asked; at publication; the commit its tag points to', () => {
    const [b, root] = start();
    const c1 = b.commit({ parents: [root], at: day(20) });
    const c2 = b.commit({ parents: [c1], at: day(21) });
    b.branch('main', c2);
    const r1 = b.release({ sha: c1, publishedAt: day(31) });
    b.release({ sha: c1, publishedAt: null, draft: true });
    const pre = b.release({ sha: c1, publishedAt: day(33), prerelease: true });
    b.release({ sha: c1, publishedAt: U });
    const old = b.release({ sha: root, publishedAt: day(10) });
    const viaTag = b.release({ sha: 'main', publishedAt: day(34), tagName: 'v9' });
    b.tag({ name: 'v9', sha: c2 });
    const ds = b.build();
    const r = run(ds, { 'deployment-source': 'releases' });
    expect(r.deployments.map((d) => d.id)).toEqual([old, r1, viaTag]);
    expect(dep(r, viaTag).sha).toBe(c2);
    expect(dep(r, r1).time).toBe(day(31));
    expect(r.metrics.deploymentFrequency.deployments).toBe(2);
    expect(r.previous.deploymentFrequency.deployments).toBe(1);
    for (const v of [true, 'true']) {
      const withPre = run(ds, { 'deployment-source': 'releases', 'include-prereleases': v });
      expect(withPre.deployments.map((d) => d.id)).toEqual([old, r1, pre, viaTag]);
    }
  });

  it('tags: glob pattern; annotated at the tagger date, lightweight at the commit’s committed date; ties by name', () => {
    const [b, root] = start();
    const c1 = b.commit({ parents: [root], at: day(30), committedAt: day(31) });
    const c2 = b.commit({ parents: [c1], at: day(39) });
    const c3 = b.commit({ parents: [c2], at: day(41) });
    b.branch('main', c3);
    b.tag({ name: 'v1.0', sha: c1 }); // lightweight: day 31
    b.tag({ name: 'v1.1', sha: c2, taggerDate: day(45) });
    b.tag({ name: 'release-1', sha: c3 });
    b.tag({ name: 'release-10', sha: c3 });
    b.tag({ name: 'av1', sha: c3 });
    b.tag({ name: 'v2', sha: c3, taggerDate: U }); // at end: unknown
    const r = run(b.build(), { 'deployment-source': 'tags' });
    expect(r.deployments.map((d) => [d.id, d.time])).toEqual([
      ['v1.0', day(31)],
      ['v1.1', day(45)],
    ]);
    const q = run(b.build(), { 'deployment-source': 'tags', 'tag-pattern': 'release-?' });
    expect(q.deployments.map((d) => d.id)).toEqual(['release-1']);
    expect(globToRegExp('v*.*').test('v1.2')).toBe(true);
    expect(globToRegExp('v*.*').test('xv1.2')).toBe(false);

    // same time: "a" before "b"; "b" deploys the parent of what "a" deployed: a rollback of "a"
    const [t, r0] = start();
    const p = t.commit({ parents: [r0], at: day(40) });
    const ch = t.commit({ parents: [p], at: day(41) });
    t.branch('main', ch);
    t.tag({ name: 'b', sha: p, taggerDate: day(45) });
    t.tag({ name: 'a', sha: ch, taggerDate: day(45) });
    const tie = run(t.build(), { 'deployment-source': 'tags', 'tag-pattern': '?' });
    expect(tie.deployments.map((d) => d.id)).toEqual(['a', 'b']);
    expect(tie.failures.map((f) => f.deployment)).toEqual(['a']);
  });
});

describe('source: merges and auto', () => {
  it('merges: pull requests merged into the production branch, at merged_at, their merge commit', () => {
    const [b, root] = start();
    const a = b.mergePr({ onto: root, authored: [day(30)], createdAt: day(30), mergedAt: day(31) });
    const x = b.mergePr({ onto: a.merge, authored: [day(31)], createdAt: day(31), mergedAt: day(32) });
    b.branch('main', x.merge);
    b.mergePr({ onto: root, authored: [day(31)], createdAt: day(31), mergedAt: day(33), base: 'develop' });
    b.pr({ createdAt: day(34), closedAt: day(35) }); // closed unmerged
    const r = run(b.build(), { 'deployment-source': 'merges' });
    expect(r.source).toBe('merges');
    expect(r.deployments.map((d) => [d.id, d.sha, d.time])).toEqual([
      [a.number, a.merge, day(31)],
      [x.number, x.merge, day(32)],
    ]);
  });

  it('auto: deployments, workflow, releases, tags, merges: the first with a deployment in either window', () => {
    const [b, root] = start();
    b.mergePr({ onto: root, authored: [day(40)], createdAt: day(40), mergedAt: day(41) });
    expect(run(b.build()).source).toBe('merges'); // nothing else
    b.tag({ name: 'v1', sha: root, taggerDate: day(20) });
    expect(run(b.build()).source).toBe('tags');
    b.release({ sha: root, publishedAt: day(25) });
    expect(run(b.build()).source).toBe('releases');
    b.run({ sha: root, at: day(45) });
    expect(run(b.build()).source).toBe('workflow');
    b.deploy(root, day(-1)); // before the previous window: does not choose
    expect(run(b.build()).source).toBe('workflow');
    b.deploy(root, day(1));
    expect(run(b.build()).source).toBe('deployments');
    // auto with the workflow heuristic: a run of a non-deploy workflow does not choose it
    const [c, r0] = start();
    c.workflow(200, '.github/workflows/ci.yml');
    c.run({ sha: r0, at: day(45), workflowId: 200 });
    expect(run(c.build()).source).toBe('merges');
  });

  it('deployment frequency has no tier when the configuration is likely wrong', () => {
    const [b, root] = start();
    b.run({ sha: root, at: day(45) }); // the workflow source has deployments
    const wrong = run(b.build(), { 'deployment-source': 'releases' });
    expect(wrong.metrics.deploymentFrequency).toMatchObject({ deployments: 0, tier: null });
    expect(wrong.previous.deploymentFrequency.tier).toBeNull();
    expect(wrong.metrics.overallTier).toBeNull();

    // deployments to an environment `environment` does not match
    const [c, r0] = start();
    c.deploy(r0, day(45), { environment: 'prod-eu' });
    expect(run(c.build(), { 'deployment-source': 'deployments' }).metrics.deploymentFrequency.tier).toBeNull();
    // ... only successful ones
    const [e, r1] = start();
    e.deployment({ sha: r1, statuses: [['failure', day(45)]], environment: 'prod-eu' });
    expect(run(e.build(), { 'deployment-source': 'deployments' }).metrics.deploymentFrequency.tier).toBe('low');

    // merges do not count as "another source"; nor does a deployment outside both windows
    const [m, r2] = start();
    m.mergePr({ onto: r2, authored: [day(40)], createdAt: day(40), mergedAt: day(41) });
    m.release({ sha: r2, publishedAt: day(-1) });
    const low = run(m.build(), { 'deployment-source': 'workflow' });
    expect(low.metrics.deploymentFrequency).toMatchObject({ deployments: 0, tier: 'low' });
    expect(low.metrics.overallTier).toBe('low');
  });
});

describe('baselines', () => {
  it('the first deployment ever has none: its changes are unmeasured', () => {
    const [b, root] = start();
    const c1 = b.commit({ parents: [root], at: day(35) });
    const d1 = b.deploy(c1, day(36));
    const c2 = b.commit({ parents: [c1], at: day(40) });
    b.branch('main', c2);
    const d2 = b.deploy(c2, day(41));
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(dep(r, d1).baseline).toBeNull();
    expect(dep(r, d2).baseline).toBe(d1);
    expect(r.metrics.leadTime).toMatchObject({ changes: 1, medianSeconds: D, unmeasured: 2 });
  });

  it('after a rewritten history, the first deployment on the new history has no baseline', () => {
    const [b, root] = start();
    const old = b.commit({ parents: [root], at: day(30) });
    const d0 = b.deploy(old, day(31));
    const n1 = b.commit({ at: day(32) }); // a new root: force-pushed history
    const n2 = b.commit({ parents: [n1], at: day(33) });
    const d1 = b.deploy(n2, day(34));
    const n3 = b.commit({ parents: [n2], at: day(35) });
    b.branch('main', n3);
    const d2 = b.deploy(n3, day(36));
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(dep(r, d1).baseline).toBeNull();
    expect(dep(r, d2).baseline).toBe(d1);
    expect(r.changes.map((c) => c.sha).sort()).toEqual([n1, n2, n3].sort()); // old history is no change
    expect([pushChange(r, n1).status, pushChange(r, n2).status, pushChange(r, n3).status]).toEqual([
      'unmeasured',
      'unmeasured',
      'measured',
    ]);
    expect(dep(r, d0).window).toBe('current');
  });

  it('the first production-branch deployment has a baseline when an earlier one ran a branch forked from production', () => {
    const [b, root] = start();
    const f1 = b.commit({ parents: [root], at: day(31) });
    b.branch('feature/x', f1);
    const df = b.deploy(f1, day(32), { ref: 'feature/x' });
    const c1 = b.commit({ parents: [root], at: day(33) });
    b.branch('main', c1);
    const dm = b.deploy(c1, day(34));
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(dep(r, dm).baseline).toBe(df);
    expect(pushChange(r, c1)).toMatchObject({ status: 'measured', leadSeconds: D });
    expect(pushChange(r, root)).toMatchObject({ status: 'unmeasured', deployment: df }); // shipped by the feature deployment
    expect(r.changes.find((c) => c.sha === f1)).toBeUndefined(); // not on the production branch
  });
});

describe('changes and lead time', () => {
  it('a PR starts at its own commits’ earliest authored date, not its merge commit’s (clock skew)', () => {
    const [b, root] = start();
    b.deploy(root, day(31));
    const pr = b.mergePr({
      onto: root,
      authored: [day(34, 12), day(34, 13)],
      createdAt: day(34, 14),
      mergedAt: day(35),
      mergeAuthoredAt: day(30), // a skewed clock where it was merged
    });
    b.branch('main', pr.merge);
    b.deploy(pr.merge, day(36));
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(prChange(r, pr.number)).toMatchObject({ start: day(34, 12), end: day(36), leadSeconds: 1.5 * D, status: 'measured' });
    // its own commits and merge commit are not direct pushes
    expect(r.changes.filter((c) => c.kind === 'push').map((c) => c.sha)).toEqual([root]);
  });

  it('rebase copies GitHub associates count; the merge commit only when no commit is known', () => {
    const [b, root] = start();
    b.deploy(root, day(31));
    const n = b.nextNumber();
    const copy1 = b.commit({ parents: [root], at: day(36), authoredAt: day(32), pullRequests: [n] });
    const copy2 = b.commit({ parents: [copy1], at: day(36), authoredAt: day(33), pullRequests: [n] });
    b.pr({ number: n, createdAt: day(33, 1), mergedAt: day(36), mergeCommitSha: copy2, commits: ['f'.repeat(40)] });
    const squash = b.commit({ parents: [copy2], at: day(37), authoredAt: day(35) });
    const m = b.pr({ createdAt: day(35, 1), mergedAt: day(37), mergeCommitSha: squash, commits: ['e'.repeat(40)] });
    b.branch('main', squash);
    b.deploy(squash, day(38));
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(prChange(r, n).start).toBe(day(32));
    expect(prChange(r, m).start).toBe(day(35)); // own commit unknown: the squash commit's authored date
    expect(r.changes.filter((c) => c.kind === 'push').map((c) => c.sha)).toEqual([root]);
    expect(r.metrics.leadTime.changes).toBe(2);
  });

  it('direct pushes are changes, authored by their commit’s author; exclude-authors is case-insensitive', () => {
    const [b, root] = start();
    b.deploy(root, day(31));
    const p1 = b.commit({ parents: [root], at: day(32), author: 'Bob' });
    const pr = b.mergePr({ onto: p1, authored: [day(33)], createdAt: day(33), mergedAt: day(34), author: 'alice' });
    b.branch('main', pr.merge);
    b.deploy(pr.merge, day(35));
    const all = run(b.build(), { 'deployment-source': 'deployments' });
    expect(pushChange(all, p1)).toMatchObject({ author: 'Bob', leadSeconds: 3 * D, status: 'measured' });
    expect(all.metrics.leadTime).toMatchObject({ changes: 2, excluded: 0 });
    const noBob = run(b.build(), { 'deployment-source': 'deployments', 'exclude-authors': 'carol, bob' });
    expect(pushChange(noBob, p1).status).toBe('excluded');
    expect(noBob.metrics.leadTime).toMatchObject({ changes: 1, excluded: 1, medianSeconds: 2 * D });
    const noAlice = run(b.build(), { 'deployment-source': 'deployments', 'exclude-authors': 'ALICE' });
    expect(prChange(noAlice, pr.number).status).toBe('excluded');
  });

  it('a change merged into another branch first counts once it reaches production through a later merge', () => {
    const [b, root] = start();
    b.deploy(root, day(31));
    const inner = b.mergePr({ onto: root, authored: [day(32)], createdAt: day(32, 1), mergedAt: day(33), base: 'develop' });
    b.branch('develop', inner.merge);
    const later = b.commit({ parents: [inner.merge], at: day(34) });
    const n = b.nextNumber();
    const outer = b.commit({ parents: [root, later], at: day(35), message: `Merge pull request #${n} from acme/develop` });
    b.pr({
      number: n,
      base: 'main',
      head: 'develop',
      createdAt: day(34, 1),
      mergedAt: day(35),
      mergeCommitSha: outer,
      commits: [...inner.commits, inner.merge, later],
    });
    b.branch('main', outer);
    const d = b.deploy(outer, day(36));
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(prChange(r, inner.number)).toMatchObject({ deployment: d, leadSeconds: 4 * D, status: 'measured' });
    expect(prChange(r, n)).toMatchObject({ deployment: d, leadSeconds: 4 * D });
    expect(r.metrics.leadTime.changes).toBe(2);
  });

  it('a deployment of another branch that contains a production change is that change’s first deployment', () => {
    const [b, root] = start();
    b.deploy(root, day(31));
    const pr = b.mergePr({ onto: root, authored: [day(32)], createdAt: day(32), mergedAt: day(33) });
    b.branch('main', pr.merge);
    const f1 = b.commit({ parents: [pr.merge], at: day(34) });
    b.branch('feature/y', f1);
    const df = b.deploy(f1, day(35), { ref: 'feature/y' });
    b.deploy(pr.merge, day(36));
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(prChange(r, pr.number)).toMatchObject({ deployment: df, leadSeconds: 3 * D });
    expect(r.changes.find((c) => c.sha === f1)).toBeUndefined();
  });

  it('unmeasured comes before excluded, which comes before skipped', () => {
    const [b, root] = start();
    const s0 = b.commit({ parents: [root], at: day(33), author: 'bot' }); // authored after its deployment
    b.deploy(s0, day(32)); // first ever: no baseline
    const s1 = b.commit({ parents: [s0], at: day(50), author: 'bot' }); // excluded and negative
    const s2 = b.commit({ parents: [s1], at: day(50), author: 'carol' }); // negative: skipped
    const s3 = b.commit({ parents: [s2], at: day(39), author: 'carol' }); // measured
    b.branch('main', s3);
    b.deploy(s3, day(41));
    const r = run(b.build(), { 'deployment-source': 'deployments', 'exclude-authors': 'BOT,alice' });
    expect([root, s0, s1, s2, s3].map((s) => pushChange(r, s).status)).toEqual([
      'unmeasured', // root: authored by alice, excluded, but shipped without a baseline
      'unmeasured', // excluded author, negative lead, no baseline
      'excluded',
      'skipped',
      'measured',
    ]);
    expect(r.metrics.leadTime).toMatchObject({ changes: 1, unmeasured: 2, excluded: 1, skipped: 1, medianSeconds: 2 * D });
  });
});

describe('failures', () => {
  it('hotfix: the last deployment completed at or before the hotfix PR was opened; labels case-insensitive', () => {
    const [b, root] = start();
    const d0 = b.deploy(root, day(31));
    const a = b.mergePr({ onto: root, authored: [day(32)], createdAt: day(32), mergedAt: day(32, 1) });
    const d1 = b.deploy(a.merge, day(33));
    const h = b.mergePr({ onto: a.merge, authored: [day(33)], createdAt: day(33), mergedAt: day(33, 4), labels: ['HotFix'] });
    b.branch('main', h.merge);
    const d2 = b.deploy(h.merge, day(33, 5));
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(r.failures).toEqual([
      { kind: 'deployment', deployment: d1, window: 'current', signals: ['hotfix'], remediationTime: day(33, 5), recoverySeconds: 5 * H },
    ]);
    expect(dep(r, d2).rework).toBe(true);
    expect(dep(r, d0).failed).toBe(false);
    expect(r.metrics.changeFailureRate).toMatchObject({ deployments: 3, failedDeployments: 1, rate: 1 / 3 });
    expect(r.metrics.reworkRate).toEqual({ deployments: 3, reworkDeployments: 1, rate: 1 / 3 });
    expect(r.metrics.failedDeploymentRecoveryTime).toMatchObject({ recoveries: 1, medianSeconds: 5 * H, tier: 'high' });
    const other = run(b.build(), { 'deployment-source': 'deployments', 'hotfix-labels': 'urgent' });
    expect(other.failures).toEqual([]);
    expect(other.metrics.reworkRate.reworkDeployments).toBe(0);
  });

  it('revert: the PR named by a revert-<N>- head branch', () => {
    const [b, root] = start();
    b.deploy(root, day(31));
    const a = b.mergePr({ onto: root, authored: [day(31)], createdAt: day(31), mergedAt: day(32) });
    const d1 = b.deploy(a.merge, day(33));
    const x = b.mergePr({ onto: a.merge, authored: [day(33)], createdAt: day(33), mergedAt: day(33, 6) });
    const d2 = b.deploy(x.merge, day(33, 12));
    const rv = b.mergePr({
      onto: x.merge,
      authored: [day(34)],
      createdAt: day(34),
      mergedAt: day(34, 1),
      title: 'Undo A',
      head: `revert-${a.number}-feature/a`,
    });
    b.branch('main', rv.merge);
    const d3 = b.deploy(rv.merge, day(35));
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(r.failures.map((f) => [f.deployment, f.signals, f.recoverySeconds])).toEqual([[d1, ['revert'], 2 * D]]);
    expect(dep(r, d2).failed).toBe(false); // the hotfix-like fallback would have named d2
    expect(dep(r, d3).rework).toBe(true);
  });

  it('revert: a title alone names no target: as for hotfix, the last deployment at or before the PR was opened', () => {
    const [b, root] = start();
    b.deploy(root, day(31));
    const a = b.mergePr({ onto: root, authored: [day(31)], createdAt: day(31), mergedAt: day(32) });
    b.deploy(a.merge, day(33));
    const x = b.mergePr({ onto: a.merge, authored: [day(33)], createdAt: day(33), mergedAt: day(33, 6) });
    const d2 = b.deploy(x.merge, day(33, 12));
    const rv = b.mergePr({ onto: x.merge, authored: [day(34)], createdAt: day(34), mergedAt: day(34, 1), title: 'Revert "Add A"' });
    b.branch('main', rv.merge);
    const d3 = b.deploy(rv.merge, day(35));
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(r.failures.map((f) => f.deployment)).toEqual([d2]);
    expect(dep(r, d3).rework).toBe(true);
  });

  describe('revert: `This reverts commit <sha>`, full or abbreviated to 7+ hex digits matching exactly one commit', () => {
    const build = (ref: (x: string) => string): { ds: any; d1: number; d1b: number; d3: number } => {
      const [b, root] = start();
      b.deploy(root, day(31));
      const x = b.commit({ parents: [root], at: day(32), sha: `abcdef1${'0'.repeat(33)}` });
      b.commit({ parents: [root], at: day(32), sha: `abcdef2${'0'.repeat(33)}` }); // shares 6 digits
      b.commit({ parents: [root], at: day(10), sha: `1234567${'0'.repeat(33)}` }); // ...
      b.commit({ parents: [root], at: day(10), sha: `1234567${'1'.repeat(33)}` }); // two commits share "1234567"
      const d1 = b.deploy(x, day(33));
      const w = b.commit({ parents: [x], at: day(33, 2) });
      const d1b = b.deploy(w, day(33, 12));
      const y = b.commit({ parents: [w], at: day(34), message: `Revert "X"\n\nThis reverts commit ${ref(x)}.` });
      b.branch('main', y);
      const d3 = b.deploy(y, day(35));
      return { ds: b.build(), d1, d1b, d3 };
    };
    it.each([
      ['the full SHA', (x: string) => x],
      ['7 digits', (x: string) => x.slice(0, 7)],
      ['8 digits', (x: string) => x.slice(0, 8)],
      ['upper case', (x: string) => x.slice(0, 10).toUpperCase()],
    ])('%s: the deployment that first shipped the commit failed', (_, ref) => {
      const { ds, d1, d3 } = build(ref);
      const r = run(ds, { 'deployment-source': 'deployments' });
      expect(r.failures.map((f) => [f.deployment, f.recoverySeconds])).toEqual([[d1, 2 * D]]);
      expect(dep(r, d3).rework).toBe(true);
    });
    it('a prefix matching two commits names none: the hotfix-like fallback (a pushed revert is "opened" when authored)', () => {
      const { ds, d1b } = build(() => '1234567');
      const r = run(ds, { 'deployment-source': 'deployments' });
      expect(r.failures.map((f) => f.deployment)).toEqual([d1b]);
    });
  });

  it('a PR reverting a commit it also ships: no failure, but the deployment is rework', () => {
    const [b, root] = start();
    const d0 = b.deploy(root, day(31));
    const n = b.nextNumber();
    const x = b.commit({ parents: [root], at: day(32), message: 'Add X' });
    const y = b.commit({ parents: [x], at: day(32, 1), message: `Revert "Add X"\n\nThis reverts commit ${x}.` });
    const m = b.commit({ parents: [root, y], at: day(33) });
    b.pr({ number: n, title: 'Try X', createdAt: day(32), mergedAt: day(33), mergeCommitSha: m, commits: [x, y] });
    b.branch('main', m);
    const d1 = b.deploy(m, day(34));
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(r.failures).toEqual([]);
    expect(dep(r, d0).failed).toBe(false);
    expect(dep(r, d1).rework).toBe(true);
    expect(r.metrics.reworkRate.reworkDeployments).toBe(1);
  });

  it('a revert PR shipped in the same deployment as the PR it reverts: no failure, still rework', () => {
    const [b, root] = start();
    b.deploy(root, day(31));
    const a = b.mergePr({ onto: root, authored: [day(31)], createdAt: day(31), mergedAt: day(32) });
    const rv = b.mergePr({ onto: a.merge, authored: [day(32)], createdAt: day(32), mergedAt: day(32, 2), head: `revert-${a.number}-x` });
    b.branch('main', rv.merge);
    const d1 = b.deploy(rv.merge, day(33));
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(r.failures).toEqual([]);
    expect(dep(r, d1).rework).toBe(true);
  });

  it('revert targets are resolved over the whole history: one shipped before both windows counts in neither', () => {
    const [b, root] = start();
    b.deploy(root, day(-50));
    const x = b.commit({ parents: [root], at: day(-45) });
    const dOld = b.deploy(x, day(-40));
    const c = b.commit({ parents: [x], at: day(20) });
    b.deploy(c, day(21));
    const y = b.commit({ parents: [c], at: day(39), message: `This reverts commit ${x}` });
    b.branch('main', y);
    const d = b.deploy(y, day(40));
    const r = run(b.build(), { 'deployment-source': 'deployments' });
    expect(failure(r, dOld)).toMatchObject({ window: null, recoverySeconds: 80 * D });
    expect(r.metrics.changeFailureRate.failedDeployments).toBe(0);
    expect(r.previous.changeFailureRate.failedDeployments).toBe(0);
    expect(r.metrics.failedDeploymentRecoveryTime.recoveries).toBe(0);
    expect(dep(r, d).rework).toBe(true);
    expect(r.metrics.reworkRate).toEqual({ deployments: 1, reworkDeployments: 1, rate: 1 });
  });

  it('rollback: a proper ancestor of the commit of the deployment just before; a redeploy is none', () => {
    const [b, root] = start();
    const [c1, c2, c3] = b.chain(root, 3, day(30)) as [string, string, string];
    b.branch('main', c3);
    const d1 = b.deploy(c1, day(31));
    const d2 = b.deploy(c2, day(32));
    const d3 = b.deploy(c1, day(33)); // rollback of d2
    const d4 = b.deploy(c1, day(34)); // redeploy
    const d5 = b.deploy(root, day(35)); // rollback of d4 (and so of d3's commit)
    b.deploy(c3, day(36));
    const r = run(b.build(), { 'deployment-source': 'deployments', 'failure-signals': 'rollback' });
    expect(r.failures.map((f) => [f.deployment, f.recoverySeconds])).toEqual([
      [d2, D],
      [d4, D],
    ]);
    expect(r.deployments.filter((d) => d.rework).map((d) => d.id)).toEqual([d3, d5]);
    expect(dep(r, d1).failed).toBe(false);
    expect(r.metrics.reworkRate).toEqual({ deployments: 6, reworkDeployments: 2, rate: 2 / 6 });
  });

  it('incident: last deployment at or before the opening within incident-window hours; else unattributed', () => {
    const [b, root] = start();
    const d1 = b.deploy(root, day(31));
    const d2 = b.deploy(root, day(40));
    const d3 = b.deploy(root, day(49));
    b.issue({ createdAt: day(40, 71), closedAt: day(44), labels: ['Incident'] }); // d2, recovered after 4 days
    b.issue({ createdAt: day(31, 73), closedAt: day(35) }); // 73 h after d1: unattributed
    b.issue({ createdAt: day(50), closedAt: U }); // d3, closed at end: unrecovered
    b.issue({ createdAt: day(45), labels: ['bug'] });
    b.issue({ createdAt: U });
    const r = run(b.build(), { 'deployment-source': 'deployments', 'failure-signals': 'incident' });
    expect(r.failures.map((f) => [f.deployment, f.recoverySeconds])).toEqual([
      [d2, 4 * D],
      [d3, null],
    ]);
    expect(dep(r, d1).failed).toBe(false);
    expect(r.metrics.changeFailureRate).toEqual({
      deployments: 3,
      failedDeployments: 2,
      rate: 2 / 3,
      tier: 'low',
      failedRuns: 0,
      unattributedIncidents: 1,
    });
    expect(r.metrics.failedDeploymentRecoveryTime).toMatchObject({ recoveries: 1, unrecovered: 1, medianSeconds: 4 * D });
    expect(r.metrics.reworkRate.reworkDeployments).toBe(0); // an incident closes no deployment
    const wide = run(b.build(), { 'deployment-source': 'deployments', 'failure-signals': 'incident', 'incident-window': 80 });
    expect(failure(wide, d1)?.recoverySeconds).toBe(4 * D);
    const sev = run(b.build(), { 'deployment-source': 'deployments', 'failure-signals': 'incident', 'incident-labels': 'sev1' });
    expect(sev.failures).toEqual([]);
    // without the incident signal the field is absent
    expect('unattributedIncidents' in run(b.build(), { 'deployment-source': 'deployments' }).metrics.changeFailureRate).toBe(false);
  });

  it('failed-run: counts in both terms of the rate; consecutive failed runs are one outage', () => {
    const [b, root] = start();
    b.run({ sha: root, at: day(31) });
    const f1 = b.run({ sha: root, at: day(32), conclusion: 'failure' });
    const f2 = b.run({ sha: root, at: day(33), conclusion: 'failure' });
    b.run({ sha: root, at: day(34) });
    const f3 = b.run({ sha: root, at: day(40), conclusion: 'failure' });
    b.run({ sha: root, at: day(41), conclusion: 'failure', event: 'pull_request' });
    b.run({ sha: root, at: day(41), conclusion: 'cancelled' });
    b.run({ sha: root, at: day(41), conclusion: 'skipped' });
    const ds = b.build();
    for (const source of ['workflow', 'auto']) {
      const r = run(ds, { 'deployment-source': source, 'failure-signals': 'failed-run' });
      expect(r.source).toBe('workflow');
      expect(r.metrics.deploymentFrequency.deployments).toBe(2);
      expect(r.metrics.changeFailureRate).toMatchObject({ deployments: 5, failedDeployments: 3, rate: 0.6, failedRuns: 3 });
      expect(r.metrics.failedDeploymentRecoveryTime).toMatchObject({ recoveries: 1, medianSeconds: 2 * D, unrecovered: 1 });
      expect(r.failures.map((f) => f.runs)).toEqual([[f1, f2], [f3]]);
      expect(r.metrics.reworkRate.reworkDeployments).toBe(0);
    }
    const [c, r0] = start();
    c.deploy(r0, day(31));
    c.run({ sha: r0, at: day(32), conclusion: 'failure' });
    const other = run(c.build(), { 'deployment-source': 'deployments', 'failure-signals': 'failed-run' });
    expect(other.metrics.changeFailureRate).toMatchObject({ deployments: 1, failedDeployments: 0, failedRuns: 0 });
  });

  it('a deployment fails at most once; its remediation is the earliest', () => {
    const [b, root] = start();
    const [c1, c2] = b.chain(root, 2, day(30)) as [string, string];
    b.branch('main', c2);
    b.deploy(c1, day(31));
    const d2 = b.deploy(c2, day(32));
    b.issue({ createdAt: day(32, 1), closedAt: day(33) });
    b.deploy(c1, day(34)); // rollback of d2
    const r = run(b.build(), { 'deployment-source': 'deployments', 'failure-signals': 'rollback,incident' });
    expect(r.failures).toEqual([
      {
        kind: 'deployment',
        deployment: d2,
        window: 'current',
        signals: ['incident', 'rollback'],
        remediationTime: day(33),
        recoverySeconds: D,
      },
    ]);
    expect(r.metrics.changeFailureRate.failedDeployments).toBe(1);
    expect(r.metrics.failedDeploymentRecoveryTime.recoveries).toBe(1);
  });

  it('a failure is attributed to its deployment’s window, judged with everything known at end', () => {
    const [b, root] = start();
    const [c1, c2] = b.chain(root, 2, day(1)) as [string, string];
    b.branch('main', c2);
    b.deploy(c1, day(20));
    const d2 = b.deploy(c2, day(29));
    b.deploy(c1, day(31)); // rollback in the current window of a previous-window deployment
    const r = run(b.build(), { 'deployment-source': 'deployments', 'failure-signals': 'rollback' });
    expect(failure(r, d2)).toMatchObject({ window: 'previous', recoverySeconds: 2 * D });
    expect(r.previous.changeFailureRate).toMatchObject({ deployments: 2, failedDeployments: 1, rate: 0.5 });
    expect(r.previous.failedDeploymentRecoveryTime).toMatchObject({ recoveries: 1, unrecovered: 0 });
    expect(r.previous.reworkRate.reworkDeployments).toBe(0);
    expect(r.metrics.changeFailureRate.failedDeployments).toBe(0);
    expect(r.metrics.reworkRate).toEqual({ deployments: 1, reworkDeployments: 1, rate: 1 });
  });
});

describe('a large history', () => {
  // No stopwatch (a test that reads the clock flakes on a loaded machine): vitest's own time limit
  // is what bounds it, and the numbers are what it asserts.
  it('100 days, ~1,000 deployments and ~5,000 commits', { timeout: 60_000 }, () => {
    const b = new Builder(day(100));
    let tip = b.commit({ at: day(-1) });
    for (let i = 0; i < 1000; i++) {
      const t = i / 10;
      if (i % 2 === 0) {
        const pr = b.mergePr({
          onto: tip,
          authored: [day(t), day(t, 0, 10), day(t, 0, 20)],
          createdAt: day(t, 0, 30),
          mergedAt: day(t, 1),
        });
        tip = pr.merge;
      } else {
        tip = b.chain(tip, 4, day(t))[3]!;
      }
      b.run({ sha: tip, at: day(t, 2) });
      b.deploy(tip, day(t, 2));
    }
    b.branch('main', tip);
    const ds = b.build();
    expect(ds.commits.length).toBeGreaterThan(4000);
    const r = oracle(ds, {
      until: day(100),
      days: 50,
      'deployment-source': 'workflow',
      'failure-signals': 'hotfix,revert,rollback,failed-run',
    });
    const r2 = oracle(ds, { until: day(100), days: 50, 'deployment-source': 'deployments' });
    expect(r.metrics.deploymentFrequency.deployments + r.previous.deploymentFrequency.deployments).toBe(1000);
    expect(r2.metrics.leadTime.changes + r2.previous.leadTime.changes).toBeGreaterThan(1500);
  });
});

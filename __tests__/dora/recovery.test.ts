import { describe, expect, it } from 'vitest';
import type { Failure } from '../../src/dora/model.js';
import { failedDeploymentRecoveryTimeOf } from '../../src/dora/recovery.js';

function failure(id: string, recoverySeconds: number | null, window: Failure['window'] = 'current'): Failure {
  return {
    failedId: id,
    failedAt: 0,
    kind: 'deployment',
    window,
    signal: 'hotfix',
    remediationId: recoverySeconds === null ? null : `r${id}`,
    remediatedAt: recoverySeconds === null ? null : recoverySeconds * 1000,
    recoverySeconds,
    reason: 'test',
  };
}

describe('failed deployment recovery time', () => {
  it("reports median, p90, p95 and mean of the window's recoveries, with the median's tier", () => {
    const failures = [failure('1', 600), failure('2', 1200), failure('3', 7200), failure('4', 99, 'previous')];
    expect(failedDeploymentRecoveryTimeOf(failures, 'current', 2023)).toEqual({
      recoveries: 3,
      medianSeconds: 1200,
      p90Seconds: 6000,
      p95Seconds: expect.closeTo(6600, 6),
      meanSeconds: 3000,
      unrecovered: 0,
      tier: 'elite',
      reason: null,
    });
  });

  it('failures unrecovered at end are reported apart and left out of the statistics', () => {
    const result = failedDeploymentRecoveryTimeOf([failure('1', 7200), failure('2', null)], 'current', 2023);
    expect(result).toMatchObject({ recoveries: 1, medianSeconds: 7200, unrecovered: 1, tier: 'high' });
  });

  it('no failures: null statistics with a reason', () => {
    expect(failedDeploymentRecoveryTimeOf([], 'current', 2023)).toEqual({
      recoveries: 0,
      medianSeconds: null,
      p90Seconds: null,
      p95Seconds: null,
      meanSeconds: null,
      unrecovered: 0,
      tier: null,
      reason: 'no failed deployments in the window',
    });
  });

  it('only unrecovered failures: null statistics, and the reason says how many', () => {
    const result = failedDeploymentRecoveryTimeOf([failure('1', null), failure('2', null)], 'current', 2023);
    expect(result).toMatchObject({ recoveries: 0, unrecovered: 2, medianSeconds: null, tier: null });
    expect(result.reason).toContain('2 unrecovered');
  });
});

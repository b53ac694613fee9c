import { describe, expect, it } from 'vitest';
import type { CountedDeployment, FailureSignal } from '../../src/dora/model.js';
import { reworkRateOf } from '../../src/dora/rework.js';
import { deployment, onDay } from './records.js';

function counted(id: number, remediates: FailureSignal[], window: CountedDeployment['window'] = 'current'): CountedDeployment {
  return { deployment: deployment(id, onDay(20 + id), 'a'), window, baselineId: null, changes: 0, remediates, failed: false };
}

describe('deployment rework rate', () => {
  it('rework deployments are the remediating deployments (hotfix, revert, rollback) in the window', () => {
    const deployments = [
      counted(1, []),
      counted(2, ['hotfix']),
      counted(3, ['revert', 'rollback']),
      counted(4, []),
      counted(5, ['hotfix'], 'previous'),
    ];
    expect(reworkRateOf(deployments, 'current')).toEqual({ deployments: 4, reworkDeployments: 2, rate: 0.5, reason: null });
    expect(reworkRateOf(deployments, 'previous')).toEqual({ deployments: 1, reworkDeployments: 1, rate: 1, reason: null });
  });

  it('no deployments: the rate is null with a reason', () => {
    expect(reworkRateOf([], 'current')).toEqual({
      deployments: 0,
      reworkDeployments: 0,
      rate: null,
      reason: 'no deployments in the window',
    });
  });
});

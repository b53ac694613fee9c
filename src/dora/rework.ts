/**
 * Deployment rework rate (docs/metrics.md "Deployment rework rate"): the share of the window's
 * deployments that remediate production (hotfix, revert or rollback).
 */
import type { CountedDeployment, ReworkRate, WindowName } from './model.js';

export function reworkRateOf(deployments: readonly CountedDeployment[], window: WindowName): ReworkRate {
  const inWindow = deployments.filter((d) => d.window === window);
  const reworkDeployments = inWindow.filter((d) => d.remediates.length > 0).length;
  return {
    deployments: inWindow.length,
    reworkDeployments,
    rate: inWindow.length === 0 ? null : reworkDeployments / inWindow.length,
    reason: inWindow.length === 0 ? 'no deployments in the window' : null,
  };
}

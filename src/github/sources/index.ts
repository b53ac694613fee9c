/**
 * The deployment sources, one module each (source.ts says what a source is). Adding one is its
 * module plus one line here, and its name in `DeploymentSourceName` and `AUTO_SOURCE_ORDER` (or not:
 * a source `auto` never tries is listed in `NOT_IN_AUTO`).
 */
import { AUTO_SOURCE_ORDER } from '../../dora/deployments.js';
import type { DeploymentSourceName } from '../../dora/model.js';
import { deploymentsSource } from './deployments.js';
import { mergesSource } from './merges.js';
import { releasesSource } from './releases.js';
import type { DeploymentSource } from './source.js';
import { workflowSource } from './workflow.js';

export const SOURCES: { readonly [K in DeploymentSourceName]: DeploymentSource & { readonly name: K } } = {
  deployments: deploymentsSource as DeploymentSource & { name: 'deployments' },
  workflow: workflowSource as DeploymentSource & { name: 'workflow' },
  releases: releasesSource as DeploymentSource & { name: 'releases' },
  merges: mergesSource as DeploymentSource & { name: 'merges' },
};

/** Sources `auto` never tries (none today). */
export const NOT_IN_AUTO: readonly DeploymentSourceName[] = [];

/** The sources the `deployment-source` input names, in the order to try them (`auto`: docs/metrics.md "Deployment"). */
export function sourcesToTry(requested: DeploymentSourceName | 'auto'): DeploymentSource[] {
  return (requested === 'auto' ? AUTO_SOURCE_ORDER : [requested]).map((name) => SOURCES[name]);
}

export type { Ahead, DeploymentSource, SearchedSource, SourceRead, SourceResult } from './source.js';
export { NOTHING_AHEAD } from './source.js';

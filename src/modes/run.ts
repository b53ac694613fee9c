/** What every mode is given: the inputs, the runner's environment and the budget of waiting on its services. */
import type { Config } from '../inputs/index.js';
import type { RunnerEnvironment } from '../runner.js';
import type { ServiceBudget } from '../services.js';

export interface Run {
  readonly config: Config;
  readonly runner: RunnerEnvironment;
  /** One budget of waiting on the runner's services (cache, artifacts) for the whole step. */
  readonly services: ServiceBudget;
}

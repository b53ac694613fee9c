/**
 * The action: inputs parsed, the runner's environment read, then one mode run (src/modes/):
 * one repository, several (`repositories`) or the roll-up of a matrix (`mode: aggregate`).
 * The only place that fails the step on an error.
 */
import * as core from '@actions/core';
import { failureMessage } from './errors.js';
import { createClient } from './github/client.js';
import { type InputName, parseInputs } from './inputs/index.js';
import { runAggregate } from './modes/aggregate.js';
import { runRepositories } from './modes/many.js';
import type { Run } from './modes/run.js';
import { runSingle } from './modes/single.js';
import { runnerEnvironment } from './runner.js';
import { createServiceBudget } from './services.js';

/** inputs -> collect -> compute -> report -> publish, in the mode the inputs ask for. */
export async function run(): Promise<void> {
  try {
    // The runner's environment is read here once: the inputs' defaults and everything the modes need of it.
    const env = process.env;
    const config = parseInputs((name: InputName) => core.getInput(name), env);
    // A Slack webhook URL is a secret too: its path is the credential.
    for (const secret of [config.token, config.endpoint?.token, config.endpoint?.secret, config.endpoint?.url])
      if (secret) core.setSecret(secret);
    const runner = runnerEnvironment(env);
    // One budget of waiting on the runner's services (cache, artifacts) for the whole step.
    const run: Run = { config, runner, services: createServiceBudget(config.maxWaitSeconds) };
    if (config.mode === 'aggregate') {
      await runAggregate(run);
      return;
    }

    const client = createClient({
      token: config.token,
      apiUrl: runner.apiUrl,
      graphqlUrl: runner.graphqlUrl,
      maxWaitSeconds: config.maxWaitSeconds,
      requestTimeoutSeconds: config.requestTimeoutSeconds,
      log: (m) => core.info(m),
    });
    if (!Array.isArray(config.repositories) || config.repositories.length > 0) await runRepositories(client, run);
    else await runSingle(client, run);
  } catch (error) {
    core.setFailed(failureMessage(error));
  }
}

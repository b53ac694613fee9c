/**
 * tsx __tests__/emulator/cli.ts --data <dataset.json> [--data <another.json> ...] --port <port> [--log <requests.jsonl>] [--latency <ms>] [--token <t>] [--rate-limit <n>] [--faults <spec>[,<spec>...]] [--openapi <api.github.com|ghes-3.17|...>]
 *
 * `--data` may be repeated: each dataset is served under its own `repository.owner/name`.
 *
 * Prints exactly `listening on http://127.0.0.1:<port>` once ready (scripts wait for that line)
 * and exits cleanly on SIGINT/SIGTERM.
 *
 * `--faults` takes the compact fault form of faults.ts, e.g. `502x3,secondary403:retry-after=2,graphql-partial@BranchHistory`;
 * `--openapi` names the REST description to validate against (`ghes-3.17`, or `oldest-ghes`).
 */
import { parseArgs } from 'node:util';
import { type FaultSpec, parseFaults } from './faults.js';
import { type OpenApiName, availableDescriptions, oldestGhesDescription } from './openapi.js';
import { startEmulator } from './server.js';

function fail(message: string): never {
  process.stderr.write(
    `${message}\nusage: tsx __tests__/emulator/cli.ts --data <dataset.json> [--data <another.json> ...] --port <port> [--log <requests.jsonl>] [--latency <ms>] [--token <t>] [--rate-limit <n>] [--faults <spec>[,<spec>...]] [--openapi <api.github.com|ghes-3.17|...>]\n`,
  );
  process.exit(2);
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  const options = {
    data: { type: 'string', multiple: true },
    port: { type: 'string' },
    log: { type: 'string' },
    latency: { type: 'string' },
    token: { type: 'string' },
    'rate-limit': { type: 'string' },
    faults: { type: 'string' },
    openapi: { type: 'string' },
  } as const;
  let values: ReturnType<typeof parseArgs<{ options: typeof options; strict: true }>>['values'];
  try {
    ({ values } = parseArgs({ options, strict: true }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (!values.data || values.data.length === 0) fail('--data is required');
  let faults: FaultSpec[] = [];
  try {
    faults = parseFaults(values.faults ?? '');
  } catch (error) {
    fail(`--faults: ${(error as Error).message}`);
  }
  let openapi: OpenApiName | undefined;
  if (values.openapi !== undefined) {
    openapi = (values.openapi === 'oldest-ghes' ? oldestGhesDescription() : values.openapi) as OpenApiName;
    if (!(availableDescriptions() as string[]).includes(openapi))
      fail(`--openapi must be one of ${availableDescriptions().join(', ')}, oldest-ghes; got "${values.openapi}"`);
  }
  const emulator = await startEmulator({
    datasets: values.data,
    port: integer('port', values.port) ?? 0,
    latencyMs: integer('latency', values.latency) ?? 0,
    ...(values.log ? { logPath: values.log } : {}),
    ...(values.token ? { token: values.token } : {}),
    ...(values['rate-limit'] ? { rateLimit: integer('rate-limit', values['rate-limit'])! } : {}),
    ...(faults.length > 0 ? { faults } : {}),
    ...(openapi ? { openapi } : {}),
  });
  process.stdout.write(`listening on ${emulator.url}\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

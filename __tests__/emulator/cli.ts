/**
 * tsx __tests__/emulator/cli.ts --data <dataset.json> --port <port> [--log <requests.jsonl>] [--latency <ms>] [--token <t>] [--rate-limit <n>]
 *
 * Prints exactly `listening on http://127.0.0.1:<port>` once ready (scripts wait for that line)
 * and exits cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './server.js';

function fail(message: string): never {
  process.stderr.write(`${message}\nusage: tsx __tests__/emulator/cli.ts --data <dataset.json> --port <port> [--log <requests.jsonl>] [--latency <ms>] [--token <t>] [--rate-limit <n>]\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        log: { type: 'string' },
        latency: { type: 'string' },
        token: { type: 'string' },
        'rate-limit': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (!values.data) fail('--data is required');
  const emulator = await startEmulator({
    dataset: values.data,
    port: integer('port', values.port) ?? 0,
    latencyMs: integer('latency', values.latency) ?? 0,
    ...(values.log ? { logPath: values.log } : {}),
    ...(values.token ? { token: values.token } : {}),
    ...(values['rate-limit'] ? { rateLimit: integer('rate-limit', values['rate-limit'])! } : {}),
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

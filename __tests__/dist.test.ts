/** dist/ is committed and must equal a fresh build of src/: users run dist/index.js, not src/. */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ROOT } from './support/run-action.js';

const run = promisify(execFile);

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : Promise.resolve([`${prefix}${e.name}`]),
    ),
  );
  return nested.flat().sort();
}

it('dist/ equals a fresh build of src/', async () => {
  const out = await fs.mkdtemp(path.join(os.tmpdir(), 'dora-dist-'));
  const ncc = path.join(ROOT, 'node_modules/.bin/ncc');
  await run(ncc, ['build', 'src/index.ts', '-o', out, '--license', 'licenses.txt', '--target', 'es2022'], { cwd: ROOT });
  await run(ncc, ['build', 'src/dora/index.ts', '-o', path.join(out, 'engine'), '--target', 'es2022'], { cwd: ROOT });
  const fresh = await listFiles(out);
  expect(await listFiles(path.join(ROOT, 'dist'))).toEqual(fresh);
  for (const file of fresh) {
    const [a, b] = await Promise.all([fs.readFile(path.join(out, file)), fs.readFile(path.join(ROOT, 'dist', file))]);
    expect(a.equals(b), `dist/${file} differs from a fresh build: run \`npm run build\` and commit dist/`).toBe(true);
  }
}, 120_000);

/**
 * Files shipped inside installed packages (GitHub's API descriptions). Found by walking up from
 * this module to a `node_modules` that holds the package: their `exports` maps hide data files
 * from `require.resolve`, and the schema package is import-only.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageFile(pkg: string, file: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', pkg, file);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find ${pkg}/${file} in any node_modules above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/**
 * The deployment-source registry is complete (issue 11): every name the `deployment-source` input
 * accepts has one module, registered under its own name, and `auto` tries each one or lists it as
 * never tried; the action's documentation names each in the `auto` order the code follows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTO_SOURCE_ORDER } from '../../src/dora/deployments.js';
import { DEPLOYMENT_SOURCES } from '../../src/dora/model.js';
import { NOT_IN_AUTO, SOURCES, sourcesToTry } from '../../src/github/sources/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('deployment sources', () => {
  it('has one registered module per source name, under its own name', () => {
    expect(Object.keys(SOURCES).sort()).toEqual([...DEPLOYMENT_SOURCES].sort());
    for (const [name, source] of Object.entries(SOURCES)) {
      expect(source.name).toBe(name);
      expect(source.what).not.toBe('');
      expect(source.permission).toMatch(/^[a-z-]+: read$/);
    }
  });

  it('puts every source in the auto order or lists it as never tried, not both', () => {
    for (const name of DEPLOYMENT_SOURCES) {
      expect(AUTO_SOURCE_ORDER.includes(name) !== NOT_IN_AUTO.includes(name), name).toBe(true);
    }
    expect(new Set(AUTO_SOURCE_ORDER).size).toBe(AUTO_SOURCE_ORDER.length);
    expect(sourcesToTry('auto').map((s) => s.name)).toEqual(AUTO_SOURCE_ORDER);
    expect(sourcesToTry('releases').map((s) => s.name)).toEqual(['releases']);
  });

  it('is documented in action.yml in the order auto tries', () => {
    const actionYml = fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8');
    expect(actionYml).toContain(`\`auto\` takes the first of ${AUTO_SOURCE_ORDER.join(', ')} that has data`);
    for (const name of DEPLOYMENT_SOURCES) expect(actionYml).toContain(`\`${name}\``);
  });
});

/** action.yml, the README's tables and the code's defaults say the same thing. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { INPUT_DEFAULTS, INPUT_NAMES } from '../src/inputs/index.js';
import { ROOT } from './support/run-action.js';

const action = YAML.parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** Rows of the Markdown table whose header starts with `| <first> |`. */
function tableRows(first: string): string[][] {
  const lines = readme.split('\n');
  const startAt = lines.findIndex((l) => new RegExp(`^\\|\\s*${first}\\s*\\|`).test(l));
  expect(startAt, `README has a table headed "${first}"`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (let i = startAt + 2; i < lines.length && lines[i]!.startsWith('|'); i += 1) {
    rows.push(
      lines[i]!.slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/\\\|/g, '|')),
    );
  }
  return rows;
}

const unquote = (cell: string): string => (cell === '(empty)' ? '' : cell.replace(/^`|`$/g, ''));

describe('action.yml', () => {
  it('runs on node24 from dist/index.js with branding', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    expect(action.branding.icon).toBeTruthy();
    expect(action.branding.color).toBeTruthy();
  });

  it('gives every input a description and a default, and every output a description', () => {
    for (const [name, input] of Object.entries<any>(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(input, name).toHaveProperty('default');
    }
    for (const [name, output] of Object.entries<any>(action.outputs)) expect(output.description, name).toBeTruthy();
  });

  it('declares exactly the inputs the code reads, with the same defaults', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort());
    for (const name of INPUT_NAMES) expect(String(action.inputs[name].default), name).toBe(INPUT_DEFAULTS[name]);
  });
});

describe('README', () => {
  it('opens with the two set-up commands, demo and tests', () => {
    const head = readme.split('\n').slice(0, 20).join('\n');
    expect(head).toContain('npm ci && npm run demo');
    expect(head).toContain('npm ci && npm test');
    expect(fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8')).toMatch(/^npm test$/m);
  });

  it('lists every input with its default and description from action.yml', () => {
    const rows = tableRows('input');
    expect(rows.map((r) => unquote(r[0]!))).toEqual(Object.keys(action.inputs));
    for (const [name, def, description] of rows) {
      const input = action.inputs[unquote(name!)];
      expect(unquote(def!), name).toBe(String(input.default));
      expect(description, name).toBe(input.description);
    }
  });

  it('lists every output with its description from action.yml', () => {
    const rows = tableRows('output');
    expect(rows.map((r) => unquote(r[0]!))).toEqual(Object.keys(action.outputs));
    for (const [name, description] of rows) expect(description, name).toBe(action.outputs[unquote(name!)].description);
  });
});

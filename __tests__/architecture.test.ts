/**
 * The layers point down (issue 11): the engine (src/dora/) stands alone; the report (src/report/)
 * knows nothing of GitHub, publishing or the cache; the inputs (src/inputs/) nothing of the report
 * or publishing. A higher layer may import a lower one, never the reverse. Every import counts:
 * `import type` and `export ... from` too, since a type is a dependency on the module that owns it.
 *
 * And no file in src/ is over 400 lines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface SourceFile {
  /** Relative to the repository, with `/`: `src/inputs/schema.ts`. */
  readonly file: string;
  readonly text: string;
}

interface Import {
  readonly file: string;
  /** As written: `../report/escape.js`, `zod`, `node:crypto`. */
  readonly specifier: string;
  /** The file a relative specifier names (`src/report/escape.ts`); null for a package or a built-in. */
  readonly target: string | null;
}

function sourceFiles(dir = 'src'): SourceFile[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const file = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return sourceFiles(file);
      return entry.name.endsWith('.ts') ? [{ file, text: fs.readFileSync(path.join(ROOT, file), 'utf8') }] : [];
    });
}

/** Every module `file` imports or re-exports from, static or dynamic, as TypeScript's own pre-parser reads them. */
function importsOf({ file, text }: SourceFile): Import[] {
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName: specifier }) => ({
    file,
    specifier,
    target: specifier.startsWith('.') ? path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '.ts') : null,
  }));
}

/** Packages the engine may import: none, it is plain TypeScript (add one here only on purpose). */
const DORA_PACKAGES: readonly string[] = [];

interface Rule {
  /** The layer the rule binds: files under this folder. */
  readonly layer: string;
  readonly says: string;
  readonly forbids: (i: Import) => boolean;
}

const under = (target: string | null, ...folders: string[]): boolean => target !== null && folders.some((f) => target.startsWith(f));

const RULES: readonly Rule[] = [
  {
    layer: 'src/dora/',
    says: 'src/dora/ (the engine) imports nothing outside src/dora/',
    forbids: (i) => (i.target === null ? !DORA_PACKAGES.includes(i.specifier) : !under(i.target, 'src/dora/')),
  },
  {
    layer: 'src/report/',
    says: 'src/report/ imports nothing from src/github/, src/publish/ or src/state/',
    forbids: (i) => under(i.target, 'src/github/', 'src/publish/', 'src/state/'),
  },
  {
    layer: 'src/inputs/',
    says: 'src/inputs/ imports nothing from src/report/ or src/publish/',
    forbids: (i) => under(i.target, 'src/report/', 'src/publish/'),
  },
];

/** Each import of `files` that breaks `rule`: `src/dora/x.ts imports '../report/y.js' (src/report/y.ts)`. */
function violations(rule: Rule, files: readonly SourceFile[]): string[] {
  return files
    .filter((f) => f.file.startsWith(rule.layer))
    .flatMap(importsOf)
    .filter((i) => rule.forbids(i))
    .map((i) => `${i.file} imports '${i.specifier}'${i.target === null ? '' : ` (${i.target})`}`);
}

describe('layers point down', () => {
  const files = sourceFiles();

  for (const rule of RULES) {
    it(rule.says, () => {
      expect(files.some((f) => f.file.startsWith(rule.layer))).toBe(true);
      expect(violations(rule, files), rule.says).toEqual([]);
    });
  }

  it('sees every kind of import, and names the file and the import that breaks a rule', () => {
    const text = [
      "import { a } from '../report/a.js';",
      "import type { B } from '../publish/b.js';",
      "export { c } from '../state/c.js';",
      "export * from './d.js';",
      "import './e.js';",
      "const f = await import('../github/f.js');",
      "import { z } from 'zod';",
      "import { createHash } from 'node:crypto';",
    ].join('\n');
    const fake = (file: string): SourceFile => ({ file, text });
    expect(importsOf(fake('src/dora/x.ts')).map((i) => i.target ?? i.specifier)).toEqual([
      'src/report/a.ts',
      'src/publish/b.ts',
      'src/state/c.ts',
      'src/dora/d.ts',
      'src/dora/e.ts',
      'src/github/f.ts',
      'zod',
      'node:crypto',
    ]);
    const [dora, report, inputs] = RULES as [Rule, Rule, Rule];
    expect(violations(dora, [fake('src/dora/x.ts')])).toEqual([
      "src/dora/x.ts imports '../report/a.js' (src/report/a.ts)",
      "src/dora/x.ts imports '../publish/b.js' (src/publish/b.ts)",
      "src/dora/x.ts imports '../state/c.js' (src/state/c.ts)",
      "src/dora/x.ts imports '../github/f.js' (src/github/f.ts)",
      "src/dora/x.ts imports 'zod'",
      "src/dora/x.ts imports 'node:crypto'",
    ]);
    expect(violations(report, [fake('src/report/x.ts')])).toEqual([
      "src/report/x.ts imports '../publish/b.js' (src/publish/b.ts)",
      "src/report/x.ts imports '../state/c.js' (src/state/c.ts)",
      "src/report/x.ts imports '../github/f.js' (src/github/f.ts)",
    ]);
    expect(violations(inputs, [fake('src/inputs/x.ts')])).toEqual([
      "src/inputs/x.ts imports '../report/a.js' (src/report/a.ts)",
      "src/inputs/x.ts imports '../publish/b.js' (src/publish/b.ts)",
    ]);
    // A file outside the layer is not bound by its rule.
    expect(violations(inputs, [fake('src/main.ts')])).toEqual([]);
  });
});

const MAX_LINES = 400;

/**
 * Files over 400 lines today, being split by others. The list can only shrink: a file not listed
 * may not go over, and a listed file that is back under must leave the list.
 */

/** Lines as `wc -l` counts them in a file that ends with a line break. */
const lineCount = (text: string): number => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/** The files over `max` lines, with their counts: `src/github/history.ts (821 lines)`. */
function filesOver(max: number, files: readonly SourceFile[]): { readonly file: string; readonly lines: number }[] {
  return files.map((f) => ({ file: f.file, lines: lineCount(f.text) })).filter((f) => f.lines > max);
}

describe(`no file in src/ over ${MAX_LINES} lines`, () => {
  const over = filesOver(MAX_LINES, sourceFiles());

  it(`no file is over ${MAX_LINES} lines`, () => {
    expect(over.map((f) => `${f.file} (${f.lines} lines)`)).toEqual([]);
  });

  it('counts lines as wc -l does', () => {
    expect(lineCount('a\nb\n')).toBe(2);
    expect(lineCount('a\nb')).toBe(2);
    expect(
      filesOver(2, [
        { file: 'src/x.ts', text: 'a\nb\nc\n' },
        { file: 'src/y.ts', text: 'a\nb\n' },
      ]),
    ).toEqual([{ file: 'src/x.ts', lines: 3 }]);
  });
});

describe('docs/architecture.md', () => {
  const text = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');

  it('names only files and folders that exist', () => {
    const named = [...new Set([...text.matchAll(/`((?:src|__tests__|docs)\/[\w./-]*?)`/g)].map((m) => m[1] as string))];
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((p) => !fs.existsSync(path.join(ROOT, p.replace(/\/<name>\.ts$/, ''))))).toEqual([]);
  });

  it('names every folder of src/', () => {
    const folders = fs
      .readdirSync(path.join(ROOT, 'src'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'types')
      .map((e) => `src/${e.name}/`);
    expect(folders.filter((f) => !text.includes(`\`${f}\``))).toEqual([]);
  });
});

describe('names say what they are', () => {
  /** Top-level functions (declared, or arrow functions bound to a const) and where each is defined. */
  const functions = sourceFiles().flatMap((f) =>
    [...f.text.matchAll(/^(?:export )?(?:async )?(?:function\*? ([A-Za-z_$][\w$]*)|const ([A-Za-z_$][\w$]*) = (?:async )?\()/gm)].map(
      (m) => ({ name: (m[1] ?? m[2]) as string, file: f.file }),
    ),
  );

  it('no two functions in src/ share a name', () => {
    const byName = new Map<string, string[]>();
    for (const { name, file } of functions) byName.set(name, [...(byName.get(name) ?? []), file]);
    expect([...byName].filter(([, files]) => files.length > 1).map(([name, files]) => `${name}: ${files.join(', ')}`)).toEqual([]);
  });

  it('one time-unit convention: constants named for their unit (_MS or _S), defined once in src/dora/units.ts', () => {
    const bare = sourceFiles().flatMap((f) =>
      [...f.text.matchAll(/^(?:export )?const (SECOND|MINUTE|HOUR|DAY|WEEK)(?:_MS|_S)? = /gm)]
        .filter(() => f.file !== 'src/dora/units.ts')
        .map((m) => `${f.file}: ${m[0].trim()}`),
    );
    expect(bare).toEqual([]);
  });

  it('sees the functions it checks', () => {
    expect(functions.length).toBeGreaterThan(200);
    expect(functions).toContainEqual({ name: 'computeMetrics', file: 'src/dora/index.ts' });
  });
});

/**
 * Differential fuzzing: fresh seeds of generate.ts for as long as asked, each compared (compare.ts) between the
 * bundled action and the oracle, and checked for internal consistency (consistency.ts).
 *
 *   npx tsx __tests__/differential/fuzz.ts --minutes 30 [--seed N] [--out dir] [--concurrency 2]
 *
 * Run `npm run build` first: the action is dist/index.js. Every disagreeing seed is written to the out dir
 * (default .tmp/fuzz/): `seed-N.dataset.json` (serve it with the emulator CLI), `seed-N.case.json` (inputs and
 * disagreements) and `seed-N.diff.txt`. One line is printed per disagreeing run; at the end, the counts, the
 * disagreements grouped by the fields that differ, and for each group the smallest dataset found (`summary.txt`).
 * Nothing is shrunk.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { classOf, compareCase, fieldsOf, type RunComparison, writeCase } from './compare.js';
import { datasetSize, generateCase } from './generate.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const minutes = Number(arg('minutes') ?? 30);
const startSeed = arg('seed') !== undefined ? Number(arg('seed')) : 100_000 + Math.floor(Math.random() * 1_000_000_000);
const out = path.resolve(arg('out') ?? '.tmp/fuzz');
const concurrency = Number(arg('concurrency') ?? 2);
if (!(minutes > 0) || !Number.isInteger(startSeed) || !(concurrency >= 1)) {
  console.error('usage: fuzz.ts --minutes 30 [--seed N] [--out dir] [--concurrency 2]');
  process.exit(2);
}

interface Group {
  count: number;
  seeds: number[];
  smallest: { size: number; seed: number; path: string; inputs: unknown } | null;
}

const deadline = Date.now() + minutes * 60_000;
const groups = new Map<string, Group>();
const fieldCounts = new Map<string, number>();
let runs = 0;
let disagreeing = 0;
let seedsDone = 0;
let errors = 0;
let next = startSeed;

console.log(`fuzzing for ${minutes} min from seed ${startSeed}, ${concurrency} at a time; failures in ${out}`);
await fs.mkdir(out, { recursive: true });

async function one(seed: number): Promise<void> {
  let c: ReturnType<typeof generateCase>;
  let results: RunComparison[];
  try {
    c = generateCase(seed);
    results = await compareCase(c);
  } catch (error) {
    errors++;
    console.log(`seed ${seed}: ERROR ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  seedsDone++;
  runs += results.length;
  const failing = results.filter((r) => r.disagreements.length > 0 || r.consistency.length > 0);
  if (failing.length === 0) return;
  const size = datasetSize(c.dataset);
  const datasetPath = await writeCase(out, `seed-${seed}`, c, results);
  for (const r of failing) {
    disagreeing++;
    const cls = classOf(r);
    for (const f of fieldsOf(r)) fieldCounts.set(f, (fieldCounts.get(f) ?? 0) + 1);
    const g = groups.get(cls) ?? { count: 0, seeds: [], smallest: null };
    g.count++;
    if (!g.seeds.includes(seed)) g.seeds.push(seed);
    if (g.smallest === null || size < g.smallest.size) g.smallest = { size, seed, path: datasetPath, inputs: r.inputs };
    groups.set(cls, g);
    console.log(`seed ${seed} (${size} records) ${JSON.stringify(r.inputs)}: ${cls}`);
  }
}

await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (Date.now() < deadline) await one(next++);
  }),
);

const lines: string[] = [
  `runs: ${runs} (${seedsDone} seeds from ${startSeed}${errors > 0 ? `, ${errors} seeds errored` : ''}); disagreeing runs: ${disagreeing}`,
  '',
  'groups (fields that differ, derived fields left out), most frequent first:',
];
for (const [cls, g] of [...groups].sort((a, b) => b[1].count - a[1].count)) {
  lines.push(`  ${g.count} × ${cls}`);
  lines.push(`      smallest: ${g.smallest!.path} (${g.smallest!.size} records) inputs ${JSON.stringify(g.smallest!.inputs)}`);
  lines.push(`      seeds: ${g.seeds.slice(0, 12).join(', ')}${g.seeds.length > 12 ? ', ...' : ''}`);
}
lines.push('', 'runs per differing field:');
for (const [f, n] of [...fieldCounts].sort((a, b) => b[1] - a[1])) lines.push(`  ${String(n).padStart(5)}  ${f}`);
const summary = lines.join('\n');
console.log(`\n${summary}`);
await fs.writeFile(path.join(out, 'summary.txt'), `${summary}\n`);
await fs.writeFile(
  path.join(out, 'summary.json'),
  `${JSON.stringify({ runs, disagreeing, startSeed, groups: Object.fromEntries(groups), fields: Object.fromEntries(fieldCounts) }, null, 2)}\n`,
);

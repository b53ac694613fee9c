import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { buildReport, serializeReport } from '../../src/report/json.js';
import { JSON_SCHEMA_PATH, ORG_JSON_SCHEMA_PATH, generateJsonSchema, generateOrgJsonSchema } from '../scripts/json-schema.js';
import { doraResult, emptyMetrics, reportContext } from './fixtures.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

describe('docs/dora-metrics.schema.json', () => {
  it('is what the zod schema generates (run `npx tsx __tests__/scripts/json-schema.ts` after changing src/report/schema.ts)', () => {
    expect(readFileSync(JSON_SCHEMA_PATH, 'utf8')).toBe(generateJsonSchema());
  });

  it('docs/dora-org.schema.json is what the roll-up zod schema generates', () => {
    expect(readFileSync(ORG_JSON_SCHEMA_PATH, 'utf8')).toBe(generateOrgJsonSchema());
  });

  it('accepts the JSON the action writes, and documents every property', () => {
    const schema = JSON.parse(generateJsonSchema()) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    for (const report of [
      buildReport(doraResult(), reportContext()),
      buildReport(doraResult({ metrics: emptyMetrics, deployments: [], changes: [], failures: [] }), reportContext()),
    ]) {
      const valid = validate(JSON.parse(serializeReport(report)));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }

    const undocumented: string[] = [];
    let properties = 0;
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      const n = node as { properties?: Record<string, { description?: string }>; items?: unknown; anyOf?: unknown[] };
      for (const [key, child] of Object.entries(n.properties ?? {})) {
        properties++;
        if (!child.description) undocumented.push(`${path}.${key}`);
        walk(child, `${path}.${key}`);
      }
      if (n.items) walk(n.items, `${path}[]`);
      for (const branch of n.anyOf ?? []) walk(branch, path);
    };
    walk(schema, '$');
    expect(properties).toBeGreaterThan(150);
    expect(undocumented).toEqual([]);
  });

  it('rejects a report whose rate is a percentage instead of a fraction', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(generateJsonSchema()) as Record<string, unknown>);
    const report = JSON.parse(serializeReport(buildReport(doraResult(), reportContext()))) as {
      metrics: { changeFailureRate: { rate: number } };
    };
    report.metrics.changeFailureRate.rate = 12.2;
    expect(validate(report)).toBe(false);
  });
});

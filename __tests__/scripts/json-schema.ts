/**
 * Writes docs/dora-metrics.schema.json from the zod schema in src/report/schema.ts, and
 * docs/dora-org.schema.json from src/aggregate/schema.ts: the zod schemas are the single
 * source of truth. Run after changing the schema: npx tsx __tests__/scripts/json-schema.ts
 * (__tests__/report/schema.test.ts fails while the committed file is stale).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { orgReportSchema } from '../../src/aggregate/schema.js';
import { reportSchema } from '../../src/report/schema.js';

export const JSON_SCHEMA_PATH = fileURLToPath(new URL('../../docs/dora-metrics.schema.json', import.meta.url));

/** The JSON Schema (draft 2020-12) of the report, as the committed file's text. */
export function generateJsonSchema(): string {
  return `${JSON.stringify(z.toJSONSchema(reportSchema, { target: 'draft-2020-12' }), null, 2)}\n`;
}

export const ORG_JSON_SCHEMA_PATH = fileURLToPath(new URL('../../docs/dora-org.schema.json', import.meta.url));

/** The JSON Schema of the organisation roll-up (dora-org.json). */
export function generateOrgJsonSchema(): string {
  return `${JSON.stringify(z.toJSONSchema(orgReportSchema, { target: 'draft-2020-12' }), null, 2)}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(JSON_SCHEMA_PATH, generateJsonSchema());
  writeFileSync(ORG_JSON_SCHEMA_PATH, generateOrgJsonSchema());
  console.log(`Wrote ${JSON_SCHEMA_PATH} and ${ORG_JSON_SCHEMA_PATH}`);
}

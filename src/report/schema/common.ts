/**
 * The building blocks of the report schema (../schema.ts): units, tiers, reasons and the names
 * every part shares.
 */
import { z } from 'zod';
import { DEPLOYMENT_SOURCES, FAILURE_SIGNALS, TIERS } from '../../dora/model.js';

export const time = z.iso.datetime().describe('UTC instant, ISO 8601.');
export const count = z.int().nonnegative();
export const seconds = z.number().nonnegative();
export const fraction = z.number().min(0).max(1);

export const tier = z.enum(TIERS).describe('Performance tier of the benchmark year.');
export const nullableTier = z.enum(TIERS).nullable().describe('Performance tier of the benchmark year; null when the metric has no data.');
export const reason = z
  .string()
  .nullable()
  .describe('Why the metric has no data or is withheld (its numbers are then null); null when it has data.');
/** Counts a withheld metric nulls: a number the run could not establish is never reported. */
export const withheldCount = count.nullable();
export const withheld = z
  .boolean()
  .describe(
    'True when the metric is withheld: part of the data it needs could not be read, so none of its numbers are reported ' +
      '(they are null, its tier is null, `reason` says why) rather than a number that may be wrong.',
  );
export const source = z.enum(DEPLOYMENT_SOURCES).describe('A deployment source (docs/metrics.md "Deployment").');
export const signal = z.enum(FAILURE_SIGNALS).describe('A failure signal (docs/metrics.md "Change failure rate and failures").');
export const windowName = z
  .enum(['current', 'previous'])
  .describe('The window the record counts in: `current` is [end - days, end), `previous` the same span before it.');

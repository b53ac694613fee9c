/**
 * The alerts of the report schema (../schema.ts): the rules that fired and those not evaluated.
 */
import { z } from 'zod';
import { ALERT_METRICS } from '../../dora/metrics.js';
import { ALERT_KINDS } from '../../inputs/alert-rules.js';

// The metrics an alert rule can watch, as written in the `alert-rules` input (the registry's alert names).
const alertMetric = z.enum(ALERT_METRICS).describe('The metric the rule watches, as named in the rule.');
const alertRule = z.string().describe('The rule, in its canonical form, e.g. "lead-time above 48h".');

export const alertSchema = z.object({
  rule: alertRule,
  metric: alertMetric,
  kind: z.enum(ALERT_KINDS).describe('`above` or `below` a value; `drop` or `rise` against the previous window.'),
  unit: z.enum(['perDay', 'seconds', 'fraction']).describe('Unit of `value` and `previous`, and of `threshold` for `above` and `below`.'),
  threshold: z
    .number()
    .describe(
      'For `above` and `below`, the value in `unit`. For `drop` and `rise`, the relative change (current - previous) / previous ' +
        'it takes, as a positive fraction: `drop 50%` is 0.5, `rise 2x` is 1, `rise 50%` is 0.5.',
    ),
  value: z.number().describe('The metric in the window, in `unit` (the headline number of `deltas`).'),
  previous: z.number().nullable().describe('The metric in the previous window, in `unit`; null with no data there.'),
  message: z.string().describe('The alert in words, e.g. "Lead time 20h is above 18h".'),
});

export const skippedAlertSchema = z.object({
  rule: alertRule,
  metric: alertMetric,
  reason: z.string().describe('Why the rule was not evaluated (no data, withheld, nothing to compare with).'),
});

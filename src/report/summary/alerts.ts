/** Triggered alerts head the summary (`alert-rules`). Messages hold numbers and canonical rule text. */
import { countOf } from '../markdown.js';
import type { Report } from '../schema.js';

export function alerts(r: Report): string {
  const triggered = r.alerts ?? [];
  if (triggered.length === 0) return '';
  return [
    `> [!CAUTION]`,
    `> **${countOf(triggered.length, 'alert')} triggered**`,
    // Messages are built from numbers and the canonical rule text (alerts.ts), never from input text.
    ...triggered.map((a) => `> - ${a.message}`),
  ].join('\n');
}

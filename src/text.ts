/**
 * Untrusted text made plain: one line, no control or invisible characters, bounded. Below every
 * layer that shows text (the report's escapes build on it, src/report/escape.ts) and the inputs'
 * messages that quote what a user wrote.
 */

/** Longest untrusted string shown, in code points, unless the caller says otherwise. */
export const DEFAULT_MAX_LENGTH = 120;

// Line and paragraph separators become spaces: a table row or list item must stay one line.
const LINE_BREAKS = /[\r\n\t\v\f\u0085\u2028\u2029]+/g;
// C0 and C1 control characters (after line breaks became spaces).
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;
// Bidi embeddings, overrides, isolates and marks (Trojan Source, CVE-2021-42574), and invisible
// characters that can hide text. The zero-width joiner stays: emoji sequences need it.
const INVISIBLE = /[\u061C\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
// Halves of surrogate pairs with no other half cannot be encoded as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Plain one-line text: line breaks and runs of spaces collapse to one space, control and
 * invisible characters are removed, and text longer than `maxLength` code points ends in `…`.
 */
export function sanitizeText(text: string, maxLength = DEFAULT_MAX_LENGTH): string {
  const clean = text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(LINE_BREAKS, ' ')
    .replace(CONTROL, '')
    .replace(INVISIBLE, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  const codePoints = Array.from(clean);
  if (codePoints.length <= maxLength) return clean;
  return `${codePoints
    .slice(0, Math.max(0, maxLength - 1))
    .join('')
    .trimEnd()}…`;
}

/** `1 run`, `2 runs`, `1,200 runs`: a count and its noun, for log lines and messages. */
export const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** The text with its first letter capitalised. */
export const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The largest moves against the previous window, in words (built from numbers only: ../what-changed.ts). */
import { days } from '../markdown.js';
import type { Report } from '../schema.js';
import { largestMoves } from '../what-changed.js';

export function whatChanged(r: Report): string {
  const moves = largestMoves(r);
  return moves.length === 0
    ? ''
    : [`**What changed** against the previous ${days(r.window.days)}:`, '', ...moves.map((m) => `- ${m}`)].join('\n');
}

/**
 * "What changed": the largest moves of the headline numbers against the previous window, in words,
 * for the top of the summary. Only numbers the report already holds are used (deltas, and the
 * changes' stages for why lead time moved), so the sentences never disagree with the table, and no
 * untrusted text is quoted.
 */
import { median } from '../dora/stats.js';
import { frequencyUnit, perDayIn, plainNumber } from './alerts.js';
import { humanizeDuration, humanizeRate, humanizeRatio } from './humanize.js';
import { countOf } from './markdown.js';
import { mainFailureSignal, SIGNAL_WORDS } from './why-moved.js';
import type { MetricKey, Report, ReportChange } from './schema.js';

/** Moves smaller than this, relative to the previous window, are noise for a headline. */
const MIN_RELATIVE_MOVE = 0.1;
/** For rates, also at least one percentage point: 1% to 1.2% is a 20% move of nothing. */
const MIN_RATE_POINTS = 0.01;

const STAGES = [
  ['codingSeconds', 'coding time'],
  ['reviewSeconds', 'review time'],
  ['deploySeconds', 'deploy time'],
] as const;

interface Move {
  readonly key: MetricKey;
  readonly current: number;
  readonly previous: number;
  /** |current - previous| / max(current, previous): symmetric, from 0 to 1, defined when one side is 0. */
  readonly size: number;
}

function frequencySentence(move: Move): string {
  const unit = frequencyUnit([move.current, move.previous]);
  const direction = move.current > move.previous ? 'rose' : 'fell';
  const by =
    move.previous === 0
      ? ' from none'
      : ` by ${Math.round((Math.abs(move.current - move.previous) / move.previous) * 100).toLocaleString('en-US')}%`;
  return `Deployments per ${unit} ${direction}${by} (${plainNumber(perDayIn(move.previous, unit))} → ${plainNumber(perDayIn(move.current, unit))})`;
}

function durationChange(move: Move): string {
  if (move.previous === 0) return '';
  const ratio = (move.current - move.previous) / move.previous;
  return ratio >= 1 ? ` (×${plainNumber(move.current / move.previous)})` : ` (${humanizeRatio(ratio)})`;
}

/** The stage whose median moved most in the direction lead time moved, when it accounts for at least half of it. */
function mainStage(changes: readonly ReportChange[], move: Move): string | null {
  const stagesOf = (window: 'current' | 'previous') =>
    changes.flatMap((c) => (c.window === window && c.status === 'measured' && c.stages !== null ? [c.stages] : []));
  const now = stagesOf('current');
  const before = stagesOf('previous');
  if (now.length === 0 || before.length === 0) return null;
  const sign = Math.sign(move.current - move.previous);
  let best: { words: string; moved: number } | null = null;
  for (const [field, words] of STAGES) {
    const moved = sign * ((median(now.map((s) => s[field])) as number) - (median(before.map((s) => s[field])) as number));
    if (moved > 0 && (best === null || moved > best.moved)) best = { words, moved };
  }
  if (best === null || best.moved < Math.abs(move.current - move.previous) / 2) return null;
  return best.words;
}

/** `, mostly incidents (8 of 14 failed deployments, up from 1)`, naming the signal that moved most; '' when none moved with the rate. */
function failureCause(report: Report): string {
  const main = mainFailureSignal(report);
  if (main === null) return '';
  return `, mostly ${SIGNAL_WORDS[main.signal].plural} (${main.now} of ${countOf(main.total, 'failed deployment')}, ${main.now > main.before ? 'up' : 'down'} from ${main.before})`;
}

function moveSentence(report: Report, move: Move): string {
  const direction = move.current > move.previous ? 'rose' : 'fell';
  switch (move.key) {
    case 'deploymentFrequency':
      return frequencySentence(move);
    case 'leadTime': {
      const stage = mainStage(report.changes, move);
      return (
        `Lead time ${direction} from ${humanizeDuration(move.previous)} to ${humanizeDuration(move.current)}${durationChange(move)}` +
        (stage === null ? '' : `, mostly ${stage}`)
      );
    }
    case 'failedDeploymentRecoveryTime':
      return `Recovery time ${direction} from ${humanizeDuration(move.previous)} to ${humanizeDuration(move.current)}${durationChange(move)}`;
    case 'changeFailureRate':
      return `Change failure rate ${direction} from ${humanizeRate(move.previous)} to ${humanizeRate(move.current)}${failureCause(report)}`;
    case 'reworkRate':
      return `Rework rate ${direction} from ${humanizeRate(move.previous)} to ${humanizeRate(move.current)}`;
  }
}

/**
 * Up to `limit` sentences on the largest moves against the previous window, largest first. Metrics
 * with no data in either window, or withheld, are skipped, and so are moves under 10% (and, for
 * rates, under one percentage point).
 */
export function largestMoves(report: Report, limit = 3): string[] {
  // A previous window with only part of a window of history makes any move an artefact of it.
  if (report.previousWindow.historyFrom !== null) return [];
  const moves: Move[] = [];
  for (const key of Object.keys(report.deltas) as MetricKey[]) {
    if (report.metrics[key].withheld || report.previous[key].withheld) continue;
    const delta = report.deltas[key];
    const { current, previous } = delta;
    if (current === null || previous === null || current === previous) continue;
    const difference = Math.abs(current - previous);
    if (previous !== 0 && difference / previous < MIN_RELATIVE_MOVE) continue;
    if (delta.unit === 'fraction' && difference < MIN_RATE_POINTS) continue;
    moves.push({ key, current, previous, size: difference / Math.max(current, previous) });
  }
  // Stable sort: equal moves keep the table's order.
  moves.sort((a, b) => b.size - a.size);
  return moves.slice(0, Math.max(0, limit)).map((move) => moveSentence(report, move));
}

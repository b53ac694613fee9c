/**
 * The job summary: one pure function from the report to GitHub-flavoured Markdown that a person
 * reads at a glance, bounded by the step summary's 1 MiB limit (as dorny/test-reporter does: drop
 * detail rows first, then cut). Every untrusted string goes through escape.ts.
 *
 * Each section is a file in summary/, listed in order in SECTIONS: a new section is a new file and
 * one line there.
 */
import { escapeCode } from './escape.js';
import { blocks, byteLength, cutToBytes } from './markdown.js';
import type { Report } from './schema.js';
import { alerts } from './summary/alerts.js';
import { detailTables, longestTable } from './summary/details.js';
import { flow } from './summary/flow.js';
import { footer } from './summary/footer.js';
import { hints } from './summary/hints.js';
import { metricsTable } from './summary/metrics-table.js';
import type { Section, SummaryContext } from './summary/pieces.js';
import { deploymentSource } from './summary/source.js';
import { title } from './summary/title.js';
import { trends } from './summary/trends.js';
import { trigger } from './summary/trigger.js';
import { incompleteWarning } from './summary/warning.js';
import { whatChanged } from './summary/what-changed.js';
import { whyMoved } from './summary/why-moved.js';

/** GitHub rejects a step summary over 1 MiB; keep a margin for what the caller appends. */
export const SUMMARY_MAX_BYTES = 1024 * 1024 - 16 * 1024;
/** Rows per detail table before the byte limit applies: more is not read at a glance. */
export const SUMMARY_MAX_ROWS = 200;
/** Name of the artifact that holds the full JSON report. */
export const ARTIFACT_NAME = 'dora-metrics';

export interface SummaryOptions {
  /** Byte limit of the whole summary; default SUMMARY_MAX_BYTES. */
  readonly maxBytes?: number;
  /** Rows per detail table at most; default SUMMARY_MAX_ROWS. */
  readonly maxRows?: number;
  /** The artifact the full report is uploaded as, named where rows are left out; default `dora-metrics`. */
  readonly artifactName?: string;
}

/** The sections, top to bottom; those with nothing to say are left out. */
const SECTIONS: readonly Section[] = [
  title,
  alerts,
  incompleteWarning,
  metricsTable,
  whatChanged,
  whyMoved,
  deploymentSource,
  trigger,
  hints,
  trends,
  flow,
  detailTables,
  footer,
];

export function renderSummary(report: Report, opts: SummaryOptions = {}): string {
  const maxBytes = opts.maxBytes ?? SUMMARY_MAX_BYTES;
  const artifact = escapeCode(opts.artifactName ?? ARTIFACT_NAME, 60);
  const fullData = `the full lists are in the ${artifact} artifact (JSON)`;
  const render = (rows: number | null): string => {
    const ctx: SummaryContext = { artifact, fullData, rows };
    return blocks(...SECTIONS.map((section) => section(report, ctx)));
  };

  // Fewer rows until it fits: the most recent rows stay.
  let rows = Math.min(opts.maxRows ?? SUMMARY_MAX_ROWS, longestTable(report));
  for (;;) {
    const text = render(rows);
    if (byteLength(text) <= maxBytes) return text;
    if (rows <= 1) break;
    rows = Math.floor(rows / 2);
  }
  const withoutDetails = render(null);
  if (byteLength(withoutDetails) <= maxBytes) return withoutDetails;
  return cutToBytes(withoutDetails, maxBytes, fullData);
}

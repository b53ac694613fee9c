/** The footer: API use, when the report was generated, where the full data is, version and schema. */
import { safeUrl } from '../escape.js';
import { humanizeCount, isoMinute } from '../humanize.js';
import { countOf } from '../markdown.js';
import type { Report } from '../schema.js';
import type { SummaryContext } from './pieces.js';

export function footer(r: Report, ctx: SummaryContext): string {
  const limit =
    r.api.rateLimitRemaining === null ? 'rate limit remaining unknown' : `${humanizeCount(r.api.rateLimitRemaining)} rate limit remaining`;
  const run = safeUrl(r.runUrl);
  return (
    `<sub>GitHub API: ${countOf(r.api.requests, 'request')}, ${humanizeCount(r.api.graphqlPoints)} GraphQL points, ${limit}` +
    ` · generated ${isoMinute(r.generatedAt)} UTC · full data in the ${ctx.artifact} artifact` +
    (run ? ` of [this run](${run})` : '') +
    (r.actionVersion ? ` · dora-action ${r.actionVersion}` : '') +
    ` · schema v${r.schemaVersion}</sub>`
  );
}

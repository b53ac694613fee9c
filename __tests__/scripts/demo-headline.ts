/**
 * What the demo prints of the job summary: the headline a reader needs at a glance (the title, the
 * alerts, the metrics table, what changed and why it moved, where the deployments come from), not
 * the folded trend charts and detail tables, which demo-output/summary.md keeps whole.
 */
export function demoHeadline(summary: string): string {
  const lines = summary.split('\n');
  // The first folded section (trends, flow, detail tables) or third-level heading after the table ends the headline.
  const end = lines.findIndex((line, i) => i > 0 && (line === '<details>' || line.startsWith('### ')));
  return `${(end < 0 ? lines : lines.slice(0, end)).join('\n').trimEnd()}\n`;
}

/** Where the deployments come from and why, what `auto` searched, and the note on the `merges` proxy. */
import { escapeMarkdown } from '../escape.js';
import { countOf, sentence } from '../markdown.js';
import type { Report } from '../schema.js';

export function deploymentSource(r: Report): string {
  const s = r.deploymentSource;
  const how = s.requested === 'auto' ? 'chosen automatically (`deployment-source: auto`)' : `set by \`deployment-source: ${s.requested}\``;
  const lines = [`**Deployments** come from \`${s.name}\`, ${how}: ${sentence(s.reason)}`];
  // What `auto` tried before it chose; a source searched alone is the one named above, its count the table's.
  if (s.searched.length > 1 || (s.searched.length === 1 && s.searched[0]?.source !== s.name)) {
    const searched = s.searched.map(
      (x) => `\`${x.source}\` ${countOf(x.deployments, 'deployment')}${x.note ? ` (${escapeMarkdown(x.note, 200)})` : ''}`,
    );
    lines.push(`Searched, counting this window and the one before: ${searched.join('; ')}.`);
  }
  if (s.proxy) {
    lines.push(
      [
        '> [!NOTE]',
        '> `merges` is a **proxy**: each pull request merged into the production branch stands in for a deployment, ' +
          'so lead time ends at the merge and leaves out the wait for a real release. ' +
          'Set `deployment-source` (with `workflows` or `environment`) to measure real deployments.',
      ].join('\n'),
    );
  }
  return lines.join('\n\n');
}

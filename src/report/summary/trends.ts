/** Weekly trend charts (Mermaid, rendered by GitHub), folded so the numbers stay at a glance. */
import { trendCharts } from '../charts.js';
import type { Report } from '../schema.js';

export function trends(r: Report): string {
  const charts = trendCharts(r);
  return charts === '' ? '' : `<details>\n<summary>Trends by week</summary>\n\n${charts.trim()}\n\n</details>`;
}

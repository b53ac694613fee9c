/**
 * Badges for a README: one SVG per metric and one for the overall tier, each with a shields.io
 * endpoint JSON (https://shields.io/badges/endpoint-badge) carrying the same label, message and
 * colour, so a repository can serve either. badge-maker is the renderer shields.io itself uses.
 *
 * Labels and messages are built from numbers and enums only: no text anyone can write reaches a
 * badge.
 */
import { makeBadge } from 'badge-maker';
import { headlineOf, METRIC_SPECS, type MetricUnit } from '../dora/metrics.js';
import type { Tier } from '../dora/model.js';
import { humanizeDuration, humanizePerDay, humanizeRate } from './humanize.js';

/** A file to write, its path relative to the badges directory. */
export interface BadgeFile {
  readonly path: string;
  readonly content: string;
}

/** What one badge says, before it is drawn. */
export interface Badge {
  /** File name without extension: `deployment-frequency` gives deployment-frequency.svg and .json. */
  readonly name: string;
  readonly label: string;
  readonly message: string;
  readonly color: string;
}

/**
 * Shields.io named colours: the traffic light badge readers know. The summary's 🟣 for elite has
 * no shields.io name that reads as "best" next to green, so badges go one step greener instead.
 */
export const TIER_COLORS: Readonly<Record<Tier, string>> = {
  elite: 'brightgreen',
  high: 'green',
  medium: 'yellow',
  low: 'red',
};
/** No data, or not computed. */
export const NO_DATA_COLOR = 'lightgrey';
/** Rework rate has data but DORA publishes no tiers for it. */
export const UNTIERED_COLOR = 'blue';

/** Shown when a metric has no data in the window. */
export const NO_DATA_MESSAGE = 'n/a';
/** Shown when a metric is withheld: part of its data could not be read. */
export const WITHHELD_MESSAGE = 'not computed';

/** What a badge reads: a repository's report, or an organisation roll-up (no withheld flags there). */
export interface BadgeSource {
  readonly metrics: {
    readonly deploymentFrequency: { readonly perDay: number; readonly tier: Tier | null };
    readonly leadTime: { readonly withheld?: boolean; readonly tier: Tier | null; readonly medianSeconds: number | null };
    readonly changeFailureRate: { readonly withheld?: boolean; readonly tier: Tier | null; readonly rate: number | null };
    readonly failedDeploymentRecoveryTime: {
      readonly withheld?: boolean;
      readonly tier: Tier | null;
      readonly medianSeconds: number | null;
    };
    readonly reworkRate: { readonly withheld?: boolean; readonly rate: number | null };
    readonly overallTier: Tier | null;
  };
  readonly deploymentSource?: { readonly proxy: boolean };
}

/** How a badge writes a headline number of each unit. */
const HUMANIZE: Readonly<Record<MetricUnit, (n: number) => string>> = {
  perDay: humanizePerDay,
  seconds: humanizeDuration,
  fraction: humanizeRate,
};

/** The badges of a report, in the order of the summary table, the overall tier last. */
export function reportBadges(report: BadgeSource): Badge[] {
  const m = report.metrics;
  return [
    ...METRIC_SPECS.map((spec) => {
      const metric = m[spec.key];
      // Merges stand in for deployments: the badge says so, as the summary table does.
      const proxy = spec.key === 'deploymentFrequency' && report.deploymentSource?.proxy === true;
      const label = proxy ? `${spec.badge.label} (merges)` : spec.badge.label;
      // Deployment frequency never has a null value nor is withheld; without a tier (configuration
      // likely wrong, or rework rate, which has none) the number stands, uncoloured.
      const state = {
        withheld: 'withheld' in metric && metric.withheld === true,
        tier: spec.tiered && 'tier' in metric ? metric.tier : null,
      };
      return metricBadge(spec.badge.name, label, state, headlineOf(m, spec.key), HUMANIZE[spec.unit]);
    }),
    {
      name: 'overall',
      label: 'DORA',
      message: m.overallTier ?? NO_DATA_MESSAGE,
      color: m.overallTier === null ? NO_DATA_COLOR : TIER_COLORS[m.overallTier],
    },
  ];
}

function metricBadge(
  name: string,
  label: string,
  metric: { readonly withheld?: boolean; readonly tier: Tier | null },
  value: number | null,
  humanize: (n: number) => string,
): Badge {
  if (metric.withheld) return { name, label, message: WITHHELD_MESSAGE, color: NO_DATA_COLOR };
  if (value === null) return { name, label, message: NO_DATA_MESSAGE, color: NO_DATA_COLOR };
  return { name, label, message: humanize(value), color: metric.tier === null ? UNTIERED_COLOR : TIER_COLORS[metric.tier] };
}

/** The shields.io endpoint JSON of a badge. */
export function shieldsEndpoint(badge: Badge): string {
  return `${JSON.stringify({ schemaVersion: 1, label: badge.label, message: badge.message, color: badge.color }, null, 2)}\n`;
}

/** `<name>.svg` and `<name>.json` for every badge, paths relative to the badges directory. */
export function renderBadges(report: BadgeSource): BadgeFile[] {
  return reportBadges(report).flatMap((badge) => [
    { path: `${badge.name}.svg`, content: makeBadge({ label: badge.label, message: badge.message, color: badge.color }) },
    { path: `${badge.name}.json`, content: shieldsEndpoint(badge) },
  ]);
}

/**
 * The metric registry is complete: every metric has every field, no two metrics share a name, and
 * everything else that lists metrics (action.yml's outputs, the report schema, badges, alerts, the
 * engine's result) lists exactly the registry's.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { computeMetrics } from '../../src/dora/index.js';
import {
  ALERT_METRICS,
  METRIC_DATA,
  METRIC_KEYS,
  METRIC_OUTPUT_NAMES,
  METRIC_SPECS,
  METRICS,
  type MetricSpec,
  TIERED_METRICS,
  WITHHOLDABLE_METRICS,
  metricOfAlert,
  metricsNeeding,
} from '../../src/dora/metrics.js';
import { reportBadges } from '../../src/report/badges.js';
import { buildReport } from '../../src/report/json.js';
import { OUTPUT_NAMES, reportOutputs } from '../../src/report/outputs.js';
import { alertSchema, reportSchema } from '../../src/report/schema.js';
import { orgReportSchema } from '../../src/aggregate/schema.js';
import { ROOT } from '../support/run-action.js';
import { doraResult, reportContext } from '../report/fixtures.js';
import { commit, deployment, doraInput, onDay } from './records.js';

const SHA = 'a'.repeat(40);

const action = YAML.parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));

/** The outputs that are not any one metric's. */
const NOT_METRIC_OUTPUTS = ['overall-tier', 'deployment-source', 'complete', 'alerts', 'summary-line', 'report-path'];

const FIELDS: readonly (keyof MetricSpec)[] = [
  'key',
  'title',
  'name',
  'headline',
  'headlineName',
  'unit',
  'better',
  'tiered',
  'outputs',
  'alert',
  'badge',
  'withholdable',
  'needs',
];

describe('the metric registry', () => {
  it('has the five metrics, keyed by their own key, in table order', () => {
    expect(METRIC_KEYS).toEqual(['deploymentFrequency', 'leadTime', 'changeFailureRate', 'failedDeploymentRecoveryTime', 'reworkRate']);
    expect(Object.keys(METRICS)).toEqual([...METRIC_KEYS]);
    expect(METRIC_SPECS.map((spec) => spec.key)).toEqual([...METRIC_KEYS]);
  });

  it('gives every metric every field', () => {
    for (const spec of METRIC_SPECS as readonly MetricSpec[]) {
      expect(Object.keys(spec).sort(), spec.key).toEqual([...FIELDS].sort());
      for (const field of ['title', 'name', 'headlineName', 'alert'] as const) {
        expect(spec[field], `${spec.key}.${field}`).toMatch(/^[a-z][a-z -]*[a-z]$/);
      }
      expect(['perDay', 'medianSeconds', 'rate']).toContain(spec.headline);
      expect(['perDay', 'seconds', 'fraction']).toContain(spec.unit);
      expect(['higher', 'lower']).toContain(spec.better);
      expect(typeof spec.tiered).toBe('boolean');
      expect(typeof spec.withholdable).toBe('boolean');
      expect(Object.keys(spec.outputs).sort()).toEqual(['count', 'text', 'tier', 'value']);
      expect(spec.outputs.value).toMatch(/^[a-z-]+$/);
      // The companion for people: a duration under the metric's name (`lead-time`), a rate in percent (`change-failure-rate-percent`), a frequency as text.
      const readable = {
        seconds: spec.outputs.value.replace(/-seconds$/, ''),
        fraction: `${spec.outputs.value}-percent`,
        perDay: `${spec.outputs.value}-text`,
      };
      expect(spec.outputs.text).toBe(readable[spec.unit]);
      // A tier output exactly when DORA publishes tiers for it.
      expect(spec.outputs.tier === null, spec.key).toBe(!spec.tiered);
      expect(spec.badge.name).toMatch(/^[a-z-]+$/);
      expect(spec.badge.label).toBeTruthy();
      // Every metric is computed from deployments; the rest is data a gap in which withholds it.
      expect(spec.needs[0], spec.key).toBe('deployments');
      for (const data of spec.needs) expect(METRIC_DATA).toContain(data);
      expect(new Set(spec.needs).size).toBe(spec.needs.length);
      expect(spec.withholdable, spec.key).toBe(spec.needs.length > 1);
    }
  });

  it('names no two metrics alike', () => {
    const unique = (names: readonly unknown[]) => expect(new Set(names).size).toBe(names.length);
    unique(METRIC_SPECS.map((s) => s.title));
    unique(METRIC_SPECS.map((s) => s.name));
    unique(METRIC_SPECS.map((s) => s.headlineName));
    unique(METRIC_SPECS.map((s) => s.alert));
    unique(METRIC_SPECS.map((s) => s.badge.name));
    unique(METRIC_OUTPUT_NAMES);
  });

  it('names every metric output of action.yml, and only those', () => {
    const declared = Object.keys(action.outputs);
    const metricOutputs = declared.filter((name) => !NOT_METRIC_OUTPUTS.includes(name));
    expect([...METRIC_OUTPUT_NAMES]).toEqual(metricOutputs);
    expect([...OUTPUT_NAMES, 'report-path'].sort()).toEqual([...declared].sort());
  });

  it('is what the report schema lists: metrics, deltas (unit and better), alert names', () => {
    const report = buildReport(doraResult(), reportContext());
    expect(Object.keys(report.metrics)).toEqual([...METRIC_KEYS, 'overallTier']);
    expect(Object.keys(report.deltas)).toEqual([...METRIC_KEYS]);
    for (const key of METRIC_KEYS) {
      expect(report.deltas[key], key).toMatchObject({ unit: METRICS[key].unit, better: METRICS[key].better });
    }
    expect(Object.keys(reportSchema.shape.deltas.shape)).toEqual([...METRIC_KEYS]);
    expect(Object.keys(orgReportSchema.shape.deltas.shape)).toEqual([...METRIC_KEYS]);
    expect(alertSchema.shape.metric.options).toEqual([...ALERT_METRICS]);
    for (const spec of METRIC_SPECS) expect(metricOfAlert(spec.alert)).toBe(spec.key);
    expect(metricOfAlert('overall')).toBeNull();
  });

  it('is what the engine computes, and its headline fields exist there', () => {
    const { metrics } = computeMetrics(doraInput({ commits: [commit(SHA, [], onDay(20))], deployments: [deployment(1, onDay(21), SHA)] }));
    expect(Object.keys(metrics)).toEqual([...METRIC_KEYS, 'overallTier']);
    for (const spec of METRIC_SPECS) expect(metrics[spec.key], spec.key).toHaveProperty(spec.headline);
  });

  it('names the badges and outputs of a report', () => {
    const report = buildReport(doraResult(), reportContext());
    expect(reportBadges(report).map((b) => [b.name, b.label])).toEqual([
      ...METRIC_SPECS.map((s) => [s.badge.name, s.badge.label]),
      ['overall', 'DORA'],
    ]);
    expect(Object.keys(reportOutputs(report)).sort()).toEqual([...OUTPUT_NAMES].sort());
  });

  it('derives the withholdable and tiered metrics, and which metrics each read understates', () => {
    expect(WITHHOLDABLE_METRICS).toEqual(['leadTime', 'changeFailureRate', 'failedDeploymentRecoveryTime', 'reworkRate']);
    expect(TIERED_METRICS).toEqual(['deploymentFrequency', 'leadTime', 'changeFailureRate', 'failedDeploymentRecoveryTime']);
    // The lists src/github/collect.ts and outside.ts still spell out (ALL_METRICS, CHANGE_METRICS, INCIDENT_METRICS).
    expect(metricsNeeding('deployments')).toEqual([...METRIC_KEYS]);
    expect(metricsNeeding('history')).toEqual(['leadTime', 'changeFailureRate', 'failedDeploymentRecoveryTime', 'reworkRate']);
    expect(metricsNeeding('pullRequests')).toEqual(metricsNeeding('history'));
    expect(metricsNeeding('incidents')).toEqual(['changeFailureRate', 'failedDeploymentRecoveryTime']);
  });

  it('imports nothing outside src/dora: the engine is the lowest layer', () => {
    const source = fs.readFileSync(path.join(ROOT, 'src/dora/metrics.ts'), 'utf8');
    for (const [, from] of source.matchAll(/\bfrom\s+'([^']+)'/g)) expect(from).toMatch(/^\.\/[^/]+\.js$/);
  });
});

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { buildReport, serializeReport } from '../../src/report/json.js';
import {
  PAYLOAD_FORMATS,
  PROMETHEUS_CONTENT_TYPE,
  buildPayload,
  escapeSlack,
  idempotencyKey,
  otlpBody,
  prometheusBody,
  slackBody,
  type SlackMessage,
} from '../../src/report/payloads/index.js';
import { reportSchema, type Report } from '../../src/report/schema.js';
import { doraResult, emptyMetrics, reportContext } from './fixtures.js';

const require = createRequire(import.meta.url);

interface PrometheusFamily {
  name: string;
  help: string;
  type: string;
  metrics: { value: string; labels?: Record<string, string> }[];
}
const parsePrometheusTextFormat = require('parse-prometheus-text-format') as (text: string) => PrometheusFamily[];

/** The statically generated protobufjs types of the OTLP protos, as @opentelemetry/otlp-transformer ships them. */
interface ProtoType {
  fromObject(object: unknown): object;
  verify(message: unknown): string | null;
  toObject(message: object, options: Record<string, unknown>): unknown;
  encode(message: object): { finish(): Uint8Array };
  decode(bytes: Uint8Array): object;
}
const otlpRoot = require('@opentelemetry/otlp-transformer/build/src/generated/root.js') as {
  opentelemetry: { proto: { collector: { metrics: { v1: { ExportMetricsServiceRequest: ProtoType } } } } };
};
const ExportMetricsServiceRequest = otlpRoot.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

const report = buildReport(doraResult(), reportContext());
const emptyReport = buildReport(doraResult({ metrics: emptyMetrics }), reportContext());
const withheldReport = buildReport(
  doraResult(),
  reportContext({
    complete: false,
    missing: [{ what: 'pull requests', reason: '403', metrics: ['leadTime'] }],
    withheld: [{ metric: 'leadTime', reason: 'pull requests could not be read' }],
  }),
);

/**
 * The text format's grammar, stricter than the parser: metric and label names, label values with
 * only the three escapes, Go-parsable values, one HELP and TYPE per family before its samples.
 */
function assertExpositionFormat(text: string): void {
  expect(text.endsWith('\n')).toBe(true);
  const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"';
  const sample = new RegExp(`^(${NAME})(?:\\{${LABEL}(?:,${LABEL})*\\})? (-?(?:\\d+\\.?\\d*(?:e[+-]?\\d+)?|Inf)|NaN)$`);
  const seen = new Set<string>();
  let family = '';
  for (const line of text.slice(0, -1).split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      expect(meta[2]).toMatch(new RegExp(`^${NAME}$`));
      if (meta[1] === 'HELP') {
        expect(seen.has(meta[2]!), `family ${meta[2]} repeated`).toBe(false);
        seen.add(meta[2]!);
        family = meta[2]!;
      } else {
        expect(meta[2]).toBe(family);
        expect(meta[3]).toBe('gauge');
      }
      continue;
    }
    const match = sample.exec(line);
    expect(match, line).not.toBeNull();
    expect(match![1]).toBe(family);
  }
}

function family(families: PrometheusFamily[], name: string): PrometheusFamily | undefined {
  return families.find((f) => f.name === name);
}

describe('idempotencyKey', () => {
  it('is the sha256 of repository, window end and run id: stable, and different for any other', () => {
    const key = idempotencyKey(report, '77');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(idempotencyKey(report, '77')).toBe(key);
    expect(idempotencyKey(report, '78')).not.toBe(key);
    expect(idempotencyKey({ ...report, repository: 'acme/other' }, '77')).not.toBe(key);
    expect(idempotencyKey({ ...report, window: { ...report.window, end: '2026-06-02T00:00:00.000Z' } }, '77')).not.toBe(key);
  });

  it('goes with every format', () => {
    for (const format of PAYLOAD_FORMATS) expect(buildPayload(format, report, '77').idempotencyKey).toBe(idempotencyKey(report, '77'));
  });
});

describe('json payload', () => {
  it('is the report exactly as the artifact holds it', () => {
    const payload = buildPayload('json', report, '77');
    expect(payload.contentType).toBe('application/json');
    expect(payload.body).toBe(serializeReport(report));
    expect(reportSchema.parse(JSON.parse(payload.body))).toEqual(report);
  });
});

describe('prometheus payload', () => {
  const text = prometheusBody(report);
  const families = parsePrometheusTextFormat(text);
  const labels = { repository: 'acme/shop', source: 'workflow', window_days: '30' };

  it('is the text exposition format, gauges with HELP and TYPE', () => {
    assertExpositionFormat(text);
    expect(buildPayload('prometheus', report, '77')).toMatchObject({ body: text, contentType: PROMETHEUS_CONTENT_TYPE });
    for (const f of families) {
      expect(f.type).toBe('GAUGE');
      expect(f.help).not.toBe('');
    }
  });

  it('holds the headline numbers with repository, source and window_days labels', () => {
    expect(family(families, 'dora_deployment_frequency_per_day')!.metrics).toEqual([{ value: String(49 / 30), labels }]);
    expect(family(families, 'dora_deployments')!.metrics).toEqual([{ value: '49', labels }]);
    expect(family(families, 'dora_lead_time_seconds')!.metrics).toEqual([
      { value: '130697', labels: { ...labels, quantile: '0.5' } },
      { value: '554482.3', labels: { ...labels, quantile: '0.9' } },
      { value: '1037078.149999996', labels: { ...labels, quantile: '0.95' } },
    ]);
    expect(Number(family(families, 'dora_change_failure_rate')!.metrics[0]!.value)).toBe(6 / 49);
    expect(family(families, 'dora_recovery_time_seconds')!.metrics.map((m) => m.value)).toEqual(['6664', '9325.5', '9368.25']);
    expect(Number(family(families, 'dora_rework_rate')!.metrics[0]!.value)).toBe(6 / 49);
    expect(family(families, 'dora_report_complete')!.metrics[0]!.value).toBe('1');
    expect(family(families, 'dora_window_end_timestamp_seconds')!.metrics[0]!.value).toBe(String(Date.UTC(2026, 5, 1) / 1000));
  });

  it('gives each tier as a series of value 1', () => {
    expect(family(families, 'dora_tier')!.metrics).toEqual([
      { value: '1', labels: { ...labels, metric: 'deployment_frequency', tier: 'elite' } },
      { value: '1', labels: { ...labels, metric: 'lead_time', tier: 'high' } },
      { value: '1', labels: { ...labels, metric: 'change_failure_rate', tier: 'medium' } },
      { value: '1', labels: { ...labels, metric: 'recovery_time', tier: 'high' } },
      { value: '1', labels: { ...labels, metric: 'overall', tier: 'medium' } },
    ]);
  });

  it('leaves out metrics without data rather than sending 0', () => {
    const empty = parsePrometheusTextFormat(prometheusBody(emptyReport));
    assertExpositionFormat(prometheusBody(emptyReport));
    expect(family(empty, 'dora_deployments')!.metrics[0]!.value).toBe('0');
    for (const name of ['dora_lead_time_seconds', 'dora_change_failure_rate', 'dora_recovery_time_seconds', 'dora_rework_rate']) {
      expect(family(empty, name), name).toBeUndefined();
    }
    expect(family(empty, 'dora_tier')!.metrics.map((m) => m.labels!.metric)).toEqual(['deployment_frequency', 'overall']);
  });

  it('leaves out withheld metrics and says the report is incomplete', () => {
    const withheld = parsePrometheusTextFormat(prometheusBody(withheldReport));
    expect(family(withheld, 'dora_lead_time_seconds')).toBeUndefined();
    expect(family(withheld, 'dora_lead_time_changes')).toBeUndefined();
    expect(family(withheld, 'dora_tier')!.metrics.map((m) => m.labels!.metric)).not.toContain('lead_time');
    expect(family(withheld, 'dora_report_complete')!.metrics[0]!.value).toBe('0');
  });

  it('escapes label values as the format requires', () => {
    const odd: Report = { ...report, repository: 'ac"me\\x\ny/shop' };
    const text = prometheusBody(odd);
    assertExpositionFormat(text);
    expect(text).toContain('repository="ac\\"me\\\\x\\ny/shop"');
    expect(family(parsePrometheusTextFormat(text), 'dora_deployments')!.metrics[0]!.labels!.repository).toBe('ac"me\\x\ny/shop');
  });
});

describe('otlp payload', () => {
  const body = otlpBody(report);
  const json = JSON.parse(buildPayload('otlp', report, '77').body) as unknown;

  /** The protobuf JSON mapping, checked both ways: every field known by its lowerCamelCase name, nothing lost. */
  function assertOtlpJson(value: unknown): void {
    const message = ExportMetricsServiceRequest.fromObject(value);
    expect(ExportMetricsServiceRequest.verify(message)).toBeNull();
    const options = { longs: String, enums: String, bytes: String, defaults: false, oneofs: false };
    // fromObject drops unknown (misnamed) fields: the round trip gives them away.
    expect(ExportMetricsServiceRequest.toObject(message, options)).toEqual(value);
    const decoded = ExportMetricsServiceRequest.decode(ExportMetricsServiceRequest.encode(message).finish());
    expect(ExportMetricsServiceRequest.toObject(decoded, options)).toEqual(value);
  }

  it('is an ExportMetricsServiceRequest in the protobuf JSON mapping', () => {
    expect(json).toEqual(body);
    assertOtlpJson(json);
    assertOtlpJson(JSON.parse(JSON.stringify(otlpBody(emptyReport))));
    assertOtlpJson(JSON.parse(JSON.stringify(otlpBody(withheldReport))));
  });

  it('catches a misnamed field (the check is not vacuous)', () => {
    const bad = JSON.parse(JSON.stringify(body)) as { resourceMetrics: { scope_metrics?: unknown; scopeMetrics?: unknown }[] };
    bad.resourceMetrics[0]!.scope_metrics = bad.resourceMetrics[0]!.scopeMetrics;
    delete bad.resourceMetrics[0]!.scopeMetrics;
    expect(() => assertOtlpJson(bad)).toThrow();
  });

  it('names the repository as the resource and dora-action as the scope', () => {
    const resource = body.resourceMetrics[0]!;
    expect(resource.resource.attributes).toEqual([
      { key: 'service.name', value: { stringValue: 'acme/shop' } },
      { key: 'repository', value: { stringValue: 'acme/shop' } },
      { key: 'vcs.repository.url.full', value: { stringValue: 'https://github.com/acme/shop' } },
    ]);
    expect(resource.scopeMetrics[0]!.scope).toEqual({ name: 'dora-action' });
  });

  it('sends gauges with asDouble, the time in nanoseconds as a string, and source and window_days', () => {
    const metrics = body.resourceMetrics[0]!.scopeMetrics[0]!.metrics;
    const leadTime = metrics.find((m) => m.name === 'dora.lead_time')!;
    expect(leadTime.unit).toBe('s');
    expect(leadTime.gauge.dataPoints).toEqual([
      {
        attributes: [
          { key: 'source', value: { stringValue: 'workflow' } },
          { key: 'window_days', value: { intValue: '30' } },
          { key: 'quantile', value: { stringValue: '0.5' } },
        ],
        timeUnixNano: '1780272090000000000',
        asDouble: 130697,
      },
      expect.objectContaining({ asDouble: 554482.3 }),
      expect.objectContaining({ asDouble: 1037078.149999996 }),
    ]);
    expect(new Date(Number(BigInt(leadTime.gauge.dataPoints[0]!.timeUnixNano) / 1_000_000n)).toISOString()).toBe(report.generatedAt);
    const frequency = metrics.find((m) => m.name === 'dora.deployment_frequency')!;
    expect(frequency.gauge.dataPoints[0]!.asDouble).toBe(49 / 30);
    expect(metrics.map((m) => m.name)).toEqual(
      expect.arrayContaining(['dora.change_failure_rate', 'dora.recovery_time', 'dora.rework_rate', 'dora.tier']),
    );
  });

  it('leaves out metrics without data', () => {
    const names = otlpBody(emptyReport).resourceMetrics[0]!.scopeMetrics[0]!.metrics.map((m) => m.name);
    expect(names).not.toContain('dora.lead_time');
    expect(names).not.toContain('dora.change_failure_rate');
    expect(names).toContain('dora.deployments');
  });
});

describe('slack payload', () => {
  const key = idempotencyKey(report, '77');
  const message = slackBody(report, key);

  /** Every mrkdwn and plain text of the message. */
  function texts(m: SlackMessage): string[] {
    return [
      m.text,
      ...m.blocks.flatMap((b) =>
        'text' in b ? [b.text.text] : 'fields' in b ? b.fields.map((f) => f.text) : b.elements.map((e) => e.text),
      ),
    ];
  }

  it('has a notification text and blocks with the headline numbers, tiers and a link to the run', () => {
    expect(JSON.parse(buildPayload('slack', report, '77').body)).toEqual(message);
    expect(message.text).toBe('DORA metrics for acme/shop, 2026-05-02 → 2026-06-01: overall 🟡 Medium');
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'DORA metrics: acme/shop', emoji: true } });
    const fields = message.blocks.flatMap((b) => ('fields' in b ? b.fields : []));
    expect(fields.map((f) => f.type)).toEqual(['mrkdwn', 'mrkdwn', 'mrkdwn', 'mrkdwn', 'mrkdwn']);
    expect(fields[0]!.text).toBe('*Deployment frequency*\n1.6/day · 🟣 Elite\n↑ +188% vs previous 30 days, better');
    expect(fields[1]!.text).toContain('*Lead time for changes*\n1d 12h · 🟢 High');
    expect(fields[2]!.text).toContain('12.2% · 🟡 Medium\n↑ +0.5 pts vs previous 30 days, worse');
    expect(fields[4]!.text).toMatch(/^\*Deployment rework rate\*\n12\.2%\n/);
    const context = message.blocks.at(-1)!;
    expect('elements' in context && context.elements[0]!.text).toContain('<https://github.com/acme/shop/actions/runs/77|workflow run>');
  });

  it('carries the idempotency key in the message metadata', () => {
    expect(message.metadata).toMatchObject({
      event_type: 'dora_metrics',
      event_payload: { idempotency_key: key, repository: 'acme/shop' },
    });
  });

  it('escapes untrusted text for mrkdwn, so it cannot mention, link or break out', () => {
    const hostile = buildReport(doraResult(), reportContext({ branch: 'x<!channel> & <https://evil.example|click>`y' }));
    const m = slackBody(hostile, key);
    const section = m.blocks[1]!;
    expect('text' in section && section.text.text).toContain("`x&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;'y`");
    for (const text of texts(m)) {
      // The only `<` left open the links the action builds.
      for (const match of text.matchAll(/</g))
        expect(text.slice(match.index)).toMatch(/^<https:\/\/github\.com\/acme\/shop[^<>|]*\|[^<>]+>/);
    }
    expect(escapeSlack('a & <b>\n c')).toBe('a &amp; &lt;b&gt; c');
  });

  it('says what is missing and not computed', () => {
    const m = slackBody(withheldReport, key);
    const fields = m.blocks.flatMap((b) => ('fields' in b ? b.fields : []));
    expect(fields[1]!.text).toBe('*Lead time for changes*\nnot computed');
    expect(texts(m).join('\n')).toContain(':warning: *Incomplete report*: some data could not be read, so one metric is not computed.');
    const empty = slackBody(emptyReport, key).blocks.flatMap((b) => ('fields' in b ? b.fields : []));
    expect(empty[2]!.text).toContain('no data');
  });
});

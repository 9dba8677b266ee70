import fc from 'fast-check';

/**
 * Generators of bad input shared by the in-process fuzz suite and the binary's sample: valid base
 * documents and one-fault mutations of them, each with what the error message must name.
 */

export const CSV_HEADER = 'timestamp,region,modelId,metric,value';
export const FIELDS = ['timestamp', 'region', 'modelId', 'metric', 'value'] as const;
export type CsvField = (typeof FIELDS)[number];

/** No comma, quote or line break: the fault stays inside its field instead of breaking the row. */
const plain = (s: string) => !/[,"\r\n]/.test(s);
export const badValueOf: Record<CsvField, fc.Arbitrary<string>> = {
  timestamp: fc.oneof(
    fc.string({ maxLength: 20 }).filter((s) => plain(s) && !/^\d{4}-/.test(s.trim())),
    // Shaped like a date but not one: month 13, day 32, 30 February, hour 24, no zone, date only.
    fc.constantFrom('2026-13-01T00:00:00Z', '2026-01-32T00:00:00Z', '2026-02-30T00:00:00Z', '2026-11-01T24:00:00Z', '2026-11-01T00:00:00', '2026-11-01', '2026-11-01T00:61:00Z'),
  ),
  region: fc.oneof(fc.string({ maxLength: 14 }).filter((s) => plain(s) && !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(s.trim())), fc.constantFrom('US-EAST-1', 'us-east', 'eu_west_1')),
  modelId: fc.constantFrom('', '   ', '\t'),
  metric: fc.oneof(
    fc.string({ maxLength: 20 }).filter((s) => plain(s) && !/^(Input|Output|CacheRead|CacheWrite|Invocation|Output)/.test(s.trim())),
    // Inherited object keys too: a lookup table once took "valueOf" for a metric.
    fc.constantFrom('Latency', 'InvocationLatency', 'inputtokencount', 'TokenCount', 'valueOf', 'constructor', 'toString', '__proto__', 'hasOwnProperty'),
  ),
  value: fc.oneof(
    fc.integer({ max: -1 }).map(String),
    fc.double({ noInteger: true, noDefaultInfinity: true, noNaN: true, min: 0.001, max: 1e6 }).map((d) => String(d)),
    fc.constantFrom('NaN', 'Infinity', '1e3', '12abc', '', '9007199254740993', '0x10', '1,5'.replace(',', ';')),
    fc.string({ maxLength: 8 }).filter((s) => plain(s) && !/^\d+(\.0+)?$/.test(s.trim())),
  ),
};

export function validRows(n: number): string[][] {
  const t0 = Date.parse('2026-11-01T00:00:00Z');
  return Array.from({ length: n }, (_, i) => [new Date(t0 + i * 60_000).toISOString().replace('.000', ''), 'us-east-1', 'amazon.nova-micro-v1:0', 'InputTokenCount', String(1000 + i)]);
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Path = Array<string | number>;

function pathsOf(value: Json, path: Path = []): Path[] {
  const here = path.length ? [path] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...path, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...path, k]))];
  return here;
}

function objectPathsOf(value: Json, path: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectPathsOf(v, [...path, i]));
  if (value && typeof value === 'object') return [path, ...Object.entries(value).flatMap(([k, v]) => objectPathsOf(v, [...path, k]))];
  return [];
}

function at(doc: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key]!, doc);
}

export function withValue(doc: Json, path: Path, value: Json): Json {
  const copy = structuredClone(doc);
  const parent = at(copy, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path[path.length - 1]!] = value;
  return copy;
}

/** A value of another JSON type than `original` (never a number for a string: decimal fields accept both). */
function wrongTypeFor(original: Json): fc.Arbitrary<Json> {
  if (Array.isArray(original)) return fc.constantFrom<Json>(true, null, 'x', 5, { a: 1 });
  if (original && typeof original === 'object') return fc.constantFrom<Json>(true, null, 'x', 5, [1]);
  return fc.constantFrom<Json>(true, false, null, [], {}, [1], { a: 1 });
}

/** The path as the message may print it: `models.0.segments` or `models[0].segments`. */
function pathMentions(path: Path): string[] {
  return [path.map(String).join('.')];
}

const fuzzKey = fc.stringMatching(/^zz[a-z]{1,6}$/);

/** One fault anywhere in `doc`: a wrong-typed value at a path, or an unknown key in an object. */
export function oneFault(doc: Json): fc.Arbitrary<{ document: Json; mentions: string[] }> {
  const paths = pathsOf(doc);
  const objects = objectPathsOf(doc);
  return fc.oneof(
    fc.constantFrom(...paths).chain((path) => wrongTypeFor(at(doc, path)).map((value) => ({ document: withValue(doc, path, value), mentions: pathMentions(path) }))),
    fc.tuple(fc.constantFrom(...objects), fuzzKey).map(([path, key]) => {
      const document = structuredClone(doc);
      (at(document, path) as Record<string, Json>)[key] = 1;
      return { document, mentions: [key] };
    }),
  );
}

export const SNAPSHOT: Json = {
  format: 'bedrock-cost-advisor/usage-snapshot@1',
  window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-01T00:05:00.000Z' },
  models: [
    {
      modelId: 'amazon.nova-micro-v1:0',
      region: 'us-east-1',
      namespace: 'AWS/Bedrock',
      segments: [{ periodSeconds: 60, start: 1_793_491_200, length: 3, metrics: { InputTokenCount: [100, 200, 300], OutputTokenCount: [10, 20, 30] } }],
    },
  ],
  provisionedThroughputs: [
    {
      provisionedModelArn: 'arn:aws:bedrock:us-east-1:000000000000:provisioned-model/abc',
      provisionedModelName: 'pt',
      region: 'us-east-1',
      modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0',
      modelUnits: 1,
      status: 'InService',
      commitmentDuration: 'OneMonth',
      commitmentExpirationTime: '2026-12-01T00:00:00.000Z',
    },
  ],
  customModels: [{ modelArn: 'arn:aws:bedrock:us-east-1:000000000000:custom-model/x', modelName: 'x', region: 'us-east-1' }],
  inferenceProfiles: [{ inferenceProfileArn: 'arn:aws:bedrock:us-east-1:000000000000:inference-profile/us.x', inferenceProfileId: 'us.x', region: 'us-east-1', type: 'SYSTEM_DEFINED', modelArns: ['arn:x'] }],
  errors: [{ scope: 'region eu-west-1', message: 'AccessDenied' }],
  collection: { listMetricsCalls: 2, getMetricDataCalls: 1, metricsRequested: 2, datapoints: 6, estimatedCostUsd: '0.00004' },
};

export const RATES: Json = {
  rates: [
    {
      model: 'amazon.nova-2-lite-v1:0',
      region: 'us-east-1',
      scope: 'in-region',
      onDemand: { input: '0.0003', output: '0.0025', cacheRead: '0.00003', cacheWrite: '0.0003', cacheWrite1h: '0.0006' },
      batch: { input: '0.00015', output: '0.00125' },
      flex: { input: '0.00015', output: '0.00125' },
      priority: { input: '0.000525', output: '0.004375' },
      provisioned: { noCommit: '60', oneMonth: '55', sixMonth: '48.00', unitTokensPerMinute: { input: 3_000_000, output: 300_000 } },
    },
  ],
  discountPercent: '10',
};


import { parse } from 'csv-parse/sync';
import { UsageInputError } from '../errors.js';
import { UsageBuilder, canonicalMetricName, USAGE_METRICS, type UsageSnapshot } from './usage.js';

/**
 * Reads usage from CSV: header `timestamp,region,modelId,metric,value`, one CloudWatch datapoint a
 * row (metric names as CloudWatch spells them, ISO 8601 timestamps, integer values). The period is
 * inferred per model as the smallest gap between its timestamps.
 */
export const CSV_COLUMNS = ['timestamp', 'region', 'modelId', 'metric', 'value'] as const;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const MAX_REPORTED_ERRORS = 20;
/** Period assumed for a model with a single timestamp and nothing else to infer from. */
const DEFAULT_PERIOD_SECONDS = 3600;

/** ISO 8601 in form and a real calendar date-time: Date.parse would roll 2026-02-30 over to March. */
function isRealDateTime(text: string): boolean {
  if (!ISO_8601.test(text) || Number.isNaN(Date.parse(text))) return false;
  const [y, m, d] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const [hh, mm, ss] = [Number(text.slice(11, 13)), Number(text.slice(14, 16)), text[16] === ':' ? Number(text.slice(17, 19)) : 0];
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d && hh < 24 && mm < 60 && ss < 60;
}

interface Row {
  line: number;
  t: number;
  region: string;
  modelId: string;
  metric: (typeof USAGE_METRICS)[number];
  value: number;
}

export function parseUsageCsv(text: string, fileName: string): UsageSnapshot {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, relax_column_count: false, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    throw new UsageInputError(`${fileName}${e.lines ? `:${e.lines}` : ''}: not valid CSV: ${e.message ?? String(error)}`);
  }
  if (records.length === 0) throw new UsageInputError(`${fileName}: empty file; expected a header "${CSV_COLUMNS.join(',')}"`);
  const header = records[0]!.record;
  const index = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof CSV_COLUMNS)[number], number>;
  const missing = CSV_COLUMNS.filter((c) => index[c] < 0);
  if (missing.length) {
    throw new UsageInputError(`${fileName}:1: header is missing column(s) ${missing.join(', ')}; expected "${CSV_COLUMNS.join(',')}"`);
  }

  const errors: string[] = [];
  const rows: Row[] = [];
  for (const { record, info } of records.slice(1)) {
    const at = `${fileName}:${info.lines}`;
    const field = (c: (typeof CSV_COLUMNS)[number]) => record[index[c]] ?? '';
    const problems: string[] = [];
    const timestamp = field('timestamp');
    const t = isRealDateTime(timestamp) ? Date.parse(timestamp) : NaN;
    if (Number.isNaN(t)) problems.push(`timestamp "${timestamp}" is not an ISO 8601 date-time such as 2026-11-01T00:00:00Z`);
    const region = field('region');
    if (!REGION.test(region)) problems.push(`region "${region}" is not an AWS Region code such as us-east-1`);
    const modelId = field('modelId');
    if (!modelId) problems.push('modelId is empty');
    const metricName = field('metric');
    const metric = canonicalMetricName(metricName);
    if (!metric) problems.push(`metric "${metricName}" is not a Bedrock usage metric (expected one of ${USAGE_METRICS.join(', ')}, or CacheReadInputTokens/CacheWriteInputTokens)`);
    const rawValue = field('value');
    const value = /^\d+(\.0+)?$/.test(rawValue) ? Number(rawValue) : NaN;
    if (!Number.isSafeInteger(value)) problems.push(`value "${rawValue}" is not a non-negative whole number`);
    if (problems.length) {
      errors.push(...problems.map((p) => `${at}: ${p}`));
      if (errors.length >= MAX_REPORTED_ERRORS) break;
      continue;
    }
    rows.push({ line: info.lines, t: Math.floor(t / 1000), region, modelId, metric: metric!, value });
  }
  if (errors.length) {
    throw new UsageInputError(`${fileName} has ${errors.length >= MAX_REPORTED_ERRORS ? 'at least ' : ''}${errors.length} bad row(s):\n${errors.slice(0, MAX_REPORTED_ERRORS).join('\n')}`);
  }
  if (rows.length === 0) throw new UsageInputError(`${fileName}: no data rows after the header`);

  // Infer each model's period from the gaps between its distinct timestamps.
  const times = new Map<string, Set<number>>();
  for (const r of rows) {
    const key = `${r.region}\u0000${r.modelId}`;
    let set = times.get(key);
    if (!set) times.set(key, (set = new Set()));
    set.add(r.t);
  }
  const periods = new Map<string, number>();
  let globalMin = Infinity;
  for (const [key, set] of times) {
    const sorted = [...set].sort((a, b) => a - b);
    let min = Infinity;
    for (let i = 1; i < sorted.length; i++) min = Math.min(min, (sorted[i] as number) - (sorted[i - 1] as number));
    if (Number.isFinite(min)) {
      periods.set(key, min);
      globalMin = Math.min(globalMin, min);
    }
  }
  for (const [key, period] of periods) {
    if (period % 60 !== 0) {
      const [region, modelId] = key.split('\u0000');
      throw new UsageInputError(`${fileName}: ${modelId} (${region}) has datapoints ${period} s apart; CloudWatch periods for Bedrock are whole minutes (60, 300, 3600 s)`);
    }
  }
  const fallback = Number.isFinite(globalMin) ? globalMin : DEFAULT_PERIOD_SECONDS;
  const builder = new UsageBuilder();
  let start = Infinity;
  let end = -Infinity;
  for (const r of rows) {
    const period = periods.get(`${r.region}\u0000${r.modelId}`) ?? fallback;
    builder.add({ region: r.region, modelId: r.modelId, metric: r.metric, timestamp: r.t, periodSeconds: period, value: r.value });
    start = Math.min(start, r.t);
    end = Math.max(end, r.t + period);
  }
  return {
    window: { start: new Date(start * 1000).toISOString(), end: new Date(end * 1000).toISOString() },
    models: builder.build(),
    provisionedThroughputs: [],
    customModels: [],
    inferenceProfiles: [],
    errors: [],
  };
}

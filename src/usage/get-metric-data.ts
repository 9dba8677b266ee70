import { UsageInputError } from '../errors.js';
import type { UsageReadOptions } from './csv.js';
import { GeneratedUsageCsv, LABEL_RULE, seriesOfLabel } from './generated-csv.js';
import type { UsageSnapshot } from './usage.js';

/**
 * Reads the JSON that `aws cloudwatch get-metric-data` prints: `{"MetricDataResults": [{"Id", "Label",
 * "Timestamps", "Values", "StatusCode"}], "Messages": []}` (MetricDataResult in the CloudWatch API
 * reference, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_MetricDataResult.html;
 * the CLI prints Timestamps as ISO 8601 strings).
 *
 * A result does not say which model, Region or metric it is: the naming rule is the query's `Label`,
 * `"<region> <modelId> <MetricName>"` (for example `us-east-1 anthropic.claude-3-haiku-20240307-v1:0
 * InputTokenCount`), set in the query you send. Every point then goes through the CSV reader, so the
 * checks are the same as for the canonical CSV (whole minutes, whole numbers, Regions, model IDs, metric
 * names, duplicates, the window), and errors name the result and point rather than a line.
 */

interface MetricDataResult {
  Id?: unknown;
  Label?: unknown;
  Timestamps?: unknown;
  Values?: unknown;
  StatusCode?: unknown;
}

/** True for a parsed document that is get-metric-data output rather than a usage snapshot. */
export function isGetMetricDataOutput(document: unknown): document is { MetricDataResults: unknown } {
  return document !== null && typeof document === 'object' && !Array.isArray(document) && 'MetricDataResults' in document;
}

export function parseGetMetricDataOutput(document: { MetricDataResults: unknown }, fileName: string, options: UsageReadOptions): UsageSnapshot {
  const results = document.MetricDataResults;
  if (!Array.isArray(results)) throw new UsageInputError(`${fileName}: MetricDataResults is not a list`);
  const rows = new GeneratedUsageCsv(fileName, options);
  results.forEach((raw: MetricDataResult, i) => {
    const name = `MetricDataResults[${i}]${typeof raw?.Id === 'string' ? ` (Id "${raw.Id}")` : ''}`;
    if (!raw || typeof raw !== 'object') throw new UsageInputError(`${fileName}: ${name} is not an object`);
    if (raw.StatusCode !== 'Complete') {
      throw new UsageInputError(`${fileName}: ${name}.StatusCode is ${JSON.stringify(raw.StatusCode)}, not "Complete": the output holds part of the data (PartialData: fetch the rest with NextToken; InternalError: run the query again)`);
    }
    const series = seriesOfLabel(raw.Label);
    if (!series) throw new UsageInputError(`${fileName}: ${name}.Label ${JSON.stringify(raw.Label)} does not name the Region, model and metric: give each query the Label ${LABEL_RULE}`);
    const { Timestamps: times, Values: values } = raw;
    if (!Array.isArray(times) || !Array.isArray(values) || times.length !== values.length) {
      throw new UsageInputError(`${fileName}: ${name}: Timestamps and Values must be lists of the same length`);
    }
    const [region, modelId, metric] = series;
    for (let j = 0; j < times.length; j++) {
      const value = values[j];
      const point = `${fileName}: ${name} point ${j} (${String(times[j])})`;
      // The CLI prints Values as JSON numbers; anything else is named here rather than read as text.
      if (typeof value !== 'number') throw new UsageInputError(`${point}: value ${JSON.stringify(value)} is not a number`);
      rows.row(String(times[j]), region, modelId, metric, String(value), point);
    }
  });
  return rows.finish();
}

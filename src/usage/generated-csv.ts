import { UsageInputError } from '../errors.js';
import { CSV_COLUMNS, UsageCsvReader, type UsageReadOptions } from './csv.js';
import type { UsageSnapshot } from './usage.js';

/**
 * Usage in another layout (get-metric-data JSON, the console's wide CSV) is rewritten as rows of the
 * canonical CSV and read by its reader, so every check is the same one. The canonical reader names
 * lines of the generated text, which the user never saw: each generated row remembers where it came
 * from in the user's file, and errors name that place instead.
 */
export class GeneratedUsageCsv {
  private readonly reader: UsageCsvReader;
  /** Where generated row n (line n + 2 of the generated text) came from, file name included. */
  private readonly origins: string[] = [];

  constructor(private readonly fileName: string, options: UsageReadOptions) {
    this.reader = new UsageCsvReader(fileName, options);
    this.reader.push(`${CSV_COLUMNS.join(',')}\n`);
  }

  /**
   * One data point. A comma, quote or line break in a field would be read as another field or row:
   * refused here, naming `origin` (the place in the user's file, with its name).
   */
  row(timestamp: string, region: string, modelId: string, metric: string, value: string, origin: string): void {
    const fields = [timestamp, region, modelId, metric, value];
    const broken = fields.findIndex((f) => /[,"\r\n]/.test(f));
    if (broken >= 0) throw new UsageInputError(`${origin}: ${CSV_COLUMNS[broken]} ${JSON.stringify(fields[broken])} has a comma, quote or line break`);
    this.origins.push(origin);
    this.reader.push(`${fields.join(',')}\n`);
  }

  finish(): UsageSnapshot {
    try {
      return this.reader.finish();
    } catch (error) {
      if (!(error instanceof UsageInputError)) throw error;
      const line = new RegExp(`${this.fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)`, 'g');
      const message = error.message.replace(line, (whole, n: string) => {
        const origin = this.origins[Number(n) - 2];
        return origin ?? whole;
      });
      throw new UsageInputError(message, { cause: error });
    }
  }
}

/**
 * The naming rule for a series whose layout does not say which model it is (a get-metric-data result,
 * a column of the console's CSV): its Label is `"<region> <modelId> <MetricName>"`. CloudWatch's
 * dynamic labels write it for every series of a search expression at once:
 * `${PROP('Region')} ${PROP('Dim.ModelId')} ${PROP('MetricName')}`
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/graph-dynamic-labels.html).
 */
export const LABEL_RULE = `"<region> <modelId> <MetricName>" (for example "us-east-1 anthropic.claude-3-haiku-20240307-v1:0 InputTokenCount"; the dynamic label \${PROP('Region')} \${PROP('Dim.ModelId')} \${PROP('MetricName')} writes it for every series)`;

/** The Region, model ID and metric name a Label names, or undefined when it does not follow the rule. */
export function seriesOfLabel(label: unknown): [region: string, modelId: string, metric: string] | undefined {
  if (typeof label !== 'string') return undefined;
  const words = label.trim().split(/\s+/);
  return words.length === 3 ? (words as [string, string, string]) : undefined;
}

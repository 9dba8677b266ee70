import { StringDecoder } from 'node:string_decoder';
import { UsageInputError } from '../errors.js';
import { CSV_COLUMNS, splitQuoted, type UsageReadOptions } from './csv.js';
import { GeneratedUsageCsv, LABEL_RULE, seriesOfLabel } from './generated-csv.js';
import type { UsageSnapshot } from './usage.js';

/**
 * The CloudWatch console's CSV download of a graph is wide: a time column, then one column per graphed
 * series headed by its label, one row per timestamp, an empty cell where a series has no point. A
 * column does not say which model it is, so its header follows the same naming rule as a
 * get-metric-data Label (`LABEL_RULE`). Every cell is rewritten as a canonical row and read with the
 * canonical reader's checks; errors name the file, line and column.
 *
 * Timestamps must carry their zone: the console writes the graph's time zone, which may be local, and
 * a local time read as UTC would shift every hour of the peak and the window. ISO 8601 with `Z` or an
 * offset is read, with a space or `T` between date and time, and a trailing ` UTC` is `Z`.
 */

const MAX_COLUMNS = 1_000;

/** A header row is the wide layout when it names none of the canonical columns and has a column after the time. */
export function isWideCsvHeader(line: string): boolean {
  const fields = fieldsOf(line);
  return !!fields && fields.length >= 2 && !fields.some((f) => (CSV_COLUMNS as readonly string[]).includes(f));
}

function fieldsOf(line: string): string[] | undefined {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  return (text.includes('"') ? splitQuoted(text) : text.split(','))?.map((f) => f.trim());
}

/** `2026-11-01 00:05:00 UTC` and `2026-11-01T00:05:00+01:00` as ISO 8601; a time without a zone is undefined. */
function isoTimestamp(text: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})$/i.exec(text);
  if (!m) return undefined;
  const zone = /^(Z|UTC|GMT)$/i.test(m[3]!) ? 'Z' : m[3]!;
  return `${m[1]}T${m[2]}${zone}`;
}

export class WideUsageCsvReader {
  private readonly rows: GeneratedUsageCsv;
  private readonly decoder = new StringDecoder('utf8');
  private carry = '';
  private line = 0;
  private series: Array<[region: string, modelId: string, metric: string]> | undefined;
  private labels: string[] = [];

  constructor(private readonly fileName: string, options: UsageReadOptions) {
    this.rows = new GeneratedUsageCsv(fileName, options);
  }

  push(chunk: Uint8Array | string): void {
    const text = this.carry + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      this.readLine(text.slice(from, nl));
      from = nl + 1;
    }
    this.carry = text.slice(from);
  }

  finish(): UsageSnapshot {
    const rest = this.carry + this.decoder.end();
    if (rest) this.readLine(rest);
    if (!this.series) throw new UsageInputError(`${this.fileName}: empty file`);
    return this.rows.finish();
  }

  private readLine(raw: string): void {
    this.line++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;
    const fields = fieldsOf(text);
    if (!fields) throw new UsageInputError(`${this.fileName}:${this.line}: not valid CSV: a quoted field is not closed on its line`);
    if (!this.series) return this.readHeader(fields);
    if (fields.length !== this.labels.length + 1) {
      throw new UsageInputError(`${this.fileName}:${this.line}: not valid CSV: ${fields.length} fields where the header has ${this.labels.length + 1}`);
    }
    const time = fields[0]!;
    const timestamp = isoTimestamp(time);
    if (!timestamp) {
      throw new UsageInputError(
        `${this.fileName}:${this.line}: time ${JSON.stringify(time)} is not an ISO 8601 time with its zone (Z, UTC or an offset such as +00:00); set the graph's time zone to UTC before downloading, so the hours are not shifted`,
      );
    }
    for (let c = 0; c < this.series.length; c++) {
      const value = fields[c + 1]!;
      if (value === '') continue; // no point for this series at this time
      const [region, modelId, metric] = this.series[c]!;
      this.rows.row(timestamp, region, modelId, metric, value, `${this.fileName}:${this.line}: column ${c + 2} (${JSON.stringify(this.labels[c])})`);
    }
  }

  private readHeader(fields: string[]): void {
    if (fields.length > MAX_COLUMNS + 1) throw new UsageInputError(`${this.fileName}:${this.line}: header has ${fields.length} columns; at most ${MAX_COLUMNS} series a file`);
    if (seriesOfLabel(fields[0]) && !isoTimestamp(fields[0]!)) {
      throw new UsageInputError(`${this.fileName}:${this.line}: column 1 ${JSON.stringify(fields[0])} is a series label; the first column must be the time`);
    }
    const labels = fields.slice(1);
    const series = labels.map((label, c) => {
      const named = seriesOfLabel(label);
      if (!named) {
        throw new UsageInputError(
          `${this.fileName}:${this.line}: column ${c + 2} header ${JSON.stringify(label)} does not name the Region, model and metric. A usage CSV has the header "${CSV_COLUMNS.join(',')}"; a wide CSV (the console's Download CSV) has a time column, then one column per series labelled ${LABEL_RULE}`,
        );
      }
      return named;
    });
    const seen = new Map<string, number>();
    labels.forEach((label, c) => {
      const key = series[c]!.join(' ');
      const first = seen.get(key);
      if (first !== undefined) throw new UsageInputError(`${this.fileName}:${this.line}: columns ${first + 2} and ${c + 2} are both ${JSON.stringify(label)}; each series must appear once`);
      seen.set(key, c);
    });
    this.labels = labels;
    this.series = series;
  }
}

import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { PriceCatalog } from '../catalog/catalog.js';
import { analyze, type AnalyzeOptions } from '../engine.js';
import { ConfigurationError, InputError } from '../errors.js';
import { renderMarkdown, renderText } from '../report/render-text.js';
import { toJsonReport, type AdvisorReport } from '../report/report.js';
import { SAMPLE_END, SAMPLE_RATES, SAMPLE_RATES_NAME, sampleSnapshot } from '../sample/sample.js';
import { readUsageFile } from '../usage/read-file.js';
import { snapshotLines } from '../usage/snapshot.js';
import type { UsageSnapshot, UsageWindow } from '../usage/usage.js';

export const HELP = `bedrock-cost-advisor: replays your Amazon Bedrock usage against every pricing mode
and recommends the cheapest, with exact money.

Usage:
  bedrock-cost-advisor analyze --sample                 analyse the embedded sample account
  bedrock-cost-advisor analyze --input usage.csv        analyse usage from a file
  bedrock-cost-advisor analyze --region us-east-1       analyse a real account (default credentials)

Input (one of):
  --sample                 the embedded, deterministic sample account (with its sample rates)
  --input FILE             CSV with header timestamp,region,modelId,metric,value (CloudWatch metric
                           names, ISO 8601 timestamps on whole minutes; each point's period, 60, 300
                           or 3600 s, read from CloudWatch's retention tiers), or a usage snapshot
    --start T, --end T     the analysis window (ISO 8601, end exclusive); default: the first
                           timestamp to the last plus its period. Data outside it is an error
  --region R               read CloudWatch and Bedrock in Region R (repeatable)
    --profile P            AWS shared-config profile
    --days N               days of history to read (default 30, at most 455)
    --save-usage FILE      also write the fetched usage snapshot, to replay later with --input
    --publish TOPIC_ARN    publish the digest to this SNS topic

Options:
  --rates FILE             your rates file (private prices, discount, model-unit capacity)
  --format F               table (default), markdown or json
  --out FILE               write the report to FILE instead of standard output
  --min-savings USD        drop recommendations saving less per month (default 1)
  --min-savings-percent P  drop recommendations saving less than P% (default 5)
  --expiry-days N          flag commitments ending within N days (default 30)
  -h, --help               this help

Exit codes: 0 report written; 2 unusable input or options; 1 unexpected failure.
`;

interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** Runs the CLI and returns its exit code. Errors the user can fix print one clear message, no stack. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`error: ${error.message}\n`);
      return 2;
    }
    const err = error as Error;
    io.stderr(`error: ${err?.message ?? String(error)}\n`);
    if (process.env.DEBUG) io.stderr(`${err?.stack ?? ''}\n`);
    return 1;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(HELP);
    return command ? 0 : 2;
  }
  if (command !== 'analyze') throw new ConfigurationError(`unknown command "${command}"; try "bedrock-cost-advisor analyze --help"`);

  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        sample: { type: 'boolean' },
        input: { type: 'string' },
        start: { type: 'string' },
        end: { type: 'string' },
        region: { type: 'string', multiple: true },
        profile: { type: 'string' },
        days: { type: 'string' },
        'save-usage': { type: 'string' },
        publish: { type: 'string' },
        rates: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        'min-savings': { type: 'string' },
        'min-savings-percent': { type: 'string' },
        'expiry-days': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new ConfigurationError(`${(error as Error).message}; see --help`);
  }
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const format = (values.format as string | undefined) ?? 'table';
  if (!['table', 'markdown', 'json'].includes(format)) throw new ConfigurationError(`--format must be table, markdown or json, not "${format}"`);
  const regions = (values.region as string[] | undefined) ?? [];
  const sources = [values.sample ? '--sample' : '', values.input ? '--input' : '', regions.length ? '--region' : ''].filter(Boolean);
  if (sources.length !== 1) throw new ConfigurationError(`give exactly one of --sample, --input FILE or --region R (got ${sources.length ? sources.join(', ') : 'none'}); see --help`);
  for (const flag of ['profile', 'days', 'save-usage', 'publish'] as const) {
    if (values[flag] !== undefined && regions.length === 0) throw new ConfigurationError(`--${flag} only applies with --region`);
  }
  for (const flag of ['start', 'end'] as const) {
    if (values[flag] !== undefined && !values.input) throw new ConfigurationError(`--${flag} only applies with --input`);
  }
  const window = windowFlags(values.start as string | undefined, values.end as string | undefined);

  let catalog = PriceCatalog.bundled();
  let snapshot: UsageSnapshot;
  const options: AnalyzeOptions = {
    ...(values['min-savings'] !== undefined ? { minMonthlySavingsUsd: decimalFlag('min-savings', values['min-savings'] as string) } : {}),
    ...(values['min-savings-percent'] !== undefined ? { minSavingsPercent: decimalFlag('min-savings-percent', values['min-savings-percent'] as string) } : {}),
    ...(values['expiry-days'] !== undefined ? { expiryWarningDays: integerFlag('expiry-days', values['expiry-days'] as string, 0, 365) } : {}),
  };
  let publish: ((report: AdvisorReport) => Promise<string>) | undefined;

  if (values.sample) {
    snapshot = sampleSnapshot();
    if (!values.rates) catalog = catalog.withRates(SAMPLE_RATES, SAMPLE_RATES_NAME);
    options.now = new Date(SAMPLE_END);
  } else if (values.input) {
    snapshot = await readUsageFile(values.input as string, window ? { window } : {});
  } else {
    const days = values.days !== undefined ? integerFlag('days', values.days as string, 1, 455) : 30;
    const aws = await import('./aws-path.js');
    if (values.publish) aws.topicRegion(values.publish as string);
    snapshot = await aws.collectFromAccount({ regions, days, ...(values.profile ? { profile: values.profile as string } : {}) });
    // Saved before the analysis runs, a line at a time: the paid-for collection survives whatever follows.
    if (values['save-usage']) await saveSnapshot(snapshot, values['save-usage'] as string);
    if (values.publish) {
      const topicArn = values.publish as string;
      publish = (report) => aws.publishReport(report, topicArn, values.profile as string | undefined);
    }
  }
  if (values.rates) {
    const file = values.rates as string;
    catalog = catalog.withRates(await readJson(file), file);
  }

  const report = analyze(snapshot, catalog, options);
  const text = format === 'json' ? `${JSON.stringify(toJsonReport(report), null, 2)}\n` : format === 'markdown' ? renderMarkdown(report) : renderText(report);
  if (values.out) await writeFile(values.out as string, text);
  else io.stdout(text);
  if (publish) io.stderr(`published to SNS, message ${await publish(report)}\n`);
  for (const e of report.errors) io.stderr(`warning: ${e.scope} was not analysed: ${e.message}\n`);
  for (const w of report.warnings ?? []) io.stderr(`warning: ${w}\n`);
  return 0;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function readJson(file: string): Promise<unknown> {
  const text = await readText(file);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
}

export { readUsageFile };

async function saveSnapshot(snapshot: UsageSnapshot, file: string): Promise<void> {
  try {
    await pipeline(Readable.from(snapshotLines(snapshot)), createWriteStream(file));
  } catch (error) {
    throw new InputError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** `--start`/`--end` as epoch seconds on whole minutes; both or neither. */
function windowFlags(start: string | undefined, end: string | undefined): UsageWindow | undefined {
  if (start === undefined && end === undefined) return undefined;
  if (start === undefined || end === undefined) throw new ConfigurationError('give both --start and --end, or neither');
  const seconds = (flag: string, value: string) => {
    const ms = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2}))?$/.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(ms) || ms % 60_000 !== 0) throw new ConfigurationError(`--${flag} must be an ISO 8601 date or date-time on a whole minute, such as 2026-11-01T00:00:00Z, not "${value}"`);
    return ms / 1000;
  };
  const window = { start: seconds('start', start), end: seconds('end', end) };
  if (!(window.start < window.end)) throw new ConfigurationError(`--start ${start} must be before --end ${end}`);
  return window;
}

function decimalFlag(name: string, value: string): string {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new ConfigurationError(`--${name} must be a non-negative number, not "${value}"`);
  return value;
}

function integerFlag(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new ConfigurationError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

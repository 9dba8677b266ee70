import { createWriteStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { fixedClock, systemClock, timerMs, type Clock } from '../clock.js';
import type { AnalyzeOptions } from '../engine.js';
import { AdvisorError, ConfigurationError, InputError, describeFileError } from '../errors.js';
import { LIMIT_MESSAGE, MAX_REGIONS, checkDays, checkHistoryDays } from '../limits.js';
import { publishedJsonChunks, type PublishedReport } from '../report/published.js';
import type { AdvisorReport } from '../domain/report.js';
import { mergeAccountSnapshots, splitAccountSnapshot } from '../service/analyze-accounts.js';
import { runAnalysis, type Collected, type CollectedAccounts } from '../service/run-analysis.js';
import type { BillSource, ReportPublisher } from '../service/ports.js';
import type { PriceCatalog } from '../catalog/catalog.js';
import { SAMPLE_ACCOUNT, SAMPLE_END, SAMPLE_RATES, SAMPLE_RATES_NAME, samplePreviousSnapshot, sampleSnapshot } from '../sample/sample.js';
import type { UsageReadOptions } from '../usage/csv.js';
import type { UsageSnapshot, UsageWindow } from '../usage/usage.js';
import { catalogForAnalyze, priceSourceFlag, runPrices } from './prices.js';
import { billFlag, readBillFile } from '../bill/read-bill.js';
import { readInvocationLogsFrom, type RemoteLogsOptions } from './logs-path.js';
import { invocationLogSource } from '../logs/log-source.js';
import type { InvocationLogRead } from '../logs/invocation-log.js';
import { snapshotFromRead } from '../logs/logs-snapshot.js';

export const HELP = `bedrock-cost-advisor: replays your Amazon Bedrock usage against every pricing mode
and recommends the cheapest, with exact money.

Usage:
  bedrock-cost-advisor analyze --sample                 analyse the embedded sample account
  bedrock-cost-advisor analyze --input usage.csv        analyse usage from a file
  bedrock-cost-advisor analyze --region us-east-1       analyse a real account (default credentials)
  bedrock-cost-advisor analyze --invocation-logs DIR    price every request in model invocation logs
                                                        (a folder, s3://bucket/prefix or a log group ARN)
  bedrock-cost-advisor prices refresh                   write a catalog from the AWS Price List (see prices --help)

Input (one of):
  --sample                 the embedded, deterministic sample account (with its sample rates)
  --input FILE             CSV with header timestamp,region,modelId,metric,value (CloudWatch metric
                           names, ISO 8601 timestamps on whole minutes; each point's period, 60, 300
                           or 3600 s, read from CloudWatch's retention tiers), a usage snapshot,
                           the JSON \`aws cloudwatch get-metric-data\` prints, or the console's wide
                           CSV download (series labelled "<region> <modelId> <MetricName>")
    --start T, --end T     the analysis window (ISO 8601, end exclusive); default: the first
                           timestamp to the last plus its period. Data outside it is an error
  --region R               read CloudWatch and Bedrock in Region R (repeatable, at most 30)
    --profile P            AWS shared-config profile
    --days N               days of history to read (default 30, at most 455)
    --history-days N       also read N days (--days to 455) as hourly sums (one metric requested a
                           series), to fit the commitments' forecast to; counted in the collection cost
    --save-usage FILE      also write the fetched usage snapshot (every account's), to replay later
                           with --input
    --timeout SECONDS      stop reading AWS after this long; Regions not finished are named in the
                           report as incomplete and the rest is analysed (default: no limit)
    --publish TOPIC_ARN    publish the digest to this SNS topic
    --role-arn ARN         read another account through this role (repeatable; at most 100); the
                           report gains an organisation summary and a line per account
    --organization         read every active account of your AWS Organization (from the management
                           or a delegated-administrator account) through --member-role-name
    --member-role-name N   the member-account role (default BedrockCostAdvisorReadOnly)
    --external-id ID       the external ID the member roles require

  --invocation-logs DIR    Bedrock model invocation logs: a folder laid out as the log bucket
                           (AWSLogs/{account}/BedrockModelInvocationLogs/{region}/YYYY/MM/DD/HH/
                           *.json.gz), s3://bucket/prefix (the bucket itself), or a CloudWatch Logs
                           group by its ARN, arn:aws:logs:REGION:ACCOUNT:log-group:NAME (read over
                           the analysis window; alone, over the last --days, default 30; needs
                           logs:FilterLogEvents). From AWS, --profile and --timeout apply.
                           Alone, or beside --input or --region. Prices every request at
                           its own long-context class, cache TTL and tier, per model, caller and tag,
                           and ranks callers by what batch would save, with the evidence

Options:
  --bill ce|PATH           set the replay beside the bill: "ce" reads Cost Explorer (with --region;
                           $0.01 a request), PATH a CUR 2.0 / Data Exports Parquet file or folder;
                           adds the reconciliation and states savings at the prices the account pays
  --rates FILE             your rates file (private prices, discount, model-unit capacity)
  --alternatives FILE      your candidates, measured token ratios and accepted model substitutions
                           for "Same traffic on another model" (README: alternatives file)
  --prices live|bundled    read the AWS Price List in this run, or use the bundled catalog (default)
  --catalog FILE           use a catalog written by "prices refresh"
  --format F               table (default), markdown, json (schema/report.schema.json), html (one
                           self-contained file with charts), email (the 80-column digest) or focus
                           (the priced lines as FinOps FOCUS 1.2 columns: CSV, or Parquet with
                           --out FILE.parquet)
  --out FILE               write the report to FILE instead of standard output
  --lines                  table and markdown: under each scenario, its priced lines (quantity x
                           unit price = cost, and each price's source); HTML always has them folded
  --quiet                  no progress or warnings on standard error (errors still print)
                           Colour: on a terminal only; NO_COLOR=1 turns it off
  --min-savings USD        drop recommendations saving less per month (default 1)
  --min-savings-percent P  drop recommendations saving less than P% (default 5)
  --target-utilisation P   size each commitment against the forecast for a median utilisation of P%
                           over its term too ("Commitments against a forecast"; e.g. 80)
  --expiry-days N          flag commitments ending within N days (default 30)
  -h, --help               this help

Exit codes: 0 report written; 2 unusable input, options or output path; 1 unexpected failure
(out of memory included). Each failure is one "error:" line on standard error.
`;

interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether each stream is a terminal: progress and colour only go to one. Default false. */
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  /** The environment, for NO_COLOR. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** The run's clock. Default: the system clock, or the instant SOURCE_DATE_EPOCH names (cliClock). */
  clock?: Clock;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
};

export const FORMATS = ['table', 'markdown', 'json', 'html', 'email', 'focus'] as const;
type Format = (typeof FORMATS)[number];

/**
 * The AWS SDK warns on Node 20 about its future Node 22 requirement; that is for us to act on, not a
 * user of the CLI. The variable must be set before the SDK loads (bin/ sets it before importing us).
 */
export function silenceSdkNodeWarning(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

/** https://no-color.org: any non-empty NO_COLOR turns colour off; otherwise colour only on a terminal. */
export function useColour(isTTY: boolean, env: Record<string, string | undefined>): boolean {
  return isTTY && !env.NO_COLOR;
}

const BOLD = (t: string) => `\u001b[1m${t}\u001b[22m`;
const GREEN = (t: string) => `\u001b[32m${t}\u001b[39m`;

/** Headings bold, the savings line green: the terminal table, coloured. */
export function colourise(text: string): string {
  const lines = text.split('\n');
  return lines.map((line, i) => {
    if (/^=+$/.test(lines[i + 1] ?? '') || i === 0) return BOLD(line);
    if (line.startsWith('Savings available:')) return GREEN(line);
    if (/^\d+\. .*: save /.test(line)) return BOLD(line);
    return line;
  }).join('\n');
}

/**
 * The CLI's clock: the system clock, unless SOURCE_DATE_EPOCH (seconds since the epoch, the
 * reproducible-builds convention) pins it, so a report generated twice from the same input is the
 * same byte for byte, whatever the day.
 */
export function cliClock(env: Record<string, string | undefined>): Clock {
  const pinned = env.SOURCE_DATE_EPOCH;
  if (pinned === undefined || pinned === '') return systemClock;
  if (!/^\d{1,12}$/.test(pinned)) throw new ConfigurationError(`SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01, not "${pinned}"`);
  return fixedClock(Number(pinned) * 1000);
}

/** Runs the CLI and returns its exit code. Errors the user can fix print one clear message, no stack. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof AdvisorError && error.userCanFix) {
      io.stderr(`error: ${error.message}\n`);
      return 2;
    }
    const err = error as Error;
    // One line whatever the failure: a multi-line message (an SDK's) is folded, the stack only on DEBUG.
    io.stderr(`error: ${(err?.message ?? String(error)).replace(/\s*\n\s*/g, '; ')}\n`);
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
  if (command === 'prices') return runPrices(rest, { ...io, clock: io.clock ?? cliClock(io.env ?? process.env) });
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
        'history-days': { type: 'string' },
        'save-usage': { type: 'string' },
        timeout: { type: 'string' },
        publish: { type: 'string' },
        'role-arn': { type: 'string', multiple: true },
        'external-id': { type: 'string' },
        organization: { type: 'boolean' },
        'member-role-name': { type: 'string' },
        rates: { type: 'string' },
        bill: { type: 'string' },
        alternatives: { type: 'string' },
        'invocation-logs': { type: 'string' },
        prices: { type: 'string' },
        catalog: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        'min-savings': { type: 'string' },
        'min-savings-percent': { type: 'string' },
        'target-utilisation': { type: 'string' },
        'expiry-days': { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        lines: { type: 'boolean' },
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
  const format = ((values.format as string | undefined) ?? 'table') as Format;
  if (!FORMATS.includes(format)) throw new ConfigurationError(`--format must be ${FORMATS.slice(0, -1).join(', ')} or ${FORMATS.at(-1)}, not "${format}"`);
  const parquet = typeof values.out === 'string' && values.out.endsWith('.parquet');
  if (parquet && format !== 'focus') throw new ConfigurationError(`--out ${values.out as string}: Parquet is written only with --format focus`);
  const quiet = values.quiet === true;
  const env = io.env ?? process.env;
  let clock = io.clock ?? cliClock(env);
  // Progress is for a person watching a terminal; a pipe or a log gets none.
  const progress = (text: string) => {
    if (!quiet && io.stderrIsTTY) io.stderr(`${text}\n`);
  };
  const regions = (values.region as string[] | undefined) ?? [];
  const sources = [values.sample ? '--sample' : '', values.input ? '--input' : '', regions.length ? '--region' : ''].filter(Boolean);
  const logsPath = values['invocation-logs'] as string | undefined;
  if (logsPath !== undefined && logsPath.trim() === '') throw new ConfigurationError('--invocation-logs needs the folder of the logs');
  if (logsPath !== undefined && values.sample) throw new ConfigurationError('--invocation-logs applies alone or beside --input or --region, not with --sample');
  // Refused here, before anything is read, when it names neither a folder, a bucket nor a log group.
  const logsSource = logsPath !== undefined ? invocationLogSource(logsPath) : undefined;
  if (sources.length !== 1 && !(sources.length === 0 && logsPath !== undefined)) throw new ConfigurationError(`give exactly one of --sample, --input FILE, --region R or --invocation-logs DIR (got ${sources.length ? sources.join(', ') : 'none'}); see --help`);
  if (new Set(regions).size > MAX_REGIONS) throw new ConfigurationError(`--region: ${LIMIT_MESSAGE.regions(new Set(regions).size)}`);
  // Logs read from AWS take the run's profile and --timeout; a log group read alone, --days too (its window).
  const logsFromAws = logsSource !== undefined && logsSource.kind !== 'folder';
  const logGroupAlone = logsSource?.kind === 'log-group' && sources.length === 0;
  for (const flag of ['profile', 'days', 'history-days', 'save-usage', 'publish', 'timeout', 'role-arn', 'external-id', 'organization', 'member-role-name'] as const) {
    const withLogs = (flag === 'profile' || flag === 'timeout') ? logsFromAws : flag === 'days' ? logGroupAlone : false;
    if (values[flag] !== undefined && regions.length === 0 && !withLogs) {
      const alsoWith = flag === 'days' ? ' or with a log group ARN given alone to --invocation-logs' : flag === 'profile' || flag === 'timeout' ? ' or with --invocation-logs s3://… or a log group ARN' : '';
      throw new ConfigurationError(`--${flag} only applies with --region${logsPath !== undefined ? alsoWith : ''}`);
    }
  }
  for (const flag of ['start', 'end'] as const) {
    if (values[flag] !== undefined && !values.input) throw new ConfigurationError(`--${flag} only applies with --input`);
  }
  const window = windowFlags(values.start as string | undefined, values.end as string | undefined);
  const bill = billFlag(values.bill as string | undefined);
  if (bill?.kind === 'cost-explorer' && regions.length === 0) throw new ConfigurationError('--bill ce reads Cost Explorer and only applies with --region; give a CUR 2.0 Parquet file or folder to reconcile offline');
  if (values.out) await refuseOutputOverInput(values.out as string, { '--input': values.input, '--rates': values.rates, '--catalog': values.catalog, '--save-usage': values['save-usage'], '--bill': bill?.kind === 'cost-explorer' ? undefined : values.bill });

  const priceSource = priceSourceFlag(values.prices as string | undefined, values.catalog as string | undefined);
  let sampleRates = false;
  let snapshot: UsageSnapshot;
  const options: AnalyzeOptions = {
    ...(values['min-savings'] !== undefined ? { minMonthlySavingsUsd: decimalFlag('min-savings', values['min-savings'] as string) } : {}),
    ...(values['min-savings-percent'] !== undefined ? { minSavingsPercent: percentFlag('min-savings-percent', values['min-savings-percent'] as string) } : {}),
    ...(values['expiry-days'] !== undefined ? { expiryWarningDays: integerFlag('expiry-days', values['expiry-days'] as string, 0, 365) } : {}),
    // The CLI always states its commitments against the forecast (the engine leaves it to the caller).
    forecast: values['target-utilisation'] !== undefined ? { targetUtilisation: targetUtilisationFlag(values['target-utilisation'] as string) } : {},
  };
  let publish: ((report: PublishedReport) => Promise<string>) | undefined;
  let account: string | undefined;
  /** Several accounts were read (--role-arn, --organization): each is analysed on its own, then combined. */
  let accounts: CollectedAccounts | undefined;
  /** --timeout: when the run stops waiting for AWS (epoch ms); bounds the Price List read too. */
  let deadline: number | undefined;
  let logs: InvocationLogRead | undefined;
  // Without --region, --timeout bounds reading the logs from AWS (from here); with it, the whole AWS read (below).
  if (regions.length === 0 && values.timeout !== undefined) deadline = timerMs() + timeoutFlag(values.timeout as string) * 1000;
  // Logs read from AWS: the run's profile; s3:// from the first --region (else AWS_REGION, else us-east-1).
  const logsRemote = (window: { start: number; end: number }): RemoteLogsOptions => ({
    region: regions[0] ?? process.env.AWS_REGION ?? 'us-east-1',
    ...(values.profile ? { profile: values.profile as string } : {}),
    window,
    ...(deadline !== undefined ? { deadline } : {}),
  });

  // The CLI's inputs are the orchestration's adapters: where the usage comes from (the sample, a file,
  // invocation logs, CloudWatch), the prices and files read once it is in hand, the logs as evidence,
  // the bill. The steps themselves are `runAnalysis`'s, the same the Lambdas run.
  const collect = async (): Promise<Collected> => {
    let previousSnapshot: UsageSnapshot | undefined;
    if (values.sample) {
      snapshot = sampleSnapshot();
      sampleRates = !values.rates;
      // The sample is a fixed account at a fixed time: its report is the same on any day.
      clock = fixedClock(SAMPLE_END);
      previousSnapshot = samplePreviousSnapshot();
      account = SAMPLE_ACCOUNT;
    } else if (values.input) {
      snapshot = await readUsageFile(values.input as string, { ...(window ? { window } : {}), now: clock.now() });
      // A snapshot saved from several accounts replays as the live run analysed it: each account on its own.
      accounts = splitAccountSnapshot(snapshot);
    } else if (regions.length === 0) {
      progress(`Reading the invocation logs in ${logsPath}...`);
      // A log group alone is read over the last --days (default 30) before the run's clock; a folder or bucket whole.
      const end = clock.now().getTime();
      const days = values.days !== undefined ? daysFlag(values.days as string) : 30;
      // The read is marked, not copied: a copy would build its hours, which the pricing and the usage
      // read as the reader's columns while nothing has read them (src/logs/invocation-log.ts).
      logs = await readInvocationLogsFrom(logsPath!, logsRemote({ start: end - days * 86_400_000, end }));
      logs.wholeUsage = true;
      snapshot = snapshotFromRead(logs);
      accounts = splitAccountSnapshot(snapshot);
    } else {
      const days = values.days !== undefined ? daysFlag(values.days as string) : 30;
      const historyDays = values['history-days'] !== undefined ? historyDaysFlag(values['history-days'] as string, days) : undefined;
      silenceSdkNodeWarning();
      const aws = await import('./aws-path.js');
      if (values.publish) aws.topicRegion(values.publish as string);
      const started = timerMs();
      const timeoutSeconds = values.timeout !== undefined ? timeoutFlag(values.timeout as string) : undefined;
      const spec = aws.accountsFlags({
        roleArns: values['role-arn'] as string[] | undefined,
        organization: values.organization as boolean | undefined,
        memberRoleName: values['member-role-name'] as string | undefined,
        externalId: values['external-id'] as string | undefined,
      });
      progress(`Reading ${days} days of CloudWatch usage and the Bedrock inventory in ${regions.join(', ')}${spec ? ' in every account' : ''}...`);
      if (timeoutSeconds !== undefined) deadline = timerMs() + timeoutSeconds * 1000;
      const collect = {
        regions,
        days,
        now: clock.now(),
        ...(values.profile ? { profile: values.profile as string } : {}),
        ...(deadline !== undefined ? { deadline } : {}),
        ...(historyDays !== undefined ? { historyDays } : {}),
      };
      if (spec) {
        accounts = await aws.collectFromAccounts({ ...collect, accounts: spec });
        snapshot = mergeAccountSnapshots(accounts);
      } else {
        const periods = await aws.collectFromAccount(collect);
        snapshot = periods.snapshot;
        if (periods.previousSnapshot) previousSnapshot = periods.previousSnapshot;
      }
      progress(`Read ${snapshot.models.length} model series in ${((timerMs() - started) / 1000).toFixed(1)} s.`);
      // Saved before the analysis runs, a line at a time: the paid-for collection survives whatever follows.
      if (values['save-usage']) await saveSnapshot(snapshot, values['save-usage'] as string);
      if (values.publish) {
        const topicArn = values.publish as string;
        publish = (report) => aws.publishReport(report, topicArn, values.profile as string | undefined);
      }
    }
    if (accounts) return { accounts, snapshot };
    return { snapshot, ...(previousSnapshot ? { previousSnapshot } : {}) };
  };
  let catalog: PriceCatalog | undefined;
  const prepare = async (): Promise<{ catalog: PriceCatalog; analyzeOptions: AnalyzeOptions }> => {
    catalog = await catalogForAnalyze(
      priceSource,
      {
        ...(values.catalog ? { catalogFile: values.catalog as string } : {}),
        regions: [...new Set([...regions, ...snapshot.models.map((m) => m.region)])],
        ...(values.profile ? { profile: values.profile as string } : {}),
        now: clock.now(),
        ...(deadline !== undefined ? { deadline } : {}),
      },
      io,
    );
    if (sampleRates) catalog = catalog.withRates(SAMPLE_RATES, SAMPLE_RATES_NAME, clock.now());
    if (values.rates) {
      const file = values.rates as string;
      catalog = catalog.withRates(await readJson(file), file, clock.now());
    }
    options.now = clock.now();
    if (values.alternatives) {
      const file = values.alternatives as string;
      const { parseAlternativesConfig } = await import('../alternatives/config.js');
      options.alternatives = parseAlternativesConfig(await readJson(file), file);
    }
    return { catalog, analyzeOptions: options };
  };
  // The logs price each request over the usage's window (a log group read over that window), beside other usage or alone.
  const invocationLogs = logsPath === undefined ? undefined : async (_collected: Collected, window: { start: number; end: number }) => {
    if (logs) return logs;
    progress(`Reading the invocation logs in ${logsPath}...`);
    return readInvocationLogsFrom(logsPath, logsRemote(window));
  };
  const billSource: BillSource | undefined = bill && {
    readFor: async (report, accountIds) => {
      progress(`Reading the bill (${bill.kind === 'cur' ? bill.path : 'Cost Explorer'})...`);
      return bill.kind === 'cur'
        ? await readBillFile(bill.path, report)
        : await (await import('./aws-path.js')).readCostExplorerBill(report, values.profile as string | undefined, accountIds);
    },
  };
  const publisher: ReportPublisher<string> | undefined = values.publish ? { publish: (view) => publish!(view) } : undefined;
  const { report, view, published } = await runAnalysis({
    collect,
    prepare,
    ...(invocationLogs ? { invocationLogs } : {}),
    // Asked for by name: a bill that cannot be read is the user's to fix, and fails the run.
    ...(billSource ? { bill: billSource, billRequired: true } : {}),
    ...(publisher ? { publisher, publish: true } : {}),
    // The report is written before it is published: a failed publish still leaves the report.
    output: async ({ view }) => {
      if (format === 'focus') {
        const focus = await import('../report/focus.js');
        const { rows, unpricedLines } = focus.focusRows(view, (id) => catalog!.model(id));
        const data = parquet ? focus.focusParquet(rows) : focus.focusCsv(rows);
        if (values.out) await writeOutput('--out', values.out as string, data);
        else io.stdout(data as string);
        if (!quiet && unpricedLines > 0) io.stderr(`warning: ${unpricedLines} unpriced line(s) left out of the FOCUS export (a FOCUS cost cannot be null, and unpriced is never $0)\n`);
      } else {
        // The JSON report goes to a file a piece at a time: never the whole text, nor its serialised copy, at once.
        if (format === 'json' && values.out) return await writeOutput('--out', values.out as string, publishedJsonChunks(view));
        const text = await renderFormat(format, view, snapshot, account, values.lines === true);
        if (values.out) await writeOutput('--out', values.out as string, text);
        else io.stdout(format === 'table' && useColour(io.stdoutIsTTY === true, env) ? colourise(text) : text);
      }
    },
  });
  if (published !== undefined && !quiet) io.stderr(`published to SNS, message ${published}\n`);
  if (!quiet) for (const e of view.errors) io.stderr(`warning: ${e.scope} was not analysed: ${e.message}\n`);
  if (!quiet) for (const w of view.warnings ?? []) io.stderr(`warning: ${w}\n`);
  return 0;
}

async function renderFormat(format: Format, report: PublishedReport, snapshot: UsageSnapshot, account: string | undefined, lines: boolean): Promise<string> {
  switch (format) {
    case 'json':
      return [...publishedJsonChunks(report)].join('');
    // The text renderers are loaded by the format that uses them: a JSON report (the usual --out run)
    // loads none of them.
    case 'markdown':
      return (await import('../report/render-text.js')).renderMarkdown(report, { lines });
    case 'email':
      return (await import('../report/email.js')).renderEmailDigest(report, account ? { account } : {});
    case 'html': {
      // Loaded only for HTML: the charting library is large and other formats do not need it.
      const { renderHtml } = await import('../report/html.js');
      return await renderHtml(report, { usage: snapshot });
    }
    default:
      return (await import('../report/render-text.js')).renderText(report, { lines });
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${describeFileError(error)}`);
  }
}

/** Every unusable output path (missing directory, no permission, full disk) is the user's to fix: exit 2, one line. */
/**
 * `--out` naming a file the run reads (or another output) would overwrite it with the report: refused
 * before anything is read. The same file by another path (a link, `./`) is caught by its device and
 * inode; a file not there yet is compared by its resolved path.
 */
async function refuseOutputOverInput(out: string, others: Record<string, unknown>): Promise<void> {
  const identity = async (file: string) => {
    try {
      const s = await stat(file);
      return `${s.dev}:${s.ino}`;
    } catch {
      return resolve(file);
    }
  };
  const target = await identity(out);
  for (const [flag, file] of Object.entries(others)) {
    if (typeof file !== 'string') continue;
    if ((await identity(file)) === target) throw new ConfigurationError(`--out ${out} is the same file as ${flag} ${file}: the report would overwrite it; write the report elsewhere`);
  }
}

async function writeOutput(flag: string, file: string, text: string | Uint8Array | Iterable<string>): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (error) {
    throw new InputError(`cannot write ${flag} ${file}: ${describeFileError(error)}`);
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

/**
 * The usage file reader (`--input`), and below the snapshot writer (`--save-usage`), are imported when
 * a run uses them: their modules build the snapshot's zod schemas as they load, and the run that reads
 * invocation logs or the sample never uses them (at every CLI start, about a tenth of the modules'
 * load time: measured on the logs bench's run, 2026-12-07). `--alternatives` likewise.
 */
export async function readUsageFile(file: string, options: UsageReadOptions): Promise<UsageSnapshot> {
  return (await import('../usage/read-file.js')).readUsageFile(file, options);
}

async function saveSnapshot(snapshot: UsageSnapshot, file: string): Promise<void> {
  try {
    const { snapshotLines } = await import('../usage/snapshot.js');
    await pipeline(Readable.from(snapshotLines(snapshot)), createWriteStream(file));
  } catch (error) {
    throw new InputError(`cannot write --save-usage ${file}: ${describeFileError(error)}`);
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

/** A percentage of today's cost: a saving cannot be more than all of it, so over 100 filters out everything. */
function percentFlag(name: string, value: string): string {
  const percent = decimalFlag(name, value);
  if (Number(percent) > 100) throw new ConfigurationError(`--${name} must be a percentage from 0 to 100, not "${value}" (no saving is more than today's whole cost)`);
  return percent;
}

/** A percentage above 0 and at most 100, as a share (80 -> 0.8): a commitment sized for 0 % would be endless. */
function targetUtilisationFlag(value: string): number {
  const percent = Number(decimalFlag('target-utilisation', value));
  if (!(percent > 0) || percent > 100) throw new ConfigurationError(`--target-utilisation must be a percentage above 0 and at most 100, not "${value}"`);
  return percent / 100;
}

/** `--history-days`: from `--days` to the limit, refused in the limit's one message. */
function historyDaysFlag(value: string, days: number): number {
  return checkHistoryDays(value, days, '--history-days');
}

/** --timeout in seconds. One week at most: a deadline is for bounding a run, not for scheduling one. */
function timeoutFlag(value: string): number {
  return integerFlag('timeout', value, 1, 7 * 86_400);
}

/** `--days`, refused in the limit's one message. */
function daysFlag(value: string): number {
  return checkDays(value, '--days');
}

function integerFlag(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new ConfigurationError(`--${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

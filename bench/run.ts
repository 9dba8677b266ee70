/**
 * `npm run bench`: the targets of issue 7, each printed as a figure against its target and as a ratio
 * to a reference measured in the same run, with PASS or FAIL. Every timing is the median of RUNS runs;
 * every scenario runs in its own process, whose peak RSS is reported. Not part of `npm test`.
 *
 *   BENCH_RUNS=5 (default) · BENCH_QUICK=1 for a small smoke run · BENCH_KEEP=1 keeps the CSV
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchRatesFile, writeCsv } from './fixtures.js';
import { MAX_FANOUT_ACCOUNTS } from '../src/limits.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const QUICK = process.env.BENCH_QUICK === '1';
const CSV_MODELS = QUICK ? 10 : 100;
const REPLAY_MODELS = QUICK ? 100 : 1000;
const LAMBDA_MODELS = QUICK ? 30 : 300;
/** The fanned-out digest's account limit (src/limits.ts MAX_FANOUT_ACCOUNTS). */
const FANOUT_ACCOUNTS = QUICK ? 50 : MAX_FANOUT_ACCOUNTS;
const dir = mkdtempSync(join(tmpdir(), 'bca-bench-'));
const results: Array<{ target: string; pass: boolean }> = [];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

function verdict(target: string, figure: string, pass: boolean): void {
  results.push({ target, pass });
  console.log(`  ${pass ? 'PASS' : 'FAIL'}  ${target}: ${figure}`);
}

/** Runs a command, returning wall time, the child's peak RSS (MiB) and CPU time (ms) when it reports them. */
function measure(command: string, args: string[], env: Record<string, string> = {}): { ms: number; rssMiB: number; cpuMs: number; stdout: string } {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  const result = spawnSync(command, args, { env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  let probe = { maxRSS: 0, cpuMs: 0 };
  try {
    probe = JSON.parse(readFileSync(rssFile, 'utf8'));
  } catch {
    // The Python reference prints its own figures instead.
  }
  return { ms, rssMiB: probe.maxRSS / 1024, cpuMs: probe.cpuMs, stdout: result.stdout };
}

/** A scenario of bench/stages.ts in its own process. */
function stages(...args: Array<string | number>): Record<string, any> {
  const out = measure(process.execPath, ['--import', 'tsx', 'bench/stages.ts', ...args.map(String)]);
  return JSON.parse(out.stdout.trim().split('\n').pop()!);
}

function printStages(s: Record<string, any>): void {
  const modes = Object.entries(s.perMode as Record<string, number>).map(([m, ms]) => `${m} ${fmt(ms)}`).join(', ');
  console.log(`    stages: ${s.parse !== undefined ? `parse ${fmt(s.parse)}, ` : ''}resolve ${fmt(s.resolve)}, load profiles ${fmt(s.profiles)}, replay ${fmt(s.replayAllModes)} (${modes}), sizing ${fmt(s.sizing)}, recommendations ${fmt(s.recommendations)}, render ${fmt(s.render)}; analyze() end to end ${fmt(s.analyze)}`);
}

const PYTHON_REFERENCE = `import csv, resource, sys
totals = {}
with open(sys.argv[1], newline='') as f:
    rows = csv.reader(f)
    next(rows)
    for row in rows:
        totals[row[2]] = totals.get(row[2], 0) + int(row[4])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(len(totals), usage.ru_maxrss, (usage.ru_utime + usage.ru_stime) * 1000)
`;

try {
  console.log(`bedrock-cost-advisor bench: ${RUNS} runs per timing (median), node ${process.version}, ${process.platform}/${process.arch}${QUICK ? ', QUICK (small sizes)' : ''}`);
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });

  // --- 1. CSV end to end against Python's csv module ---------------------------------------------
  const csvFile = join(dir, 'usage.csv');
  const genStart = performance.now();
  const rows = await writeCsv(csvFile, CSV_MODELS, 15);
  const size = statSync(csvFile).size;
  console.log(`\n1. CSV: ${CSV_MODELS} models x 15 days x 1 minute x 4 metrics = ${rows.toLocaleString('en-US')} rows, ${(size / 1e6).toFixed(0)} MB (written in ${fmt(performance.now() - genStart)})`);
  const ratesFile = join(dir, 'rates.json');
  writeFileSync(ratesFile, JSON.stringify(benchRatesFile(CSV_MODELS)));
  const pyFile = join(dir, 'reference.py');
  writeFileSync(pyFile, PYTHON_REFERENCE);
  const ours: number[] = [];
  const python: number[] = [];
  const ourCpu: number[] = [];
  const pythonCpu: number[] = [];
  let ourRss = 0;
  let pythonRss = 0;
  for (let r = 0; r < RUNS; r++) {
    // Alternated, so a busy machine slows both alike.
    const py = measure('python3', [pyFile, csvFile]);
    python.push(py.ms);
    const [, pyRssKiB, pyCpuMs] = py.stdout.trim().split(' ').map(Number) as [number, number, number];
    pythonRss = Math.max(pythonRss, pyRssKiB / 1024);
    pythonCpu.push(pyCpuMs);
    const run = measure(process.execPath, ['--import', './bench/rss-probe.mjs', 'bin/bedrock-cost-advisor.js', 'analyze', '--input', csvFile, '--rates', ratesFile, '--format', 'json', '--out', join(dir, 'report.json')]);
    ours.push(run.ms);
    ourCpu.push(run.cpuMs);
    ourRss = Math.max(ourRss, run.rssMiB);
  }
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  console.log(`    reference: python3 csv module summing tokens per model: median ${fmt(median(python))}, peak RSS ${pythonRss.toFixed(0)} MiB`);
  console.log(`    ours: bedrock-cost-advisor analyze --input (${report.models.length} models, every mode priced): median ${fmt(median(ours))} (runs ${ours.map(fmt).join(', ')})`);
  const csvRatio = median(ours) / median(python);
  console.log(`    CPU time (user + system), for a machine shared with other work: ours ${fmt(median(ourCpu))}, Python ${fmt(median(pythonCpu))} = ${(median(ourCpu) / median(pythonCpu)).toFixed(2)}x`);
  verdict('CSV end to end <= 0.5x the Python reference', `${fmt(median(ours))} = ${csvRatio.toFixed(2)}x Python's ${fmt(median(python))}`, csvRatio <= 0.5);
  verdict('CSV peak RSS <= 500 MiB', `${ourRss.toFixed(0)} MiB = ${(ourRss / 500).toFixed(2)}x the target (Python: ${pythonRss.toFixed(0)} MiB)`, ourRss <= 500);
  printStages(stages('csv', csvFile, CSV_MODELS, RUNS));
  if (process.env.BENCH_KEEP !== '1') rmSync(csvFile);

  // --- 2. Replay: 1,000 models x 15 days of minutes, every mode ----------------------------------
  const replay = stages('replay', REPLAY_MODELS, 15, RUNS);
  // The ratio comes from a process that runs analyze() and nothing else (the stage timings keep extra
  // copies of the data); the peak RSS from one analysis in its own process, as one run of the tool.
  const alone = stages('replay-time', REPLAY_MODELS, 15, RUNS);
  const once = stages('replay-rss', REPLAY_MODELS, 15);
  console.log(`\n2. Replay: ${REPLAY_MODELS} models x 15 days of minute data (${replay.points.toLocaleString('en-US')} values), every mode priced, ${replay.scenarios.toLocaleString('en-US')} scenarios`);
  console.log(`    reference: one plain pass over the same typed arrays (sums and per-minute peaks): ${fmt(alone.reference)}`);
  printStages(replay);
  const replayRatio = alone.analyze / alone.reference;
  verdict('replay within 5x of the plain typed-array pass', `analyze() ${fmt(alone.analyze)} = ${replayRatio.toFixed(1)}x`, replayRatio <= 5);
  verdict('replay peak RSS <= 600 MiB', `${once.maxRssMiB.toFixed(0)} MiB = ${(once.maxRssMiB / 600).toFixed(2)}x the target (the usage arrays alone: ${((replay.points * 4) / 1_048_576).toFixed(0)} MiB; ${alone.maxRssMiB.toFixed(0)} MiB after ${RUNS} analyses in one process)`, once.maxRssMiB <= 600);
  const half = stages('replay-time', REPLAY_MODELS, 7.5, RUNS);
  const linear = alone.analyze / half.analyze;
  // At most linear: twice the points may cost up to twice the time (plus noise); a fixed cost per model
  // (pricing every scenario in Decimal) makes it less.
  verdict('cost at most linear in points (15 days vs 7.5 days: 2x the points)', `${fmt(alone.analyze)} vs ${fmt(half.analyze)} = ${linear.toFixed(2)}x for 2x the points`, linear <= 2.5);
  const sizing = stages('sizing', REPLAY_MODELS, 15, RUNS, 1, 100, 1000);
  const [one, hundred, thousand] = sizing.sizing as Array<{ divisor: number; unitsForPeak: number; ms: number }>;
  console.log(`    sizing at 1x, 100x and 1,000x smaller unit capacity (peak needs ${one!.unitsForPeak}, ${hundred!.unitsForPeak}, ${thousand!.unitsForPeak} units): ${fmt(one!.ms)}, ${fmt(hundred!.ms)}, ${fmt(thousand!.ms)}`);
  const flat = thousand!.ms / one!.ms;
  verdict('sizing flat in units needed (1,000x smaller units vs 1x)', `${flat.toFixed(2)}x the time`, flat <= 3);

  // --- 3. Lambda sizing: models x days -> memory -------------------------------------------------
  console.log(`\n3. Lambda: snapshots as the collector returns them (15 days of minutes, older days at 5 minutes), analysed and rendered`);
  const grid: Array<[number, number]> = QUICK ? [[LAMBDA_MODELS, 30]] : [[50, 7], [50, 30], [100, 7], [100, 30], [300, 7], [300, 30]];
  let target: Record<string, any> | undefined;
  for (const [models, days] of grid) {
    const l = stages('lambda', models, days);
    console.log(`    ${String(models).padStart(4)} models x ${String(days).padStart(2)} days: ${l.points.toLocaleString('en-US').padStart(12)} values, ${fmt(l.ms).padStart(8)}, peak RSS ${l.maxRssMiB.toFixed(0)} MiB`);
    if (models === LAMBDA_MODELS && days === 30) target = l;
  }
  const yml = readFileSync('serverless.yml', 'utf8');
  const memory = Number(/analyze:[\s\S]*?memorySize:\s*(\d+)/.exec(yml)?.[1] ?? /^\s{2}memorySize:\s*(\d+)/m.exec(yml)?.[1] ?? 0);
  verdict(`${LAMBDA_MODELS} models x 30 days within the analyze function's memory (${memory} MB)`, `${target!.maxRssMiB.toFixed(0)} MiB = ${(target!.maxRssMiB / memory).toFixed(2)}x`, target!.maxRssMiB <= memory);
  // The one-Lambda digest holds this period and the one before (week over week).
  const digest = stages('digest', LAMBDA_MODELS, 30);
  const digestMemory = Number(/digest:[\s\S]*?memorySize:\s*(\d+)/.exec(yml)?.[1] ?? 0);
  console.log(`    ${String(LAMBDA_MODELS).padStart(4)} models x 30 days and the 30 before (digest): ${digest.points.toLocaleString('en-US').padStart(12)} values, ${fmt(digest.ms).padStart(8)}, peak RSS ${digest.maxRssMiB.toFixed(0)} MiB`);
  verdict(`${LAMBDA_MODELS} models x 30 days with the previous period within the digest function's memory (${digestMemory} MB)`, `${digest.maxRssMiB.toFixed(0)} MiB = ${(digest.maxRssMiB / digestMemory).toFixed(2)}x`, digest.maxRssMiB <= digestMemory);

  // --- 4. The fan-out's aggregator: every partial of an organisation merged and published ----------
  console.log(`\n4. Fan-out aggregator: ${FANOUT_ACCOUNTS.toLocaleString('en-US')} accounts x 2 Regions, each partial the sample account's report with its previous period, merged into one report and built into the SNS message`);
  const aggregate = stages('aggregate', FANOUT_ACCOUNTS, 2);
  const aggregatorMemory = Number(/fanoutAggregator:[\s\S]*?memorySize:\s*(\d+)/.exec(readFileSync('serverless.yml', 'utf8'))?.[1] ?? 0);
  console.log(`    ${aggregate.items.toLocaleString('en-US')} partials of ${(aggregate.partialBytes / 1024).toFixed(0)} KiB, ${aggregate.models.toLocaleString('en-US')} model lines: ${fmt(aggregate.ms)}, message ${(aggregate.messageBytes / 1024).toFixed(0)} KiB`);
  verdict(`${FANOUT_ACCOUNTS.toLocaleString('en-US')} accounts x 2 Regions within the aggregator's memory (${aggregatorMemory} MB)`, `${aggregate.maxRssMiB.toFixed(0)} MiB = ${(aggregate.maxRssMiB / aggregatorMemory).toFixed(2)}x`, aggregate.maxRssMiB <= aggregatorMemory);

  // --- 5. The bill: a year of daily CUR 2.0 rows read with DuckDB ----------------------------------
  const billDir = join(dir, 'cur');
  const generated = JSON.parse(measure(process.execPath, ['--import', 'tsx', 'bench/bill.ts', 'generate', billDir]).stdout.trim());
  console.log(`\n5. Bill: a year of daily CUR 2.0 rows, 100 models x 10 accounts x 4 token lines = ${generated.rows.toLocaleString('en-US')} rows in 12 monthly Parquet files (written in ${fmt(generated.ms)})`);
  const billOurs: number[] = [];
  const billDuck: number[] = [];
  let billRss = 0;
  let duckRss = 0;
  let lines = 0;
  for (let r = 0; r < RUNS; r++) {
    // Alternated, each in its own process (tsx start-up on both sides).
    const duck = measure(process.execPath, ['--import', './bench/rss-probe.mjs', '--import', 'tsx', 'bench/bill.ts', 'reference', billDir]);
    billDuck.push(duck.ms);
    duckRss = Math.max(duckRss, duck.rssMiB);
    const read = measure(process.execPath, ['--import', './bench/rss-probe.mjs', '--import', 'tsx', 'bench/bill.ts', 'read', billDir]);
    billOurs.push(read.ms);
    billRss = Math.max(billRss, read.rssMiB);
    lines = JSON.parse(read.stdout.trim()).lines;
  }
  console.log(`    reference: DuckDB's own query (src/bill/bedrock-bill.sql, its result kept inside DuckDB): median ${fmt(median(billDuck))}, peak RSS ${duckRss.toFixed(0)} MiB`);
  console.log(`    ours: readCurBill (the same query, checks of the columns, ${lines.toLocaleString('en-US')} billed lines built): median ${fmt(median(billOurs))} (runs ${billOurs.map(fmt).join(', ')})`);
  const billRatio = median(billOurs) / median(billDuck);
  verdict('bill read within 2x of DuckDB\'s own query over the same files', `${fmt(median(billOurs))} = ${billRatio.toFixed(2)}x DuckDB's ${fmt(median(billDuck))}`, billRatio <= 2);
  verdict('bill read peak RSS <= 1,024 MiB', `${billRss.toFixed(0)} MiB = ${(billRss / 1024).toFixed(2)}x the target`, billRss <= 1024);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.pass);
console.log(`\n${results.length - failed.length} of ${results.length} targets met${failed.length ? `; missed: ${failed.map((f) => f.target).join('; ')}` : ''}`);
process.exitCode = failed.length ? 1 : 0;

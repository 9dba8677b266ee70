/**
 * Invocation-log benchmark (issue 19): N generated records, gzipped in the S3 layout, through the CLI
 * (`analyze --invocation-logs DIR --format json`), timed against DuckDB's own read_json + GROUP BY over
 * the same files (bench/logs-baseline.mjs), with the CLI's peak memory.
 *
 * Targets: peak RSS under 1 GiB; CPU time (user + system, every thread) at most 1.5x the plain DuckDB
 * pass. The wall-time ratio and the machine's load average are printed beside it: on a shared machine
 * CPU time is the figure that holds.
 * `npm run bench` (section 4) uses its generator (`tsx bench/logs.bench.ts generate DIR LISTFILE RECORDS`)
 * and times the pair alternated, in CPU and wall time.
 * Run: npm run bench:logs        (BENCH_RECORDS=10000000 by default; BENCH_QUICK=1 for 200,000;
 *      BENCH_KEEP=1 keeps the generated folder)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const QUICK = process.env.BENCH_QUICK === '1';
const RECORDS = Number(process.env.BENCH_RECORDS ?? (QUICK ? 200_000 : 10_000_000));
const HOURS = 24 * 14;
const ACCOUNT = '123456789012';
const MODELS = ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'us.anthropic.claude-haiku-4-5-20251001-v1:0', 'amazon.nova-lite-v1:0'];
const TARGET_RSS_MIB = 1024;
const TARGET_CPU_RATIO = 1.5;

/** A deterministic generator (mulberry32): the same files on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0; a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(dir: string, records = RECORDS): string[] {
  const next = random(19);
  const files: string[] = [];
  const start = Date.parse('2026-11-01T00:00:00Z');
  const perHour = Math.ceil(records / HOURS);
  let written = 0;
  for (let h = 0; h < HOURS && written < records; h++) {
    const hour = new Date(start + h * 3_600_000).toISOString();
    const lines: string[] = [];
    for (let i = 0; i < perHour && written < records; i++, written++) {
      const caller = Math.floor(next() * 20);
      const input = Math.floor(next() * (next() < 0.01 ? 400_000 : 20_000));
      const write = next() < 0.2 ? Math.floor(next() * 5_000) : 0;
      const fiveMinute = Math.floor(write * next());
      const streaming = next() < 0.5;
      const record = {
        schemaType: 'ModelInvocationLog', schemaVersion: '1.0',
        timestamp: `${hour.slice(0, 14)}${String(Math.floor(next() * 60)).padStart(2, '0')}:${String(Math.floor(next() * 60)).padStart(2, '0')}Z`,
        accountId: ACCOUNT, identity: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${caller < 5 ? 'nightly-job' : 'app'}-${caller}/session` },
        region: 'us-east-1', requestId: `${h}-${i}-${Math.floor(next() * 1e9)}`,
        operation: streaming ? 'InvokeModelWithResponseStream' : 'InvokeModel',
        modelId: MODELS[Math.floor(next() * MODELS.length)],
        requestMetadata: { team: `team-${caller % 5}` },
        input: { inputContentType: 'application/json', inputTokenCount: input, cacheReadInputTokenCount: 0, cacheWriteInputTokenCount: write },
        output: {
          outputContentType: 'application/json', outputTokenCount: Math.floor(next() * 2_000),
          ...(write > 0 ? { outputBodyJson: { usage: { cache_creation: { ephemeral_5m_input_tokens: fiveMinute, ephemeral_1h_input_tokens: write - fiveMinute } } } } : {}),
        },
      };
      lines.push(JSON.stringify(record));
    }
    const key = join(dir, 'AWSLogs', ACCOUNT, 'BedrockModelInvocationLogs', 'us-east-1', hour.slice(0, 4), hour.slice(5, 7), hour.slice(8, 10), hour.slice(11, 13));
    mkdirSync(key, { recursive: true });
    const file = join(key, `${ACCOUNT}_BedrockModelInvocationLogs_us-east-1_${h}.json.gz`);
    writeFileSync(file, gzipSync(`${lines.join('\n')}\n`, { level: 1 }));
    files.push(file);
  }
  return files;
}

function measure(args: string[]): { ms: number; cpuMs: number; rssMiB: number; stdout: string } {
  const rssFile = join(tmpdir(), `bench-logs-rss-${process.pid}.json`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', './bench/rss-probe.mjs', ...args], { env: { ...process.env, BENCH_RSS_FILE: rssFile }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const { maxRSS, cpuMs } = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRSS: number; cpuMs: number };
  rmSync(rssFile, { force: true });
  return { ms, cpuMs, rssMiB: maxRSS / 1024, stdout: result.stdout };
}

if (process.argv[2] === 'generate') {
  // For `npm run bench` (section 4): generate DIR LISTFILE RECORDS, print one JSON line.
  const [, , , into, listFile, records] = process.argv as [string, string, string, string, string, string];
  const files = generate(into, Number(records));
  writeFileSync(listFile, files.join('\n'));
  console.log(JSON.stringify({ files: files.length }));
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'bench-logs-'));
try {
  const generated = performance.now();
  const files = generate(dir);
  console.log(`generated ${RECORDS.toLocaleString('en-US')} records in ${files.length} objects in ${((performance.now() - generated) / 1000).toFixed(1)} s`);
  const listFile = join(dir, 'files.txt');
  writeFileSync(listFile, files.join('\n'));
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const baseline = measure(['bench/logs-baseline.mjs', listFile]);
  const cli = measure(['bin/bedrock-cost-advisor.js', 'analyze', '--invocation-logs', dir, '--format', 'json', '--out', join(dir, 'report.json'), '--quiet']);
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { invocationLogs: { requests: number } };
  if (report.invocationLogs.requests !== RECORDS) throw new Error(`the report counts ${report.invocationLogs.requests} requests, not ${RECORDS}`);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`DuckDB read_json + GROUP BY: wall ${s(baseline.ms)}, CPU ${s(baseline.cpuMs)}, ${baseline.rssMiB.toFixed(0)} MiB peak`);
  console.log(`CLI analyze --invocation-logs: wall ${s(cli.ms)}, CPU ${s(cli.cpuMs)}, ${cli.rssMiB.toFixed(0)} MiB peak (target < ${TARGET_RSS_MIB} MiB)`);
  const cpuRatio = cli.cpuMs / baseline.cpuMs;
  console.log(`${RECORDS.toLocaleString('en-US')} records: CPU ${cpuRatio.toFixed(2)}x DuckDB's own pass (target <= ${TARGET_CPU_RATIO}x), wall ${(cli.ms / baseline.ms).toFixed(2)}x; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
  if (cli.rssMiB >= TARGET_RSS_MIB || cpuRatio > TARGET_CPU_RATIO) process.exitCode = 1;
} finally {
  if (process.env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
}

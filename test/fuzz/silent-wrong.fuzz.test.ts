import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { MAX_EVENT_DEPTH } from '../../functions/config.js';
import { parseAnalyzeEvent } from '../../functions/analyze-event.js';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { main } from '../../src/cli/main.js';
import { analyze } from '../../src/engine.js';
import { ConfigurationError, InputError } from '../../src/errors.js';
import { adviceText } from '../../src/report/advice-text.js';
import { buildChatbotNotification } from '../../src/report/chatbot.js';
import { renderEmailDigest } from '../../src/report/email.js';
import { renderHtml } from '../../src/report/html.js';
import { publishedReport, printable } from '../../src/report/published.js';
import { renderMarkdown, renderText } from '../../src/report/render-text.js';
import { SAMPLE_END, sampleSnapshot } from '../../src/sample/sample.js';
import { APP_PROFILE_NOW, appProfileSnapshot, goldenCatalog } from '../report/app-profile-fixture.js';
import { parseUsageCsv } from '../../src/usage/csv.js';
import { readUsageFile } from '../../src/usage/read-file.js';
import { totalsOf } from '../../src/usage/usage.js';
import { testClock } from '../fixtures/clock.js';

/**
 * Issue 18's silent wrong answers as fuzz classes: for each, fast-check draws inputs of that class and
 * each must give the correct figure or be refused with an InputError naming what is wrong (exit 2 at
 * the CLI), never a plausible wrong number. Expected figures are computed here from the generated
 * rows, not by the code under test. The counts per class are printed at the end (the issue's note).
 */

const dir = mkdtempSync(join(tmpdir(), 'bca-fuzz18-'));
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const NOW = new Date('2026-12-01T00:00:00Z');
const HEADER = 'timestamp,region,modelId,metric,value';
const HAIKU = 'anthropic.claude-3-haiku-20240307-v1:0';
const T0 = Date.parse('2026-11-01T00:00:00Z') / 1000;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000', '');
const counts: Record<string, number> = {};
const count = (name: string) => (counts[name] = (counts[name] ?? 0) + 1);
vi.setConfig({ testTimeout: 120_000 });

function refused(fn: () => unknown, mentions: string[]): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, 'accepted a bad input').toBeInstanceOf(InputError);
  const message = (error as Error).message;
  for (const m of mentions) expect(message).toContain(m);
  expect(message).not.toMatch(/\n\s+at /);
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { clock: testClock, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const csv = (rows: string[]) => [HEADER, ...rows].join('\n');

describe('fuzz 18: usage that must be counted right', () => {
  it('cache-spellings: both names of a cache metric at one time are counted once (the canonical value), with a warning; at different times they add up', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ minute: fc.integer({ min: 0, max: 29 }), canonical: fc.option(fc.nat(1e6)), alias: fc.option(fc.nat(1e6)) }), { minLength: 2, maxLength: 30 }), (points) => {
        const byMinute = new Map(points.map((p) => [p.minute, p]));
        const rows: string[] = [];
        let expected = 0;
        let overlaps = 0;
        for (const p of byMinute.values()) {
          if (p.canonical !== null) rows.push(`${iso(T0 + p.minute * 60)},us-east-1,${HAIKU},CacheReadInputTokenCount,${p.canonical}`);
          if (p.alias !== null) rows.push(`${iso(T0 + p.minute * 60)},us-east-1,${HAIKU},CacheReadInputTokens,${p.alias}`);
          expected += p.canonical ?? p.alias ?? 0;
          if (p.canonical !== null && p.alias !== null) overlaps++;
        }
        rows.push(`${iso(T0 + 40 * 60)},us-east-1,${HAIKU},InputTokenCount,1`, `${iso(T0 + 41 * 60)},us-east-1,${HAIKU},InputTokenCount,1`);
        count('cache-spellings');
        const snapshot = parseUsageCsv(csv(rows), 'cache.csv', { now: NOW });
        expect(totalsOf(snapshot.models[0]!).CacheReadInputTokenCount).toBe(expected);
        expect(snapshot.warnings?.length ?? 0).toBe(overlaps > 0 ? 1 : 0);
        if (overlaps) expect(snapshot.warnings![0]).toMatchObject({ says: 'metric-two-names', times: overlaps });
        if (overlaps) expect(adviceText(snapshot.warnings![0]!)).toContain(`both given at ${overlaps} time(s)`);
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('arn-rows: usage under an application-inference-profile or provisioned-model ARN keeps its tokens, unpriced', () => {
    const catalog = PriceCatalog.bundled();
    fc.assert(
      fc.property(
        fc.constantFrom('application-inference-profile', 'provisioned-model'),
        fc.stringMatching(/^[a-z0-9]{12}$/),
        fc.array(fc.tuple(fc.nat(1e7), fc.nat(1e6)), { minLength: 2, maxLength: 20 }),
        (kind, id, values) => {
          const arn = `arn:aws:bedrock:us-east-1:123456789012:${kind}/${id}`;
          const rows = values.flatMap(([input, output], i) => [`${iso(T0 + i * 60)},us-east-1,${arn},InputTokenCount,${input}`, `${iso(T0 + i * 60)},us-east-1,${arn},OutputTokenCount,${output}`]);
          count('arn-rows');
          const report = analyze(parseUsageCsv(csv(rows), 'arn.csv', { now: NOW }), catalog, { now: NOW });
          const line = report.models.find((m) => m.modelId === arn)!;
          expect(line.priced).toBe(false);
          expect(line.currentMonthlyCost).toBeNull();
          expect(line.usage.inputTokens).toBe(values.reduce((s, [i]) => s + i, 0));
          expect(line.usage.outputTokens).toBe(values.reduce((s, [, o]) => s + o, 0));
        },
      ),
      { numRuns: 100, seed: SEED },
    );
  });

  it('images-on-text-model: OutputImageCount on a text model makes its cost unpriced, never $0', () => {
    const catalog = PriceCatalog.bundled();
    fc.assert(
      fc.property(fc.constantFrom(HAIKU, 'amazon.nova-micro-v1:0', 'meta.llama3-1-8b-instruct-v1:0'), fc.integer({ min: 1, max: 1e6 }), fc.nat(1e6), (model, images, tokens) => {
        const rows = [`${iso(T0)},us-east-1,${model},OutputImageCount,${images}`, `${iso(T0 + 60)},us-east-1,${model},InputTokenCount,${tokens}`];
        count('images-on-text-model');
        const report = analyze(parseUsageCsv(csv(rows), 'img.csv', { now: NOW }), catalog, { now: NOW });
        const line = report.models[0]!;
        expect(line.priced).toBe(false);
        expect(line.currentMonthlyCost).toBeNull();
        // Why, as data (the image line has no price) and as the report words it.
        // The engine places the note in the model's Region, so the words name it with how to get a price.
        expect(line.unpricedReason).toEqual({ says: 'unpriced-lines', dimensions: [{ code: 'image' }], region: 'us-east-1' });
        expect(adviceText(line.unpricedReason!)).toMatch(/image/);
      }),
      { numRuns: 60, seed: SEED },
    );
  });

  it('coarse-after-fine: 5-minute data after minute data is read at 5 minutes, so its peak is per minute of its own period', () => {
    const catalog = PriceCatalog.bundled();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1e5 }), { minLength: 2, maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 1e6 }), { minLength: 6, maxLength: 24 }), (minutes, fives) => {
        const rows = minutes.map((v, i) => `${iso(T0 + i * 60)},us-east-1,${HAIKU},InputTokenCount,${v}`);
        // The 5-minute data starts on the next 5-minute boundary after the minutes.
        const start = Math.ceil((T0 + minutes.length * 60) / 300) * 300;
        rows.push(...fives.map((v, i) => `${iso(start + i * 300)},us-east-1,${HAIKU},InputTokenCount,${v}`));
        count('coarse-after-fine');
        const report = analyze(parseUsageCsv(csv(rows), 'tiers.csv', { now: NOW }), catalog, { now: NOW });
        const peak = Math.round(Math.max(...minutes, ...fives.map((v) => v / 5)));
        expect(report.models[0]!.peak.inputTokensPerMinute).toBe(peak);
      }),
      { numRuns: 150, seed: SEED },
    );
  });

  it('peak-resolution: a peak minute data shows carries 60 s, however coarser data ties it (a steady output rate)', () => {
    const catalog = PriceCatalog.bundled();
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 2, max: 50 }), (hours, outPerMinute, spike) => {
        const rows: string[] = [];
        // Hourly data, then minute data: output steady at `outPerMinute`, input 100 a minute with one minute at `spike` x.
        for (let h = 0; h < hours; h++) {
          rows.push(`${iso(T0 + h * 3600)},us-east-1,${HAIKU},InputTokenCount,${100 * 60}`, `${iso(T0 + h * 3600)},us-east-1,${HAIKU},OutputTokenCount,${outPerMinute * 60}`);
        }
        const start = T0 + hours * 3600;
        for (let m = 0; m < 10; m++) {
          rows.push(`${iso(start + m * 60)},us-east-1,${HAIKU},InputTokenCount,${m === 5 ? 100 * spike : 100}`, `${iso(start + m * 60)},us-east-1,${HAIKU},OutputTokenCount,${outPerMinute}`);
        }
        count('peak-resolution');
        const peak = analyze(parseUsageCsv(csv(rows), 'tiered.csv', { now: NOW }), catalog, { now: NOW }).models[0]!.peak;
        expect(peak).toEqual({ inputTokensPerMinute: 100 * spike, outputTokensPerMinute: outPerMinute, resolutionSeconds: 60 });
      }),
      { numRuns: 100, seed: SEED },
    );
  });
});

describe('fuzz 18: windows never guessed', () => {
  it('single-timestamp: a file whose rows share one timestamp (any minute) is refused, naming --start and --end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * 1440 - 1 }), fc.array(fc.constantFrom('InputTokenCount', 'OutputTokenCount', 'Invocations'), { minLength: 1, maxLength: 3 }), (minute, metrics) => {
        const rows = [...new Set(metrics)].map((m) => `${iso(T0 + minute * 60)},us-east-1,${HAIKU},${m},1000000`);
        count('single-timestamp');
        refused(() => parseUsageCsv(csv(rows), 'one.csv', { now: NOW }), ['one.csv', 'every row is at one timestamp', '--start and --end']);
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  it('stray-row: one row weeks away from the rest is named with its line, never averaged into the window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 48 }), fc.integer({ min: 30, max: 700 }), fc.boolean(), fc.nat(100), (hours, daysAway, before, at) => {
        const rows = Array.from({ length: hours }, (_, h) => `${iso(T0 + h * 3600)},us-east-1,${HAIKU},InputTokenCount,1000`);
        const strayTime = before ? T0 - daysAway * 86_400 : T0 + daysAway * 86_400;
        if (strayTime / 1000 > NOW.getTime() / 1000 || strayTime < Date.UTC(2023, 0, 1) / 1000) return;
        const position = at % (rows.length + 1);
        rows.splice(position, 0, `${iso(strayTime)},us-east-1,${HAIKU},InputTokenCount,5`);
        count('stray-row');
        refused(() => parseUsageCsv(csv(rows), 'stray.csv', { now: new Date(NOW.getTime() + 800 * 86_400_000) }), [`stray.csv:${position + 2} (${new Date(strayTime * 1000).toISOString()})`, '--start and --end']);
      }),
      { numRuns: 200, seed: SEED },
    );
  });
});

describe('fuzz 18: identifiers that cannot be what they claim', () => {
  const rowsWith = (modelId: string, region = 'us-east-1') => [`${iso(T0)},${region},${modelId},InputTokenCount,10`, `${iso(T0 + 60)},${region},${HAIKU},InputTokenCount,10`];

  it('region-conflict: a geographic profile or an ARN whose Region is not the row\'s is refused, naming the line', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(fc.constantFrom('eu', 'apac', 'jp', 'au', 'ca'), fc.constantFrom('us-east-1', 'us-west-2')).map(([geo, region]) => ({ id: `${geo}.${HAIKU}`, region })),
          fc.tuple(fc.constant('us'), fc.constantFrom('eu-west-1', 'ap-northeast-1', 'eu-central-1')).map(([geo, region]) => ({ id: `${geo}.${HAIKU}`, region })),
          fc.tuple(fc.constantFrom('us-west-2', 'eu-west-1'), fc.constantFrom('foundation-model', 'inference-profile', 'application-inference-profile')).map(([arnRegion, kind]) => ({
            id: `arn:aws:bedrock:${arnRegion}:${kind === 'foundation-model' ? '' : '123456789012'}:${kind}/${kind === 'inference-profile' ? `us.${HAIKU}` : kind === 'foundation-model' ? HAIKU : 'abc123'}`,
            region: 'us-east-1',
          })),
        ),
        ({ id, region }) => {
          count('region-conflict');
          refused(() => parseUsageCsv(csv(rowsWith(id, region)), 'geo.csv', { now: NOW }), ['geo.csv:2', `cannot have been called in ${region}`]);
        },
      ),
      { numRuns: 150, seed: SEED },
    );
  });

  it('hidden-characters: NUL, controls, zero-width marks and bytes that are not UTF-8 in a model ID are refused, naming the line', async () => {
    const file = join(dir, 'hidden.csv');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\u0085', '\u00ad', '\u200b', '\u200d', '\u200e', '\u202e', '\u2060', '\ufeff'), fc.constant('INVALID_UTF8')),
        fc.nat(HAIKU.length),
        async (hidden, at) => {
          const marker = 'QQQ';
          const id = `${HAIKU.slice(0, at)}${marker}${HAIKU.slice(at)}`;
          const text = csv(rowsWith(id));
          const bytes = Buffer.from(text, 'utf8');
          const i = bytes.indexOf(marker);
          const replacement = hidden === 'INVALID_UTF8' ? Buffer.from([0xff]) : Buffer.from(hidden, 'utf8');
          writeFileSync(file, Buffer.concat([bytes.subarray(0, i), replacement, bytes.subarray(i + marker.length)]));
          count('hidden-characters');
          let error: unknown;
          await readUsageFile(file, { now: NOW }).catch((e: unknown) => (error = e));
          expect(error).toBeInstanceOf(InputError);
          expect((error as Error).message).toContain(`${file}:2: modelId`);
        },
      ),
      { numRuns: 200, seed: SEED },
    );
  });

  it('duplicate-column: a header naming any column twice is refused', () => {
    fc.assert(
      fc.property(fc.constantFrom('timestamp', 'region', 'modelId', 'metric', 'value'), fc.nat(5), (column, at) => {
        const header = HEADER.split(',');
        header.splice(at % (header.length + 1), 0, column);
        const row = header.map((c) => ({ timestamp: iso(T0), region: 'us-east-1', modelId: HAIKU, metric: 'InputTokenCount', value: '1' })[c as 'value']);
        count('duplicate-column');
        refused(() => parseUsageCsv([header.join(','), row.join(','), row.join(',').replace(iso(T0), iso(T0 + 60))].join('\n'), 'dup.csv', { now: NOW }), ['dup.csv:1', `"${column}" twice`]);
      }),
      { numRuns: 50, seed: SEED },
    );
  });
});

describe('fuzz 18: names from the account are escaped in every text format', () => {
  it('escaped-names: a newline or terminal escape in a provisioned-throughput, profile or model name never reaches text, markdown, email, Slack or HTML raw', async () => {
    const hostile = fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\u001b[2J', '\u001b]8;;http://evil\u0007', '\u2028', '\u202e', '\u0000'), fc.string({ maxLength: 8 })).map(([a, c, b]) => ({ name: `${a}${c}FAKE LINE${b}`, control: c }));
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (pt, profile) => {
        // Provisioned throughputs from the sample account, application profiles from the profile fixture.
        const snapshot = sampleSnapshot();
        snapshot.provisionedThroughputs = snapshot.provisionedThroughputs.map((p) => ({ ...p, provisionedModelName: pt.name }));
        const apps = appProfileSnapshot();
        apps.inferenceProfiles = apps.inferenceProfiles.map((p) => ({ ...p, inferenceProfileName: profile.name }));
        const reports = [analyze(snapshot, PriceCatalog.bundled(), { now: new Date(SAMPLE_END) }), analyze(apps, goldenCatalog, { now: APP_PROFILE_NOW })];
        count('escaped-names');
        const outputs = (await Promise.all(reports.map(async (report) => [renderText(publishedReport(report)), renderMarkdown(publishedReport(report)), renderEmailDigest(publishedReport(report)), JSON.stringify(buildChatbotNotification(publishedReport(report))), await renderHtml(publishedReport(report))]))).flat();
        // The names are shown, escaped (so the checks below are not met by leaving them out).
        expect(outputs[0]).toContain(printable(pt.name));
        expect(outputs[5]).toContain(printable(profile.name));
        for (const out of outputs) {
          for (const { name, control } of [pt, profile]) {
            expect(out).not.toContain(name);
            // The name is there, its control written out: nothing it holds acts on the reader's screen.
            if (control !== '\n' && control !== '\r\n') expect(out).not.toContain(control);
          }
        }
      }),
      { numRuns: 10, seed: SEED },
    );
  });
});

describe('fuzz 18: flags and files that would give a wrong report', () => {
  it('out-over-input: --out naming the input, the rates or the catalog file is refused (exit 2) and the file is untouched', async () => {
    const usage = join(dir, 'usage.csv');
    writeFileSync(usage, csv([`${iso(T0)},us-east-1,${HAIKU},InputTokenCount,10`, `${iso(T0 + 60)},us-east-1,${HAIKU},InputTokenCount,10`]));
    const rates = join(dir, 'rates.json');
    writeFileSync(rates, JSON.stringify({ rates: [] }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('--input', '--rates'), fc.constantFrom('same', 'dot', 'double-slash'), async (flag, spelling) => {
        const target = flag === '--input' ? usage : rates;
        const before = readFileSync(target, 'utf8');
        const out = spelling === 'same' ? target : spelling === 'dot' ? join(dir, '.', flag === '--input' ? 'usage.csv' : 'rates.json') : target.replace(dir, `${dir}/`);
        count('out-over-input');
        const args = ['analyze', '--input', usage, ...(flag === '--rates' ? ['--rates', rates] : []), '--out', out];
        const { code, stderr } = await cli(args);
        expect(code).toBe(2);
        expect(stderr).toMatch(/--out .* is the same file as --(input|rates)/);
        expect(readFileSync(target, 'utf8')).toBe(before);
      }),
      { numRuns: 12, seed: SEED },
    );
  });

  it('min-savings-percent: over 100 is refused (exit 2), 0 to 100 accepted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer({ min: 101, max: 100_000 }).map(String), fc.double({ min: 100.01, max: 1e6, noNaN: true }).map((d) => d.toFixed(2))), async (value) => {
        count('min-savings-percent');
        const { code, stderr } = await cli(['analyze', '--sample', '--min-savings-percent', value, '--format', 'json']);
        expect(code).toBe(2);
        expect(stderr).toContain('--min-savings-percent must be a percentage from 0 to 100');
      }),
      { numRuns: 20, seed: SEED },
    );
    expect((await cli(['analyze', '--sample', '--min-savings-percent', '100', '--format', 'json'])).code).toBe(0);
  });

  it('future-catalog: a --catalog dated after tomorrow is refused, naming its asOf', async () => {
    const document = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'src', 'catalog', 'data', 'bedrock-prices.json'), 'utf8')) as { asOf: string };
    const file = join(dir, 'future-catalog.json');
    await fc.assert(
      // From 2100: after any day these tests run on (the check itself is against the real clock).
      fc.asyncProperty(fc.date({ min: new Date('2100-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }), async (date) => {
        const asOf = date.toISOString().slice(0, 10);
        writeFileSync(file, JSON.stringify({ ...document, asOf }));
        count('future-catalog');
        const { code, stderr } = await cli(['analyze', '--sample', '--catalog', file, '--format', 'json']);
        expect(code).toBe(2);
        expect(stderr).toContain(`asOf ${asOf} is in the future`);
      }),
      { numRuns: 5, seed: SEED },
    );
  });

  it('rates-twice: the same model, Region and scope twice in a rates file is refused, naming both entries', () => {
    const catalog = PriceCatalog.bundled();
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.nat(), fc.nat(), fc.constantFrom(HAIKU, `us.${HAIKU}`, `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}`), (n, i, j, spelling) => {
        const first = i % n;
        const second = (first + 1 + (j % (n - 1))) % n;
        const rates = Array.from({ length: n }, (_, k) => ({ model: 'amazon.nova-micro-v1:0', region: `us-west-${k + 10}`, onDemand: { input: '0.0001' } }));
        rates[first] = { model: HAIKU, region: 'us-east-1', onDemand: { input: '0.0002' } };
        rates[second] = { model: spelling, region: 'us-east-1', onDemand: { input: '0.0003' } };
        count('rates-twice');
        refused(() => catalog.withRates({ rates }, 'twice.json', NOW), ['twice.json', `rates[${Math.max(first, second)}]`, `rates[${Math.min(first, second)}]`]);
      }),
      { numRuns: 100, seed: SEED },
    );
  });

  it('rates-limit: more than 5,000 rates entries are refused at once (20,000 took 30 s)', () => {
    const catalog = PriceCatalog.bundled();
    fc.assert(
      fc.property(fc.integer({ min: 5_001, max: 20_000 }), (n) => {
        const rates = Array.from({ length: n }, (_, k) => ({ model: 'amazon.nova-micro-v1:0', region: `us-east-${k}`, onDemand: { input: '0.0001' } }));
        count('rates-limit');
        const started = Date.now();
        refused(() => catalog.withRates({ rates }, 'many.json', NOW), ['many.json', `${n} entries`, 'limit of 5000']);
        expect(Date.now() - started).toBeLessThan(1_000);
      }),
      { numRuns: 10, seed: SEED },
    );
  });
});

describe('fuzz 18: events nested too deep', () => {
  it('deep-event: any field nested past the limit (up to 5,000 levels) is refused naming its path, never a RangeError', () => {
    fc.assert(
      fc.property(fc.constantFrom('accounts', 'regions', 'models', 'days', 'unknownField'), fc.integer({ min: MAX_EVENT_DEPTH, max: 5_000 }), fc.boolean(), (field, depth, objects) => {
        let value: unknown = 'leaf';
        for (let d = 0; d < depth; d++) value = objects ? { k: value } : [value];
        count('deep-event');
        let error: unknown;
        try {
          parseAnalyzeEvent({ [field]: value });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(ConfigurationError);
        expect((error as Error).message).toMatch(new RegExp(`^invalid analyze event: ${field}(\\[0\\]|\\.k)+: nested more than ${MAX_EVENT_DEPTH} levels deep`));
      }),
      { numRuns: 100, seed: SEED },
    );
  });
});

afterAll(() => {
  if (!existsSync(dir)) return;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`fuzz 18: ${Object.keys(counts).length} classes, ${total} cases: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
});

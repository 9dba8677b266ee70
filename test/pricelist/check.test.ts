import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import bundled from '../../src/catalog/data/bedrock-prices.json' with { type: 'json' };
import type { CatalogFile } from '../../src/catalog/schema.js';
import { readLeftOutFigures } from '../../src/pricelist/bundled.js';
import { checkCatalog, coverage, coverageTable, listedCoverage, readButUnpriced, readButUnpricedLines, readButUnpricedTable } from '../../src/pricelist/check.js';

const fresh = (): CatalogFile => structuredClone(bundled) as CatalogFile;
const row = (doc: CatalogFile, model: string, region: string, scope: string) => doc.prices.find((r) => r.model === model && r.region === region && r.scope === scope)!;

describe('catalog check', () => {
  it('the README quotes the Regions x modes table of the bundled catalog as it is', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = coverageTable(coverage(fresh())).join('\n');
    expect(readme).toContain(`\`\`\`\n${table}\n\nus-east-1: 105 models AWS lists: `);
  });

  it('`npm run catalog:check` passes on the bundled catalog and lists what is unpriced', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/catalog-check.ts'], { cwd: new URL('../..', import.meta.url).pathname });
    expect(stdout).toMatch(/catalog check passed/);
    // Claude Sonnet 5.5, once priced in us-west-2 only, has us-east-1 rows from its agreement-offer rate card.
    expect(stdout).not.toMatch(/anthropic\.claude-sonnet-5-5 \(Claude Sonnet 5\.5\): no us-east-1 price/);
    // The table of Regions x modes, and the us-east-1 models AWS lists against the catalog.
    expect(stdout).toMatch(/Region +models +on-demand +cache read +cache 5m +cache 1h +long ctx +batch +flex +priority +PT none +PT 1m +PT 6m +Reserved 1m +Reserved 3m/);
    expect(stdout).toMatch(/us-east-1: 105 models AWS lists .*\n  priced on demand: \d+ \(\d+%\)/);
    // Issue 15's target: at least 95% of the models AWS lists in us-east-1 priced (105 of 105 today).
    const priced = Number(/\n  priced on demand: (\d+) \(/.exec(stdout)?.[1]);
    expect(priced / 105).toBeGreaterThanOrEqual(0.95);
    // Marengo Embed 3.0, the last one unrecognised, is priced from the offer files' per-second and per-image rows
    // (koyakimu/aws-bedrock-quick-reference data/prices.json @ 5dc0978): every model AWS lists is recognised.
    expect(stdout).toMatch(/unrecognised [^\n]*: 0\n/);
    expect(stdout).not.toMatch(/twelvelabs\.marengo-embed-3-0-v1:0 \(Marengo Embed 3\.0\)/);
    // What a read source sells that the catalog leaves unpriced, per Region, by reason.
    expect(stdout).toMatch(/read but unpriced, by Region.*\n  ap-east-2 +\d+: not-clearly-its-row \d+/);
    // Every Region the offer-file extracts name has a known billing code, so no slot stays out for want of one.
    expect(stdout).not.toMatch(/not-transcribed/);
    expect(stdout).toMatch(/\n  ap-northeast-1 +\d+: lifecycle \d+/);
    expect(stdout).toMatch(/read but unpriced, by Region and mode.*\n  Region +slots +on-demand +cache read +cache 5m +cache 1h +long ctx +batch +flex +priority\n/);
  }, 60_000);

  it('counts models per Region and mode: read from a row, or only by a derived rule', () => {
    const doc = fresh();
    const east = coverage(doc).find((r) => r.region === 'us-east-1')!;
    // Claude Sonnet 4.6 has us-east-1 Reserved rows for both terms (GetProducts 2026-05-01); Claude Haiku 4.5 for
    // 1 month only (its agreement-offer rate card in whchoi98/model-monitoring).
    expect(east.priced['Reserved 1m']).toEqual({ read: 2, derived: 0 });
    expect(east.priced['Reserved 3m']).toEqual({ read: 1, derived: 0 });
    // 1-hour cache writes: Sonnet 4.6 and Opus 4.7 rows read, and the agreement-offer rate cards' rows of Fable 5.1,
    // Haiku 5.5, Sonnet 5.5, Opus 5 and Sonnet 5 (whchoi98/model-monitoring); Sonnet 4.5, Haiku 4.5, Opus 4.5, 4.6 and
    // 4.8 and Fable 5 only from LiteLLM's us./global. profile prices placed on us-east-1 (derived).
    expect(east.priced['cache 1h']).toEqual({ read: 7, derived: 6 });
    // Removing Sonnet 4.6's Reserved rows takes it out of the count.
    for (const r of doc.prices.filter((p) => p.model === 'anthropic.claude-sonnet-4-6-v1:0')) delete r.reservedPerThousandTpmHour;
    expect(coverage(doc).find((r) => r.region === 'us-east-1')!.priced['Reserved 1m']).toEqual({ read: 1, derived: 0 });
    expect(coverage(doc).find((r) => r.region === 'us-east-1')!.priced['Reserved 3m']).toEqual({ read: 0, derived: 0 });
    // us-west-2 parity copies count as derived, never as read.
    const west = coverage(fresh()).find((r) => r.region === 'us-west-2')!;
    expect(west.priced['on-demand']!.derived).toBeGreaterThan(0);
  });

  it('sets the models AWS lists against the catalog: priced, known but unpriced, unrecognised', () => {
    const c = listedCoverage(fresh(), 'us-east-1', [
      { modelId: 'amazon.nova-micro-v1:0', modelName: 'Nova Micro', inferenceTypesSupported: ['ON_DEMAND'] },
      { modelId: 'amazon.nova-micro-v1:0:24k', modelName: 'Nova Micro', inferenceTypesSupported: ['PROVISIONED'] },
      { modelId: 'nvidia.nemotron-nano-3-30b', modelName: 'Nemotron Nano 3 30B', inferenceTypesSupported: ['ON_DEMAND'] },
      { modelId: 'anthropic.claude-sonnet-5-5', modelName: 'Claude Sonnet 5.5', inferenceTypesSupported: ['ON_DEMAND'] },
      // A context-length variant of an ID with no version is the same model (read by parseModelId, as
      // everywhere): splitting on ':' once counted it as a model of its own.
      { modelId: 'anthropic.claude-sonnet-5-5:200k', modelName: 'Claude Sonnet 5.5', inferenceTypesSupported: ['ON_DEMAND', 'PROVISIONED'] },
      // Priced from the offer-file extract since its model is read from its usagetype and the listing names it.
      { modelId: 'writer.palmyra-vision-7b', modelName: 'Writer Palmyra Vision 7B', inferenceTypesSupported: ['ON_DEMAND'] },
      // Priced per second of video and audio and per image from the offer files (data/prices.json @ 5dc0978).
      { modelId: 'twelvelabs.marengo-embed-3-0-v1:0', modelName: 'Marengo Embed 3.0', inferenceTypesSupported: ['ON_DEMAND'] },
      // A model no page and no table names.
      { modelId: 'example.unnamed-model-v1:0', modelName: 'Unnamed Model', inferenceTypesSupported: ['ON_DEMAND'] },
    ]);
    expect(c).toEqual({
      region: 'us-east-1', listed: 6,
      // Claude Sonnet 5.5: priced in us-east-1 from its agreement-offer rate card (whchoi98/model-monitoring @ 98af18e).
      priced: ['amazon.nova-micro-v1:0 (Nova Micro)', 'nvidia.nemotron-nano-3-30b (Nemotron Nano 3 30B)', 'anthropic.claude-sonnet-5-5 (Claude Sonnet 5.5)', 'writer.palmyra-vision-7b (Writer Palmyra Vision 7B)', 'twelvelabs.marengo-embed-3-0-v1:0 (Marengo Embed 3.0)'],
      unpriced: [],
      unrecognised: ['example.unnamed-model-v1:0 (Unnamed Model)'],
    });
  });

  it('finds no violation in the bundled catalog', () => {
    expect(checkCatalog(fresh(), 'bundled').violations).toEqual([]);
  });

  it('catches each broken invariant, naming the row', () => {
    const doc = fresh();
    const micro = row(doc, 'amazon.nova-micro-v1:0', 'us-east-1', 'in-region');
    // Nova Micro: input 0.000035, output 0.00014 per 1K.
    micro.perThousandTokens = { ...micro.perThousandTokens, batchInput: '0.00004', cacheRead: '0.00005', flexOutput: '0.00015', priorityInput: '0.00003' };
    const haikuWest = row(doc, 'anthropic.claude-haiku-4-5-20251001-v1:0', 'us-west-2', 'in-region');
    haikuWest.perThousandTokens = { ...haikuWest.perThousandTokens, cacheWrite1h: '0.001' }; // below the 5m write 0.001375
    const sonnetGlobal = row(doc, 'anthropic.claude-sonnet-4-5-20250929-v1:0', 'us-east-1', 'global');
    sonnetGlobal.perThousandTokens = { ...sonnetGlobal.perThousandTokens, output: '0.02' }; // above the in-Region 0.0165
    const { violations } = checkCatalog(doc, 'broken');
    expect(violations).toEqual([
      'amazon.nova-micro-v1:0 us-east-1 in-region: batch input above on-demand input (batchInput 0.00004 > input 0.000035)',
      'amazon.nova-micro-v1:0 us-east-1 in-region: cache read above input (cacheRead 0.00005 > input 0.000035)',
      'amazon.nova-micro-v1:0 us-east-1 in-region: flex output above standard (flexOutput 0.00015 > output 0.00014)',
      'amazon.nova-micro-v1:0 us-east-1 in-region: priority input below standard (input 0.000035 > priorityInput 0.00003)',
      'anthropic.claude-haiku-4-5-20251001-v1:0 us-west-2 in-region: 1h cache write below the 5m write (cacheWrite5m 0.001375 > cacheWrite1h 0.001)',
      'anthropic.claude-sonnet-4-5-20250929-v1:0 us-east-1 global: global output 0.02 above the in-Region 0.0165',
      // The broken in-Region 1h write also puts the (correct) global 1h write 0.002 above it.
      'anthropic.claude-haiku-4-5-20251001-v1:0 us-west-2 global: global cacheWrite1h 0.002 above the in-Region 0.001',
    ]);
  });

  it('reads a row with a model-unit capacity (token counts, not prices) without complaint', () => {
    const doc = fresh();
    row(doc, 'amazon.nova-micro-v1:0', 'us-east-1', 'in-region').modelUnitCapacity = { inputTokensPerMinute: 1000, outputTokensPerMinute: 100, source: 'seed-article' };
    expect(checkCatalog(doc, 'x').violations).toEqual([]);
  });

  it('rejects a derived price that does not say what it was derived from, and an unknown source', () => {
    const doc = fresh();
    const west = row(doc, 'anthropic.claude-sonnet-4-20250514-v1:0', 'us-west-2', 'in-region');
    west.perThousandTokens = { ...west.perThousandTokens, input: { usd: '0.003', source: 'us-west-2-parity' } };
    expect(checkCatalog(doc, 'x').violations).toEqual([
      'anthropic.claude-sonnet-4-20250514-v1:0 us-west-2 in-region perThousandTokens.input: derived (source us-west-2-parity) but does not say what it was derived from',
    ]);
    const unknown = fresh();
    unknown.prices[0]!.source = 'nowhere';
    expect(checkCatalog(unknown, 'x').violations.join('\n')).toMatch(/unknown source "nowhere"/);
  });

  it('counts, per Region, the slots a read source sells that the catalog leaves unpriced, each once, with its reason', () => {
    const doc = fresh();
    const gaps = readButUnpriced(doc, [
      // Priced from another source: Nova Micro's us-east-1 batch is read, so its left-out figure is no gap.
      { model: 'amazon.nova-micro-v1:0', region: 'us-east-1', tier: 'batch', reason: 'rounded-tier' },
      // Claude 3.5 Sonnet v2's us-east-1 cache write is priced under extended access ($7.50 per 1M, the pricing page's row): no gap.
      { model: 'anthropic.claude-3-5-sonnet-20241022-v2:0', region: 'us-east-1', tier: 'cacheWrite', reason: 'lifecycle' },
      // Its ap-northeast-1 cache write has no price under extended access: one slot, counted once for two figures.
      { model: 'anthropic.claude-3-5-sonnet-20241022-v2:0', region: 'ap-northeast-1', tier: 'cacheWrite', reason: 'lifecycle' },
      { model: 'anthropic.claude-3-5-sonnet-20241022-v2:0', region: 'ap-northeast-1', tier: 'cacheWrite', reason: 'rounded-tier' },
      // The extract's ID without the catalog's suffix resolves as a report resolves it: priced, so no gap.
      { model: 'nvidia.nemotron-nano-9b-v2', region: 'us-east-1', tier: 'standard', reason: 'not-transcribed' },
      // A model the catalog does not know is unpriced wherever its figure is.
      { model: 'acme.unlisted-v1:0', region: 'eu-west-1', tier: 'global', reason: 'unknown-model' },
      { model: 'acme.unlisted-v1:0', region: 'eu-west-1', tier: 'standard', reason: 'unknown-model' },
    ]);
    expect(gaps).toEqual([
      { region: 'ap-northeast-1', slots: 1, byReason: { lifecycle: 1 }, byMode: { 'cache 5m': 1 } },
      { region: 'eu-west-1', slots: 2, byReason: { 'unknown-model': 2 }, byMode: { 'on-demand': 2 } },
    ]);
    expect(readButUnpricedLines(gaps)).toEqual(['ap-northeast-1    1: lifecycle 1', 'eu-west-1         2: unknown-model 2', 'all               3']);
    // The same slots by mode: in-Region and global on-demand are one column; a mode no source can show has no column.
    expect(readButUnpricedTable(gaps)).toEqual([
      'Region          slots  on-demand  cache read  cache 5m  cache 1h  long ctx  batch  flex  priority',
      'ap-northeast-1      1          0           0         1         0         0      0     0         0',
      'eu-west-1           2          2           0         0         0         0      0     0         0',
      'all                 3          2           0         1         0         0      0     0         0',
    ]);
  });

  it('a Nova cache write ($0.00 in the Price List) is no gap: the model\'s writes bill at its input rate, and only while that holds', () => {
    const zero = [{ model: 'amazon.nova-micro-v1:0', region: 'us-east-1', tier: 'cacheWrite' as const, reason: 'zero-price' }];
    expect(readButUnpriced(fresh(), zero)).toEqual([]);
    // The same catalog with Nova Micro's writes not billed as input: the slot is a gap again.
    const doc = fresh();
    const micro = doc.models.find((m) => m.modelId === 'amazon.nova-micro-v1:0')!;
    micro.promptCache = { ...micro.promptCache!, writesBilledAsInput: false };
    expect(readButUnpriced(doc, zero)).toEqual([{ region: 'us-east-1', slots: 1, byReason: { 'zero-price': 1 }, byMode: { 'cache 5m': 1 } }]);
    // The table counts the rule's 5-minute writes as derived: Nova Micro, Lite, Pro, Premier and Nova 2 Lite in us-east-1.
    // 19 read: Claude 3.5 Sonnet v2's extended-access write ($7.50 per 1M, the pricing page's row) and two rate-card writes are the 17th to 19th.
    expect(coverage(fresh()).find((r) => r.region === 'us-east-1')!.priced['cache 5m']).toEqual({ read: 19, derived: 5 });
    expect(coverage(doc).find((r) => r.region === 'us-east-1')!.priced['cache 5m']).toEqual({ read: 19, derived: 4 });
  });

  it('the README quotes the read-but-unpriced lines of the bundled catalog as they are', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const lines = readButUnpricedLines(readButUnpriced(fresh(), readLeftOutFigures())).join('\n');
    expect(readme).toContain(`\`\`\`\n${lines}\n\`\`\``);
    const table = readButUnpricedTable(readButUnpriced(fresh(), readLeftOutFigures())).join('\n');
    expect(readme).toContain(`\`\`\`\n${table}\n\`\`\``);
  });
});

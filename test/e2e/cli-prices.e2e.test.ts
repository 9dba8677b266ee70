import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLED_CATALOG_FILE, PRICE_LIST_PAGES, readRecordedPages } from '../../src/pricelist/bundled.js';
import { pointSdkAtStub, startAwsStub, type AwsStub } from './aws-stub.js';
import { loopbackTimeouts } from './stub-timeouts.js';
import { testClock } from '../fixtures/clock.js';

loopbackTimeouts();

/**
 * `prices refresh`, `analyze --catalog FILE` and `analyze --prices live` with the real Pricing
 * client against the loopback stub, which serves the recorded Price List pages.
 */
let stub: AwsStub;
let denied: AwsStub;
let extraRow: AwsStub;
let main: typeof import('../../src/cli/main.js').main;
const dir = mkdtempSync(join(tmpdir(), 'bca-prices-'));

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { clock: testClock, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** 24 hours of Nova Micro in us-east-1: 1,000,000 input and 200,000 output tokens an hour. */
function usageCsv(): string {
  const lines = ['timestamp,region,modelId,metric,value'];
  for (let h = 0; h < 24; h++) {
    const t = `2026-11-01T${String(h).padStart(2, '0')}:00:00Z`;
    lines.push(`${t},us-east-1,amazon.nova-micro-v1:0,InputTokenCount,1000000`, `${t},us-east-1,amazon.nova-micro-v1:0,OutputTokenCount,200000`, `${t},us-east-1,amazon.nova-micro-v1:0,Invocations,100`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  stub = await startAwsStub();
  denied = await startAwsStub({ pricing: { products: {}, fail: true } });
  const products: Record<string, string[]> = {};
  for (const { page } of readRecordedPages(PRICE_LIST_PAGES)) (products[page.serviceCode] ??= []).push(...page.priceList);
  const unknown = JSON.parse(products.AmazonBedrockFoundationModels!.find((p) => p.includes('"regionCode":"us-east-1"'))!);
  unknown.product.attributes.servicename = 'Claude Sonnet 9 (Amazon Bedrock Edition)';
  products.AmazonBedrockFoundationModels!.push(JSON.stringify(unknown));
  extraRow = await startAwsStub({ pricing: { products } });
  pointSdkAtStub(stub);
  ({ main } = await import('../../src/cli/main.js'));
});

afterAll(async () => {
  await Promise.all([stub?.close(), denied?.close(), extraRow?.close()]);
});

beforeEach(() => {
  for (const s of [stub, denied, extraRow]) s.reset();
});

describe('bedrock-cost-advisor prices refresh', () => {
  it('writes a catalog from the Price List that matches the bundled one in the Regions read', async () => {
    const out = join(dir, 'live.json');
    const result = await run(['prices', 'refresh', '--region', 'us-east-1', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^wrote .*live\.json: \d+ models priced in us-east-1, \d+ price rows, as of \d{4}-\d\d-\d\d$/m);
    expect(result.stdout).toMatch(/GetProducts AmazonBedrockFoundationModels us-east-1 \(3 pages, \d+ products\)/);
    // The bundled us-east-1 rows were read from the same recorded pages, so nothing is added or changed;
    // the only differences are the prices the bundled catalog takes from LiteLLM's transcription or a
    // derivation rule, which no Price List read gives: each is "removed", and they are counted here apart.
    const bundled = JSON.parse(readFileSync(BUNDLED_CATALOG_FILE, 'utf8')) as { prices: Array<{ region: string; [k: string]: unknown }> };
    const notFromPriceList = new Set(['litellm-bedrock-regions', 'litellm-bedrock-geo-profiles', 'batch-half-on-demand']);
    let expectedRemoved = 0;
    const count = (v: unknown): void => {
      if (typeof v !== 'object' || v === null) return;
      if ('usd' in v) expectedRemoved += notFromPriceList.has(String((v as unknown as { source: string }).source)) ? 1 : 0;
      else Object.values(v).forEach(count);
    };
    for (const row of bundled.prices.filter((r) => r.region === 'us-east-1')) count(row);
    // 35 today: the all-Regions offer-file extract now gives many us-east-1 rows only LiteLLM gave before (was over 60).
    expect(expectedRemoved).toBeGreaterThan(20);
    expect(result.stdout).toContain(`changes against the bundled catalog (as of 2026-09-30): ${expectedRemoved}\n`);
    expect(result.stdout).not.toMatch(/^\s*(added|changed) /m);
    // Only the rows the bundled build leaves out on purpose (src/pricelist/bundled.ts), each named.
    expect(result.stdout).toMatch(/rows not priced \(not mapped to a model or not classified\): 3 \(unclassified-usagetype 2, zero-price 1\)\n/);
    expect(result.stdout).toMatch(/zero-price Nova Micro USE1-NovaMicro-cache-write-input-token-count \(us-east-1\): price is 0/);
    const written = JSON.parse(readFileSync(out, 'utf8'));
    expect(written.schemaVersion).toBe(2);
    expect(written.generated.from[0]).toMatch(/^GetProducts AmazonBedrock us-east-1/);
  });

  it('prices a model the table does not know by its row, and exits 2 with one line when the Price List is denied', async () => {
    process.env.AWS_ENDPOINT_URL = extraRow.url;
    const extra = join(dir, 'extra.json');
    const unknown = await run(['prices', 'refresh', '--region', 'us-east-1', '--out', extra]);
    // Claude Sonnet 9 by its name; DeepSeek V3.2, MiniMax M2/M2.1/M2.5 and others by the model ID in their usagetypes
    // (the all-Regions offer-file extract gives them us-east-1 rows; model-names.ts holds no facts for them).
    expect(unknown.stdout).toMatch(/models identified from the Price List rows alone .*: \d+\n(?:  .*\n)*  claude-sonnet-9 \(Claude Sonnet 9\): by its Price List name/);
    // Palmyra Vision 7B (no facts in the table) by the model ID in its usagetype.
    expect(unknown.stdout).toMatch(/  writer\.palmyra-vision-7b \(.*\): by /);
    expect(unknown.stdout).toMatch(/  minimax\.minimax-m2\.5 \(minimax\.minimax-m2\.5\): by the model ID in its usagetype/);
    expect(unknown.stdout).toMatch(/rows not priced .*: 3 \(/);
    const written = JSON.parse(readFileSync(extra, 'utf8'));
    expect(written.prices.find((r: { model: string }) => r.model === 'claude-sonnet-9')).toBeDefined();
    process.env.AWS_ENDPOINT_URL = denied.url;
    const refused = await run(['prices', 'refresh', '--out', join(dir, 'never.json')]);
    process.env.AWS_ENDPOINT_URL = stub.url;
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: cannot read the AWS Price List: User is not authorized to perform: pricing:GetProducts\n$/);
  });

  it('rejects a bad Region before calling AWS', async () => {
    const before = stub.requests.length;
    const result = await run(['prices', 'refresh', '--region', 'moon-1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--region "moon-1" is not an AWS Region code/);
    expect(stub.requests.length).toBe(before);
  });
});

describe('analyze with a chosen price source', () => {
  const csv = join(dir, 'usage.csv');
  beforeAll(() => writeFileSync(csv, usageCsv()));

  it('--catalog FILE prices with the file; --prices live reads the Price List once; both name their origin', async () => {
    // A catalog file with Nova Micro at twice the bundled input price.
    const file = join(dir, 'dear.json');
    const doc = JSON.parse(readFileSync(new URL('../../src/catalog/data/bedrock-prices.json', import.meta.url), 'utf8'));
    const micro = doc.prices.find((r: { model: string; region: string }) => r.model === 'amazon.nova-micro-v1:0' && r.region === 'us-east-1');
    micro.perThousandTokens.input = { usd: '0.00007', source: 'seed-article' };
    writeFileSync(file, JSON.stringify(doc));

    const bundled = JSON.parse((await run(['analyze', '--input', csv, '--format', 'json'])).stdout);
    const fromFile = JSON.parse((await run(['analyze', '--input', csv, '--format', 'json', '--catalog', file])).stdout);
    const calls = stub.requests.filter((r) => r.operation === 'GetProducts').length;
    const live = await run(['analyze', '--input', csv, '--format', 'json', '--prices', 'live']);

    // Hand figures: 24 h x 1,000,000 input = 24,000 K tokens; x 730/24 for a month = 730,000 K tokens.
    // Input at $0.000035/K = $25.55, at $0.00007/K = $51.10: the file's price raises the month by $25.55.
    const diff = Number(fromFile.summary.currentMonthlyCost) - Number(bundled.summary.currentMonthlyCost);
    expect(diff.toFixed(2)).toBe('25.55');
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    expect(JSON.parse(live.stdout).summary.currentMonthlyCost).toBe(bundled.summary.currentMonthlyCost);
    // One read of us-east-1: two service codes, FoundationModels over three pages (201 rows), AmazonBedrock over eight (715).
    expect(stub.requests.filter((r) => r.operation === 'GetProducts').length - calls).toBe(11);
  });

  it('--prices live falls back to the bundled catalog when the Price List cannot be read, and says so', async () => {
    process.env.AWS_ENDPOINT_URL = denied.url;
    const result = await run(['analyze', '--input', csv, '--format', 'json', '--prices', 'live']);
    process.env.AWS_ENDPOINT_URL = stub.url;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: the AWS Price List could not be read \(User is not authorized to perform: pricing:GetProducts\); prices are from the bundled catalog as of 2026-09-30\n/);
    expect(JSON.parse(result.stdout).assumptions.join('\n')).toMatch(/AWS Price List could not be read/);
  });

  it('rejects --catalog with --prices, an unknown --prices value and a missing file, exit 2', async () => {
    expect((await run(['analyze', '--input', csv, '--prices', 'cheap'])).stderr).toMatch(/--prices must be live or bundled, not "cheap"/);
    expect((await run(['analyze', '--input', csv, '--prices', 'live', '--catalog', 'x.json'])).stderr).toMatch(/--catalog FILE or --prices, not both/);
    const missing = await run(['analyze', '--input', csv, '--catalog', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read --catalog .*nope\.json: ENOENT/);
  });
});

import { describe, it, expect } from 'vitest';
import { PriceCatalog } from '../../src/catalog/catalog.js';
import { usd } from '../../src/money.js';

const catalog = PriceCatalog.bundled();
const NOVA_MICRO = 'amazon.nova-micro-v1:0';

describe('the seed article numbers (Nova Micro, us-east-1, per 1K tokens)', () => {
  const row = catalog.prices(NOVA_MICRO, 'us-east-1', 'in-region');
  const t = row?.perThousandTokens;

  it('on-demand input 0.000035 and output 0.00014', () => {
    expect(t?.input?.usd.equals(usd('0.000035'))).toBe(true);
    expect(t?.output?.usd.equals(usd('0.00014'))).toBe(true);
  });

  it('cache read 0.00000875 (0.25x input) and no cache-write price', () => {
    expect(t?.cacheRead?.usd.equals(usd('0.00000875'))).toBe(true);
    expect(t?.cacheRead?.usd.equals(t.input!.usd.times('0.25'))).toBe(true);
    expect(t?.cacheWrite5m).toBeUndefined();
    expect(t?.cacheWrite1h).toBeUndefined();
  });

  it('batch 0.0000175 input and 0.00007 output', () => {
    expect(t?.batchInput?.usd.equals(usd('0.0000175'))).toBe(true);
    expect(t?.batchOutput?.usd.equals(usd('0.00007'))).toBe(true);
  });

  it('fine-tuning: 100,000 tokens x $0.001/1K = $0.10; storage $1.95/month', () => {
    const training = row?.trainingPerThousandTokens;
    expect(training).toBeDefined();
    const cost = usd(100_000).dividedBy(1000).times(training!.usd);
    expect(cost.equals(usd('0.10'))).toBe(true);
    expect(row?.storagePerMonth?.usd.equals(usd('1.95'))).toBe(true);
  });

  it('cites the article', () => {
    expect(t?.input?.source.id).toBe('seed-article');
    expect(t?.input?.source.url).toContain('techdailyfeed.com');
  });
});

describe("AWS's Provisioned Throughput worked example", () => {
  it('Titan Text Express 1-month PT: $18.40/h x 2 units x 24 h x 31 days = $27,379.20', () => {
    const row = catalog.prices('amazon.titan-text-express-v1', 'us-east-1', 'in-region');
    const hourly = row?.perModelUnitHour.oneMonth;
    expect(hourly?.usd.equals(usd('18.40'))).toBe(true);
    expect(hourly?.source.reliability).toBe('AWS');
    const month = hourly!.usd.times(2).times(24).times(31);
    expect(month.equals(usd('27379.20'))).toBe(true);
    expect(month.toFixed(2)).toBe('27379.20');
  });
});

describe('other facts transcribed exactly (per 1M / 1000)', () => {
  const cases: Array<[string, string, 'in-region' | 'global', string, string]> = [
    ['amazon.nova-pro-v1:0', 'us-east-1', 'in-region', 'input', '0.0008'],
    ['amazon.nova-pro-v1:0', 'eu-central-1', 'in-region', 'output', '0.0042'],
    ['amazon.nova-pro-v1:0', 'ap-southeast-1', 'in-region', 'input', '0.00108'],
    ['amazon.nova-micro-v1:0', 'eu-south-1', 'in-region', 'input', '0.000056'],
    ['amazon.nova-2-lite-v1:0', 'us-east-1', 'in-region', 'output', '0.00275'],
    ['anthropic.claude-3-5-haiku-20241022-v1:0', 'us-east-1', 'in-region', 'cacheWrite5m', '0.001'],
    ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'us-east-1', 'in-region', 'cacheWrite5m', '0.004125'],
    ['anthropic.claude-opus-4-5-20251101-v1:0', 'us-east-1', 'global', 'batchOutput', '0.0125'],
    ['anthropic.claude-opus-4-1-20250805-v1:0', 'us-east-1', 'in-region', 'cacheWrite5m', '0.01875'],
    ['mistral.mistral-large-2407-v1:0', 'us-west-2', 'in-region', 'output', '0.006'],
    ['meta.llama3-3-70b-instruct-v1:0', 'us-east-1', 'in-region', 'batchInput', '0.00036'],
    ['amazon.titan-embed-text-v2:0', 'us-east-1', 'in-region', 'batchInput', '0.00001'],
    ['qwen.qwen3-32b-v1:0', 'us-east-1', 'in-region', 'priorityInput', '0.0002625'],
  ];
  it.each(cases)('%s %s %s %s = %s', (model, region, scope, dim, expected) => {
    const price = catalog.prices(model, region, scope)?.perThousandTokens[dim as 'input'];
    expect(price?.usd.toFixed()).toBe(expected);
  });

  it('per-image and hourly prices', () => {
    // Nova Canvas: four tiers (the AWS pricing page, https://aws.amazon.com/bedrock/pricing/); the default is the standard 1024x1024 tier.
    const canvas = catalog.prices('amazon.nova-canvas-v1:0', 'us-east-1', 'in-region')!;
    expect(Object.fromEntries(Object.entries(canvas.perImageByTier).map(([tier, p]) => [tier, p.usd.toFixed()]))).toEqual({
      '1024x1024/standard': '0.04', '1024x1024/premium': '0.06', '2048x2048/standard': '0.06', '2048x2048/premium': '0.08',
    });
    expect(canvas.perImage?.usd.toFixed()).toBe('0.04');
    // A single untiered price from a LiteLLM-derived source is not a tier: those Regions stay unpriced.
    expect(catalog.prices('amazon.nova-canvas-v1:0', 'ap-northeast-1', 'in-region')).toBeUndefined();
    expect(catalog.prices('amazon.titan-embed-image-v1', 'us-east-1', 'in-region')?.perInputImage?.usd.toFixed()).toBe('0.00006');
    expect(catalog.prices('meta.llama3-1-70b-instruct-v1:0', 'us-west-2', 'in-region')?.perModelUnitHour.noCommit?.usd.toFixed()).toBe('24');
    const nova2 = catalog.prices('amazon.nova-2-lite-v1:0', 'us-east-1', 'in-region');
    expect(nova2?.perModelUnitHour.noCommit?.usd.toFixed(2)).toBe('60.50');
    expect(nova2?.perModelUnitHour.oneMonth?.usd.toFixed(2)).toBe('55.00');
    expect(nova2?.perModelUnitHour.sixMonth).toBeUndefined();
    const light = catalog.prices('cohere.command-light-text-v14', 'us-east-1', 'in-region');
    expect(light?.perModelUnitHour.noCommit?.usd.toFixed()).toBe('8.56');
    expect(light?.trainingPerThousandTokens?.usd.toFixed()).toBe('0.001');
    const titanLite = catalog.prices('amazon.titan-text-lite-v1', 'us-east-1', 'in-region');
    // The AWS pricing page's PT table: $7.10 no commitment, $6.40 1 month, $5.10 6 months.
    expect(Object.fromEntries(Object.entries(titanLite!.perModelUnitHour).map(([k, v]) => [k, v.usd.toFixed(2)]))).toEqual({ noCommit: '7.10', oneMonth: '6.40', sixMonth: '5.10' });
    expect(titanLite?.trainingPerThousandTokens?.usd.toFixed()).toBe('0.0004');
    expect(titanLite?.storagePerMonth?.usd.toFixed(2)).toBe('1.95');
  });

  it('the Qwen3 32B tier multipliers hold: flex 0.5x, priority 1.75x, batch 0.5x', () => {
    const t = catalog.prices('qwen.qwen3-32b-v1:0', 'us-east-1', 'in-region')!.perThousandTokens;
    expect(t.flexInput!.usd.equals(t.input!.usd.times('0.5'))).toBe(true);
    expect(t.priorityInput!.usd.equals(t.input!.usd.times('1.75'))).toBe(true);
    expect(t.batchInput!.usd.equals(t.input!.usd.times('0.5'))).toBe(true);
    // Output from genai-prices' Price List transcription: $0.60 per 1M.
    expect(t.output?.usd.toFixed()).toBe('0.0006');
  });
});

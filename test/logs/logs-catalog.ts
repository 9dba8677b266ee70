import { PriceCatalog } from '../../src/catalog/catalog.js';
import { SONNET_45 } from './log-fixture.js';

/**
 * A catalog with every dimension per-request pricing reads, at Claude Sonnet 4.5's published
 * on-demand rates per 1K tokens (AWS pricing page: $3 / $15 per 1M, cache write 1.25x (5m) and 2x
 * (1h), cache read 0.1x; above 200K input, $6 / $22.50; batch half of on demand). Tests derive their
 * expected figures from these numbers by hand.
 */
export const P = {
  input: '0.003', output: '0.015', cacheRead: '0.0003', cacheWrite5m: '0.00375', cacheWrite1h: '0.006',
  batchInput: '0.0015', batchOutput: '0.0075',
  longContextInput: '0.006', longContextOutput: '0.0225', longContextCacheRead: '0.0006', longContextCacheWrite5m: '0.0075', longContextCacheWrite1h: '0.012',
};

/** The catalog document, as `--catalog FILE` reads it (the report goldens pass it to the CLI). */
export function logsCatalogDocument() {
  return {
    schemaVersion: 2,
    currency: 'USD',
    asOf: '2026-11-01',
    sources: { page: { title: 'Amazon Bedrock pricing (test transcription)', url: 'https://aws.amazon.com/bedrock/pricing/', readOn: '2026-11-01', reliability: 'AWS' } },
    models: [{
      modelId: SONNET_45, name: 'Claude Sonnet 4.5', provider: 'Anthropic', modality: 'text',
      promptCache: { ttls: ['5m', '1h'], minTokensPerCheckpoint: 4096, source: 'page' },
      batch: { supported: true, source: 'page' },
      longContext: { thresholdInputTokens: 200000, source: 'page' },
    }],
    prices: [
      { model: SONNET_45, region: 'us-east-1', scope: 'in-region', source: 'page', perThousandTokens: P },
      { model: SONNET_45, region: 'us-east-1', scope: 'geo', source: 'page', perThousandTokens: P },
    ],
  };
}

export function logsCatalog(): PriceCatalog {
  return PriceCatalog.fromDocument(logsCatalogDocument(), 'logs test catalog');
}

import type { Decimal } from 'decimal.js';
import type { TokenDimension } from '../catalog/schema.js';
import type { InferenceScope } from '../model-id.js';
import { usd } from '../money.js';
import { classifyUsagetype, REGION_PREFIXES } from '../pricelist/classify.js';
import { modelForRow } from '../pricelist/model-names.js';
import type { Note } from '../domain/notes.js';
import type { BilledLine } from './billed-line.js';
import type { OutsideCategory, ReconciledDimension } from './vocabulary.js';

/**
 * What a billed line is, read with the classifier the Price List pipeline uses
 * (src/pricelist/classify.ts: model, Region, dimension, tier, scope) and the one table of model names
 * (src/pricelist/model-names.ts). A line is either usage the replay prices (tokens or images of a
 * model) or a charge outside it, with the category it falls in. Nothing is guessed: a usage type or
 * unit this module does not understand is "Unclassified", with the word that stopped it.
 */


export type ClassifiedLine =
  | {
      kind: 'usage';
      /** The model's base ID as the model table names it (the catalog canonicalises it). */
      modelId: string;
      region: string;
      scope: InferenceScope;
      /** The bill's own dimension (`flexInput`, `cacheWrite1h`, …), or `image`. */
      billedDimension: TokenDimension | 'image';
      dimension: ReconciledDimension;
      /** Tokens (or images), exactly: the usage amount times the unit's size. */
      quantity: Decimal;
    }
  | { kind: 'outside'; category: OutsideCategory; reason: Note };

/**
 * Tokens per unit of a token line's pricing unit. AmazonBedrock rows are priced per 1K tokens; the
 * FoundationModels ("(Amazon Bedrock Edition)") Price List rows say `Units` and are priced per 1M
 * tokens (Price List offer files, AmazonBedrockFoundationModels, 2026-09), so a `Units` line of such
 * a usage type (`…-MP:…-Units`) is read as millions of tokens. Any other unit is not guessed at.
 */
const TOKENS_PER_UNIT: ReadonlyArray<[RegExp, number]> = [
  [/^tokens?$/i, 1],
  [/^(1k|1,000|thousand) ?tokens?$/i, 1_000],
  [/^(1m|1,000,000|million) ?tokens?$/i, 1_000_000],
];

function tokensPerUnit(unit: string, usageType: string): number | undefined {
  const trimmed = unit.trim();
  for (const [pattern, size] of TOKENS_PER_UNIT) if (pattern.test(trimmed)) return size;
  if (/^units?$/i.test(trimmed) && /-MP:|-Units$/.test(usageType)) return 1_000_000;
  return undefined;
}

/** Line item types that are usage; the others (credits, refunds, tax, EDP discount lines) change the bill, not the usage. */
const USAGE_LINE_TYPES = new Set(['usage', 'discountedusage', 'savingsplancoveredusage']);

/** Bedrock features billed apart from model inference, recognised by a word of the usage type, operation or product. */
const FEATURE_WORDS: ReadonlyArray<[RegExp, OutsideCategory]> = [
  [/guardrail/i, 'Guardrails'],
  [/knowledge-?base|knowledgebase|kb-|-kb\b|vector/i, 'Knowledge Bases'],
  [/agentcore|agent/i, 'Agents and AgentCore'],
  [/data-?automation|bda\b|-bda-/i, 'Data Automation'],
  [/evaluation/i, 'Model evaluation'],
];

function reconciledDimension(d: TokenDimension): ReconciledDimension {
  if (d === 'cacheRead' || d === 'longContextCacheRead') return 'cacheRead';
  if (d.startsWith('cacheWrite') || d.startsWith('longContextCacheWrite')) return 'cacheWrite';
  return /Output$|^output$/.test(d) ? 'output' : 'input';
}

function featureOf(line: BilledLine): OutsideCategory | undefined {
  const text = `${line.usageType} ${line.operation ?? ''} ${line.productCode ?? ''} ${line.service}`;
  return FEATURE_WORDS.find(([pattern]) => pattern.test(text))?.[1];
}

export function classifyBilledLine(line: BilledLine): ClassifiedLine {
  if (line.lineItemType !== undefined && !USAGE_LINE_TYPES.has(line.lineItemType.toLowerCase())) {
    return { kind: 'outside', category: 'Credits, discounts, refunds and tax', reason: { says: 'outside-line-item', lineItemType: line.lineItemType } };
  }
  // Guardrails, Knowledge Bases, agents: billed under Bedrock, never a model's tokens.
  const feature = featureOf(line);
  if (feature) return { kind: 'outside', category: feature, reason: { says: 'outside-usage-type', usageType: line.usageType } };
  const classified = classifyUsagetype(line.usageType);
  if ('unclassified' in classified) return { kind: 'outside', category: 'Unclassified', reason: { says: 'outside-unclassified', usageType: line.usageType, why: classified.unclassified } };
  const { dimension } = classified;
  switch (dimension.kind) {
    case 'modelUnitHour':
      return { kind: 'outside', category: 'Provisioned throughput hours', reason: { says: 'outside-usage-type', usageType: line.usageType, detail: [dimension.term] } };
    case 'reserved':
      return { kind: 'outside', category: 'Reserved tier', reason: { says: 'outside-usage-type', usageType: line.usageType, detail: [dimension.term, dimension.direction] } };
    case 'training':
      return { kind: 'outside', category: 'Customization', reason: { says: 'outside-usage-type', usageType: line.usageType } };
    case 'storage':
      return { kind: 'outside', category: 'Storage', reason: { says: 'outside-usage-type', usageType: line.usageType } };
    case 'token':
    case 'image':
      break;
    default:
      // Video seconds, rerank queries, input images: billed per item CloudWatch does not count.
      return { kind: 'outside', category: 'Other model usage', reason: { says: 'outside-usage-type', usageType: line.usageType, detail: [dimension.kind] } };
  }
  const isEdition = /\(Amazon Bedrock Edition\)\s*$/i.test(line.service) || line.productCode === 'AmazonBedrockFoundationModels';
  const model = modelForRow(isEdition ? { servicecode: 'AmazonBedrockFoundationModels', servicename: line.service } : { servicecode: 'AmazonBedrock' }, classified.modelToken);
  if (!model) {
    const named = classified.modelToken ?? line.service;
    return { kind: 'outside', category: 'Unclassified', reason: { says: 'outside-model-unknown', usageType: line.usageType, model: named } };
  }
  const region = (classified.regionPrefix ? REGION_PREFIXES[classified.regionPrefix] : undefined) ?? line.region;
  if (!region) return { kind: 'outside', category: 'Unclassified', reason: { says: 'outside-region-unknown', usageType: line.usageType, ...(classified.regionPrefix !== undefined ? { regionPrefix: classified.regionPrefix } : {}) } };
  if (dimension.kind === 'image') {
    return { kind: 'usage', modelId: model.modelId, region, scope: classified.scope, billedDimension: 'image', dimension: 'images', quantity: usd(line.quantity) };
  }
  const size = tokensPerUnit(line.unit, line.usageType);
  if (size === undefined) return { kind: 'outside', category: 'Unclassified', reason: { says: 'outside-unit-unknown', usageType: line.usageType, unit: line.unit } };
  return {
    kind: 'usage', modelId: model.modelId, region, scope: classified.scope,
    billedDimension: dimension.dimension, dimension: reconciledDimension(dimension.dimension),
    // Not quantity x price: the bill's quantity in its pricing unit, converted to tokens.
    quantity: usd(line.quantity).times(size),
  };
}

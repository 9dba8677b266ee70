import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CatalogSource } from '../catalog/schema.js';
import { buildCatalog, type BuildResult, type PipelineProblem, type ProblemKind } from './build.js';
import { idKeys, ModelDirectory } from './identity.js';
import { parseRecordedPage, type LeftOutFigure, type RecordedPage } from './recorded.js';

/**
 * The recorded Price List pages the bundled catalog is built from, in precedence order: where two
 * pages price the same thing differently the first wins and the difference is reported. Rows read
 * from AWS (Price List offer files, quoted rows, the pricing page's worked example) come before
 * transcriptions, and third-party transcriptions last.
 */
export const RECORDED_PAGES = [
  'foundation-models-us-west-2-offer-2026-09-30.json',
  'foundation-models-us-west-2-offer-2026-10-05.json',
  'bedrock-us-west-2-offer-2026-10-05.json',
  'foundation-models-us-east-1-getproducts-2026-05-01.json',
  'bedrock-quoted-rows.json',
  'seed-article-nova-micro.json',
  // After the seed article, which it confirms row for row: the article stays cited for what it gives.
  'bedrock-us-east-1-getproducts-2026-05-04-nova-micro.json',
  // GetProducts rows outside the US, recorded with their SKUs in public repositories.
  'bedrock-ap-southeast-2-getproducts-2026-07-23-gpt-oss-20b.json',
  'bedrock-ap-northeast-1-getproducts-2026-08-26-inferplane.json',
  // The us-east-1 offer file of 2026-09-01 as a public file quotes it: Nova Reel, Flex/Priority and Nova PT.
  'bedrock-us-east-1-offer-2026-09-01-api-evangelist.json',
  // Nova 2 Lite's in-Region batch and Priority input, quoted from the us-east-1 offer file of 2026-06-20.
  'bedrock-us-east-1-offer-2026-06-20-roninforge-nova-2-lite.json',
  // Qwen3 32B in every tier, input and output, quoted by usagetype from a us-east-1 read of 2026-07-27.
  'bedrock-us-east-1-getproducts-2026-07-27-cultivar-qwen3-32b.json',
  'aws-pricing-page-pt-example.json',
  'foundation-models-claude-3-5-sonnet-extended-access.json',
  'bedrock-us-east-1-genai-prices.json',
  'foundation-models-us-east-1-genai-prices.json',
  'bedrock-aws-pricing-page-titan-stability.json',
  'bedrock-aws-pricing-page-convo-lang.json',
  'nova-canvas-image-tiers.json',
  'foundation-models-deploybase.json',
  'foundation-models-aws-pricing-page-2026-09-25.json',
  'bedrock-aws-pricing-page-2026-09-25-amazon-rerank.json',
  'foundation-models-cohere-embed-v4-bifrost.json',
  'foundation-models-truefoundry.json',
  'bedrock-truefoundry.json',
  'foundation-models-agreement-offer-claude-haiku-4-5-whchoi98.json',
  'foundation-models-agreement-offer-claude-sonnet-4-6-whchoi98.json',
  // The other rate cards whchoi98/model-monitoring keeps, for the slots nothing above prices (scripts/transcribe-agreement-offer-cards.ts).
  'foundation-models-agreement-offer-claude-fable-5-1-whchoi98.json',
  'foundation-models-agreement-offer-claude-haiku-5-5-whchoi98.json',
  'foundation-models-agreement-offer-claude-sonnet-5-5-whchoi98.json',
  'foundation-models-agreement-offer-claude-sonnet-5-5-20261007-whchoi98.json',
  'foundation-models-agreement-offer-claude-opus-5-whchoi98.json',
  'foundation-models-agreement-offer-claude-sonnet-5-whchoi98.json',
  'foundation-models-agreement-offer-claude-opus-5-5-whchoi98.json',
  'foundation-models-agreement-offer-gpt-5-4-whchoi98.json',
  'foundation-models-agreement-offer-gpt-5-5-whchoi98.json',
  'bedrock-custom-models-3p.json',
  // Every Region's offer files as one public extract (US$ per 1M): Claude, Cohere Embed and DeepSeek-R1 outside us-east-1.
  'bedrock-all-regions-offers-2026-09-17-quick-reference.json',
  // A second extract of every commercial Region's offer files (publication 2026-08-20): in-Region, batch and
  // global rates for the slots and Regions nothing above prices (scripts/transcribe-atoy0m0-offers.ts).
  'bedrock-all-regions-offers-2026-08-20-atoy0m0.json',
  // The newer stored version of the 2026-09-17 extract (commit 5dc0978): per-second and per-image offer-file rates
  // and AWS model-card rates (GPT-6 Astra, GPT-5.6 Luna and Terra) for the slots nothing above prices
  // (scripts/transcribe-quick-reference-5dc0978.ts).
  'bedrock-all-regions-offers-2026-09-17-quick-reference-5dc0978.json',
  // LiteLLM's file, last: written only where nothing above prices the slot (scripts/transcribe-litellm.ts).
  'litellm-bedrock-regions.json',
  'litellm-bedrock-geo-profiles.json',
] as const;

/** The pages scripts/transcribe-litellm.ts writes from LiteLLM's price file. */
export const TRANSCRIBED_PAGES = ['litellm-bedrock-regions.json', 'litellm-bedrock-geo-profiles.json'] as const;

/**
 * The pages that stand for Price List rows (read, quoted or transcribed from the Price List or the AWS
 * pricing page): what a live GetProducts read would return. LiteLLM's pages are not among them.
 */
export const PRICE_LIST_PAGES: readonly string[] = RECORDED_PAGES.filter((p) => !(TRANSCRIBED_PAGES as readonly string[]).includes(p));

export const RECORDED_DIR = fileURLToPath(new URL('../catalog/data/price-list/', import.meta.url));
export const BUNDLED_CATALOG_FILE = fileURLToPath(new URL('../catalog/data/bedrock-prices.json', import.meta.url));

/** A recorded ListFoundationModels response: the models AWS lists in a Region, with where it was read. */
export interface ListedModels {
  region: string;
  source: CatalogSource & { id: string };
  models: Array<{ modelId: string; modelName: string; providerName?: string; inferenceTypesSupported?: string[] }>;
}

/** The models AWS lists in us-west-2 (src/catalog/data/list-foundation-models-us-west-2.json), with where that was read. */
export interface OfferedModels {
  region: string;
  source: CatalogSource & { id: string };
  modelIds: string[];
}

export function readUsWest2Models(): OfferedModels {
  return JSON.parse(readFileSync(fileURLToPath(new URL('../catalog/data/list-foundation-models-us-west-2.json', import.meta.url)), 'utf8')) as OfferedModels;
}

/**
 * Whether a catalog model is among `offered`, matched on its ID without release date or first-version
 * suffix (`anthropic.claude-opus-4-7` is the catalog's `anthropic.claude-opus-4-7-v1:0`).
 */
export function offeredPredicate(offered: OfferedModels): (modelId: string) => boolean {
  const keys = new Set(offered.modelIds.map((id) => idKeys(id)[0]));
  return (modelId) => keys.has(idKeys(modelId)[0]);
}

/** The recorded us-east-1 ListFoundationModels response (src/catalog/data/list-foundation-models-us-east-1.json). */
export function readListedModels(): ListedModels {
  const file = JSON.parse(readFileSync(fileURLToPath(new URL('../catalog/data/list-foundation-models-us-east-1.json', import.meta.url)), 'utf8')) as {
    source: ListedModels['source'];
    modelSummaries: ListedModels['models'];
  };
  return { region: 'us-east-1', source: file.source, models: file.modelSummaries };
}

export function readRecordedPages(files: readonly string[] = RECORDED_PAGES): RecordedPage[] {
  return files.map((file) => parseRecordedPage(JSON.parse(readFileSync(`${RECORDED_DIR}${file}`, 'utf8')), `src/catalog/data/price-list/${file}`));
}

/**
 * Recorded rows the bundled catalog leaves out on purpose, by usagetype and problem, each with why.
 * `npm run catalog:build` fails on any other problem, and a test fails when an entry here no longer
 * matches a row: the list says exactly what is not priced, never more.
 */
export const LEFT_OUT_ON_PURPOSE: ReadonlyArray<{ usagetype: string; kind: ProblemKind; why: string }> = [
  {
    usagetype: 'USE1-NovaMicro-cache-write-input-token-count',
    kind: 'zero-price',
    why: 'AWS lists Nova cache writes at $0.00 per 1K tokens; Nova cache writes are billed as input tokens (the model\'s writesBilledAsInput), so a $0 row is not read as free writes',
  },
  {
    usagetype: 'USE1-NovaMicro-cache-write-input-token-count-custom-model',
    kind: 'unclassified-usagetype',
    why: 'prompt caching on a fine-tuned (custom) model on demand: the catalog has no dimension for it ($0.00 per 1K, as for the base model)',
  },
  {
    usagetype: 'USE1-NovaMicro-cache-read-input-token-count-custom-model',
    kind: 'unclassified-usagetype',
    why: 'prompt caching on a fine-tuned (custom) model on demand: the catalog has no dimension for it ($0.00000875 per 1K, the base model\'s cache-read rate)',
  },
];

/** Every figure a recorded page's source gives that the page leaves out, with why (`leftOut`). */
export function readLeftOutFigures(): Array<LeftOutFigure & { sourceId: string }> {
  return readRecordedPages().flatMap((r) => r.leftOut.map((l) => ({ ...l, sourceId: r.source.id })));
}

/** The problems of a build that are not left out on purpose: each one a bug in a recorded page or in the pipeline. */
export function unexpectedProblems(problems: PipelineProblem[]): PipelineProblem[] {
  return problems.filter((p) => !LEFT_OUT_ON_PURPOSE.some((l) => l.usagetype === p.usagetype && l.kind === p.kind));
}

/**
 * Builds the bundled catalog from the recorded pages through the live pipeline. us-west-2 is
 * assumed equal to us-east-1 only for models with no us-west-2 row for the scope and that AWS lists
 * in us-west-2 (readUsWest2Models), marked derived.
 */
export function buildBundledCatalog(files: readonly string[] = RECORDED_PAGES): BuildResult {
  const recorded = readRecordedPages(files);
  const sources = Object.fromEntries(recorded.map(({ source: { id, ...rest } }) => [id, rest]));
  const newestRead = recorded.map((r) => r.source.readOn).sort().at(-1)!;
  return buildCatalog({
    pages: recorded.map((r) => r.page),
    sources,
    generated: { by: 'npm run catalog:build', at: newestRead, from: files.map((f) => `src/catalog/data/price-list/${f}`) },
    regionParity: [{ region: 'us-west-2', from: 'us-east-1', sourceId: 'us-west-2-parity', offeredIn: offeredPredicate(readUsWest2Models()) }],
    batchRule: { regions: ['us-east-1'], sourceId: 'batch-half-on-demand' },
    today: newestRead,
    directory: bundledDirectory(),
  });
}

/** The models AWS lists in us-east-1: they name rows the table does not know, by their real IDs. */
export function bundledDirectory(): ModelDirectory {
  return new ModelDirectory(readListedModels().models.map((m) => ({ modelId: m.modelId, name: m.modelName, ...(m.providerName ? { provider: m.providerName } : {}) })));
}

/** The catalog file's text exactly as `npm run catalog:build` writes it. */
export function catalogText(result: BuildResult): string {
  return `${JSON.stringify(result.document, null, 2)}\n`;
}

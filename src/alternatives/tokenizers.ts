/**
 * How many tokens the same text becomes on another model, as a range: CloudWatch counts tokens in the
 * model's own tokenizer, so the same traffic on a model with another tokenizer is another count.
 *
 * Only one ratio between tokenizers is published, Anthropic's for Claude Opus 4.7's new tokenizer; every
 * other pair across families carries a stated assumption, which an alternatives file can replace with a
 * measured ratio (`tokenRatios`).
 */

import type { TokenRatio } from '../domain/alternatives.js';

export type { TokenRatio };

/**
 * Tokenizer families. Models in one family are assumed to share a tokenizer (providers do not publish
 * one per model); a family is a provider's generation.
 */
const FAMILIES: ReadonlyArray<{ family: string; prefixes: string[] }> = [
  // Anthropic says Opus 4.7 has "a new tokenizer" compared with previous models, so the earlier ones share one.
  { family: 'claude-4.7', prefixes: ['anthropic.claude-opus-4-7', 'anthropic.claude-opus-4-8'] },
  { family: 'claude-5', prefixes: ['anthropic.claude-opus-5', 'anthropic.claude-sonnet-5', 'anthropic.claude-fable-5'] },
  { family: 'claude-3', prefixes: ['anthropic.claude-'] },
  { family: 'nova-2', prefixes: ['amazon.nova-2-'] },
  { family: 'nova-1', prefixes: ['amazon.nova-'] },
  { family: 'llama-4', prefixes: ['meta.llama4-'] },
  { family: 'llama-3', prefixes: ['meta.llama3-'] },
  { family: 'mistral', prefixes: ['mistral.'] },
  { family: 'gpt-oss', prefixes: ['openai.gpt-oss-'] },
  { family: 'gemma-3', prefixes: ['google.gemma-3-'] },
  { family: 'cohere', prefixes: ['cohere.'] },
  { family: 'jamba', prefixes: ['ai21.'] },
];

export function tokenizerFamily(modelId: string): string | undefined {
  return FAMILIES.find((f) => f.prefixes.some((p) => modelId.startsWith(p)))?.family;
}

const OPUS_47_SOURCE =
  'Anthropic, Claude Opus 4.7 release notes: the new tokenizer "may use roughly 1x to 1.35x as many tokens when processing text compared to previous models" ' +
  '(quoted with measurements in https://sol.ava.dev/writings/2026-04-17-opus-4-7-tokenizer.html, where English prose measured 1.45x)';

/** Published ratios between families: tokens on `to` per token on `from`. */
const PUBLISHED: ReadonlyArray<{ from: string; to: string; low: number; high: number; basis: string }> = [
  { from: 'claude-3', to: 'claude-4.7', low: 1, high: 1.35, basis: OPUS_47_SOURCE },
  { from: 'claude-4.7', to: 'claude-3', low: 1 / 1.35, high: 1, basis: `the inverse of ${OPUS_47_SOURCE}` },
];

/** The range assumed between tokenizers no source compares. */
export const ASSUMED_CROSS_FAMILY: { low: number; high: number } = { low: 0.8, high: 1.25 };

/** The token ratio from one model to another: a user's measurement first, then a published ratio, then the assumption. */
export function tokenRatio(
  from: string,
  to: string,
  measured: ReadonlyArray<{ from: string; to: string; low: number; high: number; source: string }> = [],
): TokenRatio {
  const own = measured.find((m) => m.from === from && m.to === to);
  if (own) return { low: own.low, high: own.high, basis: { ratio: 'measured', source: own.source } };
  const a = tokenizerFamily(from);
  const b = tokenizerFamily(to);
  if (a !== undefined && a === b) {
    return { low: 1, high: 1, basis: { ratio: 'same-tokenizer', family: a } };
  }
  const published = PUBLISHED.find((p) => p.from === a && p.to === b);
  if (published) return { low: published.low, high: published.high, basis: { ratio: 'published', citation: published.basis } };
  return {
    ...ASSUMED_CROSS_FAMILY,
    basis: { ratio: 'assumed', ...(a !== undefined ? { from: a } : {}), ...(b !== undefined ? { to: b } : {}), ...ASSUMED_CROSS_FAMILY },
  };
}

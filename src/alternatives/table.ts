import type { Note } from '../domain/notes.js';
import type { CandidateRelation } from '../domain/alternatives.js';

/**
 * The curated table of what a model's traffic could run on instead: for each provider, its models in
 * tiers from the most to the least capable, with the tier's current model(s). A model's candidates are
 * its lifecycle successor (from the price catalog), the current model of its own tier when it is an
 * older generation, then the current models of the tiers below it, nearest first.
 *
 * The tier order is the provider's own description of its line-up (sources below). It says nothing of
 * whether a cheaper model does the work well enough: quality is not measured, so these what-ifs stay out
 * of the headline unless a user accepts one (`--alternatives FILE`).
 */

export interface TierStep {
  tier: string;
  /** The models to move to within this tier (current generation). */
  current: string[];
  /** Every catalog model of this tier, current ones included. */
  members: string[];
}

export interface Ladder {
  family: string;
  source: { title: string; url: string };
  steps: TierStep[];
}

export const LADDERS: readonly Ladder[] = [
  {
    family: 'Anthropic Claude',
    source: { title: 'Anthropic, Models overview (Opus most capable, Sonnet balanced, Haiku fastest)', url: 'https://docs.anthropic.com/en/docs/about-claude/models/overview' },
    steps: [
      {
        tier: 'Opus',
        current: ['anthropic.claude-opus-4-6-v1:0'],
        members: [
          'anthropic.claude-3-opus-20240229-v1:0', 'anthropic.claude-opus-4-20250514-v1:0', 'anthropic.claude-opus-4-1-20250805-v1:0',
          'anthropic.claude-opus-4-5-20251101-v1:0', 'anthropic.claude-opus-4-6-v1:0', 'anthropic.claude-opus-4-7-v1:0',
          'anthropic.claude-opus-4-8-v1:0', 'anthropic.claude-opus-5', 'anthropic.claude-opus-5-5',
        ],
      },
      {
        tier: 'Sonnet',
        current: ['anthropic.claude-sonnet-4-6-v1:0'],
        members: [
          'anthropic.claude-3-sonnet-20240229-v1:0', 'anthropic.claude-3-5-sonnet-20240620-v1:0', 'anthropic.claude-3-5-sonnet-20241022-v2:0',
          'anthropic.claude-3-7-sonnet-20250219-v1:0', 'anthropic.claude-sonnet-4-20250514-v1:0', 'anthropic.claude-sonnet-4-5-20250929-v1:0',
          'anthropic.claude-sonnet-4-6-v1:0', 'anthropic.claude-sonnet-5-v1:0', 'anthropic.claude-sonnet-5-5',
        ],
      },
      {
        tier: 'Haiku',
        current: ['anthropic.claude-haiku-4-5-20251001-v1:0'],
        members: ['anthropic.claude-3-haiku-20240307-v1:0', 'anthropic.claude-3-5-haiku-20241022-v1:0', 'anthropic.claude-haiku-4-5-20251001-v1:0'],
      },
    ],
  },
  {
    family: 'Amazon Nova',
    source: { title: 'AWS, What is Amazon Nova (Premier, Pro, Lite, Micro: most to least capable)', url: 'https://docs.aws.amazon.com/nova/latest/userguide/what-is-nova.html' },
    steps: [
      { tier: 'Premier', current: ['amazon.nova-premier-v1:0'], members: ['amazon.nova-premier-v1:0'] },
      { tier: 'Pro', current: ['amazon.nova-pro-v1:0'], members: ['amazon.nova-pro-v1:0', 'amazon.nova-2-pro-v1:0'] },
      { tier: 'Lite', current: ['amazon.nova-2-lite-v1:0', 'amazon.nova-lite-v1:0'], members: ['amazon.nova-lite-v1:0', 'amazon.nova-2-lite-v1:0'] },
      { tier: 'Micro', current: ['amazon.nova-micro-v1:0'], members: ['amazon.nova-micro-v1:0'] },
    ],
  },
  {
    family: 'Meta Llama',
    source: { title: 'Meta, Llama models (parameter counts by release)', url: 'https://www.llama.com/docs/model-cards-and-prompt-formats/' },
    steps: [
      { tier: 'largest', current: ['meta.llama4-maverick-17b-instruct-v1:0'], members: ['meta.llama3-1-405b-instruct-v1:0', 'meta.llama4-maverick-17b-instruct-v1:0'] },
      {
        tier: '70B class', current: ['meta.llama3-3-70b-instruct-v1:0'],
        members: ['meta.llama3-70b-instruct-v1:0', 'meta.llama3-1-70b-instruct-v1:0', 'meta.llama3-2-90b-instruct-v1:0', 'meta.llama3-3-70b-instruct-v1:0'],
      },
      { tier: 'mid', current: ['meta.llama4-scout-17b-instruct-v1:0'], members: ['meta.llama4-scout-17b-instruct-v1:0', 'meta.llama3-2-11b-instruct-v1:0'] },
      {
        tier: 'small', current: ['meta.llama3-1-8b-instruct-v1:0'],
        members: ['meta.llama3-8b-instruct-v1:0', 'meta.llama3-1-8b-instruct-v1:0', 'meta.llama3-2-3b-instruct-v1:0', 'meta.llama3-2-1b-instruct-v1:0'],
      },
    ],
  },
  {
    family: 'Mistral',
    source: { title: 'Mistral AI, Models overview (Large, Small, Ministral)', url: 'https://docs.mistral.ai/getting-started/models/models_overview/' },
    steps: [
      {
        tier: 'Large', current: ['mistral.mistral-large-3-675b-instruct'],
        members: ['mistral.mistral-large-2402-v1:0', 'mistral.mistral-large-2407-v1:0', 'mistral.mistral-large-3-675b-instruct', 'mistral.pixtral-large-2502-v1:0'],
      },
      { tier: 'Small', current: ['mistral.magistral-small-2509'], members: ['mistral.mistral-small-2402-v1:0', 'mistral.mixtral-8x7b-instruct-v0:1', 'mistral.magistral-small-2509'] },
      {
        tier: 'Ministral', current: ['mistral.ministral-3-8b-instruct', 'mistral.ministral-3-3b-instruct'],
        members: ['mistral.mistral-7b-instruct-v0:2', 'mistral.ministral-3-14b-instruct', 'mistral.ministral-3-8b-instruct', 'mistral.ministral-3-3b-instruct'],
      },
    ],
  },
  {
    family: 'OpenAI gpt-oss',
    source: { title: 'OpenAI, Introducing gpt-oss (gpt-oss-120b and gpt-oss-20b)', url: 'https://openai.com/index/introducing-gpt-oss/' },
    steps: [
      { tier: '120b', current: ['openai.gpt-oss-120b-1:0'], members: ['openai.gpt-oss-120b-1:0'] },
      { tier: '20b', current: ['openai.gpt-oss-20b-1:0'], members: ['openai.gpt-oss-20b-1:0'] },
    ],
  },
  {
    family: 'Google Gemma 3',
    source: { title: 'Google, Gemma 3 model card (4B, 12B, 27B)', url: 'https://ai.google.dev/gemma/docs/core/model_card_3' },
    steps: [
      { tier: '27B', current: ['google.gemma-3-27b-it'], members: ['google.gemma-3-27b-it'] },
      { tier: '12B', current: ['google.gemma-3-12b-it'], members: ['google.gemma-3-12b-it'] },
      { tier: '4B', current: ['google.gemma-3-4b-it'], members: ['google.gemma-3-4b-it'] },
    ],
  },
  {
    family: 'Cohere Command',
    source: { title: 'Cohere, Models overview (Command R+, Command R, Command Light)', url: 'https://docs.cohere.com/docs/models' },
    steps: [
      { tier: 'R+', current: ['cohere.command-r-plus-v1:0'], members: ['cohere.command-r-plus-v1:0', 'cohere.command-text-v14'] },
      { tier: 'R', current: ['cohere.command-r-v1:0'], members: ['cohere.command-r-v1:0'] },
      { tier: 'Light', current: ['cohere.command-light-text-v14'], members: ['cohere.command-light-text-v14'] },
    ],
  },
  {
    family: 'AI21 Jamba 1.5',
    source: { title: 'AI21 Labs, Jamba 1.5 (Large and Mini)', url: 'https://docs.ai21.com/docs/jamba-15-models' },
    steps: [
      { tier: 'Large', current: ['ai21.jamba-1-5-large-v1:0'], members: ['ai21.jamba-1-5-large-v1:0'] },
      { tier: 'Mini', current: ['ai21.jamba-1-5-mini-v1:0'], members: ['ai21.jamba-1-5-mini-v1:0'] },
    ],
  },
];

/** At most this many candidates per model (successor first): enough to answer "would it be cheaper?". */
export const MAX_CANDIDATES = 4;

export type { CandidateRelation };

export interface Candidate {
  modelId: string;
  relation: CandidateRelation;
  /** Why this model is a candidate, with its source. */
  basis: Note;
}

/** The ladder step a model is in, if the table has it: the first ladder and step that name it. */
function placeOf(modelId: string): { ladder: Ladder; index: number } | undefined {
  if (!places) {
    // Indexed once: every model of every analysis asks, and most are in no ladder (a scan of the whole table each).
    places = new Map();
    for (const ladder of LADDERS) {
      ladder.steps.forEach((step, index) => {
        for (const member of step.members) if (!places!.has(member)) places!.set(member, { ladder, index });
      });
    }
  }
  return places.get(modelId);
}
let places: Map<string, { ladder: Ladder; index: number }> | undefined;

/** The basis of a candidate added because the alternatives file accepts it. */
export const ACCEPTED_BASIS: Note = { says: 'alt-accepted-in-file' };

/**
 * A model's candidates from the table and its lifecycle successor; `configured` (from an alternatives
 * file) replaces the table's for that model.
 */
export function candidatesFor(modelId: string, successor: string | undefined, configured?: readonly string[]): Candidate[] {
  const out: Candidate[] = [];
  const add = (c: Candidate) => {
    if (c.modelId !== modelId && !out.some((o) => o.modelId === c.modelId) && out.length < MAX_CANDIDATES) out.push(c);
  };
  if (configured) {
    for (const id of configured) add({ modelId: id, relation: 'configured', basis: { says: 'alt-named-in-file' } });
    return out;
  }
  if (successor) add({ modelId: successor, relation: 'successor', basis: { says: 'alt-successor' } });
  const place = placeOf(modelId);
  if (!place) return out;
  const { ladder, index } = place;
  const cite = { family: ladder.family, title: ladder.source.title, url: ladder.source.url };
  const own = ladder.steps[index]!;
  for (const id of own.current) add({ modelId: id, relation: 'same-tier', basis: { says: 'alt-same-tier', tier: own.tier, ...cite } });
  for (const step of ladder.steps.slice(index + 1)) {
    for (const id of step.current) add({ modelId: id, relation: 'cheaper-tier', basis: { says: 'alt-cheaper-tier', tier: step.tier, ownTier: own.tier, ...cite } });
  }
  return out;
}

/** The provider line-up a model belongs to in the table (e.g. "Anthropic Claude"), for FOCUS's ModelFamily. */
export function lineUpOf(modelId: string): string | undefined {
  return placeOf(modelId)?.ladder.family;
}

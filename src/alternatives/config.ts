import * as z from 'zod';
import { describeIssues } from '../catalog/schema.js';
import { ConfigurationError } from '../errors.js';

/**
 * The alternatives file (`--alternatives FILE`): your own candidates for a model, measured token ratios,
 * and the substitutions you accept. Quality is not measured by the advisor: a substitution reaches the
 * headline savings only once you have tested it and list it under `accepted`.
 *
 *   {
 *     "candidates": { "anthropic.claude-opus-4-6-v1:0": ["anthropic.claude-sonnet-4-6-v1:0"] },
 *     "tokenRatios": [{ "from": "meta.llama3-3-70b-instruct-v1:0", "to": "amazon.nova-pro-v1:0", "low": 0.95, "high": 1.1, "source": "count of 200 prompts" }],
 *     "accepted": [{ "from": "anthropic.claude-opus-4-6-v1:0", "to": "anthropic.claude-sonnet-4-6-v1:0", "cacheLifetime": "5m" }]
 *   }
 */
const modelId = z.string().min(1);
const ratio = z.number().positive().max(10);

export const alternativesFileSchema = z
  .object({
    /** Per model: the candidates to price instead of the table's (at most 4 are priced). */
    candidates: z.record(modelId, z.array(modelId).min(1)).optional(),
    /** Tokens on `to` per token on `from`, measured on your own prompts. */
    tokenRatios: z
      .array(z.object({ from: modelId, to: modelId, low: ratio, high: ratio, source: z.string().min(1) }).strict()
        .refine((r) => r.low <= r.high, { message: 'low must not exceed high', path: ['low'] }))
      .optional(),
    /** Substitutions you have tested and accept: their savings join the headline. */
    accepted: z
      .array(z.object({
        from: modelId,
        to: modelId,
        /** How long the cache stays cold after the switch: 5 minutes, or 1 hour for 1-hour cache writes. */
        cacheLifetime: z.enum(['5m', '1h']).optional(),
      }).strict())
      .optional(),
  })
  .strict();

export type AlternativesConfig = z.infer<typeof alternativesFileSchema>;

/** Validates an alternatives file; errors name the file and the field. */
export function parseAlternativesConfig(document: unknown, fileName: string): AlternativesConfig {
  const parsed = alternativesFileSchema.safeParse(document);
  if (!parsed.success) {
    throw new ConfigurationError(`${fileName} is not a valid alternatives file:\n${describeIssues(parsed.error, () => fileName)}`);
  }
  return parsed.data;
}

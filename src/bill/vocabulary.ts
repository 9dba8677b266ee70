/**
 * The bill's two vocabularies: the token series the replay sets beside the bill, and the categories of
 * charges outside it. The classifier (./classify-line.ts) sorts a billed line into them; the report's
 * reconciliation (src/domain/reconciliation.ts) names them as types. This file imports nothing, so the
 * domain can name them without a cycle through the bill's readers.
 */

/** The four token series CloudWatch counts, plus images: what the replay can set beside the bill. */
export const RECONCILED_DIMENSIONS = ['input', 'output', 'cacheRead', 'cacheWrite', 'images'] as const;
export type ReconciledDimension = (typeof RECONCILED_DIMENSIONS)[number];

export const OUTSIDE_CATEGORIES = [
  'Guardrails',
  'Knowledge Bases',
  'Agents and AgentCore',
  'Data Automation',
  'Model evaluation',
  'Customization',
  'Storage',
  'Provisioned throughput hours',
  'Reserved tier',
  'Other model usage',
  'Credits, discounts, refunds and tax',
  'Unclassified',
] as const;
export type OutsideCategory = (typeof OUTSIDE_CATEGORIES)[number];

import { Decimal } from 'decimal.js';
import type { InferenceScope } from '../model-id.js';
import type { CollectionStats, ScopeError } from '../usage/usage.js';

/**
 * The advisor's report. In memory, money is Decimal; `toJsonReport` turns every amount into an exact
 * decimal string in USD (no rounding, no exponent), which is the documented JSON format.
 */

export const SCENARIO_MODES = [
  'on-demand',
  'on-demand-no-cache',
  'on-demand-global',
  'prompt-cache',
  'batch',
  'flex',
  'priority',
  'provisioned-no-commit',
  'provisioned-1-month',
  'provisioned-6-month',
] as const;
export type ScenarioMode = (typeof SCENARIO_MODES)[number];

export type Confidence = 'high' | 'medium' | 'low';

export interface ModelUsageSummary {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
  invocations: number;
  images: number;
  throttles: number;
}

export interface ProvisionedDetails {
  term: 'noCommit' | 'oneMonth' | 'sixMonth';
  hourlyRatePerUnit: Decimal;
  /** Units needed to serve the per-minute peak with no overflow. Absent when unit capacity is unknown. */
  unitsForPeak?: number;
  /** The cheapest number of units, with the rest served on demand. */
  bestUnits?: number;
  /** Share of purchased capacity used at the best mix (0..1). */
  utilisation?: number;
  /** Share of purchased capacity used if sized for the peak (0..1). */
  utilisationAtPeak?: number;
  overflowInputTokens?: number;
  overflowOutputTokens?: number;
  /** Cost of units sized for the peak, for the window. */
  costAtPeak?: Decimal;
  unitCapacity?: { inputTokensPerMinute: number; outputTokensPerMinute: number; source: string };
  /** When capacity is unknown: what one unit must deliver for this term to beat on demand. */
  breakEven?: { affordableUnits: number; inputTokensPerMinutePerUnit: number; outputTokensPerMinutePerUnit: number };
  /** Commitment risk, for 1- and 6-month terms. */
  risk?: CommitmentRisk;
}

export interface CommitmentRisk {
  termMonths: number;
  /** The whole commitment: units x rate x 730 h x months. */
  commitmentTotal: Decimal;
  /** Months of current on-demand spend the commitment equals. */
  breakEvenMonths: Decimal;
  /** Monthly savings (negative = loss) if usage halves with the same units. */
  monthlySavingsIfUsageHalves: Decimal;
}

export interface Scenario {
  mode: ScenarioMode;
  /** Distinguishes what-ifs of one mode, such as `read-50%-5m`. */
  variant?: string;
  label: string;
  /** Cost of the observed usage over the window; null when a needed price is unknown ("unpriced"). */
  cost: Decimal | null;
  /** The same, per 730-hour month. */
  monthlyCost: Decimal | null;
  feasible: boolean;
  /** Why it is not feasible, or which prices are missing. */
  reason?: string;
  assumptions: string[];
  provisioned?: ProvisionedDetails;
  promptCache?: { readShare: number; ttl: '5m' | '1h'; breakEvenReadShare: number; writesPerRead: number };
}

export interface PriceLine {
  dimension: string;
  unit: string;
  usd: Decimal;
  source: string;
  readOn: string;
}

export interface ModelReport {
  /** Base model ID prices are keyed on. */
  modelId: string;
  name?: string;
  region: string;
  scope: InferenceScope;
  /** The identifiers seen in CloudWatch that were folded into this line. */
  invokedAs: string[];
  usage: ModelUsageSummary;
  peak: { inputTokensPerMinute: number; outputTokensPerMinute: number; resolutionSeconds: number };
  priced: boolean;
  unpricedReason?: string;
  currentMonthlyCost: Decimal | null;
  bestMode?: ScenarioMode;
  scenarios: Scenario[];
  prices: PriceLine[];
}

export type RecommendationAction =
  | 'switch-pricing-mode'
  | 'enable-prompt-caching'
  | 'move-to-batch'
  | 'use-global-cross-region-profile'
  | 'buy-provisioned-throughput'
  | 'delete-idle-provisioned-throughput'
  | 'reduce-provisioned-throughput'
  | 'review-expiring-commitment'
  | 'delete-unused-custom-model';

export interface Recommendation {
  modelId: string;
  region: string;
  action: RecommendationAction;
  fromMode: ScenarioMode | 'provisioned' | 'custom-model-storage';
  toMode: ScenarioMode | 'delete' | 'on-demand';
  title: string;
  currentMonthlyCost: Decimal;
  newMonthlyCost: Decimal;
  monthlySavings: Decimal;
  /** Savings as a share of the current monthly cost, in percent. */
  savingsPercent: Decimal;
  confidence: Confidence;
  assumptions: string[];
  risk?: string[];
  nextSteps?: string[];
}

export interface ProvisionedThroughputReport {
  provisionedModelArn: string;
  provisionedModelName: string;
  region: string;
  modelId: string;
  modelUnits: number;
  commitment: 'none' | 'OneMonth' | 'SixMonths';
  commitmentExpirationTime?: string;
  daysToExpiry?: number;
  monthlyCost: Decimal | null;
  usage: ModelUsageSummary;
  /** Monthly on-demand cost of the tokens this throughput actually served. */
  onDemandEquivalentMonthlyCost: Decimal | null;
  /** Peak-minute utilisation of the purchased units (0..1), when unit capacity is known. */
  peakUtilisation?: number;
  averageUtilisation?: number;
  status: string;
}

export interface CustomModelReport {
  modelArn: string;
  modelName: string;
  region: string;
  baseModelId?: string;
  storageMonthlyCost: Decimal | null;
  hasProvisionedThroughput: boolean;
  invocations: number;
}

export interface AdvisorReport {
  schemaVersion: 1;
  generatedAt: string;
  /** `basis`: how the window was set (given with --start/--end, read off the data, or the snapshot's own). */
  window: { start: string; end: string; hours: number; basis?: string };
  currency: 'USD';
  summary: {
    currentMonthlyCost: Decimal;
    potentialMonthlySavings: Decimal;
    recommendations: number;
    modelsAnalysed: number;
    unpricedModels: number;
  };
  models: ModelReport[];
  recommendations: Recommendation[];
  provisionedThroughputs: ProvisionedThroughputReport[];
  customModels: CustomModelReport[];
  unpriced: Array<{ modelId: string; region: string; invokedAs: string[]; reason: string }>;
  errors: ScopeError[];
  /** Input that was used but looks wrong (a rates-file key no usage matches), each naming what to check. */
  warnings?: string[];
  assumptions: string[];
  collection?: CollectionStats;
}

/** Deep copy with every Decimal as an exact decimal string: the JSON report format. */
export function toJsonReport(value: unknown): unknown {
  if (Decimal.isDecimal(value)) return (value as Decimal).toFixed();
  if (Array.isArray(value)) return value.map(toJsonReport);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJsonReport(v);
    return out;
  }
  return value;
}

import type { Note } from '../domain/notes.js';
import { foundationModelOf, parseModelId, type InferenceScope } from '../model-id.js';
import type { CustomModelInfo, InferenceProfileInfo, ProvisionedThroughputInfo, UsageSnapshot } from './usage.js';

/**
 * The one place a model identifier becomes the model it bills as: usage series, rates-file keys and
 * inventory ARNs all go through here, so a profile ID, an ARN, a context suffix or a catalog alias
 * means the same model wherever it is written. Each distinct identifier is resolved once.
 */
export type Resolution =
  /** A foundation model, through whatever ID, ARN or profile it was invoked: priced by its base ID and scope. */
  | { kind: 'model'; baseModelId: string; scope: InferenceScope }
  /** Usage on a provisioned model's ARN: that throughput's utilisation (no `throughput` = not in the inventory). */
  | { kind: 'provisioned'; provisionedModelArn: string; throughput?: ProvisionedThroughputInfo }
  /** Usage on a custom (fine-tuned), deployed or imported model: its own line, priced at custom-model rates where known. */
  | { kind: 'custom'; modelArn: string; custom?: CustomModelInfo; baseModelId?: string; imported: boolean }
  | { kind: 'unresolved'; reason: Note };

/** The base model behind a foundation-model ARN, profile or bare ID (inventory ARNs name their model this way). */
export function baseModelIdOf(raw: string, canonicalId: (modelId: string) => string = (id) => id): string {
  return canonicalId(parseModelId(raw).baseModelId);
}

type Inventory = Pick<UsageSnapshot, 'provisionedThroughputs' | 'customModels' | 'inferenceProfiles'>;

export class ModelResolver {
  private readonly cache = new Map<string, Resolution>();
  private readonly profiles = new Map<string, InferenceProfileInfo>();
  private readonly throughputs = new Map<string, ProvisionedThroughputInfo>();
  private readonly customs = new Map<string, CustomModelInfo>();

  /**
   * @param canonicalId the price catalog's own ID for a base model ID or alias (identity without one).
   */
  constructor(
    inventory: Inventory = { provisionedThroughputs: [], customModels: [], inferenceProfiles: [] },
    private readonly canonicalId: (modelId: string) => string = (id) => id,
  ) {
    for (const p of inventory.inferenceProfiles) {
      this.profiles.set(p.inferenceProfileArn, p);
      this.profiles.set(p.inferenceProfileId, p);
    }
    for (const pt of inventory.provisionedThroughputs) {
      this.throughputs.set(pt.provisionedModelArn, pt);
      // Its resource ID, as `parseModelId` reads it from a usage ARN (`resolveOnce` looks it up the same way).
      this.throughputs.set(parseModelId(pt.provisionedModelArn).baseModelId, pt);
    }
    for (const m of inventory.customModels) {
      this.customs.set(m.modelArn, m);
      this.customs.set(parseModelId(m.modelArn).baseModelId, m);
    }
  }

  resolve(raw: string): Resolution {
    let resolution = this.cache.get(raw);
    if (!resolution) this.cache.set(raw, (resolution = this.resolveOnce(raw)));
    return resolution;
  }

  /** The catalog ID of the base model behind a foundation-model ARN, profile or bare ID. */
  baseModelId(raw: string): string {
    return baseModelIdOf(raw, this.canonicalId);
  }

  private resolveOnce(raw: string): Resolution {
    const parsed = parseModelId(raw);
    switch (parsed.kind) {
      case 'provisioned-model': {
        const throughput = this.throughputs.get(raw) ?? this.throughputs.get(parsed.baseModelId);
        return throughput ? { kind: 'provisioned', provisionedModelArn: throughput.provisionedModelArn, throughput } : { kind: 'provisioned', provisionedModelArn: raw };
      }
      case 'custom-model':
      case 'custom-model-deployment':
      case 'imported-model': {
        const custom = this.customs.get(raw) ?? this.customs.get(parsed.baseModelId);
        const base = custom?.baseModelArn ? this.baseModelId(custom.baseModelArn) : undefined;
        return { kind: 'custom', modelArn: custom?.modelArn ?? raw, imported: parsed.kind === 'imported-model', ...(custom ? { custom } : {}), ...(base ? { baseModelId: base } : {}) };
      }
      case 'application-inference-profile': {
        const profile = this.profiles.get(raw) ?? this.profiles.get(parsed.baseModelId);
        const first = profile?.modelArns[0];
        if (!profile || !first) return { kind: 'unresolved', reason: { says: 'profile-unresolved' } };
        const target = parseModelId(first);
        // A profile that routes to the model in several Regions is a copy of a cross-Region profile.
        const regions = new Set(profile.modelArns.map((arn) => parseModelId(arn).arnRegion ?? ''));
        const scope: InferenceScope = target.scope !== 'in-region' ? target.scope : regions.size > 1 ? 'geo' : 'in-region';
        return { kind: 'model', baseModelId: this.canonicalId(target.baseModelId), scope };
      }
      default: {
        const model = foundationModelOf(parsed, this.canonicalId)!;
        return { kind: 'model', ...model };
      }
    }
  }
}

import type { Note } from './domain/notes.js';
import type { CustomUsageGroup } from './modes/custom-model.js';
import type { ModelGroup } from './replay/scenarios.js';
import { ModelResolver } from './usage/resolve.js';
import type { ModelUsage, UsageSnapshot } from './usage/usage.js';

/**
 * The engine's first step on its own (src/engine.ts re-exports it): the runaway watch groups usage as
 * the report does, and imports this module rather than the engine, so its Lambda's first invocation
 * does not evaluate the recommenders, plans, forecast and alternatives it never runs.
 */

export interface GroupedUsage {
  groups: ModelGroup[];
  /** Usage recorded against a provisioned model's ARN: that throughput's utilisation. */
  provisionedUsage: Map<string, ModelUsage[]>;
  /** Usage recorded against custom, deployed or imported models: one line each, never dropped. */
  customGroups: CustomUsageGroup[];
  /** The same, by custom model ARN, for the custom-model inventory review. */
  customUsage: Map<string, ModelUsage[]>;
  /** Usage no model could be found for: its own line, unpriced, with its tokens (never shown as 0). */
  unresolved: Array<{ modelId: string; region: string; reason: Note; series: ModelUsage }>;
}

/**
 * Folds the many spellings of a model (bare ID, ARN, `us.` profile, context suffix) into one line
 * per base model, Region and scope, and routes provisioned-model, custom-model and application-profile
 * usage. Every identifier goes through the one `ModelResolver`, once.
 */
export function groupUsage(snapshot: UsageSnapshot, canonicalId: (modelId: string) => string = (id) => id): GroupedUsage {
  const resolver = new ModelResolver(snapshot, canonicalId);
  const groups = new Map<string, ModelGroup>();
  const provisionedUsage = new Map<string, ModelUsage[]>();
  const customGroups = new Map<string, CustomUsageGroup>();
  const customUsage = new Map<string, ModelUsage[]>();
  const unresolved: GroupedUsage['unresolved'] = [];
  const append = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };

  for (const usage of snapshot.models) {
    const resolution = resolver.resolve(usage.modelId);
    switch (resolution.kind) {
      case 'unresolved':
        unresolved.push({ modelId: usage.modelId, region: usage.region, reason: resolution.reason, series: usage });
        break;
      case 'provisioned':
        append(provisionedUsage, resolution.provisionedModelArn, usage);
        if (!resolution.throughput) unresolved.push({ modelId: usage.modelId, region: usage.region, reason: { says: 'pt-not-in-inventory' }, series: usage });
        break;
      case 'custom': {
        append(customUsage, resolution.modelArn, usage);
        const key = `${usage.region}|${resolution.modelArn}`;
        const group = customGroups.get(key);
        if (group) {
          group.series.push(usage);
          if (!group.invokedAs.includes(usage.modelId)) group.invokedAs.push(usage.modelId);
        } else {
          customGroups.set(key, {
            modelArn: resolution.modelArn, region: usage.region, imported: resolution.imported, invokedAs: [usage.modelId], series: [usage],
            ...(resolution.custom ? { custom: resolution.custom } : {}), ...(resolution.baseModelId ? { baseModelId: resolution.baseModelId } : {}),
          });
        }
        break;
      }
      case 'model': {
        // The account is part of the key: usage of one model in two accounts is billed to each, never pooled.
        const key = `${usage.accountId ?? ''}|${usage.region}|${resolution.baseModelId}|${resolution.scope}`;
        const group = groups.get(key);
        if (group) {
          group.series.push(usage);
          if (!group.invokedAs.includes(usage.modelId)) group.invokedAs.push(usage.modelId);
        } else {
          groups.set(key, { modelId: resolution.baseModelId, region: usage.region, scope: resolution.scope, invokedAs: [usage.modelId], series: [usage] });
        }
        break;
      }
    }
  }
  return { groups: [...groups.values()], provisionedUsage, customGroups: [...customGroups.values()], customUsage, unresolved };
}

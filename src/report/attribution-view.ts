import type { Decimal } from 'decimal.js';
import type { PublishedReport } from './published-view.js';

export interface AttributionRow {
  modelId: string;
  region: string;
  invokedAs: string;
  profileName: string;
  kind: string;
  inputTokens: number;
  outputTokens: number;
  monthlyCost: Decimal | null;
}

/**
 * The "cost by profile" rows every format shows: models invoked through at least one inference
 * profile (application or cross-Region), each identifier with its own cost. A model only ever called
 * by its own ID has nothing to attribute and is left out.
 */
export function attributionRows(report: PublishedReport): AttributionRow[] {
  const rows: AttributionRow[] = [];
  for (const m of report.models) {
    const parts = m.attribution ?? [];
    if (!parts.some((a) => a.kind !== 'model')) continue;
    for (const a of parts) {
      rows.push({
        modelId: m.modelId, region: m.region, invokedAs: a.invokedAs, profileName: a.profileName ?? '(model ID)', kind: a.kind,
        inputTokens: a.usage.inputTokens + a.usage.cacheReadInputTokens + a.usage.cacheWriteInputTokens, outputTokens: a.usage.outputTokens,
        monthlyCost: a.monthlyCost,
      });
    }
  }
  return rows;
}
